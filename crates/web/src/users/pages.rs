//! User administration: create accounts, change a role and its locations,
//! reset a password or a lost second factor, disable and enable. Every one
//! of these asks for the administrator's password again if it was last
//! given more than 15 minutes ago; a role that reads person records is
//! granted only once a national director approves it (`approvals`).

use super::templates::{UserRow, UsersPage};
use crate::auth;
use crate::pages::confirm::CheckPage;
use crate::pages::forms::{Forms, Saved, saved};
use crate::pages::reauth::demand;
use crate::pages::{csrf_rejected, fail, fail_status, layout, location_choices, render};
use crate::session::{Ctx, Current, blocking};
use crate::templates::{Choice, Layout};
use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::{Invalid, Role};
use dugu_storage::{NewUser, RoleChange, RoleRequest, StoreError, User};
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

async fn page(ctx: &Ctx, form: &NewUserForm, errors: Invalid, message: Option<String>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let found = blocking(move || Ok::<_, StoreError>((st.store.users(&who)?, st.store.role_requests(&who)?))).await;
    let (users, requests) = match found {
        Ok(Ok(u)) => u,
        Ok(Err(e)) => return fail(ctx, e),
        Err(s) => return fail_status(ctx, s),
    };
    let locations = match location_choices(ctx, &me, false).await {
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
                awaiting: u.awaiting_approval,
            })
            .collect(),
        errors,
        form: (form.username.clone(), form.display_name.clone(), form.role.clone(), form.location_id.clone()),
        roles: Role::ALL.iter().map(|r| r.code()).collect(),
        locations,
        requests,
        message,
    })
}

/// `GET /admin/users`.
pub async fn list(ctx: Ctx) -> Response {
    page(&ctx, &NewUserForm::default(), Invalid::new(), None).await
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
    // Nothing is chosen for the administrator: an empty role, or no
    // location for a role that works at one, is named.
    let role = if form.role.trim().is_empty() {
        inv.add("role", dugu_domain::Problem::Required);
        None
    } else {
        inv.check("role", Role::parse(&form.role))
    };
    if role.is_some_and(|r| !r.sees_all_locations()) && form.location_id.trim().is_empty() {
        inv.add("location_ids", dugu_domain::Problem::Required);
    }
    if let Err(p) = dugu_domain::password::check_new(&form.password, &form.username) {
        inv.add("password", p);
    }
    let Some(role) = role.filter(|_| inv.is_empty()) else {
        return page(&ctx, &form, inv, None).await;
    };
    // Every new account is a grant: an administrator account could do
    // all of this page's sensitive actions itself.
    if let Some(r) = demand(&ctx, "/admin/users") {
        return r;
    }
    let who = me.principal.clone();
    let (st, f) = (ctx.state.clone(), form.clone());
    let created = blocking(move || {
        let hash = auth::hash_password(&f.password).map_err(|e| StoreError::Io(e.to_string()))?;
        let new = NewUser {
            username: f.username,
            display_name: f.display_name,
            role,
            password_hash: hash,
            language: "fr".into(),
            location_ids: locations_of(role, &f.location_id),
        };
        st.store.create_user(&who, new)
    })
    .await;
    match created {
        Ok(Ok(u)) if u.awaiting_approval => {
            let message = Some(ctx.tr.get("users-sent-for-approval"));
            page(&ctx, &NewUserForm::default(), Invalid::new(), message).await
        }
        Ok(Ok(_)) => Redirect::to("/admin/users").into_response(),
        Ok(Err(StoreError::Invalid(inv))) => page(&ctx, &form, inv, None).await,
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// The locations a role is given: none for roles that see every location.
fn locations_of(role: Role, location_id: &str) -> Vec<String> {
    if role.sees_all_locations() || location_id.is_empty() { Vec::new() } else { vec![location_id.to_string()] }
}

#[derive(Template)]
#[template(path = "users/user.html")]
struct UserPage {
    l: Layout,
    user: User,
    location_names: Vec<String>,
    pending: Option<RoleRequest>,
    roles: Vec<&'static str>,
    locations: Vec<LocationOption>,
    errors: Invalid,
    message: Option<String>,
    one_time_password: Option<String>,
    is_me: bool,
}

/// A location to choose, marked when the user has it.
struct LocationOption {
    id: String,
    label: String,
    selected: bool,
}

/// What a user's page shows besides the account.
#[derive(Default)]
struct Shown {
    errors: Invalid,
    message: Option<String>,
    one_time_password: Option<String>,
}

async fn user_page(ctx: &Ctx, id: String, shown: Shown) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(ctx, StatusCode::UNAUTHORIZED);
    };
    let me: Current = me.clone();
    let (st, who, uid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let found = blocking(move || -> Result<_, StoreError> {
        // Only administrators list accounts: the same check as the list.
        st.store.users(&who)?;
        let user = st.store.user(&uid)?.ok_or(StoreError::NotFound)?;
        let pending = st.store.role_requests(&who)?.into_iter().find(|q| q.user_id == uid);
        Ok((user, pending))
    })
    .await;
    let (user, pending) = match found {
        Ok(Ok(f)) => f,
        Ok(Err(e)) => return fail(ctx, e),
        Err(s) => return fail_status(ctx, s),
    };
    let locations = match location_choices(ctx, &me, false).await {
        Ok(l) => l,
        Err(e) => return fail(ctx, e),
    };
    let location_names =
        locations.iter().filter(|c| user.location_ids.contains(&c.id)).map(|c| c.label.clone()).collect();
    let locations = locations
        .into_iter()
        .map(|Choice { id, label }| LocationOption { selected: user.location_ids.contains(&id), id, label })
        .collect();
    let mut response = render(&UserPage {
        l: layout(&ctx.tr, Some(&me), user.username.clone(), !shown.errors.is_empty()),
        is_me: user.id == me.user.id,
        user,
        location_names,
        pending,
        roles: Role::ALL.iter().map(|r| r.code()).collect(),
        locations,
        message: shown.message,
        one_time_password: shown.one_time_password,
        errors: shown.errors.clone(),
    });
    if !shown.errors.is_empty() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    response
}

/// `GET /admin/users/{id}`.
pub async fn show(ctx: Ctx, Path(id): Path<String>) -> Response {
    let message = Forms::after(&ctx).saved.map(|s| ctx.tr.code("saved", s.code()));
    let clearing = Forms::clearing(&ctx, &format!("/admin/users/{id}"));
    Forms::said(clearing, user_page(&ctx, id, Shown { message, ..Shown::default() }).await)
}

/// The role form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoleForm {
    csrf: String,
    role: String,
    location_id: String,
}

