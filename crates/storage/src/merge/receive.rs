//! Receiving ops made at other replicas: checked, held back until what
//! they depend on is held, then applied as a replay applies them.

use crate::oplog::{StoredOp, receive_one};
use crate::writer::Tx;
use crate::{StoreError, now_millis};
use dugu_domain::EntityKind;
use dugu_sync::merge::{ClockReading, read_clock};
use dugu_sync::{RefusalReason, Verdict, VersionVector, WireOp};
use rusqlite::{Connection, OptionalExtension, params};

/// Why a received op is refused (reason codes, never a value).
fn reject(reason: RefusalReason) -> Verdict {
    reason.into()
}

/// Checks what can be checked of an op alone: a kind and field this
/// version knows, well-formed ids and value, an id that is its content's.
pub(crate) fn check(op: &WireOp) -> Result<StoredOp, Verdict> {
    let kind = EntityKind::parse(&op.entity_type).ok_or_else(|| reject(RefusalReason::UnknownKind))?;
    if let Some(f) = &op.field
        && kind.field(f).is_none()
    {
        return Err(reject(RefusalReason::UnknownField));
    }
    let well_formed = op.op_id.len() == 16
        && op.parents.len().is_multiple_of(16)
        && op.seq >= 1
        && i64::try_from(op.seq).is_ok()
        && i64::try_from(op.hlc).is_ok()
        && uuid::Uuid::parse_str(&op.device).is_ok();
    let value: Option<serde_json::Value> = serde_json::from_str(&op.value).ok();
    let value_fits = match (&op.field, &value) {
        (_, None) => false,
        (Some(_), Some(_)) => true,
        (None, Some(v)) => v.is_null() || (v.is_object() && op.parents.is_empty()),
    };
    if !well_formed || !value_fits {
        return Err(reject(RefusalReason::Malformed));
    }
    let stored = StoredOp {
        device: 0,
        seq: op.seq as i64,
        op_id: op.op_id.clone(),
        hlc: op.hlc as i64,
        kind,
        entity: op.entity_id.clone(),
        field: op.field.clone(),
        value: op.value.clone(),
        user: op.user_id.clone(),
        parents: op.parents.clone(),
    };
    if op.content_id() != op.op_id {
        return Err(reject(RefusalReason::OpIdMismatch));
    }
    Ok(stored)
}

/// This database's number for a device, made on first sight.
fn device_key(conn: &Connection, device_id: &str) -> Result<i64, StoreError> {
    conn.prepare_cached("INSERT OR IGNORE INTO devices (device_id) VALUES (?1)")?.execute([device_id])?;
    Ok(conn.prepare_cached("SELECT id FROM devices WHERE device_id = ?1")?.query_row([device_id], |r| r.get(0))?)
}

/// The op id held at `(device, seq)`, if any.
fn held(conn: &Connection, device: i64, seq: i64) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT op_id FROM ops WHERE device = ?1 AND seq = ?2")?
        .query_row(params![device, seq], |r| r.get(0))
        .optional()?)
}

/// Whether everything `op` depends on is held: its device's previous op
/// (so each device's ops are held without gaps, which the rule relies on)
/// and its parents, which are ops of the same record.
///
/// A site holds only its scope's share of other devices' ops, so their
/// sequences have gaps there: an op its hub's cursor (`vouched`) covers
/// needs no previous op — the hub sent every op of the scope below the
/// cursor, in clock order, so what it depends on came first. On a full
/// replica (the hub, the property test's replicas) nothing is vouched.
fn ready(conn: &Connection, op: &StoredOp, device_id: &str, vouched: &VersionVector) -> Result<bool, StoreError> {
    if op.seq > 1 && !vouched.covers(device_id, op.seq as u64) && held(conn, op.device, op.seq - 1)?.is_none() {
        return Ok(false);
    }
    for p in op.parents.chunks(16) {
        if !holds(conn, &op.entity, p)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether the log holds op `op_id` of `entity`. A parent is most often a
/// head of the record (the value its author saw is still the latest): a
/// few rows, looked up by key, before the record's whole log is read.
pub(crate) fn holds(conn: &Connection, entity: &str, op_id: &[u8]) -> Result<bool, StoreError> {
    let head: bool = conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM heads h JOIN ops o ON o.device = h.device AND o.seq = h.seq
                            WHERE h.entity_id = ?1 AND o.op_id = ?2)",
        )?
        .query_row(params![entity, op_id], |r| r.get(0))?;
    if head {
        return Ok(true);
    }
    Ok(conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM ops WHERE entity_id = ?1 AND op_id = ?2)")?
        .query_row(params![entity, op_id], |r| r.get(0))?)
}

