//! People: the registry's records — the list and search, registering
//! and editing a person, and the person's page, whose sections each
//! capability contributes (`person::SECTIONS`).

mod api;
mod pages;
pub(crate) mod person;
pub(crate) mod pick;
pub(crate) mod searches;
mod sections;
mod templates;

use crate::routes::{Route, r};
use crate::session::Policy::{PeopleList, PeopleRecord};
use axum::routing::{get, patch, post};

/// The routes of people, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![
        r("GET", "/people", PeopleList, get(pages::list)),
        r("POST", "/people/search", PeopleList, post(pages::search)),
        r("POST", "/people/pick", PeopleList, post(pick::suggest)),
        // Where a search's results are: an id kept in memory, no name.
        r("GET", "/people/search/{id}", PeopleList, get(pages::found)),
        r("GET", "/people/new", PeopleList, get(pages::new)),
        r("POST", "/people", PeopleList, post(pages::create)),
        r("GET", "/people/{id}", PeopleRecord, get(person::show)),
        r("GET", "/people/{id}/edit", PeopleRecord, get(pages::edit)),
        r("POST", "/people/{id}", PeopleRecord, post(pages::update)),
        r("GET", "/api/v1/people", PeopleList, get(api::list)),
        r("POST", "/api/v1/people", PeopleList, post(api::create)),
        r("GET", "/api/v1/people/{id}", PeopleRecord, get(api::show)),
        r("PATCH", "/api/v1/people/{id}", PeopleRecord, patch(api::update)),
    ]
}

/// The API paths of people, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::list, api::create, api::show, api::update))]
pub struct Api;
