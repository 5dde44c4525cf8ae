//! The audit trail for administrators and auditors: filter, read, export.

use super::templates::{AuditFilter, AuditPage, AuditRow};
use crate::pages::{fail, fail_status, layout, render};
use crate::session::{Ctx, blocking};
use crate::templates::Choice;
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

/// Whether `s` is an id as the trail writes one (a UUID), not a number.
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes()
            .enumerate()
            .all(|(i, b)| if [8, 13, 18, 23].contains(&i) { b == b'-' } else { b.is_ascii_hexdigit() })
}

/// The record the filter names: a record number (`KIT-000101`, or typed
/// short, `kit-101`) looked up within the reader's scope, or an id as the
/// trail writes it (a UUID, a vaccine dose's code). `Err(())`: a number
/// that no record in scope carries — said as such, never as an empty trail.
fn record_of(
    store: &dyn dugu_storage::Backend,
    who: &dugu_storage::Principal,
    typed: &str,
) -> Result<Result<Option<String>, ()>, StoreError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(Ok(None));
    }
    match dugu_domain::record_number::typed(typed).filter(|_| !is_uuid(typed)) {
        Some(number) => Ok(store.record_of_number(who, &number)?.map(Some).ok_or(())),
        None => Ok(Ok(Some(typed.to_string()))),
    }
}

/// The trail's query for the filter, and whether its record number is
/// unknown (then the query finds nothing).
fn query_of(
    store: &dyn dugu_storage::Backend,
    who: &dugu_storage::Principal,
    f: &AuditFilter,
    limit: i64,
) -> Result<(AuditQuery, bool), StoreError> {
    let user_id = if f.user.trim().is_empty() {
        None
    } else {
        Some(store.user_by_username(&f.user)?.map(|u| u.id).unwrap_or_else(|| "-".into()))
    };
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let record = record_of(store, who, &f.record_id)?;
    let unknown = record.is_err();
    // "-" is no record's id: an unknown number's trail is empty.
    let record_id = record.unwrap_or_else(|()| Some("-".into()));
    let q = AuditQuery {
        record_id,
        user_id,
        action: nonempty(&f.action),
        from: day_start(&f.from),
        until: day_start(&f.until).map(|t| t + 86_400_000),
        limit,
    };
    Ok((q, unknown))
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
        let (q, unknown) = query_of(&*st.store, &who, &filter, 500)?;
        let entries = st.store.audit_entries(&who, &q)?;
        let ids: Vec<String> = entries.iter().map(|e| e.record_id.clone()).filter(|i| !i.is_empty()).collect();
        let numbers = st.store.record_numbers_of(&who, &ids)?;
        let names = st.store.audit_record_names(&who, &ids)?;
        let chain = st.store.verify_audit_chain();
        Ok((entries, (numbers, names), chain, unknown))
    })
    .await;
    let (entries, (numbers, names), chain, unknown) = match loaded {
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
            record_name: names.get(&e.record_id).cloned(),
            seq: e.seq,
            when: crate::format::instant_html(&ctx.tr, e.at),
            username: e.username,
            role: role_code(e.role).to_string(),
            action: e.action.code().to_string(),
            record_type: e.record_type,
            // A list shown on a home page is recorded under the page, not
            // a record: named, not printed as the raw "home".
            record_id: if e.record_id == HOME_CONTEXT { ctx.tr.get("audit-context-home") } else { e.record_id },
            fields: e.fields.iter().map(|f| ctx.tr.label("field", f)).collect::<Vec<_>>().join(", "),
            shown: e.shown.len(),
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
    let unknown = unknown.then(|| ctx.tr.arg("audit-record-unknown", "number", f.record_id.trim()));
    render(&AuditPage {
        l: layout(&ctx.tr, Some(&me), ctx.tr.get("audit-title"), false),
        f,
        items,
        actions: AuditAction::ALL
            .iter()
            .map(|a| Choice { id: a.code().to_string(), label: ctx.tr.label("audit-action", a.code()) })
            .collect(),
        export_link,
        chain,
        unknown,
    })
}

/// An entry's role as the trail writes it: its code, `-` for none (a
/// sign-in attempt without an account).
pub(crate) fn role_code(role: Option<dugu_domain::Role>) -> &'static str {
    role.map_or("-", dugu_domain::Role::code)
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
            role_code(e.role).to_string(),
            e.site_id.clone(),
            e.action.code().to_string(),
            e.record_type.clone(),
            e.record_id.clone(),
            e.fields.join(","),
            e.prev_hash.clone(),
            e.hash.clone(),
            e.shown.join(" "),
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
        let (q, _) = query_of(&*st.store, &who, &f, 100_000)?;
        let entries = st.store.audit_entries(&who, &q)?;
        let who2 = who.clone();
        st.store.audit_event(Some(&who2), AuditAction::Export, "audit", "")?;
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
