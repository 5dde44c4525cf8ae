//! Enrolling a person in a programme from the person's page.

use crate::pages::forms::{Forms, Saved};
use crate::pages::{csrf_rejected, fail_status};
use crate::people::person::after_form;
use crate::session::{Ctx, blocking};
use axum::Form;
use axum::extract::Path;
use axum::response::Response;
use serde::{Deserialize, Serialize};

/// The enrolment form.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct EnrolForm {
    csrf: String,
    programme_id: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    start_date: String,
}

/// `POST /people/{id}/enrolments`.
pub async fn enrol(ctx: Ctx, Path(id): Path<String>, Form(form): Form<EnrolForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who, pid, typed) = (ctx.state.clone(), me.principal.clone(), id.clone(), Forms::typed(&form));
    let done = blocking(move || st.store.enrol(&who, &form.programme_id, &pid, &form.start_date).map(|_| ())).await;
    after_form(ctx, id, done, Saved::Enrolment, "enrolment", typed).await
}