/// A failure of an op to become rows, not of the database: a record
/// created twice (`Integrity`) or a unique key or reference refused.
pub(crate) fn cannot_become_rows(e: &StoreError) -> bool {
    match e {
        StoreError::Integrity(_) => true,
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => f.code == rusqlite::ErrorCode::ConstraintViolation,
        _ => false,
    }
}

/// What this replica's hub has sent it up to (`hub_link.pulled`); empty
/// on a hub or a stand-alone server.
fn vouched(conn: &Connection) -> Result<VersionVector, StoreError> {
    let pulled: Option<String> =
        conn.prepare_cached("SELECT pulled FROM hub_link LIMIT 1")?.query_row([], |r| r.get(0)).optional()?;
    match pulled {
        None => Ok(VersionVector::default()),
        Some(text) => serde_json::from_str(&text)
            .map(VersionVector)
            .map_err(|e| StoreError::Integrity(format!("hub_link.pulled is not a version vector: {e}"))),
    }
}

impl Tx<'_> {
    /// See [`crate::Store::receive`].
    pub(crate) fn receive(&mut self, ops: Vec<WireOp>) -> Result<Vec<Verdict>, StoreError> {
        Ok(self.receive_counted(ops)?.0)
    }

    /// [`Tx::receive`], with how many of the ops this replica did not
    /// hold (nor hold back) before.
    pub(crate) fn receive_counted(&mut self, ops: Vec<WireOp>) -> Result<(Vec<Verdict>, u64), StoreError> {
        let mut verdicts = Vec::with_capacity(ops.len());
        let mut new = 0;
        // With nothing held back, an op that is ready when it arrives is
        // applied at once: a page comes in clock order, so nearly all are,
        // and each skips a row written to `held_back`, read back and
        // deleted. Ops held back from earlier pages go first, by `drain`.
        let direct: bool =
            self.conn.prepare_cached("SELECT NOT EXISTS(SELECT 1 FROM held_back)")?.query_row([], |r| r.get(0))?;
        let vouched = vouched(self.conn)?;
        let mut devices: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
        for wire in &ops {
            let mut stored = match check(wire) {
                Ok(s) => s,
                Err(v) => {
                    verdicts.push(v);
                    continue;
                }
            };
            let device = match devices.get(wire.device.as_str()) {
                Some(d) => *d,
                None => {
                    let d = device_key(self.conn, &wire.device)?;
                    devices.insert(&wire.device, d);
                    d
                }
            };
            stored.device = device;
            match held(self.conn, device, stored.seq)? {
                Some(id) if id == stored.op_id => verdicts.push(Verdict::Accepted),
                Some(_) => verdicts.push(reject(RefusalReason::SeqReused)),
                None if direct
                    && ready(self.conn, &stored, &wire.device, &vouched)?
                    && self.apply_or_park(&stored)? =>
                {
                    new += 1;
                    verdicts.push(Verdict::Accepted);
                }
                None => {
                    new += self
                        .conn
                        .prepare_cached(
                            "INSERT OR IGNORE INTO held_back
                             (device_id, seq, op_id, hlc, entity_type, entity_id, field, value, user_id, parents)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                        )?
                        .execute(params![
                            wire.device,
                            stored.seq,
                            stored.op_id,
                            stored.hlc,
                            wire.entity_type,
                            stored.entity,
                            stored.field,
                            stored.value,
                            stored.user,
                            stored.parents
                        ])? as u64;
                    verdicts.push(Verdict::Accepted);
                }
            }
        }
        self.drain()?;
        Ok((verdicts, new))
    }

    /// Applies every held-back op whose dependencies are now held, in clock
    /// order, until none is left that can be.
    fn drain(&mut self) -> Result<(), StoreError> {
        let vouched = vouched(self.conn)?;
        loop {
            let waiting: Vec<(String, StoredOp)> = {
                let mut st = self.conn.prepare_cached(
                    "SELECT d.id, h.seq, h.op_id, h.hlc, h.entity_type, h.entity_id, h.field, h.value, h.user_id,
                            h.parents, h.device_id
                       FROM held_back h JOIN devices d ON d.device_id = h.device_id
                      ORDER BY h.hlc, h.device_id, h.seq",
                )?;
                let mut rows = st.query([])?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    out.push((r.get(10)?, crate::oplog::read_op(r)?));
                }
                out
            };
            let mut progress = false;
            for (device_id, op) in waiting {
                if held(self.conn, op.device, op.seq)?.is_some() {
                    // Received twice before it could be applied.
                } else if ready(self.conn, &op, &device_id, &vouched)? {
                    if !self.apply_or_park(&op)? {
                        continue;
                    }
                } else {
                    continue;
                }
                self.conn
                    .prepare_cached("DELETE FROM held_back WHERE device_id = ?1 AND seq = ?2")?
                    .execute(params![device_id, op.seq])?;
                progress = true;
            }
            if !progress {
                return Ok(());
            }
        }
    }

    /// Applies a ready op in a savepoint of its own; one that cannot become
    /// rows here — a record created at two replicas under one id, a
    /// record number given twice — is undone and stays held back (`false`),
    /// so the rest of a page is still taken and a round still ends. What
    /// depends on it waits with it.
    fn apply_or_park(&mut self, op: &StoredOp) -> Result<bool, StoreError> {
        self.conn.execute_batch("SAVEPOINT received_op")?;
        let saved = (self.state.next_seq, self.state.index_changes.len());
        match self.apply_received(op) {
            Ok(()) => {
                self.conn.execute_batch("RELEASE received_op")?;
                Ok(true)
            }
            Err(e) if cannot_become_rows(&e) => {
                self.conn.execute_batch("ROLLBACK TO received_op; RELEASE received_op")?;
                self.state.next_seq = saved.0;
                self.state.index_changes.truncate(saved.1);
                tracing::warn!(
                    kind = op.kind.name(),
                    seq = op.seq,
                    "a received op collides with a record held here; it is held back"
                );
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Applies one op whose dependencies are held: the log, the tables,
    /// derived data, the clock. Also the hub's way in for a pushed op
    /// once it passed the re-check (`sites/push.rs`).
    pub(crate) fn apply_received(&mut self, op: &StoredOp) -> Result<(), StoreError> {
        let device_id: String = self
            .conn
            .prepare_cached("SELECT device_id FROM devices WHERE id = ?1")?
            .query_row([op.device], |r| r.get(0))?;
        let created = op.field.is_none() && op.value != "null";
        if created {
            let exists: bool = self
                .conn
                .prepare_cached("SELECT EXISTS(SELECT 1 FROM ops WHERE entity_id = ?1 AND field IS NULL)")?
                .query_row([&op.entity], |r| r.get(0))?;
            if exists {
                return Err(StoreError::Integrity(format!(
                    "{} {} was created at two sites",
                    op.kind.name(),
                    op.entity
                )));
            }
        }
        self.observe_clock(op, &device_id)?;
        if op.device == self.state.device && op.seq >= self.state.next_seq {
            // Our own op, which this database had lost (restored from an
            // older copy): our next op must not reuse its number.
            self.state.next_seq = op.seq + 1;
        }
        receive_one(self.conn, op, &mut self.state.index_changes)?;
        if created && matches!(op.kind, EntityKind::Person | EntityKind::Household) {
            // The site's counter follows the highest number given there,
            // wherever it was given, in the number's series.
            let fields: serde_json::Value = serde_json::from_str(&op.value)
                .map_err(|e| StoreError::Integrity(format!("{} op {}: {e}", op.kind.name(), op.seq)))?;
            if let Some(number) = fields.get("record_number").and_then(serde_json::Value::as_str) {
                self.conn
                    .prepare_cached(
                        "INSERT INTO record_counters (site_id, series, last)
                         SELECT site_id, n >= ?2, n
                           FROM (SELECT l.id AS site_id, CAST(substr(?1, length(l.code) + 2) AS INTEGER) AS n
                                   FROM locations l WHERE l.kind = 'site' AND ?1 LIKE l.code || '-%'
                                    -- Only the digits after the code: `MOP` is no
                                    -- number of `MOP-SEV-000001`.
                                    AND substr(?1, length(l.code) + 2) NOT GLOB '*[^0-9]*'
                                    AND length(?1) > length(l.code) + 1)
                          WHERE true
                         ON CONFLICT (site_id, series) DO UPDATE SET last = max(last, excluded.last)",
                    )?
                    .execute(params![number, dugu_domain::record_number::NATIONAL_FIRST as i64])?;
            }
        }
        if created && op.kind == EntityKind::Receipt {
            // The same for a receipt's number, in the receipts' series: a
            // desk's counter never falls below a number given for its site
            // elsewhere (by the hub before this site served it).
            let fields: serde_json::Value = serde_json::from_str(&op.value)
                .map_err(|e| StoreError::Integrity(format!("{} op {}: {e}", op.kind.name(), op.seq)))?;
            if let Some(number) = fields.get("number").and_then(serde_json::Value::as_str) {
                self.conn
                    .prepare_cached(
                        "INSERT INTO record_counters (site_id, series, last)
                         SELECT site_id, ?3 + (n >= ?2), n
                           FROM (SELECT l.id AS site_id, CAST(substr(?1, length(l.code) + 3) AS INTEGER) AS n
                                   FROM locations l WHERE l.kind = 'site' AND ?1 LIKE l.code || '-R%'
                                    AND substr(?1, length(l.code) + 3) NOT GLOB '*[^0-9]*'
                                    AND length(?1) > length(l.code) + 2)
                          WHERE true
                         ON CONFLICT (site_id, series) DO UPDATE SET last = max(last, excluded.last)",
                    )?
                    .execute(params![
                        number,
                        dugu_domain::record_number::NATIONAL_FIRST as i64,
                        i64::from(dugu_domain::record_number::RECEIPT_SERIES)
                    ])?;
            }
        }
        Ok(())
    }

    /// Moves this replica's clock past the op's, so whatever is written
    /// here after it is ordered after it; flags a clock far ahead of ours.
    fn observe_clock(&mut self, op: &StoredOp, device_id: &str) -> Result<(), StoreError> {
        let now = uhlc::NTP64::from(std::time::Duration::from_millis(now_millis().max(0) as u64)).as_u64();
        if let ClockReading::FarAhead(ms) = read_clock(op.hlc as u64, now) {
            tracing::warn!(device = device_id, ahead_ms = ms, "an op's clock is far ahead of this replica's");
            self.conn
                .prepare_cached("INSERT OR IGNORE INTO clock_flags (device, seq, ahead_ms) VALUES (?1, ?2, ?3)")?
                .execute(params![op.device, op.seq, ms as i64])?;
        }
        let uuid = uuid::Uuid::parse_str(device_id).map_err(|e| StoreError::Integrity(format!("device id: {e}")))?;
        let id = uhlc::ID::try_from(&uuid.as_bytes()[..]).map_err(|e| StoreError::Integrity(format!("hlc id: {e}")))?;
        let ts = uhlc::Timestamp::new(uhlc::NTP64(op.hlc as u64), id);
        self.state.hlc.update_with_timestamp(&ts).map_err(|e| StoreError::Integrity(format!("clock: {e}")))
    }
}
