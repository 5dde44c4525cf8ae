//! Relief: cycles and entitlements (issue 15, items 4 and 7). A
//! supervisor sets up a programme's cycles — from a blank ration table,
//! WFP's full ration or the state's lean-season ration —, approves and
//! closes them and generates what each registered household is owed; the
//! API gives a household's entitlements to the desk.

mod api;
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
        r("GET", "/relief/cycles/{id}", PeopleList, get(pages::show)),
        r("POST", "/relief/cycles/{id}", PeopleList, post(pages::act)),
    ]
}

/// The API paths of cycles and entitlements, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::create, api::list, api::status, api::generate, api::of_household))]
pub struct Api;
