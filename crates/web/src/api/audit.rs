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
pub struct AuditEntries {
    /// The entries.
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<AuditEntry>,
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
    Ok(Json(AuditEntries { items }))
}
