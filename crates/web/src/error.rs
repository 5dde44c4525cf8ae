//! Errors as the caller sees them. Which type to use:
//! * API handlers return `Result<_, ApiError>`: a status and a JSON body
//!   naming each field's problem (codes, never values).
//! * Page handlers return `Result<Response, Response>`, the error already
//!   rendered as a page in the user's language (see `pages::fail`).
//!
//! Internal failures are logged with their cause and shown as a bare 500:
//! the cause never reaches the client. Nothing here logs names or values.

use crate::state::AppState;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dugu_domain::{FieldError, Invalid, Problem};
use dugu_storage::StoreError;
use serde::Serialize;

/// An API failure.
#[derive(Debug)]
pub enum ApiError {
    /// 401.
    Unauthenticated,
    /// 403.
    Forbidden,
    /// 404.
    NotFound,
    /// 400: the body is not JSON at all.
    Malformed,
    /// 415: a body not declared as JSON (a form, or no `Content-Type`).
    UnsupportedMediaType,
    /// 403: a bulk export needs the password given in the last 15 minutes
    /// (with the API: a token from a sign-in that recent).
    ReauthRequired,
    /// 422: field problems.
    Invalid(Invalid),
    /// 429: too many sign-in attempts.
    TooManyAttempts,
    /// 410: a site the hub retired (another laptop enrolled for its
    /// location) asked to push or pull.
    SiteRetired,
    /// 500, with the cause for the log.
    Internal(String),
}

#[derive(Serialize)]
struct FieldProblem<'a> {
    field: &'a str,
    problem: &'static str,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldProblem<'a>>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error) = match &self {
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Malformed => (StatusCode::BAD_REQUEST, "malformed_json"),
            ApiError::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            ApiError::ReauthRequired => (StatusCode::FORBIDDEN, "reauth_required"),
            ApiError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            ApiError::TooManyAttempts => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
            ApiError::SiteRetired => (StatusCode::GONE, "site_retired"),
            ApiError::Internal(cause) => {
                tracing::error!(error.cause = %cause, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        };
        let fields = match &self {
            ApiError::Invalid(inv) => inv
                .0
                .iter()
                .map(|FieldError { field, problem }| FieldProblem { field, problem: problem.code() })
                .collect(),
            _ => Vec::new(),
        };
        (status, Json(Body { error, fields })).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Forbidden => ApiError::Forbidden,
            StoreError::Invalid(inv) => ApiError::Invalid(inv),
            StoreError::Retired => ApiError::SiteRetired,
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<StatusCode> for ApiError {
    fn from(s: StatusCode) -> Self {
        ApiError::Internal(format!("status {s}"))
    }
}

/// One field's problem as an `ApiError`.
pub fn invalid(field: &str, problem: Problem) -> ApiError {
    let mut inv = Invalid::new();
    inv.add(field, problem);
    ApiError::Invalid(inv)
}

/// 401 for a caller who is not signed in: JSON for the API, the sign-in
/// page for pages.
pub fn unauthenticated(state: &AppState, api: bool, req: &axum::extract::Request) -> Response {
    if api {
        return ApiError::Unauthenticated.into_response();
    }
    let headers = req.headers();
    let tr = crate::i18n::Tr::new(state.i18n.clone(), crate::session::language(None, headers));
    // A form sent once the session has ended (30 minutes idle) saved
    // nothing: say so, and come back to the page it was sent from (the
    // Referer's path: only ever a path of this server, `back_to`) rather
    // than to the home page.
    let (message, next) = if req.method() == axum::http::Method::POST {
        let from = headers
            .get(axum::http::header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(|r| r.parse::<axum::http::Uri>().ok())
            .and_then(|u| u.path_and_query().map(|p| p.as_str().to_string()))
            .unwrap_or_default();
        (Some(tr.get("login-session-ended")), from)
    } else {
        (None, req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default())
    };
    let mut r = crate::sign_in::login::page(state, headers, String::new(), message, &next);
    *r.status_mut() = StatusCode::UNAUTHORIZED;
    r
}

/// A bare status for the API, or a short page in the user's language.
pub fn status_response(
    state: &AppState,
    api: bool,
    status: StatusCode,
    current: Option<&crate::session::Current>,
    headers: &axum::http::HeaderMap,
) -> Response {
    if api {
        return match status {
            StatusCode::NOT_FOUND => ApiError::NotFound.into_response(),
            StatusCode::FORBIDDEN => ApiError::Forbidden.into_response(),
            _ => ApiError::Internal(format!("status {status}")).into_response(),
        };
    }
    crate::pages::status_page(state, current, headers, status)
}
