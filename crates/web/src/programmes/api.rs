//! `/api/v1/programmes` and enrolments.

use crate::api::json::{Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_storage::{Enrolment, Programme};

/// Programmes at locations in the caller's scope.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Programmes {
    /// The programmes.
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<Programme>,
}

/// An enrolment request.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EnrolmentWrite {
    #[schema(required = true)]
    programme_id: String,
    /// `YYYY-MM-DD`.
    #[schema(required = true)]
    start_date: String,
}

/// Lists programmes.
#[utoipa::path(get, path = "/api/v1/programmes", responses((status = 200, body = Programmes)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
) -> Result<Json<Programmes>, ApiError> {
    let me = me(current)?;
    Ok(Json(Programmes { items: run(move || state.store.programmes(&me.principal)).await? }))
}

/// Enrols a person in scope in a programme in scope.
#[utoipa::path(post, path = "/api/v1/people/{id}/enrolments", params(("id" = String, Path)), request_body = EnrolmentWrite,
    responses((status = 201, body = Object), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn enrol(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Enrolment>), ApiError> {
    let me = me(current)?;
    let w = Body::<EnrolmentWrite>::read(&body)?.finish()?;
    let (programme_id, start_date) = (w.programme_id, w.start_date);
    let e = run(move || state.store.enrol(&me.principal, &programme_id, &id, &start_date)).await?;
    Ok((StatusCode::CREATED, Json(e)))
}
