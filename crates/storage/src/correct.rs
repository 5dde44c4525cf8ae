//! Correcting a dose, a visit, a follow-up or an assessment: the fields a
//! person typed, checked as when they were first recorded, each change a
//! set op with the reason in `correction` (measurements have their own
//! command in `corrections.rs`, their values being numbers the growth
//! engine reads).

use crate::corrections::{amendable, reason};
use crate::oplog::Op;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError};
use dugu_domain::family::AREAS;
use dugu_domain::{EntityKind, Invalid, Problem};
use rusqlite::OptionalExtension;
use serde_json::{Value, json};
use std::collections::HashMap;

/// How a corrected field is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldCheck {
    /// A day, not in the future (nor before the person's birth, for a
    /// person's record).
    Date,
    /// Free text, required.
    Note,
    /// Free text, may be empty.
    OptionalNote,
    /// A needs score, 0–3.
    Score,
    /// An extra dose's context (`campaign`, `catch_up`, `other`).
    Context,
    /// An admission's reason (a code of `AdmissionReason`).
    AdmissionReason,
    /// A day, past or future (a plan action's due day).
    Day,
    /// A day, not in the future, or nothing (a plan action not done after
    /// all).
    OptionalDate,
}

/// The fields of a kind a correction may change, in the order a form shows
/// them; empty for a kind that is not corrected this way.
pub fn correctable(kind: EntityKind) -> Vec<(&'static str, FieldCheck)> {
    use FieldCheck::*;
    match kind {
        EntityKind::Vaccination => vec![("given_on", Date)],
        EntityKind::ExtraDose => vec![("vaccine", Note), ("given_on", Date), ("context", Context)],
        EntityKind::MedicalVisit => vec![
            ("visited_on", Date),
            ("reason", Note),
            ("diagnosis", OptionalNote),
            ("treatment", OptionalNote),
            ("referral", OptionalNote),
        ],
        EntityKind::HomeVisit | EntityKind::CareFollowUp => vec![("visited_on", Date), ("notes", Note)],
        EntityKind::Admission => {
            vec![("admitted_on", Date), ("reason", AdmissionReason), ("referred_by", OptionalNote)]
        }
        // Its `action` text is not among them: the correction page's form
        // names its correct/strike switch `action` (a wrong text is struck
        // out and the action added again).
        EntityKind::PlanAction => {
            vec![("goal", Note), ("responsible", Note), ("due_on", Day), ("done_on", OptionalDate)]
        }
        EntityKind::Assessment => {
            std::iter::once(("assessed_on", Date)).chain(AREAS.iter().map(|a| (*a, Score))).collect()
        }
        _ => Vec::new(),
    }
}

/// The birth date of the person a record is about, for the kinds a person
/// has (a literal statement each).
fn birth_statement(kind: EntityKind) -> Option<&'static str> {
    Some(match kind {
        EntityKind::Vaccination => {
            "SELECT p.birth_date FROM vaccinations x JOIN people p ON p.id = x.person_id WHERE x.id = ?1"
        }
        EntityKind::ExtraDose => {
            "SELECT p.birth_date FROM extra_doses x JOIN people p ON p.id = x.person_id WHERE x.id = ?1"
        }
        EntityKind::MedicalVisit => {
            "SELECT p.birth_date FROM medical_visits x JOIN people p ON p.id = x.person_id WHERE x.id = ?1"
        }
        EntityKind::Admission => {
            "SELECT p.birth_date FROM admissions x JOIN people p ON p.id = x.person_id WHERE x.id = ?1"
        }
        _ => return None,
    })
}

fn checked(check: FieldCheck, raw: &str, today: time::Date, born: Option<&str>) -> Result<Value, Problem> {
    let note = |raw: &str| dugu_domain::person::optional_note(raw);
    Ok(match check {
        FieldCheck::Date => json!(dugu_domain::birth::event_date(raw, today, born)?),
        FieldCheck::Note => json!(note(raw)?.ok_or(Problem::Required)?),
        FieldCheck::OptionalNote => json!(note(raw)?),
        FieldCheck::Score => {
            let n = raw.trim().parse::<i64>().map_err(|_| Problem::Required)?;
            json!(dugu_domain::family::score(Some(n))?)
        }
        FieldCheck::Context => {
            let t = raw.trim();
            if t.is_empty() {
                return Err(Problem::Required);
            }
            if !crate::vaccinations::EXTRA_DOSE_CONTEXTS.contains(&t) {
                return Err(Problem::NotAllowed);
            }
            json!(t)
        }
        FieldCheck::Day => json!(dugu_domain::birth::parse_iso_date(raw.trim())?.to_string()),
        FieldCheck::OptionalDate if raw.trim().is_empty() => Value::Null,
        FieldCheck::OptionalDate => json!(dugu_domain::birth::event_date(raw, today, None)?),
        FieldCheck::AdmissionReason => {
            json!(dugu_domain::village::AdmissionReason::parse(raw.trim())?.code())
        }
    })
}

impl Tx<'_> {
    /// A record's fields as they stand, folded from the change log.
    pub(crate) fn current_fields(&self, kind: EntityKind, id: &str) -> Result<HashMap<String, Value>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT field, value FROM ops WHERE entity_id = ?1 AND entity_type = ?2 ORDER BY hlc, seq",
        )?;
        let rows = st.query_map([id, kind.name()], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?)))?;
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
    }

    /// Corrects a record of `kind` (see [`correctable`]): each field in
    /// `values` is checked as when it was recorded and written only if it
    /// changed; `why` is required. Nothing changed: `Invalid` naming the
    /// first field `unchanged`; struck out: `struck_out`; a role that may
    /// not write it: `Forbidden`; unknown or out of scope: `NotFound`.
    pub fn correct(
        &mut self,
        who: &Principal,
        kind: EntityKind,
        id: &str,
        values: &[(String, String)],
        why: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let struck = amendable(self.conn, who, kind, id)?;
        let fields = correctable(kind);
        if fields.is_empty() {
            return Err(StoreError::NotFound);
        }
        let born: Option<String> = match birth_statement(kind) {
            Some(sql) => self.conn.prepare_cached(sql)?.query_row([id], |r| r.get(0)).optional()?.flatten(),
            None => None,
        };
        let now = self.current_fields(kind, id)?;
        let mut inv = Invalid::new();
        let why = reason(why, &mut inv);
        if struck.is_some() {
            inv.add("struck_out", Problem::StruckOut);
        }
        let mut ops = Vec::new();
        for (field, check) in &fields {
            let field: &'static str = field;
            let Some((_, raw)) = values.iter().find(|(f, _)| f == field) else { continue };
            if let Some(value) = inv.check(field, checked(*check, raw, today, born.as_deref()))
                && now.get(field).unwrap_or(&Value::Null) != &value
            {
                ops.push(Op::set(kind, id, field, value));
            }
        }
        inv.clone().into_result()?;
        let Some(why) = why else { return Err(inv.into()) };
        if ops.is_empty() {
            let mut inv = Invalid::new();
            inv.add(fields[0].0, Problem::Unchanged);
            return Err(inv.into());
        }
        // A dose once recorded without a day, now given one, is dated.
        if kind == EntityKind::Vaccination && !now.get("undated").unwrap_or(&Value::Null).is_null() {
            ops.push(Op::set(kind, id, "undated", Value::Null));
        }
        ops.push(Op::set(kind, id, "correction", json!(why)));
        self.apply(Some(who), ops)
    }
}

impl Store {
    /// Corrects a record (see [`Tx::correct`]).
    pub fn correct(
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
