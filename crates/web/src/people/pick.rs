//! Choosing a person by name wherever a form links someone (a sibling
//! admitted together, a household member, a house's SOS parent, a
//! day-care child): the field takes a name or a record number.
//!
//! A record number is taken at once, as before. A name is never taken on
//! its own — two "Aminata Traoré" live in Kita — so the reader always
//! chooses among the matches, each shown with its record number, sex, age
//! and location. Without JavaScript the form comes back as a short page
//! (`pick.html`) listing the matches as radio buttons, with everything
//! else the form held kept in hidden fields, posting to the same action;
//! with JavaScript (`static/pick.js`) the matches appear under the field
//! as one types, from `POST /people/pick`. Matches come from the scoped,
//! audited people search: nobody out of the reader's scope is ever
//! listed, and a choice is taken only if the same search lists it. Names
//! travel in POST bodies only (security.md 15).

use super::templates::PickPage;
use crate::i18n::Tr;
use crate::pages::{csrf_rejected, fail, fail_status, layout, render_checked};
use crate::session::{Ctx, blocking};
use axum::Form;
use axum::response::{IntoResponse, Json, Response};
use dugu_domain::people_filter::PersonStatus;
use dugu_domain::{Invalid, Problem};
use dugu_storage::{Backend, PeopleFilter, Principal, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The most matches listed: enough to tell namesakes apart, few enough to
/// read on a phone; more asks for a fuller name.
const SHOWN: u32 = 8;

/// One person a name matched, as the reader tells namesakes apart.
#[derive(Serialize)]
pub struct Match {
    /// The person's id (the radio button's value).
    pub id: String,
    /// Given and family names.
    pub name: String,
    /// Record number, sex, age and location.
    pub detail: String,
}

/// What a name matched in the reader's scope.
pub struct Matches {
    /// The first matches, in search order.
    pub items: Vec<Match>,
    /// How many matched in all.
    pub total: u64,
}

/// The person a field came to.
pub enum Chosen {
    /// The field was left empty.
    Nobody,
    /// This person.
    Person(String),
    /// Nobody in scope has this name or record number.
    Unknown,
    /// Only children in care will do, and the name or record number is of
    /// people in scope who are not in care (yet).
    NotInCare,
}

/// Where a form with a person field goes, for its choosing step.
pub struct Step {
    /// The field's name in the form (its choice is `{field}_pick`).
    pub field: &'static str,
    /// The field's label, as the form shows it.
    pub label: String,
    /// The form's action.
    pub action: String,
    /// Where "Cancel" leads: the page the form was on.
    pub back: String,
    /// The form's other fields, as they were sent (the form token aside).
    pub kept: Vec<(&'static str, String)>,
    /// Only children in care (a sibling admitted together must be).
    pub in_care: bool,
}

/// The person field of a submitted form: what was typed, the radio chosen
/// (if any), `find` (the value of the "Search" button, if pressed) and
/// `step` (the field, when sent from the choosing step).
pub struct Typed<'a> {
    /// What was typed.
    pub text: &'a str,
    /// The id of the person chosen among the matches.
    pub chosen: &'a str,
    /// The field whose "Search" button was pressed, if any.
    pub find: &'a str,
    /// The field whose choosing step the form was sent from, if any.
    pub step: &'a str,
}

/// Reads a person field: the person, nobody, or unknown — or the response
/// to send instead (the choosing step, or a failure).
pub async fn person(ctx: &Ctx, typed: Typed<'_>, step: Step) -> Result<Chosen, Response> {
    let Some(me) = ctx.me() else { return Err(fail_status(ctx, axum::http::StatusCode::UNAUTHORIZED)) };
    let searching = typed.find == step.field;
    let (text, chosen) = (typed.text.trim().to_string(), typed.chosen.to_string());
    if text.is_empty() {
        return Ok(Chosen::Nobody);
    }
    let (st, who, tr, q, in_care) =
        (ctx.state.clone(), me.principal.clone(), ctx.tr.clone(), text.clone(), step.in_care);
    let found = blocking(move || -> Result<Result<Chosen, Matches>, StoreError> {
        if !searching && let Some(id) = st.store.person_by_record_number(&who, &q)? {
            return Ok(Ok(Chosen::Person(id)));
        }
        let m = matches(&*st.store, &who, &tr, &q, in_care)?;
        if !searching && !chosen.is_empty() && m.items.iter().any(|p| p.id == chosen) {
            return Ok(Ok(Chosen::Person(chosen)));
        }
        if m.total == 0 {
            // Someone in scope by that name, but not in care: say so rather
            // than "unknown" (nobody out of scope is looked at).
            if in_care && matches(&*st.store, &who, &tr, &q, false)?.total > 0 {
                return Ok(Ok(Chosen::NotInCare));
            }
            return Ok(Ok(Chosen::Unknown));
        }
        // A record number in another form (`kit-101`) finds one person: it
        // names them as surely as the exact form does. A name never does.
        if !searching && m.total == 1 && q.chars().any(|c| c.is_ascii_digit()) {
            return Ok(Ok(Chosen::Person(m.items[0].id.clone())));
        }
        Ok(Err(m))
    })
    .await;
    match found {
        Ok(Ok(Ok(c))) => Ok(c),
        Ok(Ok(Err(m))) => {
            // Sent from the step without a tick, or with a tick the search
            // no longer lists (the name was changed, or out of scope).
            let problem = match (searching, typed.chosen.is_empty()) {
                (true, _) => None,
                (false, false) => Some(Problem::Unknown),
                (false, true) => (typed.step == step.field).then_some(Problem::Required),
            };
            Err(choosing_page(ctx, step, (&text, typed.chosen), m, problem))
        }
        Ok(Err(e)) => Err(fail(ctx, e)),
        Err(s) => Err(fail_status(ctx, s)),
    }
}

/// The choosing step: the matches as radio buttons inside the same form,
/// with the field's problem if the step was sent without a good choice.
fn choosing_page(
    ctx: &Ctx,
    step: Step,
    (typed, chosen): (&str, &str),
    m: Matches,
    problem: Option<Problem>,
) -> Response {
    let me = ctx.me();
    let title = ctx.tr.arg("pick-title", "field", &step.label);
    let mut errors = Invalid::new();
    if let Some(p) = problem {
        errors.add(step.field, p);
    }
    let has_errors = !errors.is_empty();
    render_checked(
        &PickPage {
            l: layout(&ctx.tr, me, title, has_errors),
            summary: summary(&ctx.tr, &m),
            field: step.field,
            only: if step.in_care { "in_care" } else { "" },
            label: step.label,
            action: step.action,
            back: step.back,
            kept: step.kept,
            typed: typed.to_string(),
            chosen: chosen.to_string(),
            matches: m.items,
            errors,
        },
        has_errors,
    )
}

/// "2 personnes trouvées : choisissez" — or ask for more of the name.
fn summary(tr: &Tr, m: &Matches) -> String {
    let count = m.total.to_string();
    if m.total > m.items.len() as u64 {
        tr.arg("pick-too-many", "count", &count)
    } else {
        tr.arg("pick-found", "count", &count)
    }
}

/// The people in scope a name (or record number) matches, first ones
/// first, each told apart by record number, sex, age and location. The
/// search is the people search: scoped and audited in the store.
/// `in_care`: only children living in a village house now.
pub fn matches(store: &dyn Backend, who: &Principal, tr: &Tr, q: &str, in_care: bool) -> Result<Matches, StoreError> {
    let today = crate::today();
    let filter = PeopleFilter { status: in_care.then_some(PersonStatus::InCare), ..PeopleFilter::default() };
    let page = store.search_people(who, q, &filter, today, SHOWN, 0)?;
    let mut places: HashMap<String, String> = HashMap::new();
    let mut items = Vec::with_capacity(page.items.len());
    for h in page.items {
        if !places.contains_key(&h.location_id) {
            let name = store.location(&h.location_id)?.map(|l| l.name).unwrap_or_default();
            places.insert(h.location_id.clone(), name);
        }
        let place = places.get(&h.location_id).cloned().unwrap_or_default();
        let age = age(tr, h.birth_date, h.birth_date_precision, today);
        let detail = [h.record_number.clone(), tr.code("sex", h.sex.code()), age, place]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        items.push(Match { id: h.id, name: format!("{} {}", h.given_name, h.family_name), detail });
    }
    Ok(Matches { items, total: page.total })
}

/// "7 ans", or "environ 7 ans" when the birth date is a year or a guess.
fn age(
    tr: &Tr,
    birth: Option<time::Date>,
    precision: Option<dugu_domain::birth::DatePrecision>,
    today: time::Date,
) -> String {
    use dugu_domain::birth::DatePrecision;
    let Some(born) = birth else { return String::new() };
    let years = dugu_domain::people_filter::age_years(born, today).to_string();
    match precision {
        Some(DatePrecision::Year | DatePrecision::Estimated) => tr.arg("pick-age-about", "years", &years),
        _ => tr.arg("pick-age", "years", &years),
    }
}

/// The body of `POST /people/pick`: the form token, what was typed, and
/// `only=in_care` for a field that takes only children in care.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PickQuery {
    csrf: String,
    q: String,
    only: String,
}

