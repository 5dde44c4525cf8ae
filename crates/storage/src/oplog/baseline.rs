//! The state a database already holds enters the log once, as one
//! creation per record: records made before the write model (whose
//! per-field history stays in `ops_v1`) and reference data that migrations
//! seed (the vaccination schedule). After that the log alone rebuilds
//! every table.

use super::materialize::from_sql;
use super::sql::statements;
use super::{StoredOp, insert};
use crate::StoreError;
use dugu_domain::{EntityKind, Stamps};
use rusqlite::{Connection, OptionalExtension};

/// The baselines, each written once (its meta key says it was): the
/// records made before the write model, then the accounts and grant
/// requests, which entered the log later (migration 0015). On a new
/// database the first finds nothing and the second nothing more.
const PASSES: &[(&str, &[EntityKind])] =
    &[("oplog_baseline", EntityKind::ALL), ("oplog_baseline_accounts", &[EntityKind::User, EntityKind::RoleRequest])];

/// The NTP64 clock reading of a wall-clock time in ms (rounded up, so
/// [`super::hlc_millis`] gives the same ms back).
fn ntp64(ms: i64) -> i64 {
    let ms = ms.max(0) as u64;
    let secs = ms / 1000;
    let frac = ((ms % 1000) << 32).div_ceil(1000);
    ((secs << 32) | frac) as i64
}

/// Writes the baseline if this database has not had it yet. Runs on the
/// writer's connection before the writer starts, in one transaction.
pub(crate) fn write_baseline(conn: &mut Connection, site_id: &str) -> Result<(), StoreError> {
    for (key, kinds) in PASSES {
        write_pass(conn, site_id, key, kinds)?;
    }
    Ok(())
}

pub(crate) fn write_pass(
    conn: &mut Connection,
    site_id: &str,
    key: &str,
    kinds: &[EntityKind],
) -> Result<(), StoreError> {
    let done: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?;
    if done.is_some() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    tx.execute("INSERT OR IGNORE INTO devices (device_id) VALUES (?1)", [site_id])?;
    let device: i64 = tx.query_row("SELECT id FROM devices WHERE device_id = ?1", [site_id], |r| r.get(0))?;
    let mut seq: i64 =
        tx.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM ops WHERE device = ?1", [device], |r| r.get(0))?;
    let mut written = 0u64;
    for kind in kinds {
        let mut previous: Vec<u8> = Vec::new();
        for op in records(&tx, *kind)? {
            let mut op = op;
            op.device = device;
            op.seq = seq;
            seq += 1;
            if op.field.is_some() {
                // The later change saw the creation.
                op.parents = previous.clone();
            }
            op.op_id = op_id(&op, site_id);
            previous = op.op_id.clone();
            insert(&tx, &op)?;
            written += 1;
        }
    }
    tx.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", rusqlite::params![key, written.to_string()])?;
    tx.commit()?;
    if written > 0 {
        tracing::info!(records = written, "the existing records entered the change log");
    }
    Ok(())
}

/// One creation (and, for a record changed since, one set at the time of
/// its last change) for every row of `kind` that the log does not know.
/// The log is normally empty here (the baseline follows the migration that
/// made it); only then is each id looked up.
fn records(conn: &Connection, kind: EntityKind) -> Result<Vec<StoredOp>, StoreError> {
    let fields = kind.fields();
    let log_empty: bool = conn.query_row("SELECT NOT EXISTS(SELECT 1 FROM ops)", [], |r| r.get(0))?;
    let mut known = conn.prepare("SELECT EXISTS(SELECT 1 FROM ops WHERE entity_id = ?1)")?;
    let mut out = Vec::new();
    let mut st = conn.prepare(statements(kind).rows)?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        if !log_empty && known.query_row([&id], |r| r.get::<_, bool>(0))? {
            continue;
        }
        let mut map = serde_json::Map::new();
        let mut first = serde_json::Value::Null;
        for (i, def) in fields.iter().enumerate() {
            let v = from_sql(def, r.get_ref(i + 1)?)?;
            if i == 0 {
                first = v.clone();
            }
            if !v.is_null() {
                map.insert(def.name.to_string(), v);
            }
        }
        // The stamps follow the fields (`rows` selects them).
        let stamp = fields.len() + 1;
        let (created, updated): (i64, i64) = match kind.stamps() {
            Stamps::None => (crate::now_millis(), 0),
            Stamps::Created => (r.get(stamp)?, r.get(stamp)?),
            Stamps::CreatedUpdated => (r.get(stamp)?, r.get(stamp + 1)?),
        };
        let op = |field: Option<String>, value: String, at: i64| StoredOp {
            device: 0,
            seq: 0,
            op_id: Vec::new(),
            hlc: ntp64(at),
            kind,
            entity: id.clone(),
            field,
            value,
            user: None,
            parents: Vec::new(),
        };
        out.push(op(None, serde_json::Value::Object(map).to_string(), created));
        if kind.stamps() == Stamps::CreatedUpdated && updated != created {
            out.push(op(Some(fields[0].name.to_string()), first.to_string(), updated));
        }
    }
    Ok(out)
}

/// The op id: BLAKE3 of the op's parts, as a local write computes it.
pub(crate) fn op_id(op: &StoredOp, device_id: &str) -> Vec<u8> {
    let mut h = blake3::Hasher::new();
    for part in [
        op.kind.name().as_bytes(),
        op.entity.as_bytes(),
        op.field.as_deref().unwrap_or("").as_bytes(),
        op.value.as_bytes(),
        &op.hlc.to_le_bytes(),
        device_id.as_bytes(),
        &op.seq.to_le_bytes(),
        &op.parents,
    ] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize().as_bytes()[..16].to_vec()
}
