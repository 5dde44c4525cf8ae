//! `/api/v1/households`.

use crate::api::json::{JsonBody, Reader, object};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_domain::Problem;
use dugu_storage::{Household, HouseholdInput};
use serde_json::Value;

/// A household and its members.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct HouseholdRecord {
    id: String,
    record_number: String,
    location_id: String,
    name: String,
    members: Vec<MemberRecord>,
}

/// A member.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct MemberRecord {
    person_id: String,
    /// `head`, `spouse`, `child`, `grandchild` or `other`.
    relationship: String,
    record_number: String,
    given_name: String,
    family_name: String,
}

/// A new household.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct HouseholdWrite {
    name: String,
    location_id: String,
    /// The people already registered who make up the household.
    members: Option<Vec<MemberWrite>>,
}

/// A member of a new household.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct MemberWrite {
    person_id: String,
    /// `head`, `spouse`, `child`, `grandchild` or `other`.
    relationship: String,
}

/// Reads a household in the caller's scope (audited).
#[utoipa::path(get, path = "/api/v1/households/{id}", params(("id" = String, Path)),
    responses((status = 200, body = HouseholdRecord), (status = 404)), security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Household>, ApiError> {
    let me = me(current)?;
    Ok(Json(run(move || state.store.view_household(&me.principal, &id)).await?))
}

/// Creates a household with members, all in the caller's scope.
#[utoipa::path(post, path = "/api/v1/households", request_body = HouseholdWrite,
    responses((status = 201, body = HouseholdRecord), (status = 400), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Household>), ApiError> {
    let me = me(current)?;
    if !me.user.role.writes_people() {
        return Err(ApiError::Forbidden);
    }
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["name", "location_id", "members"]);
    let name = r.text("name");
    let location_id = r.text("location_id");
    let mut members = Vec::new();
    match r.value("members") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, m) in items.iter().enumerate() {
                let person = m.get("person_id").and_then(Value::as_str);
                let rel = m.get("relationship").and_then(Value::as_str);
                let extra = m.as_object().is_some_and(|o| o.keys().any(|k| k != "person_id" && k != "relationship"));
                match (person, rel, extra) {
                    (Some(p), Some(rel), false) => members.push((p.to_string(), rel.to_string())),
                    _ => r.invalid.add(&format!("members[{i}]"), Problem::Malformed),
                }
            }
        }
        Some(_) => r.invalid.add("members", Problem::Malformed),
    }
    r.finish()?;
    let h =
        run(move || state.store.create_household(&me.principal, HouseholdInput { name, location_id, members })).await?;
    Ok((StatusCode::CREATED, Json(h)))
}
