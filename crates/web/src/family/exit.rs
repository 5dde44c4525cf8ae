//! Ending a household's family support (graduation or another exit),
//! which cannot be taken back from the page: a page of its own that says
//! what will happen, a date and a reason chosen by the person (nothing in
//! advance), the answers checked, then confirmed.

use crate::i18n::Tr;
use crate::pages::confirm::{CheckPage, EndForm};
use crate::pages::forms::{Saved, saved};
use crate::pages::{csrf_rejected, fail, fail_status, layout, render, render_checked};
use crate::session::{Ctx, blocking};
use crate::templates::Choice;
use crate::today;
use axum::Form;
use axum::extract::Path;
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
    ended_on: String,
    exit_reason: String,
}

/// The household as the pages show it, with its support now.
struct Supported {
    about: String,
    name: String,
    started_on: String,
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

fn form_page(ctx: &Ctx, id: &str, c: &Supported, form: &ExitForm, errors: Invalid) -> Response {
    let tr = &ctx.tr;
    let page = EndForm {
        l: layout(tr, ctx.me(), tr.get("end-support-title"), !errors.is_empty()),
        about: c.about.clone(),
        consequences: consequences(tr, c),
        action: format!("/households/{id}/exit"),
        back: format!("/households/{id}#support"),
        date: ("ended_on", tr.get("field-ended_on"), form.ended_on.clone()),
        reason: ("exit_reason", tr.get("field-exit_reason"), form.exit_reason.clone()),
        choices: Exit::ALL.iter().map(|e| Choice { id: e.code().into(), label: tr.code("exit", e.code()) }).collect(),
        errors,
        date_message: None,
    };
    let refused = !page.errors.is_empty();
    render_checked(&page, refused)
}

/// `GET /households/{id}/exit`: what ending support does, and its form.
pub async fn show(ctx: Ctx, Path(id): Path<String>) -> Response {
    match supported(&ctx, &id).await {
        Ok(c) => form_page(&ctx, &id, &c, &ExitForm::default(), Invalid::new()),
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
    let c = match supported(&ctx, &id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match form.step.as_str() {
        "change" => form_page(&ctx, &id, &c, &form, Invalid::new()),
        "confirm" => {
            let Some(me) = ctx.me() else { return fail_status(&ctx, StatusCode::UNAUTHORIZED) };
            let (st, who, hid) = (ctx.state.clone(), me.principal.clone(), id.clone());
            let (on, reason) = (form.ended_on.clone(), form.exit_reason.clone());
            match blocking(move || st.store.end_support(&who, &hid, &on, &reason, today())).await {
                Ok(Ok(())) => saved(&format!("/households/{id}"), Saved::Exit),
                Ok(Err(StoreError::Invalid(inv))) => form_page(&ctx, &id, &c, &form, inv),
                Ok(Err(e)) => fail(&ctx, e),
                Err(s) => fail_status(&ctx, s),
            }
        }
        _ => {
            let errors = check(&form, &c);
            if !errors.is_empty() {
                return form_page(&ctx, &id, &c, &form, errors);
            }
            let tr = &ctx.tr;
            render(&CheckPage {
                l: layout(tr, ctx.me(), tr.get("end-support-check-title"), false),
                about: c.about.clone(),
                answers: vec![
                    (tr.get("field-ended_on"), tr.date_plain(&form.ended_on)),
                    (tr.get("field-exit_reason"), tr.code("exit", &form.exit_reason)),
                ],
                consequences: consequences(tr, &c),
                action: format!("/households/{id}/exit"),
                hidden: vec![
                    ("ended_on".into(), form.ended_on.clone()),
                    ("exit_reason".into(), form.exit_reason.clone()),
                ],
                confirm: tr.get("end-support-confirm"),
                back: format!("/households/{id}#support"),
            })
        }
    }
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
        && d < c.started_on
    {
        inv.add("ended_on", Problem::OutOfRange);
    }
    inv.check("exit_reason", Exit::parse(form.exit_reason.trim()));
    inv
}
