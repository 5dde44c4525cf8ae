//! The second person of the two-person rule: a national director approves
//! or refuses the grants an administrator may not make alone (a role that
//! reads person records, or its locations). Deciding needs a recent proof
//! of identity, like every privilege change.

use crate::pages::reauth::demand;
use crate::pages::{csrf_rejected, fail, fail_status, layout, render};
use crate::session::{Ctx, blocking};
use crate::templates::Layout;
use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::Role;
use dugu_storage::StoreError;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "users/approvals.html")]
struct ApprovalsPage {
    l: Layout,
    requests: Vec<ApprovalRow>,
    can_decide: bool,
}

struct ApprovalRow {
    id: String,
    kind: String,
    username: String,
    display_name: String,
    new_account: bool,
    role: Role,
    locations: String,
    requested_by: String,
}

/// `GET /approvals`: national directors (and administrators, read-only).
pub async fn list(ctx: Ctx) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let found = blocking(move || -> Result<_, StoreError> {
        let requests = st.store.role_requests(&who)?;
        let names: HashMap<String, String> =
            st.store.locations(&who)?.into_iter().map(|l| (l.id, format!("{} ({})", l.name, l.code))).collect();
        Ok((requests, names))
    })
    .await;
    let (requests, names) = match found {
        Ok(Ok(f)) => f,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let requests = requests
        .into_iter()
        .map(|q| ApprovalRow {
            locations: q.location_ids.iter().filter_map(|l| names.get(l).cloned()).collect::<Vec<_>>().join(", "),
            id: q.id,
            kind: q.kind,
            username: q.username,
            display_name: q.display_name,
            new_account: q.new_account,
            role: q.role,
            requested_by: q.requested_by,
        })
        .collect();
    render(&ApprovalsPage {
        l: layout(&ctx.tr, Some(&me), ctx.tr.get("approvals-title"), false),
        requests,
        can_decide: me.user.role.approves_privileges(),
    })
}

/// A form with only its token.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenForm {
    csrf: String,
}

async fn decide(ctx: Ctx, id: String, form: TokenForm, approve: bool) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf).or_else(|| demand(&ctx, "/approvals")) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    match blocking(move || st.store.decide_role_request(&who, &id, approve)).await {
        Ok(Ok(())) => Redirect::to("/approvals").into_response(),
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// `POST /approvals/{id}/approve`.
pub async fn approve(ctx: Ctx, Path(id): Path<String>, Form(form): Form<TokenForm>) -> Response {
    decide(ctx, id, form, true).await
}

/// `POST /approvals/{id}/refuse`.
pub async fn refuse(ctx: Ctx, Path(id): Path<String>, Form(form): Form<TokenForm>) -> Response {
    decide(ctx, id, form, false).await
}
