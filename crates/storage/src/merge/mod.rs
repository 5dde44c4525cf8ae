//! Merging what other sites did: the log as [`WireOp`]s, version vectors,
//! and receiving ops made elsewhere (issue 14; design:
//! `../shared/design/sync.md`).
//!
//! Every field keeps its heads ([`heads`]); a received op goes through the
//! same materialization as a replay and the same derived data as a local
//! write, so `dugu check` holds on a replica that received ops and
//! conflicts. What a site may see of the log (the scoped export) is
//! `sites/`'s; here the log is whole.

#[cfg(test)]
mod cases;
mod heads;
mod receive;
mod review;
#[cfg(test)]
mod tests;

pub(crate) use heads::{conflicted, conflicted_of_each, parents_for, record as record_heads};
pub(crate) use receive::{cannot_become_rows, check as check_received, holds};
pub use review::{Conflict, ConflictReads, ConflictValue, ConflictWrites, SAFETY_CRITICAL};
pub(crate) use review::{kind_of, location_of, may_see, owner, record_in_scope, scoped_kind};

use crate::{Store, StoreError};
use dugu_sync::{Verdict, VersionVector, WireOp};
use rusqlite::{Connection, params};

impl Store {
    /// For each device whose ops this replica holds, the highest sequence
    /// number held with none missing below it: what this replica tells
    /// another so it is sent only the rest.
    pub fn version_vector(&self) -> Result<VersionVector, StoreError> {
        self.read(version_vector)
    }

    /// Up to `limit` ops this replica holds and `vv` does not cover, in
    /// clock order (an op after its parents), each device's from its first
    /// missing one — so a receiver that applies a page has no gap.
    /// The whole log, unscoped: a site's share is chosen in `sites/`.
    #[cfg_attr(not(test), allow(dead_code, reason = "the scoped export in sites/ is built on it"))]
    pub(crate) fn ops_since(&self, vv: &VersionVector, limit: usize) -> Result<Vec<WireOp>, StoreError> {
        self.read(|c| ops_since(c, vv, limit))
    }

    /// Receives ops made at other replicas, in one write transaction: each
    /// is checked (its id must be its content's), then applied once what it
    /// depends on is held — its parents and its device's earlier ops;
    /// until then it is held back, so any delivery order gives the same
    /// state. An op already held is accepted and changes nothing.
    ///
    /// An op that cannot become rows — a record created at two sites under
    /// one id, or two records sharing a key the schema keeps unique (a
    /// record number given at the hub and at a site alike) — is undone and
    /// stays held back, with what depends on it; the rest is taken.
    pub fn receive(&self, ops: Vec<WireOp>) -> Result<Vec<Verdict>, StoreError> {
        self.write(move |tx| tx.receive(ops))
    }

    /// The fields in conflict, `(entity id, field)`, unscoped.
    #[cfg_attr(not(test), allow(dead_code, reason = "the conflict review reads it"))]
    pub(crate) fn conflicted_fields(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.read(conflicted)
    }
}

/// Computes the heads of a log written before they were kept; see
/// [`heads::compute_once`].
pub(crate) fn compute_heads_once(conn: &mut Connection) -> Result<(), StoreError> {
    heads::compute_once(conn)
}

fn version_vector(conn: &Connection) -> Result<VersionVector, StoreError> {
    let mut vv = VersionVector::default();
    let per_device: Vec<(i64, String, i64, i64)> = conn
        .prepare(
            "SELECT o.device, d.device_id, MAX(o.seq), COUNT(*) FROM ops o JOIN devices d ON d.id = o.device
              GROUP BY o.device",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    for (device, id, max, count) in per_device {
        let held = if max == count {
            max
        } else {
            // A gap (sequences start at 1): the last before it.
            let mut held = 0;
            let mut st = conn.prepare_cached("SELECT seq FROM ops WHERE device = ?1 ORDER BY seq")?;
            let mut rows = st.query([device])?;
            while let Some(r) = rows.next()? {
                if r.get::<_, i64>(0)? != held + 1 {
                    break;
                }
                held += 1;
            }
            held
        };
        vv.0.insert(id, held as u64);
    }
    Ok(vv)
}

fn ops_since(conn: &Connection, vv: &VersionVector, limit: usize) -> Result<Vec<WireOp>, StoreError> {
    let devices: Vec<(i64, String)> = conn
        .prepare("SELECT id, device_id FROM devices ORDER BY device_id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut out: Vec<WireOp> = Vec::new();
    let mut st = conn.prepare_cached(
        "SELECT device, seq, op_id, hlc, entity_type, entity_id, field, value, user_id, parents
           FROM ops WHERE device = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
    )?;
    for (device, id) in devices {
        let from = vv.0.get(&id).copied().unwrap_or(0) as i64;
        let mut rows = st.query(params![device, from, limit as i64])?;
        while let Some(r) = rows.next()? {
            let op = crate::oplog::read_op(r)?;
            out.push(WireOp {
                op_id: op.op_id,
                device: id.clone(),
                seq: op.seq as u64,
                hlc: op.hlc as u64,
                entity_type: op.kind.name().to_string(),
                entity_id: op.entity,
                field: op.field,
                value: op.value,
                user_id: op.user,
                parents: op.parents,
            });
        }
    }
    // Each device's ops are a run from its first missing one, so the first
    // `limit` by clock leave no gap in any.
    out.sort_by(|a, b| (a.hlc, &a.device, a.seq).cmp(&(b.hlc, &b.device, b.seq)));
    out.truncate(limit);
    Ok(out)
}