/// The answer of `POST /people/pick`.
#[derive(Serialize)]
pub struct PickAnswer {
    /// "2 personnes trouvées : choisissez".
    summary: String,
    /// How many matched in all.
    total: u64,
    /// The first matches.
    items: Vec<Match>,
}

/// `POST /people/pick`: the matches of a person field as one types, for
/// `static/pick.js`. The name comes in the body, never the URL; the
/// answer, like every page, is not stored by the browser (`no-store`).
pub async fn suggest(ctx: Ctx, Form(form): Form<PickQuery>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let q = form.q.trim().to_string();
    if q.chars().count() < 2 {
        return Json(PickAnswer { summary: String::new(), total: 0, items: Vec::new() }).into_response();
    }
    let (st, who, tr, in_care) = (ctx.state.clone(), me.principal.clone(), ctx.tr.clone(), form.only == "in_care");
    let found = blocking(move || -> Result<(Matches, bool), StoreError> {
        let m = matches(&*st.store, &who, &tr, &q, in_care)?;
        let elsewhere = in_care && m.total == 0 && matches(&*st.store, &who, &tr, &q, false)?.total > 0;
        Ok((m, elsewhere))
    })
    .await;
    match found {
        Ok(Ok((m, not_in_care))) => {
            let summary = match (m.total, not_in_care) {
                (0, true) => ctx.tr.problem(&Problem::NotInCare),
                (0, false) => ctx.tr.get("pick-none"),
                _ => summary(&ctx.tr, &m),
            };
            Json(PickAnswer { summary, total: m.total, items: m.items }).into_response()
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// The script that lists matches as one types (hand-written, served by
/// dugu itself, so the CSP's `script-src 'self'` allows it).
pub async fn script() -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../static/pick.js"),
    )
        .into_response()
}
