//! `/api/v1/sites…`: a site's creation, its enrolment, and what it pulls.

use crate::api::json::{Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use dugu_domain::Problem;
use dugu_sync::VersionVector;
use dugu_sync::signature::{SIGNATURE_HEADER, from_hex, verify_request};
use dugu_sync::wire::{self, Payload};
use std::collections::BTreeMap;

/// The operations in one page when the site does not say.
const DEFAULT_LIMIT: u32 = 5_000;
/// The most operations in one page.
const MAX_LIMIT: u32 = 50_000;

/// A new site.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SiteWrite {
    /// The location the site serves, with every place below it.
    #[schema(required = true, format = "uuid")]
    location_id: String,
}

/// A site created, and the code its laptop enrols with: shown once, never
/// stored (only its hash), valid 24 hours, once.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSite {
    #[schema(format = "uuid")]
    site_id: String,
    enrolment_code: String,
}

/// A site's laptop redeems its code.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EnrolWrite {
    /// The enrolment code.
    #[schema(required = true)]
    code: String,
    /// The device's ed25519 public key, 64 hex digits.
    #[schema(required = true)]
    public_key: String,
}

/// What the site is.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    /// The site's id, also its device id in every log.
    #[schema(format = "uuid")]
    site_id: String,
    /// The location it serves.
    #[schema(format = "uuid")]
    location_id: String,
    /// For the location it serves — the only one whose series it numbers
    /// in, wherever below it a record is — the highest record number
    /// given in that series, wherever the record is now (none if none
    /// was); the new laptop numbers on from there.
    last_record_numbers: Vec<LastRecordNumber>,
    /// The same for its receipts (`KIT-R000042` is 42), wherever their
    /// household is now: a new laptop numbers its receipts on from there,
    /// never giving again the number of one whose household moved away.
    last_receipt_numbers: Vec<LastRecordNumber>,
}

/// The highest record (or receipt) number given at a location in its own
/// series.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct LastRecordNumber {
    /// The location.
    #[schema(format = "uuid")]
    location_id: String,
    /// The number's integer part (`KIT-000042` and `KIT-R000042` are 42).
    last: i64,
}

/// Where the site's pull starts, signed with its device key (header
/// `dugu-signature`: the ed25519 signature, in hex, of the method, the
/// path and this body).
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ExportWrite {
    /// For each device, the last sequence number already offered (its
    /// version vector); empty at enrolment.
    after: BTreeMap<String, u64>,
    /// The offer epoch of the last page the site took (0 at enrolment):
    /// what later pages offered, or said had left its scope, the hub
    /// offers or says again.
    #[schema(minimum = 0)]
    epoch: u64,
    /// The most operations in the page (1–50,000; default 5,000).
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 50000)]
    limit: Option<u32>,
}

/// Creates a site for a location, with its one-time enrolment code.
#[utoipa::path(post, path = "/api/v1/sites", request_body = SiteWrite,
    responses((status = 201, body = NewSite), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<NewSite>), ApiError> {
    let me = me(current)?;
    let mut body = Body::<SiteWrite>::read(&body)?;
    crate::api::json::code(&mut body.invalid, "location_id", Some(&body.value.location_id));
    let w = body.finish()?;
    let enrolment_code = crate::auth::enrolment_code();
    let hash = crate::auth::token_hash(&enrolment_code);
    let site_id = run(move || state.store.create_site(&me.principal, &w.location_id, &hash)).await?;
    Ok((StatusCode::CREATED, Json(NewSite { site_id, enrolment_code })))
}

/// Redeems an enrolment code: the hub keeps the device's public key. A
/// code unknown, used or expired is not found. A site enrolled before for
/// the same location is retired (a laptop replaced): from then on its
/// pushes and pulls are 410.
#[utoipa::path(post, path = "/api/v1/sites/enrol", request_body = EnrolWrite,
    responses((status = 200, body = Enrolment), (status = 404), (status = 422)))]
pub async fn enrol(State(state): State<AppState>, body: JsonBody) -> Result<Json<Enrolment>, ApiError> {
    let mut body = Body::<EnrolWrite>::read(&body)?;
    crate::api::json::code(&mut body.invalid, "code", Some(&body.value.code));
    let key = from_hex(&body.value.public_key).filter(|k| k.len() == 32);
    if key.is_none() {
        body.invalid.add("public_key", Problem::Malformed);
    }
    let w = body.finish()?;
    let key = key.unwrap_or_default();
    let hash = crate::auth::token_hash(&w.code);
    let enrolled = run(move || state.store.redeem_enrolment(&hash, &key)).await?.ok_or(ApiError::NotFound)?;
    let lines = |numbers: Vec<(String, i64)>| {
        numbers.into_iter().map(|(location_id, last)| LastRecordNumber { location_id, last }).collect()
    };
    Ok(Json(Enrolment {
        site_id: enrolled.site_id,
        location_id: enrolled.location_id,
        last_record_numbers: lines(enrolled.last_numbers),
        last_receipt_numbers: lines(enrolled.last_receipt_numbers),
    }))
}

