//! Households: the list, registering one, its page and members, and
//! the households a person belongs to on the person's page.

mod api;
pub(crate) mod pages;
pub(crate) mod section;
mod templates;

use crate::routes::{Route, r};
use crate::session::Policy::{PeopleList, PeopleRecord};
use axum::routing::{get, post};

/// The routes of households, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![
        r("GET", "/households", PeopleList, get(pages::list)),
        r("POST", "/households/search", PeopleList, post(pages::search)),
        r("GET", "/households/search/{id}", PeopleList, get(pages::found)),
        r("GET", "/households/new", PeopleList, get(pages::new)),
        r("POST", "/households", PeopleList, post(pages::create)),
        r("GET", "/households/{id}", PeopleRecord, get(pages::show)),
        r("POST", "/households/{id}/members", PeopleRecord, post(pages::add_member)),
        r("GET", "/api/v1/households/{id}", PeopleRecord, get(api::show)),
        r("POST", "/api/v1/households", PeopleList, post(api::create)),
    ]
}

/// The API paths of households, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::show, api::create))]
pub struct Api;
