//! Programmes and enrolments, with the person page's programmes section.

mod api;
mod pages;
pub(crate) mod section;

use crate::routes::{Route, r};
use crate::session::Policy::{PeopleRecord, SignedIn};
use axum::routing::{get, post};

/// The routes of programmes, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![
        r("GET", "/api/v1/programmes", SignedIn, get(api::list)),
        r("POST", "/api/v1/people/{id}/enrolments", PeopleRecord, post(api::enrol)),
        r("POST", "/people/{id}/enrolments", PeopleRecord, post(pages::enrol)),
    ]
}

/// The API paths of programmes, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::list, api::enrol))]
pub struct Api;
