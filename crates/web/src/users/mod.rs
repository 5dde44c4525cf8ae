//! User administration: accounts, roles and their locations, resets,
//! disabling — and the national director's approvals of the grants an
//! administrator may not make alone (the two-person rule).

mod approvals;
mod pages;
mod templates;

use crate::routes::{Route, r};
use crate::session::Policy::{Admin, SignedIn};
use axum::routing::{get, post};

/// The routes of user administration, each with its policy.
pub fn routes() -> Vec<Route> {
    vec![
        // The store lets only national directors decide, administrators read.
        r("GET", "/approvals", SignedIn, get(approvals::list)),
        r("POST", "/approvals/{id}/approve", SignedIn, post(approvals::approve)),
        r("POST", "/approvals/{id}/refuse", SignedIn, post(approvals::refuse)),
        // Administration
        r("GET", "/admin/users", Admin, get(pages::list)),
        r("POST", "/admin/users", Admin, post(pages::create)),
        r("GET", "/admin/users/{id}", Admin, get(pages::show)),
        r("POST", "/admin/users/{id}/role", Admin, post(pages::change_role)),
        r("POST", "/admin/users/{id}/password-reset", Admin, post(pages::reset_password)),
        r("POST", "/admin/users/{id}/second-factor-reset", Admin, post(pages::reset_second_factor)),
        r("GET", "/admin/users/{id}/disable", Admin, get(pages::confirm_disable)),
        r("POST", "/admin/users/{id}/disable", Admin, post(pages::disable)),
        r("POST", "/admin/users/{id}/enable", Admin, post(pages::enable)),
    ]
}
