//! Schooling: a child's school years, as a section of its page.

mod api;
mod pages;
pub(crate) mod section;

use crate::routes::{Route, r};
use crate::session::Policy::PeopleRecord;
use axum::routing::{get, post};

/// The routes of school, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![
        r("GET", "/api/v1/people/{id}/school-years", PeopleRecord, get(api::list)),
        r("POST", "/api/v1/people/{id}/school-years", PeopleRecord, post(api::save)),
        r("POST", "/people/{id}/school-years", PeopleRecord, post(pages::school_year)),
    ]
}

/// The API paths of school, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::list, api::save))]
pub struct Api;
