//! `/api/v1/locations`.

use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::State;
use axum::{Extension, Json};
use dugu_storage::Location;

/// Locations.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Locations {
    /// The caller's locations, those below and those above them.
    #[schema(value_type = Vec<LocationRecord>)]
    pub items: Vec<Location>,
}

/// A location.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct LocationRecord {
    id: String,
    parent_id: Option<String>,
    /// `country`, `region`, `cercle`, `commune` or `site`.
    kind: String,
    code: String,
    name: String,
}

/// Lists locations.
#[utoipa::path(get, path = "/api/v1/locations", responses((status = 200, body = Locations)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
) -> Result<Json<Locations>, ApiError> {
    let me = me(current)?;
    Ok(Json(Locations { items: run(move || state.store.locations(&me.principal)).await? }))
}
