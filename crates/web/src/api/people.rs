//! `/api/v1/people`: search, register, read, change.

use crate::api::json::{JsonBody, Reader, object};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_domain::FieldGroup;
use dugu_storage::{Person, PersonHit, PersonInput, PersonPatch};
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// The fields a client may send for a person.
const FIELDS: &[&str] = &[
    "given_name",
    "family_name",
    "other_names",
    "sex",
    "birth_date",
    "birth_date_precision",
    "age_years",
    "location_id",
    "national_id",
    "birth_certificate",
    "phone",
    "address",
    "medical_notes",
    "protection_notes",
];

/// Optional fields holding a code or a date: never sent empty (the store
/// would read empty as "not given"; required ones it refuses itself, with
/// every other problem at once).
const CODES: &[&str] = &["birth_date", "birth_date_precision"];

/// A person as JSON: the keys of field groups the caller may not read are
/// absent, not null.
pub fn person_json(p: &Person) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(p.id));
    m.insert("record_number".into(), json!(p.record_number));
    m.insert("given_name".into(), json!(p.given_name));
    m.insert("family_name".into(), json!(p.family_name));
    m.insert("other_names".into(), json!(p.other_names));
    m.insert("sex".into(), json!(p.sex));
    m.insert("birth_date".into(), json!(p.birth_date));
    m.insert("birth_date_precision".into(), json!(p.birth_date_precision));
    m.insert("location_id".into(), json!(p.location_id));
    m.insert("national_id".into(), json!(p.national_id));
    m.insert("birth_certificate".into(), json!(p.birth_certificate));
    if p.groups.contains(&FieldGroup::Contact) {
        m.insert("phone".into(), json!(p.phone));
        m.insert("address".into(), json!(p.address));
    }
    if p.groups.contains(&FieldGroup::Medical) {
        m.insert("medical_notes".into(), json!(p.medical_notes));
    }
    if p.groups.contains(&FieldGroup::Protection) {
        m.insert("protection_notes".into(), json!(p.protection_notes));
    }
    m.insert("created_at".into(), json!(p.created_at));
    m.insert("updated_at".into(), json!(p.updated_at));
    Value::Object(m)
}

/// A page of people.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PeoplePage {
    /// This page.
    #[schema(value_type = Vec<PersonSummary>)]
    pub items: Vec<PersonHit>,
    /// All matches in the caller's scope.
    pub total: u64,
}

/// A person in a list (identity fields).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct PersonSummary {
    id: String,
    record_number: String,
    given_name: String,
    family_name: String,
    /// `F` or `M`.
    sex: String,
    /// `YYYY-MM-DD`.
    birth_date: Option<String>,
    /// `exact`, `year` or `estimated`.
    birth_date_precision: Option<String>,
    location_id: String,
}

/// A person record. Keys of field groups the caller's role may not read
/// (`phone`, `address`: contact; `medical_notes`: medical;
/// `protection_notes`: protection) are absent.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct PersonRecord {
    id: String,
    record_number: String,
    given_name: String,
    family_name: String,
    other_names: Vec<String>,
    sex: String,
    birth_date: Option<String>,
    birth_date_precision: Option<String>,
    location_id: String,
    national_id: Option<String>,
    birth_certificate: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    medical_notes: Option<String>,
    protection_notes: Option<String>,
    created_at: i64,
    updated_at: i64,
}

/// A new person, or changes to one (PATCH: only the fields sent change).
/// `birth_date` is `YYYY-MM-DD` or `YYYY`; without it, `age_years` gives an
/// estimated date. Names: 1–200 characters, kept exactly as typed.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct PersonWrite {
    given_name: String,
    family_name: String,
    other_names: Option<Vec<String>>,
    /// `F` or `M`.
    sex: String,
    birth_date: Option<String>,
    /// `exact`, `year` or `estimated`.
    birth_date_precision: Option<String>,
    age_years: Option<i64>,
    location_id: String,
    national_id: Option<String>,
    birth_certificate: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    medical_notes: Option<String>,
    protection_notes: Option<String>,
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
    Ok(Json(PeoplePage { items: page.items, total: page.total }))
}

/// Registers a person at a location in the caller's scope.
#[utoipa::path(post, path = "/api/v1/people", request_body = PersonWrite,
    responses((status = 201, body = PersonRecord), (status = 400, description = "Malformed JSON"), (status = 403), (status = 422, description = "Field problems")), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let me = me(current)?;
    if !me.user.role.writes_people() {
        return Err(ApiError::Forbidden);
    }
    let map = object(&body)?;
    let mut r = Reader::new(&map, FIELDS);
    let sent: Vec<String> = map.keys().cloned().collect();
    let input = PersonInput {
        given_name: r.text("given_name"),
        family_name: r.text("family_name"),
        other_names: r.names("other_names"),
        sex: r.text("sex"),
        birth_date: r.code("birth_date"),
        birth_date_precision: r.code("birth_date_precision"),
        age_years: r.integer("age_years"),
        location_id: r.text("location_id"),
        national_id: r.text("national_id"),
        birth_certificate: r.text("birth_certificate"),
        phone: r.text("phone"),
        address: r.text("address"),
        medical_notes: r.text("medical_notes"),
        protection_notes: r.text("protection_notes"),
        sent,
    };
    r.finish()?;
    let p = run(move || state.store.create_person(&me.principal, input)).await?;
    Ok((StatusCode::CREATED, Json(person_json(&p))))
}

/// Reads a person in the caller's scope (the view is audited).
#[utoipa::path(get, path = "/api/v1/people/{id}", params(("id" = String, Path)),
    responses((status = 200, body = PersonRecord), (status = 404, description = "Unknown or out of scope")), security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let p = run(move || state.store.view_person(&me.principal, &id)).await?;
    Ok(Json(person_json(&p)))
}

/// Changes a person in the caller's scope: only the fields sent.
#[utoipa::path(patch, path = "/api/v1/people/{id}", params(("id" = String, Path)), request_body = PersonWrite,
    responses((status = 200, body = PersonRecord), (status = 403, description = "A field group the role may not write"), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, FIELDS);
    let mut fields = Vec::new();
    for f in FIELDS.iter().filter(|f| **f != "age_years") {
        if r.has(f) {
            let v = match *f {
                "other_names" => r.names(f),
                f if CODES.contains(&f) => r.code(f),
                f => r.text(f),
            };
            fields.push((f.to_string(), v));
        }
    }
    let age_years = r.integer("age_years");
    r.finish()?;
    let p = run(move || state.store.update_person(&me.principal, &id, PersonPatch { fields, age_years })).await?;
    Ok(Json(person_json(&p)))
}
