//! `/api/v1/audit`: administrators and auditors.

use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::{Extension, Json};
use dugu_storage::{AuditEntry, AuditQuery};
use std::collections::HashMap;

/// Audit entries, newest first.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditEntries {
    /// The entries.
    pub items: Vec<AuditEntryRecord>,
}

/// One entry of the hash-chained trail. It names records by id, never a
/// person by name.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditEntryRecord {
    /// Position in the chain.
    seq: i64,
    /// When, in milliseconds since the epoch (UTC).
    at: i64,
    /// Who (user id), if known.
    user_id: Option<String>,
    /// Username at the time.
    username: String,
    /// Role at the time.
    role: String,
    /// The site (device) where it happened.
    site_id: String,
    /// What was done (`view`, `create`, `update`, `export`, `login`…).
    action: String,
    /// Kind of record: person, household, user, location, session…
    record_type: String,
    /// The record's id.
    record_id: String,
    /// Names of the fields changed, comma-separated.
    fields: String,
    /// The ids of the records a list showed, space-separated (empty for an
    /// entry about one record).
    shown: String,
    /// Hash of the previous entry.
    prev_hash: String,
    /// Hash of this entry (BLAKE3, hex).
    hash: String,
}

impl From<AuditEntry> for AuditEntryRecord {
    fn from(e: AuditEntry) -> AuditEntryRecord {
        AuditEntryRecord {
            seq: e.seq,
            at: e.at,
            user_id: e.user_id,
            username: e.username,
            role: super::pages::role_code(e.role).to_string(),
            site_id: e.site_id,
            action: e.action.code().to_string(),
            record_type: e.record_type,
            record_id: e.record_id,
            fields: e.fields.join(","),
            shown: e.shown.join(" "),
            prev_hash: e.prev_hash,
            hash: e.hash,
        }
    }
}

/// Reads the audit trail.
#[utoipa::path(get, path = "/api/v1/audit",
    params(("record_id" = Option<String>, Query), ("user_id" = Option<String>, Query), ("action" = Option<String>, Query), ("limit" = Option<i64>, Query)),
    responses((status = 200, body = AuditEntries), (status = 403)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<AuditEntries>, ApiError> {
    let me = me(current)?;
    // Up to 100,000 entries at once: a bulk export, so only with a token
    // from a sign-in in the last 15 minutes (the page asks for the password
    // again; the API signs in again).
    if state.clock.now() - me.session.reauth_at > crate::pages::reauth::FRESH_MS {
        return Err(ApiError::ReauthRequired);
    }
    crate::api::no_empty_values(&params, &["record_id", "user_id", "action"])?;
    let get = |k: &str| params.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let limit = i64::from(crate::api::query_number(&params, "limit", 1000, 1, 100_000)?);
    let q = AuditQuery {
        record_id: get("record_id"),
        user_id: get("user_id"),
        action: get("action"),
        from: None,
        until: None,
        limit,
    };
    // Read like the CSV export, and audited like it.
    let items = run(move || {
        let items = state.store.audit_entries(&me.principal, &q)?;
        state.store.audit_event(Some(&me.principal), dugu_storage::AuditAction::Export, "audit", "")?;
        Ok(items)
    })
    .await?;
    Ok(Json(AuditEntries { items: items.into_iter().map(AuditEntryRecord::from).collect() }))
}
