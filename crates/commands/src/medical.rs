//! Medical assistance: visits (vaccinations are `vaccinations.rs`).
//! Medical data: recorded by roles that write the medical group (nurses,
//! directors).

use crate::contract::Author;
use crate::{CommandError, Op, WriteTx, new_id, person_in_scope};
use dugu_domain::{EntityKind, FieldGroup, Invalid, Problem};

/// A visit as entered.
#[derive(Debug, Clone, Default)]
pub struct VisitInput {
    /// `YYYY-MM-DD`.
    pub visited_on: String,
    /// Reason (required).
    pub reason: String,
    /// Diagnosis.
    pub diagnosis: String,
    /// Treatment.
    pub treatment: String,
    /// Referral.
    pub referral: String,
}

/// The birth date of a child `who` may write medical data about: out of
/// scope or unknown is `NotFound` (checked first, so a role learns nothing
/// of a child it does not see), a role that may not write the medical
/// group `Forbidden`.
pub fn medical_child<T: WriteTx + ?Sized>(
    tx: &T,
    who: &T::Author,
    person_id: &str,
) -> Result<Option<time::Date>, CommandError> {
    let child = person_in_scope(tx, who, person_id)?;
    if !who.role().writes(FieldGroup::Medical) {
        return Err(CommandError::Forbidden);
    }
    Ok(child.birth_date)
}

fn note(field: &str, raw: &str, inv: &mut Invalid) -> Option<String> {
    inv.check(field, dugu_domain::person::optional_note(raw)).flatten()
}

/// Records a medical visit of a person in scope; its id.
pub fn record_medical_visit<T: WriteTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    input: &VisitInput,
    today: time::Date,
) -> Result<String, CommandError> {
    let born = medical_child(tx, who, person_id)?;
    let mut inv = Invalid::new();
    let date = inv.check("visited_on", dugu_domain::birth::event_date(input.visited_on.trim(), today, born));
    let reason = note("reason", &input.reason, &mut inv);
    if reason.is_none() && inv.of("reason").is_none() {
        inv.add("reason", Problem::Required);
    }
    let diagnosis = note("diagnosis", &input.diagnosis, &mut inv);
    let treatment = note("treatment", &input.treatment, &mut inv);
    let referral = note("referral", &input.referral, &mut inv);
    inv.clone().into_result()?;
    let (Some(date), Some(reason)) = (date, reason) else { return Err(inv.into()) };
    let id = new_id();
    let fields = vec![
        ("person_id", serde_json::json!(person_id)),
        ("visited_on", serde_json::json!(date)),
        ("reason", serde_json::json!(reason)),
        ("diagnosis", serde_json::json!(diagnosis)),
        ("treatment", serde_json::json!(treatment)),
        ("referral", serde_json::json!(referral)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::MedicalVisit, &id, fields)])?;
    Ok(id)
}
