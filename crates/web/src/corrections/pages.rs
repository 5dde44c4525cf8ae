//! A record's page: its values as they stand, a correction form prefilled
//! with them, a strike-out form, each needing a reason, and its history.

use super::Amendable;
use crate::growth::amend::{field_label, history, value_text};
use crate::growth::templates::RevisionRow;
use crate::pages::forms::{Saved, saved};
use crate::pages::{csrf_rejected, fail, fail_status, layout, render_checked};
use crate::session::{Ctx, blocking};
use crate::templates::{Choice, Layout};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query};
use axum::response::Response;
use dugu_domain::{EntityKind, Invalid};
use dugu_storage::{FieldCheck, Revision, StoreError, correctable};
use serde_json::Value;
use std::collections::HashMap;

/// One field of the correction form.
pub struct Input {
    pub name: &'static str,
    pub label: String,
    /// `date`, `text`, `note`, `score` or `choice`.
    pub kind: &'static str,
    pub value: String,
    /// The choices of a `context`.
    pub choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "corrections/amend.html")]
pub struct RecordPage {
    pub l: Layout,
    /// Whose record: the child's or household's name and record number.
    pub about: String,
    /// The owner's page, at the record's section.
    pub back: String,
    /// This page.
    pub action: String,
    /// (label, value) of each field as it stands.
    pub shown: Vec<(String, String)>,
    pub inputs: Vec<Input>,
    pub reason: String,
    /// The strike-out form was the one sent.
    pub striking: bool,
    /// Why it was struck out, if it was: then no forms.
    pub struck: Option<String>,
    pub can_write: bool,
    /// The kind can be struck out (an admission cannot).
    pub can_strike: bool,
    pub history: Vec<RevisionRow>,
    pub errors: Invalid,
}

/// The record's fields as they stand: its creation, then each change.
fn current(revisions: &[Revision]) -> HashMap<String, Value> {
    let mut now = HashMap::new();
    for r in revisions {
        now.extend(r.fields.iter().cloned());
    }
    now
}

/// A field's label; a medical visit's reason is not an admission's.
fn label(ctx: &Ctx, kind: EntityKind, field: &str) -> String {
    field_label(&ctx.tr, kind, field)
}

/// A record's history, whose record it is ("Awa Sangaré — KIT-000101"),
/// and the names of the locations its history names by id.
type Loaded = (Vec<Revision>, String, HashMap<String, String>);

async fn load_record(ctx: &Ctx, what: Amendable, owner: &str, id: &str) -> Result<Loaded, Response> {
    let Some(me) = ctx.me() else { return Err(fail_status(ctx, axum::http::StatusCode::UNAUTHORIZED)) };
    let (st, who, id2, owner2) = (ctx.state.clone(), me.principal.clone(), id.to_string(), owner.to_string());
    let loaded = blocking(move || -> Result<Loaded, StoreError> {
        let revisions = st.store.revisions(&who, what.kind, &id2)?;
        // The path names the record's owner: another's id is not this
        // page (it would name the wrong child). A follow-up hangs on an
        // admission, which names the child.
        let owned = match what.owner_field {
            Some(field) => current(&revisions).get(field).and_then(Value::as_str) == Some(owner2.as_str()),
            None => {
                let admission = current(&revisions).get("admission_id").and_then(Value::as_str).map(str::to_string);
                let admission = admission.ok_or(StoreError::NotFound)?;
                let of = current(&st.store.revisions(&who, EntityKind::Admission, &admission)?);
                of.get("person_id").and_then(Value::as_str) == Some(owner2.as_str())
            }
        };
        if !owned {
            return Err(StoreError::NotFound);
        }
        let about = if what.owner == "households" {
            let h = st.store.view_household(&who, &owner2)?;
            format!("{} — {}", h.name, h.record_number)
        } else {
            let p = st.store.view_person(&who, &owner2)?;
            format!("{} {} — {}", p.given_name, p.family_name, p.record_number)
        };
        // Locations are not personal data: every reader may see their names.
        let mut names = HashMap::new();
        for id in
            revisions.iter().flat_map(|r| &r.fields).filter(|(f, _)| f == "location_id").filter_map(|(_, v)| v.as_str())
        {
            if let Some(l) = st.store.location(id)? {
                names.insert(id.to_string(), l.name);
            }
        }
        Ok((revisions, about, names))
    })
    .await;
    crate::pages::loaded(ctx, loaded)
}

