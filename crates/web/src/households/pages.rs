//! Household pages: list, create with its head, view, add members by
//! name or record number.

use super::templates::{HouseholdFormPage, HouseholdPage, HouseholdsPage};
use crate::pages::filters::{page_link, select};
use crate::pages::forms::{Forms, Saved, saved};
use crate::pages::{csrf_rejected, fail, fail_status, layout, location_choices, render, render_checked};
use crate::people::pick::{self, Chosen};
use crate::people::searches::{Of, Search};
use crate::session::{Ctx, blocking};
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::household::Relationship;
use dugu_domain::people_filter::HouseholdStatus;
use dugu_domain::{Invalid, Problem};
use dugu_storage::{HouseholdInput, StoreError};
use serde::{Deserialize, Serialize};

/// Households shown per page.
const PAGE: u32 = 50;

/// `?location_id=&status=&page=`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    location_id: String,
    status: String,
    page: u32,
}

/// `GET /households`: by name, narrowed by location and (for protection
/// readers) family-strengthening status, paged.
pub async fn list(ctx: Ctx, Query(q): Query<ListQuery>) -> Response {
    results(ctx, String::new(), q).await
}

/// The name search of the households list: words (by POST, so a name
/// never travels in a URL), the filters and the page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchForm {
    csrf: String,
    q: String,
    location_id: String,
    status: String,
    page: u32,
}

/// `POST /households/search`: keeps the search and sends the browser to
/// its results (post-redirect-get), so Back never asks to resend a form
/// and no name travels in a URL; without words, the list's filters go to
/// `GET /households` as they are.
pub async fn search(ctx: Ctx, Form(form): Form<SearchForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    if form.q.trim().is_empty() {
        let kept = [("location_id", form.location_id.as_str()), ("status", form.status.as_str())];
        return Redirect::to(&page_link("/households", &kept, 0)).into_response();
    }
    let of = Of::Households { location_id: form.location_id, status: form.status };
    let id = ctx.state.searches.keep(&me.session.token_hash, ctx.state.clock.now(), Search { q: form.q, of });
    Redirect::to(&format!("/households/search/{id}")).into_response()
}

/// `?page=` of a kept search.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FoundQuery {
    page: u32,
}

/// `GET /households/search/{id}`: a kept search's results; one that is
/// gone (or never was this session's) says so above the whole list.
pub async fn found(ctx: Ctx, Path(id): Path<String>, Query(query): Query<FoundQuery>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    match ctx.state.searches.get(&id, &me.session.token_hash, ctx.state.clock.now()) {
        Some(Search { q, of: Of::Households { location_id, status } }) => {
            let list = ListQuery { location_id, status, page: query.page };
            results_of(ctx, q, list, Some(id)).await
        }
        _ => {
            let mut response = results_with(ctx, String::new(), ListQuery::default(), None, true).await;
            *response.status_mut() = StatusCode::NOT_FOUND;
            response
        }
    }
}

async fn results(ctx: Ctx, words: String, q: ListQuery) -> Response {
    results_of(ctx, words, q, None).await
}

/// The list, or the results of the kept search `kept` (paged by links to
/// its address).
async fn results_of(ctx: Ctx, words: String, q: ListQuery, kept_search: Option<String>) -> Response {
    results_with(ctx, words, q, kept_search, false).await
}

