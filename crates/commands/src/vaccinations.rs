//! Vaccinations: doses of the schedule given on a day or without one,
//! what is known of a history that began before the child came to us, and
//! doses given outside the schedule. Medical data: recorded by roles that
//! write the medical group.

use crate::contract::Author;
use crate::medical::medical_child;
use crate::{CommandError, Op, WriteTx, new_id};
use dugu_domain::vaccine::ScheduledDose;
use dugu_domain::{EntityKind, Invalid, Problem};

/// What a card says of the history before a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardHistory {
    /// Nothing is known of the doses due before the day.
    Unknown,
    /// Doses were read from a health card without dates.
    CardUndated,
}

impl CardHistory {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            CardHistory::Unknown => "unknown",
            CardHistory::CardUndated => "card_undated",
        }
    }

    /// From its code; anything else is `Invalid` naming `history`.
    pub fn parse(code: &str) -> Result<CardHistory, Problem> {
        match code {
            "unknown" => Ok(CardHistory::Unknown),
            "card_undated" => Ok(CardHistory::CardUndated),
            "" => Err(Problem::Required),
            _ => Err(Problem::NotAllowed),
        }
    }
}

/// The codes an extra dose's context may have.
pub const EXTRA_DOSE_CONTEXTS: [&str; 3] = ["campaign", "catch_up", "other"];

/// The facts the vaccination commands read.
pub trait VaccinationTx: WriteTx {
    /// Whether `dose` is a code of the schedule.
    fn dose_in_schedule(&self, dose: &str) -> Result<bool, CommandError>;
    /// Whether the child has a record of `dose` that says it was given
    /// (on a day, or per the card), not struck out.
    fn dose_given(&self, person_id: &str, dose: &str) -> Result<bool, CommandError>;
}

fn known_dose<T: VaccinationTx + ?Sized>(tx: &T, dose: &str, inv: &mut Invalid) -> Result<(), CommandError> {
    if !tx.dose_in_schedule(dose)? {
        inv.add("dose", Problem::Unknown);
    }
    Ok(())
}

/// A dose is recorded once (a record "not known" does not count: the day
/// it was given may be found later); strike it out to record it again.
fn not_given<T: VaccinationTx + ?Sized>(tx: &T, person_id: &str, dose: &str) -> Result<(), CommandError> {
    if tx.dose_given(person_id, dose)? {
        let mut inv = Invalid::new();
        inv.add("dose", Problem::Taken);
        return Err(inv.into());
    }
    Ok(())
}

/// Records that a dose of the schedule was given on a day.
pub fn vaccinate<T: VaccinationTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    dose: &str,
    given_on: &str,
    today: time::Date,
) -> Result<(), CommandError> {
    let born = medical_child(tx, who, person_id)?;
    let mut inv = Invalid::new();
    known_dose(tx, dose, &mut inv)?;
    let date = inv.check("given_on", dugu_domain::birth::event_date(given_on.trim(), today, born));
    inv.clone().into_result()?;
    let Some(date) = date else { return Err(inv.into()) };
    not_given(tx, person_id, dose)?;
    let fields = vec![
        ("person_id", serde_json::json!(person_id)),
        ("dose_code", serde_json::json!(dose)),
        ("given_on", serde_json::json!(date)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::Vaccination, &new_id(), fields)])
}

/// Records what is known of a dose without a day: given as the health
/// card says (`card`), or not known (`unknown`).
pub fn record_undated_dose<T: VaccinationTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    dose: &str,
    undated: &str,
) -> Result<(), CommandError> {
    medical_child(tx, who, person_id)?;
    let mut inv = Invalid::new();
    known_dose(tx, dose, &mut inv)?;
    match undated {
        "card" | "unknown" => {}
        "" => inv.add("undated", Problem::Required),
        _ => inv.add("undated", Problem::NotAllowed),
    }
    inv.into_result()?;
    not_given(tx, person_id, dose)?;
    let fields = vec![
        ("person_id", serde_json::json!(person_id)),
        ("dose_code", serde_json::json!(dose)),
        ("undated", serde_json::json!(undated)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::Vaccination, &new_id(), fields)])
}

