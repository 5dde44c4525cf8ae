//! Day-care and kindergarten: groups and the daily register (one tap per
//! child, one save).

mod api;
mod pages;
mod templates;

use crate::routes::{Route, r};
use crate::session::Policy::PeopleList;
use axum::routing::{get, post, put};

/// The routes of attendance, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![
        r("GET", "/api/v1/locations/{id}/groups", PeopleList, get(api::groups)),
        r("POST", "/api/v1/groups", PeopleList, post(api::create)),
        r("POST", "/api/v1/groups/{id}/members", PeopleList, post(api::add_member)),
        r("GET", "/api/v1/groups/{id}/attendance/{day}", PeopleList, get(api::register)),
        r("PUT", "/api/v1/groups/{id}/attendance/{day}", PeopleList, put(api::save)),
        r("GET", "/groups/{id}/register", PeopleList, get(pages::show)),
        r("POST", "/groups/{id}/register", PeopleList, post(pages::save)),
        r("POST", "/groups", PeopleList, post(pages::create)),
        r("POST", "/groups/{id}/members", PeopleList, post(pages::add_member)),
    ]
}

/// The API paths of attendance, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::groups, api::create, api::add_member, api::register, api::save))]
pub struct Api;
