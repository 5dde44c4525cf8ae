//! A new site's database, made from what it pulled from its hub: the
//! operations go into the log as they are (the hub's devices, sequences
//! and op ids), the tables are materialized from the log alone — the
//! replay `dugu check` runs — and the site gets its own device id, so
//! what it writes later is told apart from the hub's.
//!
//! Each page is materialized as it is taken, by the replay's own rule for
//! one op ([`replay_one`]: the same state in any order in which each
//! change follows its record's creation — the hub sends pages, and the
//! history of a root come into scope, in clock order), so the site's work
//! overlaps the hub's reading of the next page instead of waiting for the
//! last; the derived tables are built once at the end. A page naming
//! roots gone from the site's scope (a child moved away during the
//! enrolment) removes ops already materialized, and a change of a record
//! not created yet cannot be applied alone: either way the build then
//! materializes the whole log again at the end, as before.

use crate::StoreError;
use crate::oplog::{StoredOp, derive_all, insert, materialize_log, op_id, replay_one, scratch_database};
use dugu_domain::EntityKind;
use dugu_sync::VersionVector;
use dugu_sync::WireOp;
use dugu_sync::wire::{Credential, Page};
use rusqlite::{Connection, params};
use std::collections::HashMap;
use std::path::Path;

/// The hub a site was enrolled to, kept in the site's database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubLink {
    /// The hub's base URL.
    pub hub_url: String,
    /// This site's id (its device id).
    pub site_id: String,
    /// The location it serves.
    pub location_id: String,
}

/// A site's database being made; nothing of it is usable until
/// [`SiteBuild::finish`].
pub struct SiteBuild {
    conn: Connection,
    devices: HashMap<String, i64>,
    epoch: u64,
    /// (location, series, last) as the hub said at enrolment.
    numbered: Vec<(String, u8, i64)>,
    /// Whether the tables hold every op of the log, materialized page by
    /// page (false once a page removed ops).
    replayed: bool,
}

/// What a finished build holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Built {
    /// Operations in the log.
    pub ops: u64,
    /// Accounts that can sign in here.
    pub credentials: u64,
}

impl SiteBuild {
    /// Starts the database `dugu.sqlite` in `dir` (which must not hold
    /// one) for the site `site_id`.
    pub fn create(dir: &Path, site_id: &str) -> Result<SiteBuild, StoreError> {
        let conn = scratch_database(&dir.join("dugu.sqlite"))?;
        conn.execute("INSERT INTO meta (key, value) VALUES ('site_id', ?1)", [site_id])?;
        // The log comes whole from the hub: there is nothing for the
        // baselines of older databases to add.
        for key in ["oplog_baseline", "oplog_baseline_accounts"] {
            conn.execute("INSERT INTO meta (key, value) VALUES (?1, '0')", [key])?;
        }
        Ok(SiteBuild { conn, devices: HashMap::new(), epoch: 0, numbered: Vec::new(), replayed: true })
    }

