//! Growth monitoring: `/api/v1/people/{id}/measurements` and
//! `/api/v1/locations/{id}/nutrition` (both routes are a contract).

use crate::api::json::{self, Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::growth::{MeasurementRead, assess};
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_domain::measurement::MeasurementInput;
use std::collections::HashMap;

/// A measurement to record. All but `date` optional.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MeasurementWrite {
    /// `YYYY-MM-DD`, not in the future nor before birth.
    #[schema(required = true)]
    date: String,
    weight_kg: Option<f64>,
    length_height_cm: Option<f64>,
    /// `lying` or `standing`.
    measured: Option<String>,
    oedema: Option<bool>,
    muac_mm: Option<f64>,
    head_cm: Option<f64>,
    /// `true` saves values the WHO flags as implausible for the child
    /// (each such field is otherwise refused as `implausible`, 422, and
    /// nothing is saved): send it again with this once they are checked.
    confirm_implausible: Option<bool>,
}

/// A child's measurements, oldest first.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Measurements {
    /// Each measurement, assessed.
    items: Vec<MeasurementRead>,
}

/// Records a measurement of a child in scope (nurses and directors).
#[utoipa::path(post, path = "/api/v1/people/{id}/measurements", params(("id" = String, Path)), request_body = MeasurementWrite,
    responses((status = 201, body = MeasurementRead), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn record(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<MeasurementRead>), ApiError> {
    let me = me(current)?;
    let mut body = Body::<MeasurementWrite>::read(&body)?;
    json::code(&mut body.invalid, "measured", body.value.measured.as_deref());
    if body.value.date.is_empty() {
        body.invalid.add("date", dugu_domain::Problem::Required);
    }
    let w = body.finish()?;
    let input = MeasurementInput {
        date: w.date,
        weight_kg: w.weight_kg,
        length_height_cm: w.length_height_cm,
        measured: w.measured.unwrap_or_default(),
        oedema: w.oedema.unwrap_or_default(),
        muac_mm: w.muac_mm,
        head_cm: w.head_cm,
    };
    let today = crate::today();
    let confirmed = w.confirm_implausible.unwrap_or_default();
    let rec = run(move || {
        if !confirmed {
            let child = state.store.view_person(&me.principal, &id)?;
            let flags = super::plausible::flags(child.sex, child.birth_date, &input);
            if !flags.is_empty() {
                return Err(dugu_storage::StoreError::Invalid(super::plausible::refusal(&flags)));
            }
        }
        state.store.record_measurement(&me.principal, &id, input, today)
    })
    .await?;
    let a = assess(rec.sex, rec.birth_date, &rec.measurement);
    Ok((StatusCode::CREATED, Json(a.read(&rec.measurement))))
}

/// A child's measurements, oldest first, each assessed.
#[utoipa::path(get, path = "/api/v1/people/{id}/measurements", params(("id" = String, Path)),
    responses((status = 200, body = Measurements), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Measurements>, ApiError> {
    let me = me(current)?;
    let items = run(move || {
        let person = state.store.view_person(&me.principal, &id)?;
        if !me.principal.role().reads(dugu_domain::FieldGroup::Medical) {
            return Err(dugu_storage::StoreError::Forbidden);
        }
        let ms = state.store.measurements_of(&me.principal, &id)?;
        Ok(ms.iter().map(|m| assess(person.sex, person.birth_date, m).read(m)).collect::<Vec<_>>())
    })
    .await?;
    Ok(Json(Measurements { items }))
}

/// A page of a location's children with acute malnutrition.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NutritionList {
    /// This page: SAM before MAM, then the thinnest.
    items: Vec<AcuteChild>,
    /// All such children in scope.
    total: usize,
}

/// A child with SAM or MAM at the latest measurement.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcuteChild {
    #[schema(format = "uuid")]
    person_id: String,
    record_number: String,
    name: String,
    #[schema(format = "uuid")]
    location_id: String,
    /// `sam` or `mam`; `reassess` when the measurement that should judge
    /// it is flagged as implausible (measure again).
    acute_malnutrition: &'static str,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    last_measured: time::Date,
    /// The day of the measurement the status comes from: earlier than
    /// `last_measured` when the latest measurement could not judge it
    /// (weight only, or flagged), so not re-assessed since.
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    assessed_on: time::Date,
    /// Weight-for-length/height z-score, if computable.
    zwfl: Option<f64>,
    muac_mm: Option<f64>,
    oedema: bool,
}

