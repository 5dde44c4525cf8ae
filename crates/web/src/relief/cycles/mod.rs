//! Relief: cycles and entitlements (issue 15, items 4 and 7). A
//! supervisor sets up a programme's cycles — from a blank ration table,
//! WFP's full ration or the state's lean-season ration —, approves and
//! closes them and generates what each registered household is owed; the
//! API gives a household's entitlements to the desk.

mod api;
mod cycle;
mod farming;
mod farming_api;
mod pages;

use crate::routes::{Route, r};
use crate::session::Policy::{PeopleList, PeopleRecord};
use axum::routing::{get, post};

/// This part's routes.
pub(super) fn routes() -> Vec<Route> {
    vec![
        r("GET", "/api/v1/relief/cycles", PeopleList, get(api::list)),
        r("POST", "/api/v1/relief/cycles", PeopleList, post(api::create)),
        r("POST", "/api/v1/relief/cycles/{id}/status", PeopleList, post(api::status)),
        r("POST", "/api/v1/relief/cycles/{id}/entitlements", PeopleList, post(api::generate)),
        r("GET", "/api/v1/relief/households/{id}/entitlements", PeopleRecord, get(api::of_household)),
        r("GET", "/relief/cycles", PeopleList, get(pages::list)),
        r("POST", "/relief/cycles", PeopleList, post(pages::create)),
        r("POST", "/relief/cycles/lean-season", PeopleList, post(pages::lean_season)),
        r("GET", "/relief/cycles/{id}", PeopleList, get(cycle::show)),
        r("POST", "/relief/cycles/{id}", PeopleList, post(cycle::act)),
        r("POST", "/api/v1/relief/farming/seasons", PeopleList, post(farming_api::season)),
        r("POST", "/api/v1/relief/farming/inputs", PeopleList, post(farming_api::input)),
        r("GET", "/api/v1/relief/programmes/{id}/farming/shortfall", PeopleList, get(farming_api::shortfall)),
        r("GET", "/relief/farming", PeopleList, get(farming::show)),
        r("POST", "/relief/farming", PeopleList, post(farming::record)),
    ]
}

/// The API paths of cycles and entitlements, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    api::create,
    api::list,
    api::status,
    api::generate,
    api::of_household,
    farming_api::season,
    farming_api::input,
    farming_api::shortfall
))]
pub struct Api;
