//! Family strengthening on a household's page: enrol, assess (seven areas
//! scored 0–3, compared with the assessment before), plan, visit, exit.
//! Directors and social workers only: it is protection data.

use super::templates::SupportView;
use crate::i18n::Tr;
use crate::pages::forms::{Forms, Saved, saved};
use crate::pages::{csrf_rejected, fail, fail_status};
use crate::session::{Ctx, blocking};
use crate::templates::Choice;
use axum::Form;
use axum::extract::Path;
use axum::response::Response;
use dugu_domain::family::AREAS;
use dugu_storage::{PlanActionInput, StoreError, Support};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use crate::today;

/// The household page's family-strengthening section.
pub fn view(tr: &Tr, support: Option<Support>, can_write: bool) -> SupportView {
    let now = today();
    let overdue = support
        .as_ref()
        .map(|s| s.plan.iter().filter(|a| a.done_on.is_none() && a.due_on < now).map(|a| a.id.clone()).collect())
        .unwrap_or_default();
    let open = support.as_ref().is_some_and(|s| s.ended_on.is_none());
    SupportView {
        struck: Vec::new(),
        exit: support.as_ref().and_then(|s| s.exit_reason).map(|e| tr.code("exit", e.code())),
        support,
        open,
        can_write,
        overdue,
        areas: AREAS.iter().map(|a| Choice { id: (*a).into(), label: tr.code("area", a) }).collect(),
        today: now.to_string(),
    }
}

/// Back to the household's page: at the support section saying what was
/// saved, or with the form refused, open, what was typed kept.
pub(crate) async fn done(
    ctx: Ctx,
    id: String,
    result: Result<Result<(), StoreError>, axum::http::StatusCode>,
    what: Saved,
    form: &'static str,
    typed: Vec<(String, String)>,
) -> Response {
    match result {
        Ok(Ok(())) => saved(&ctx, &format!("/households/{id}"), what),
        Ok(Err(StoreError::Invalid(inv))) => {
            crate::households::pages::household_page(&ctx, id, Forms::refused(form, inv, typed)).await
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// Every family-strengthening form: a token and named fields.
#[derive(Deserialize, Serialize, Default)]
pub struct SupportForm {
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

impl SupportForm {
    fn get(&self, k: &str) -> String {
        self.fields.get(k).cloned().unwrap_or_default()
    }

    /// A date field, read the way the page asks it typed (day first).
    fn day(&self, k: &str) -> String {
        crate::format::day_from_form(&self.get(k))
    }
}

async fn handle(
    ctx: Ctx,
    id: String,
    form: SupportForm,
    (what, name): (Saved, &'static str),
    change: impl FnOnce(&dyn dugu_storage::Backend, &dugu_storage::Principal, &str, &SupportForm) -> Result<(), StoreError>
    + Send
    + 'static,
) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.get("csrf")) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who, hid, typed) = (ctx.state.clone(), me.principal.clone(), id.clone(), Forms::typed(&form));
    let result = blocking(move || change(&*st.store, &who, &hid, &form)).await;
    done(ctx, id, result, what, name, typed).await
}

/// `POST /households/{id}/support`.
pub async fn start(ctx: Ctx, Path(id): Path<String>, Form(form): Form<SupportForm>) -> Response {
    handle(ctx, id, form, (Saved::Support, "support"), |s, who, h, f| {
        s.start_support(who, h, &f.day("started_on"), today())
    })
    .await
}

/// `POST /households/{id}/assessments`.
pub async fn assess(ctx: Ctx, Path(id): Path<String>, Form(form): Form<SupportForm>) -> Response {
    handle(ctx, id, form, (Saved::Assessment, "assessment"), |s, who, h, f| {
        let mut scores = [None; 7];
        for (slot, area) in scores.iter_mut().zip(AREAS) {
            *slot = f.get(area).trim().parse::<i64>().ok();
        }
        s.assess(who, h, &f.day("assessed_on"), scores, today()).map(|_| ())
    })
    .await
}

/// `POST /households/{id}/plan-actions`.
pub async fn add_action(ctx: Ctx, Path(id): Path<String>, Form(form): Form<SupportForm>) -> Response {
    handle(ctx, id, form, (Saved::PlanAction, "plan-action"), |s, who, h, f| {
        let input = PlanActionInput {
            goal: f.get("goal"),
            action: f.get("action"),
            responsible: f.get("responsible"),
            due_on: f.day("due_on"),
        };
        s.add_plan_action(who, h, input).map(|_| ())
    })
    .await
}

/// `POST /households/{id}/plan-actions/{action_id}/done`.
pub async fn complete_action(
    ctx: Ctx,
    Path((id, action_id)): Path<(String, String)>,
    Form(form): Form<SupportForm>,
) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.get("csrf")) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who, hid, typed) = (ctx.state.clone(), me.principal.clone(), id.clone(), Forms::typed(&form));
    let aid = action_id.clone();
    // The day it was done, as typed: never today by default.
    let result = blocking(move || st.store.complete_plan_action(&who, &hid, &aid, &form.day("done_on"), today())).await;
    match result {
        // Back to the action marked, not the top of the plan.
        Ok(Ok(())) => crate::pages::forms::saved_at(
            &ctx,
            &format!("/households/{id}"),
            Saved::ActionDone,
            &format!("action-{action_id}"),
        ),
        other => done(ctx, id, other, Saved::ActionDone, "action-done", typed).await,
    }
}

/// `POST /households/{id}/visits`.
pub async fn visit(ctx: Ctx, Path(id): Path<String>, Form(form): Form<SupportForm>) -> Response {
    handle(ctx, id, form, (Saved::HomeVisit, "home-visit"), |s, who, h, f| {
        s.record_visit(who, h, &f.day("visited_on"), &f.get("notes"), today())
    })
    .await
}
