//! The write model: every change is an operation, and [`Tx::apply`] is the
//! one place operations become rows.
//!
//! A command (record a measurement, admit a child…) checks its input and
//! its scope, then hands [`Op`]s to `apply`, which in one step — inside the
//! writer's transaction — checks the author may write each field's group
//! (the registry's one table) and the kind's action (the role × action
//! table), stamps each op with the hybrid logical clock, the device, its
//! sequence and its parents (the heads the author saw), appends it to the
//! log, materializes it into the tables that are read, rewrites derived
//! data and appends one audit entry per entity. A replay of the log
//! ([`crate::check_database`]) goes through the same materialization, so
//! the log alone rebuilds the state.

mod baseline;
#[cfg(test)]
pub(crate) mod batch_tests;
mod derive;
mod materialize;
pub(crate) mod place;
mod replay;
pub(crate) mod sql;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod upgrade_tests;

pub(crate) use materialize::to_sql;
#[cfg(test)]
pub(crate) use replay::dump;
pub use replay::{CheckReport, check_database};
pub(crate) use replay::{read_op, receive_one};

pub(crate) use baseline::{op_id, write_baseline};
pub(crate) use replay::{derive_all, materialize_log, replay_one, scratch_database};

use crate::writer::Tx;
use crate::{AuditAction, Principal, StoreError};
use dugu_domain::EntityKind;
use rusqlite::params;
use serde_json::Value;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

// Commands make ops without knowing the backend, so the type is theirs;
// re-exported so `dugu_storage::Op` keeps naming it.
pub use dugu_commands::{Change, Op};

/// An operation as the log keeps it.
#[derive(Debug, Clone)]
pub(crate) struct StoredOp {
    pub(crate) device: i64,
    pub(crate) seq: i64,
    pub(crate) op_id: Vec<u8>,
    pub(crate) hlc: i64,
    pub(crate) kind: EntityKind,
    pub(crate) entity: String,
    /// `None` for a creation or a tombstone.
    pub(crate) field: Option<String>,
    /// A creation: every field as a JSON object; a set: the value; a
    /// tombstone: null.
    pub(crate) value: String,
    pub(crate) user: Option<String>,
    pub(crate) parents: Vec<u8>,
}

impl StoredOp {
    /// Milliseconds since the epoch of its clock reading: the `created_at`
    /// or `updated_at` it gives a row, the same on every replay.
    pub(crate) fn millis(&self) -> i64 {
        hlc_millis(self.hlc)
    }
}

/// The wall-clock part of an NTP64 hybrid-logical-clock reading, in ms.
pub(crate) fn hlc_millis(hlc: i64) -> i64 {
    let ntp = hlc as u64;
    let secs = ntp >> 32;
    let frac = ntp & 0xFFFF_FFFF;
    (secs * 1000 + ((frac * 1000) >> 32)) as i64
}

/// The one audit entry a command chooses instead of one per entity.
pub(crate) struct CommandEntry<'a> {
    /// `permission_change`, `privilege_change`, `create`…
    pub(crate) action: AuditAction,
    /// The kind of record it was done to (`user`, `relief_cycle`).
    pub(crate) record_type: &'a str,
    /// That record.
    pub(crate) record_id: &'a str,
    /// What was done (`role`, `role_requested`, `disabled`, `entitlements`…).
    pub(crate) labels: &'a [&'a str],
    /// The records it touched, each indexed (`audit_touches`).
    pub(crate) touched: &'a [String],
}

/// Whether `who` (`None`: the system itself, at first start or seeding)
/// may write `op`: the kind's action, then every field's group.
fn authorize(who: Option<&Principal>, op: &Op) -> Result<(), StoreError> {
    // The rule is the commands' own, so every backend's apply runs it.
    dugu_commands::authorize(who, op).map_err(StoreError::from)
}

fn unknown_field(kind: EntityKind, field: &str) -> StoreError {
    StoreError::Integrity(format!("{} has no field {field}", kind.name()))
}

