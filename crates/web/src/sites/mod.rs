//! Hub and sites (issue 14): the administrator creates a site for a
//! location and gets its one-time enrolment code; the site's laptop
//! (`dugu enrol`) redeems the code with its device's public key, then
//! pulls its scope's operations and its accounts' credentials with
//! requests signed by that key. A sync round (`dugu sync`) pushes the
//! site's own ops, which the hub re-checks (`…/push`), then pulls the same
//! export from the cursor the site keeps.

mod api;
pub(crate) mod pages;

use crate::routes::{Route, r};
use crate::session::Policy::{Admin, PeopleList, Public, Sites};
use axum::routing::{get, post};

/// The routes of hub and sites, each with its policy. The site's requests
/// are public to the session layer: a device has no session, it proves
/// itself by its signature, checked in the handler.
pub fn routes() -> Vec<Route> {
    vec![
        r("GET", "/sites", Sites, get(pages::list)),
        r("POST", "/sites", Sites, post(pages::create)),
        r("GET", "/sync/refused", PeopleList, get(pages::refused)),
        r("POST", "/api/v1/sites", Admin, post(api::create)),
        r("POST", "/api/v1/sites/enrol", Public, post(api::enrol)),
        r("POST", "/api/v1/sites/{id}/export", Public, post(api::export)),
        r("POST", "/api/v1/sites/{id}/credentials", Public, post(api::credentials)),
        r("POST", "/api/v1/sites/{id}/push", Public, post(api::push)),
    ]
}

/// The API paths of hub and sites, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::create, api::enrol, api::export, api::credentials, api::push))]
pub struct Api;