    /// Adds pulled operations to the log. Each op's id must be the hash of
    /// its content, so a damaged or altered op is refused, not kept.
    pub fn add(&mut self, ops: &[WireOp]) -> Result<(), StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        Self::add_in(&tx, &mut self.devices, ops.iter(), &mut self.replayed)?;
        tx.commit()?;
        Ok(())
    }

    fn add_in<'a>(
        tx: &Connection,
        devices: &mut HashMap<String, i64>,
        ops: impl Iterator<Item = &'a WireOp>,
        replay: &mut bool,
    ) -> Result<(), StoreError> {
        for op in ops {
            let device = match devices.get(&op.device) {
                Some(d) => *d,
                None => {
                    tx.execute("INSERT OR IGNORE INTO devices (device_id) VALUES (?1)", [&op.device])?;
                    let d: i64 =
                        tx.query_row("SELECT id FROM devices WHERE device_id = ?1", [&op.device], |r| r.get(0))?;
                    devices.insert(op.device.clone(), d);
                    d
                }
            };
            let kind = EntityKind::parse(&op.entity_type)
                .ok_or_else(|| StoreError::Integrity("an operation of an unknown kind was pulled".into()))?;
            let stored = StoredOp {
                device,
                seq: i64::try_from(op.seq).map_err(|_| StoreError::Integrity("a sequence out of range".into()))?,
                op_id: op.op_id.clone(),
                hlc: op.hlc as i64,
                kind,
                entity: op.entity_id.clone(),
                field: op.field.clone(),
                value: op.value.clone(),
                user: op.user_id.clone(),
                parents: op.parents.clone(),
            };
            if op_id(&stored, &op.device) != op.op_id {
                return Err(StoreError::Integrity("a pulled operation's id does not match its content".into()));
            }
            // One op at a time gives the log's state only if each change
            // comes after the creation it changes: a change of a record
            // not created yet would change no row and the creation would
            // then write over it (a tombstone: bring it back). Should one
            // come first, the log is materialized whole at the end.
            if *replay && !creation_held(tx, &stored)? {
                *replay = false;
            }
            if *replay {
                replay_one(tx, &stored)?;
            } else {
                insert(tx, &stored)?;
            }
        }
        Ok(())
    }

    /// Takes a page pulled from the hub: its ops (those already held are
    /// passed over) and its roots gone from the site's scope, whose ops
    /// leave the log being built (a child moved away while the site was
    /// being enrolled). The page's offer epoch is what the next request
    /// acknowledges ([`SiteBuild::epoch`]) and what the site keeps.
    pub fn add_page(&mut self, page: &Page) -> Result<(), StoreError> {
        // One transaction for the page: each statement outside one takes
        // and drops the file's lock (a tenth of an enrolment's time).
        let tx = self.conn.unchecked_transaction()?;
        let fresh: Vec<&WireOp> = {
            let mut held = tx.prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM ops o JOIN devices d ON d.id = o.device
                                WHERE d.device_id = ?1 AND o.seq = ?2)",
            )?;
            let mut fresh = Vec::with_capacity(page.ops.len());
            for op in &page.ops {
                if !held.query_row(params![op.device, op.seq as i64], |r| r.get::<_, bool>(0))? {
                    fresh.push(op);
                }
            }
            fresh
        };
        Self::add_in(&tx, &mut self.devices, fresh.into_iter(), &mut self.replayed)?;
        if !page.gone.is_empty() {
            self.replayed = false;
        }
        for root in &page.gone {
            let leaving: Vec<String> = tx
                .prepare_cached(
                    "WITH RECURSIVE gone(id) AS (
                         SELECT ?1
                         UNION SELECT o.entity_id FROM ops o JOIN gone g
                            ON o.field IS NULL AND o.value <> 'null'
                           AND g.id IN (json_extract(o.value, '$.person_id'), json_extract(o.value, '$.household_id'),
                                        json_extract(o.value, '$.admission_id')))
                     SELECT id FROM gone",
                )?
                .query_map([root], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for id in &leaving {
                // The one delete the log's trigger lets through (as a live
                // site's purge does), and the heads its ops had moved.
                for sql in [
                    "DELETE FROM heads WHERE entity_id = ?1",
                    "DELETE FROM conflicted_fields WHERE entity_id = ?1",
                    "INSERT OR IGNORE INTO ops_leaving (entity_id) VALUES (?1)",
                    "DELETE FROM ops WHERE entity_id = ?1",
                    "DELETE FROM ops_leaving WHERE entity_id = ?1",
                ] {
                    tx.prepare_cached(sql)?.execute([id])?;
                }
            }
        }
        tx.commit()?;
        self.epoch = page.epoch;
        Ok(())
    }

    /// Numbers the records of site-location `location_id` on from `last`
    /// (in the village's own series), whatever the pulled records hold:
    /// what the hub says was given there before this laptop.
    pub fn numbered_up_to(&mut self, location_id: &str, last: i64) -> Result<(), StoreError> {
        if last >= dugu_domain::record_number::NATIONAL_FIRST as i64 || last < 0 {
            return Err(StoreError::Integrity("a village's own series ends before the national one".into()));
        }
        self.numbered.push((location_id.to_string(), 0, last));
        Ok(())
    }

    /// Numbers the receipts of `location_id` on from `last` (in its own
    /// receipts' series), whatever the pulled receipts hold: what the hub
    /// says was given there before this laptop, households moved away
    /// since included.
    pub fn receipts_numbered_up_to(&mut self, location_id: &str, last: i64) -> Result<(), StoreError> {
        if last >= dugu_domain::record_number::NATIONAL_FIRST as i64 || last < 0 {
            return Err(StoreError::Integrity("a place's own receipts end before the national series".into()));
        }
        self.numbered.push((location_id.to_string(), dugu_domain::record_number::RECEIPT_SERIES, last));
        Ok(())
    }

    /// The offer epoch of the last page taken (0 before any).
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Materializes the log, files the credentials of the accounts it
    /// holds (others are dropped), records the hub and how far the site
    /// pulled, and closes the database.
    pub fn finish(
        self,
        credentials: &[Credential],
        link: &HubLink,
        pulled: &VersionVector,
    ) -> Result<Built, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let ops = if self.replayed {
            derive_all(&tx)?;
            tx.query_row("SELECT count(*) FROM ops", [], |r| r.get::<_, i64>(0))? as u64
        } else {
            for kind in EntityKind::ALL {
                tx.execute(crate::oplog::sql::statements(*kind).clear, [])?;
            }
            materialize_log(&tx)?
        };
        let mut filed = 0;
        {
            let mut st = tx.prepare(
                "INSERT INTO user_credentials (user_id, password_hash, must_change_password, language)
                 SELECT id, ?2, ?3, ?4 FROM users WHERE id = ?1",
            )?;
            for c in credentials {
                filed += st.execute(params![c.user_id, c.password_hash, c.must_change_password, c.language])? as u64;
            }
        }
        // After the log's own counters: the hub's say may only raise them.
        for (location_id, series, last) in &self.numbered {
            tx.execute(
                "INSERT INTO record_counters (site_id, series, last) SELECT id, ?3, ?2 FROM locations WHERE id = ?1
                 ON CONFLICT (site_id, series) DO UPDATE SET last = max(last, excluded.last)",
                params![location_id, last, series],
            )?;
        }
        let pulled = serde_json::to_string(&pulled.0).map_err(|e| StoreError::Integrity(e.to_string()))?;
        tx.execute(
            "INSERT INTO hub_link (site_id, hub_url, location_id, enrolled_at, pulled, epoch)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![link.site_id, link.hub_url, link.location_id, crate::now_millis(), pulled, self.epoch as i64],
        )?;
        tx.commit()?;
        self.conn.close().map_err(|(_, e)| StoreError::Sqlite(e))?;
        Ok(Built { ops, credentials: filed })
    }
}

/// Whether `op` is a creation, or changes or removes a record whose
/// creation the log being built already holds.
fn creation_held(tx: &Connection, op: &StoredOp) -> Result<bool, StoreError> {
    if op.field.is_none() && op.value != "null" {
        return Ok(true);
    }
    Ok(tx
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM ops WHERE entity_id = ?1 AND field IS NULL AND value <> 'null')")?
        .query_row([&op.entity], |r| r.get(0))?)
}
