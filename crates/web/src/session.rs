//! Who is making a request: the session cookie (pages) or bearer token
//! (API) is looked up on every request, its timeouts checked, the user's
//! scope computed; the route's declared policy then lets it through or not.

use crate::auth;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::IntoResponse;
use axum::response::Response;
use dugu_storage::{AuditAction, Principal, Session, SessionKind, StoreError, User};
use std::net::SocketAddr;

/// The cookie holding the browser session token.
pub const SESSION_COOKIE: &str = "dugu_session";
/// The cookie holding the sign-in form's token before there is a session.
pub const LOGIN_COOKIE: &str = "dugu_login";

/// A signed-in user on this request.
#[derive(Clone)]
pub struct Current {
    /// The account.
    pub user: User,
    /// The account as the store sees it (role and scope).
    pub principal: Principal,
    /// The session or API token.
    pub session: Session,
    /// The villages in scope (pages only: the navigation links to them).
    pub villages: Vec<dugu_storage::VillagePlace>,
}

impl Current {
    /// Whether the session still waits for its second factor.
    pub fn pending_second_factor(&self) -> bool {
        !self.session.second_factor_done
    }
}

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

/// Runs blocking store work off the async threads. A task that panicked
/// is a 500, logged.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, StatusCode> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        tracing::error!(error = %e, "a blocking task failed");
        StatusCode::INTERNAL_SERVER_ERROR
    })
}

/// Identifies the caller and stores `Current` in the request, if signed in.
/// A database that cannot answer is a 500, never "not signed in": sending
/// a signed-in user to the sign-in page would hide the failure and invite
/// them to type their password again for nothing.
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    // Pages use only the cookie, the API only bearer tokens: a browser's
    // cookie can never drive the API, so the API needs no form tokens.
    let (token, kind) = if api {
        (bearer(req.headers()), SessionKind::Api)
    } else {
        (cookie(req.headers(), SESSION_COOKIE), SessionKind::Web)
    };
    if let Some(token) = token {
        let st = state.clone();
        match blocking(move || load(&st, &token, kind)).await {
            Ok(Ok(Some(current))) => {
                req.extensions_mut().insert(current);
            }
            Ok(Ok(None)) => {}
            Ok(Err(e)) => {
                // The cause only: never the token, never the account.
                tracing::error!(error = %e, "cannot look up the session");
                return session_failed(&state, api, req.headers());
            }
            Err(_) => return session_failed(&state, api, req.headers()),
        }
    }
    next.run(req).await
}

fn session_failed(state: &AppState, api: bool, headers: &HeaderMap) -> Response {
    crate::error::status_response(state, api, StatusCode::INTERNAL_SERVER_ERROR, None, headers)
}

/// The signed-in caller a token names: `Ok(None)` when it names no live
/// session, an error when the database could not say.
fn load(state: &AppState, token: &str, kind: SessionKind) -> Result<Option<Current>, StoreError> {
    let hash = auth::token_hash(token);
    let Some(session) = state.store.session(&hash)? else { return Ok(None) };
    let now = state.clock.now();
    let expired = now - session.last_seen_at > state.config.idle_timeout_ms
        || now - session.created_at > state.config.absolute_timeout_ms;
    if session.kind != kind || expired {
        if expired {
            let h = hash.clone();
            state.store.end_session(&h)?;
        }
        return Ok(None);
    }
    let Some(user) = state.store.user(&session.user_id)? else { return Ok(None) };
    if !user.may_sign_in() {
        return Ok(None);
    }
    // Record activity at most every 30 s: the idle timeout does not need
    // more, and every request is then a read, not a write.
    if now - session.last_seen_at > 30_000 {
        let h = hash.clone();
        state.store.touch_session(&h, now)?;
    }
    // A database error is an error (a 500), not "signed out".
    let Some(principal) = state.store.principal_of(&user.id)? else { return Ok(None) };
    let villages = if kind == SessionKind::Web { state.store.villages_in_scope(&principal)? } else { Vec::new() };
    Ok(Some(Current { user, principal, session, villages }))
}

/// What a route demands of the caller. Every route declares one
/// (`routes.rs`); a test checks that each non-public route refuses an
/// anonymous caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Anyone (sign-in pages, health, static files, the API description).
    Public,
    /// A session waiting for its second factor (and signed-in users).
    SecondFactor,
    /// Any signed-in user.
    SignedIn,
    /// Roles that read people; others get "not found" (records).
    PeopleRecord,
    /// Roles that read people; others get "forbidden" (lists, forms).
    PeopleList,
    /// Roles that read the audit trail.
    Audit,
    /// Administrators.
    Admin,
    /// Who oversees the sites of a hub: administrators and the national
    /// director.
    Sites,
}