/// The list; `gone`: a kept search asked for is no longer available.
async fn results_with(ctx: Ctx, words: String, q: ListQuery, kept_search: Option<String>, gone: bool) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let tr = &ctx.tr;
    let role = me.user.role;
    let locations = match location_choices(&ctx, &me, true).await {
        Ok(l) => l,
        Err(e) => return fail(&ctx, e),
    };
    let mut filters = vec![select(tr, "location_id", locations.into_iter().map(|c| (c.id, c.label)), &q.location_id)];
    // Offered only where family strengthening runs.
    let runs = match crate::pages::filters::kinds_run(&ctx, &me, &q.location_id).await {
        Ok(r) => r,
        Err(e) => return fail(&ctx, e),
    };
    let supported_here = HouseholdStatus::ALL.iter().any(|s| runs.contains(s.programme().code()));
    if role.reads(dugu_domain::FieldGroup::Protection) && supported_here {
        filters.push(select(
            tr,
            "status",
            HouseholdStatus::ALL.into_iter().map(|s| (s.code().into(), tr.code("household-status", s.code()))),
            &q.status,
        ));
    }
    let mut errors = Invalid::new();
    let status = errors.check("status", HouseholdStatus::parse(&q.status)).flatten();
    let location = Some(q.location_id.trim().to_string()).filter(|l| !l.is_empty());
    let (st, who, page, typed) = (ctx.state.clone(), me.principal.clone(), q.page, words.clone());
    let found = if errors.is_empty() {
        match blocking(move || {
            st.store.search_households(&who, &typed, location.as_deref(), status, PAGE, page.saturating_mul(PAGE))
        })
        .await
        {
            Ok(Ok(v)) => v,
            Ok(Err(StoreError::Invalid(inv))) => {
                errors = inv;
                (Vec::new(), 0)
            }
            Ok(Err(e)) => return fail(&ctx, e),
            Err(s) => return fail_status(&ctx, s),
        }
    } else {
        (Vec::new(), 0)
    };
    let kept = [("location_id", q.location_id.as_str()), ("status", q.status.as_str())];
    let kept: &[(&str, &str)] = if errors.is_empty() { &kept } else { &[] };
    // A kept search pages by its own address; the list by its filters.
    let link = |p: u32| match &kept_search {
        Some(id) => format!("/households/search/{id}?page={p}"),
        None => page_link("/households", kept, p as usize),
    };
    let shown_to = u64::from(page + 1) * u64::from(PAGE);
    let (prev_page, next_page) = (page.checked_sub(1), (shown_to < found.1).then_some(page + 1));
    let has_errors = !errors.is_empty();
    render_checked(
        &HouseholdsPage {
            action: "/households".into(),
            l: layout(tr, Some(&me), tr.get("households-title"), has_errors),
            count: tr.arg("households-count", "count", &found.1.to_string()),
            items: found.0,
            filters,
            errors,
            can_write: role.writes_people(),
            prev: prev_page.map(link),
            next: next_page.map(link),
            q: words,
            hidden: kept.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            notice: gone.then(|| tr.get("households-search-gone")),
        },
        has_errors,
    )
}

/// The new-household form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewForm {
    csrf: String,
    name: String,
    location_id: String,
    /// The head, by name or record number; `record_number_pick` is the
    /// person chosen among the matches of a name.
    record_number: String,
    record_number_pick: String,
    find: String,
    step: String,
}

async fn form_page(ctx: &Ctx, form: &NewForm, errors: Invalid) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(ctx, StatusCode::UNAUTHORIZED);
    };
    let locations = match location_choices(ctx, me, true).await {
        Ok(l) => l,
        Err(e) => return fail(ctx, e),
    };
    render(&HouseholdFormPage {
        l: layout(&ctx.tr, Some(me), ctx.tr.get("household-new"), !errors.is_empty()),
        errors,
        household_name: form.name.clone(),
        location_id: form.location_id.clone(),
        head: form.record_number.clone(),
        locations,
    })
}

/// `GET /households/new`.
pub async fn new(ctx: Ctx) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    if !me.user.role.writes_people() {
        return fail(&ctx, StoreError::Forbidden);
    }
    let form = NewForm { location_id: me.user.location_ids.first().cloned().unwrap_or_default(), ..Default::default() };
    form_page(&ctx, &form, Invalid::new()).await
}

