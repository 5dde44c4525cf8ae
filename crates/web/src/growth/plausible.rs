//! A value the WHO flags as implausible for the child (a 95 kg toddler)
//! is a typing slip far more often than a fact: it is saved only once
//! someone confirms it. The flags are dugu-growth's own (|z| beyond WHO's
//! limits for each indicator); each names the value to check.

use super::assessment::{INDICATORS, assess};
use super::pages::MeasurementForm;
use super::templates::ConfirmPage;
use crate::pages::{fail_status, layout, render_checked};
use crate::session::{Ctx, blocking};
use axum::response::Response;
use dugu_domain::measurement::MeasurementInput;
use dugu_domain::{Invalid, Problem};
use dugu_storage::{Person, StoredMeasurement};

/// The value each indicator is read from, so a flag names what to check
/// (weight-for-length and BMI: the weight, as the likelier slip).
fn field_of(indicator: &str) -> &'static str {
    match indicator {
        "zlen" => "length_height_cm",
        "zhc" => "head_cm",
        "zac" => "muac_mm",
        _ => "weight_kg",
    }
}

/// The flagged indicators of a measurement of this child, each with the
/// field it names (first flag per field only).
/// None for a measurement the store will refuse anyway (its own message
/// comes first).
pub(crate) fn flags(
    sex: dugu_domain::Sex,
    birth_date: Option<time::Date>,
    input: &MeasurementInput,
) -> Vec<(&'static str, &'static str)> {
    let Ok(checked) = input.check(birth_date, crate::today()) else {
        return Vec::new();
    };
    let m = StoredMeasurement::checked("", "", &checked);
    let a = assess(sex, birth_date, &m);
    let mut out: Vec<(&'static str, &'static str)> = Vec::new();
    for i in INDICATORS {
        let field = field_of(i);
        if a.z(i).is_some_and(|z| z.flag) && !out.iter().any(|(_, f)| *f == field) {
            out.push((i, field));
        }
    }
    out
}

/// The flags as a refusal: each field named with `implausible`.
pub(crate) fn refusal(flags: &[(&str, &'static str)]) -> Invalid {
    let mut inv = Invalid::new();
    for (_, field) in flags {
        inv.add(field, Problem::Implausible);
    }
    inv
}

/// The child, as the flags need it (sex and birth date); the read is
/// audited like any view of the record.
pub(crate) async fn child(ctx: &Ctx, person: &str) -> Result<Person, Response> {
    let Some(me) = ctx.me() else { return Err(fail_status(ctx, axum::http::StatusCode::UNAUTHORIZED)) };
    let (st, who, id) = (ctx.state.clone(), me.principal.clone(), person.to_string());
    crate::pages::loaded(ctx, blocking(move || st.store.view_person(&who, &id)).await)
}

/// Where a child's measurements are posted (the key of a confirmation's
/// one-time token).
pub(crate) fn action(person: &str) -> String {
    format!("/people/{person}/measurements")
}

/// The form back, values kept, each flagged value named with why, and a
/// box to tick to save it anyway (422: nothing was saved).
pub(crate) fn ask(ctx: &Ctx, person: &Person, form: &MeasurementForm, flags: &[(&str, &'static str)]) -> Response {
    let Some(me) = ctx.me() else { return fail_status(ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let message = |field: &str| {
        flags.iter().find(|(_, f)| *f == field).map(|(i, _)| ctx.tr.code("implausible", i)).unwrap_or_default()
    };
    let once = ctx.state.drafts.keep(&me.session.token_hash, ctx.state.clock.now(), &action(&person.id), Vec::new());
    render_checked(
        &ConfirmPage {
            l: layout(&ctx.tr, Some(me), ctx.tr.get("implausible-title"), true),
            person: person.id.clone(),
            once,
            date: form.date.clone(),
            numbers: ["weight_kg", "length_height_cm", "muac_mm", "head_cm"]
                .into_iter()
                .map(|f| {
                    let typed = match f {
                        "weight_kg" => &form.weight_kg,
                        "length_height_cm" => &form.length_height_cm,
                        "muac_mm" => &form.muac_mm,
                        _ => &form.head_cm,
                    };
                    (f, typed.clone(), message(f))
                })
                .collect(),
            measured: form.measured.clone(),
            oedema: form.oedema.is_some(),
            errors: refusal(flags),
        },
        true,
    )
}