/// Enforces a route's policy.
pub async fn enforce(state: AppState, policy: Policy, req: Request, next: Next) -> Response {
    if policy == Policy::Public {
        return next.run(req).await;
    }
    let api = req.uri().path().starts_with("/api/");
    let current = req.extensions().get::<Current>().cloned();
    let Some(current) = current else {
        return crate::error::unauthenticated(&state, api, &req);
    };
    if current.pending_second_factor() && policy != Policy::SecondFactor {
        return crate::error::unauthenticated(&state, api, &req);
    }
    if current.user.must_change_password
        && policy != Policy::SecondFactor
        && !PASSWORD_CHANGE_PATHS.contains(&req.uri().path())
    {
        // An administrator reset the password: nothing else until the
        // user has chosen a new one.
        if api {
            return crate::error::status_response(&state, api, StatusCode::FORBIDDEN, Some(&current), req.headers());
        }
        return axum::response::Redirect::to("/account").into_response();
    }
    let role = current.user.role;
    let allowed = match policy {
        Policy::Public | Policy::SecondFactor | Policy::SignedIn => true,
        Policy::PeopleRecord | Policy::PeopleList => role.reads_people(),
        Policy::Audit => role.reads_audit(),
        Policy::Admin => role.administers(),
        Policy::Sites => role.administers() || role.approves_privileges(),
    };
    let record = (policy == Policy::PeopleRecord).then(|| requested_record(&req)).flatten();
    let response = if allowed {
        next.run(req).await
    } else {
        let status = if policy == Policy::PeopleRecord { StatusCode::NOT_FOUND } else { StatusCode::FORBIDDEN };
        crate::error::status_response(&state, api, status, Some(&current), req.headers())
    };
    if let Some((kind, id)) = record.filter(|_| response.status() == StatusCode::NOT_FOUND) {
        // A record refused (outside the caller's scope, or no such id: the
        // caller cannot tell them apart, the trail records both) — the
        // data protection officer sees who went looking, and for what.
        let (st, who) = (state.clone(), current.principal.clone());
        let audited = blocking(move || st.store.audit_event(Some(&who), AuditAction::Refused, kind, &id)).await;
        if !matches!(audited, Ok(Ok(()))) {
            if let Ok(Err(e)) = &audited {
                tracing::error!(error = %e, "cannot audit a refused request");
            }
            return crate::error::status_response(
                &state,
                api,
                StatusCode::INTERNAL_SERVER_ERROR,
                Some(&current),
                &HeaderMap::new(),
            );
        }
    }
    response
}

/// The pages a user whose password was reset may still reach.
const PASSWORD_CHANGE_PATHS: &[&str] = &["/account", "/account/password", "/account/language", "/logout"];

/// The kind and id of the record a request names (`/people/{id}/…`,
/// `/api/v1/households/{id}`), for the trail of refused requests. Only
/// the id segment is kept: never a query string.
fn requested_record(req: &Request) -> Option<(&'static str, String)> {
    let path = req.uri().path();
    let rest = path.strip_prefix("/api/v1").unwrap_or(path);
    let mut parts = rest.trim_start_matches('/').split('/');
    let kind = match parts.next()? {
        "people" => "person",
        "households" => "household",
        "groups" => "group",
        _ => "record",
    };
    let id = parts.next()?;
    // Only a UUID is kept: any other segment could be a name typed into the
    // address, and the trail can never be erased.
    let kept = if is_uuid(id) { id } else { "-" };
    Some((kind, kept.to_string()))
}

/// `8-4-4-4-12` hexadecimal digits, as dugu's ids are written.
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes()
            .enumerate()
            .all(|(i, b)| if [8, 13, 18, 23].contains(&i) { b == b'-' } else { b.is_ascii_hexdigit() })
}

/// What a page handler gets: the state, the caller if signed in, their
/// language, and their network address.
pub struct Ctx {
    /// Shared state.
    pub state: AppState,
    /// The signed-in user, if any.
    pub current: Option<Current>,
    /// Translator in the caller's language.
    pub tr: Tr,
    /// The caller's address (for sign-in throttling).
    pub addr: String,
    /// Request headers.
    pub headers: HeaderMap,
}

impl Ctx {
    /// The signed-in user; routes with a policy other than `Public` always
    /// have one.
    pub fn me(&self) -> Option<&Current> {
        self.current.as_ref()
    }
}

/// The caller's language: the user's choice, else the browser's.
pub fn language(current: Option<&Current>, headers: &HeaderMap) -> Lang {
    match current {
        Some(c) => Lang::parse(&c.user.language),
        None => {
            Lang::from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""))
        }
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let current = parts.extensions.get::<Current>().cloned();
        let lang = language(current.as_ref(), &parts.headers);
        let addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        Ok(Ctx {
            state: state.clone(),
            current,
            tr: Tr::new(state.i18n.clone(), lang),
            addr,
            headers: parts.headers.clone(),
        })
    }
}