fn page(
    ctx: &Ctx,
    what: Amendable,
    (owner, id): (&str, &str),
    (revisions, about, names): Loaded,
    form: Option<&HashMap<String, String>>,
    errors: Invalid,
) -> Response {
    let Some(me) = ctx.me() else { return fail_status(ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let now = current(&revisions);
    // Shown in the reader's conventions; put back in an input as stored
    // (a date input takes the ISO date).
    let text = |f: &str| now.get(f).filter(|v| !v.is_null()).map(|v| value_text(&ctx.tr, f, v)).unwrap_or_default();
    let raw = |f: &str| match now.get(f) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let striking = form.is_some_and(|f| f.get("amend").map(String::as_str) == Some("strike_out"));
    let typed = form.filter(|_| !striking);
    // The end of a stay or a support still running is not offered: ending
    // it is its own page (the command skips it too).
    let ended = dugu_storage::end_field(what.kind).is_some_and(|f| !raw(f).is_empty());
    let fields: Vec<_> =
        correctable(what.kind).into_iter().filter(|(f, _)| ended || !dugu_storage::ends(what.kind, f)).collect();
    let mut shown: Vec<(String, String)> = Vec::new();
    if what.kind == EntityKind::Vaccination {
        shown.push((label(ctx, what.kind, "dose_code"), text("dose_code")));
        if !raw("undated").is_empty() {
            shown.push((ctx.tr.get("field-undated"), ctx.tr.code("undated", &raw("undated"))));
        }
    }
    shown.extend(fields.iter().map(|(f, _)| (label(ctx, what.kind, f), text(f))));
    let inputs = fields
        .iter()
        .map(|(f, check)| Input {
            name: f,
            label: label(ctx, what.kind, f),
            kind: match check {
                FieldCheck::Date | FieldCheck::Day | FieldCheck::OptionalDate | FieldCheck::EndDate => "date",
                FieldCheck::Note if matches!(*f, "notes") => "note",
                FieldCheck::Note | FieldCheck::OptionalNote => "text",
                FieldCheck::Score => "score",
                FieldCheck::Context | FieldCheck::AdmissionReason | FieldCheck::LeavingReason | FieldCheck::Exit => {
                    "choice"
                }
            },
            value: typed.and_then(|t| t.get(*f).cloned()).unwrap_or_else(|| raw(f)),
            choices: match check {
                FieldCheck::Context => dugu_storage::EXTRA_DOSE_CONTEXTS
                    .iter()
                    .map(|c| Choice { id: c.to_string(), label: ctx.tr.code("context", c) })
                    .collect(),
                FieldCheck::AdmissionReason => dugu_domain::village::AdmissionReason::ALL
                    .iter()
                    .map(|r| Choice { id: r.code().to_string(), label: ctx.tr.code("reason", r.code()) })
                    .collect(),
                FieldCheck::LeavingReason => dugu_domain::village::LeavingReason::ALL
                    .iter()
                    .map(|r| Choice { id: r.code().to_string(), label: ctx.tr.code("leaving", r.code()) })
                    .collect(),
                FieldCheck::Exit => dugu_domain::family::Exit::ALL
                    .iter()
                    .map(|r| Choice { id: r.code().to_string(), label: ctx.tr.code("exit", r.code()) })
                    .collect(),
                _ => Vec::new(),
            },
        })
        .collect();
    let group = dugu_storage::amend_group(what.kind);
    let refused = !errors.is_empty();
    render_checked(
        &RecordPage {
            l: layout(&ctx.tr, Some(me), ctx.tr.code("amend-kind", what.kind.name()), refused),
            about,
            back: format!("/{}/{owner}#{}", what.owner, what.section),
            action: format!("/{}/{owner}/{}/{id}", what.owner, what.segment),
            shown,
            inputs,
            reason: form
                .and_then(|f| f.get(if striking { "strike_reason" } else { "amend_reason" }).cloned())
                .unwrap_or_default(),
            striking,
            struck: Some(text("struck_out")).filter(|s| !s.is_empty()),
            can_write: group.is_some_and(|g| me.principal.role().writes(g)),
            can_strike: what.kind.fields().iter().any(|f| f.name == "struck_out"),
            history: history(ctx, what.kind, revisions, &names),
            errors,
        },
        refused,
    )
}

/// `GET /{owner}/{id}/{segment}/{r}`: the record, or the check page of a
/// strike-out (a draft confirmed already, or expired: the record).
pub async fn show(
    ctx: Ctx,
    Path((owner, id)): Path<(String, String)>,
    Query(q): Query<super::strike::StrikeQuery>,
    what: Amendable,
) -> Response {
    let action = format!("/{}/{owner}/{}/{id}", what.owner, what.segment);
    let loaded = match load_record(&ctx, what, &owner, &id).await {
        Ok(loaded) => loaded,
        Err(r) => return r,
    };
    match super::strike::kept(&ctx, &action, &q.strike) {
        Some(reason) => super::strike::check_page(&ctx, what.kind, loaded.1, &action, &q.strike, reason),
        None => page(&ctx, what, (&owner, &id), loaded, None, Invalid::new()),
    }
}

/// `POST /{owner}/{id}/{segment}/{r}`: correct (`amend=correct`, the
/// record's fields) or strike out (`amend=strike_out`), with
/// `amend_reason`. The switch is not called `action`: that is a plan
/// action's own field.
pub async fn amend(
    ctx: Ctx,
    Path((owner, id)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
    what: Amendable,
) -> Response {
    if let Some(r) = csrf_rejected(&ctx, form.get("csrf").map(String::as_str).unwrap_or_default()) {
        return r;
    }
    let loaded = match load_record(&ctx, what, &owner, &id).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who, rid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let reason = form.get("amend_reason").cloned().unwrap_or_default();
    let action = format!("/{}/{owner}/{}/{id}", what.owner, what.segment);
    let (done, said) = match form.get("amend").map(String::as_str) {
        // Striking out goes through its check page; only its confirm writes.
        Some("strike_out") => {
            let draft = form.get("draft").cloned().unwrap_or_default();
            let done = format!("/{}/{owner}", what.owner);
            return match form.get("step").map(String::as_str) {
                Some("confirm") => {
                    let refused = |inv, typed: String| {
                        let form =
                            HashMap::from([("amend".into(), "strike_out".into()), ("strike_reason".into(), typed)]);
                        page(&ctx, what, (&owner, &id), loaded, Some(&form), super::strike::on_strike_reason(inv))
                    };
                    let said = (done.as_str(), Saved::StruckOut(what.kind));
                    super::strike::confirm(
                        &ctx,
                        &action,
                        &draft,
                        move |why: String| st.store.strike_out(&who, what.kind, &rid, &why),
                        said,
                        refused,
                    )
                    .await
                }
                Some("change") => {
                    let kept = super::strike::kept(&ctx, &action, &draft).unwrap_or_default();
                    let form = HashMap::from([("amend".into(), "strike_out".into()), ("strike_reason".into(), kept)]);
                    page(&ctx, what, (&owner, &id), loaded, Some(&form), Invalid::new())
                }
                _ => {
                    let why = form.get("strike_reason").cloned().unwrap_or_default();
                    match super::strike::reason_missing(&why) {
                        Some(inv) => {
                            page(&ctx, what, (&owner, &id), loaded, Some(&form), super::strike::on_strike_reason(inv))
                        }
                        None => super::strike::begin(&ctx, &action, &why),
                    }
                }
            };
        }
        Some("correct") => {
            let values: Vec<(String, String)> = correctable(what.kind)
                .iter()
                .filter_map(|(f, check)| {
                    let typed = form.get(*f)?;
                    // Dates are typed day first on every page (`format::typed_day`).
                    let value = match check {
                        FieldCheck::Date | FieldCheck::Day | FieldCheck::OptionalDate | FieldCheck::EndDate => {
                            crate::format::day_from_form(typed)
                        }
                        _ => typed.clone(),
                    };
                    Some((f.to_string(), value))
                })
                .collect();
            let today = crate::today();
            (
                blocking(move || st.store.correct(&who, what.kind, &rid, values, &reason, today)).await,
                Saved::Corrected(what.kind),
            )
        }
        _ => return fail_status(&ctx, axum::http::StatusCode::UNPROCESSABLE_ENTITY),
    };
    match done {
        // Back to the section that lists it, which says what was done.
        Ok(Ok(())) => saved(&ctx, &format!("/{}/{owner}", what.owner), said),
        Ok(Err(StoreError::Invalid(inv))) => page(&ctx, what, (&owner, &id), loaded, Some(&form), inv),
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
