//! `/api/v1/households`.

use crate::api::json::{Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_storage::{Household, HouseholdInput};

/// A household and its members.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HouseholdRecord {
    #[schema(format = "uuid")]
    id: String,
    record_number: String,
    #[schema(format = "uuid")]
    location_id: String,
    name: String,
    /// Head first.
    members: Vec<MemberRecord>,
}

/// A member.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberRecord {
    #[schema(format = "uuid")]
    person_id: String,
    /// `head`, `spouse`, `child`, `grandchild` or `other`.
    #[schema(value_type = String)]
    relationship: dugu_domain::household::Relationship,
    record_number: String,
    given_name: String,
    family_name: String,
}

impl From<Household> for HouseholdRecord {
    fn from(h: Household) -> HouseholdRecord {
        let members = h
            .members
            .into_iter()
            .map(|m| MemberRecord {
                person_id: m.person_id,
                relationship: m.relationship,
                record_number: m.record_number,
                given_name: m.given_name,
                family_name: m.family_name,
            })
            .collect();
        HouseholdRecord { id: h.id, record_number: h.record_number, location_id: h.location_id, name: h.name, members }
    }
}

/// A new household.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HouseholdWrite {
    #[schema(required = true)]
    name: String,
    #[schema(required = true)]
    location_id: String,
    /// The people already registered who make up the household.
    members: Option<Vec<MemberWrite>>,
}

/// A member of a new household.
#[derive(serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
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
) -> Result<Json<HouseholdRecord>, ApiError> {
    let me = me(current)?;
    Ok(Json(run(move || state.store.view_household(&me.principal, &id)).await?.into()))
}

/// Creates a household with members, all in the caller's scope.
#[utoipa::path(post, path = "/api/v1/households", request_body = HouseholdWrite,
    responses((status = 201, body = HouseholdRecord), (status = 400), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<HouseholdRecord>), ApiError> {
    let me = me(current)?;
    if !me.user.role.writes_people() {
        return Err(ApiError::Forbidden);
    }
    let w = Body::<HouseholdWrite>::read(&body)?.finish()?;
    let (name, location_id) = (w.name, w.location_id);
    let members = w.members.unwrap_or_default().into_iter().map(|m| (m.person_id, m.relationship)).collect();
    let h =
        run(move || state.store.create_household(&me.principal, HouseholdInput { name, location_id, members })).await?;
    Ok((StatusCode::CREATED, Json(h.into())))
}
