//! People pages: list and search, register, edit (the record itself is
//! `person`). A search is posted (the words never travel in a URL), kept
//! in memory under a random id (`searches`), and its results shown at
//! `/people/search/{id}`: Back from a record returns to them without the
//! browser asking to resubmit a form.

use super::searches::{Of, Search};
use super::templates::{PeoplePage, PersonForm, PersonFormPage, PersonFormView, PersonRow};
use crate::lists::PeopleFilterForm;
use crate::pages::filters::{page_link, people_selects};
use crate::pages::{csrf_rejected, fail, fail_status, layout, location_choices, render, render_checked, show_birth};
use crate::session::{Ctx, Current, blocking};
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::{FieldGroup, Invalid, Problem};
use dugu_storage::{PersonInput, PersonPatch, StoreError};
use serde::Deserialize;

const PAGE_SIZE: u32 = 25;

/// The search form: name words (by POST, so they never travel in a URL)
/// and the filters.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchForm {
    csrf: String,
    q: String,
    #[serde(flatten)]
    filter: PeopleFilterForm,
}

/// The filters and page of `GET /people` (no names in it).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    page: u32,
    #[serde(flatten)]
    filter: PeopleFilterForm,
}

/// The page of a kept search's results.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FoundQuery {
    page: u32,
}

/// Where the list shown comes from, and so where its pages are.
enum Listing {
    /// `GET /people` with filters (codes only).
    Filtered,
    /// A kept search.
    Kept(String),
    /// A search that is no longer kept (expired, or another session's).
    Gone,
}

/// `GET /people`: everyone in scope, by name, narrowed by the filters.
pub async fn list(ctx: Ctx, Query(query): Query<ListQuery>) -> Response {
    results(ctx, Listing::Filtered, String::new(), query.filter, query.page).await
}

