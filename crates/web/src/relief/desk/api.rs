//! The desk through the API: a hand-over (`POST /api/v1/relief/receipts`:
//! 201 a new receipt, 200 the same client UUID again, 409 already handed
//! over, with the first receipt) and a household as the desk reads it.

use super::answers::{CardRead, CardReplaced, DeskHouseholdAnswer, ReceiptIssued, ReceiptRefused};
use crate::api::json::{Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use dugu_storage::{ReceiptInput, Served, StoreError};

/// A hand-over at the desk.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReceiptWrite {
    /// The entitlement handed over.
    #[schema(required = true)]
    entitlement_id: String,
    /// `head`, or the person id of the head or of one of the household's
    /// alternates.
    #[schema(required = true)]
    collector: String,
    /// The desk's UUID for this hand-over: sent again, it changes nothing.
    #[schema(required = true)]
    client_uuid: String,
    /// The site serving (default: the entitlement's assigned site).
    #[schema(nullable = false)]
    site_id: Option<String>,
    /// Why another site serves, or why a person collects for one more
    /// household than allowed (a supervisor's override).
    #[schema(nullable = false)]
    override_reason: Option<String>,
}

/// Hands an entitlement over: 201 with the receipt's id and its number
/// (`MOP-SEV-R000042`: the site's code and a per-site counter, what the
/// officer reads out and writes down); the same `client_uuid` again, 200
/// with the same id and number and nothing new; an
/// entitlement already handed over, 409 with the first receipt (when,
/// where, by whom, to which collector) — the refusal is audited.
#[utoipa::path(post, path = "/api/v1/relief/receipts", request_body = ReceiptWrite,
    responses((status = 201, body = ReceiptIssued), (status = 200, body = ReceiptIssued), (status = 403), (status = 404),
        (status = 409, body = ReceiptRefused), (status = 422)), security(("bearer" = [])))]
pub async fn serve(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<Response, ApiError> {
    let me = me(current)?;
    let w = Body::<ReceiptWrite>::read(&body)?.finish()?;
    let input = ReceiptInput {
        entitlement_id: w.entitlement_id,
        collector: w.collector,
        client_uuid: w.client_uuid,
        site_id: w.site_id,
        override_reason: w.override_reason,
    };
    let now = time::OffsetDateTime::now_utc();
    let served = run(move || state.store.serve_relief(&me.principal, input, now)).await?;
    Ok(match served {
        Served::New(r) => (StatusCode::CREATED, Json(ReceiptIssued::from(r))).into_response(),
        Served::Replayed(r) => (StatusCode::OK, Json(ReceiptIssued::from(r))).into_response(),
        Served::AlreadyServed(first) => (StatusCode::CONFLICT, Json(ReceiptRefused::from(first))).into_response(),
    })
}

/// A household as the desk reads it: who may collect, its entitlements
/// in the cycles open today and how each was handed over. The view is
/// audited.
#[utoipa::path(get, path = "/api/v1/relief/desk/households/{id}", params(("id" = String, Path)),
    responses((status = 200, body = DeskHouseholdAnswer), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn household(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<DeskHouseholdAnswer>, ApiError> {
    let me = me(current)?;
    let desk = run(move || {
        let who = &me.principal;
        if !who.role().reads(dugu_domain::FieldGroup::Relief) {
            state.store.desk_household(who, &id, crate::today())?;
            return Err(StoreError::Forbidden);
        }
        state.store.view_household(who, &id)?;
        state.store.desk_household(who, &id, crate::today())?.ok_or(StoreError::NotFound)
    })
    .await?;
    Ok(Json(desk.into()))
}

/// A household's current card: its QR text (opaque ids, serial, Ed25519
/// signature), its serial, and the programme's public key a desk
/// verifies cards with offline. The view is audited.
#[utoipa::path(get, path = "/api/v1/relief/households/{id}/card", params(("id" = String, Path)),
    responses((status = 200, body = CardRead), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn card(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<CardRead>, ApiError> {
    let me = me(current)?;
    let printed = run(move || {
        let who = &me.principal;
        state.store.view_household(who, &id)?;
        if !who.role().reads(dugu_domain::FieldGroup::Relief) {
            return Err(StoreError::Forbidden);
        }
        super::cards::card_of(&*state.store, who, &id)
    })
    .await?;
    Ok(Json(CardRead { serial: printed.serial, text: printed.text, public_key: printed.public_key }))
}

/// Replaces a household's card (lost, stolen): the next serial; the old
/// card is refused from now on, « carte remplacée le DATE ».
#[utoipa::path(post, path = "/api/v1/relief/households/{id}/card/replacement", params(("id" = String, Path)),
    responses((status = 201, body = CardReplaced), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn replace_card(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<CardReplaced>), ApiError> {
    let me = me(current)?;
    let printed = run(move || {
        let who = &me.principal;
        state.store.replace_relief_card(who, &id, crate::today())?;
        super::cards::card_of(&*state.store, who, &id)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(CardReplaced { serial: printed.serial, text: printed.text })))
}
