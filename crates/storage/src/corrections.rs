//! Corrections and strike-outs. A measurement, a vaccination, a visit or
//! an assessment recorded wrongly is never deleted: it is corrected (new
//! values, with the reason in `correction`) or struck out (`struck_out`
//! holds the reason), by a role that may write it, for a record in scope.
//! Each is an ordinary set operation, so the change log keeps every
//! earlier value and the audit trail who did it; a struck-out record is
//! left out of what counts (charts, prevalence, doses given, lists).

use crate::measurements::{Recorded, StoredMeasurement, read_at};
use crate::oplog::{Op, hlc_millis};
use crate::writer::Tx;
use crate::{AuditAction, Principal, Store, StoreError};
use dugu_domain::measurement::{Measurement, MeasurementInput};
use dugu_domain::{EntityKind, Invalid, Problem};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Value, json};

/// One change to a record, as its history shows it: its creation, or one
/// field set (a correction is several, one per field it changed, then its
/// reason).
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// When (ms since the epoch, from the operation's clock).
    pub at_ms: i64,
    /// Who (login name), if a person did it.
    pub by: Option<String>,
    /// `true` for the creation, `false` for a later change.
    pub created: bool,
    /// The fields written and their values (a creation: all of them).
    pub fields: Vec<(String, Value)>,
}

/// Where the record hangs (its person's or household's location), and its
/// reason if struck out. Literal statements, one per kind that can be
/// amended; `None` for a kind that cannot.
fn anchor_statement(kind: EntityKind) -> Option<&'static str> {
    Some(match kind {
        EntityKind::Measurement => {
            "SELECT p.location_id, x.struck_out, p.id FROM measurements x JOIN people p ON p.id = x.person_id WHERE x.id = ?1"
        }
        EntityKind::Vaccination => {
            "SELECT p.location_id, x.struck_out, p.id FROM vaccinations x JOIN people p ON p.id = x.person_id WHERE x.id = ?1"
        }
        EntityKind::ExtraDose => {
            "SELECT p.location_id, x.struck_out, p.id FROM extra_doses x JOIN people p ON p.id = x.person_id WHERE x.id = ?1"
        }
        EntityKind::MedicalVisit => {
            "SELECT p.location_id, x.struck_out, p.id FROM medical_visits x JOIN people p ON p.id = x.person_id
              WHERE x.id = ?1"
        }
        EntityKind::HomeVisit => {
            "SELECT h.location_id, x.struck_out, h.id FROM home_visits x JOIN households h ON h.id = x.household_id
              WHERE x.id = ?1"
        }
        EntityKind::Assessment => {
            "SELECT h.location_id, x.struck_out, h.id FROM assessments x JOIN households h ON h.id = x.household_id
              WHERE x.id = ?1"
        }
        EntityKind::PlanAction => {
            "SELECT h.location_id, x.struck_out, h.id FROM plan_actions x JOIN households h ON h.id = x.household_id
              WHERE x.id = ?1"
        }
        // Never struck out (a child admitted by mistake leaves care).
        EntityKind::Admission => {
            "SELECT p.location_id, NULL, p.id FROM admissions x JOIN people p ON p.id = x.person_id WHERE x.id = ?1"
        }
        EntityKind::CareFollowUp => {
            "SELECT p.location_id, x.struck_out, p.id FROM care_follow_ups x JOIN admissions a ON a.id = x.admission_id
               JOIN people p ON p.id = a.person_id WHERE x.id = ?1"
        }
        _ => return None,
    })
}

/// The field group a record is read and amended with: its `correction`'s
/// (an admission's history holds why the child was admitted: protection
/// data, though where the child lives is not), else its fields'.
pub fn amend_group(kind: EntityKind) -> Option<dugu_domain::FieldGroup> {
    let fields = kind.fields();
    fields.iter().find(|f| f.name == "correction").and_then(|f| f.group).or_else(|| fields.iter().find_map(|f| f.group))
}

