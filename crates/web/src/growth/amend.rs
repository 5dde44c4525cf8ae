//! Correcting or striking out a measurement (`/people/{id}/measurements/{m}`):
//! the values as recorded, a correction form prefilled with them, a
//! strike-out form, each needing a reason, and the measurement's history
//! from the change log. Nothing is deleted; a struck-out measurement is no
//! longer drawn or counted.

use super::pages::{MeasurementForm, measurement_input};
use super::templates::{AmendPage, RevisionRow};
use crate::pages::forms::{Saved, saved};
use crate::pages::{csrf_rejected, fail, fail_status, layout, render_checked};
use crate::session::{Ctx, blocking};
use axum::Form;
use axum::extract::{Path, Query};
use axum::response::Response;
use dugu_domain::{EntityKind, FieldGroup, Invalid};
use dugu_storage::{Revision, StoreError, StoredMeasurement};
use serde::Deserialize;

/// What the page's two forms send: a correction (the measurement's fields,
/// `amend_reason`) or a strike-out (`strike_reason`, then its check
/// page's `step` and `draft`).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AmendForm {
    /// `correct` or `strike_out` (the same switch as every record's page).
    amend: String,
    amend_reason: String,
    strike_reason: String,
    step: String,
    draft: String,
    #[serde(flatten)]
    measurement: MeasurementForm,
}

/// A field's label on a correction page or in a history, for a record of
/// `kind` (a medical visit's `reason` is the consultation's, not the
/// admission's).
pub(crate) fn field_label(tr: &crate::i18n::Tr, kind: EntityKind, field: &str) -> String {
    match (kind, field) {
        (EntityKind::MedicalVisit, "reason") => tr.get("field-visit_reason"),
        (EntityKind::Vaccination | EntityKind::ExtraDose, "dose_code") => tr.get("field-dose"),
        _ => tr.label("field", field),
    }
}

/// A recorded value as the reader reads it: codes by their label (the
/// family is the field's), yes or no, numbers and dates the reader's way.
pub(crate) fn value_text(tr: &crate::i18n::Tr, field: &str, v: &serde_json::Value) -> String {
    let family = match field {
        "measured" => Some("measured"),
        "reason" | "leaving_reason" | "exit_reason" | "sex" | "relationship" | "result" | "undated" | "context" => {
            Some(match field {
                "reason" => "reason",
                "leaving_reason" => "leaving",
                "exit_reason" => "exit",
                other => other,
            })
        }
        "dose_code" => Some("vaccine"),
        "food" | "income" | "housing" | "health" | "education" | "child_care" | "protection" => Some("score"),
        _ => None,
    };
    match v {
        serde_json::Value::Null => "–".into(),
        serde_json::Value::Bool(b) => tr.get(if *b { "yes" } else { "no" }),
        serde_json::Value::String(s) => match family {
            Some(f) => tr.label(f, s),
            None => crate::format::date_text(tr, s).unwrap_or_else(|| s.clone()),
        },
        serde_json::Value::Number(n) => match (family, n.as_i64()) {
            (Some(f), Some(i)) => tr.label(f, &i.to_string()),
            _ => crate::format::number(tr, n.as_f64()),
        },
        other => other.to_string(),
    }
}

/// A record's history as rows (shared with every other kind's page):
/// fields and values in words; an id the reader may see named by `names`
/// (a location), links between records (whose person, whose household, a
/// sibling group) left out.
pub(crate) fn history(
    ctx: &Ctx,
    kind: EntityKind,
    revisions: Vec<Revision>,
    names: &std::collections::HashMap<String, String>,
) -> Vec<RevisionRow> {
    revisions
        .into_iter()
        .map(|r| {
            let at = time::OffsetDateTime::from_unix_timestamp(r.at_ms / 1000)
                .map(|t| t.date().to_string())
                .unwrap_or_default();
            let changes = r
                .fields
                .iter()
                .filter(|(f, _)| {
                    !matches!(
                        f.as_str(),
                        "person_id" | "household_id" | "admission_id" | "visitor_id" | "assessor_id" | "sibling_group"
                    )
                })
                .map(|(f, v)| {
                    let named = v.as_str().and_then(|id| names.get(id)).filter(|_| f.ends_with("_id"));
                    let value = named.cloned().unwrap_or_else(|| value_text(&ctx.tr, f, v));
                    format!("{}{} {}", field_label(&ctx.tr, kind, f), ctx.tr.colon(), value)
                })
                .collect::<Vec<_>>()
                .join(" · ");
            RevisionRow { at, by: r.by.unwrap_or_else(|| "-".into()), created: r.created, changes }
        })
        .collect()
}

