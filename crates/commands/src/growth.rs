//! Growth measurements. They are medical data: only roles that write the
//! medical group record them. Raw values are kept; z-scores are computed
//! when read.

use crate::contract::Author;
use crate::{CommandError, Op, WriteTx, new_id, person_in_scope};
use dugu_domain::measurement::{Measurement, MeasurementInput};
use dugu_domain::{EntityKind, FieldGroup};

/// A stored measurement.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredMeasurement {
    /// Id.
    pub id: String,
    /// The child.
    pub person_id: String,
    /// The day it was measured (`YYYY-MM-DD` in JSON).
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub date: time::Date,
    /// Weight in kg.
    pub weight_kg: Option<f64>,
    /// Length or height in cm.
    pub length_height_cm: Option<f64>,
    /// `lying`, `standing` or none.
    pub measured: Option<String>,
    /// Bilateral pitting oedema.
    pub oedema: bool,
    /// MUAC in mm.
    pub muac_mm: Option<f64>,
    /// Head circumference in cm.
    pub head_cm: Option<f64>,
}

impl StoredMeasurement {
    /// A measurement as checked (`MeasurementInput::check`), stored as
    /// `id` of `person_id`: the one place a checked measurement becomes
    /// what the store keeps (recording and correcting both).
    pub fn checked(id: &str, person_id: &str, m: &Measurement) -> StoredMeasurement {
        StoredMeasurement {
            id: id.to_string(),
            person_id: person_id.to_string(),
            date: m.date,
            weight_kg: m.weight_kg,
            length_height_cm: m.length_height_cm,
            measured: m.measured.map(|p| p.code().to_string()),
            oedema: m.oedema,
            muac_mm: m.muac_mm,
            head_cm: m.head_cm,
        }
    }
}

/// A measurement just recorded, with what is needed to assess it.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The measurement.
    pub measurement: StoredMeasurement,
    /// The child's sex.
    pub sex: dugu_domain::Sex,
    /// The child's birth date, if known.
    pub birth_date: Option<time::Date>,
}

/// Records a measurement of a child in scope. Out of scope or unknown:
/// `NotFound`; a role that may not write medical data: `Forbidden`; bad
/// values: `Invalid` naming each field, nothing written.
pub fn record_measurement<T: WriteTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    input: &MeasurementInput,
    today: time::Date,
) -> Result<Recorded, CommandError> {
    let child = person_in_scope(tx, who, person_id)?;
    if !who.role().writes(FieldGroup::Medical) {
        return Err(CommandError::Forbidden);
    }
    let m: Measurement = input.check(child.birth_date, today)?;
    let id = new_id();
    let stored = StoredMeasurement::checked(&id, person_id, &m);
    let fields = vec![
        ("person_id", serde_json::json!(stored.person_id)),
        ("measured_on", serde_json::json!(dugu_domain::birth::iso_date(stored.date))),
        ("weight_kg", serde_json::json!(stored.weight_kg)),
        ("length_height_cm", serde_json::json!(stored.length_height_cm)),
        ("measured", serde_json::json!(stored.measured)),
        ("oedema", serde_json::json!(stored.oedema)),
        ("muac_mm", serde_json::json!(stored.muac_mm)),
        ("head_cm", serde_json::json!(stored.head_cm)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::Measurement, &id, fields)])?;
    Ok(Recorded { measurement: stored, sex: child.sex, birth_date: child.birth_date })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fake, author};
    use dugu_domain::Role;
    use time::macros::date;

    fn weighed() -> MeasurementInput {
        MeasurementInput { date: "2025-05-01".into(), weight_kg: Some(11.2), ..MeasurementInput::default() }
    }

    #[test]
    fn a_child_out_of_scope_is_not_found_even_for_a_nurse() {
        let mut tx = Fake::with_child("mopti");
        let nurse = author(Role::Nurse, "kita");
        let r = record_measurement(&mut tx, &nurse, "child", &weighed(), date!(2025 - 06 - 01));
        assert!(matches!(r, Err(CommandError::NotFound)));
        assert!(tx.applied.is_empty());
    }

    #[test]
    fn a_role_that_does_not_write_medical_data_is_forbidden() {
        let mut tx = Fake::with_child("kita");
        let worker = author(Role::SocialWorker, "kita");
        let r = record_measurement(&mut tx, &worker, "child", &weighed(), date!(2025 - 06 - 01));
        assert!(matches!(r, Err(CommandError::Forbidden)));
        assert!(tx.applied.is_empty());
    }

    #[test]
    fn a_role_that_reads_no_people_learns_nothing_of_the_child() {
        // A fundraiser is told the same as for a child that does not exist.
        let mut tx = Fake::with_child("kita");
        let fundraiser = author(Role::Fundraiser, "kita");
        let r = record_measurement(&mut tx, &fundraiser, "child", &weighed(), date!(2025 - 06 - 01));
        assert!(matches!(r, Err(CommandError::NotFound)));
    }

    #[test]
    fn a_nurse_records_one_creation_with_the_childs_facts() {
        let mut tx = Fake::with_child("kita");
        let nurse = author(Role::Nurse, "kita");
        let r = record_measurement(&mut tx, &nurse, "child", &weighed(), date!(2025 - 06 - 01)).expect("recorded");
        assert_eq!((r.sex, r.birth_date), (dugu_domain::Sex::Female, Some(date!(2023 - 01 - 15))));
        assert_eq!(tx.applied.len(), 1);
        assert_eq!(tx.applied[0].kind, EntityKind::Measurement);
        assert_eq!(tx.applied[0].entity, r.measurement.id);
    }
}
