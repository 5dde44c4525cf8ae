//! Medical visits and vaccinations. Medical data: nurses and directors
//! record and read them; a social worker sees only the dates of visits.

use crate::api::json::{Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_storage::{Dose, MedicalVisit, VisitInput};
use std::collections::HashMap;

use crate::today;

/// A medical visit.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct VisitWrite {
    /// `YYYY-MM-DD`.
    #[schema(required = true)]
    visited_on: String,
    #[schema(required = true)]
    reason: String,
    diagnosis: Option<String>,
    treatment: Option<String>,
    referral: Option<String>,
}

/// A dose given: `{"dose": "penta1", "given_on": "YYYY-MM-DD"}`.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct VaccinationWrite {
    #[schema(required = true)]
    dose: String,
    #[schema(required = true)]
    given_on: String,
}

/// A person's medical visits, latest first.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MedicalVisits {
    /// The visits.
    items: Vec<MedicalVisitRecord>,
}

/// A medical visit as the caller may see it: a social worker reads only
/// its date; the other keys are then absent.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MedicalVisitRecord {
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    visited_on: time::Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diagnosis: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    treatment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    referral: Option<String>,
}

impl From<MedicalVisit> for MedicalVisitRecord {
    fn from(v: MedicalVisit) -> MedicalVisitRecord {
        MedicalVisitRecord {
            visited_on: v.visited_on,
            reason: v.reason,
            diagnosis: v.diagnosis,
            treatment: v.treatment,
            referral: v.referral,
        }
    }
}

/// A recorded visit.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitRecorded {
    /// The new visit.
    #[schema(format = "uuid")]
    id: String,
}

/// A child's vaccination card: every dose of the schedule, in card order.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VaccinationCard {
    /// The doses (empty without a full birth date).
    items: Vec<CardDose>,
}

/// One dose of the schedule for one child.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CardDose {
    /// The dose's code (`penta1`).
    code: String,
    /// Vaccine and dose, as the schedule names it.
    vaccine: String,
    /// Birth date + the schedule's age.
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    due_on: time::Date,
    /// Null until given.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    given_on: Option<time::Date>,
}

impl From<Dose> for CardDose {
    fn from(d: Dose) -> CardDose {
        CardDose { code: d.code, vaccine: d.vaccine, due_on: d.due_on, given_on: d.given_on }
    }
}

/// A person's medical visits (dates only for a social worker).
#[utoipa::path(get, path = "/api/v1/people/{id}/medical-visits", params(("id" = String, Path)),
    responses((status = 200, body = MedicalVisits), (status = 404)), security(("bearer" = [])))]
