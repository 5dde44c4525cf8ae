//! Every route, its handler and its policy, in one table. The router is
//! built from this table only, so no route exists without a declared
//! policy; tests walk the same table. Each capability declares its own
//! routes (`people::routes`, …); this table lists the capabilities, one
//! line each, after the routes of sign-in, the account and administration.

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
    let capabilities: [fn() -> Vec<Route>; 11] = [
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
    ];
    let mut table = frame();
    for routes in capabilities {
        table.extend(routes());
    }
    table
}

/// Sign-in, the account, proof of identity, approvals and administration.
fn frame() -> Vec<Route> {
    use Policy::*;
    vec![
        // Public
        r("GET", "/healthz", Public, get(pages::healthz)),
        r("GET", "/static/style.css", Public, get(pages::stylesheet)),
        r("GET", "/login", Public, get(pages::login::show)),
        r("POST", "/login", Public, post(pages::login::submit)),
        r("POST", "/api/v1/login", Public, post(api::login::login)),
        r("GET", "/api/v1/openapi.json", Public, get(api::openapi::document)),
        // Second step of sign-in
        r("GET", "/login/totp", SecondFactor, get(pages::login::totp_show)),
        r("POST", "/login/totp", SecondFactor, post(pages::login::totp_submit)),
        r("POST", "/logout", SecondFactor, post(pages::login::logout)),
        // Any signed-in user
        r("GET", "/", SignedIn, get(pages::home)),
        r("GET", "/account", SignedIn, get(pages::account::show)),
        r("POST", "/account/language", SignedIn, post(pages::account::language)),
        r("POST", "/account/password", SignedIn, post(pages::account::password)),
        r("GET", "/account/totp", SignedIn, get(pages::account::totp_show)),
        r("POST", "/account/totp", SignedIn, post(pages::account::totp_submit)),
        r("GET", "/reauth", SignedIn, get(pages::reauth::show)),
        r("POST", "/reauth", SignedIn, post(pages::reauth::submit)),
        // The store lets only national directors decide, administrators read.
        r("GET", "/approvals", SignedIn, get(pages::approvals::list)),
        r("POST", "/approvals/{id}/approve", SignedIn, post(pages::approvals::approve)),
        r("POST", "/approvals/{id}/refuse", SignedIn, post(pages::approvals::refuse)),
        r("POST", "/api/v1/logout", SignedIn, post(api::login::logout)),
        // Administration
        r("GET", "/admin/users", Admin, get(pages::users::list)),
        r("POST", "/admin/users", Admin, post(pages::users::create)),
        r("GET", "/admin/users/{id}", Admin, get(pages::users::show)),
        r("POST", "/admin/users/{id}/role", Admin, post(pages::users::change_role)),
        r("POST", "/admin/users/{id}/password-reset", Admin, post(pages::users::reset_password)),
        r("POST", "/admin/users/{id}/second-factor-reset", Admin, post(pages::users::reset_second_factor)),
        r("POST", "/admin/users/{id}/disable", Admin, post(pages::users::disable)),
        r("POST", "/admin/users/{id}/enable", Admin, post(pages::users::enable)),
    ]
}
