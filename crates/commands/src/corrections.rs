//! Corrections and strike-outs. A record entered wrongly is never
//! deleted: it is corrected (new values, with the reason in `correction`)
//! or struck out (`struck_out` holds the reason), by a role that may write
//! it, for a record in scope — each an ordinary set op, so the log keeps
//! every earlier value.

use crate::contract::Author;
use crate::growth::{Recorded, StoredMeasurement};
use crate::{CommandError, Op, WriteTx};
use dugu_domain::family::AREAS;
use dugu_domain::measurement::{Measurement, MeasurementInput};
use dugu_domain::{EntityKind, FieldGroup, Invalid, Problem};
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
    /// The day a stay or a support ended: a day not in the future, not
    /// before it began. Offered only once it has ended (ending it is its
    /// own page, which also closes the placement).
    EndDate,
    /// Why a child left care (a code of `LeavingReason`).
    LeavingReason,
    /// Why a family's support ended (a code of `Exit`).
    Exit,
}

/// The fields of a kind a correction may change, in the order a form shows
/// them; empty for a kind that is not corrected this way (a measurement
/// has its own command, its values being numbers).
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
        EntityKind::Admission => vec![
            ("admitted_on", Date),
            ("reason", AdmissionReason),
            ("referred_by", OptionalNote),
            ("left_on", EndDate),
            ("leaving_reason", LeavingReason),
        ],
        EntityKind::FamilySupport => vec![("started_on", Date), ("ended_on", EndDate), ("exit_reason", Exit)],
        EntityKind::PlanAction => {
            vec![("goal", Note), ("action", Note), ("responsible", Note), ("due_on", Day), ("done_on", OptionalDate)]
        }
        EntityKind::Assessment => {
            std::iter::once(("assessed_on", Date)).chain(AREAS.iter().map(|a| (*a, Score))).collect()
        }
        _ => Vec::new(),
    }
}

/// The field that says a record of `kind` has ended (a stay in care, a
/// family's support): its end's fields are corrected only once it has.
pub fn end_field(kind: EntityKind) -> Option<&'static str> {
    match kind {
        EntityKind::Admission => Some("left_on"),
        EntityKind::FamilySupport => Some("ended_on"),
        _ => None,
    }
}

/// Whether `field` of `kind` belongs to its end (the day and the reason).
pub fn ends(kind: EntityKind, field: &str) -> bool {
    matches!((kind, field), (EntityKind::Admission, "left_on" | "leaving_reason"))
        || matches!((kind, field), (EntityKind::FamilySupport, "ended_on" | "exit_reason"))
}

/// The field group a record is read and amended with: its `correction`'s
/// (an admission's history holds why the child was admitted: protection
/// data, though where the child lives is not), else its fields'.
pub fn amend_group(kind: EntityKind) -> Option<FieldGroup> {
    let fields = kind.fields();
    fields.iter().find(|f| f.name == "correction").and_then(|f| f.group).or_else(|| fields.iter().find_map(|f| f.group))
}

/// Whether `who` may see (and so read the history of, or try to amend) a
/// record of `kind` hanging at `location_id`: a people reader who reads
/// its amend group, in scope. Reads and commands ask the same question.
pub fn may_see_record<A: Author + ?Sized>(who: &A, kind: EntityKind, location_id: &str) -> bool {
    who.role().reads_people() && amend_group(kind).is_none_or(|g| who.role().reads(g)) && who.sees(location_id)
}

/// Where an amendable record hangs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFacts {
    /// Its person's or household's location.
    pub location_id: String,
    /// Why it was struck out, if it was.
    pub struck_out: Option<String>,
    /// The person's birth date, for a record about a person.
    pub birth_date: Option<time::Date>,
}

/// The facts the correction commands read.
pub trait CorrectionTx: WriteTx {
    /// The record, if it exists and is of a kind that can be amended.
    fn record(&self, kind: EntityKind, id: &str) -> Result<Option<RecordFacts>, CommandError>;
    /// A record's fields as they stand, folded from the change log.
    fn current_fields(&self, kind: EntityKind, id: &str) -> Result<HashMap<String, Value>, CommandError>;
    /// A measurement as it stands, with its child's sex and birth date.
    fn measurement(&self, id: &str) -> Result<Option<Recorded>, CommandError>;
    /// A child's placements in houses: `(id, from, to)`, oldest first
    /// (a stay's end moves its last house's end; striking a stay out
    /// closes its open house).
    fn placements(&self, person_id: &str) -> Result<Vec<(String, String, Option<String>)>, CommandError>;
    /// A child's stays in care not struck out: `(admission id, admitted_on,
    /// left_on)`, oldest first (a corrected day must not make two overlap).
    fn stays(&self, person_id: &str) -> Result<Vec<(String, String, Option<String>)>, CommandError>;
}

