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
#[serde(deny_unknown_fields)]
pub struct Locations {
    /// The caller's locations, those below and those above them.
    pub items: Vec<LocationRecord>,
}

/// A location.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationRecord {
    #[schema(format = "uuid")]
    id: String,
    #[schema(format = "uuid")]
    parent_id: Option<String>,
    /// `country`, `region`, `cercle`, `commune` or `site`.
    kind: String,
    code: String,
    name: String,
}

impl From<Location> for LocationRecord {
    fn from(l: Location) -> LocationRecord {
        LocationRecord { id: l.id, parent_id: l.parent_id, kind: l.kind, code: l.code, name: l.name }
    }
}

/// Lists locations.
#[utoipa::path(get, path = "/api/v1/locations", responses((status = 200, body = Locations)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
) -> Result<Json<Locations>, ApiError> {
    let me = me(current)?;
    let items = run(move || state.store.locations(&me.principal)).await?;
    Ok(Json(Locations { items: items.into_iter().map(LocationRecord::from).collect() }))
}