impl Tx<'_> {
    /// Applies one command's operations: authorization, the log, the
    /// tables, derived data, and one audit entry per entity — all in this
    /// write's savepoint, so all of it or none.
    pub fn apply(&mut self, who: Option<&Principal>, ops: Vec<Op>) -> Result<(), StoreError> {
        self.apply_as(who, ops, None)
    }

    /// [`Tx::apply`], with one audit entry chosen by the command instead of
    /// one per entity: user administration records what was done to an
    /// account (`role_requested`, `password_reset`…), which its ops alone
    /// do not say; a batch (a cycle's entitlements) records the command
    /// once and indexes what it touched.
    pub(crate) fn apply_as(
        &mut self,
        who: Option<&Principal>,
        ops: impl IntoIterator<Item = Op>,
        entry: Option<CommandEntry<'_>>,
    ) -> Result<(), StoreError> {
        // One entry per entity and action, in the order first touched; the
        // map finds an entity's entry among a bulk load's thousands.
        let mut audited: Vec<(EntityKind, String, AuditAction, Vec<&'static str>)> = Vec::new();
        let mut entry_of: HashMap<(&'static str, String, &'static str), usize> = HashMap::new();
        // Location rowids new people are filed under, looked up once.
        let mut location_keys: HashMap<String, i64> = HashMap::new();
        // New people's name words, filed together once no later op of this
        // apply could read them (`derive::file_pending`).
        let mut words: Vec<derive::WordRow> = Vec::new();
        for op in ops {
            authorize(who, &op)?;
            let person_created = op.kind == EntityKind::Person && matches!(op.change, Change::Create(_));
            if !person_created {
                derive::file_pending(self.conn, &mut words, self.state.staging_words)?;
            }
            let before = derive::before(self.conn, op.kind, &op.change, &op.entity)?;
            let action = match op.change {
                Change::Create(_) => AuditAction::Create,
                Change::Set(..) => AuditAction::Update,
                Change::Tombstone => AuditAction::Delete,
            };
            let fields = if entry.is_none() { op.fields() } else { Vec::new() };
            let (stored, created) = self.append(who, op)?;
            let sink = &mut self.state.index_changes;
            match &created {
                Some(fields) if stored.kind == EntityKind::Person => {
                    // A new person's words come from the fields in hand,
                    // not from the row read back.
                    let key = materialize::create(self.conn, &stored, fields.as_slice())?;
                    derive::created_person(self.conn, key, fields, &mut location_keys, sink, &mut words)?;
                }
                Some(fields) => {
                    materialize::create(self.conn, &stored, fields.as_slice())?;
                    derive::after(self.conn, &stored, before, Some(sink))?;
                }
                None => {
                    materialize::apply(self.conn, &stored)?;
                    derive::after(self.conn, &stored, before, Some(sink))?;
                }
            }
            if entry.is_some() {
                continue;
            }
            match entry_of.entry((stored.kind.name(), stored.entity.clone(), action.code())) {
                Entry::Occupied(e) => audited[*e.get()].3.extend(fields),
                Entry::Vacant(e) => {
                    e.insert(audited.len());
                    audited.push((stored.kind, stored.entity, action, fields));
                }
            }
        }
        derive::file_pending(self.conn, &mut words, self.state.staging_words)?;
        if let Some(e) = entry {
            return self.audit_touching(who, e.action, e.record_type, e.record_id, e.labels, e.touched);
        }
        for (kind, id, action, fields) in audited {
            self.audit(who, action, kind.name(), &id, &fields)?;
        }
        Ok(())
    }

    /// Stamps `op` and appends it to the log; a creation's fields come
    /// back as the map that was logged, so they are not parsed again.
    fn append(&mut self, who: Option<&Principal>, op: Op) -> Result<(StoredOp, Option<CreatedFields>), StoreError> {
        let Op { kind, entity, change } = op;
        let mut created = None;
        let (field, value, parents) = match change {
            Change::Create(mut fields) => {
                if let Some((name, _)) = fields.iter().find(|(name, _)| kind.field(name).is_none()) {
                    return Err(unknown_field(kind, name));
                }
                // Logged as a JSON object without nulls, keys in byte
                // order (what a map would write), each key once.
                fields.retain(|(_, v)| !v.is_null());
                fields.sort_unstable_by(|a, b| a.0.cmp(b.0));
                if let Some(pair) = fields.windows(2).find(|pair| pair[0].0 == pair[1].0) {
                    return Err(StoreError::Integrity(format!("{} given twice", pair[0].0)));
                }
                let text = serde_json::to_string(&Object(&fields))
                    .map_err(|e| StoreError::Integrity(format!("a value that is no JSON: {e}")))?;
                created = Some(fields);
                (None, text, Vec::new())
            }
            Change::Set(name, v) => {
                if kind.field(name).is_none() {
                    return Err(unknown_field(kind, name));
                }
                let heads = crate::merge::parents_for(self.conn, &entity, Some(name))?;
                (Some(name.to_string()), json_text(&v)?, heads)
            }
            Change::Tombstone => (None, "null".to_string(), crate::merge::parents_for(self.conn, &entity, None)?),
        };
        let hlc = self.state.hlc.new_timestamp().get_time().as_u64() as i64;
        let mut stored = StoredOp {
            device: self.state.device,
            seq: self.state.next_seq,
            op_id: Vec::new(),
            hlc,
            kind,
            entity,
            field,
            value,
            user: who.map(|p| p.user_id.clone()),
            parents,
        };
        stored.op_id = baseline::op_id(&stored, &self.state.device_id);
        insert(self.conn, &stored)?;
        self.state.next_seq += 1;
        Ok((stored, created))
    }
}

/// A creation's fields as a local write has them: no nulls, sorted by
/// name.
type CreatedFields = Vec<(&'static str, Value)>;

/// Fields written as one JSON object without building a map of them.
struct Object<'a>(&'a [(&'static str, Value)]);

impl serde::Serialize for Object<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// A value as the log and the JSON columns keep it: compact, written
/// straight into bytes (`Display` goes through the formatter a piece at a
/// time, a tenth of a large generation's time).
pub(crate) fn json_text(v: &Value) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Integrity(format!("a value that is no JSON: {e}")))
}

/// Appends a stamped operation to a log.
pub(crate) fn insert(conn: &rusqlite::Connection, op: &StoredOp) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO ops (device, seq, op_id, hlc, entity_type, entity_id, field, value, user_id, parents)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        op.device,
        op.seq,
        op.op_id,
        op.hlc,
        op.kind.name(),
        op.entity,
        op.field,
        op.value,
        op.user,
        op.parents
    ])?;
    crate::merge::record_heads(conn, op)
}
