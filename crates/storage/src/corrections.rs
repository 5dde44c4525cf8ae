//! Corrections and strike-outs. A measurement, a vaccination, a visit or
//! an assessment recorded wrongly is never deleted: it is corrected (new
//! values, with the reason in `correction`) or struck out (`struck_out`
//! holds the reason), by a role that may write it, for a record in scope.
//! Each is an ordinary set operation, so the change log keeps every
//! earlier value and the audit trail who did it; a struck-out record is
//! left out of what counts (charts, prevalence, doses given, lists).

use crate::contract::fact;
use crate::measurements::{Recorded, read_at};
use crate::oplog::hlc_millis;
use crate::writer::Tx;
use crate::{AuditAction, Principal, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::corrections::{CorrectionTx, RecordFacts, may_see_record};
use dugu_domain::EntityKind;
use dugu_domain::measurement::MeasurementInput;
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;
use std::collections::HashMap;

/// One change to a record, as its history shows it: its creation, or one
/// field set (a correction is several, one per field it changed, then its
/// reason).
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// When (ms since the epoch, from the operation's clock).
    pub at_ms: i64,
    /// Who (their display name: a login means nothing to a reader), if a
    /// person did it.
    pub by: Option<String>,
    /// `true` for the creation, `false` for a later change.
    pub created: bool,
    /// The fields written and their values (a creation: all of them).
    pub fields: Vec<(String, Value)>,
}

/// Where the record hangs (its person's or household's location), its
/// reason if struck out, its person or household, and the birth date its
/// dates are checked against (none for a household's record, nor for a
/// follow-up, which comes after leaving care). Literal statements, one per
/// kind that can be amended; `None` for a kind that cannot.
fn anchor_statement(kind: EntityKind) -> Option<&'static str> {
    Some(match kind {
        EntityKind::Measurement => {
            "SELECT p.location_id, x.struck_out, p.id, p.birth_date FROM measurements x JOIN people p ON p.id = x.person_id WHERE x.id = ?1"
        }
        EntityKind::Vaccination => {
            "SELECT p.location_id, x.struck_out, p.id, p.birth_date FROM vaccinations x JOIN people p ON p.id = x.person_id WHERE x.id = ?1"
        }
        EntityKind::ExtraDose => {
            "SELECT p.location_id, x.struck_out, p.id, p.birth_date FROM extra_doses x JOIN people p ON p.id = x.person_id WHERE x.id = ?1"
        }
        EntityKind::MedicalVisit => {
            "SELECT p.location_id, x.struck_out, p.id, p.birth_date FROM medical_visits x JOIN people p ON p.id = x.person_id
              WHERE x.id = ?1"
        }
        EntityKind::HomeVisit => {
            "SELECT h.location_id, x.struck_out, h.id, NULL FROM home_visits x JOIN households h ON h.id = x.household_id
              WHERE x.id = ?1"
        }
        EntityKind::Assessment => {
            "SELECT h.location_id, x.struck_out, h.id, NULL FROM assessments x JOIN households h ON h.id = x.household_id
              WHERE x.id = ?1"
        }
        EntityKind::PlanAction => {
            "SELECT h.location_id, x.struck_out, h.id, NULL FROM plan_actions x JOIN households h ON h.id = x.household_id
              WHERE x.id = ?1"
        }
        EntityKind::Admission => {
            "SELECT p.location_id, x.struck_out, p.id, p.birth_date FROM admissions x JOIN people p ON p.id = x.person_id
              WHERE x.id = ?1"
        }
        EntityKind::FamilySupport => {
            "SELECT h.location_id, x.struck_out, h.id, NULL FROM family_support x JOIN households h ON h.id = x.household_id
              WHERE x.id = ?1"
        }
        EntityKind::CareFollowUp => {
            "SELECT p.location_id, x.struck_out, p.id, NULL FROM care_follow_ups x JOIN admissions a ON a.id = x.admission_id
               JOIN people p ON p.id = a.person_id WHERE x.id = ?1"
        }
        _ => return None,
    })
}

pub use dugu_commands::corrections::amend_group;

