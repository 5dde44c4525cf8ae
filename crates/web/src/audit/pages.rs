//! The audit trail for administrators and auditors: filter, read, export.

use super::templates::{AuditFilter, AuditPage, AuditRow};
use crate::pages::{fail, fail_status, layout, render};
use crate::session::{Ctx, blocking};
use axum::extract::Query;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use dugu_storage::{AuditAction, AuditEntry, AuditQuery, StoreError};

/// Where the home pages record the lists they show (`home::pages`).
const HOME_CONTEXT: &str = "home";

/// Milliseconds at the start of a `YYYY-MM-DD` day (UTC).
fn day_start(s: &str) -> Option<i64> {
    let d = dugu_domain::birth::parse_iso_date(s.trim()).ok()?;
    Some(d.midnight().assume_utc().unix_timestamp() * 1000)
}

/// A time as `YYYY-MM-DD HH:MM:SS` UTC.
pub fn utc(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms / 1000)
        .map(|t| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                t.year(),
                t.month() as u8,
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        })
        .unwrap_or_default()
}

fn query_of(store: &dugu_storage::Store, f: &AuditFilter, limit: i64) -> Result<AuditQuery, StoreError> {
    let user_id = if f.user.trim().is_empty() {
        None
    } else {
        Some(store.user_by_username(&f.user)?.map(|u| u.id).unwrap_or_else(|| "-".into()))
    };
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    Ok(AuditQuery {
        record_id: nonempty(&f.record_id),
        user_id,
        action: nonempty(&f.action),
        from: day_start(&f.from),
        until: day_start(&f.until).map(|t| t + 86_400_000),
        limit,
    })
}

/// `GET /audit`.
pub async fn list(ctx: Ctx, Query(f): Query<AuditFilter>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let filter = f.clone();
    let loaded = blocking(move || -> Result<_, StoreError> {
        let q = query_of(&st.store, &filter, 500)?;
        let entries = st.store.audit_entries(&who, &q)?;
        let ids: Vec<String> = entries.iter().map(|e| e.record_id.clone()).filter(|i| !i.is_empty()).collect();
        let numbers = st.store.record_numbers_of(&who, &ids)?;
        let chain = st.store.verify_audit_chain();
        Ok((entries, numbers, chain))
    })
    .await;
    let (entries, numbers, chain) = match loaded {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    // Only a chain that does not verify is "broken": a database that
    // cannot be read is a failure of its own, not evidence of tampering.
    let chain = match chain {
        Ok(n) => ctx.tr.arg("audit-chain-ok", "count", &n.to_string()),
        Err(StoreError::Integrity(_)) => ctx.tr.get("audit-chain-broken"),
        Err(e) => return fail(&ctx, e),
    };
    // A person's record is linked only for a reader who may open it (the
    // auditor and the administrator read the trail, not the records).
    let opens_people = me.user.role.reads_people();
    let items = entries
        .into_iter()
        .map(|e| AuditRow {
            record_number: numbers.get(&e.record_id).cloned(),
            link: (opens_people && e.record_type == "person").then(|| format!("/people/{}", e.record_id)),
            seq: e.seq,
            when: crate::format::instant_html(&ctx.tr, e.at),
            username: e.username,
            role: e.role,
            action: e.action,
            record_type: e.record_type,
            // A list shown on a home page is recorded under the page, not
            // a record: named, not printed as the raw "home".
            record_id: if e.record_id == HOME_CONTEXT { ctx.tr.get("audit-context-home") } else { e.record_id },
            fields: e.fields,
            shown: if e.shown.is_empty() { 0 } else { e.shown.split(' ').count() },
        })
        .collect();
    let enc = |s: &str| {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    let export_link = format!(
        "/audit/export.csv?record_id={}&user={}&action={}&from={}&until={}",
        enc(&f.record_id),
        enc(&f.user),
        enc(&f.action),
        enc(&f.from),
        enc(&f.until)
    );
    render(&AuditPage { l: layout(&ctx.tr, Some(&me), ctx.tr.get("audit-title"), false), f, items, export_link, chain })
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// The CSV of a set of entries.
pub fn to_csv(entries: &[AuditEntry]) -> String {
    let mut out = String::from(
        "seq,at_utc,user_id,username,role,site_id,action,record_type,record_id,fields,prev_hash,hash,shown\n",
    );
    for e in entries {
        let cells = [
            e.seq.to_string(),
            utc(e.at),
            e.user_id.clone().unwrap_or_default(),
            e.username.clone(),
            e.role.clone(),
            e.site_id.clone(),
            e.action.clone(),
            e.record_type.clone(),
            e.record_id.clone(),
            e.fields.clone(),
            e.prev_hash.clone(),
            e.hash.clone(),
            e.shown.clone(),
        ];
        out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// `GET /audit/export.csv`: the filtered trail as CSV; the export itself
/// is audited.
pub async fn export(ctx: Ctx, Query(f): Query<AuditFilter>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    // A bulk export: only with a proof of identity from the last 15 minutes;
    // afterwards the user returns to the trail and exports again.
    if let Some(r) = crate::pages::reauth::demand(&ctx, "/audit") {
        return r;
    }
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let loaded = blocking(move || -> Result<_, StoreError> {
        let q = query_of(&st.store, &f, 100_000)?;
        let entries = st.store.audit_entries(&who, &q)?;
        let who2 = who.clone();
        st.store.write(move |tx| tx.audit(Some(&who2), AuditAction::Export, "audit", "", &[]))?;
        Ok(entries)
    })
    .await;
    match loaded {
        Ok(Ok(entries)) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"dugu-audit.csv\""),
            ],
            to_csv(&entries),
        )
            .into_response(),
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