/// States that the child's history before `as_of` is unknown, or was read
/// from a card without dates: doses due before then raise no alert.
pub fn state_vaccination_history<T: WriteTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    history: &str,
    as_of: &str,
    today: time::Date,
) -> Result<(), CommandError> {
    let born = medical_child(tx, who, person_id)?;
    let mut inv = Invalid::new();
    let history = inv.check("history", CardHistory::parse(history.trim()));
    let as_of = inv.check("as_of", dugu_domain::birth::event_date(as_of.trim(), today, born));
    inv.clone().into_result()?;
    let (Some(history), Some(as_of)) = (history, as_of) else { return Err(inv.into()) };
    let fields = vec![
        ("person_id", serde_json::json!(person_id)),
        ("history", serde_json::json!(history.code())),
        ("as_of", serde_json::json!(as_of)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::VaccinationCard, &new_id(), fields)])
}

/// Records a dose given outside the schedule (a campaign, a catch-up);
/// its id.
pub fn record_extra_dose<T: WriteTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    vaccine: &str,
    given_on: &str,
    context: &str,
    today: time::Date,
) -> Result<String, CommandError> {
    let born = medical_child(tx, who, person_id)?;
    let mut inv = Invalid::new();
    let vaccine =
        inv.check("vaccine", dugu_domain::person::optional_text(vaccine).and_then(|v| v.ok_or(Problem::Required)));
    let date = inv.check("given_on", dugu_domain::birth::event_date(given_on.trim(), today, born));
    if !EXTRA_DOSE_CONTEXTS.contains(&context) {
        inv.add("context", if context.is_empty() { Problem::Required } else { Problem::NotAllowed });
    }
    inv.clone().into_result()?;
    let (Some(vaccine), Some(date)) = (vaccine, date) else { return Err(inv.into()) };
    let id = new_id();
    let fields = vec![
        ("person_id", serde_json::json!(person_id)),
        ("vaccine", serde_json::json!(vaccine)),
        ("given_on", serde_json::json!(date)),
        ("context", serde_json::json!(context)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::ExtraDose, &id, fields)])?;
    Ok(id)
}

/// The facts the schedule's command reads.
pub trait ScheduleTx: WriteTx {
    /// The dose of the schedule with `code`, withdrawn or not.
    fn scheduled_dose(&self, code: &str) -> Result<Option<ScheduledDose>, CommandError>;
}

/// Adds a dose to the schedule every card follows, or changes the one with
/// its code (the national director: a national programme decision, not a
/// site's). Only the fields that change are written; doses are withdrawn,
/// never deleted.
pub fn save_scheduled_dose<T: ScheduleTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    dose: &ScheduledDose,
) -> Result<(), CommandError> {
    if !who.role().sets_vaccine_schedule() {
        return Err(CommandError::Forbidden);
    }
    let before = tx.scheduled_dose(&dose.code)?;
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
    tx.apply(Some(who), ops)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fake, author};
    use dugu_domain::Role;
    use time::macros::date;

    #[test]
    fn a_dose_already_given_is_taken_and_nothing_is_written() {
        let mut tx = Fake::with_child("kita");
        tx.given.push(("child".into(), "penta1".into()));
        let nurse = author(Role::Nurse, "kita");
        let Err(CommandError::Invalid(inv)) =
            vaccinate(&mut tx, &nurse, "child", "penta1", "2025-03-01", date!(2025 - 06 - 01))
        else {
            panic!("a second record of a given dose was accepted");
        };
        assert_eq!(inv.of("dose"), Some(Problem::Taken));
        assert!(tx.applied.is_empty());
    }

    #[test]
    fn a_dose_outside_the_schedule_is_unknown() {
        let mut tx = Fake::with_child("kita");
        let nurse = author(Role::Nurse, "kita");
        let Err(CommandError::Invalid(inv)) = record_undated_dose(&mut tx, &nurse, "child", "nope", "card") else {
            panic!("an unknown dose was accepted");
        };
        assert_eq!(inv.of("dose"), Some(Problem::Unknown));
    }
}
