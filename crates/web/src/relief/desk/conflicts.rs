//! The supervisor's queue of conflicting receipts (requirement 9): an
//! entitlement two desks apart both handed over, kept twice by sync; the
//! later receipt reads as conflicting until a supervisor voids one of
//! them, with the reason. API and page.

use super::answers::{ConflictsRead, RecordId};
use crate::api::json::{Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::pages::{csrf_rejected, fail, fail_status, layout, render};
use crate::session::{Ctx, Current, blocking};
use crate::state::AppState;
use crate::templates::Layout;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form, Json};
use dugu_storage::{ConflictingReceipt, StoreError};
use serde::Deserialize;

/// Why a receipt is voided.
#[derive(Default, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct VoidWrite {
    /// Written by the supervisor; kept on the receipt.
    #[schema(required = true)]
    void_reason: String,
}

/// The entitlements in scope handed over more than once, each with its
/// receipts not voided, earliest first (the first counts; the others are
/// conflicting receipts). Supervisors only.
#[utoipa::path(get, path = "/api/v1/relief/receipts/conflicts",
    responses((status = 200, body = ConflictsRead), (status = 403)), security(("bearer" = [])))]
pub async fn list_api(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
) -> Result<Json<ConflictsRead>, ApiError> {
    let me = me(current)?;
    let items = run(move || state.store.conflicting_receipts(&me.principal)).await?;
    Ok(Json(items.into()))
}

/// Voids a receipt, with the reason: a supervisor's decision on a
/// conflicting receipt.
#[utoipa::path(post, path = "/api/v1/relief/receipts/{id}/void", params(("id" = String, Path)), request_body = VoidWrite,
    responses((status = 200, body = RecordId), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn void_api(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<Json<RecordId>, ApiError> {
    let me = me(current)?;
    let reason = Body::<VoidWrite>::read(&body)?.finish()?.void_reason;
    let voided = id.clone();
    run(move || state.store.void_receipt(&me.principal, &id, &reason)).await?;
    Ok(Json(RecordId { id: voided }))
}

/// One receipt of a conflict, as the page says it.
pub struct ReceiptLine {
    pub id: String,
    pub said: String,
    pub conflicting: bool,
}

/// One entitlement handed over more than once.
pub struct ConflictLine {
    pub title: String,
    pub household_id: String,
    pub receipts: Vec<ReceiptLine>,
}

#[derive(Template)]
#[template(path = "relief/desk/conflicts.html")]
pub struct ConflictsPage {
    pub l: Layout,
    pub items: Vec<ConflictLine>,
    pub notice: Option<String>,
    pub refusal: Option<String>,
}

fn line(tr: &crate::i18n::Tr, c: &ConflictingReceipt) -> ConflictLine {
    ConflictLine {
        title: format!("{} — {} — {} {} {}", c.record_number, c.cycle, c.item, tr.whole(c.quantity), c.unit),
        household_id: c.household_id.clone(),
        receipts: c
            .receipts
            .iter()
            .enumerate()
            .map(|(i, r)| ReceiptLine { id: r.id.clone(), said: super::pages::served_on(tr, r), conflicting: i > 0 })
            .collect(),
    }
}

async fn show(ctx: &Ctx, notice: Option<String>, refusal: Option<String>) -> Response {
    let Some(me) = ctx.me() else { return fail_status(ctx, StatusCode::UNAUTHORIZED) };
    let me = me.clone();
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let items = match blocking(move || st.store.conflicting_receipts(&who)).await {
        Ok(Ok(items)) => items,
        Ok(Err(e)) => return fail(ctx, e),
        Err(s) => return fail_status(ctx, s),
    };
    render(&ConflictsPage {
        l: layout(&ctx.tr, Some(&me), ctx.tr.get("relief-desk-conflicts-title"), refusal.is_some()),
        items: items.iter().map(|c| line(&ctx.tr, c)).collect(),
        notice,
        refusal,
    })
}

/// `GET /relief/desk/conflicts`.
pub async fn page(ctx: Ctx) -> Response {
    show(&ctx, None, None).await
}

/// The void form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VoidForm {
    csrf: String,
    receipt: String,
    void_reason: String,
}

/// `POST /relief/desk/conflicts/void`.
pub async fn void_page(ctx: Ctx, Form(form): Form<VoidForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, StatusCode::UNAUTHORIZED) };
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let (receipt, reason) = (form.receipt, form.void_reason);
    match blocking(move || st.store.void_receipt(&who, &receipt, &reason)).await {
        Ok(Ok(())) => show(&ctx, Some(ctx.tr.get("relief-desk-conflicts-voided")), None).await,
        Ok(Err(StoreError::Invalid(inv))) => {
            let tr = &ctx.tr;
            let why = inv
                .0
                .iter()
                .map(|e| format!("{}{} {}", tr.code("field", &e.field), tr.colon(), tr.problem(&e.problem)))
                .collect::<Vec<_>>()
                .join(" ");
            show(&ctx, None, Some(why)).await
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
