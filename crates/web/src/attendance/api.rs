//! Day-care and kindergarten groups and their daily register.

use crate::api::json::{Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_domain::Problem;
use dugu_storage::{CareGroup, RegisterLine};

use crate::today;

/// A new group.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct GroupWrite {
    #[schema(required = true)]
    location_id: String,
    #[schema(required = true)]
    name: String,
    /// `daycare` or `kindergarten`.
    #[schema(required = true)]
    kind: String,
}

/// A day's register: the children present (every other member is absent).
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RegisterWrite {
    #[schema(required = true, value_type = Vec<String>)]
    present: Option<Vec<String>>,
}

/// A day-care or kindergarten group.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupRecord {
    #[schema(format = "uuid")]
    id: String,
    #[schema(format = "uuid")]
    location_id: String,
    /// "Petite section".
    name: String,
    /// `daycare` or `kindergarten`.
    #[schema(value_type = String)]
    kind: dugu_domain::care_group::GroupKind,
    /// Children in it.
    members: i64,
}

impl From<CareGroup> for GroupRecord {
    fn from(g: CareGroup) -> GroupRecord {
        GroupRecord { id: g.id, location_id: g.location_id, name: g.name, kind: g.kind, members: g.members }
    }
}

/// The groups of a location and below.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Groups {
    /// The groups.
    items: Vec<GroupRecord>,
}

/// A group's register for a day.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Register {
    group: GroupRecord,
    /// One line per member that day.
    items: Vec<RegisterLineRecord>,
}

/// One child on a day's register.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterLineRecord {
    #[schema(format = "uuid")]
    person_id: String,
    record_number: String,
    name: String,
    /// Null: the register was not taken that day.
    present: Option<bool>,
}

impl From<RegisterLine> for RegisterLineRecord {
    fn from(l: RegisterLine) -> RegisterLineRecord {
        RegisterLineRecord { person_id: l.person_id, record_number: l.record_number, name: l.name, present: l.present }
    }
}

/// A register saved.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterSaved {
    /// Members of the group that day.
    members: usize,
    /// Of them, marked present.
    present: usize,
}

/// The groups of a location and below.
#[utoipa::path(get, path = "/api/v1/locations/{id}/groups", params(("id" = String, Path)),
    responses((status = 200, body = Groups), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn groups(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Groups>, ApiError> {
    let me = me(current)?;
    let items = run(move || state.store.groups(&me.principal, &id)).await?;
    Ok(Json(Groups { items: items.into_iter().map(GroupRecord::from).collect() }))
}

/// Creates a group (the location's director).
#[utoipa::path(post, path = "/api/v1/groups", request_body = GroupWrite,
    responses((status = 201, body = GroupRecord), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<GroupRecord>), ApiError> {
    let me = me(current)?;
    let w = Body::<GroupWrite>::read(&body)?.finish()?;
    let g = run(move || state.store.create_group(&me.principal, &w.location_id, &w.name, &w.kind)).await?;
    Ok((StatusCode::CREATED, Json(g.into())))
}

/// A child joining a group.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MemberAddWrite {
    /// A child in the caller's scope.
    #[schema(format = "uuid", required = true)]
    person_id: String,
    /// The first day the child attends.
    #[schema(format = Date, required = true)]
    from_date: String,
}

/// A child's membership of a group, as recorded.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
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
    let w = Body::<MemberAddWrite>::read(&body)?.finish()?;
    let (p, f) = (w.person_id, w.from_date);
    let membership = Membership { group_id: id.clone(), person_id: p.clone(), from_date: f.trim().to_string() };
    run(move || state.store.add_to_group(&me.principal, &id, &p, &f)).await?;
    Ok((StatusCode::CREATED, Json(membership)))
}

/// A group's register for a day (`present` null: not taken that day).
#[utoipa::path(get, path = "/api/v1/groups/{id}/attendance/{day}", params(("id" = String, Path), ("day" = String, Path)),
    responses((status = 200, body = Register), (status = 404)), security(("bearer" = [])))]
pub async fn register(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path((id, day)): Path<(String, String)>,
) -> Result<Json<Register>, ApiError> {
    let me = me(current)?;
    let day = crate::api::path_day(&day)?;
    let (group, lines) = run(move || state.store.register(&me.principal, &id, day)).await?;
    Ok(Json(Register { group: group.into(), items: lines.into_iter().map(RegisterLineRecord::from).collect() }))
}

/// Saves a day's register in one request.
#[utoipa::path(put, path = "/api/v1/groups/{id}/attendance/{day}", params(("id" = String, Path), ("day" = String, Path)),
    request_body = RegisterWrite,
    responses((status = 200, body = RegisterSaved), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn save(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path((id, day)): Path<(String, String)>,
    body: JsonBody,
) -> Result<Json<RegisterSaved>, ApiError> {
    let me = me(current)?;
    crate::api::path_day(&day)?;
    let mut body = Body::<RegisterWrite>::read(&body)?;
    if body.value.present.is_none() && !body.invalid.0.iter().any(|e| e.field == "present") {
        body.invalid.add("present", Problem::Required);
    }
    let present = body.finish()?.present.unwrap_or_default();
    let marked = present.len();
    let members = run(move || state.store.save_register(&me.principal, &id, &day, present, today())).await?;
    Ok(Json(RegisterSaved { members, present: marked }))
}
