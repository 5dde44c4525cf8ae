//! The audit trail: the page, its CSV export and the API.

mod api;
mod pages;
mod templates;

use crate::routes::{Route, r};
use crate::session::Policy::Audit;
use axum::routing::get;

/// The routes of audit, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![
        r("GET", "/audit", Audit, get(pages::list)),
        r("GET", "/audit/export.csv", Audit, get(pages::export)),
        r("GET", "/api/v1/audit", Audit, get(api::list)),
    ]
}

/// The API paths of audit, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::list))]
pub struct Api;
