//! Signing in and out: password, then (where enrolled or required) a TOTP
//! code; throttled per account and per address; every attempt audited.

use super::templates::{LoginPage, TotpPage};
use crate::auth;
use crate::i18n::Tr;
use crate::pages::{csrf_rejected, fail_status, failure, layout, render};
use crate::session::{Ctx, LOGIN_COOKIE, SESSION_COOKIE, blocking, language};
use crate::state::AppState;
use axum::Form;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dugu_storage::{AuditAction, SessionKind, User};
use serde::Deserialize;

/// The sign-in page, with a fresh form token in a cookie (there is no
/// session yet to hold it); `next` is the page to go back to once signed
/// in (kept only if it is one of dugu's own paths, `back_to`).
pub fn page(state: &AppState, headers: &HeaderMap, username: String, message: Option<String>, next: &str) -> Response {
    let tr = Tr::new(state.i18n.clone(), language(None, headers));
    let csrf = auth::new_token();
    let p = LoginPage {
        l: layout(&tr, None, tr.get("login-title"), message.is_some()),
        csrf: csrf.clone(),
        username,
        message,
        next: back_to(next).unwrap_or_default().to_string(),
    };
    let mut r = render(&p);
    if let Ok(v) = HeaderValue::from_str(&cookie_header(state, LOGIN_COOKIE, &csrf, 3600)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// `next` if it is a path of this server to come back to after signing in:
/// it starts with one `/` (never `//host` nor a scheme, so a link cannot
/// send a reader elsewhere) and is not a sign-in page itself.
pub fn back_to(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= 512
        && !next.starts_with("/login")
        && !next.starts_with("/logout");
    ok.then_some(next)
}

/// A `Set-Cookie` value with dugu's flags.
pub fn cookie_header(state: &AppState, name: &str, value: &str, max_age: i64) -> String {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// `GET /login`.
pub async fn show(ctx: Ctx) -> Response {
    if ctx.current.as_ref().is_some_and(|c| !c.pending_second_factor()) {
        return Redirect::to("/").into_response();
    }
    page(&ctx.state, &ctx.headers, String::new(), None, "")
}

/// The sign-in form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    csrf: String,
    username: String,
    password: String,
    /// The page to go back to (`back_to`).
    next: String,
}

/// Outcome of checking credentials.
pub enum Checked {
    /// Good password for an active account.
    Ok(Box<User>),
    /// Wrong username or password, or disabled: the caller says no more.
    Refused,
    /// Too many attempts: wait.
    Throttled,
}

/// A failure of the store or the hash during sign-in: logged with its
/// cause (never the name typed nor the password), answered with a 500.
fn internal(what: &str, e: &dyn std::fmt::Display) -> StatusCode {
    tracing::error!(error = %e, "sign-in: {what}");
    StatusCode::INTERNAL_SERVER_ERROR
}

/// The account a name typed at sign-in belongs to, for the trail: its id
/// and name, or none and "-" — whatever else was typed stays out of it.
fn known_account(st: &AppState, typed: &str) -> Result<(Option<String>, String), StatusCode> {
    let known = st.store.user_by_username(typed).map_err(|e| internal("cannot look up the account", &e))?;
    Ok(known.map_or((None, "-".to_string()), |k| (Some(k.id), k.username)))
}

/// Audits a sign-in that did not happen (refused or held back). Only an
/// existing account's name is recorded: whatever else was typed into the
/// field stays out of the trail. An entry that cannot be written fails the
/// request (`failure` says which, in the log).
async fn audit_sign_in(
    state: &AppState,
    username: &str,
    action: AuditAction,
    failure: &'static str,
) -> Result<(), StatusCode> {
    let (st, u) = (state.clone(), username.to_string());
    blocking(move || {
        let (id, name) = known_account(&st, &u)?;
        st.store.audit_attempt(id.as_deref(), &name, action).map_err(|e| internal(failure, &e))
    })
    .await?
}

/// Checks a username and password, with throttling and auditing. Runs the
/// slow hash off the async threads; an unknown user costs the same time.
/// A database or hash failure is an error (500), never a refusal: "wrong
/// password" would hide it and count against the user's attempts.
pub async fn check_credentials(
    state: &AppState,
    username: &str,
    password: &str,
    addr: &str,
) -> Result<Checked, StatusCode> {
    let now = state.clock.now();
    if !state.throttle.allowed(username, addr, now) {
        if !state.throttle.first_refusal(username) {
            return Ok(Checked::Throttled);
        }
        // Audited once per block, so a guessing campaign shows in the trail
        // even while it is held back; only a real account's name is kept.
        audit_sign_in(state, username, AuditAction::LoginThrottled, "cannot audit a throttled sign-in").await?;
        return Ok(Checked::Throttled);
    }
    let (st, u, p) = (state.clone(), username.to_string(), password.to_string());
    let user = blocking(move || {
        let user = st.store.user_by_username(&u).map_err(|e| internal("cannot look up the account", &e))?;
        let hash = match &user {
            Some(u) => u.password_hash.clone(),
            None => auth::dummy_hash().map_err(|e| internal("cannot hash", &e))?.to_string(),
        };
        let ok = auth::verify_password(&p, &hash);
        Ok::<_, StatusCode>(user.filter(|u| ok && u.may_sign_in()))
    })
    .await??;
    match user {
        Some(u) => {
            state.throttle.succeeded(username);
            Ok(Checked::Ok(Box::new(u)))
        }
        None => {
            let failures = state.throttle.failed(username, addr, now);
            audit_sign_in(state, username, AuditAction::LoginFailed, "cannot audit a failed sign-in").await?;
            tracing::warn!(login.failures = failures, "sign-in refused");
            Ok(Checked::Refused)
        }
    }
}

/// Whether `user` must give a second factor at sign-in.
pub fn needs_second_factor(state: &AppState, user: &User) -> bool {
    let required = user.role.requires_second_factor() || state.config.second_factor_roles.contains(&user.role);
    user.totp_secret.is_some() || (required && !state.config.demo)
}

/// Starts a session; returns its token.
pub async fn start_session(
    state: &AppState,
    user: &User,
    kind: SessionKind,
    second_factor_done: bool,
) -> Result<String, StatusCode> {
    let token = auth::new_token();
    let hash = auth::token_hash(&token);
    let csrf = auth::new_token();
    let (st, uid, uname, role) = (state.clone(), user.id.clone(), user.username.clone(), user.role.code());
    let now = state.clock.now();
    blocking(move || st.store.start_session(&hash, &uid, &uname, role, kind, &csrf, second_factor_done, now))
        .await?
        .map_err(|e| internal("cannot start a session", &e))?;
    Ok(token)
}

fn with_session_cookie(state: &AppState, mut r: Response, token: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(&cookie_header(state, SESSION_COOKIE, token, 12 * 3600)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&cookie_header(state, LOGIN_COOKIE, "", 0)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// `POST /login`.
pub async fn submit(ctx: Ctx, Form(form): Form<LoginForm>) -> Response {
    let expected = crate::session::cookie(&ctx.headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !auth::same(&expected, &form.csrf) {
        return page(&ctx.state, &ctx.headers, form.username, Some(ctx.tr.get("login-expired")), &form.next);
    }
    match check_credentials(&ctx.state, &form.username, &form.password, &ctx.addr).await {
        Err(s) => fail_status(&ctx, s),
        Ok(Checked::Throttled) => {
            let mut r = page(&ctx.state, &ctx.headers, form.username, Some(ctx.tr.get("login-throttled")), &form.next);
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            r
        }
        Ok(Checked::Refused) => {
            page(&ctx.state, &ctx.headers, form.username, Some(ctx.tr.get("login-failed")), &form.next)
        }
        Ok(Checked::Ok(user)) => {
            let second = needs_second_factor(&ctx.state, &user);
            let token = match start_session(&ctx.state, &user, SessionKind::Web, !second).await {
                Ok(t) => t,
                Err(s) => return fail_status(&ctx, s),
            };
            if second && user.totp_secret.is_none() {
                // Required but not enrolled: enrol now, before anything else.
                let (st, h, secret) = (ctx.state.clone(), auth::token_hash(&token), auth::new_totp_secret());
                let pending = blocking(move || st.store.set_pending_totp(&h, Some(secret))).await;
                match pending {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => return fail_status(&ctx, internal("cannot keep the secret to enrol", &e)),
                    Err(s) => return fail_status(&ctx, s),
                }
            }
            let to = if second { "/login/totp" } else { back_to(&form.next).unwrap_or("/") };
            with_session_cookie(&ctx.state, Redirect::to(to).into_response(), &token)
        }
    }
}

/// `POST /logout`.
pub async fn logout(ctx: Ctx, Form(form): Form<CodeForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    if let Some(c) = &ctx.current {
        let (st, h, who) = (ctx.state.clone(), c.session.token_hash.clone(), c.principal.clone());
        let ended = blocking(move || st.store.sign_out(&who, &h)).await;
        // A session that could not be ended is still live: say so rather
        // than let the user walk away believing they signed out.
        match ended {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return fail_status(&ctx, internal("cannot end the session", &e)),
            Err(s) => return fail_status(&ctx, s),
        }
    }
    let mut r = Redirect::to("/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie_header(&ctx.state, SESSION_COOKIE, "", 0)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// A form with only a token and a code.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CodeForm {
    csrf: String,
    code: String,
}

impl CodeForm {
    /// The form token.
    pub fn token(&self) -> &str {
        &self.csrf
    }
    /// The code typed.
    pub fn code(&self) -> &str {
        &self.code
    }
}

/// `GET /login/totp`: the second step (or, for a required factor not yet
/// enrolled, its enrolment).
pub async fn totp_show(ctx: Ctx) -> Response {
    let Some(me) = ctx.me() else {
        return Redirect::to("/login").into_response();
    };
    if !me.pending_second_factor() {
        return Redirect::to("/").into_response();
    }
    totp_page(&ctx, "/login/totp", me.session.pending_totp.clone(), None)
}

/// The code page, showing a secret to enrol when there is one.
pub fn totp_page(ctx: &Ctx, action: &str, secret: Option<String>, message: Option<String>) -> Response {
    let me = ctx.current.as_ref();
    let title = if secret.is_some() { ctx.tr.get("totp-enrol-title") } else { ctx.tr.get("totp-title") };
    let uri = match (&secret, me) {
        (Some(s), Some(c)) => auth::totp_uri(s, &c.user.username),
        _ => String::new(),
    };
    let mut l = layout(&ctx.tr, me, title, message.is_some());
    l.csrf = me.map(|c| c.session.csrf_token.clone()).unwrap_or_default();
    render(&TotpPage { l, action: action.to_string(), secret, uri, message })
}

/// Checks a code against `secret`, refusing a step already used, and
/// marks its step used; returns the step (`None`: a wrong or used code).
/// A step that cannot be recorded is an error, not a wrong code.
pub async fn code_ok(state: &AppState, user_id: &str, secret: &str, code: &str) -> Result<Option<i64>, StatusCode> {
    let now = (state.clock.now() / 1000).max(0) as u64;
    let Some(step) = auth::totp_step(secret, code, now) else { return Ok(None) };
    let (st, uid) = (state.clone(), user_id.to_string());
    let fresh = blocking(move || st.store.use_totp_step(&uid, step))
        .await?
        .map_err(|e| internal("cannot record a second-factor step", &e))?;
    Ok(fresh.then_some(step))
}

/// `POST /login/totp`.
pub async fn totp_submit(ctx: Ctx, Form(form): Form<CodeForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return Redirect::to("/login").into_response();
    };
    let me = me.clone();
    if !me.pending_second_factor() {
        return Redirect::to("/").into_response();
    }
    let now = ctx.state.clock.now();
    if !ctx.state.throttle.allowed(&me.user.username, &ctx.addr, now) {
        return totp_page(&ctx, "/login/totp", me.session.pending_totp.clone(), Some(ctx.tr.get("login-throttled")));
    }
    let enrolling = me.session.pending_totp.clone();
    let secret = enrolling.clone().or_else(|| me.user.totp_secret.clone()).unwrap_or_default();
    let checked = match code_ok(&ctx.state, &me.user.id, &secret, &form.code).await {
        Ok(c) => c,
        Err(s) => return fail_status(&ctx, s),
    };
    let Some(step) = checked else {
        ctx.state.throttle.failed(&me.user.username, &ctx.addr, now);
        return totp_page(&ctx, "/login/totp", enrolling, Some(ctx.tr.get("totp-wrong")));
    };
    if let Some(secret) = enrolling {
        // Enrolling ends every session of the user, this one too: start anew.
        let (st, uid, who) = (ctx.state.clone(), me.user.id.clone(), me.principal.clone());
        let saved = blocking(move || st.store.enrol_second_factor(&who, &uid, secret, step)).await;
        if let Some(r) = failure(&ctx, saved) {
            return r;
        }
        let token = match start_session(&ctx.state, &me.user, SessionKind::Web, true).await {
            Ok(t) => t,
            Err(s) => return fail_status(&ctx, s),
        };
        return with_session_cookie(&ctx.state, Redirect::to("/").into_response(), &token);
    }
    let (st, h) = (ctx.state.clone(), me.session.token_hash.clone());
    match blocking(move || st.store.complete_second_factor(&h)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return fail_status(&ctx, internal("cannot complete the second factor", &e)),
        Err(s) => return fail_status(&ctx, s),
    }
    ctx.state.throttle.succeeded(&me.user.username);
    Redirect::to("/").into_response()
}