/// The record's struck-out reason, once `who` is known to see it: unknown,
/// out of scope, or a kind that is never amended are all `NotFound`.
pub(crate) fn amendable(
    c: &Connection,
    who: &Principal,
    kind: EntityKind,
    id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(anchored(c, who, kind, id)?.0)
}

/// [`amendable`], with the person or household the record belongs to
/// (what its views are audited under).
fn anchored(
    c: &Connection,
    who: &Principal,
    kind: EntityKind,
    id: &str,
) -> Result<(Option<String>, String), StoreError> {
    let sql = anchor_statement(kind).ok_or(StoreError::NotFound)?;
    let found: Option<(String, Option<String>, String)> =
        c.prepare_cached(sql)?.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
    let Some((location, struck, owner)) = found else { return Err(StoreError::NotFound) };
    if !who.role.reads_people() {
        return Err(StoreError::NotFound);
    }
    if amend_group(kind).is_some_and(|g| !who.role.reads(g)) {
        return Err(StoreError::NotFound);
    }
    who.may_see(Some(&location))?;
    Ok((struck, owner))
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
        EntityKind::PlanAction => (
            "SELECT id, due_on FROM plan_actions WHERE household_id = ?1 AND struck_out IS NOT NULL
              ORDER BY due_on, created_at",
            true,
        ),
        _ => return None,
    })
}

