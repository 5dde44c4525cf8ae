//! Household pages: list, create with its head, view, add members by
//! record number.

use crate::pages::{csrf_rejected, fail, fail_status, layout, location_choices, render};
use crate::session::{Ctx, blocking};
use crate::templates::{HouseholdFormPage, HouseholdPage, HouseholdsPage};
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::household::Relationship;
use dugu_domain::{Invalid, Problem};
use dugu_storage::{HouseholdInput, StoreError};
use serde::Deserialize;

/// `GET /households`.
pub async fn list(ctx: Ctx) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    match blocking(move || st.store.households(&who, 200, 0)).await {
        Ok(Ok(items)) => render(&HouseholdsPage {
            l: layout(&ctx.tr, Some(&me), ctx.tr.get("households-title"), false),
            items,
            can_write: me.user.role.writes_people(),
        }),
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
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

fn form_page(ctx: &Ctx, form: &NewForm, errors: Invalid) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(ctx, StatusCode::UNAUTHORIZED);
    };
    let locations = match location_choices(ctx, me, true) {
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
    form_page(&ctx, &form, Invalid::new())
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
        Ok(Err(StoreError::Invalid(inv))) => form_page(&ctx, &form, inv),
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

pub(crate) async fn household_page(ctx: &Ctx, id: String, errors: Invalid, record_number: String) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let loaded = blocking(move || -> Result<_, StoreError> {
        let h = st.store.view_household(&who, &id)?;
        let location =
            st.store.location(&h.location_id)?.map(|l| format!("{} ({})", l.name, l.code)).unwrap_or_default();
        let support = st.store.support_of(&who, &h.id)?;
        Ok((h, location, support))
    })
    .await;
    let role = me.user.role;
    match loaded {
        Ok(Ok((h, location, support))) => render(&HouseholdPage {
            support: role.reads(dugu_domain::FieldGroup::Protection).then(|| {
                crate::pages::family::view(&ctx.tr, support, role.writes(dugu_domain::FieldGroup::Protection))
            }),
            l: layout(&ctx.tr, Some(&me), h.name.clone(), !errors.is_empty()),
            h,
            location,
            can_write: me.user.role.writes_people(),
            errors,
            record_number,
            relationships: Relationship::ALL.iter().map(|r| r.code()).collect(),
        }),
        Ok(Err(e)) => fail(ctx, e),
        Err(s) => fail_status(ctx, s),
    }
}

/// `GET /households/{id}`.
pub async fn show(ctx: Ctx, Path(id): Path<String>) -> Response {
    household_page(&ctx, id, Invalid::new(), String::new()).await
}

/// The add-member form.
#[derive(Deserialize, Default)]
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
    let who = me.principal.clone();
    let (st, hid, rn, rel) = (ctx.state.clone(), id.clone(), form.record_number.clone(), form.relationship.clone());
    let result = blocking(move || -> Result<_, StoreError> {
        let Some(pid) = st.store.person_by_record_number(&who, &rn)? else {
            let mut inv = Invalid::new();
            inv.add("record_number", if rn.trim().is_empty() { Problem::Required } else { Problem::Unknown });
            return Err(inv.into());
        };
        st.store.add_household_member(&who, &hid, &pid, &rel)
    })
    .await;
    match result {
        Ok(Ok(h)) => Redirect::to(&format!("/households/{}", h.id)).into_response(),
        Ok(Err(StoreError::Invalid(inv))) => household_page(&ctx, id, inv, form.record_number).await,
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
