//! Locations from Mali down to each site, and the programmes run there.

mod api;
mod pages;
mod templates;

use crate::routes::{Route, r};
use crate::session::Policy::SignedIn;
use axum::routing::get;

/// The routes of locations, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![r("GET", "/locations", SignedIn, get(pages::list)), r("GET", "/api/v1/locations", SignedIn, get(api::list))]
}

/// The API paths of locations, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::list))]
pub struct Api;
