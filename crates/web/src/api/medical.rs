//! Medical visits and vaccinations. Medical data: nurses and directors
//! record and read them; a social worker sees only the dates of visits.

use crate::api::json::{Reader, object};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_storage::VisitInput;
use serde_json::{Value, json};

use crate::today;

/// A medical visit.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct VisitWrite {
    /// `YYYY-MM-DD`.
    visited_on: String,
    reason: String,
    diagnosis: Option<String>,
    treatment: Option<String>,
    referral: Option<String>,
}

/// A dose given: `{"dose": "penta1", "given_on": "YYYY-MM-DD"}`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct VaccinationWrite {
    dose: String,
    given_on: String,
}

/// A person's medical visits (dates only for a social worker).
#[utoipa::path(get, path = "/api/v1/people/{id}/medical-visits", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 404)), security(("bearer" = [])))]
pub async fn visits(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let items = run(move || {
        state.store.view_person(&me.principal, &id)?;
        state.store.medical_visits_of(&me.principal, &id)
    })
    .await?;
    Ok(Json(json!({ "items": items })))
}

/// Records a medical visit.
#[utoipa::path(post, path = "/api/v1/people/{id}/medical-visits", params(("id" = String, Path)), request_body = VisitWrite,
    responses((status = 201, body = Object), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn record(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["visited_on", "reason", "diagnosis", "treatment", "referral"]);
    let input = VisitInput {
        visited_on: r.text("visited_on"),
        reason: r.text("reason"),
        diagnosis: r.text("diagnosis"),
        treatment: r.text("treatment"),
        referral: r.text("referral"),
    };
    r.finish()?;
    let visit = run(move || state.store.record_medical_visit(&me.principal, &id, input, today())).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": visit }))))
}

/// A child's vaccination card: every dose of the schedule, due and given.
#[utoipa::path(get, path = "/api/v1/people/{id}/vaccinations", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn card(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let items = run(move || {
        let p = state.store.view_person(&me.principal, &id)?;
        if !me.principal.role.reads(dugu_domain::FieldGroup::Medical) {
            return Err(dugu_storage::StoreError::Forbidden);
        }
        state.store.vaccination_card(&me.principal, &id, p.birth_date.as_deref())
    })
    .await?;
    Ok(Json(json!({ "items": items })))
}

/// Records a dose given.
#[utoipa::path(post, path = "/api/v1/people/{id}/vaccinations", params(("id" = String, Path)), request_body = VaccinationWrite,
    responses((status = 201), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn vaccinate(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["dose", "given_on"]);
    let (dose, given) = (r.text("dose"), r.text("given_on"));
    r.finish()?;
    run(move || state.store.vaccinate(&me.principal, &id, &dose, &given, today())).await?;
    Ok(StatusCode::CREATED)
}

/// Children under two of a location (and below) with doses overdue.
#[utoipa::path(get, path = "/api/v1/locations/{id}/vaccinations/overdue", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn overdue(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let items = run(move || state.store.overdue_vaccinations(&me.principal, &id, today())).await?;
    Ok(Json(json!({ "items": items })))
}
