//! Striking a record out, the way ending care is done: the strike-out
//! form (with its reason) leads to a check page of its own address
//! (`{record}?strike={draft}`) that says what will happen; only its
//! confirm strikes, once however often it is sent, and reloading the
//! check page writes nothing. Shared by every record's page and the
//! measurement's.

use crate::pages::confirm::CheckPage;
use crate::pages::drafts::Taken;
use crate::pages::forms::{Saved, saved};
use crate::pages::{fail, fail_status, layout, render};
use crate::session::{Ctx, blocking};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::{EntityKind, Invalid};
use dugu_storage::StoreError;

/// A strike-out's answers kept, and the reader sent to its check page.
pub(crate) fn begin(ctx: &Ctx, action: &str, reason: &str) -> Response {
    let Some(me) = ctx.me() else { return fail_status(ctx, StatusCode::UNAUTHORIZED) };
    let now = ctx.state.clock.now();
    let id = ctx.state.drafts.keep(&me.session.token_hash, now, action, vec![reason.to_string()]);
    Redirect::to(&format!("{action}?strike={id}")).into_response()
}

/// The reason kept in a strike-out's draft, if it is this session's and
/// not yet confirmed (a confirmed one shows the record, struck out).
pub(crate) fn kept(ctx: &Ctx, action: &str, draft: &str) -> Option<String> {
    let me = ctx.me()?;
    match ctx.state.drafts.get(draft, &me.session.token_hash, ctx.state.clock.now(), action) {
        Some((kept, false)) => kept.into_iter().next(),
        _ => None,
    }
}

/// The check page: the record, the reason, what striking out does, and
/// the button that does it.
pub(crate) fn check_page(
    ctx: &Ctx,
    kind: EntityKind,
    about: String,
    action: &str,
    draft: &str,
    reason: String,
) -> Response {
    let tr = &ctx.tr;
    let what = tr.code("amend-kind", kind.name());
    render(&CheckPage {
        l: layout(tr, ctx.me(), tr.get("strike-check-title"), false),
        about: format!("{what} — {about}"),
        answers: vec![(tr.get("field-strike_reason"), reason)],
        consequences: vec![tr.get("strike-check-stays"), tr.get("strike-check-counts"), tr.get("strike-check-final")],
        action: action.to_string(),
        hidden: vec![("amend".into(), "strike_out".into()), ("draft".into(), draft.to_string())],
        confirm: tr.get("amend-record-strike-save"),
        back: action.to_string(),
    })
}

/// The confirm of a check page's draft: the first strikes (`strike` runs
/// in the store, which judges the reason again), every later one goes
/// where the first went writing nothing; an expired draft is the record's
/// page again. Refused: `refused` shows the record's page with the
/// problems and the reason as typed.
pub(crate) async fn confirm(
    ctx: &Ctx,
    action: &str,
    draft: &str,
    strike: impl FnOnce(String) -> Result<(), StoreError> + Send + 'static,
    done: (&str, Saved),
    refused: impl FnOnce(Invalid, String) -> Response,
) -> Response {
    let Some(me) = ctx.me() else { return fail_status(ctx, StatusCode::UNAUTHORIZED) };
    let (drafts, now) = (&ctx.state.drafts, ctx.state.clock.now());
    let reason = match drafts.take(draft, &me.session.token_hash, now, action) {
        Taken::Fresh(kept) => kept.into_iter().next().unwrap_or_default(),
        Taken::Already => return saved(ctx, done.0, done.1),
        Taken::Unknown => return Redirect::to(action).into_response(),
    };
    let typed = reason.clone();
    let outcome = blocking(move || strike(reason)).await;
    if !matches!(outcome, Ok(Ok(()))) {
        drafts.release(draft);
    }
    match outcome {
        Ok(Ok(())) => saved(ctx, done.0, done.1),
        Ok(Err(StoreError::Invalid(inv))) => refused(inv, typed),
        Ok(Err(e)) => fail(ctx, e),
        Err(s) => fail_status(ctx, s),
    }
}

/// The reason a strike-out needs, checked before its check page (the
/// store checks again on confirming).
pub(crate) fn reason_missing(reason: &str) -> Option<Invalid> {
    reason.trim().is_empty().then(|| {
        let mut inv = Invalid::new();
        inv.add("amend_reason", dugu_domain::Problem::Required);
        inv
    })
}

/// A strike-out's check page: `?strike={draft}`.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct StrikeQuery {
    /// The draft.
    pub strike: String,
}

/// A strike-out's problems said on its own field (`strike_reason`), not
/// on the correction form's reason.
pub(crate) fn on_strike_reason(mut inv: Invalid) -> Invalid {
    for e in &mut inv.0 {
        if e.field == "amend_reason" {
            e.field = "strike_reason".into();
        }
    }
    inv
}
