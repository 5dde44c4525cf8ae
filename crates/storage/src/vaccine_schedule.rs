//! The vaccination schedule every card and overdue list is computed
//! against: Mali's routine programme seeded by migration 0008, changed by
//! the national director (a new vaccine, a dose moved, a dose withdrawn).
//! Every change is one transaction with its change-log ops and an audit
//! entry; doses are never deleted, so the cards that record one keep it.

use crate::writer::Tx;
use crate::{AuditAction, Principal, Store, StoreError};
use dugu_domain::vaccine::ScheduledDose;
use rusqlite::{OptionalExtension, params};

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
        self.conn.execute(
            "INSERT INTO vaccine_schedule (code, vaccine, due_days, position, active) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (code) DO UPDATE SET vaccine = excluded.vaccine, due_days = excluded.due_days,
                 position = excluded.position, active = excluded.active",
            params![dose.code, dose.vaccine, dose.due_days, dose.position, i64::from(dose.active)],
        )?;
        let fields = [
            ("vaccine", serde_json::json!(dose.vaccine), before.as_ref().is_some_and(|b| b.vaccine == dose.vaccine)),
            (
                "due_days",
                serde_json::json!(dose.due_days),
                before.as_ref().is_some_and(|b| b.due_days == dose.due_days),
            ),
            (
                "position",
                serde_json::json!(dose.position),
                before.as_ref().is_some_and(|b| b.position == dose.position),
            ),
            ("active", serde_json::json!(dose.active), before.as_ref().is_some_and(|b| b.active == dose.active)),
        ];
        let user = Some(who.user_id.as_str());
        let mut changed = Vec::new();
        for (field, value, same) in &fields {
            if *same {
                continue;
            }
            if before.is_some() {
                self.record_op("vaccine_dose", &dose.code, field, value, user)?;
            } else {
                self.record_new_op("vaccine_dose", &dose.code, field, value, user)?;
            }
            changed.push(*field);
        }
        if changed.is_empty() {
            return Ok(());
        }
        let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
        self.audit(Some(who), action, "vaccine_dose", &dose.code, &changed)
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
