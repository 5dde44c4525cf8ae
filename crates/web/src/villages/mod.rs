//! Children's Villages: the village at a glance, family houses, and a
//! child's care (admit, move, transfer to another village, leave, follow
//! up) as a section of its page.

mod api;
mod care_answer;
mod leaving;
pub(crate) mod pages;
pub(crate) mod section;
mod templates;

use crate::routes::{Route, r};
use crate::session::Policy::{PeopleList, PeopleRecord};
use axum::routing::{get, post};

/// The routes of villages, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![
        r("GET", "/locations/{id}/village", PeopleList, get(pages::show)),
        r("POST", "/houses", PeopleList, post(pages::create_house)),
        r("POST", "/people/{id}/admission", PeopleRecord, post(pages::admit)),
        r("POST", "/people/{id}/placements", PeopleRecord, post(pages::place)),
        r("POST", "/people/{id}/transfer", PeopleRecord, post(pages::transfer)),
        r("GET", "/people/{id}/leaving", PeopleRecord, get(leaving::show)),
        r("POST", "/people/{id}/leaving", PeopleRecord, post(leaving::post)),
        r("GET", "/api/v1/locations/{id}/houses", PeopleList, get(api::houses)),
        r("POST", "/api/v1/houses", PeopleList, post(api::create_house)),
        r("GET", "/api/v1/locations/{id}/village", PeopleList, get(api::village)),
        r("GET", "/api/v1/people/{id}/care", PeopleRecord, get(api::care)),
        r("POST", "/api/v1/people/{id}/admission", PeopleRecord, post(api::admit)),
        r("POST", "/api/v1/people/{id}/placements", PeopleRecord, post(api::place)),
        r("POST", "/api/v1/people/{id}/transfer", PeopleRecord, post(api::transfer)),
        r("POST", "/api/v1/people/{id}/leaving", PeopleRecord, post(api::leave)),
        r("POST", "/api/v1/people/{id}/follow-ups", PeopleRecord, post(api::follow_up)),
        r("POST", "/people/{id}/follow-ups", PeopleRecord, post(pages::follow_up)),
    ]
}

/// The API paths of villages, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    api::houses,
    api::create_house,
    api::village,
    api::care,
    api::admit,
    api::place,
    api::transfer,
    api::leave,
    api::follow_up
))]
pub struct Api;
