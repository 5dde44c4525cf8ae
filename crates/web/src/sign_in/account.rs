//! A user's own account: language, password, second factor.

use super::login::{CodeForm, code_ok, start_session, totp_page};
use super::templates::AccountPage;
use crate::auth;
use crate::pages::reauth::{Proof, prove};
use crate::pages::{csrf_rejected, fail, fail_status, failure, layout, render};
use crate::session::{Ctx, Current, SESSION_COOKIE, blocking};
use axum::Form;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::{Invalid, Problem};
use dugu_storage::{SessionKind, StoreError};
use serde::Deserialize;

fn page(ctx: &Ctx, me: &Current, errors: Invalid, message: Option<String>) -> Response {
    render(&AccountPage {
        l: layout(&ctx.tr, Some(me), ctx.tr.get("account-title"), !errors.is_empty()),
        role: me.user.role.code().to_string(),
        has_totp: me.user.totp_secret.is_some(),
        errors,
        message,
    })
}

/// `GET /account`.
pub async fn show(ctx: Ctx) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let message = me.user.must_change_password.then(|| ctx.tr.get("account-must-change-password"));
    page(&ctx, me, Invalid::new(), message)
}

/// The language form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LanguageForm {
    csrf: String,
    language: String,
}

/// `POST /account/language`.
pub async fn language(ctx: Ctx, Form(form): Form<LanguageForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let (st, uid, lang) = (ctx.state.clone(), me.user.id.clone(), form.language.clone());
    match blocking(move || st.store.set_language(&uid, &lang)).await {
        Ok(Ok(())) => Redirect::to("/account").into_response(),
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// The password form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    csrf: String,
    current_password: String,
    new_password: String,
}

fn with_cookie(ctx: &Ctx, mut r: Response, token: &str) -> Response {
    let v = super::login::cookie_header(&ctx.state, SESSION_COOKIE, token, 12 * 3600);
    if let Ok(v) = HeaderValue::from_str(&v) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// `POST /account/password`: ends every session of the user, then starts
/// a fresh one for this browser.
pub async fn password(ctx: Ctx, Form(form): Form<PasswordForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let mut inv = Invalid::new();
    // The current password is guessed like a sign-in: throttled per account
    // and address, each failure audited.
    match prove(&ctx, &me, &form.current_password, None).await {
        Proof::Ok => {}
        Proof::Wrong => inv.add("current_password", Problem::Unknown),
        Proof::Throttled => {
            let mut r = page(&ctx, &me, Invalid::new(), Some(ctx.tr.get("login-throttled")));
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            return r;
        }
        Proof::Failed(s) => return fail_status(&ctx, s),
    }
    if let Err(p) = dugu_domain::password::check_new(&form.new_password, &me.user.username) {
        inv.add("new_password", p);
    }
    if !inv.is_empty() {
        return page(&ctx, &me, inv, None);
    }
    let (st, uid, who, new) = (ctx.state.clone(), me.user.id.clone(), me.principal.clone(), form.new_password.clone());
    let saved = blocking(move || {
        let hash = auth::hash_password(&new).map_err(|e| StoreError::Io(e.to_string()))?;
        st.store.set_password(&who, &uid, hash)
    })
    .await;
    if let Some(r) = failure(&ctx, saved) {
        return r;
    }
    match start_session(&ctx.state, &me.user, SessionKind::Web, true).await {
        Ok(token) => with_cookie(&ctx, Redirect::to("/account").into_response(), &token),
        Err(s) => fail_status(&ctx, s),
    }
}

/// `GET /account/totp`: a new secret to enrol, kept with the session until
/// confirmed by a code.
pub async fn totp_show(ctx: Ctx) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    // Replacing the factor ends every session and starts one here: only
    // with the password given recently, so a stolen session cannot swap
    // the factor and lock its owner out.
    if let Some(r) = crate::pages::reauth::demand(&ctx, "/account/totp") {
        return r;
    }
    let secret = auth::new_totp_secret();
    let (st, h, s) = (ctx.state.clone(), me.session.token_hash.clone(), secret.clone());
    if let Some(r) = failure(&ctx, blocking(move || st.store.set_pending_totp(&h, Some(s))).await) {
        return r;
    }
    totp_page(&ctx, "/account/totp", Some(secret), None)
}

/// `POST /account/totp`: confirms the secret; ends every session of the
/// user and starts a fresh one here.
pub async fn totp_submit(ctx: Ctx, Form(form): Form<CodeForm>) -> Response {
    let token = form_token(&form);
    if let Some(r) = csrf_rejected(&ctx, &token) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let Some(secret) = me.session.pending_totp.clone() else {
        return Redirect::to("/account/totp").into_response();
    };
    let checked = match code_ok(&ctx.state, &me.user.id, &secret, form_code(&form)).await {
        Ok(c) => c,
        Err(s) => return fail_status(&ctx, s),
    };
    let Some(step) = checked else {
        return totp_page(&ctx, "/account/totp", Some(secret), Some(ctx.tr.get("totp-wrong")));
    };
    let (st, uid, who) = (ctx.state.clone(), me.user.id.clone(), me.principal.clone());
    let saved = blocking(move || st.store.enrol_second_factor(&who, &uid, secret, step)).await;
    if let Some(r) = failure(&ctx, saved) {
        return r;
    }
    let token = match start_session(&ctx.state, &me.user, SessionKind::Web, true).await {
        Ok(t) => t,
        Err(s) => return fail_status(&ctx, s),
    };
    // The new session is no fresher than the one it replaces: a code alone
    // proves no password.
    let (st, h, at) = (ctx.state.clone(), auth::token_hash(&token), me.session.reauth_at);
    if let Some(r) = failure(&ctx, blocking(move || st.store.mark_reauthenticated(&h, at)).await) {
        return r;
    }
    with_cookie(&ctx, Redirect::to("/account").into_response(), &token)
}

fn form_token(f: &CodeForm) -> String {
    f.token().to_string()
}

fn form_code(f: &CodeForm) -> &str {
    f.code()
}
