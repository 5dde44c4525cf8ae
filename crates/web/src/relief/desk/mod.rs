//! Relief: the distribution desk (issue 15, requirements 7–11): a
//! household found by its card or by name, its entitlements for the
//! cycles open today, the hand-over to its head or an alternate, the
//! receipt — and a second hand-over refused with the first's details.

mod answers;
mod api;
mod cards;
mod conflicts;
pub(crate) mod pages;
mod stock;

use crate::routes::{Route, r};
use crate::session::Policy::{PeopleList, PeopleRecord, Public};
use axum::routing::{get, post};

/// This part's routes.
pub(super) fn routes() -> Vec<Route> {
    vec![
        r("POST", "/api/v1/relief/receipts", PeopleRecord, post(api::serve)),
        r("GET", "/api/v1/relief/desk/households/{id}", PeopleRecord, get(api::household)),
        r("GET", "/api/v1/relief/households/{id}/card", PeopleRecord, get(api::card)),
        r("POST", "/api/v1/relief/households/{id}/card/replacement", PeopleRecord, post(api::replace_card)),
        r("GET", "/api/v1/relief/receipts/conflicts", PeopleList, get(conflicts::list_api)),
        r("POST", "/api/v1/relief/receipts/{id}/void", PeopleRecord, post(conflicts::void_api)),
        r("GET", "/relief/desk/conflicts", PeopleList, get(conflicts::page)),
        r("POST", "/relief/desk/conflicts/void", PeopleList, post(conflicts::void_page)),
        r("POST", "/api/v1/relief/stock/movements", PeopleList, post(stock::movement)),
        r("POST", "/api/v1/relief/stock/reconciliations", PeopleList, post(stock::reconcile)),
        r("GET", "/api/v1/relief/stock", PeopleList, get(stock::books)),
        r("GET", "/relief/desk", PeopleList, get(pages::desk)),
        r("GET", "/static/relief-desk.js", Public, get(pages::script)),
        r("GET", "/relief/desk/cards.pdf", PeopleList, get(pages::cards_pdf)),
        r("POST", "/relief/desk/card", PeopleList, post(pages::replace_card)),
        r("POST", "/relief/desk/serve", PeopleList, post(pages::serve)),
    ]
}

/// The desk's API paths, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    api::serve,
    api::household,
    api::card,
    api::replace_card,
    conflicts::list_api,
    conflicts::void_api,
    stock::movement,
    stock::reconcile,
    stock::books
))]
pub struct Api;
