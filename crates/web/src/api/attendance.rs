//! Day-care and kindergarten groups and their daily register.

use crate::api::json::{JsonBody, Reader, object};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_domain::Problem;
use dugu_storage::CareGroup;
use serde_json::{Value, json};

use crate::today;

/// A new group.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct GroupWrite {
    location_id: String,
    name: String,
    /// `daycare` or `kindergarten`.
    kind: String,
}

/// A day's register: the children present (every other member is absent).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct RegisterWrite {
    present: Vec<String>,
}

/// The groups of a location and below.
#[utoipa::path(get, path = "/api/v1/locations/{id}/groups", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn groups(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let items = run(move || state.store.groups(&me.principal, &id)).await?;
    Ok(Json(json!({ "items": items })))
}

/// Creates a group (the location's director).
#[utoipa::path(post, path = "/api/v1/groups", request_body = GroupWrite,
    responses((status = 201, body = Object), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<CareGroup>), ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["location_id", "name", "kind"]);
    let (l, n, k) = (r.text("location_id"), r.text("name"), r.text("kind"));
    r.finish()?;
    let g = run(move || state.store.create_group(&me.principal, &l, &n, &k)).await?;
    Ok((StatusCode::CREATED, Json(g)))
}

/// A child joining a group.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct MemberAddWrite {
    /// A child in the caller's scope.
    #[schema(format = "uuid")]
    person_id: String,
    /// The first day the child attends.
    #[schema(format = Date)]
    from_date: String,
}

/// A child's membership of a group, as recorded.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Membership {
    /// The group.
    #[schema(format = "uuid")]
    pub group_id: String,
    /// The child.
    #[schema(format = "uuid")]
    pub person_id: String,
    /// The first day the child attends.
    #[schema(format = Date)]
    pub from_date: String,
}

/// Adds a child to a group.
#[utoipa::path(post, path = "/api/v1/groups/{id}/members", params(("id" = String, Path)), request_body = MemberAddWrite,
    responses((status = 201, body = Membership, description = "The child is a member from that day"), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn add_member(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Membership>), ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["person_id", "from_date"]);
    let (p, f) = (r.text("person_id"), r.text("from_date"));
    r.finish()?;
    let membership = Membership { group_id: id.clone(), person_id: p.clone(), from_date: f.trim().to_string() };
    run(move || state.store.add_to_group(&me.principal, &id, &p, &f)).await?;
    Ok((StatusCode::CREATED, Json(membership)))
}

/// A group's register for a day (`present` null: not taken that day).
#[utoipa::path(get, path = "/api/v1/groups/{id}/attendance/{day}", params(("id" = String, Path), ("day" = String, Path)),
    responses((status = 200, body = Object), (status = 404)), security(("bearer" = [])))]
pub async fn register(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path((id, day)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    crate::api::path_day(&day)?;
    let (group, lines) = run(move || state.store.register(&me.principal, &id, &day)).await?;
    Ok(Json(json!({ "group": group, "items": lines })))
}

/// Saves a day's register in one request.
#[utoipa::path(put, path = "/api/v1/groups/{id}/attendance/{day}", params(("id" = String, Path), ("day" = String, Path)),
    request_body = RegisterWrite,
    responses((status = 200, body = Object), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn save(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path((id, day)): Path<(String, String)>,
    body: JsonBody,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    crate::api::path_day(&day)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["present"]);
    let present: Vec<String> = match r.value("present") {
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).map(str::to_string).collect()
        }
        None | Some(Value::Null) => {
            r.invalid.add("present", Problem::Required);
            Vec::new()
        }
        Some(_) => {
            r.invalid.add("present", Problem::Malformed);
            Vec::new()
        }
    };
    r.finish()?;
    let marked = present.len();
    let members = run(move || state.store.save_register(&me.principal, &id, &day, present, today())).await?;
    Ok(Json(json!({ "members": members, "present": marked })))
}
