//! Ending a household's family support (graduation or another exit),
//! which cannot be taken back from the page: a page of its own that says
//! what will happen, a date and a reason chosen by the person (nothing in
//! advance), the answers checked, then confirmed.

use crate::i18n::Tr;
use crate::pages::confirm::Ending;
use crate::pages::forms::Saved;
use crate::pages::{csrf_rejected, fail_status};
use crate::session::{Ctx, blocking};
use crate::templates::Choice;
use crate::today;
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use dugu_domain::FieldGroup;
use dugu_domain::family::Exit;
use dugu_domain::{Invalid, Problem};
use dugu_storage::StoreError;
use serde::Deserialize;

/// The exit form, at each of its steps.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExitForm {
    csrf: String,
    step: String,
    /// The check page's draft, sent back by its buttons.
    draft: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    ended_on: String,
    exit_reason: String,
}

/// The check page's address: `?check={draft}`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CheckQuery {
    check: String,
}

/// The household as the pages show it, with its support now.
struct Supported {
    about: String,
    name: String,
    started_on: time::Date,
    open_actions: usize,
}

/// The household, if supported now and the reader writes protection
/// data (else the page does not exist for them).
async fn supported(ctx: &Ctx, id: &str) -> Result<Supported, Response> {
    let Some(me) = ctx.me() else { return Err(fail_status(ctx, StatusCode::UNAUTHORIZED)) };
    let (st, who, hid, role) = (ctx.state.clone(), me.principal.clone(), id.to_string(), me.user.role);
    let loaded = blocking(move || -> Result<Supported, StoreError> {
        let h = st.store.view_household(&who, &hid)?;
        if !role.writes(FieldGroup::Protection) {
            return Err(StoreError::Forbidden);
        }
        let s = st.store.support_of(&who, &hid)?.filter(|s| s.ended_on.is_none()).ok_or(StoreError::NotFound)?;
        Ok(Supported {
            about: format!("{} — {}", h.name, h.record_number),
            name: h.name,
            open_actions: s.plan.iter().filter(|a| a.done_on.is_none()).count(),
            started_on: s.started_on,
        })
    })
    .await;
    crate::pages::loaded(ctx, loaded)
}

fn consequences(tr: &Tr, c: &Supported) -> Vec<String> {
    let mut out = vec![tr.arg("end-support-ends", "name", &c.name)];
    if c.open_actions > 0 {
        out.push(tr.arg("end-support-open-actions", "count", &c.open_actions.to_string()));
    }
    out.push(tr.get("end-support-restart"));
    out.push(tr.get("end-support-final"));
    out
}

/// The ending of this household's support, as its pages show it.
fn ending(tr: &Tr, id: &str, c: &Supported) -> Ending {
    Ending {
        about: c.about.clone(),
        consequences: consequences(tr, c),
        action: format!("/households/{id}/exit"),
        back: format!("/households/{id}#support"),
        titles: (tr.get("end-support-title"), tr.get("end-support-check-title"), tr.get("end-support-confirm")),
        date: ("ended_on", tr.get("field-ended_on")),
        reason: ("exit_reason", tr.get("field-exit_reason"), "exit"),
        choices: Exit::ALL.iter().map(|e| Choice { id: e.code().into(), label: tr.code("exit", e.code()) }).collect(),
        date_message: None,
    }
}

/// `GET /households/{id}/exit`: what ending support does, and its form.
pub async fn show(ctx: Ctx, Path(id): Path<String>, Query(q): Query<CheckQuery>) -> Response {
    let done = format!("/households/{id}");
    if let Some(r) = Ending::already_done(&ctx, &format!("/households/{id}/exit"), &q.check, (&done, Saved::Exit)) {
        return r;
    }
    match supported(&ctx, &id).await {
        Ok(c) if !q.check.is_empty() => ending(&ctx.tr, &id, &c).check_page(&ctx, &q.check),
        Ok(c) => ending(&ctx.tr, &id, &c).form(&ctx, ("", ""), Invalid::new()),
        Err(r) => r,
    }
}

/// `POST /households/{id}/exit`: checks the answers (`step=check`), goes
/// back to change them (`step=change`), or ends the support
/// (`step=confirm`) and returns to the household's page.
pub async fn post(ctx: Ctx, Path(id): Path<String>, Form(form): Form<ExitForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let done = format!("/households/{id}");
    if let Some(r) = Ending::already_done(&ctx, &format!("/households/{id}/exit"), &form.draft, (&done, Saved::Exit)) {
        return r;
    }
    let c = match supported(&ctx, &id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some(me) = ctx.me() else { return fail_status(&ctx, StatusCode::UNAUTHORIZED) };
    let (st, who, hid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let answers = (form.ended_on.as_str(), form.exit_reason.as_str());
    ending(&ctx.tr, &id, &c)
        .answer(
            &ctx,
            &form.step,
            &form.draft,
            answers,
            check(&form, &c),
            move |on: String, reason: String| st.store.end_support(&who, &hid, &on, &reason, today()),
            (&done, Saved::Exit),
        )
        .await
}

/// The answers as the store will judge them, before the check page
/// repeats them (the store judges again on confirming).
fn check(form: &ExitForm, c: &Supported) -> Invalid {
    let mut inv = Invalid::new();
    let date = match form.ended_on.trim() {
        "" => Err(Problem::Required),
        raw => dugu_domain::birth::event_date(raw, today(), None),
    };
    if let Some(d) = inv.check("ended_on", date)
        && d < c.started_on.to_string()
    {
        inv.add("ended_on", Problem::OutOfRange);
    }
    inv.check("exit_reason", Exit::parse(form.exit_reason.trim()));
    inv
}
