//! Replay equals state: the log alone, applied to an empty database,
//! rebuilds the tables that are read. `dugu check` proves it on a live
//! database, beside SQLite's integrity check and the audit chain.

use super::sql::statements;
use super::{Change, StoredOp, derive, materialize};
use crate::StoreError;
use dugu_domain::EntityKind;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::Path;

/// What `dugu check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Operations replayed.
    pub ops: u64,
    /// Rows compared, over every entity and derived table.
    pub rows: u64,
    /// Audit entries re-hashed.
    pub audit_entries: u64,
    /// What differs or is broken: table, record id and column, never a value.
    pub problems: Vec<String>,
}

impl CheckReport {
    /// Whether everything held.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The most differences reported per table.
const SHOWN: usize = 20;

/// Checks the database at `path`: SQLite's `integrity_check`, the audit
/// chain, and that replaying its operation log into a new database at
/// `scratch` (which must not exist) gives the same rows as its tables.
pub fn check_database(path: &Path, scratch: &Path) -> Result<CheckReport, StoreError> {
    let live = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| StoreError::Io(format!("cannot open {}: {e}", path.display())))?;
    // Every read below sees one snapshot, whatever a server commits meanwhile.
    live.execute_batch("BEGIN")?;
    let mut report = CheckReport::default();
    let problems: Vec<String> =
        live.prepare("PRAGMA integrity_check")?.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<_, _>>()?;
    if problems != ["ok"] {
        report.problems.extend(problems.into_iter().take(SHOWN).map(|p| format!("integrity_check: {p}")));
    }
    match crate::audit::verify_audit_chain(&live) {
        Ok(n) => report.audit_entries = n,
        Err(e) => report.problems.push(e.to_string()),
    }
    let version: i64 = live.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version != crate::migrations::latest() {
        report.problems.push(format!(
            "schema version {version}: open the database with this dugu first (it migrates to {})",
            crate::migrations::latest()
        ));
        return Ok(report);
    }
    let mut rebuilt = scratch_database(scratch)?;
    {
        let tx = rebuilt.transaction()?;
        // Ties between clocks go to the higher device id, so the replay
        // needs the devices' ids.
        let mut devices = live.prepare("SELECT id, device_id FROM devices")?;
        let mut rows = devices.query([])?;
        while let Some(r) = rows.next()? {
            tx.execute(
                "INSERT OR REPLACE INTO devices (id, device_id) VALUES (?1, ?2)",
                params![r.get::<_, i64>(0)?, r.get::<_, String>(1)?],
            )?;
        }
        let mut st = live.prepare(
            "SELECT device, seq, op_id, hlc, entity_type, entity_id, field, value, user_id, parents
               FROM ops ORDER BY hlc, device, seq",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let op = read_op(r)?;
            replay_one(&tx, &op)?;
            report.ops += 1;
        }
        derive::rebuild_all(&tx)?;
        // A record number once given is never given again, even after its
        // record left this site's scope (and was purged with its ops): the
        // live counter may stand above the records held, never below.
        let mut counters = live.prepare("SELECT site_id, series, last FROM record_counters")?;
        let mut rows = counters.query([])?;
        while let Some(r) = rows.next()? {
            tx.execute(
                "INSERT INTO record_counters (site_id, series, last) VALUES (?1, ?2, ?3)
                 ON CONFLICT (site_id, series) DO UPDATE SET last = max(last, excluded.last)",
                params![r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?],
            )?;
        }
        tx.commit()?;
    }
    compare(&live, &rebuilt, &mut report)?;
    Ok(report)
}

/// A new, empty database with dugu's schema, for a replay.
pub(crate) fn scratch_database(path: &Path) -> Result<Connection, StoreError> {
    if path.exists() {
        return Err(StoreError::Io(format!("{} already exists", path.display())));
    }
    let mut conn =
        Connection::open(path).map_err(|e| StoreError::Io(format!("cannot create {}: {e}", path.display())))?;
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    // A site's first database is a million ops and their indexes, built
    // once: with SQLite's default 2 MB cache every index insert went to
    // the kernel.
    conn.pragma_update(None, "cache_size", -crate::writer::SCRATCH_CACHE_KIB)?;
    // Without it, derived data was planned again for every person: a
    // partial index's literal made the plan depend on the values bound.
    crate::pool::plan_once(&conn)?;
    crate::migrations::apply(&mut conn)?;
    // A replay may meet a child before its parent; the state is compared
    // once every operation is in.
    conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
    for kind in EntityKind::ALL {
        conn.execute(statements(*kind).clear, [])?;
    }
    Ok(conn)
}