impl Store {
    /// The struck-out records of `kind` about a person (measurements,
    /// doses, extra doses, medical visits, care follow-ups) or a household
    /// (home visits, assessments, plan actions), `owner_id`: `(id, day)`,
    /// oldest first — so each can still be found, on its own page where its
    /// history is. An owner out of scope is `NotFound`; a role that does not
    /// read the kind's group, or a kind never struck out, gets none.
    pub fn struck_records(
        &self,
        who: &Principal,
        kind: EntityKind,
        owner_id: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        self.read(|c| {
            let Some((sql, household)) = struck_statement(kind) else { return Ok(Vec::new()) };
            if household {
                who.may_see_household(c, owner_id)?;
            } else {
                who.may_see_person(c, owner_id)?;
            }
            if !who.role.reads_people() || amend_group(kind).is_some_and(|g| !who.role.reads(g)) {
                return Ok(Vec::new());
            }
            let mut st = c.prepare_cached(sql)?;
            let rows = st.query_map([owner_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

/// The reason a correction or a strike-out must give.
pub(crate) fn reason(raw: &str, inv: &mut Invalid) -> Option<String> {
    inv.check("amend_reason", dugu_domain::person::optional_text(raw).and_then(|r| r.ok_or(Problem::Required)))
}

impl Tx<'_> {
    /// Strikes a record out with a reason. The record stays, with its
    /// history; it no longer counts. Already struck out: `Invalid` naming
    /// `struck_out`; a role that may not write its group: `Forbidden`.
    pub fn strike_out(&mut self, who: &Principal, kind: EntityKind, id: &str, why: &str) -> Result<(), StoreError> {
        let struck = amendable(self.conn, who, kind, id)?;
        if !kind.fields().iter().any(|f| f.name == "struck_out") {
            return Err(StoreError::NotFound);
        }
        let mut inv = Invalid::new();
        let why = reason(why, &mut inv);
        if struck.is_some() {
            inv.add("struck_out", Problem::StruckOut);
        }
        inv.clone().into_result()?;
        let Some(why) = why else { return Err(inv.into()) };
        self.apply(Some(who), vec![Op::set(kind, id, "struck_out", json!(why))])
    }

    /// Corrects a measurement: its values become `input`'s (checked as a
    /// new measurement would be), `reason` says why. A struck-out
    /// measurement is not corrected (`Invalid` naming `struck_out`).
    pub fn correct_measurement(
        &mut self,
        who: &Principal,
        id: &str,
        input: &MeasurementInput,
        why: &str,
        today: time::Date,
    ) -> Result<Recorded, StoreError> {
        let struck = amendable(self.conn, who, EntityKind::Measurement, id)?;
        let child: (String, String, Option<String>) = self.conn.query_row(
            "SELECT m.person_id, p.sex, p.birth_date FROM measurements m JOIN people p ON p.id = m.person_id
              WHERE m.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let (person_id, sex, birth) = child;
        let born = birth.as_deref().and_then(|b| dugu_domain::birth::parse_iso_date(b).ok());
        let mut inv = Invalid::new();
        let why = reason(why, &mut inv);
        if struck.is_some() {
            inv.add("struck_out", Problem::StruckOut);
        }
        let m: Option<Measurement> = match input.check(born, today) {
            Ok(m) => Some(m),
            Err(problems) => {
                inv.0.extend(problems.0);
                None
            }
        };
        inv.clone().into_result()?;
        let (Some(why), Some(m)) = (why, m) else { return Err(inv.into()) };
        let stored = StoredMeasurement {
            id: id.to_string(),
            person_id,
            date: m.date.to_string(),
            weight_kg: m.weight_kg,
            length_height_cm: m.length_height_cm,
            measured: m.measured.map(|p| p.code().to_string()),
            oedema: m.oedema,
            muac_mm: m.muac_mm,
            head_cm: m.head_cm,
        };
        let kind = EntityKind::Measurement;
        let now: StoredMeasurement = self.conn.query_row(
            "SELECT id, person_id, measured_on, weight_kg, length_height_cm, measured, oedema, muac_mm, head_cm
               FROM measurements WHERE id = ?1",
            [id],
            |r| read_at(r, 0),
        )?;
        // Only what changed is written: the history then says what the
        // correction was.
        let mut ops = Vec::new();
        let mut set = |field: &'static str, changed: bool, value: Value| {
            if changed {
                ops.push(Op::set(kind, id, field, value));
            }
        };
        set("measured_on", now.date != stored.date, json!(stored.date));
        set("weight_kg", now.weight_kg != stored.weight_kg, json!(stored.weight_kg));
        set("length_height_cm", now.length_height_cm != stored.length_height_cm, json!(stored.length_height_cm));
        set("measured", now.measured != stored.measured, json!(stored.measured));
        set("oedema", now.oedema != stored.oedema, json!(stored.oedema));
        set("muac_mm", now.muac_mm != stored.muac_mm, json!(stored.muac_mm));
        set("head_cm", now.head_cm != stored.head_cm, json!(stored.head_cm));
        if ops.is_empty() {
            // Nothing to correct: say so on the values, not on the reason.
            let mut inv = Invalid::new();
            inv.add("weight_kg", Problem::Unchanged);
            return Err(inv.into());
        }
        ops.push(Op::set(kind, id, "correction", json!(why)));
        self.apply(Some(who), ops)?;
        Ok(Recorded { measurement: stored, sex, birth_date: birth })
    }
}

impl Store {
    /// Strikes a record out (see [`Tx::strike_out`]).
    pub fn strike_out(&self, who: &Principal, kind: EntityKind, id: &str, why: &str) -> Result<(), StoreError> {
        let (who, id, why) = (who.clone(), id.to_string(), why.to_string());
        self.write(move |tx| tx.strike_out(&who, kind, &id, &why))
    }

    /// Corrects a measurement (see [`Tx::correct_measurement`]).
    pub fn correct_measurement(
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

    /// A record's history, oldest first, from the change log: its creation
    /// and every later change, with who made it. Same access as amending
    /// it (`NotFound` otherwise); the view is audited.
    pub fn revisions(&self, who: &Principal, kind: EntityKind, id: &str) -> Result<Vec<Revision>, StoreError> {
        let (revisions, owner) = self.read(|c| {
            let (_, owner) = anchored(c, who, kind, id)?;
            let mut st = c.prepare_cached(
                "SELECT o.hlc, o.field, o.value, u.username FROM ops o LEFT JOIN users u ON u.id = o.user_id
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