/// `POST /households`.
pub async fn create(ctx: Ctx, Form(form): Form<NewForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let step = pick::Step {
        field: "record_number",
        label: ctx.tr.get("pick-head"),
        action: "/households".into(),
        back: "/households/new".into(),
        kept: vec![("name", form.name.clone()), ("location_id", form.location_id.clone())],
        in_care: false,
    };
    let typed =
        pick::Typed { text: &form.record_number, chosen: &form.record_number_pick, find: &form.find, step: &form.step };
    let head = match pick::person(&ctx, typed, step).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let who = me.principal.clone();
    let (st, name, loc) = (ctx.state.clone(), form.name.clone(), form.location_id.clone());
    let result = blocking(move || -> Result<_, StoreError> {
        let mut members = Vec::new();
        match head {
            Chosen::Nobody => {}
            Chosen::Person(id) => members.push((id, "head".to_string())),
            Chosen::Unknown | Chosen::NotInCare => {
                let mut inv = Invalid::new();
                inv.add("record_number", Problem::Unknown);
                return Err(inv.into());
            }
        }
        st.store.create_household(&who, HouseholdInput { name, location_id: loc, members })
    })
    .await;
    match result {
        Ok(Ok(h)) => Redirect::to(&format!("/households/{}", h.id)).into_response(),
        Ok(Err(StoreError::Invalid(inv))) => form_page(&ctx, &form, inv).await,
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// The household's page, with a form posted from it refused (422) or
/// just saved.
pub(crate) async fn household_page(ctx: &Ctx, id: String, forms: Forms) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let (st, who, tr, role) = (ctx.state.clone(), me.principal.clone(), ctx.tr.clone(), me.user.role);
    let loaded = blocking(move || -> Result<_, StoreError> {
        let h = st.store.view_household(&who, &id)?;
        let location =
            st.store.location(&h.location_id)?.map(|l| format!("{} ({})", l.name, l.code)).unwrap_or_default();
        let support = crate::family::section::load(&*st.store, &who, role, &tr, &h.id)?;
        let state = crate::conflicts::on_record::read_state(&*st.store, &who, &id)?;
        Ok((h, location, support, state))
    })
    .await;
    let (h, location, support, state) = match loaded {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return fail(ctx, e),
        Err(s) => return fail_status(ctx, s),
    };
    let refused = forms.any_refused();
    let l = layout(&ctx.tr, Some(&me), h.name.clone(), refused);
    let support = match support.map(|sv| crate::family::section::render(&sv, &l, &h, &forms)).transpose() {
        Ok(html) => html,
        Err(e) => {
            tracing::error!(error.cause = %e, "template failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let saved = forms.saved.map(|s| (s.anchor(), ctx.tr.code("saved", s.code())));
    // A household has one head: once it has one, the choice is not offered
    // (the store would refuse it, after the reader had found the person).
    let has_head = h.members.iter().any(|m| m.relationship == Relationship::Head);
    let relationships =
        Relationship::ALL.iter().filter(|r| !(has_head && **r == Relationship::Head)).map(|r| r.code()).collect();
    let (critical, mut conflicts, sync) = crate::conflicts::on_record::words(&ctx.tr, &state);
    // No field of a household decides a child's safety by itself: all are
    // said the same way.
    conflicts.extend(critical);
    let page = HouseholdPage {
        support,
        l,
        h,
        location,
        can_write: role.writes_people(),
        forms,
        saved,
        relationships,
        conflicts,
        sync,
    };
    render_checked(&page, refused)
}

/// `GET /households/{id}`.
pub async fn show(ctx: Ctx, Path(id): Path<String>) -> Response {
    let clearing = Forms::clearing(&ctx, &format!("/households/{id}"));
    Forms::said(clearing, household_page(&ctx, id, Forms::after(&ctx)).await)
}

/// The add-member form.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct MemberForm {
    csrf: String,
    /// A name or a record number; `record_number_pick` is the person
    /// chosen among the matches of a name.
    record_number: String,
    record_number_pick: String,
    relationship: String,
    find: String,
    step: String,
}

/// A refused form keeps the person chosen among a name's matches: the
/// field says their record number, which names them alone, so sending
/// the form again does not ask to choose again.
async fn keep_chosen(ctx: &Ctx, mut typed: Vec<(String, String)>, pid: String) -> Vec<(String, String)> {
    let Some(me) = ctx.me() else { return typed };
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let number =
        blocking(move || st.store.record_numbers_of(&who, std::slice::from_ref(&pid)).map(|n| n.get(&pid).cloned()))
            .await;
    if let Ok(Ok(Some(number))) = number {
        typed.retain(|(k, _)| k != "record_number" && k != "record_number_pick");
        typed.push(("record_number".into(), number));
    }
    typed
}

/// `POST /households/{id}/members`.
pub async fn add_member(ctx: Ctx, Path(id): Path<String>, Form(form): Form<MemberForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let typed_values = Forms::typed(&form);
    let step = pick::Step {
        field: "record_number",
        label: ctx.tr.get("pick-member"),
        action: format!("/households/{id}/members"),
        back: format!("/households/{id}"),
        kept: vec![("relationship", form.relationship.clone())],
        in_care: false,
    };
    let typed =
        pick::Typed { text: &form.record_number, chosen: &form.record_number_pick, find: &form.find, step: &form.step };
    let member = match pick::person(&ctx, typed, step).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let who = me.principal.clone();
    let chosen = match &member {
        Chosen::Person(pid) => Some(pid.clone()),
        _ => None,
    };
    let (st, hid, rel) = (ctx.state.clone(), id.clone(), form.relationship.clone());
    let result = blocking(move || -> Result<_, StoreError> {
        let pid = match member {
            Chosen::Person(pid) => pid,
            Chosen::Nobody | Chosen::Unknown | Chosen::NotInCare => {
                let mut inv = Invalid::new();
                let problem = if matches!(member, Chosen::Nobody) { Problem::Required } else { Problem::Unknown };
                inv.add("record_number", problem);
                inv.check("relationship", Relationship::parse(&rel));
                return Err(inv.into());
            }
        };
        st.store.add_household_member(&who, &hid, &pid, &rel)
    })
    .await;
    match result {
        Ok(Ok(h)) => saved(&ctx, &format!("/households/{}", h.id), Saved::Member),
        Ok(Err(StoreError::Invalid(inv))) => {
            let typed_values = match chosen {
                Some(pid) => keep_chosen(&ctx, typed_values, pid).await,
                None => typed_values,
            };
            household_page(&ctx, id, Forms::refused("member", inv, typed_values)).await
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
