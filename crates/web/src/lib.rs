//! # dugu-web
//!
//! The site server's HTTP face: server-rendered pages in French and English
//! and the JSON API under `/api/v1`, one folder per capability (`people`,
//! `growth`, `villages`, …) with what they share in `pages` and `api`;
//! sign-in and sessions (`session`, `auth`), and the headers every
//! response carries (`headers`). All data access goes through `dugu_storage::Store`, which
//! enforces scope; this crate adds who the caller is, what the route
//! demands (`routes`), and how things look.

pub mod api;
mod auth;
mod error;
mod format;
mod headers;
pub mod i18n;
mod lists;
mod pages;
pub mod routes;
pub mod session;
mod state;
mod templates;
mod throttle;

// The capabilities: each folder holds its pages, API handlers, templates
// and person-page sections, and declares its routes and API paths.
mod attendance;
mod audit;
mod conflicts;
mod corrections;
mod family;
mod growth;
mod home;
mod households;
mod locations;
mod medical;
mod people;
mod programmes;
mod relief;
mod school;
mod sign_in;
mod sites;
mod users;
mod villages;

pub use auth::{HashError, hash_password, totp_code};

/// Today's date (UTC), for due dates and "not in the future" checks.
pub(crate) fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// A strong random password for a first administrator (shown once).
pub fn one_time_password() -> String {
    auth::new_token()
}
pub use state::{AppState, Clock, DEFAULT_SECOND_FACTOR_ROLES, WebConfig};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use std::net::SocketAddr;

/// The largest request body accepted.
const MAX_BODY: usize = 256 * 1024;

/// The application: every route of the table behind its policy, then the
/// session lookup, the security headers and the request log.
pub fn router(state: AppState) -> Router {
    let mut app: Router<AppState> = Router::new();
    let mut by_path: Vec<(&'static str, axum::routing::MethodRouter<AppState>)> = Vec::new();
    for route in routes::table() {
        let policy = route.policy;
        let st = state.clone();
        let guarded = route.handler.route_layer(axum::middleware::from_fn(move |req, next| {
            let st = st.clone();
            async move { session::enforce(st, policy, req, next).await }
        }));
        match by_path.iter_mut().find(|(p, _)| *p == route.path) {
            Some((_, existing)) => *existing = std::mem::take(existing).merge(guarded),
            None => by_path.push((route.path, guarded)),
        }
    }
    for (path, handler) in by_path {
        app = app.route(path, handler);
    }
    let fallback_state = state.clone();
    app.fallback(move |req: axum::extract::Request| {
        let st = fallback_state.clone();
        async move {
            let api = req.uri().path().starts_with("/api/");
            let current = req.extensions().get::<session::Current>().cloned();
            error::status_response(&st, api, axum::http::StatusCode::NOT_FOUND, current.as_ref(), req.headers())
        }
    })
    .layer(axum::middleware::from_fn_with_state(state.clone(), session::authenticate))
    .layer(axum::middleware::from_fn(headers::log))
    .layer(axum::middleware::from_fn_with_state(state.clone(), headers::security))
    .layer(DefaultBodyLimit::max(MAX_BODY))
    .layer(tower_http::compression::CompressionLayer::new())
    .with_state(state)
}

/// Serves the application on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}