/// One page of the operations of every entity in the site's scope past
/// `after`, after the whole history of people and households come into
/// its scope since the page of `epoch`; it names those that left its
/// scope, for the site to purge. A sync payload
/// (`application/octet-stream`, format version 2: `DUGW`, version, kind,
/// deflated body; see `dugu_sync::wire`). Signed by the site; an unknown
/// site or a bad signature is not found.
#[utoipa::path(post, path = "/api/v1/sites/{id}/export", params(("id" = String, Path)), request_body = ExportWrite,
    responses((status = 200, description = "A sync payload (application/octet-stream): a page of operations and the cursor to ask from next"),
        (status = 404), (status = 410, description = "The hub retired this site: another laptop was enrolled for its location"),
        (status = 422)))]
pub async fn export(
    State(state): State<AppState>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: JsonBody,
) -> Result<Response, ApiError> {
    signed(&state, &id, uri.path(), &headers, &body).await?;
    let mut body = Body::<ExportWrite>::read(&body)?;
    let limit = body.value.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        body.invalid.add("limit", Problem::OutOfRange);
    }
    let w = body.finish()?;
    let after = VersionVector(w.after);
    let (bytes, credentials) = run(move || {
        let page = state.store.export_to_site(&id, &after, w.epoch, limit as usize)?;
        // On the last page only: the site asks for the credentials after
        // its pulls, and only if they are not what it took last.
        let credentials = if page.more { None } else { Some(state.store.credentials_digest_for_site(&id)?) };
        Ok((wire::encode(&Payload::Page(page)), credentials))
    })
    .await?;
    let mut response = payload(bytes);
    if let Some(digest) = credentials.and_then(|d| header::HeaderValue::from_str(&d).ok()) {
        response.headers_mut().insert(wire::CREDENTIALS_HEADER, digest);
    }
    Ok(response)
}

/// The credentials of the accounts in the site's scope (password hashes,
/// never a second factor): a sync payload, as the export. Signed by the
/// site; an unknown site or a bad signature is not found.
#[utoipa::path(post, path = "/api/v1/sites/{id}/credentials", params(("id" = String, Path)),
    responses((status = 200, description = "A sync payload (application/octet-stream): the accounts' credentials"),
        (status = 404), (status = 410, description = "The hub retired this site: another laptop was enrolled for its location")))]
pub async fn credentials(
    State(state): State<AppState>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    signed(&state, &id, uri.path(), &headers, &body).await?;
    let bytes = run(move || Ok(wire::encode(&Payload::Credentials(state.store.credentials_for_site(&id)?)))).await?;
    Ok(payload(bytes))
}

/// The site's own operations, past what the hub last answered: a sync
/// payload of kind push (`application/octet-stream`; `DUGW`, version 1,
/// kind 3, deflated body), signed by the site. The hub re-checks every
/// op as if it were made on the hub — by this site's device, of a record
/// in the site's scope, by an account that exists, may sign in, and whose
/// role, places and field groups allow it — and answers a sync payload of
/// kind verdicts (4): per op, by its sequence number, accepted or refused
/// with a reason code (`forbidden`, `out_of_scope`, `user_disabled`,
/// `no_user`, `record_refused`, `depends_on_refused`,
/// `conflicting_record`, `fixed_field`, `malformed`, `unknown_kind`,
/// `unknown_field`, `op_id_mismatch`, `seq_reused`: `dugu_sync::RefusalReason`;
/// `gap` and `other_device` are not
/// answers: send the earlier ops first). A push repeated gets the same
/// verdicts. An unknown site or a bad signature is not found; a body that
/// is not a push payload is 422; a retired site (another laptop enrolled
/// for its location since) is 410 — gone for good, nothing taken.
///
/// The request body is binary (not JSON), so it is described here rather
/// than given a schema.
#[utoipa::path(post, path = "/api/v1/sites/{id}/push", params(("id" = String, Path)),
    responses((status = 200, description = "A sync payload (application/octet-stream): one verdict per pushed operation"),
        (status = 404), (status = 410, description = "The hub retired this site: another laptop was enrolled for its location; nothing of the push is taken"),
        (status = 422)))]
pub async fn push(
    State(state): State<AppState>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    signed(&state, &id, uri.path(), &headers, &body).await?;
    let Ok(Payload::Push(ops)) = wire::decode(&body) else {
        let mut invalid = dugu_domain::Invalid::new();
        invalid.add("body", Problem::Malformed);
        return Err(ApiError::from(dugu_storage::StoreError::from(invalid)));
    };
    let bytes = run(move || Ok(wire::encode(&Payload::Verdicts(state.store.take_push(&id, ops)?)))).await?;
    Ok(payload(bytes))
}

fn payload(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response()
}

/// Whether the request carries the enrolled site's signature; otherwise
/// the site is not found (no one learns which sites exist).
async fn signed(state: &AppState, site: &str, path: &str, headers: &HeaderMap, body: &[u8]) -> Result<(), ApiError> {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok()).and_then(from_hex);
    let Some(signature) = signature else { return Err(ApiError::NotFound) };
    let store = state.store.clone();
    let site = site.to_string();
    let Some(key) = run(move || store.site_key(&site)).await? else { return Err(ApiError::NotFound) };
    if verify_request(&key, "POST", path, body, &signature) {
        Ok(())
    } else {
        tracing::warn!("a site request with a bad signature was refused");
        Err(ApiError::NotFound)
    }
}
