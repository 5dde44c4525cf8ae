//! The vaccination schedule every card and overdue list is computed
//! against: Mali's routine programme seeded by migration 0008, changed by
//! the national director (a new vaccine, a dose moved, a dose withdrawn).
//! Every change is one transaction with its change-log ops and an audit
//! entry; doses are never deleted, so the cards that record one keep it.

use crate::oplog::Op;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError};
use dugu_domain::EntityKind;
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
    /// Adds a dose, or changes the one with its code. Only the fields that
    /// change are logged.
    pub fn save_scheduled_dose(&mut self, who: &Principal, dose: &ScheduledDose) -> Result<(), StoreError> {
        if !who.role.sets_vaccine_schedule() {
            return Err(StoreError::Forbidden);
        }
        let before = self
            .conn
            .query_row(
                "SELECT code, vaccine, due_days, position, active FROM vaccine_schedule WHERE code = ?1",
                [&dose.code],
                dose_row,
            )
            .optional()?;
        let fields = vec![
            ("code", serde_json::json!(dose.code)),
            ("vaccine", serde_json::json!(dose.vaccine)),
            ("due_days", serde_json::json!(dose.due_days)),
            ("position", serde_json::json!(dose.position)),
            ("active", serde_json::json!(dose.active)),
        ];
        let ops = match &before {
            None => vec![Op::create(EntityKind::VaccineDose, &dose.code, fields)],
            Some(b) => {
                let old = [
                    serde_json::json!(b.code),
                    serde_json::json!(b.vaccine),
                    serde_json::json!(b.due_days),
                    serde_json::json!(b.position),
                    serde_json::json!(b.active),
                ];
                fields
                    .into_iter()
                    .zip(old)
                    .filter(|((_, new), old)| new != old)
                    .map(|((f, new), _)| Op::set(EntityKind::VaccineDose, &dose.code, f, new))
                    .collect()
            }
        };
        self.apply(Some(who), ops)
    }
}

impl Store {
    /// The whole schedule, in card order (withdrawn doses included).
    pub fn vaccine_schedule(&self) -> Result<Vec<ScheduledDose>, StoreError> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT code, vaccine, due_days, position, active FROM vaccine_schedule ORDER BY position, code",
            )?;
            let rows = st.query_map([], dose_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Adds or changes a dose (see [`Tx::save_scheduled_dose`]).
    pub fn save_scheduled_dose(&self, who: &Principal, dose: ScheduledDose) -> Result<(), StoreError> {
        let who = who.clone();
        self.write(move |tx| tx.save_scheduled_dose(&who, &dose))
    }
}
