//! User administration: create accounts, disable and enable them.
//! Disabling ends the user's sessions and API tokens at once.

use crate::auth;
use crate::pages::{csrf_rejected, fail, fail_status, layout, location_choices, render};
use crate::session::{Ctx, blocking};
use crate::templates::{UserRow, UsersPage};
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::{Invalid, Role};
use dugu_storage::{NewUser, StoreError};
use serde::Deserialize;

/// The new-user form.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NewUserForm {
    csrf: String,
    username: String,
    display_name: String,
    role: String,
    location_id: String,
    password: String,
}

async fn page(ctx: &Ctx, form: &NewUserForm, errors: Invalid) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let users = match blocking(move || st.store.users(&who)).await {
        Ok(Ok(u)) => u,
        Ok(Err(e)) => return fail(ctx, e),
        Err(s) => return fail_status(ctx, s),
    };
    let locations = match location_choices(ctx, &me, false) {
        Ok(l) => l,
        Err(e) => return fail(ctx, e),
    };
    render(&UsersPage {
        l: layout(&ctx.tr, Some(&me), ctx.tr.get("users-title"), !errors.is_empty()),
        items: users
            .into_iter()
            .map(|u| UserRow {
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                role: u.role.code().into(),
                disabled: u.disabled,
            })
            .collect(),
        errors,
        form: (form.username.clone(), form.display_name.clone()),
        roles: Role::ALL.iter().map(|r| r.code()).collect(),
        locations,
    })
}

/// `GET /admin/users`.
pub async fn list(ctx: Ctx) -> Response {
    page(&ctx, &NewUserForm::default(), Invalid::new()).await
}

/// `POST /admin/users`.
pub async fn create(ctx: Ctx, Form(form): Form<NewUserForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let mut inv = Invalid::new();
    let role = inv.check("role", Role::parse(&form.role));
    if let Err(p) = dugu_domain::password::check_new(&form.password, &form.username) {
        inv.add("password", p);
    }
    let Some(role) = role.filter(|_| inv.is_empty()) else {
        return page(&ctx, &form, inv).await;
    };
    let who = me.principal.clone();
    let (st, f) = (ctx.state.clone(), form.clone());
    let created = blocking(move || {
        let hash = auth::hash_password(&f.password);
        let locations = if role.sees_all_locations() || f.location_id.is_empty() {
            Vec::new()
        } else {
            vec![f.location_id.clone()]
        };
        let new = NewUser {
            username: f.username,
            display_name: f.display_name,
            role,
            password_hash: hash,
            language: "fr".into(),
            location_ids: locations,
        };
        st.store.write(move |tx| tx.create_user(Some(&who), &new))
    })
    .await;
    match created {
        Ok(Ok(_)) => Redirect::to("/admin/users").into_response(),
        Ok(Err(StoreError::Invalid(inv))) => page(&ctx, &form, inv).await,
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// A form with only its token.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenForm {
    csrf: String,
}

async fn set_disabled(ctx: Ctx, id: String, form: TokenForm, disabled: bool) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    match blocking(move || st.store.write(move |tx| tx.set_disabled(&who, &id, disabled))).await {
        Ok(Ok(())) => Redirect::to("/admin/users").into_response(),
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// `POST /admin/users/{id}/disable`.
pub async fn disable(ctx: Ctx, Path(id): Path<String>, Form(form): Form<TokenForm>) -> Response {
    set_disabled(ctx, id, form, true).await
}

/// `POST /admin/users/{id}/enable`.
pub async fn enable(ctx: Ctx, Path(id): Path<String>, Form(form): Form<TokenForm>) -> Response {
    set_disabled(ctx, id, form, false).await
}