/// The record's facts and its person or household (what its views are
/// audited under), whoever asks.
fn anchor(c: &Connection, kind: EntityKind, id: &str) -> Result<Option<(RecordFacts, String)>, StoreError> {
    let Some(sql) = anchor_statement(kind) else { return Ok(None) };
    Ok(c.prepare_cached(sql)?
        .query_row([id], |r| {
            Ok((
                RecordFacts {
                    location_id: r.get(0)?,
                    struck_out: r.get(1)?,
                    birth_date: crate::decode::opt_date(r, 3)?,
                },
                r.get(2)?,
            ))
        })
        .optional()?)
}

/// The person or household a record belongs to, once `who` is known to
/// see it (the commands' rule, [`may_see_record`]): unknown, out of scope,
/// or a kind that is never amended are all `NotFound`.
fn anchored(c: &Connection, who: &Principal, kind: EntityKind, id: &str) -> Result<String, StoreError> {
    match anchor(c, kind, id)? {
        Some((r, owner)) if may_see_record(who, kind, &r.location_id) => Ok(owner),
        _ => Err(StoreError::NotFound),
    }
}

/// The struck-out records of a kind about one person (`false`) or one
/// household (`true`): `(id, day)`, oldest first. Literal statements, one
/// per kind that is struck out.
fn struck_statement(kind: EntityKind) -> Option<(&'static str, bool)> {
    Some(match kind {
        EntityKind::Measurement => (
            "SELECT id, measured_on FROM measurements WHERE person_id = ?1 AND struck_out IS NOT NULL
              ORDER BY measured_on, created_at",
            false,
        ),
        EntityKind::Vaccination => (
            "SELECT id, COALESCE(given_on, '') FROM vaccinations WHERE person_id = ?1 AND struck_out IS NOT NULL
              ORDER BY given_on, created_at",
            false,
        ),
        EntityKind::ExtraDose => (
            "SELECT id, given_on FROM extra_doses WHERE person_id = ?1 AND struck_out IS NOT NULL
              ORDER BY given_on, created_at",
            false,
        ),
        EntityKind::MedicalVisit => (
            "SELECT id, visited_on FROM medical_visits WHERE person_id = ?1 AND struck_out IS NOT NULL
              ORDER BY visited_on, created_at",
            false,
        ),
        EntityKind::Admission => (
            "SELECT id, admitted_on FROM admissions WHERE person_id = ?1 AND struck_out IS NOT NULL
              ORDER BY admitted_on, created_at",
            false,
        ),
        EntityKind::CareFollowUp => (
            "SELECT f.id, f.visited_on FROM care_follow_ups f JOIN admissions a ON a.id = f.admission_id
              WHERE a.person_id = ?1 AND f.struck_out IS NOT NULL ORDER BY f.visited_on, f.created_at",
            false,
        ),
        EntityKind::HomeVisit => (
            "SELECT id, visited_on FROM home_visits WHERE household_id = ?1 AND struck_out IS NOT NULL
              ORDER BY visited_on, created_at",
            true,
        ),
        EntityKind::Assessment => (
            "SELECT id, assessed_on FROM assessments WHERE household_id = ?1 AND struck_out IS NOT NULL
              ORDER BY assessed_on, created_at",
            true,
        ),
        EntityKind::FamilySupport => (
            "SELECT id, started_on FROM family_support WHERE household_id = ?1 AND struck_out IS NOT NULL
              ORDER BY started_on, created_at",
            true,
        ),
        EntityKind::PlanAction => (
            "SELECT id, due_on FROM plan_actions WHERE household_id = ?1 AND struck_out IS NOT NULL
              ORDER BY due_on, created_at",
            true,
        ),
        _ => return None,
    })
}

/// Corrections: a record's revisions and what was struck out.
pub trait CorrectionReads {
    /// The struck-out records of each of `kinds` about a person
    /// (measurements, doses, extra doses, medical visits, care follow-ups)
    /// or a household (a family's support, home visits, assessments, plan
    /// actions), `owner_id`: `(kind, id, day)`, kind by kind in the order
    /// given, each kind's oldest first — so each can still be found, on
    /// its own page where its history is. One read and one scope check
    /// for a whole section. An owner out of scope is `NotFound`; a kind
    /// the role does not read the group of, or never struck out, adds none.
    fn struck_records(
        &self,
        who: &Principal,
        kinds: &[EntityKind],
        owner_id: &str,
    ) -> Result<Vec<(EntityKind, String, String)>, StoreError>;