pub(crate) fn read_op(r: &rusqlite::Row<'_>) -> Result<StoredOp, StoreError> {
    let kind_name: String = r.get(4)?;
    let kind = EntityKind::parse(&kind_name)
        .ok_or_else(|| StoreError::Integrity(format!("operation of an unknown kind {kind_name}")))?;
    Ok(StoredOp {
        device: r.get(0)?,
        seq: r.get(1)?,
        op_id: r.get(2)?,
        hlc: r.get(3)?,
        kind,
        entity: r.get(5)?,
        field: r.get(6)?,
        value: r.get(7)?,
        user: r.get(8)?,
        parents: r.get(9)?,
    })
}

/// Applies one logged operation to a replay: a set older than what the
/// field already holds loses (last writer by clock wins, ties to the
/// higher device id, whatever order the operations arrive in — the
/// provisional value of a field in conflict; a creation counts as a
/// write of every field), and nothing comes back after a tombstone.
/// Whether the tables changed.
pub(crate) fn replay_one(conn: &Connection, op: &StoredOp) -> Result<bool, StoreError> {
    super::insert(conn, op)?;
    let superseded = superseded(conn, op)?;
    if !superseded {
        materialize::apply(conn, op)?;
    }
    Ok(!superseded)
}

/// Whether a set loses to what the log holds: a newer write of the field
/// (ties to the higher device id), or a tombstone of the record.
fn superseded(conn: &Connection, op: &StoredOp) -> Result<bool, StoreError> {
    Ok(match &op.field {
        Some(f) => conn
            // Two ranges of the log by (entity, field, clock): the field's
            // writes from this op's clock on, and the record's creation and
            // removals.
            .prepare_cached(
                "SELECT 1 FROM ops o WHERE o.entity_id = ?1 AND o.field = ?2 AND o.hlc >= ?3
                    AND (o.hlc > ?3 OR (SELECT device_id FROM devices WHERE id = o.device)
                                     > (SELECT device_id FROM devices WHERE id = ?4))
                 UNION ALL
                 SELECT 1 FROM ops o WHERE o.entity_id = ?1 AND o.field IS NULL
                    AND (o.value = 'null' OR o.hlc > ?3 OR (o.hlc = ?3
                          AND (SELECT device_id FROM devices WHERE id = o.device)
                            > (SELECT device_id FROM devices WHERE id = ?4)))
                 LIMIT 1",
            )?
            .query_row(params![op.entity, f, op.hlc, op.device], |_| Ok(()))
            .optional()?
            .is_some(),
        None => false,
    })
}

/// Materializes a whole log, already in `ops`, into empty tables in clock
/// order, then the derived tables: how a new site's database is made from
/// the operations it pulled, by the same rules `dugu check` replays with.
/// Returns the number of operations.
pub(crate) fn materialize_log(conn: &Connection) -> Result<u64, StoreError> {
    let mut st = conn.prepare(
        "SELECT device, seq, op_id, hlc, entity_type, entity_id, field, value, user_id, parents
           FROM ops ORDER BY hlc, device, seq",
    )?;
    let mut rows = st.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let op = read_op(r)?;
        if !superseded(conn, &op)? {
            materialize::apply(conn, &op)?;
        }
        n += 1;
    }
    derive::rebuild_all(conn)?;
    Ok(n)
}

/// Rebuilds every derived table of a log already materialized op by op
/// with [`replay_one`] (the end of [`materialize_log`] alone).
pub(crate) fn derive_all(conn: &Connection) -> Result<(), StoreError> {
    derive::rebuild_all(conn)
}

/// Applies an operation received from another replica: the replay's
/// rule, then the derived data a local write rewrites.
pub(crate) fn receive_one(
    conn: &Connection,
    op: &StoredOp,
    sink: &mut Vec<crate::name_index::IndexChange>,
) -> Result<(), StoreError> {
    let change = if op.field.is_none() && op.value == "null" { Change::Tombstone } else { Change::Create(Vec::new()) };
    let before = derive::before(conn, op.kind, &change, &op.entity)?;
    if replay_one(conn, op)? {
        derive::after(conn, op, before, Some(sink))?;
    }
    Ok(())
}