/// `POST /admin/users/{id}/role`: applied at once when it grants nothing
/// the administrator does not read; otherwise sent for approval.
pub async fn change_role(ctx: Ctx, Path(id): Path<String>, Form(form): Form<RoleForm>) -> Response {
    if let Some(r) = guard(&ctx, &form.csrf, &id) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    if me.user.id == id {
        // Refused, and said so (the page offers no such form either).
        let mut r =
            user_page(&ctx, id, Shown { message: Some(ctx.tr.get("users-own-role")), ..Shown::default() }).await;
        *r.status_mut() = StatusCode::FORBIDDEN;
        return r;
    }
    let mut inv = Invalid::new();
    let Some(role) = inv.check("role", Role::parse(&form.role)) else {
        return user_page(&ctx, id, Shown { errors: inv, ..Shown::default() }).await;
    };
    let (st, who, uid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let locations = locations_of(role, &form.location_id);
    match blocking(move || st.store.change_role(&who, &uid, role, locations)).await {
        Ok(Ok(change)) => {
            let key = match change {
                RoleChange::Applied => "users-role-changed",
                RoleChange::AwaitingApproval => "users-sent-for-approval",
                RoleChange::Unchanged => "users-role-unchanged",
            };
            user_page(&ctx, id, Shown { message: Some(ctx.tr.get(key)), ..Shown::default() }).await
        }
        Ok(Err(StoreError::Invalid(inv))) => user_page(&ctx, id, Shown { errors: inv, ..Shown::default() }).await,
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

/// The form token, then a recent proof of identity; `Some` refuses.
fn guard(ctx: &Ctx, csrf: &str, user_id: &str) -> Option<Response> {
    csrf_rejected(ctx, csrf).or_else(|| demand(ctx, &format!("/admin/users/{user_id}")))
}

/// `POST /admin/users/{id}/password-reset`: a one-time password, shown once
/// to the administrator to hand over; the user must replace it at sign-in.
pub async fn reset_password(ctx: Ctx, Path(id): Path<String>, Form(form): Form<TokenForm>) -> Response {
    if let Some(r) = guard(&ctx, &form.csrf, &id) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let (st, who, uid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let password = auth::new_token();
    let p = password.clone();
    let reset = blocking(move || {
        let hash = auth::hash_password(&p).map_err(|e| StoreError::Io(e.to_string()))?;
        st.store.reset_password(&who, &uid, hash)
    })
    .await;
    let pending = |c| (c == RoleChange::AwaitingApproval).then(|| ctx.tr.get("users-sent-for-approval"));
    match reset {
        Ok(Ok(c)) => {
            let shown = Shown { one_time_password: Some(password), message: pending(c), ..Shown::default() };
            user_page(&ctx, id, shown).await
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// `POST /admin/users/{id}/second-factor-reset`: the recovery path for a
/// lost authenticator.
pub async fn reset_second_factor(ctx: Ctx, Path(id): Path<String>, Form(form): Form<TokenForm>) -> Response {
    if let Some(r) = guard(&ctx, &form.csrf, &id) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let (st, who, uid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    match blocking(move || st.store.reset_second_factor(&who, &uid)).await {
        Ok(Ok(c)) => {
            let key =
                if c == RoleChange::AwaitingApproval { "users-sent-for-approval" } else { "users-totp-reset-done" };
            user_page(&ctx, id, Shown { message: Some(ctx.tr.get(key)), ..Shown::default() }).await
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

async fn set_disabled(ctx: Ctx, id: String, form: TokenForm, disabled: bool) -> Response {
    if let Some(r) = guard(&ctx, &form.csrf, &id) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let (st, who, uid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    match blocking(move || st.store.set_disabled(&who, &uid, disabled)).await {
        Ok(Ok(RoleChange::AwaitingApproval)) => {
            user_page(&ctx, id, Shown { message: Some(ctx.tr.get("users-sent-for-approval")), ..Shown::default() })
                .await
        }
        Ok(Ok(_)) if disabled => saved(&ctx, &format!("/admin/users/{id}"), Saved::Disabled),
        Ok(Ok(_)) => Redirect::to(&format!("/admin/users/{id}")).into_response(),
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// `GET /admin/users/{id}/disable`: what disabling the account does, and
/// the button that does it. One's own account cannot be disabled (the
/// store refuses it too): the page is refused.
pub async fn confirm_disable(ctx: Ctx, Path(id): Path<String>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    if me.user.id == id {
        return fail(&ctx, StoreError::Forbidden);
    }
    let (st, who, uid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let found = blocking(move || -> Result<User, StoreError> {
        // Only administrators list accounts: the same check as the list.
        st.store.users(&who)?;
        st.store.user(&uid)?.ok_or(StoreError::NotFound)
    })
    .await;
    let user = match found {
        Ok(Ok(u)) if !u.disabled => u,
        Ok(Ok(_)) => return Redirect::to(&format!("/admin/users/{id}")).into_response(),
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let tr = &ctx.tr;
    render(&CheckPage {
        l: layout(tr, Some(me), tr.get("disable-title"), false),
        about: format!("{} — {}", user.display_name, user.username),
        answers: vec![(tr.get("account-role"), tr.code("role", user.role.code()))],
        consequences: vec![tr.get("disable-sign-in"), tr.get("disable-sessions"), tr.get("disable-kept")],
        action: format!("/admin/users/{id}/disable"),
        hidden: Vec::new(),
        confirm: tr.get("users-disable"),
        back: format!("/admin/users/{id}"),
    })
}

/// `POST /admin/users/{id}/disable`: the confirmation page's button.
pub async fn disable(ctx: Ctx, Path(id): Path<String>, Form(form): Form<TokenForm>) -> Response {
    set_disabled(ctx, id, form, true).await
}

/// `POST /admin/users/{id}/enable`.
pub async fn enable(ctx: Ctx, Path(id): Path<String>, Form(form): Form<TokenForm>) -> Response {
    set_disabled(ctx, id, form, false).await
}
