//! A site's side of a push: its own ops the hub has not answered, what it
//! sent, and the hub's verdicts — `hub_link.pushed` and `sync_rejections`
//! move together, in one transaction. A refused op stays in the site's
//! log and tables; only its reason code is kept beside it.

use crate::writer::Tx;
use crate::{Millis, Store, StoreError};
use dugu_sync::{Verdict, WireOp};
use rusqlite::{OptionalExtension, params};

/// What the hub's answer to a push did here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PushAnswered {
    /// Own ops the hub answered (kept or refused) for the first time.
    pub answered: u64,
    /// Of those, refused.
    pub refused: u64,
}

impl Store {
    /// Up to `limit` of this site's own ops the hub has not answered
    /// (past `hub_link.pushed`), in sequence order. Empty on a hub.
    pub fn ops_to_push(&self, limit: usize) -> Result<Vec<WireOp>, StoreError> {
        self.read(|c| {
            // The device first, then a range of the log's key: as one join,
            // SQLite scanned the whole log by its other index (1.4 s for an
            // idle round at a village of 50,000 children).
            let own: Option<(i64, String, i64)> = c
                .prepare_cached(
                    "SELECT d.id, d.device_id, h.pushed FROM hub_link h JOIN devices d ON d.device_id = h.site_id",
                )?
                .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            let Some((device, device_id, pushed)) = own else { return Ok(Vec::new()) };
            let mut st = c.prepare_cached(
                "SELECT seq, op_id, hlc, entity_type, entity_id, field, value, user_id, parents
                   FROM ops WHERE device = ?1 AND seq > ?2
                  ORDER BY seq LIMIT ?3",
            )?;
            let rows =
                st.query_map(params![device, pushed, limit as i64], |r| super::export::wire_op(r, device_id.clone()))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Notes that own ops up to `seq` are on their way to the hub
    /// (`hub_link.sent`), before they are sent.
    pub fn mark_sent(&self, seq: u64) -> Result<(), StoreError> {
        self.write(move |tx| {
            tx.conn.prepare_cached("UPDATE hub_link SET sent = max(sent, ?1)")?.execute([seq as i64])?;
            Ok(())
        })
    }

    /// Takes the hub's verdicts on a push: `hub_link.pushed` moves over
    /// every answered op from the first unanswered one on, and each
    /// refusal is filed with its reason, in one transaction. A verdict
    /// that is not an answer (`gap`: the hub wants an earlier op first;
    /// `other_device`) stops the move, so that op is sent again.
    pub fn take_verdicts(&self, verdicts: Vec<(u64, Verdict)>) -> Result<PushAnswered, StoreError> {
        self.write(move |tx| tx.take_verdicts(verdicts, crate::now_millis()))
    }

    /// The hub retired this site (another laptop was enrolled for its
    /// location) and took none of what it was sent: what was marked sent
    /// is waiting again, so the site says truly what never reached the
    /// hub. Returns how many of its own changes never did (past
    /// `hub_link.pushed`); its log and tables are left as they are.
    pub fn note_retired(&self) -> Result<u64, StoreError> {
        self.write(|tx| {
            tx.conn.prepare_cached("UPDATE hub_link SET sent = pushed")?.execute([])?;
            let unsent: i64 = tx
                .conn
                .prepare_cached(
                    // Scalar subqueries: a range of the log's key, not a scan.
                    "SELECT count(*) FROM ops
                      WHERE device = (SELECT d.id FROM hub_link h JOIN devices d ON d.device_id = h.site_id)
                        AND seq > (SELECT pushed FROM hub_link)",
                )?
                .query_row([], |r| r.get(0))?;
            Ok(unsent as u64)
        })
    }

    /// Notes that a round ended complete at now (`hub_link.last_sync`).
    pub fn finish_round(&self) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.conn.prepare_cached("UPDATE hub_link SET last_sync = ?1")?.execute([crate::now_millis()])?;
            Ok(())
        })
    }

    /// How many fields are in conflict in this replica, everywhere: a
    /// count, no record named (what `dugu sync` prints).
    pub fn conflict_count(&self) -> Result<u64, StoreError> {
        Ok(self.read(crate::merge::conflicted)?.len() as u64)
    }
}

impl Tx<'_> {
    fn take_verdicts(&mut self, mut verdicts: Vec<(u64, Verdict)>, now: Millis) -> Result<PushAnswered, StoreError> {
        let (device, site_id, mut pushed, pulled): (i64, String, i64, String) = self
            .conn
            .prepare_cached(
                "SELECT d.id, h.site_id, h.pushed, h.pulled FROM hub_link h JOIN devices d ON d.device_id = h.site_id",
            )?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        verdicts.sort_by_key(|v| v.0);
        let mut done = PushAnswered::default();
        for (seq, verdict) in verdicts {
            let seq = seq as i64;
            if seq <= pushed {
                continue;
            }
            if seq != pushed + 1 {
                break;
            }
            if let Verdict::Rejected(reason) = &verdict {
                if reason == "gap" || reason == "other_device" {
                    break;
                }
                self.conn
                    .prepare_cached(
                        "INSERT OR REPLACE INTO sync_rejections (device, seq, entity_id, reason, at)
                         SELECT device, seq, entity_id, ?3, ?4 FROM ops WHERE device = ?1 AND seq = ?2",
                    )?
                    .execute(params![device, seq, reason, now])?;
                done.refused += 1;
            }
            pushed = seq;
            done.answered += 1;
        }
        // Our own ops the hub answered need not come back in a pull.
        let mut pulled: std::collections::BTreeMap<String, u64> = serde_json::from_str(&pulled)
            .map_err(|e| StoreError::Integrity(format!("hub_link.pulled is not a version vector: {e}")))?;
        let own = pulled.entry(site_id).or_insert(0);
        *own = (*own).max(pushed as u64);
        let pulled = serde_json::to_string(&pulled).map_err(|e| StoreError::Integrity(e.to_string()))?;
        self.conn
            .prepare_cached("UPDATE hub_link SET pushed = ?1, sent = max(sent, ?1), pulled = ?2")?
            .execute(params![pushed, pulled])?;
        Ok(done)
    }
}