/// The measurement, why it was struck out if it was, its history, and
/// whose it is ("Awa Sangaré — KIT-000101").
type Loaded = (StoredMeasurement, Option<String>, Vec<Revision>, String);

async fn load_measurement(ctx: &Ctx, person: &str, id: &str) -> Result<Loaded, Response> {
    let Some(me) = ctx.me() else { return Err(fail_status(ctx, axum::http::StatusCode::UNAUTHORIZED)) };
    let (st, who, person, id) = (ctx.state.clone(), me.principal.clone(), person.to_string(), id.to_string());
    let loaded = blocking(move || -> Result<Loaded, StoreError> {
        // A struck-out measurement keeps its page, read-only.
        let (measurement, struck) = match st.store.measurements_of(&who, &person)?.into_iter().find(|m| m.id == id) {
            Some(m) => (m, None),
            None => st
                .store
                .struck_measurements_of(&who, &person)?
                .into_iter()
                .find(|(m, _)| m.id == id)
                .map(|(m, why)| (m, Some(why)))
                .ok_or(StoreError::NotFound)?,
        };
        let revisions = st.store.revisions(&who, EntityKind::Measurement, &id)?;
        let p = st.store.view_person(&who, &person)?;
        let about = format!("{} {} — {}", p.given_name, p.family_name, p.record_number);
        Ok((measurement, struck, revisions, about))
    })
    .await;
    crate::pages::loaded(ctx, loaded)
}

