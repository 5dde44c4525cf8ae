//! `/api/v1/people`: search, register, read, change.

use crate::api::json::{self, Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_domain::birth::DatePrecision;
use dugu_domain::{FieldGroup, Sex};
use dugu_storage::{Person, PersonHit, PersonInput, PersonPatch};
use serde_json::Value;
use std::collections::HashMap;

/// A person as JSON: the keys of field groups the caller's role may not
/// read (`phone`, `address`: contact; `medical_notes`: medical;
/// `protection_notes`: protection) are absent, not null.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    #[schema(format = "uuid")]
    id: String,
    /// `KIT-000042`.
    record_number: String,
    given_name: String,
    family_name: String,
    /// Other spellings, item by item as sent.
    other_names: Vec<String>,
    /// `F` or `M`.
    #[schema(value_type = String)]
    sex: Sex,
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    #[schema(value_type = Option<String>)]
    birth_date: Option<time::Date>,
    /// `exact`, `year` or `estimated`.
    #[schema(value_type = Option<String>)]
    birth_date_precision: Option<DatePrecision>,
    #[schema(format = "uuid")]
    location_id: String,
    national_id: Option<String>,
    birth_certificate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    phone: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    address: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    medical_notes: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    protection_notes: Option<Option<String>>,
    /// Milliseconds since the epoch (UTC).
    created_at: i64,
    /// Milliseconds since the epoch (UTC).
    updated_at: i64,
}

impl From<Person> for PersonRecord {
    fn from(p: Person) -> PersonRecord {
        let reads = |g: FieldGroup| p.groups.contains(&g);
        let (contact, medical, protection) =
            (reads(FieldGroup::Contact), reads(FieldGroup::Medical), reads(FieldGroup::Protection));
        PersonRecord {
            phone: contact.then_some(p.phone),
            address: contact.then_some(p.address),
            medical_notes: medical.then_some(p.medical_notes),
            protection_notes: protection.then_some(p.protection_notes),
            id: p.id,
            record_number: p.record_number,
            given_name: p.given_name,
            family_name: p.family_name,
            other_names: p.other_names,
            sex: p.sex,
            birth_date: p.birth_date,
            birth_date_precision: p.birth_date_precision,
            location_id: p.location_id,
            national_id: p.national_id,
            birth_certificate: p.birth_certificate,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A page of people.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeoplePage {
    /// This page.
    pub items: Vec<PersonSummary>,
    /// All matches in the caller's scope.
    pub total: u64,
}

/// A person in a list (identity fields).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonSummary {
    #[schema(format = "uuid")]
    id: String,
    record_number: String,
    given_name: String,
    family_name: String,
    /// `F` or `M`.
    #[schema(value_type = String)]
    sex: Sex,
    /// `YYYY-MM-DD`.
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    #[schema(value_type = Option<String>)]
    birth_date: Option<time::Date>,
    /// `exact`, `year` or `estimated`.
    #[schema(value_type = Option<String>)]
    birth_date_precision: Option<DatePrecision>,
    #[schema(format = "uuid")]
    location_id: String,
}

impl From<PersonHit> for PersonSummary {
    fn from(h: PersonHit) -> PersonSummary {
        PersonSummary {
            id: h.id,
            record_number: h.record_number,
            given_name: h.given_name,
            family_name: h.family_name,
            sex: h.sex,
            birth_date: h.birth_date,
            birth_date_precision: h.birth_date_precision,
            location_id: h.location_id,
        }
    }
}

/// A new person, or changes to one (PATCH: only the fields sent change).
/// `birth_date` is `YYYY-MM-DD` or `YYYY`; without it, `age_years` gives an
/// estimated date. Names: 1–200 characters, kept exactly as typed.
#[derive(Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PersonWrite {
    #[schema(required = true)]
    given_name: String,
    #[schema(required = true)]
    family_name: String,
    other_names: Option<Vec<String>>,
    /// `F` or `M`.
    #[schema(required = true)]
    sex: String,
    birth_date: Option<String>,
    /// `exact`, `year` or `estimated`.
    birth_date_precision: Option<String>,
    age_years: Option<i64>,
    #[schema(required = true)]
    location_id: String,
    national_id: Option<String>,
    birth_certificate: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    medical_notes: Option<String>,
    protection_notes: Option<String>,
}

impl PersonWrite {
    /// Codes and dates are never sent empty (the store would read empty as
    /// "not given"; required ones it refuses itself, with every other
    /// problem at once); names are checked item by item.
    fn check(&self, invalid: &mut dugu_domain::Invalid) -> String {
        json::code(invalid, "birth_date", self.birth_date.as_deref());
        json::code(invalid, "birth_date_precision", self.birth_date_precision.as_deref());
        json::names(invalid, "other_names", self.other_names.as_deref())
    }