    /// A record's history, oldest first, from the change log: its creation
    /// and every later change, with who made it. Same access as amending
    /// it (`NotFound` otherwise); the view is audited.
    fn revisions(&self, who: &Principal, kind: EntityKind, id: &str) -> Result<Vec<Revision>, StoreError>;
}

impl CorrectionReads for Store {
    fn struck_records(
        &self,
        who: &Principal,
        kinds: &[EntityKind],
        owner_id: &str,
    ) -> Result<Vec<(EntityKind, String, String)>, StoreError> {
        self.read(|c| {
            // The owner's scope, checked once for a person and once for a
            // household, whatever the number of kinds.
            let (mut person_seen, mut household_seen) = (false, false);
            let mut out = Vec::new();
            for &kind in kinds {
                let Some((sql, household)) = struck_statement(kind) else { continue };
                if household && !household_seen {
                    who.may_see_household(c, owner_id)?;
                    household_seen = true;
                } else if !household && !person_seen {
                    who.may_see_person(c, owner_id)?;
                    person_seen = true;
                }
                if !who.role.reads_people() || amend_group(kind).is_some_and(|g| !who.role.reads(g)) {
                    continue;
                }
                let mut st = c.prepare_cached(sql)?;
                let rows = st.query_map([owner_id], |r| Ok((kind, r.get(0)?, r.get(1)?)))?;
                for row in rows {
                    out.push(row?);
                }
            }
            Ok(out)
        })
    }

    fn revisions(&self, who: &Principal, kind: EntityKind, id: &str) -> Result<Vec<Revision>, StoreError> {
        let (revisions, owner) = self.read(|c| {
            let owner = anchored(c, who, kind, id)?;
            let mut st = c.prepare_cached(
                "SELECT o.hlc, o.field, o.value, u.display_name FROM ops o LEFT JOIN users u ON u.id = o.user_id
                  WHERE o.entity_id = ?1 AND o.entity_type = ?2 ORDER BY o.hlc, o.seq",
            )?;
            let rows = st.query_map([id, kind.name()], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, String>(2)?, r.get(3)?))
            })?;
            let mut out: Vec<Revision> = Vec::new();
            for row in rows {
                let (hlc, field, value, by) = row?;
                let value: Value =
                    serde_json::from_str(&value).map_err(|e| StoreError::Integrity(format!("an op's value: {e}")))?;
                let at_ms = hlc_millis(hlc);
                let fields = match (&field, value) {
                    (Some(f), v) => vec![(f.clone(), v)],
                    (None, Value::Object(map)) => map.into_iter().collect(),
                    (None, _) => Vec::new(),
                };
                out.push(Revision { at_ms, by, created: field.is_none(), fields });
            }
            Ok((out, owner))
        })?;
        // Under the record and, as shown, the child or household it belongs
        // to: "who saw P's diagnosis?" is asked by P's id.
        let (who2, id2) = (who.clone(), id.to_string());
        self.write(move |tx| {
            tx.audit(Some(&who2), AuditAction::View, kind.name(), &id2, &["history"])?;
            tx.audit_shown(&who2, AuditAction::View, kind.name(), &id2, &[owner])
        })?;
        Ok(revisions)
    }
}

impl Tx<'_> {
    /// Strikes a record out with a reason (the command:
    /// [`dugu_commands::corrections::strike_out`]).
    pub fn strike_out(&mut self, who: &Principal, kind: EntityKind, id: &str, why: &str) -> Result<(), StoreError> {
        Ok(dugu_commands::corrections::strike_out(self, who, kind, id, why)?)
    }

    /// Corrects a measurement (the command:
    /// [`dugu_commands::corrections::correct_measurement`]).
    pub fn correct_measurement(
        &mut self,
        who: &Principal,
        id: &str,
        input: &MeasurementInput,
        why: &str,
        today: time::Date,
    ) -> Result<Recorded, StoreError> {
        Ok(dugu_commands::corrections::correct_measurement(self, who, id, input, why, today)?)
    }
}

