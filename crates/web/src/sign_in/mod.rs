//! Signing in and out (password, then a second factor where required; a
//! token for the API) and the signed-in user's own account: language,
//! password, second factor.

mod account;
mod api;
pub(crate) mod login;
mod templates;

use crate::routes::{Route, r};
use crate::session::Policy::{Public, SecondFactor, SignedIn};
use axum::routing::{get, post};

/// The routes of signing in and of the account, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![
        r("GET", "/login", Public, get(login::show)),
        r("POST", "/login", Public, post(login::submit)),
        r("POST", "/api/v1/login", Public, post(api::login)),
        r("GET", "/login/totp", SecondFactor, get(login::totp_show)),
        r("POST", "/login/totp", SecondFactor, post(login::totp_submit)),
        r("POST", "/logout", SecondFactor, post(login::logout)),
        r("GET", "/account", SignedIn, get(account::show)),
        r("POST", "/account/language", SignedIn, post(account::language)),
        r("POST", "/account/password", SignedIn, post(account::password)),
        r("GET", "/account/totp", SignedIn, get(account::totp_show)),
        r("POST", "/account/totp", SignedIn, post(account::totp_submit)),
        r("POST", "/api/v1/logout", SignedIn, post(api::logout)),
    ]
}

/// The API paths of signing in, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::login, api::logout))]
pub struct Api;
