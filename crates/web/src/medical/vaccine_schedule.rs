//! The vaccination schedule: every signed-in user who reads medical data
//! sees it; the national director changes it (one form per dose, and one
//! to add a dose). Cards and overdue lists follow at once.

use super::templates::VaccineSchedulePage;
use crate::pages::forms::{Forms, Saved};
use crate::pages::{csrf_rejected, fail, fail_status, layout, render_checked};
use crate::session::{Ctx, blocking};
use axum::Form;
use axum::response::Response;
use dugu_domain::{FieldGroup, Invalid};
use dugu_storage::StoreError;
use serde::Deserialize;

/// A dose as the form sends it.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DoseForm {
    pub csrf: String,
    pub code: String,
    pub vaccine: String,
    pub due_days: String,
    pub position: String,
    /// A checkbox: present when ticked.
    pub active: Option<String>,
}

/// Where the schedule is, and where its confirmation's cookie is for.
const PAGE: &str = "/vaccine-schedule";

/// `GET /vaccine-schedule`, saying once what was just saved (the cookie
/// flash every page uses: a `?saved=1` link said it again on every reload).
pub async fn show(ctx: Ctx) -> Response {
    let saved = Forms::after(&ctx).saved == Some(Saved::Schedule);
    let clearing = Forms::clearing(&ctx, PAGE);
    Forms::said(clearing, page(ctx, DoseForm::default(), Invalid::new(), saved).await)
}

async fn page(ctx: Ctx, form: DoseForm, errors: Invalid, saved: bool) -> Response {
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let me = me.clone();
    let role = me.user.role;
    if !role.reads(FieldGroup::Medical) && !role.sets_vaccine_schedule() {
        return fail(&ctx, StoreError::Forbidden);
    }
    let st = ctx.state.clone();
    let doses = match blocking(move || st.store.vaccine_schedule()).await {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let has_errors = !errors.is_empty();
    render_checked(
        &VaccineSchedulePage {
            l: layout(&ctx.tr, Some(&me), ctx.tr.get("schedule-title"), has_errors),
            doses,
            can_edit: role.sets_vaccine_schedule(),
            form: DoseFormView {
                code: form.code,
                vaccine: form.vaccine,
                due_days: form.due_days,
                position: form.position,
                active: form.active.is_some() || !has_errors,
            },
            errors,
            saved,
        },
        has_errors,
    )
}

/// The add/change form's values, as typed.
pub struct DoseFormView {
    pub code: String,
    pub vaccine: String,
    pub due_days: String,
    pub position: String,
    pub active: bool,
}

/// `POST /vaccine-schedule`: adds a dose or changes the one with its code.
pub async fn save(ctx: Ctx, Form(form): Form<DoseForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let who = me.principal.clone();
    let dose = match dugu_domain::vaccine::parse_dose(
        &form.code,
        &form.vaccine,
        &form.due_days,
        &form.position,
        form.active.is_some(),
    ) {
        Ok(d) => d,
        Err(inv) => return page(ctx, form, inv, false).await,
    };
    let st = ctx.state.clone();
    match blocking(move || st.store.save_scheduled_dose(&who, dose)).await {
        Ok(Ok(())) => crate::pages::forms::saved(&ctx, PAGE, Saved::Schedule),
        Ok(Err(StoreError::Invalid(inv))) => page(ctx, form, inv, false).await,
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
