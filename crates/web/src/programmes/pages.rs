//! Enrolling a person in a programme from the person's page.

use crate::pages::{csrf_rejected, fail, fail_status};
use crate::people::person::show_with;
use crate::session::{Ctx, blocking};
use axum::Form;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_storage::StoreError;
use serde::Deserialize;

/// The enrolment form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EnrolForm {
    csrf: String,
    programme_id: String,
    start_date: String,
}

/// `POST /people/{id}/enrolments`.
pub async fn enrol(ctx: Ctx, Path(id): Path<String>, Form(form): Form<EnrolForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who, pid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    match blocking(move || st.store.enrol(&who, &form.programme_id, &pid, &form.start_date)).await {
        Ok(Ok(_)) => Redirect::to(&format!("/people/{id}")).into_response(),
        Ok(Err(StoreError::Invalid(inv))) => show_with(ctx, id, inv).await,
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