/// The record's facts, once `who` is known to see it: unknown, out of
/// scope, or a kind that is never amended are all `NotFound`.
fn amendable<T: CorrectionTx + ?Sized>(
    tx: &T,
    who: &T::Author,
    kind: EntityKind,
    id: &str,
) -> Result<RecordFacts, CommandError> {
    match tx.record(kind, id)? {
        Some(r) if may_see_record(who, kind, &r.location_id) => Ok(r),
        _ => Err(CommandError::NotFound),
    }
}

/// The reason a correction or a strike-out must give.
fn reason(raw: &str, inv: &mut Invalid) -> Option<String> {
    inv.check("amend_reason", dugu_domain::person::optional_text(raw).and_then(|r| r.ok_or(Problem::Required)))
}

fn checked(check: FieldCheck, raw: &str, today: time::Date, born: Option<time::Date>) -> Result<Value, Problem> {
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
        FieldCheck::EndDate => json!(dugu_domain::birth::event_date(raw, today, None)?),
        FieldCheck::LeavingReason => json!(dugu_domain::village::LeavingReason::parse(raw.trim())?.code()),
        FieldCheck::Exit => json!(dugu_domain::family::Exit::parse(raw.trim())?.code()),
    })
}

/// Strikes a record out with a reason. The record stays, with its
/// history; it no longer counts. Already struck out: `Invalid` naming
/// `struck_out`; a role that may not write its group: `Forbidden` (from
/// `apply`).
pub fn strike_out<T: CorrectionTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    kind: EntityKind,
    id: &str,
    why: &str,
) -> Result<(), CommandError> {
    let record = amendable(tx, who, kind, id)?;
    if !kind.fields().iter().any(|f| f.name == "struck_out") {
        return Err(CommandError::NotFound);
    }
    let mut inv = Invalid::new();
    let why = reason(why, &mut inv);
    if record.struck_out.is_some() {
        inv.add("struck_out", Problem::StruckOut);
    }
    inv.clone().into_result()?;
    let Some(why) = why else { return Err(inv.into()) };
    tx.apply(Some(who), vec![Op::set(kind, id, "struck_out", json!(why))])?;
    if kind == EntityKind::Admission {
        // A stay entered by mistake: the house it opened no longer counts
        // the child (closed the day it began, so no day of it counts).
        let now = tx.current_fields(kind, id)?;
        let open = now.get("left_on").is_none_or(Value::is_null);
        if let (true, Some(person)) = (open, now.get("person_id").and_then(Value::as_str)) {
            let ops: Vec<Op> = tx
                .placements(person)?
                .into_iter()
                .filter(|(_, _, to)| to.is_none())
                .map(|(p, from, _)| Op::set(EntityKind::Placement, &p, "to_date", json!(from)))
                .collect();
            if !ops.is_empty() {
                tx.apply(Some(who), ops)?;
            }
        }
    }
    Ok(())
}