/// `POST /people/search`: keeps the search and sends the browser to its
/// results (post-redirect-get). Filters alone hold no name: they go to
/// `GET /people` as they are.
pub async fn search(ctx: Ctx, Form(form): Form<SearchForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    if form.q.trim().is_empty() {
        let pairs = form.filter.pairs();
        let pairs: Vec<(&'static str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        return Redirect::to(&page_link("/people", &pairs, 0)).into_response();
    }
    let search = Search { q: form.q, of: Of::People(form.filter) };
    let id = ctx.state.searches.keep(&me.session.token_hash, ctx.state.clock.now(), search);
    Redirect::to(&format!("/people/search/{id}")).into_response()
}

/// `GET /people/search/{id}`: a kept search's results; one that is gone
/// (or never was this session's) says so above an empty search form.
pub async fn found(ctx: Ctx, Path(id): Path<String>, Query(query): Query<FoundQuery>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    match ctx.state.searches.get(&id, &me.session.token_hash, ctx.state.clock.now()) {
        Some(Search { q, of: Of::People(filter) }) => results(ctx, Listing::Kept(id), q, filter, query.page).await,
        // Gone, another session's, or a households search: the same.
        _ => results(ctx, Listing::Gone, String::new(), PeopleFilterForm::default(), 0).await,
    }
}

async fn results(ctx: Ctx, listing: Listing, q: String, filter_form: PeopleFilterForm, page: u32) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let filters = match people_selects(&filter_form, &ctx, &me).await {
        Ok(f) => f,
        Err(e) => return fail(&ctx, e),
    };
    let gone = matches!(listing, Listing::Gone);
    let parsed = filter_form.parse();
    let (st, who, query) = (ctx.state.clone(), me.principal.clone(), q.clone());
    let found = match parsed {
        Err(inv) => Err(inv),
        Ok(_) if gone => Ok(dugu_storage::SearchPage { items: Vec::new(), total: 0 }),
        Ok(filter) => match blocking(move || {
            st.store.search_people(&who, &query, &filter, crate::today(), PAGE_SIZE, page.saturating_mul(PAGE_SIZE))
        })
        .await
        {
            Ok(Ok(f)) => Ok(f),
            Ok(Err(StoreError::Invalid(inv))) => Err(inv),
            Ok(Err(e)) => return fail(&ctx, e),
            Err(s) => return fail_status(&ctx, s),
        },
    };
    let (found, errors) = match found {
        Ok(f) => (f, Invalid::new()),
        Err(inv) => (dugu_storage::SearchPage { items: Vec::new(), total: 0 }, inv),
    };
    let items = found
        .items
        .into_iter()
        .map(|p| PersonRow {
            birth: show_birth(&ctx.tr, p.birth_date, p.birth_date_precision),
            id: p.id,
            record_number: p.record_number,
            family_name: p.family_name,
            given_name: p.given_name,
            sex: p.sex.code(),
        })
        .collect();
    let shown_to = u64::from(page + 1) * u64::from(PAGE_SIZE);
    let kept = filter_form.pairs();
    let kept: Vec<(&'static str, &str)> =
        if errors.is_empty() { kept.iter().map(|(k, v)| (*k, v.as_str())).collect() } else { Vec::new() };
    let link = |n: u32| match &listing {
        Listing::Kept(id) => format!("/people/search/{id}?page={n}"),
        Listing::Filtered | Listing::Gone => page_link("/people", &kept, n as usize),
    };
    let page_view = PeoplePage {
        l: layout(&ctx.tr, Some(&me), ctx.tr.get("people-title"), !errors.is_empty()),
        count_text: if gone { String::new() } else { ctx.tr.arg("people-count", "count", &found.total.to_string()) },
        notice: gone.then(|| ctx.tr.get("people-search-gone")),
        items,
        q,
        filters,
        errors,
        can_write: me.user.role.writes_people(),
        prev: page.checked_sub(1).map(link),
        next: (!gone && shown_to < found.total).then(|| link(page + 1)),
    };
    let mut response = render_checked(&page_view, !page_view.errors.is_empty());
    if gone {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}

async fn form_page(
    ctx: &Ctx,
    me: &Current,
    action: String,
    title: String,
    form: &PersonForm,
    errors: Invalid,
) -> Response {
    let locations = match location_choices(ctx, me, true).await {
        Ok(l) => l,
        Err(e) => return fail(ctx, e),
    };
    let role = me.user.role;
    render(&PersonFormPage {
        l: layout(&ctx.tr, Some(me), title, !errors.is_empty()),
        action,
        form: PersonFormView::from(form),
        errors,
        locations,
        writes_contact: role.writes(FieldGroup::Contact),
        writes_medical: role.writes(FieldGroup::Medical),
        writes_protection: role.writes(FieldGroup::Protection),
    })
}

/// `GET /people/new`.
pub async fn new(ctx: Ctx) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    if !me.user.role.writes_people() {
        return fail(&ctx, StoreError::Forbidden);
    }
    let form =
        PersonForm { location_id: me.user.location_ids.first().cloned().unwrap_or_default(), ..Default::default() };
    form_page(&ctx, me, "/people".into(), ctx.tr.get("person-new-title"), &form, Invalid::new()).await
}

/// Turns the form into the store's input; the date comes as day, month and
/// year (a year alone is a year-only date).
fn to_input(me: &Current, f: &PersonForm) -> Result<PersonInput, Invalid> {
    let mut inv = Invalid::new();
    let (day, month, year) = (f.birth_day.trim(), f.birth_month.trim(), f.birth_year.trim());
    let birth_date = match (day.is_empty(), month.is_empty(), year.is_empty()) {
        (_, _, true) if day.is_empty() && month.is_empty() => String::new(),
        (true, true, false) => year.to_string(),
        (false, false, false) => match (day.parse::<u8>(), month.parse::<u8>()) {
            (Ok(d), Ok(m)) => format!("{year:0>4}-{m:02}-{d:02}"),
            _ => {
                inv.add("birth_date", Problem::InvalidDate);
                String::new()
            }
        },
        _ => {
            inv.add("birth_date", Problem::InvalidDate);
            String::new()
        }
    };
    let age_years = if f.age_years.trim().is_empty() {
        None
    } else {
        match f.age_years.trim().parse::<i64>() {
            Ok(a) => Some(a),
            Err(_) => {
                inv.add("age_years", Problem::OutOfRange);
                None
            }
        }
    };
    inv.into_result()?;
    let role = me.user.role;
    let mut sent: Vec<String> = [
        "given_name",
        "family_name",
        "other_names",
        "sex",
        "birth_date",
        "location_id",
        "national_id",
        "birth_certificate",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if role.writes(FieldGroup::Contact) {
        sent.extend(["phone".to_string(), "address".to_string()]);
    }
    if role.writes(FieldGroup::Medical) && !f.medical_notes.trim().is_empty() {
        sent.push("medical_notes".into());
    }
    if role.writes(FieldGroup::Protection) && !f.protection_notes.trim().is_empty() {
        sent.push("protection_notes".into());
    }
    Ok(PersonInput {
        given_name: f.given_name.clone(),
        family_name: f.family_name.clone(),
        // The text area holds one spelling per line; a person types them,
        // so spaces around a line and empty lines are dropped here (the
        // API keeps its list items exactly).
        other_names: f.other_names.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n"),
        sex: f.sex.clone(),
        birth_date,
        birth_date_precision: if f.birth_estimated.is_empty() { String::new() } else { "estimated".into() },
        age_years,
        location_id: f.location_id.clone(),
        national_id: f.national_id.clone(),
        birth_certificate: f.birth_certificate.clone(),
        phone: f.phone.clone(),
        address: f.address.clone(),
        medical_notes: f.medical_notes.clone(),
        protection_notes: f.protection_notes.clone(),
        sent,
    })
}

/// `POST /people`.
pub async fn create(ctx: Ctx, Form(form): Form<PersonForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let input = match to_input(&me, &form) {
        Ok(i) => i,
        Err(inv) => {
            return form_page(&ctx, &me, "/people".into(), ctx.tr.get("person-new-title"), &form, inv).await;
        }
    };
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    match blocking(move || st.store.create_person(&who, input)).await {
        Ok(Ok(p)) => crate::pages::forms::saved(&ctx, &format!("/people/{}", p.id), crate::pages::forms::Saved::Person),
        Ok(Err(StoreError::Invalid(inv))) => {
            form_page(&ctx, &me, "/people".into(), ctx.tr.get("person-new-title"), &form, inv).await
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// `GET /people/{id}/edit`.
pub async fn edit(ctx: Ctx, Path(id): Path<String>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    if !me.user.role.writes_people() {
        return fail(&ctx, StoreError::NotFound);
    }
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let p = match blocking(move || st.store.view_person(&who, &id)).await {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    use dugu_domain::birth::DatePrecision;
    let year_only = p.birth_date_precision == Some(DatePrecision::Year);
    let part = |f: fn(time::Date) -> String| p.birth_date.map(f).unwrap_or_default();
    let form = PersonForm {
        given_name: p.given_name.clone(),
        family_name: p.family_name.clone(),
        other_names: p.other_names.join("\n"),
        sex: p.sex.code().to_string(),
        birth_day: if year_only { String::new() } else { part(|d| format!("{:02}", d.day())) },
        birth_month: if year_only { String::new() } else { part(|d| format!("{:02}", d.month() as u8)) },
        birth_year: part(|d| format!("{:04}", d.year())),
        birth_estimated: if p.birth_date_precision == Some(DatePrecision::Estimated) {
            "1".into()
        } else {
            String::new()
        },
        location_id: p.location_id.clone(),
        national_id: p.national_id.clone().unwrap_or_default(),
        birth_certificate: p.birth_certificate.clone().unwrap_or_default(),
        phone: p.phone.clone().unwrap_or_default(),
        address: p.address.clone().unwrap_or_default(),
        medical_notes: p.medical_notes.clone().unwrap_or_default(),
        protection_notes: p.protection_notes.clone().unwrap_or_default(),
        ..Default::default()
    };
    form_page(&ctx, &me, format!("/people/{}", p.id), ctx.tr.get("person-edit"), &form, Invalid::new()).await
}

/// `POST /people/{id}`.
pub async fn update(ctx: Ctx, Path(id): Path<String>, Form(form): Form<PersonForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let action = format!("/people/{id}");
    let input = match to_input(&me, &form) {
        Ok(i) => i,
        Err(inv) => return form_page(&ctx, &me, action, ctx.tr.get("person-edit"), &form, inv).await,
    };
    let role = me.user.role;
    let mut fields: Vec<(String, String)> = vec![
        ("given_name".into(), input.given_name.clone()),
        ("family_name".into(), input.family_name.clone()),
        ("other_names".into(), input.other_names.clone()),
        ("sex".into(), input.sex.clone()),
        ("birth_date".into(), input.birth_date.clone()),
        ("birth_date_precision".into(), input.birth_date_precision.clone()),
        ("location_id".into(), input.location_id.clone()),
        ("national_id".into(), input.national_id.clone()),
        ("birth_certificate".into(), input.birth_certificate.clone()),
    ];
    if input.birth_date.is_empty() {
        fields.retain(|(f, _)| f != "birth_date" && f != "birth_date_precision");
    }
    if role.writes(FieldGroup::Contact) {
        fields.push(("phone".into(), input.phone.clone()));
        fields.push(("address".into(), input.address.clone()));
    }
    if role.writes(FieldGroup::Medical) {
        fields.push(("medical_notes".into(), input.medical_notes.clone()));
    }
    if role.writes(FieldGroup::Protection) {
        fields.push(("protection_notes".into(), input.protection_notes.clone()));
    }
    let patch = PersonPatch { fields, age_years: input.age_years };
    let (st, who, pid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    match blocking(move || st.store.update_person(&who, &pid, patch)).await {
        Ok(Ok(p)) => crate::pages::forms::saved(&ctx, &format!("/people/{}", p.id), crate::pages::forms::Saved::Person),
        Ok(Err(StoreError::Invalid(inv))) => form_page(&ctx, &me, action, ctx.tr.get("person-edit"), &form, inv).await,
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
