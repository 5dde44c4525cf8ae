//! The commands' storage contract (`dugu_commands::WriteTx`), implemented
//! on the writer's transaction. It answers facts and applies ops; every
//! rule about who may write what is the commands' (and `apply`'s registry
//! check), none is here. Each capability's facts are implemented beside
//! its other SQL (`school.rs`, `vaccinations.rs`…).

use crate::oplog::CommandEntry;
use crate::writer::Tx;
use crate::{AuditAction, Principal, StoreError};
use dugu_commands::{BatchAudit, CommandError, Op, PersonFacts, WriteTx};
use rusqlite::OptionalExtension;

impl WriteTx for Tx<'_> {
    type Author = Principal;

    fn apply(&mut self, who: Option<&Principal>, ops: Vec<Op>) -> Result<(), CommandError> {
        Tx::apply(self, who, ops).map_err(CommandError::from)
    }

    fn apply_batch(
        &mut self,
        who: Option<&Principal>,
        ops: &mut dyn Iterator<Item = Op>,
        audit: BatchAudit<'_>,
    ) -> Result<(), CommandError> {
        let entry = CommandEntry {
            action: AuditAction::Create,
            record_type: audit.record_type,
            record_id: audit.record_id,
            labels: audit.fields,
            touched: &audit.touched,
        };
        self.apply_as(who, ops, Some(entry)).map_err(CommandError::from)
    }

    fn person(&self, id: &str) -> Result<Option<PersonFacts>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT location_id, birth_date, sex FROM people WHERE id = ?1")?
                .query_row([id], |r| {
                    Ok(PersonFacts {
                        location_id: r.get(0)?,
                        birth_date: crate::decode::opt_date(r, 1)?,
                        sex: crate::decode::sex(r, 2)?,
                    })
                })
                .optional()?)
        })
    }

    fn household_location(&self, id: &str) -> Result<Option<String>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT location_id FROM households WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?)
        })
    }

    fn location_exists(&self, location_id: &str) -> Result<bool, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT EXISTS(SELECT 1 FROM locations WHERE id = ?1)")?
                .query_row([location_id], |r| r.get(0))?)
        })
    }
}

/// Runs a read of facts, its failure carried to the command opaquely
/// (and back into the same `StoreError` when the command returns).
pub(crate) fn fact<T>(read: impl FnOnce() -> Result<T, StoreError>) -> Result<T, CommandError> {
    read().map_err(CommandError::from)
}