    /// The fields sent, as the store's patch takes them: text as sent,
    /// null as empty, other names one per line. The names are the
    /// struct's own, read back through serde.
    fn changes(&self, sent: &[String], other_names: &str) -> Vec<(String, String)> {
        let Ok(Value::Object(fields)) = serde_json::to_value(self) else { return Vec::new() };
        fields
            .into_iter()
            .filter(|(f, _)| f != "age_years" && sent.contains(f))
            .map(|(f, v)| {
                let text = match v {
                    Value::String(s) => s,
                    Value::Array(_) => other_names.to_string(),
                    _ => String::new(),
                };
                (f, text)
            })
            .collect()
    }
}

/// Searches people in the caller's scope. `q` is matched without case or
/// accents against every word of every name, prefixes included; it is the
/// one personal value allowed in a URL, and it is never logged. Without
/// `q`, people come in name order; with it, exact words first. Filters
/// narrow either.
#[utoipa::path(get, path = "/api/v1/people",
    params(("q" = Option<String>, Query, description = "Name words"),
        ("location_id" = Option<String>, Query, description = "This location and those below it (422 if out of scope)"),
        ("age_group" = Option<String>, Query, description = "`0-4`, `5-11`, `12-17` or `18-plus` (years, today)"),
        ("sex" = Option<String>, Query, description = "`F` or `M`"),
        ("status" = Option<String>, Query, description = "`in_care`, `left_care`, or `family_support` (roles reading protection data only)"),
        ("limit" = Option<u32>, Query, description = "1–200, default 20"), ("offset" = Option<u32>, Query)),
    responses((status = 200, body = PeoplePage), (status = 403, description = "Role without access to people"), (status = 422, description = "A filter's value is unknown")), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<PeoplePage>, ApiError> {
    let me = me(current)?;
    crate::api::no_empty_values(&params, &["location_id", "age_group", "sex", "status"])?;
    let limit = crate::api::query_number(&params, "limit", 20, 1, 200)?;
    let offset = crate::api::query_number(&params, "offset", 0, 0, crate::api::MAX_QUERY_NUMBER)?;
    let q = params.get("q").cloned().unwrap_or_default();
    let text = |k: &str| params.get(k).cloned().unwrap_or_default();
    let filter = crate::lists::PeopleFilterForm {
        location_id: text("location_id"),
        age_group: text("age_group"),
        sex: text("sex"),
        status: text("status"),
    }
    .parse()
    .map_err(ApiError::Invalid)?;
    let today = crate::today();
    let page = run(move || state.store.search_people(&me.principal, &q, &filter, today, limit, offset)).await?;
    Ok(Json(PeoplePage { items: page.items.into_iter().map(PersonSummary::from).collect(), total: page.total }))
}

/// Registers a person at a location in the caller's scope.
#[utoipa::path(post, path = "/api/v1/people", request_body = PersonWrite,
    responses((status = 201, body = PersonRecord), (status = 400, description = "Malformed JSON"), (status = 403), (status = 422, description = "Field problems")), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<PersonRecord>), ApiError> {
    let me = me(current)?;
    if !me.user.role.writes_people() {
        return Err(ApiError::Forbidden);
    }
    let mut body = Body::<PersonWrite>::read(&body)?;
    let other_names = body.value.check(&mut body.invalid);
    let sent = std::mem::take(&mut body.sent);
    let w = body.finish()?;
    let input = PersonInput {
        given_name: w.given_name,
        family_name: w.family_name,
        other_names,
        sex: w.sex,
        birth_date: w.birth_date.unwrap_or_default(),
        birth_date_precision: w.birth_date_precision.unwrap_or_default(),
        age_years: w.age_years,
        location_id: w.location_id,
        national_id: w.national_id.unwrap_or_default(),
        birth_certificate: w.birth_certificate.unwrap_or_default(),
        phone: w.phone.unwrap_or_default(),
        address: w.address.unwrap_or_default(),
        medical_notes: w.medical_notes.unwrap_or_default(),
        protection_notes: w.protection_notes.unwrap_or_default(),
        sent,
    };
    let p = run(move || state.store.create_person(&me.principal, input)).await?;
    Ok((StatusCode::CREATED, Json(p.into())))
}

/// Reads a person in the caller's scope (the view is audited).
#[utoipa::path(get, path = "/api/v1/people/{id}", params(("id" = String, Path)),
    responses((status = 200, body = PersonRecord), (status = 404, description = "Unknown or out of scope")), security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<PersonRecord>, ApiError> {
    let me = me(current)?;
    let p = run(move || state.store.view_person(&me.principal, &id)).await?;
    Ok(Json(p.into()))
}

/// Changes a person in the caller's scope: only the fields sent.
#[utoipa::path(patch, path = "/api/v1/people/{id}", params(("id" = String, Path)), request_body = PersonWrite,
    responses((status = 200, body = PersonRecord), (status = 403, description = "A field group the role may not write"), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<Json<PersonRecord>, ApiError> {
    let me = me(current)?;
    let mut body = Body::<PersonWrite>::read(&body)?;
    let other_names = body.value.check(&mut body.invalid);
    let fields = body.value.changes(&body.sent, &other_names);
    let age_years = body.finish()?.age_years;
    let p = run(move || state.store.update_person(&me.principal, &id, PersonPatch { fields, age_years })).await?;
    Ok(Json(p.into()))
}
