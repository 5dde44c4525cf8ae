//! Recording a school year from a child's page.

use crate::pages::forms::{Forms, Saved};
use crate::pages::{csrf_rejected, fail_status};
use crate::people::person::{after_form, show_with};
use crate::session::{Ctx, blocking};
use axum::Form;
use axum::extract::Path;
use axum::response::Response;
use dugu_domain::{Invalid, Problem};
use serde::{Deserialize, Serialize};

/// The school-year form.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct SchoolForm {
    csrf: String,
    year: String,
    school: String,
    grade: String,
    result: String,
    average: String,
}

/// `POST /people/{id}/school-years`.
pub async fn school_year(ctx: Ctx, Path(id): Path<String>, Form(form): Form<SchoolForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let typed = Forms::typed(&form);
    let mut inv = Invalid::new();
    let average = match form.average.trim() {
        "" => None,
        t => match t.replace(',', ".").parse::<f64>() {
            Ok(v) => Some(v),
            Err(_) => {
                inv.add("average", Problem::Malformed);
                None
            }
        },
    };
    if !inv.is_empty() {
        return show_with(ctx, id, Forms::refused("school-year", inv, typed)).await;
    }
    let y = dugu_storage::SchoolYearInput {
        year: form.year,
        school: form.school,
        grade: form.grade,
        result: (!form.result.is_empty()).then_some(form.result),
        average,
    };
    let (st, who, pid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let done = blocking(move || st.store.save_school_year(&who, &pid, y)).await;
    after_form(ctx, id, done, Saved::SchoolYear, "school-year", typed).await
}
