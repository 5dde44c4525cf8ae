//! Relief: registration (issue 15) — the fast registration form and
//! `POST /api/v1/relief/registrations`, the duplicate check before saving,
//! a household's relief page, the supervisor's queue of pairs and their
//! decisions, and the KoBo import.

mod api;
mod evidence;
mod form;
mod history;
mod kobo;
mod pages;

use crate::routes::{Route, r};
use crate::session::Policy::{PeopleList, PeopleRecord};
use axum::routing::{get, post};

/// This part's routes.
pub(super) fn routes() -> Vec<Route> {
    vec![
        r("GET", "/relief/registrations/new", PeopleList, get(pages::new)),
        r("POST", "/relief/registrations", PeopleList, post(pages::create)),
        r("GET", "/relief/households/{id}", PeopleRecord, get(pages::household)),
        r("GET", "/relief/programmes/{id}/duplicates", PeopleList, get(pages::queue)),
        r("POST", "/relief/duplicates/{id}/decision", PeopleList, post(pages::decide)),
        r("GET", "/relief/programmes/{id}/kobo", PeopleList, get(kobo::form)),
        r("POST", "/relief/programmes/{id}/kobo", PeopleList, post(kobo::upload)),
        r("POST", "/api/v1/relief/registrations", PeopleList, post(api::create)),
        r("GET", "/api/v1/relief/programmes/{id}/duplicates", PeopleList, get(api::pairs)),
        r("POST", "/api/v1/relief/duplicates/{id}/decisions", PeopleList, post(api::decide)),
    ]
}

/// The API paths of relief registration, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::create, api::pairs, api::decide))]
pub struct Api;
