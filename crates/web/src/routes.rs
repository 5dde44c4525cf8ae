//! Every route, its handler and its policy, in one table. The router is
//! built from this table only, so no route exists without a declared
//! policy; tests walk the same table. Each capability declares its own
//! routes (`people::routes`, …); this table lists the capabilities, one
//! line each, after the routes that belong to none of them.

use crate::api;
use crate::pages;
use crate::session::Policy;
use crate::state::AppState;
use axum::routing::{MethodRouter, get, post};

/// One route.
pub struct Route {
    /// HTTP method (for tests and docs).
    pub method: &'static str,
    /// Path pattern.
    pub path: &'static str,
    /// Who may call it.
    pub policy: Policy,
    /// The handler.
    pub handler: MethodRouter<AppState>,
}

pub(crate) fn r(method: &'static str, path: &'static str, policy: Policy, handler: MethodRouter<AppState>) -> Route {
    Route { method, path, policy, handler }
}

/// The route table.
pub fn table() -> Vec<Route> {
    let capabilities: [fn() -> Vec<Route>; 17] = [
        crate::sign_in::routes,
        crate::people::routes,
        crate::households::routes,
        crate::programmes::routes,
        crate::locations::routes,
        crate::growth::routes,
        crate::villages::routes,
        crate::family::routes,
        crate::attendance::routes,
        crate::medical::routes,
        crate::school::routes,
        crate::audit::routes,
        crate::conflicts::routes,
        crate::users::routes,
        crate::corrections::routes,
        crate::sites::routes,
        crate::relief::routes,
    ];
    let mut table = frame();
    for routes in capabilities {
        table.extend(routes());
    }
    table
}

/// Health, the stylesheet, the API document, proof of identity.
fn frame() -> Vec<Route> {
    use Policy::*;
    vec![
        // Public
        r("GET", "/healthz", Public, get(pages::healthz)),
        r("GET", "/static/style.css", Public, get(pages::stylesheet)),
        r("GET", "/static/pick.js", Public, get(crate::people::pick::script)),
        r("GET", "/api/v1/openapi.json", Public, get(api::openapi::document)),
        // The front door: a visitor is sent to the sign-in page (not a
        // 401), a signed-in user to where their role starts.
        r("GET", "/", Public, get(crate::home::show)),
        // Any signed-in user
        r("GET", "/reauth", SignedIn, get(pages::reauth::show)),
        r("POST", "/reauth", SignedIn, post(pages::reauth::submit)),
    ]
}
