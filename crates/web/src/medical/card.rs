//! A child's vaccination card as a page of its own
//! (`/people/{id}/vaccination-card`): what the card says can be told
//! truthfully — a dose given per the health card with no date, or not
//! known; the whole history before a day unknown (a child admitted at
//! ten with no card); doses given outside the schedule (campaigns,
//! catch-up). Overdue then counts only doses still worth giving, by the
//! rule the overdue list applies too.

use super::pages::view;
use super::templates::{CardPage, ExtraRow};
use crate::pages::forms::{Forms, Saved, saved};
use crate::pages::{csrf_rejected, fail, fail_status, layout, render_checked};
use crate::session::{Ctx, blocking};
use crate::templates::Choice;
use axum::Form;
use axum::extract::Path;
use axum::response::Response;
use dugu_domain::{FieldGroup, Invalid};
use dugu_storage::{Dose, ExtraDose, Person, StoreError};
use serde::Deserialize;

/// What the page's three forms send (`action`: `undated`, `history` or
/// `extra`).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CardForm {
    pub csrf: String,
    pub action: String,
    pub dose: String,
    pub undated: String,
    pub history: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    pub as_of: String,
    pub vaccine: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    pub given_on: String,
    pub context: String,
}

type Loaded = (Person, Vec<Dose>, Vec<ExtraDose>);

async fn load_card(ctx: &Ctx, id: &str) -> Result<Loaded, Response> {
    let Some(me) = ctx.me() else { return Err(fail_status(ctx, axum::http::StatusCode::UNAUTHORIZED)) };
    let (st, who, id) = (ctx.state.clone(), me.principal.clone(), id.to_string());
    let loaded = blocking(move || -> Result<Loaded, StoreError> {
        let person = st.store.view_person(&who, &id)?;
        // The card is medical: others have no page here.
        if !who.role().reads(FieldGroup::Medical) {
            return Err(StoreError::NotFound);
        }
        let card = st.store.vaccination_card(&who, &id, person.birth_date, crate::today())?;
        let extra = st.store.extra_doses_of(&who, &id)?;
        Ok((person, card, extra))
    })
    .await;
    crate::pages::loaded(ctx, loaded)
}

fn page(
    ctx: &Ctx,
    (person, card, extra): Loaded,
    form: Option<CardForm>,
    errors: Invalid,
    done: Option<Saved>,
) -> Response {
    let Some(me) = ctx.me() else { return fail_status(ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let can_write = me.principal.role().writes(FieldGroup::Medical);
    let Some(mv) = view(&ctx.tr, Vec::new(), card, true, true, can_write) else {
        return fail_status(ctx, axum::http::StatusCode::NOT_FOUND);
    };
    let refused = !errors.is_empty();
    let form = form.unwrap_or_default();
    let contexts = dugu_storage::EXTRA_DOSE_CONTEXTS
        .iter()
        .map(|c| Choice { id: c.to_string(), label: ctx.tr.code("context", c) })
        .collect();
    render_checked(
        &CardPage {
            l: layout(&ctx.tr, Some(me), ctx.tr.get("card-title"), refused),
            person: person.id.clone(),
            name: format!("{} {}", person.given_name, person.family_name),
            born: person.birth_date.is_some(),
            extras: extra
                .into_iter()
                .map(|x| ExtraRow {
                    // Said once: a vaccine typed "Polio (campagne)" is not
                    // followed by "(Campagne)" again.
                    context: Some(ctx.tr.code("context", &x.context))
                        .filter(|c| !x.vaccine.to_lowercase().contains(&c.to_lowercase()))
                        .unwrap_or_default(),
                    id: x.id,
                    vaccine: x.vaccine,
                    given_on: ctx.tr.day(x.given_on),
                })
                .collect(),
            mv,
            saved: done.map(|s| ctx.tr.code("saved", s.code())),
            contexts,
            form,
            errors,
        },
        refused,
    )
}

/// `GET /people/{id}/vaccination-card`.
pub async fn show(ctx: Ctx, Path(id): Path<String>) -> Response {
    match load_card(&ctx, &id).await {
        Ok(loaded) => {
            let answer = page(&ctx, loaded, None, Invalid::new(), Forms::after(&ctx).saved);
            Forms::said(Forms::clearing(&ctx, &format!("/people/{id}/vaccination-card")), answer)
        }
        Err(r) => r,
    }
}

/// `POST /people/{id}/vaccination-card`: a dose without a day, a
/// statement about the history, or a dose outside the schedule.
pub async fn save(ctx: Ctx, Path(id): Path<String>, Form(form): Form<CardForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who, pid, f) = (ctx.state.clone(), me.principal.clone(), id.clone(), form.clone());
    let today = crate::today();
    let what = match form.action.as_str() {
        "undated" => Saved::CardUndated,
        "history" => Saved::CardHistory,
        _ => Saved::ExtraDose,
    };
    let done = match form.action.as_str() {
        "undated" => blocking(move || st.store.record_undated_dose(&who, &pid, &f.dose, &f.undated)).await,
        "history" => {
            blocking(move || st.store.state_vaccination_history(&who, &pid, &f.history, &f.as_of, today)).await
        }
        "extra" => {
            blocking(move || {
                st.store.record_extra_dose(&who, &pid, &f.vaccine, &f.given_on, &f.context, today).map(|_| ())
            })
            .await
        }
        _ => return fail_status(&ctx, axum::http::StatusCode::UNPROCESSABLE_ENTITY),
    };
    match done {
        Ok(Ok(())) => saved(&ctx, &format!("/people/{id}/vaccination-card"), what),
        Ok(Err(StoreError::Invalid(inv))) => match load_card(&ctx, &id).await {
            Ok(loaded) => page(&ctx, loaded, Some(form), inv, None),
            Err(r) => r,
        },
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
