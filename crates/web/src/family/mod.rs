//! Family strengthening: a household's support — assessments, plan,
//! home visits, exit — on the household's page.

mod api;
mod exit;
mod pages;
pub(crate) mod section;
mod support_answer;
pub(crate) mod templates;

use crate::routes::{Route, r};
use crate::session::Policy::PeopleRecord;
use axum::routing::{get, post};

/// The routes of family, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![
        r("GET", "/api/v1/households/{id}/support", PeopleRecord, get(api::show)),
        r("POST", "/api/v1/households/{id}/support", PeopleRecord, post(api::start)),
        r("POST", "/api/v1/households/{id}/assessments", PeopleRecord, post(api::assess)),
        r("POST", "/api/v1/households/{id}/plan-actions", PeopleRecord, post(api::add_action)),
        r("POST", "/api/v1/households/{id}/plan-actions/{action_id}/done", PeopleRecord, post(api::complete_action)),
        r("POST", "/api/v1/households/{id}/visits", PeopleRecord, post(api::visit)),
        r("POST", "/api/v1/households/{id}/exit", PeopleRecord, post(api::exit)),
        r("POST", "/households/{id}/support", PeopleRecord, post(pages::start)),
        r("POST", "/households/{id}/assessments", PeopleRecord, post(pages::assess)),
        r("POST", "/households/{id}/plan-actions", PeopleRecord, post(pages::add_action)),
        r("POST", "/households/{id}/plan-actions/{action_id}/done", PeopleRecord, post(pages::complete_action)),
        r("POST", "/households/{id}/visits", PeopleRecord, post(pages::visit)),
        r("GET", "/households/{id}/exit", PeopleRecord, get(exit::show)),
        r("POST", "/households/{id}/exit", PeopleRecord, post(exit::post)),
    ]
}

/// The API paths of family, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::show, api::start, api::assess, api::add_action, api::complete_action, api::visit, api::exit))]
pub struct Api;
