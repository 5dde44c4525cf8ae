//! Headers on every response, and the request log.
//!
//! * A Content-Security-Policy that allows no inline script and nothing
//!   from elsewhere; no framing; no MIME sniffing; no referrer.
//! * `Cache-Control: no-store` on everything but the stylesheet: pages and
//!   API responses carry personal data and must not stay in caches.
//! * The log line holds the method, the route pattern (never the query
//!   string or a body), the status and the time taken.

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// Adds the security headers.
pub async fn security(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !is_static {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.config.secure_cookies {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    res
}

/// Logs each request without personal data.
pub async fn log(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string()).unwrap_or_else(|| "-".into());
    let start = Instant::now();
    let res = next.run(req).await;
    tracing::info!(http.method = %method, http.route = %route, http.status = res.status().as_u16(), duration_ms = start.elapsed().as_millis() as u64, "request");
    res
}
