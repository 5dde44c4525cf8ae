//! A site's stock through the API (requirement 14): waybills, losses and
//! returns recorded; the books per item for a cycle (issues are the
//! receipts); a supervisor's reconciliation, refused without an
//! explanation when the count differs from the books.

use super::answers::{RecordId, StockRead};
use crate::api::json::{Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_storage::MovementInput;
use std::collections::HashMap;

/// A waybill in, a loss or a return.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MovementWrite {
    #[schema(required = true)]
    site_id: String,
    #[schema(required = true)]
    cycle_id: String,
    #[schema(required = true)]
    item: String,
    /// `waybill`, `loss` or `return`.
    #[schema(required = true)]
    movement: String,
    /// A whole number of `unit`, above 0.
    #[schema(required = true, value_type = i64)]
    quantity: Option<i64>,
    /// `g`, `ml`, `xof` or `piece` (the cycle's unit).
    #[schema(required = true)]
    unit: String,
    /// The waybill's number (required for a waybill).
    reference: String,
    /// What happened (required for a loss).
    note: String,
}

/// A reconciliation: the count at the close, and why it differs if it does.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReconciliationWrite {
    #[schema(required = true)]
    site_id: String,
    #[schema(required = true)]
    cycle_id: String,
    #[schema(required = true)]
    item: String,
    #[schema(required = true)]
    unit: String,
    /// Counted in store, in `unit`.
    #[schema(required = true, value_type = i64)]
    counted: Option<i64>,
    /// Required when the count differs from the books.
    explanation: String,
}

/// Records a stock movement at a site.
#[utoipa::path(post, path = "/api/v1/relief/stock/movements", request_body = MovementWrite,
    responses((status = 201, body = RecordId), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn movement(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<RecordId>), ApiError> {
    let me = me(current)?;
    let w = Body::<MovementWrite>::read(&body)?.finish()?;
    let input = MovementInput {
        site_id: w.site_id,
        cycle_id: w.cycle_id,
        item: w.item,
        movement: w.movement,
        quantity: w.quantity,
        unit: w.unit,
        reference: w.reference,
        note: w.note,
    };
    let id = run(move || state.store.record_stock_movement(&me.principal, input, crate::today())).await?;
    Ok((StatusCode::CREATED, Json(RecordId { id })))
}

/// Validates an item's reconciliation at a site for a cycle.
#[utoipa::path(post, path = "/api/v1/relief/stock/reconciliations", request_body = ReconciliationWrite,
    responses((status = 201, body = RecordId), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn reconcile(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<RecordId>), ApiError> {
    let me = me(current)?;
    let w = Body::<ReconciliationWrite>::read(&body)?.finish()?;
    let id = run(move || {
        state.store.reconcile_stock(
            &me.principal,
            &w.site_id,
            &w.cycle_id,
            &w.item,
            &w.unit,
            w.counted,
            &w.explanation,
            crate::today(),
        )
    })
    .await?;
    Ok((StatusCode::CREATED, Json(RecordId { id })))
}

/// A site's stock for a cycle, item by item: opening, received,
/// distributed (the receipts), losses, returned, the expected closing and
/// the validated count; and whether the next cycle may open there.
#[utoipa::path(get, path = "/api/v1/relief/stock",
    params(("site_id" = String, Query), ("cycle_id" = String, Query)),
    responses((status = 200, body = StockRead), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn books(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<StockRead>, ApiError> {
    let me = me(current)?;
    let mut inv = dugu_domain::Invalid::new();
    for key in ["site_id", "cycle_id"] {
        if q.get(key).is_none_or(|v| v.trim().is_empty()) {
            inv.add(key, dugu_domain::Problem::Required);
        }
    }
    inv.into_result().map_err(ApiError::Invalid)?;
    let (site, cycle) = (q["site_id"].clone(), q["cycle_id"].clone());
    let items = run(move || state.store.stock_of(&me.principal, &site, &cycle)).await?;
    Ok(Json(items.into()))
}
