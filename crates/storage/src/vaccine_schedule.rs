//! The vaccination schedule every card and overdue list is computed
//! against: Mali's routine programme seeded by migration 0008, changed by
//! the national director (a new vaccine, a dose moved, a dose withdrawn).
//! Every change is one transaction with its change-log ops and an audit
//! entry; doses are never deleted, so the cards that record one keep it.

use crate::contract::fact;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::vaccinations::ScheduleTx;
use dugu_domain::vaccine::ScheduledDose;
use rusqlite::OptionalExtension;

fn dose_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ScheduledDose> {
    Ok(ScheduledDose {
        code: r.get(0)?,
        vaccine: r.get(1)?,
        due_days: r.get(2)?,
        position: r.get(3)?,
        active: r.get::<_, i64>(4)? == 1,
    })
}

impl Tx<'_> {
    /// Adds a dose, or changes the one with its code (the command:
    /// [`dugu_commands::vaccinations::save_scheduled_dose`]).
    pub fn save_scheduled_dose(&mut self, who: &Principal, dose: &ScheduledDose) -> Result<(), StoreError> {
        Ok(dugu_commands::vaccinations::save_scheduled_dose(self, who, dose)?)
    }
}

impl ScheduleTx for Tx<'_> {
    fn scheduled_dose(&self, code: &str) -> Result<Option<ScheduledDose>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT code, vaccine, due_days, position, active FROM vaccine_schedule WHERE code = ?1",
                )?
                .query_row([code], dose_row)
                .optional()?)
        })
    }
}

/// The routine vaccination schedule the cards and overdue lists follow.
pub trait ScheduleReads {
    /// The whole schedule, in card order (withdrawn doses included).
    fn vaccine_schedule(&self) -> Result<Vec<ScheduledDose>, StoreError>;
}

impl ScheduleReads for Store {
    fn vaccine_schedule(&self) -> Result<Vec<ScheduledDose>, StoreError> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT code, vaccine, due_days, position, active FROM vaccine_schedule ORDER BY position, code",
            )?;
            let rows = st.query_map([], dose_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

/// The vaccination schedule's doses: `dugu_commands::vaccinations`, in one
/// write.
pub trait ScheduleWrites {
    /// Adds or changes a dose (see [`Tx::save_scheduled_dose`]).
    fn save_scheduled_dose(&self, who: &Principal, dose: ScheduledDose) -> Result<(), StoreError>;
}

impl ScheduleWrites for Store {
    fn save_scheduled_dose(&self, who: &Principal, dose: ScheduledDose) -> Result<(), StoreError> {
        let who = who.clone();
        self.write(move |tx| tx.save_scheduled_dose(&who, &dose))
    }
}
