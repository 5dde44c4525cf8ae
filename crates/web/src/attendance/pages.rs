//! The daily attendance register of a day-care or kindergarten group: one
//! tap per child present, one save for the whole group.

use super::templates::RegisterPage;
use crate::pages::{csrf_rejected, fail, fail_status, layout, render};
use crate::people::pick::{self, Chosen};
use crate::session::{Ctx, blocking};
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::{Invalid, Problem};
use dugu_storage::StoreError;
use serde::Deserialize;

use crate::today;

/// `?day=YYYY-MM-DD`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DayQuery {
    #[serde(deserialize_with = "crate::format::form_day")]
    day: String,
}

/// `GET /groups/{id}/register`.
pub async fn show(ctx: Ctx, Path(id): Path<String>, Query(q): Query<DayQuery>) -> Response {
    let day = if q.day.is_empty() { today().to_string() } else { q.day };
    page(ctx, id, day, Invalid::new(), false).await
}

async fn page(ctx: Ctx, id: String, day: String, errors: Invalid, saved: bool) -> Response {
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let me = me.clone();
    // The day of the query or form, read once: what is no day is no page.
    let Ok(d) = dugu_domain::birth::parse_iso_date(&day) else {
        return fail(&ctx, StoreError::NotFound);
    };
    let (st, who, gid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let (group, lines) = match blocking(move || st.store.register(&who, &gid, d)).await {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let taken = lines.iter().any(|l| l.present.is_some());
    render(&RegisterPage {
        l: layout(&ctx.tr, Some(&me), group.name.clone(), !errors.is_empty()),
        present_count: lines.iter().filter(|l| l.present == Some(true)).count(),
        group,
        lines,
        day,
        taken,
        saved,
        can_write: me.user.role.writes_people(),
        errors,
    })
}

/// `POST /groups/{id}/register`: `day`, and `present` once per child.
pub async fn save(ctx: Ctx, Path(id): Path<String>, body: Bytes) -> Response {
    let (mut csrf, mut day, mut present) = (String::new(), String::new(), Vec::new());
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "csrf" => csrf = v.into_owned(),
            "day" => day = crate::format::day_from_form(&v),
            "present" => present.push(v.into_owned()),
            _ => {}
        }
    }
    if let Some(r) = csrf_rejected(&ctx, &csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who, gid, d) = (ctx.state.clone(), me.principal.clone(), id.clone(), day.clone());
    match blocking(move || st.store.save_register(&who, &gid, &d, present, today())).await {
        Ok(Ok(_)) => page(ctx, id, day, Invalid::new(), true).await,
        Ok(Err(StoreError::Invalid(inv))) => {
            let shown = if dugu_domain::birth::parse_iso_date(&day).is_ok() { day } else { today().to_string() };
            page(ctx, id, shown, inv, false).await
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// The new-group form (on the village page).
#[derive(Deserialize, serde::Serialize, Default)]
#[serde(default)]
pub struct GroupForm {
    csrf: String,
    location_id: String,
    name: String,
    kind: String,
}

/// `POST /groups`.
pub async fn create(ctx: Ctx, axum::Form(form): axum::Form<GroupForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let (location, typed) = (form.location_id.clone(), crate::pages::forms::Forms::typed(&form));
    match blocking(move || st.store.create_group(&who, &form.location_id, &form.name, &form.kind)).await {
        Ok(Ok(g)) => Redirect::to(&format!("/groups/{}/register", g.id)).into_response(),
        Ok(Err(StoreError::Invalid(inv))) => {
            let forms = crate::pages::forms::Forms::refused("group", inv, typed);
            crate::villages::pages::show_with(ctx, location, forms).await
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// The add-child form: a name or a record number; `record_number_pick`
/// is the child chosen among the matches of a name.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MemberForm {
    csrf: String,
    record_number: String,
    record_number_pick: String,
    find: String,
    step: String,
}

/// `POST /groups/{id}/members`.
pub async fn add_member(ctx: Ctx, Path(id): Path<String>, axum::Form(form): axum::Form<MemberForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let step = pick::Step {
        field: "record_number",
        label: ctx.tr.get("pick-child"),
        action: format!("/groups/{id}/members"),
        back: format!("/groups/{id}/register"),
        kept: Vec::new(),
        in_care: false,
    };
    let typed =
        pick::Typed { text: &form.record_number, chosen: &form.record_number_pick, find: &form.find, step: &form.step };
    let child = match pick::person(&ctx, typed, step).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (st, who, gid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let done = blocking(move || -> Result<(), StoreError> {
        let Chosen::Person(pid) = child else {
            let mut inv = Invalid::new();
            inv.add("record_number", Problem::Unknown);
            return Err(inv.into());
        };
        st.store.add_to_group(&who, &gid, &pid, &today().to_string())
    })
    .await;
    match done {
        Ok(Ok(())) => Redirect::to(&format!("/groups/{id}/register")).into_response(),
        Ok(Err(StoreError::Invalid(inv))) => page(ctx, id, today().to_string(), inv, false).await,
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
