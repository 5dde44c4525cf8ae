//! Household pages: list, create with its head, view, add members by
//! record number.

use super::templates::{HouseholdFormPage, HouseholdPage, HouseholdsPage};
use crate::pages::filters::{page_link, select};
use crate::pages::forms::{Forms, Saved, SavedQuery, saved};
use crate::pages::{csrf_rejected, fail, fail_status, layout, location_choices, render, render_checked};
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
    if role.reads(dugu_domain::FieldGroup::Protection) {
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
    let (st, who, page) = (ctx.state.clone(), me.principal.clone(), q.page);
    let found = if errors.is_empty() {
        match blocking(move || st.store.households(&who, location.as_deref(), status, PAGE, page.saturating_mul(PAGE)))
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
    let link = |p: u32| page_link("/households", kept, p as usize);
    let shown_to = u64::from(page + 1) * u64::from(PAGE);
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
            prev: page.checked_sub(1).map(link),
            next: (shown_to < found.1).then(|| link(page + 1)),
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
    record_number: String,
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
    let who = me.principal.clone();
    let (st, name, loc, rn) =
        (ctx.state.clone(), form.name.clone(), form.location_id.clone(), form.record_number.clone());
    let result = blocking(move || -> Result<_, StoreError> {
        let mut members = Vec::new();
        if !rn.trim().is_empty() {
            match st.store.person_by_record_number(&who, &rn)? {
                Some(id) => members.push((id, "head".to_string())),
                None => {
                    let mut inv = Invalid::new();
                    inv.add("record_number", Problem::Unknown);
                    return Err(inv.into());
                }
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
        let support = crate::family::section::load(&st.store, &who, role, &tr, &h.id)?;
        Ok((h, location, support))
    })
    .await;
    let (h, location, support) = match loaded {
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
    let page = HouseholdPage {
        support,
        l,
        h,
        location,
        can_write: role.writes_people(),
        forms,
        saved,
        relationships: Relationship::ALL.iter().map(|r| r.code()).collect(),
    };
    render_checked(&page, refused)
}

/// `GET /households/{id}`.
pub async fn show(ctx: Ctx, Path(id): Path<String>, Query(q): Query<SavedQuery>) -> Response {
    household_page(&ctx, id, Forms::after(&q)).await
}

/// The add-member form.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct MemberForm {
    csrf: String,
    record_number: String,
    relationship: String,
}

/// `POST /households/{id}/members`.
pub async fn add_member(ctx: Ctx, Path(id): Path<String>, Form(form): Form<MemberForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let (who, typed) = (me.principal.clone(), Forms::typed(&form));
    let (st, hid, rn, rel) = (ctx.state.clone(), id.clone(), form.record_number.clone(), form.relationship.clone());
    let result = blocking(move || -> Result<_, StoreError> {
        let Some(pid) = st.store.person_by_record_number(&who, &rn)? else {
            let mut inv = Invalid::new();
            inv.add("record_number", if rn.trim().is_empty() { Problem::Required } else { Problem::Unknown });
            inv.check("relationship", Relationship::parse(&rel));
            return Err(inv.into());
        };
        st.store.add_household_member(&who, &hid, &pid, &rel)
    })
    .await;
    match result {
        Ok(Ok(h)) => saved(&format!("/households/{}", h.id), Saved::Member),
        Ok(Err(StoreError::Invalid(inv))) => household_page(&ctx, id, Forms::refused("member", inv, typed)).await,
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
