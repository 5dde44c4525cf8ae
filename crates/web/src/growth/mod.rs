//! Growth monitoring: a stored measurement read through dugu-growth
//! (`assessment`), WHO charts as inline SVG (`chart`), the child's growth
//! section, recording, a location's nutrition list and prevalence.

pub(crate) mod amend;
mod api;
pub(crate) mod assessment;
mod chart;
mod nutrition;
mod pages;
mod plausible;
pub(crate) mod section;
pub(crate) mod templates;

pub(crate) use assessment::*;

use crate::routes::{Route, r};
use crate::session::Policy::{PeopleList, PeopleRecord};
use axum::routing::{get, post};

/// The routes of growth, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![
        r("POST", "/people/{id}/measurements", PeopleRecord, post(pages::record)),
        r("GET", "/people/{id}/measurements/{m}", PeopleRecord, get(amend::show)),
        r("POST", "/people/{id}/measurements/{m}", PeopleRecord, post(amend::amend)),
        r("GET", "/locations/{id}/nutrition", PeopleList, get(nutrition::show)),
        r("GET", "/locations/{id}/prevalence", PeopleList, get(pages::prevalence)),
        r("GET", "/locations/{id}/prevalence.csv", PeopleList, get(pages::prevalence_csv)),
        r("POST", "/api/v1/people/{id}/measurements", PeopleRecord, post(api::record)),
        r("GET", "/api/v1/people/{id}/measurements", PeopleRecord, get(api::list)),
        r("GET", "/api/v1/locations/{id}/nutrition", PeopleList, get(api::nutrition)),
        r("GET", "/api/v1/locations/{id}/prevalence", PeopleList, get(api::prevalence)),
    ]
}

/// The API paths of growth, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::record, api::list, api::nutrition, api::prevalence))]
pub struct Api;

/// What a list or the growth box says of a child's acute status: SAM or
/// MAM (`rank` 2, 1) — with the day it was seen when a later measurement
/// could not judge it — or a status to re-assess (`rank` 0).
pub(crate) fn acute_text(tr: &crate::i18n::Tr, rank: u8, since: Option<time::Date>) -> String {
    let code = match rank {
        2 => "sam",
        1 => "mam",
        _ => return tr.get("growth-reassess"),
    };
    acute_since(tr, tr.code("acute", code), since)
}

/// `status`, followed by the day it was seen when not re-assessed since.
pub(crate) fn acute_since(tr: &crate::i18n::Tr, status: String, since: Option<time::Date>) -> String {
    match since {
        Some(day) => format!("{status} — {}", tr.arg("growth-not-reassessed", "date", &tr.day_plain(day))),
        None => status,
    }
}
