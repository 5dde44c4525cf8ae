//! Conflicts between sites: the fields two sites changed without seeing
//! each other's change, listed to those who may read them and resolved
//! once for all (issue 14) — through the API and on `/conflicts`; a
//! person's page warns of those that decide a child's safety
//! (`people::person`).

mod api;
pub(crate) mod on_record;
pub(crate) mod pages;
pub(crate) mod values;

use crate::routes::{Route, r};
use crate::session::Policy::{PeopleList, PeopleRecord};
use axum::routing::{get, post};

/// The routes of conflicts, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![
        r("GET", "/conflicts", PeopleList, get(pages::list)),
        r("POST", "/conflicts/{id}", PeopleRecord, post(pages::resolve)),
        r("GET", "/api/v1/conflicts", PeopleList, get(api::list)),
        r("POST", "/api/v1/conflicts/{id}/resolve", PeopleRecord, post(api::resolve)),
    ]
}

/// The API paths of conflicts, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::list, api::resolve))]
pub struct Api;