fn page(
    ctx: &Ctx,
    person: &str,
    (m, struck, revisions, about): Loaded,
    form: Option<&AmendForm>,
    errors: Invalid,
) -> Response {
    let Some(me) = ctx.me() else { return fail_status(ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let refused = !errors.is_empty();
    // A refused strike-out leaves the correction form as stored.
    let typed = form.filter(|f| f.amend == "correct").map(|f| &f.measurement);
    let pick = |typed: Option<&String>, stored: String| typed.cloned().unwrap_or(stored);
    render_checked(
        &AmendPage {
            l: layout(
                &ctx.tr,
                Some(&me.clone()),
                format!("{} {}", ctx.tr.get("amend-title"), ctx.tr.day_plain(m.date)),
                refused,
            ),
            person: person.to_string(),
            about,
            id: m.id.clone(),
            recorded: dugu_domain::birth::iso_date(m.date),
            date: pick(typed.map(|t| &t.date), dugu_domain::birth::iso_date(m.date)),
            numbers: vec![
                ("weight_kg", pick(typed.map(|t| &t.weight_kg), crate::format::number_input(&ctx.tr, m.weight_kg))),
                (
                    "length_height_cm",
                    pick(typed.map(|t| &t.length_height_cm), crate::format::number_input(&ctx.tr, m.length_height_cm)),
                ),
                ("muac_mm", pick(typed.map(|t| &t.muac_mm), crate::format::number_input(&ctx.tr, m.muac_mm))),
                ("head_cm", pick(typed.map(|t| &t.head_cm), crate::format::number_input(&ctx.tr, m.head_cm))),
            ],
            measured: pick(typed.map(|t| &t.measured), m.measured.clone().unwrap_or_default()),
            oedema: typed.map_or(m.oedema, |t| t.oedema.is_some()),
            reason: form
                .map(|f| if f.amend == "strike_out" { f.strike_reason.clone() } else { f.amend_reason.clone() })
                .unwrap_or_default(),
            striking: form.is_some_and(|f| f.amend == "strike_out"),
            confirming: errors.0.iter().any(|e| e.problem == dugu_domain::Problem::Implausible),
            can_write: struck.is_none() && me.principal.role().writes(FieldGroup::Medical),
            shown: shown(ctx, &m),
            struck,
            history: history(ctx, EntityKind::Measurement, revisions, &Default::default()),
            errors,
        },
        refused,
    )
}

/// The measurement's values as recorded, in the reader's conventions.
fn shown(ctx: &Ctx, m: &StoredMeasurement) -> Vec<(String, String)> {
    let number = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| crate::format::number_input(&ctx.tr, Some(v)));
    vec![
        (ctx.tr.get("field-date"), ctx.tr.day_plain(m.date)),
        (ctx.tr.get("field-weight_kg"), number(m.weight_kg)),
        (ctx.tr.get("field-length_height_cm"), number(m.length_height_cm)),
        (ctx.tr.get("field-muac_mm"), number(m.muac_mm)),
        (ctx.tr.get("field-head_cm"), number(m.head_cm)),
        (
            ctx.tr.get("field-measured"),
            m.measured.as_deref().map_or_else(|| "–".to_string(), |w| ctx.tr.code("measured", w)),
        ),
        (ctx.tr.get("field-oedema"), ctx.tr.get(if m.oedema { "yes" } else { "no" })),
    ]
}

/// `GET /people/{id}/measurements/{m}`: the measurement, or the check
/// page of its strike-out (`?strike={draft}`).
pub async fn show(
    ctx: Ctx,
    Path((person, id)): Path<(String, String)>,
    Query(q): Query<crate::corrections::strike::StrikeQuery>,
) -> Response {
    let action = format!("/people/{person}/measurements/{id}");
    match load_measurement(&ctx, &person, &id).await {
        Ok(loaded) => match crate::corrections::strike::kept(&ctx, &action, &q.strike) {
            Some(reason) => crate::corrections::strike::check_page(
                &ctx,
                EntityKind::Measurement,
                loaded.3,
                &action,
                &q.strike,
                reason,
            ),
            None => page(&ctx, &person, loaded, None, Invalid::new()),
        },
        Err(r) => r,
    }
}

/// `POST /people/{id}/measurements/{m}`: correct, or strike out.
pub async fn amend(ctx: Ctx, Path((person, id)): Path<(String, String)>, Form(form): Form<AmendForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.measurement.csrf) {
        return r;
    }
    let loaded = match load_measurement(&ctx, &person, &id).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who, mid, reason) = (ctx.state.clone(), me.principal.clone(), id.clone(), form.amend_reason.clone());
    let (done, said) = match form.amend.as_str() {
        // Through its check page, as on every record's page.
        "strike_out" => {
            let action = format!("/people/{person}/measurements/{id}");
            let done = format!("/people/{person}");
            let refusal = |inv| crate::corrections::strike::on_strike_reason(inv);
            return match form.step.as_str() {
                "confirm" => {
                    let refused = |inv, typed: String| {
                        let form =
                            AmendForm { amend: "strike_out".into(), strike_reason: typed, ..AmendForm::default() };
                        page(&ctx, &person, loaded, Some(&form), refusal(inv))
                    };
                    let said = (done.as_str(), Saved::StruckOut(EntityKind::Measurement));
                    crate::corrections::strike::confirm(
                        &ctx,
                        &action,
                        &form.draft,
                        move |why: String| st.store.strike_out(&who, EntityKind::Measurement, &mid, &why),
                        said,
                        refused,
                    )
                    .await
                }
                "change" => {
                    let kept = crate::corrections::strike::kept(&ctx, &action, &form.draft).unwrap_or_default();
                    let form = AmendForm { amend: "strike_out".into(), strike_reason: kept, ..AmendForm::default() };
                    page(&ctx, &person, loaded, Some(&form), Invalid::new())
                }
                _ => match crate::corrections::strike::reason_missing(&form.strike_reason) {
                    Some(inv) => page(&ctx, &person, loaded, Some(&form), refusal(inv)),
                    None => crate::corrections::strike::begin(&ctx, &action, &form.strike_reason),
                },
            };
        }
        "correct" => {
            let mut inv = Invalid::new();
            let input = measurement_input(&form.measurement, &mut inv);
            if !inv.is_empty() {
                return page(&ctx, &person, loaded, Some(&form), inv);
            }
            if form.measurement.confirm_implausible.is_none() {
                let child = match super::plausible::child(&ctx, &person).await {
                    Ok(p) => p,
                    Err(r) => return r,
                };
                let flags = super::plausible::flags(child.sex, child.birth_date, &input);
                if !flags.is_empty() {
                    return page(&ctx, &person, loaded, Some(&form), super::plausible::refusal(&flags));
                }
            }
            let today = crate::today();
            (
                blocking(move || st.store.correct_measurement(&who, &mid, input, &reason, today).map(|_| ())).await,
                Saved::Corrected(EntityKind::Measurement),
            )
        }
        _ => return fail_status(&ctx, axum::http::StatusCode::UNPROCESSABLE_ENTITY),
    };
    match done {
        Ok(Ok(())) => saved(&ctx, &format!("/people/{person}"), said),
        Ok(Err(StoreError::Invalid(inv))) => page(&ctx, &person, loaded, Some(&form), inv),
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
