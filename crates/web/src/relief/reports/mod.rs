//! Relief: progress and reports (issue 15, item 8; requirements 15–17
//! and the aggregate part of 20). A programme's progress toward its
//! target in unique people and households reached, by sex and UNHCR age
//! band, per site and cycle (`figures`, dugu-relief's rules over the
//! store's `relief_served`); the 5W matrix with its HXL row as CSV and
//! XLSX; beneficiary lists as XLSX and PDF for relief staff and
//! directors (`files`).

mod api;
mod figures;
mod files;
mod pages;

use crate::routes::{Route, r};
use crate::session::Policy::SignedIn;
use axum::routing::get;

/// This part's routes. Relief staff and directors in scope: the store
/// answers 403 to a role that does not read relief data and 404 for a
/// programme out of scope.
pub(super) fn routes() -> Vec<Route> {
    vec![
        r("GET", "/api/v1/relief/programmes/{id}/progress", SignedIn, get(api::progress)),
        r("GET", "/api/v1/relief/programmes/{id}/5w.csv", SignedIn, get(api::five_w_csv)),
        r("GET", "/api/v1/relief/programmes/{id}/5w.xlsx", SignedIn, get(api::five_w_xlsx)),
        r("GET", "/relief/programmes", SignedIn, get(pages::list)),
        r("GET", "/relief/programmes/{id}", SignedIn, get(pages::show)),
        r("GET", "/relief/programmes/{id}/5w.csv", SignedIn, get(pages::five_w_csv)),
        r("GET", "/relief/programmes/{id}/5w.xlsx", SignedIn, get(pages::five_w_xlsx)),
        r("GET", "/relief/programmes/{id}/progress.csv", SignedIn, get(pages::progress_csv)),
        r("GET", "/relief/programmes/{id}/beneficiaries", SignedIn, get(pages::beneficiaries)),
        r("GET", "/relief/programmes/{id}/beneficiaries.xlsx", SignedIn, get(pages::beneficiaries_xlsx)),
        r("GET", "/relief/programmes/{id}/beneficiaries.pdf", SignedIn, get(pages::beneficiaries_pdf)),
    ]
}

/// The API paths of reports, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::progress, api::five_w_csv, api::five_w_xlsx))]
pub struct Api;
