//! Children's Villages: family houses, admissions, placements, leaving
//! care, and a village at a glance.

use crate::api::json::{JsonBody, Reader, object};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_storage::{AdmissionInput, Care, House, HouseInput, StoreError};
use serde_json::{Value, json};

use crate::today;

/// A new family house.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct HouseWrite {
    location_id: String,
    name: String,
    /// 1–15 children.
    capacity: i64,
    /// The SOS parent (a person in scope), optional.
    sos_parent_id: Option<String>,
}

/// An admission: the child goes to `house_id`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct AdmissionWrite {
    /// `YYYY-MM-DD`.
    admitted_on: String,
    /// `orphaned_aids`, `orphaned_disaster`, `orphaned_conflict`,
    /// `relinquished_poverty`, `separated_conflict`, `abandoned`, `other`.
    reason: String,
    referred_by: Option<String>,
    house_id: String,
    /// A brother or sister already admitted, with whom the child came.
    sibling_id: Option<String>,
}

/// A move to another house.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct PlacementWrite {
    house_id: String,
    /// `YYYY-MM-DD`.
    from_date: String,
}

/// Leaving care.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct LeavingWrite {
    /// `YYYY-MM-DD`.
    left_on: String,
    /// `reintegration`, `independent_life`, `transfer`, `adoption`,
    /// `death`, `other`.
    leaving_reason: String,
}

/// The family houses of a location and below, with occupancy.
#[utoipa::path(get, path = "/api/v1/locations/{id}/houses", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn houses(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let items = run(move || state.store.houses(&me.principal, &id)).await?;
    Ok(Json(json!({ "items": items })))
}

/// Sets up a family house (the village director).
#[utoipa::path(post, path = "/api/v1/houses", request_body = HouseWrite,
    responses((status = 201, body = Object), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn create_house(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<House>), ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["location_id", "name", "capacity", "sos_parent_id"]);
    let input = HouseInput {
        location_id: r.text("location_id"),
        name: r.text("name"),
        capacity: r.integer("capacity"),
        sos_parent_id: r.code("sos_parent_id"),
    };
    r.finish()?;
    let house = run(move || state.store.create_house(&me.principal, input)).await?;
    Ok((StatusCode::CREATED, Json(house)))
}

/// A village at a glance: houses and occupancy, the children living there,
/// this year's admissions and leavings.
#[utoipa::path(get, path = "/api/v1/locations/{id}/village", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn village(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let v = run(move || state.store.village(&me.principal, &id, today().year())).await?;
    Ok(Json(json!(v)))
}

/// A child's time in care (admission, houses, siblings), as the caller may
/// see it: the reasons are protection data.
#[utoipa::path(get, path = "/api/v1/people/{id}/care", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 404)), security(("bearer" = [])))]
pub async fn care(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let care = run(move || {
        state.store.view_person(&me.principal, &id)?;
        state.store.care_of(&me.principal, &id)
    })
    .await?;
    Ok(Json(json!({ "care": care })))
}

async fn care_after(
    state: AppState,
    me: Current,
    id: String,
    change: impl FnOnce(&AppState, &Current, &str) -> Result<(), StoreError> + Send + 'static,
) -> Result<Option<Care>, ApiError> {
    run(move || {
        change(&state, &me, &id)?;
        state.store.care_of(&me.principal, &id)
    })
    .await
}

/// Admits a child in scope and places it in a house.
#[utoipa::path(post, path = "/api/v1/people/{id}/admission", params(("id" = String, Path)), request_body = AdmissionWrite,
    responses((status = 201, body = Object), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn admit(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["admitted_on", "reason", "referred_by", "house_id", "sibling_id"]);
    let input = AdmissionInput {
        admitted_on: r.text("admitted_on"),
        reason: r.text("reason"),
        referred_by: r.text("referred_by"),
        house_id: r.text("house_id"),
        sibling_id: r.code("sibling_id"),
    };
    r.finish()?;
    let care = care_after(state, me, id, move |s, me, id| s.store.admit(&me.principal, id, input, today()).map(|_| ()))
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "care": care }))))
}

/// Moves a child in care to another house.
#[utoipa::path(post, path = "/api/v1/people/{id}/placements", params(("id" = String, Path)), request_body = PlacementWrite,
    responses((status = 201, body = Object), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn place(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["house_id", "from_date"]);
    let (house, from) = (r.text("house_id"), r.text("from_date"));
    r.finish()?;
    let care =
        care_after(state, me, id, move |s, me, id| s.store.move_child(&me.principal, id, &house, &from, today()))
            .await?;
    Ok((StatusCode::CREATED, Json(json!({ "care": care }))))
}

/// Records that a child left care.
#[utoipa::path(post, path = "/api/v1/people/{id}/leaving", params(("id" = String, Path)), request_body = LeavingWrite,
    responses((status = 200, body = Object), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn leave(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["left_on", "leaving_reason"]);
    let (on, reason) = (r.text("left_on"), r.text("leaving_reason"));
    r.finish()?;
    let care = care_after(state, me, id, move |s, me, id| s.store.leave_care(&me.principal, id, &on, &reason, today()))
        .await?;
    Ok(Json(json!({ "care": care })))
}

/// A follow-up visit after leaving care.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct FollowUpWrite {
    /// `YYYY-MM-DD`, not before the leaving.
    visited_on: String,
    notes: String,
}

/// Records a follow-up visit of a child who left care.
#[utoipa::path(post, path = "/api/v1/people/{id}/follow-ups", params(("id" = String, Path)), request_body = FollowUpWrite,
    responses((status = 201, body = Object), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn follow_up(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["visited_on", "notes"]);
    let (on, notes) = (r.text("visited_on"), r.text("notes"));
    r.finish()?;
    let care =
        care_after(state, me, id, move |s, me, id| s.store.follow_up(&me.principal, id, &on, &notes, today())).await?;
    Ok((StatusCode::CREATED, Json(json!({ "care": care }))))
}