impl CorrectionTx for Tx<'_> {
    fn record(&self, kind: EntityKind, id: &str) -> Result<Option<RecordFacts>, CommandError> {
        fact(|| Ok(anchor(self.conn, kind, id)?.map(|(r, _)| r)))
    }

    fn current_fields(&self, kind: EntityKind, id: &str) -> Result<HashMap<String, Value>, CommandError> {
        fact(|| {
            let mut st = self.conn.prepare_cached(
                "SELECT field, value FROM ops WHERE entity_id = ?1 AND entity_type = ?2 ORDER BY hlc, seq",
            )?;
            let rows =
                st.query_map([id, kind.name()], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?)))?;
            let mut out = HashMap::new();
            for row in rows {
                let (field, value) = row?;
                let value: Value =
                    serde_json::from_str(&value).map_err(|e| StoreError::Integrity(format!("an op's value: {e}")))?;
                match (field, value) {
                    (Some(f), v) => {
                        out.insert(f, v);
                    }
                    (None, Value::Object(map)) => out.extend(map),
                    (None, _) => {}
                }
            }
            Ok(out)
        })
    }

    fn placements(&self, person_id: &str) -> Result<Vec<(String, String, Option<String>)>, CommandError> {
        fact(|| {
            let mut st = self.conn.prepare_cached(
                "SELECT id, from_date, to_date FROM placements WHERE person_id = ?1 ORDER BY from_date, created_at",
            )?;
            let rows = st.query_map([person_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn stays(&self, person_id: &str) -> Result<Vec<(String, String, Option<String>)>, CommandError> {
        fact(|| {
            let mut st = self.conn.prepare_cached(
                "SELECT id, admitted_on, left_on FROM admissions
                  WHERE person_id = ?1 AND struck_out IS NULL ORDER BY admitted_on, id",
            )?;
            let rows = st.query_map([person_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn measurement(&self, id: &str) -> Result<Option<Recorded>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT m.id, m.person_id, m.measured_on, m.weight_kg, m.length_height_cm, m.measured, m.oedema,
                            m.muac_mm, m.head_cm, p.sex, p.birth_date
                       FROM measurements m JOIN people p ON p.id = m.person_id WHERE m.id = ?1",
                )?
                .query_row([id], |r| {
                    Ok(Recorded {
                        measurement: read_at(r, 0)?,
                        sex: crate::decode::sex(r, 9)?,
                        birth_date: crate::decode::opt_date(r, 10)?,
                    })
                })
                .optional()?)
        })
    }
}

/// Corrections and strike-outs of records: `dugu_commands::corrections`,
/// each in one write.
pub trait CorrectionWrites {
    /// Corrects a measurement (see [`Tx::correct_measurement`]).
    fn correct_measurement(
        &self,
        who: &Principal,
        id: &str,
        input: MeasurementInput,
        why: &str,
        today: time::Date,
    ) -> Result<Recorded, StoreError>;
    /// Strikes a record out (see [`Tx::strike_out`]).
    fn strike_out(&self, who: &Principal, kind: EntityKind, id: &str, why: &str) -> Result<(), StoreError>;
}

impl CorrectionWrites for Store {
    fn correct_measurement(
        &self,
        who: &Principal,
        id: &str,
        input: MeasurementInput,
        why: &str,
        today: time::Date,
    ) -> Result<Recorded, StoreError> {
        let (who, id, why) = (who.clone(), id.to_string(), why.to_string());
        self.write(move |tx| tx.correct_measurement(&who, &id, &input, &why, today))
    }
    fn strike_out(&self, who: &Principal, kind: EntityKind, id: &str, why: &str) -> Result<(), StoreError> {
        let (who, id, why) = (who.clone(), id.to_string(), why.to_string());
        self.write(move |tx| tx.strike_out(&who, kind, &id, &why))
    }
}