/// Children of a location (and below) with SAM or MAM at their latest
/// measurement, within the caller's scope.
#[utoipa::path(get, path = "/api/v1/locations/{id}/nutrition",
    params(("id" = String, Path), ("sex" = Option<String>, Query, description = "`F` or `M`"),
        ("age_group" = Option<String>, Query, description = "WHO age group in months: `0-5`, `6-11`, `12-23`, `24-35`, `36-47`, `48-59`"),
        ("limit" = Option<usize>, Query, description = "Default: all"), ("offset" = Option<usize>, Query)),
    responses((status = 200, body = NutritionList), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn nutrition(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<NutritionList>, ApiError> {
    let me = me(current)?;
    crate::api::no_empty_values(&params, &["sex", "age_group"])?;
    let text = |k: &str| params.get(k).cloned().unwrap_or_default();
    let mut inv = dugu_domain::Invalid::new();
    let filter = crate::lists::ChildFilter::parse(&text("sex"), &text("age_group"), &mut inv);
    inv.into_result().map_err(ApiError::Invalid)?;
    let (offset, limit) = crate::api::paging(&params)?;
    let who = me.principal.clone();
    let store = state.store.clone();
    let latest = run(move || store.latest_measurements(&who, &id)).await?;
    let today = crate::today();
    // 2 SAM, 1 MAM, 0 status to re-assess.
    let mut acute: Vec<(usize, u8, Option<f64>, Option<time::Date>)> = crate::growth::watch(&latest, today)
        .into_iter()
        .filter_map(|(i, w)| match w {
            crate::growth::Watch::Acute { severe, zwfl, since } => Some((i, 1 + u8::from(severe), zwfl, since)),
            crate::growth::Watch::Reassess => Some((i, 0, None, None)),
            _ => None,
        })
        .filter(|(i, ..)| filter.keeps(latest[*i].sex, latest[*i].birth_date, today))
        .collect();
    // SAM before MAM, then the thinnest, as on the page.
    acute.sort_by(|x, y| y.1.cmp(&x.1).then(x.2.unwrap_or(0.0).total_cmp(&y.2.unwrap_or(0.0))));
    let total = acute.len();
    let acute: Vec<_> = acute.into_iter().skip(offset).take(limit).collect();
    let ids: Vec<String> = acute.iter().map(|(i, ..)| latest[*i].person_id.clone()).collect();
    let names = run(move || state.store.names_of(&me.principal, &ids)).await?;
    let items = acute
        .iter()
        .map(|(i, rank, zwfl, since)| {
            let l = &latest[*i];
            let (record_number, name) = names.get(&l.person_id).cloned().unwrap_or_default();
            AcuteChild {
                person_id: l.person_id.clone(),
                record_number,
                name,
                location_id: l.location_id.clone(),
                acute_malnutrition: match rank {
                    2 => "sam",
                    1 => "mam",
                    _ => "reassess",
                },
                last_measured: l.measurement.date,
                assessed_on: since.unwrap_or(l.measurement.date),
                zwfl: *zwfl,
                muac_mm: l.measurement.muac_mm,
                oedema: l.measurement.oedema,
            }
        })
        .collect();
    Ok(Json(NutritionList { items, total }))
}

/// Stunting, underweight and wasting among the children of a location (and
/// below) within scope, by WHO age group and sex, with 95 % intervals —
/// each child's latest measurement of the last 12 months.
#[utoipa::path(get, path = "/api/v1/locations/{id}/prevalence", params(("id" = String, Path)),
    responses((status = 200, body = Prevalence), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn prevalence(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Prevalence>, ApiError> {
    let me = me(current)?;
    let latest = run(move || state.store.latest_measurements(&me.principal, &id)).await?;
    let p = crate::growth::prevalence(&latest, crate::today());
    Ok(Json(Prevalence { items: crate::growth::prevalence_figures(&p) }))
}

/// Every figure of a location's prevalence: indicator × age group (then
/// all) × sex (both, F, M) × threshold. Counts only: no child is named.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Prevalence {
    items: Vec<crate::growth::PrevalenceFigure>,
}
