//! Correcting a dose, a visit, a follow-up or an assessment: the fields a
//! person typed, checked as when they were first recorded, each change a
//! set op with the reason in `correction` — the command and its checks are
//! `dugu_commands::corrections`; measurements have their own command,
//! their values being numbers the growth engine reads.

use crate::writer::Tx;
use crate::{Principal, Store, StoreError};
use dugu_domain::EntityKind;

pub use dugu_commands::corrections::{FieldCheck, correctable, end_field, ends};

impl Tx<'_> {
    /// Corrects a record of `kind` (the command:
    /// [`dugu_commands::corrections::correct`]): each field checked as when
    /// it was recorded, written only if it changed, with the reason.
    pub fn correct(
        &mut self,
        who: &Principal,
        kind: EntityKind,
        id: &str,
        values: &[(String, String)],
        why: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::corrections::correct(self, who, kind, id, values, why, today)?)
    }
}

/// A correction of a record's fields with why: `dugu_commands::corrections`,
/// in one write.
pub trait FieldCorrectionWrites {
    /// Corrects a record (see [`Tx::correct`]).
    fn correct(
        &self,
        who: &Principal,
        kind: EntityKind,
        id: &str,
        values: Vec<(String, String)>,
        why: &str,
        today: time::Date,
    ) -> Result<(), StoreError>;
}

impl FieldCorrectionWrites for Store {
    fn correct(
        &self,
        who: &Principal,
        kind: EntityKind,
        id: &str,
        values: Vec<(String, String)>,
        why: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let (who, id, why) = (who.clone(), id.to_string(), why.to_string());
        self.write(move |tx| tx.correct(&who, kind, &id, &values, &why, today))
    }
}