pub async fn visits(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<MedicalVisits>, ApiError> {
    let me = me(current)?;
    let items = run(move || {
        state.store.view_person(&me.principal, &id)?;
        state.store.medical_visits_of(&me.principal, &id)
    })
    .await?;
    Ok(Json(MedicalVisits { items: items.into_iter().map(MedicalVisitRecord::from).collect() }))
}

/// Records a medical visit.
#[utoipa::path(post, path = "/api/v1/people/{id}/medical-visits", params(("id" = String, Path)), request_body = VisitWrite,
    responses((status = 201, body = VisitRecorded), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn record(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<VisitRecorded>), ApiError> {
    let me = me(current)?;
    let w = Body::<VisitWrite>::read(&body)?.finish()?;
    let input = VisitInput {
        visited_on: w.visited_on,
        reason: w.reason,
        diagnosis: w.diagnosis.unwrap_or_default(),
        treatment: w.treatment.unwrap_or_default(),
        referral: w.referral.unwrap_or_default(),
    };
    let visit = run(move || state.store.record_medical_visit(&me.principal, &id, input, today())).await?;
    Ok((StatusCode::CREATED, Json(VisitRecorded { id: visit })))
}

/// A child's vaccination card: every dose of the schedule, due and given.
#[utoipa::path(get, path = "/api/v1/people/{id}/vaccinations", params(("id" = String, Path)),
    responses((status = 200, body = VaccinationCard), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn card(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<VaccinationCard>, ApiError> {
    let me = me(current)?;
    let items = run(move || {
        let p = state.store.view_person(&me.principal, &id)?;
        if !me.principal.role().reads(dugu_domain::FieldGroup::Medical) {
            return Err(dugu_storage::StoreError::Forbidden);
        }
        state.store.vaccination_card(&me.principal, &id, p.birth_date, today())
    })
    .await?;
    Ok(Json(VaccinationCard { items: items.into_iter().map(CardDose::from).collect() }))
}

/// Records a dose given.
#[utoipa::path(post, path = "/api/v1/people/{id}/vaccinations", params(("id" = String, Path)), request_body = VaccinationWrite,
    responses((status = 201), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn vaccinate(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<StatusCode, ApiError> {
    let me = me(current)?;
    let w = Body::<VaccinationWrite>::read(&body)?.finish()?;
    let (dose, given) = (w.dose, w.given_on);
    run(move || state.store.vaccinate(&me.principal, &id, &dose, &given, today())).await?;
    Ok(StatusCode::CREATED)
}

/// Children of a location (and below) behind on the vaccination schedule,
/// the most doses behind first: under two, or older while a dose is due
/// and a year after. Filters: `sex`, `age_group` (WHO months, `12-23`),
/// `status` (a dose code); paged with `limit` (default all) and `offset`.
#[utoipa::path(get, path = "/api/v1/locations/{id}/vaccinations/overdue",
    params(("id" = String, Path), ("sex" = Option<String>, Query), ("age_group" = Option<String>, Query),
        ("status" = Option<String>, Query, description = "A dose code of the schedule"),
        ("limit" = Option<usize>, Query), ("offset" = Option<usize>, Query)),
    responses((status = 200, body = OverdueList), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn overdue(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<OverdueList>, ApiError> {
    let me = me(current)?;
    crate::api::no_empty_values(&params, &["sex", "age_group", "status"])?;
    let text = |k: &str| params.get(k).cloned().unwrap_or_default();
    let (offset, limit) = crate::api::paging(&params)?;
    let (st, who, context) = (state.clone(), me.principal.clone(), id.clone());
    let (rows, schedule) = run(move || {
        Ok((state.store.overdue_vaccinations(&me.principal, &id, today())?, state.store.vaccine_schedule()?))
    })
    .await?;
    let items = crate::lists::narrow_overdue(rows, &schedule, &text("sex"), &text("age_group"), &text("status"))
        .map_err(ApiError::Invalid)?;
    let total = items.len();
    let page: Vec<OverdueChild> = items.into_iter().skip(offset).take(limit).map(OverdueChild::from).collect();
    let shown = page.iter().map(|c| c.person_id.clone()).collect();
    run(move || st.store.audit_shown(&who, "overdue_vaccinations", &context, shown)).await?;
    Ok(Json(OverdueList { items: page, total }))
}

/// A page of the children behind on the schedule.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverdueList {
    /// This page: the most doses behind first, then by name.
    items: Vec<OverdueChild>,
    /// All such children in scope (after the filters).
    total: usize,
}

/// A child with doses of the schedule overdue.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverdueChild {
    #[schema(format = "uuid")]
    person_id: String,
    record_number: String,
    name: String,
    /// `F` or `M`.
    #[schema(value_type = String)]
    sex: dugu_domain::Sex,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    birth_date: time::Date,
    /// The codes of the doses due and not given.
    overdue: Vec<String>,
}

impl From<dugu_storage::OverdueChild> for OverdueChild {
    fn from(c: dugu_storage::OverdueChild) -> OverdueChild {
        OverdueChild {
            person_id: c.person_id,
            record_number: c.record_number,
            name: c.name,
            sex: c.sex,
            birth_date: c.birth_date,
            overdue: c.overdue,
        }
    }
}

/// A dose of the vaccination schedule.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleDoseWrite {
    /// `Pentavalent 1` (1–100 characters).
    #[schema(required = true)]
    vaccine: String,
    /// Due at this age, in days (0–3650).
    #[schema(required = true, value_type = i64)]
    due_days: Option<i64>,
    /// Place on the card (1–999).
    #[schema(required = true, value_type = i64)]
    position: Option<i64>,
    /// Still given (default true); a withdrawn dose stays on the cards that record it.
    active: Option<bool>,
}

/// The vaccination schedule, in card order (withdrawn doses included).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// The doses.
    items: Vec<ScheduledDose>,
}

/// A dose of the schedule.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduledDose {
    /// `penta1`.
    code: String,
    /// `Pentavalent 1`.
    vaccine: String,
    /// Due at this age, in days.
    due_days: i64,
    /// Place on the card.
    position: i64,
    /// Still given.
    active: bool,
}

/// The vaccination schedule, in card order (withdrawn doses included).
#[utoipa::path(get, path = "/api/v1/vaccine-schedule",
    responses((status = 200, body = Schedule), (status = 403)), security(("bearer" = [])))]
pub async fn schedule(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
) -> Result<Json<Schedule>, ApiError> {
    let me = me(current)?;
    let role = me.user.role;
    if !role.reads(dugu_domain::FieldGroup::Medical) && !role.sets_vaccine_schedule() {
        return Err(ApiError::Forbidden);
    }
    let doses = run(move || state.store.vaccine_schedule()).await?;
    let items = doses
        .into_iter()
        .map(|d| ScheduledDose {
            code: d.code,
            vaccine: d.vaccine,
            due_days: d.due_days,
            position: d.position,
            active: d.active,
        })
        .collect();
    Ok(Json(Schedule { items }))
}

/// Adds a dose with this code, or changes it (the national director).
#[utoipa::path(put, path = "/api/v1/vaccine-schedule/{code}", params(("code" = String, Path, description = "Lowercase letters and digits, 1–20")),
    request_body = ScheduleDoseWrite,
    responses((status = 204), (status = 400), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn save_dose(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(code): Path<String>,
    body: JsonBody,
) -> Result<StatusCode, ApiError> {
    let me = me(current)?;
    let w = Body::<ScheduleDoseWrite>::read(&body)?.finish()?;
    let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let (vaccine, due_days, position) = (w.vaccine, number(w.due_days), number(w.position));
    let active = w.active.unwrap_or(true);
    let dose =
        dugu_domain::vaccine::parse_dose(&code, &vaccine, &due_days, &position, active).map_err(ApiError::Invalid)?;
    run(move || state.store.save_scheduled_dose(&me.principal, dose)).await?;
    Ok(StatusCode::NO_CONTENT)
}