/// The tables compared, with the statement that lists each in a canonical
/// order. Derived tables name people by id, not by the row key they get
/// in each database.
/// The first `width` columns are the row's key, in that order.
fn tables() -> Vec<(&'static str, &'static str, usize)> {
    let mut t: Vec<(&'static str, &'static str, usize)> =
        EntityKind::ALL.iter().map(|k| (super::sql::table(*k), statements(*k).dump, 1)).collect();
    t.extend([
        (
            "person_tokens",
            // With the words a bulk load that stopped left staged (filed at
            // the next open); none otherwise.
            "SELECT p.id, t.token, t.sort_name, l.id
               FROM (SELECT * FROM person_tokens UNION ALL SELECT * FROM person_tokens_staged) t
               JOIN people p ON p.rowid = t.person_key JOIN locations l ON l.rowid = t.location_key
              ORDER BY p.id, t.token",
            2,
        ),
        ("growth_status", "SELECT person_id, * FROM growth_status ORDER BY person_id", 1),
        ("location_closure", "SELECT * FROM location_closure ORDER BY ancestor_id, descendant_id", 2),
        ("attendance", "SELECT * FROM attendance ORDER BY group_id, day, person_id", 3),
        ("record_counters", "SELECT * FROM record_counters ORDER BY site_id, series", 2),
        ("user_locations", "SELECT * FROM user_locations ORDER BY user_id, location_id", 2),
        // Op ids, not this database's device numbers: the same on every replica.
        (
            "heads",
            "SELECT h.entity_id, h.field, hex(o.op_id) FROM heads h JOIN ops o ON o.device = h.device AND o.seq = h.seq
              ORDER BY h.entity_id, h.field, hex(o.op_id)",
            3,
        ),
        ("conflicted_fields", "SELECT * FROM conflicted_fields ORDER BY entity_id, field", 2),
    ]);
    t
}

/// Every table of `a` and `b`, row by row.
fn compare(a: &Connection, b: &Connection, report: &mut CheckReport) -> Result<(), StoreError> {
    for (table, sql, w) in tables() {
        let key = |r: &[Value]| key(r, w);
        // What a problem may name: ids, never a name word.
        let shown_key = |r: &[Value]| if table == "person_tokens" { key(r)[..1].join("/") } else { key(r).join("/") };
        let mut sa = a.prepare(sql)?;
        let mut sb = b.prepare(sql)?;
        let names: Vec<String> = sa.column_names().map(str::to_string).collect();
        let width = names.len();
        let mut ra = sa.query([])?;
        let mut rb = sb.query([])?;
        let mut shown = 0;
        let mut note = |report: &mut CheckReport, what: String| {
            if shown < SHOWN {
                report.problems.push(format!("{table}: {what}"));
            }
            shown += 1;
        };
        let mut next_a = row(ra.next()?, width)?;
        let mut next_b = row(rb.next()?, width)?;
        loop {
            match (&next_a, &next_b) {
                (None, None) => break,
                (Some(x), Some(y)) if key(x) == key(y) => {
                    report.rows += 1;
                    for (i, name) in names.iter().enumerate() {
                        if x[i] != y[i] {
                            note(report, format!("{} differs in {name}", shown_key(x)));
                        }
                    }
                    next_a = row(ra.next()?, width)?;
                    next_b = row(rb.next()?, width)?;
                }
                (Some(x), Some(y)) if key(x) < key(y) => {
                    note(report, format!("{} is in the tables but not in the log", shown_key(x)));
                    next_a = row(ra.next()?, width)?;
                }
                (Some(x), None) => {
                    note(report, format!("{} is in the tables but not in the log", shown_key(x)));
                    next_a = row(ra.next()?, width)?;
                }
                (_, Some(y)) => {
                    note(report, format!("{} is in the log but not in the tables", shown_key(y)));
                    next_b = row(rb.next()?, width)?;
                }
            }
        }
        if shown > SHOWN {
            report.problems.push(format!("{table}: {} more differences", shown - SHOWN));
        }
    }
    Ok(())
}

fn row(r: Option<&rusqlite::Row<'_>>, width: usize) -> Result<Option<Vec<Value>>, StoreError> {
    let Some(r) = r else { return Ok(None) };
    Ok(Some((0..width).map(|i| r.get::<_, Value>(i)).collect::<Result<_, _>>()?))
}

/// A row's key: its first `width` columns (ids, codes and dates, never a
/// name), compared as SQLite's binary collation orders them.
fn key(row: &[Value], width: usize) -> Vec<String> {
    row.iter()
        .take(width)
        .map(|v| match v {
            Value::Text(t) => t.clone(),
            Value::Integer(i) => i.to_string(),
            _ => String::new(),
        })
        .collect()
}

#[cfg(test)]
pub(crate) type Dump = Vec<(String, Vec<Vec<Value>>)>;

/// Every table's rows in canonical order (for tests that compare two
/// replays).
#[cfg(test)]
pub(crate) fn dump(conn: &Connection) -> Result<Dump, StoreError> {
    let mut out = Vec::new();
    for (table, sql, _) in tables() {
        let mut st = conn.prepare(sql)?;
        let width = st.column_count();
        let rows = st
            .query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>())?
            .collect::<Result<Vec<_>, _>>()?;
        out.push((table.to_string(), rows));
    }
    Ok(out)
}