/// Corrects a record of `kind` (see [`correctable`]): each field in
/// `values` is checked as when it was recorded and written only if it
/// changed; `why` is required. Nothing changed: `Invalid` naming the first
/// field `unchanged`; struck out: `struck_out`; a role that may not write
/// it: `Forbidden`; unknown or out of scope: `NotFound`.
pub fn correct<T: CorrectionTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    kind: EntityKind,
    id: &str,
    values: &[(String, String)],
    why: &str,
    today: time::Date,
) -> Result<(), CommandError> {
    let record = amendable(tx, who, kind, id)?;
    let fields = correctable(kind);
    if fields.is_empty() {
        return Err(CommandError::NotFound);
    }
    let born = record.birth_date;
    let now = tx.current_fields(kind, id)?;
    let mut inv = Invalid::new();
    let why = reason(why, &mut inv);
    if record.struck_out.is_some() {
        inv.add("struck_out", Problem::StruckOut);
    }
    // A stay or a support still running has no end to correct: ending it
    // is its own page.
    let ended = end_field(kind).is_some_and(|f| !now.get(f).unwrap_or(&Value::Null).is_null());
    let mut ops = Vec::new();
    let mut after: HashMap<&str, Value> = HashMap::new();
    for (field, check) in &fields {
        let field: &'static str = field;
        if ends(kind, field) && !ended {
            continue;
        }
        let Some((_, raw)) = values.iter().find(|(f, _)| f == field) else { continue };
        if let Some(value) = inv.check(field, checked(*check, raw, today, born)) {
            if now.get(field).unwrap_or(&Value::Null) != &value {
                ops.push(Op::set(kind, id, field, value.clone()));
            }
            after.insert(field, value);
        }
    }
    if kind == EntityKind::Admission {
        ops.extend(start_moved(tx, id, &now, &after, &mut inv)?);
    }
    if let Some(end) = end_field(kind).filter(|_| ended) {
        ops.extend(end_moved(tx, id, kind, &now, &after, end, &mut inv)?);
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
    tx.apply(Some(who), ops)
}

/// A corrected end checked against its start (both as they will stand)
/// and, for a stay, against the child's later stays; and the ops moving
/// its last house's end with it: the placement that ended the day the
/// child left care ends on the new day, never before it began.
fn end_moved<T: CorrectionTx + ?Sized>(
    tx: &T,
    id: &str,
    kind: EntityKind,
    now: &HashMap<String, Value>,
    after: &HashMap<&str, Value>,
    end: &'static str,
    inv: &mut Invalid,
) -> Result<Vec<Op>, CommandError> {
    let start = if kind == EntityKind::Admission { "admitted_on" } else { "started_on" };
    let stands = |f: &str| after.get(f).or_else(|| now.get(f)).and_then(Value::as_str).map(str::to_string);
    let (Some(start_day), Some(end_day)) = (stands(start), stands(end)) else { return Ok(Vec::new()) };
    if end_day < start_day {
        inv.add(end, Problem::BeforeStart);
        return Ok(Vec::new());
    }
    let old = now.get(end).and_then(Value::as_str).unwrap_or_default();
    let person = now.get("person_id").and_then(Value::as_str);
    let (EntityKind::Admission, Some(person), false) = (kind, person, old == end_day) else { return Ok(Vec::new()) };
    // A child readmitted later: this stay ends by that day at the latest
    // (leaving and coming back the same day is two stays, not one).
    let began = now.get(start).and_then(Value::as_str).unwrap_or_default();
    if tx.stays(person)?.iter().any(|(stay, from, _)| stay != id && from.as_str() > began && end_day > *from) {
        inv.add(end, Problem::Overlaps);
        return Ok(Vec::new());
    }
    let mut ops = Vec::new();
    for (placement, from, to) in tx.placements(person)? {
        // The stay's houses as they stand now: the start may be moving too.
        if to.as_deref() == Some(old) && from.as_str() >= began {
            if end_day < from && from != began {
                inv.add(end, Problem::BeforePlacement);
            } else {
                ops.push(Op::set(EntityKind::Placement, &placement, "to_date", json!(end_day)));
            }
        }
    }
    Ok(ops)
}

/// A corrected admission day checked against the child's other stays (an
/// earlier one must have ended by then) and the first move (which must
/// come after it); and the op moving the first house's start with it —
/// the house the child came to the day of the admission, which otherwise
/// would still count the child from the old day.
fn start_moved<T: CorrectionTx + ?Sized>(
    tx: &T,
    id: &str,
    now: &HashMap<String, Value>,
    after: &HashMap<&str, Value>,
    inv: &mut Invalid,
) -> Result<Vec<Op>, CommandError> {
    let old = now.get("admitted_on").and_then(Value::as_str).unwrap_or_default();
    let (Some(new), Some(person)) =
        (after.get("admitted_on").and_then(Value::as_str), now.get("person_id").and_then(Value::as_str))
    else {
        return Ok(Vec::new());
    };
    if new == old {
        return Ok(Vec::new());
    }
    let earlier_open = |(stay, from, to): &(String, String, Option<String>)| {
        stay != id && from.as_str() < old && to.as_deref().is_none_or(|to| to > new)
    };
    if tx.stays(person)?.iter().any(earlier_open) {
        inv.add("admitted_on", Problem::Overlaps);
        return Ok(Vec::new());
    }
    let left = now.get("left_on").and_then(Value::as_str);
    let mut ops = Vec::new();
    for (placement, from, to) in tx.placements(person)? {
        if from != old {
            continue;
        }
        match to.as_deref() {
            // Ended by a move (not by the leaving, which the end's own
            // check compares with the start): the move comes after.
            Some(to) if to < new && Some(to) != left => inv.add("admitted_on", Problem::AfterMove),
            _ => ops.push(Op::set(EntityKind::Placement, &placement, "from_date", json!(new))),
        }
    }
    Ok(ops)
}

/// Corrects a measurement: its values become `input`'s (checked as a new
/// measurement would be), `why` says why; only what changed is written. A
/// struck-out measurement is not corrected (`Invalid` naming `struck_out`).
pub fn correct_measurement<T: CorrectionTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    id: &str,
    input: &MeasurementInput,
    why: &str,
    today: time::Date,
) -> Result<Recorded, CommandError> {
    let record = amendable(tx, who, EntityKind::Measurement, id)?;
    let now = tx.measurement(id)?.ok_or(CommandError::NotFound)?;
    let born = now.birth_date;
    let mut inv = Invalid::new();
    let why = reason(why, &mut inv);
    if record.struck_out.is_some() {
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
    let old = &now.measurement;
    let stored = StoredMeasurement::checked(id, &old.person_id, &m);
    let kind = EntityKind::Measurement;
    // Only what changed is written: the history then says what the
    // correction was.
    let mut ops = Vec::new();
    let mut set = |field: &'static str, changed: bool, value: Value| {
        if changed {
            ops.push(Op::set(kind, id, field, value));
        }
    };
    set("measured_on", old.date != stored.date, json!(dugu_domain::birth::iso_date(stored.date)));
    set("weight_kg", old.weight_kg != stored.weight_kg, json!(stored.weight_kg));
    set("length_height_cm", old.length_height_cm != stored.length_height_cm, json!(stored.length_height_cm));
    set("measured", old.measured != stored.measured, json!(stored.measured));
    set("oedema", old.oedema != stored.oedema, json!(stored.oedema));
    set("muac_mm", old.muac_mm != stored.muac_mm, json!(stored.muac_mm));
    set("head_cm", old.head_cm != stored.head_cm, json!(stored.head_cm));
    if ops.is_empty() {
        // Nothing to correct: say so on the values, not on the reason.
        let mut inv = Invalid::new();
        inv.add("weight_kg", Problem::Unchanged);
        return Err(inv.into());
    }
    ops.push(Op::set(kind, id, "correction", json!(why)));
    tx.apply(Some(who), ops)?;
    Ok(Recorded { measurement: stored, sex: now.sex, birth_date: now.birth_date })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fake, author};
    use dugu_domain::Role;
    use time::macros::date;

    fn visit(struck_out: Option<&str>) -> Fake {
        let mut tx = Fake::default();
        let facts = RecordFacts {
            location_id: "kita".into(),
            struck_out: struck_out.map(String::from),
            birth_date: Some(date!(2023 - 01 - 15)),
        };
        let now = HashMap::from([("visited_on".to_string(), json!("2025-05-01"))]);
        tx.records.push((EntityKind::MedicalVisit, "visit".into(), facts, now));
        tx
    }

    fn moved() -> Vec<(String, String)> {
        vec![("visited_on".into(), "2025-05-02".into())]
    }

    #[test]
    fn a_record_whose_group_the_role_does_not_read_is_not_found() {
        // A social worker does not read medical visits' details: the visit
        // is not theirs to correct, nor to learn exists.
        let mut tx = visit(None);
        let worker = author(Role::SocialWorker, "kita");
        let r = correct(&mut tx, &worker, EntityKind::MedicalVisit, "visit", &moved(), "typo", date!(2025 - 06 - 01));
        assert!(matches!(r, Err(CommandError::NotFound)));
    }

    #[test]
    fn a_struck_out_record_is_not_corrected() {
        let mut tx = visit(Some("duplicate"));
        let nurse = author(Role::Nurse, "kita");
        let Err(CommandError::Invalid(inv)) =
            correct(&mut tx, &nurse, EntityKind::MedicalVisit, "visit", &moved(), "typo", date!(2025 - 06 - 01))
        else {
            panic!("a struck-out record was corrected");
        };
        assert_eq!(inv.of("struck_out"), Some(Problem::StruckOut));
    }

    #[test]
    fn a_correction_writes_what_changed_then_why() {
        let mut tx = visit(None);
        let nurse = author(Role::Nurse, "kita");
        let values = vec![("visited_on".into(), "2025-05-01".into()), ("reason".into(), "Fièvre".into())];
        correct(&mut tx, &nurse, EntityKind::MedicalVisit, "visit", &values, "typo", date!(2025 - 06 - 01))
            .expect("corrected");
        let fields: Vec<&str> = tx.applied.iter().flat_map(Op::fields).collect();
        assert_eq!(fields, vec!["reason", "correction"]);
    }

    #[test]
    fn a_date_before_birth_is_refused() {
        let mut tx = visit(None);
        let nurse = author(Role::Nurse, "kita");
        let early = vec![("visited_on".into(), "2022-01-01".into())];
        let r = correct(&mut tx, &nurse, EntityKind::MedicalVisit, "visit", &early, "typo", date!(2025 - 06 - 01));
        assert!(matches!(r, Err(CommandError::Invalid(inv)) if inv.of("visited_on").is_some()));
    }

    /// A child of Kita with a stay `admission` from `admitted` (ended on
    /// `left` if given) and the houses `placements`.
    fn stay(tx: &mut Fake, admission: &str, admitted: &str, left: Option<&str>) {
        let facts =
            RecordFacts { location_id: "kita".into(), struck_out: None, birth_date: Some(date!(2015 - 01 - 15)) };
        let now = HashMap::from([
            ("person_id".to_string(), json!("child")),
            ("admitted_on".to_string(), json!(admitted)),
            ("left_on".to_string(), json!(left)),
            ("reason".to_string(), json!("abandoned")),
        ]);
        tx.records.push((EntityKind::Admission, admission.into(), facts, now));
    }

    fn placement(id: &str, from: &str, to: Option<&str>) -> (String, String, Option<String>) {
        (id.into(), from.into(), to.map(String::from))
    }

    fn correcting(tx: &mut Fake, admission: &str, field: &str, day: &str) -> Result<(), CommandError> {
        let director = author(Role::LocationDirector, "kita");
        let values = vec![(field.to_string(), day.to_string())];
        correct(tx, &director, EntityKind::Admission, admission, &values, "Date mal lue", date!(2025 - 06 - 01))
    }

    fn problem(r: Result<(), CommandError>, field: &str) -> Option<Problem> {
        match r {
            Err(CommandError::Invalid(inv)) => inv.of(field),
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn a_leaving_day_is_not_moved_past_a_later_readmission() {
        let mut tx = Fake::default();
        stay(&mut tx, "first", "2024-01-10", Some("2024-06-01"));
        stay(&mut tx, "again", "2024-07-01", None);
        tx.placements = vec![placement("p1", "2024-01-10", Some("2024-06-01")), placement("p2", "2024-07-01", None)];
        assert_eq!(problem(correcting(&mut tx, "first", "left_on", "2024-08-01"), "left_on"), Some(Problem::Overlaps));
        assert!(tx.applied.is_empty(), "nothing written");
        // Up to the day the child came back, the stay may end later.
        correcting(&mut tx, "first", "left_on", "2024-07-01").expect("the day of the readmission");
        let moved = tx.applied.iter().any(|op| op.entity == "p1" && op.fields().contains(&"to_date"));
        assert!(moved, "the last house ends with the stay: {:?}", tx.applied);
    }

    #[test]
    fn the_first_house_follows_a_corrected_admission_day() {
        let mut tx = Fake::default();
        stay(&mut tx, "stay", "2024-01-10", None);
        tx.placements = vec![placement("p1", "2024-01-10", Some("2024-03-01")), placement("p2", "2024-03-01", None)];
        correcting(&mut tx, "stay", "admitted_on", "2024-01-05").expect("corrected");
        let first: Vec<&Op> = tx.applied.iter().filter(|op| op.entity == "p1").collect();
        assert_eq!(first.len(), 1, "{:?}", tx.applied);
        assert_eq!(first[0].fields(), vec!["from_date"]);
        assert!(!tx.applied.iter().any(|op| op.entity == "p2"), "the second house keeps its day");
    }

    #[test]
    fn an_admission_day_after_the_first_move_is_refused() {
        let mut tx = Fake::default();
        stay(&mut tx, "stay", "2024-01-10", None);
        tx.placements = vec![placement("p1", "2024-01-10", Some("2024-03-01")), placement("p2", "2024-03-01", None)];
        let r = correcting(&mut tx, "stay", "admitted_on", "2024-04-01");
        assert_eq!(problem(r, "admitted_on"), Some(Problem::AfterMove));
        assert!(tx.applied.is_empty());
    }

    #[test]
    fn an_admission_day_inside_an_earlier_stay_is_refused() {
        let mut tx = Fake::default();
        stay(&mut tx, "first", "2023-01-10", Some("2023-09-01"));
        stay(&mut tx, "again", "2024-01-10", None);
        tx.placements = vec![placement("p1", "2023-01-10", Some("2023-09-01")), placement("p2", "2024-01-10", None)];
        let r = correcting(&mut tx, "again", "admitted_on", "2023-08-01");
        assert_eq!(problem(r, "admitted_on"), Some(Problem::Overlaps));
        correcting(&mut tx, "again", "admitted_on", "2023-09-01").expect("back the day the first stay ended");
    }
}
