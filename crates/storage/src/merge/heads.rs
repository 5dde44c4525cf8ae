//! The heads of every field, kept as ops are appended to the log (by a
//! local write, a received op or a replay alike), by the rule of
//! [`dugu_sync::merge::advance`].

use crate::StoreError;
use crate::oplog::StoredOp;
use dugu_sync::merge::{Head, advance};
use rusqlite::{Connection, OptionalExtension, params};

/// The register of the record itself: its creation and its removals.
pub(crate) const RECORD: &str = "";

/// A head as the rule sees it, with its key in `ops`. The device is this
/// database's number for it: the rule only compares devices for equality.
fn head(device: i64, seq: i64, op_id: Vec<u8>, hlc: i64, tombstone: bool) -> Head {
    Head { op_id, hlc: hlc as u64, device: device.to_string(), seq: seq as u64, tombstone }
}

fn key(h: &Head) -> Result<(i64, i64), StoreError> {
    let device = h.device.parse().map_err(|_| StoreError::Integrity("a head without its device".into()))?;
    Ok((device, h.seq as i64))
}

/// The heads rows of one register, without fallback.
fn explicit(conn: &Connection, entity: &str, field: &str) -> Result<Vec<Head>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT h.device, h.seq, o.op_id, o.hlc, o.field IS NULL AND o.value = 'null'
           FROM heads h JOIN ops o ON o.device = h.device AND o.seq = h.seq
          WHERE h.entity_id = ?1 AND h.field = ?2",
    )?;
    let rows =
        st.query_map(params![entity, field], |r| Ok(head(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The heads of `field` of `entity` (`RECORD` for the record itself): its
/// rows, else the record's, else the record's creation.
pub(crate) fn of(conn: &Connection, entity: &str, field: &str) -> Result<Vec<Head>, StoreError> {
    let rows = explicit(conn, entity, field)?;
    if !rows.is_empty() {
        return Ok(rows);
    }
    if field != RECORD {
        return of(conn, entity, RECORD);
    }
    let mut st = conn.prepare_cached(
        "SELECT device, seq, op_id, hlc FROM ops WHERE entity_id = ?1 AND field IS NULL AND value <> 'null'",
    )?;
    let rows = st.query_map([entity], |r| Ok(head(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, false)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The fields of `entity` that have heads rows of their own.
fn fields_of(conn: &Connection, entity: &str) -> Result<Vec<String>, StoreError> {
    let mut st = conn.prepare_cached("SELECT DISTINCT field FROM heads WHERE entity_id = ?1 AND field <> ''")?;
    let rows = st.query_map([entity], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What an op on `entity` must name as parents: the heads of `field`, or
/// for a removal (`None`) the heads of every field — all of them, so a
/// change made having seen every value fast-forwards (and resolves a
/// conflict). Sorted, 16 bytes each, concatenated.
pub(crate) fn parents_for(conn: &Connection, entity: &str, field: Option<&str>) -> Result<Vec<u8>, StoreError> {
    let mut ids: Vec<Vec<u8>> = match field {
        Some(f) => of(conn, entity, f)?.into_iter().map(|h| h.op_id).collect(),
        None => {
            let mut all: Vec<Vec<u8>> = of(conn, entity, RECORD)?.into_iter().map(|h| h.op_id).collect();
            for f in fields_of(conn, entity)? {
                all.extend(explicit(conn, entity, &f)?.into_iter().map(|h| h.op_id));
            }
            all
        }
    };
    ids.sort();
    ids.dedup();
    Ok(ids.concat())
}

/// Moves the heads on for `op`, just appended to the log. A creation is
/// its record's head without a row (a bulk load writes none); a set moves
/// its field's; a removal every field's of its record.
pub(crate) fn record(conn: &Connection, op: &StoredOp) -> Result<(), StoreError> {
    let tombstone = op.field.is_none() && op.value == "null";
    let me = head(op.device, op.seq, op.op_id.clone(), op.hlc, tombstone);
    match &op.field {
        Some(f) => advance_one(conn, &op.entity, f, &op.parents, &me),
        None if tombstone => {
            // A removal is a head of every field: an edit it did not see
            // stays beside it, in conflict.
            for f in fields_of(conn, &op.entity)? {
                advance_one(conn, &op.entity, &f, &op.parents, &me)?;
            }
            advance_one(conn, &op.entity, RECORD, &op.parents, &me)
        }
        None => Ok(()),
    }
}

fn advance_one(conn: &Connection, entity: &str, field: &str, parents: &[u8], me: &Head) -> Result<(), StoreError> {
    let before = of(conn, entity, field)?;
    let next = advance(&before, parents, me);
    conn.prepare_cached("DELETE FROM heads WHERE entity_id = ?1 AND field = ?2")?.execute(params![entity, field])?;
    let mut insert =
        conn.prepare_cached("INSERT INTO heads (entity_id, field, device, seq) VALUES (?1, ?2, ?3, ?4)")?;
    for h in &next {
        let (device, seq) = key(h)?;
        insert.execute(params![entity, field, device, seq])?;
    }
    // The rows just written are the field's: it is in conflict by them
    // alone. Only a field that had several heads can leave the list, so
    // an ordinary edit costs no statement more.
    if in_conflict(&next) {
        conn.prepare_cached("INSERT OR IGNORE INTO conflicted_fields (entity_id, field) VALUES (?1, ?2)")?
            .execute(params![entity, field])?;
    } else if before.len() > 1 {
        conn.prepare_cached("DELETE FROM conflicted_fields WHERE entity_id = ?1 AND field = ?2")?
            .execute(params![entity, field])?;
    }
    Ok(())
}

/// The rule of [`conflicted`] for one field's heads.
fn in_conflict(heads: &[Head]) -> bool {
    heads.len() > 1 && heads.iter().any(|h| !h.tombstone)
}

/// Computes the heads of a log written before they were kept (once, at
/// the first start after migration 0022), in clock order — causal, since
/// every op's clock is past its parents'.
pub(crate) fn compute_once(conn: &mut Connection) -> Result<(), StoreError> {
    let done: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = 'merge_heads'", [], |r| r.get(0)).optional()?;
    if done.is_some() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let mut n = 0u64;
    {
        let mut st = tx.prepare(
            "SELECT device, seq, op_id, hlc, entity_type, entity_id, field, value, user_id, parents
               FROM ops WHERE field IS NOT NULL OR value = 'null' ORDER BY hlc, device, seq",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            record(&tx, &crate::oplog::read_op(r)?)?;
            n += 1;
        }
    }
    tx.execute("INSERT INTO meta (key, value) VALUES ('merge_heads', ?1)", [n.to_string()])?;
    tx.commit()?;
    Ok(())
}

/// The fields in conflict, `(entity id, field)`: more than one head, not
/// all of them removals (two sites removing a record agree; a field edited
/// where another site removed the record does not). Kept as the heads move
/// (`advance_one`), in `conflicted_fields`.
pub(crate) fn conflicted(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    let mut st = conn.prepare_cached("SELECT entity_id, field FROM conflicted_fields ORDER BY entity_id, field")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Whether any field is in conflict, anywhere in the database.
pub(crate) fn any_conflicted(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn.prepare_cached("SELECT EXISTS(SELECT 1 FROM conflicted_fields)")?.query_row([], |r| r.get(0))?)
}

/// The fields in conflict of each record of `entities` (a record and its
/// own), by the rule of [`conflicted`], in one read through its key:
/// `(record, field)`, in the order of `entities`, each record's fields in
/// order. One query per record made a child's page ~35 statements longer
/// (docs/benchmarks.md, session 19).
pub(crate) fn conflicted_of_each(conn: &Connection, entities: &[String]) -> Result<Vec<(String, String)>, StoreError> {
    let ids = crate::pool::text_array(entities);
    let mut st = conn.prepare_cached("SELECT entity_id, field FROM conflicted_fields WHERE entity_id IN rarray(?1)")?;
    let mut by_record: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    let mut rows = st.query([ids])?;
    while let Some(r) = rows.next()? {
        by_record.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    let mut out = Vec::new();
    for id in entities {
        if let Some(mut fields) = by_record.remove(id) {
            fields.sort();
            out.extend(fields.into_iter().map(|f| (id.clone(), f)));
        }
    }
    Ok(out)
}
