//! Ending a child's care, which cannot be taken back from the page: a
//! page of its own that says what will happen, a date and a reason chosen
//! by the person (nothing in advance), the answers checked, then confirmed.

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
use dugu_domain::village::LeavingReason;
use dugu_domain::{Invalid, Problem};
use dugu_storage::StoreError;
use serde::Deserialize;

/// The leaving form, at each of its steps.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LeavingForm {
    csrf: String,
    step: String,
    /// The check page's draft, sent back by its buttons.
    draft: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    left_on: String,
    leaving_reason: String,
}

/// The check page's address: `?check={draft}`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CheckQuery {
    check: String,
}

/// The child as the pages show it, with its care now.
struct InCare {
    about: String,
    name: String,
    house: Option<String>,
    admitted_on: time::Date,
}

/// The child, if in care and the reader handles care (else the page
/// does not exist for them).
async fn in_care(ctx: &Ctx, id: &str) -> Result<InCare, Response> {
    let Some(me) = ctx.me() else { return Err(fail_status(ctx, StatusCode::UNAUTHORIZED)) };
    let (st, who, pid, role) = (ctx.state.clone(), me.principal.clone(), id.to_string(), me.user.role);
    let loaded = blocking(move || -> Result<InCare, StoreError> {
        let p = st.store.view_person(&who, &pid)?;
        if !role.handles_care() {
            return Err(StoreError::Forbidden);
        }
        let care = st.store.care_of(&who, &pid)?.filter(|c| c.left_on.is_none()).ok_or(StoreError::NotFound)?;
        let name = format!("{} {}", p.given_name, p.family_name);
        Ok(InCare {
            about: format!("{name} — {}", p.record_number),
            name,
            house: care.placements.iter().find(|pl| pl.to_date.is_none()).map(|pl| pl.house_name.clone()),
            admitted_on: care.admitted_on,
        })
    })
    .await;
    crate::pages::loaded(ctx, loaded)
}

fn consequences(tr: &Tr, c: &InCare) -> Vec<String> {
    let mut out = vec![tr.args("end-care-ends", &[("name", &c.name), ("elide", crate::format::elision(&c.name))])];
    if let Some(h) = &c.house {
        out.push(tr.arg("end-care-house", "house", h));
    }
    out.push(tr.get("end-care-follow-up"));
    out.push(tr.get("end-care-final"));
    out
}

/// The ending of this child's care, as its pages show it.
fn ending(tr: &Tr, id: &str, c: &InCare) -> Ending {
    let day = crate::format::day_plain(tr, c.admitted_on);
    Ending {
        about: c.about.clone(),
        consequences: consequences(tr, c),
        action: format!("/people/{id}/leaving"),
        back: format!("/people/{id}#care"),
        titles: (tr.get("end-care-title"), tr.get("end-care-check-title"), tr.get("end-care-confirm")),
        date: ("left_on", tr.get("field-left_on")),
        reason: ("leaving_reason", tr.get("field-leaving_reason"), "leaving"),
        choices: LeavingReason::ALL
            .iter()
            .map(|r| Choice { id: r.code().into(), label: tr.code("leaving", r.code()) })
            .collect(),
        date_message: Some((Problem::BeforeAdmission, tr.arg("end-care-before-admission", "date", &day))),
    }
}

/// `GET /people/{id}/leaving`: what leaving care does, and its form.
pub async fn show(ctx: Ctx, Path(id): Path<String>, Query(q): Query<CheckQuery>) -> Response {
    let done = format!("/people/{id}");
    if let Some(r) = Ending::already_done(&ctx, &format!("/people/{id}/leaving"), &q.check, (&done, Saved::Leaving)) {
        return r;
    }
    match in_care(&ctx, &id).await {
        Ok(c) if !q.check.is_empty() => ending(&ctx.tr, &id, &c).check_page(&ctx, &q.check),
        Ok(c) => ending(&ctx.tr, &id, &c).form(&ctx, ("", ""), Invalid::new()),
        Err(r) => r,
    }
}

/// `POST /people/{id}/leaving`: checks the answers (`step=check`), goes
/// back to change them (`step=change`), or ends the care
/// (`step=confirm`) and returns to the child's page.
pub async fn post(ctx: Ctx, Path(id): Path<String>, Form(form): Form<LeavingForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let done = format!("/people/{id}");
    if let Some(r) = Ending::already_done(&ctx, &format!("/people/{id}/leaving"), &form.draft, (&done, Saved::Leaving))
    {
        return r;
    }
    let c = match in_care(&ctx, &id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some(me) = ctx.me() else { return fail_status(&ctx, StatusCode::UNAUTHORIZED) };
    let (st, who, pid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let answers = (form.left_on.as_str(), form.leaving_reason.as_str());
    ending(&ctx.tr, &id, &c)
        .answer(
            &ctx,
            &form.step,
            &form.draft,
            answers,
            check(&form, &c),
            move |on: String, reason: String| st.store.leave_care(&who, &pid, &on, &reason, today()),
            (&done, Saved::Leaving),
        )
        .await
}

/// The answers as the store will judge them, before the check page
/// repeats them (the store judges again on confirming).
fn check(form: &LeavingForm, c: &InCare) -> Invalid {
    let mut inv = Invalid::new();
    let date = match form.left_on.trim() {
        "" => Err(Problem::Required),
        raw => dugu_domain::birth::event_date(raw, today(), None),
    };
    if let Some(d) = inv.check("left_on", date)
        && d < c.admitted_on.to_string()
    {
        inv.add("left_on", Problem::BeforeAdmission);
    }
    inv.check("leaving_reason", LeavingReason::parse(form.leaving_reason.trim()));
    inv
}
