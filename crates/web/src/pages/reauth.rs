//! Re-authentication before a sensitive action (security.md 11): granting
//! or changing a role, resetting a password or a second factor, disabling
//! a user, approving a grant, exporting the audit trail. The user must have
//! given their password (and code, where enrolled) in the last 15 minutes;
//! signing in counts. Otherwise the action answers 403 with the form that
//! proves it again, and nothing is done.

use crate::auth;
use crate::pages::{csrf_rejected, fail_status, layout, render};
use crate::session::{Ctx, Current, blocking};
use crate::sign_in::login::code_ok;
use askama::Template;
use axum::Form;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_storage::AuditAction;
use serde::Deserialize;

/// How long a proof of identity lasts for sensitive actions.
pub const FRESH_MS: i64 = 15 * 60 * 1000;

#[derive(Template)]
#[template(path = "pages/reauth.html")]
struct ReauthPage {
    l: crate::templates::Layout,
    next: String,
    totp: bool,
    message: Option<String>,
}

/// Whether the caller proved who they are recently enough.
pub fn is_fresh(ctx: &Ctx, me: &Current) -> bool {
    ctx.state.clock.now() - me.session.reauth_at <= FRESH_MS
}

/// `None` when the caller may go on; otherwise the 403 page asking for the
/// password again, which returns to `next` (a page of dugu) afterwards.
pub fn demand(ctx: &Ctx, next: &str) -> Option<Response> {
    let me = ctx.me()?;
    if is_fresh(ctx, me) {
        return None;
    }
    let mut r = page(ctx, me, next, None);
    *r.status_mut() = StatusCode::FORBIDDEN;
    Some(r)
}

fn page(ctx: &Ctx, me: &Current, next: &str, message: Option<String>) -> Response {
    render(&ReauthPage {
        l: layout(&ctx.tr, Some(me), ctx.tr.get("reauth-title"), message.is_some()),
        next: local(next).to_string(),
        totp: me.user.totp_secret.is_some(),
        message,
    })
}

/// Only a path of this site may follow: never another host (`//evil`),
/// never a scheme.
fn local(next: &str) -> &str {
    // Browsers drop tabs and new lines from a URL, so "/\t/evil" would
    // become "//evil": only plain path characters pass.
    let plain = next.bytes().all(|b| b.is_ascii_alphanumeric() || b"/_.?=&%-".contains(&b));
    let ok = plain && next.starts_with('/') && !next.starts_with("//");
    if ok { next } else { "/" }
}

/// `?next=` of the re-authentication page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

/// `GET /reauth`.
pub async fn show(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    page(&ctx, me, &q.next, None)
}

/// The re-authentication form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReauthForm {
    csrf: String,
    next: String,
    password: String,
    code: String,
}

/// `POST /reauth`: throttled like sign-in (per account and address); each
/// failure and the success are audited.
pub async fn submit(ctx: Ctx, Form(form): Form<ReauthForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    match prove(&ctx, &me, &form.password, Some(&form.code)).await {
        Proof::Throttled => {
            let mut r = page(&ctx, &me, &form.next, Some(ctx.tr.get("login-throttled")));
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            r
        }
        Proof::Wrong => page(&ctx, &me, &form.next, Some(ctx.tr.get("reauth-wrong"))),
        Proof::Failed(s) => fail_status(&ctx, s),
        Proof::Ok => {
            let (st, h, who, now) =
                (ctx.state.clone(), me.session.token_hash.clone(), me.principal.clone(), ctx.state.clock.now());
            let saved = blocking(move || st.store.reauthenticated(&who, &h, now)).await;
            match crate::pages::failure(&ctx, saved) {
                None => Redirect::to(local(&form.next)).into_response(),
                Some(r) => r,
            }
        }
    }
}

/// The outcome of asking a signed-in user for their password again.
pub enum Proof {
    /// Right password (and code).
    Ok,
    /// Wrong: audited and counted.
    Wrong,
    /// Too many failures: wait.
    Throttled,
    /// The store failed.
    Failed(StatusCode),
}

/// Checks a signed-in user's password (and, when `code` is given and the
/// user has a second factor, the code), throttled per account and address
/// like sign-in; a failure is audited.
pub async fn prove(ctx: &Ctx, me: &Current, password: &str, code: Option<&str>) -> Proof {
    let now = ctx.state.clock.now();
    let throttle = &ctx.state.throttle;
    if !throttle.allowed(&me.user.username, &ctx.addr, now) {
        return Proof::Throttled;
    }
    let (hash, pw) = (me.user.password_hash.clone(), password.to_string());
    let mut ok = match blocking(move || auth::verify_password(&pw, &hash)).await {
        Ok(ok) => ok,
        Err(s) => return Proof::Failed(s),
    };
    if let (true, Some(code), Some(secret)) = (ok, code, me.user.totp_secret.as_deref()) {
        ok = match code_ok(&ctx.state, &me.user.id, secret, code).await {
            Ok(step) => step.is_some(),
            Err(s) => return Proof::Failed(s),
        };
    }
    if ok {
        throttle.succeeded(&me.user.username);
        return Proof::Ok;
    }
    throttle.failed(&me.user.username, &ctx.addr, now);
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let audited = blocking(move || st.store.audit_event(Some(&who), AuditAction::ReauthFailed, "session", "")).await;
    match audited {
        Ok(Ok(())) => Proof::Wrong,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "cannot audit a failed re-authentication");
            Proof::Failed(StatusCode::INTERNAL_SERVER_ERROR)
        }
        Err(s) => Proof::Failed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::local;

    #[test]
    fn only_local_paths_follow() {
        assert_eq!(local("/admin/users/1"), "/admin/users/1");
        for bad in
            ["//evil.example/x", "https://evil.example", "javascript:alert(1)", "/\\evil", "", "/\t/evil.example"]
        {
            assert_eq!(local(bad), "/", "{bad}");
        }
    }
}
