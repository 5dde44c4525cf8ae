//! `/api/v1/conflicts`: the fields in conflict in the caller's scope, and
//! their resolution.

use crate::api::json::{Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use dugu_storage::{Conflict, ConflictValue};

/// The fields in conflict the caller may read.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Conflicts {
    /// The conflicts.
    items: Vec<ConflictRecord>,
    /// How many.
    total: usize,
}

/// A field two sites changed without seeing each other's change.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictRecord {
    /// The conflict's id (the same at every site).
    id: String,
    /// The record's kind (`person`, `measurement`…).
    entity_type: String,
    /// The record's id.
    entity_id: String,
    /// The field.
    field: String,
    /// Whether the field decides a child's safety (date of birth,
    /// placement…).
    safety_critical: bool,
    /// Each value kept, the one shown meanwhile first.
    values: Vec<ConflictValueRecord>,
}

/// One value of a field in conflict.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictValueRecord {
    /// The value; null where the record was removed.
    #[schema(value_type = Object)]
    value: serde_json::Value,
    /// Whether this value is the record's removal.
    removed: bool,
    /// The display name of who wrote it, if known at this site.
    user: Option<String>,
    /// The site (device id) where it was written.
    site: String,
    /// When, in milliseconds since the epoch (UTC), by its clock.
    at: i64,
}

impl From<ConflictValue> for ConflictValueRecord {
    fn from(v: ConflictValue) -> ConflictValueRecord {
        ConflictValueRecord { value: v.value, removed: v.removed, user: v.user, site: v.site, at: v.at }
    }
}

impl From<Conflict> for ConflictRecord {
    fn from(c: Conflict) -> ConflictRecord {
        ConflictRecord {
            id: c.id,
            entity_type: c.entity_type,
            entity_id: c.entity_id,
            field: c.field,
            safety_critical: c.safety_critical,
            values: c.values.into_iter().map(ConflictValueRecord::from).collect(),
        }
    }
}

/// The value chosen (one of those kept, or a new one).
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Resolution {
    /// The field's value, as the record's API writes it.
    #[schema(required = true, value_type = Object)]
    value: serde_json::Value,
}

/// The fields in conflict in the caller's scope whose values the caller's
/// role may read.
#[utoipa::path(get, path = "/api/v1/conflicts",
    responses((status = 200, body = Conflicts), (status = 403)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
) -> Result<Json<Conflicts>, ApiError> {
    let me = me(current)?;
    let items = run(move || state.store.conflicts(&me.principal)).await?;
    Ok(Json(Conflicts { total: items.len(), items: items.into_iter().map(ConflictRecord::from).collect() }))
}

/// Resolves a conflict: a change whose parents are every value kept, by a
/// role allowed to write the field; it reaches the other sites as any
/// change does.
#[utoipa::path(post, path = "/api/v1/conflicts/{id}/resolve", params(("id" = String, Path)), request_body = Resolution,
    responses((status = 200), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn resolve(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<Json<serde_json::Value>, ApiError> {
    let me = me(current)?;
    let w = Body::<Resolution>::read(&body)?.finish()?;
    run(move || state.store.resolve_conflict(&me.principal, &id, w.value)).await?;
    Ok(Json(serde_json::json!({})))
}
