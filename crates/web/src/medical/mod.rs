//! Medical assistance: visits and the vaccination card as a section of
//! a child's page, the overdue list, and the schedule the national
//! director keeps.

mod api;
mod card;
mod pages;
pub(crate) mod section;
mod templates;
mod vaccine_schedule;

use crate::routes::{Route, r};
use crate::session::Policy::{PeopleList, PeopleRecord, SignedIn};
use axum::routing::{get, post, put};

/// The routes of medical, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![
        r("GET", "/api/v1/people/{id}/medical-visits", PeopleRecord, get(api::visits)),
        r("POST", "/api/v1/people/{id}/medical-visits", PeopleRecord, post(api::record)),
        r("GET", "/api/v1/people/{id}/vaccinations", PeopleRecord, get(api::card)),
        r("POST", "/api/v1/people/{id}/vaccinations", PeopleRecord, post(api::vaccinate)),
        r("GET", "/api/v1/locations/{id}/vaccinations/overdue", PeopleList, get(api::overdue)),
        r("POST", "/people/{id}/medical-visits", PeopleRecord, post(pages::record)),
        r("GET", "/locations/{id}/vaccinations", PeopleList, get(pages::overdue)),
        r("GET", "/vaccine-schedule", SignedIn, get(vaccine_schedule::show)),
        r("POST", "/vaccine-schedule", SignedIn, post(vaccine_schedule::save)),
        r("GET", "/api/v1/vaccine-schedule", SignedIn, get(api::schedule)),
        r("PUT", "/api/v1/vaccine-schedule/{code}", SignedIn, put(api::save_dose)),
        r("POST", "/people/{id}/vaccinations", PeopleRecord, post(pages::vaccinate)),
        r("GET", "/people/{id}/vaccination-card", PeopleRecord, get(card::show)),
        r("POST", "/people/{id}/vaccination-card", PeopleRecord, post(card::save)),
    ]
}

/// The API paths of medical, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::visits, api::record, api::card, api::vaccinate, api::overdue, api::schedule, api::save_dose))]
pub struct Api;
