//! Schooling: a child's school years, written by those who handle care
//! (directors, social workers).

use crate::contract::Author;
use crate::{CommandError, Op, WriteTx, new_id, person_in_scope};
use dugu_domain::school::{SchoolResult, SchoolYear as Year};
use dugu_domain::{EntityKind, Invalid, Problem};
use serde::Serialize;

/// A school year of a child as typed (a form or an API body): checked by
/// [`save_school_year`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SchoolYearInput {
    /// `2025-2026`.
    pub year: String,
    /// The school.
    pub school: String,
    /// The grade ("5e année").
    pub grade: String,
    /// `passed`, `repeated`, `dropped_out`, or none before the year ends.
    pub result: Option<String>,
    /// The year's average, out of 20.
    pub average: Option<f64>,
}

/// A school year of a child as recorded: its year and result are the
/// domain's types (in JSON their codes, `2025-2026`, `passed`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolYear {
    /// The year.
    pub year: Year,
    /// The school.
    pub school: String,
    /// The grade ("5e année").
    pub grade: String,
    /// None before the year ends.
    pub result: Option<SchoolResult>,
    /// The year's average, out of 20.
    pub average: Option<f64>,
}

/// Results a year can end with, as codes (what a form's choice offers).
pub const RESULTS: [&str; 3] = [SchoolResult::ALL[0].code(), SchoolResult::ALL[1].code(), SchoolResult::ALL[2].code()];

/// The facts the school commands read.
pub trait SchoolTx: WriteTx {
    /// The child's record of `year` with its id, if any.
    fn school_year(&self, person_id: &str, year: Year) -> Result<Option<(String, SchoolYear)>, CommandError>;
}

/// Records (or corrects) a child's school year: a year already recorded
/// gets only the fields that changed.
pub fn save_school_year<T: SchoolTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    y: &SchoolYearInput,
) -> Result<(), CommandError> {
    person_in_scope(tx, who, person_id)?;
    if !who.role().handles_care() {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    let year = inv.check("year", Year::parse(&y.year).map_err(|_| Problem::Malformed));
    let school =
        inv.check("school", dugu_domain::person::optional_text(&y.school).and_then(|t| t.ok_or(Problem::Required)));
    let grade =
        inv.check("grade", dugu_domain::person::optional_text(&y.grade).and_then(|t| t.ok_or(Problem::Required)));
    let result = match y.result.as_deref() {
        None => None,
        Some(r) => inv.check("result", SchoolResult::parse(r).map_err(|_| Problem::NotAllowed)),
    };
    if y.average.is_some_and(|a| !(0.0..=20.0).contains(&a) || !a.is_finite()) {
        inv.add("average", Problem::OutOfRange);
    }
    inv.clone().into_result()?;
    let (Some(year), Some(school), Some(grade)) = (year, school, grade) else { return Err(inv.into()) };
    let existing = tx.school_year(person_id, year)?;
    let fields = vec![
        ("person_id", serde_json::json!(person_id)),
        ("year", serde_json::json!(year)),
        ("school", serde_json::json!(school)),
        ("grade", serde_json::json!(grade)),
        ("result", serde_json::json!(result)),
        ("average", serde_json::json!(y.average)),
    ];
    let ops = match existing {
        None => vec![Op::create(EntityKind::SchoolYear, &new_id(), fields)],
        // A correction: only what changed.
        Some((id, now)) => {
            let before = [
                serde_json::json!(now.school),
                serde_json::json!(now.grade),
                serde_json::json!(now.result),
                serde_json::json!(now.average),
            ];
            fields
                .into_iter()
                .skip(2)
                .zip(before)
                .filter(|((_, new), old)| new != old)
                .map(|((f, new), _)| Op::set(EntityKind::SchoolYear, &id, f, new))
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

    fn year() -> SchoolYearInput {
        SchoolYearInput {
            year: "2025-2026".into(),
            school: "École de Kita".into(),
            grade: "5e année".into(),
            result: None,
            average: None,
        }
    }

    #[test]
    fn a_role_that_does_not_handle_care_writes_no_school_year() {
        let mut tx = Fake::with_child("kita");
        let nurse = author(Role::Nurse, "kita");
        assert!(matches!(save_school_year(&mut tx, &nurse, "child", &year()), Err(CommandError::Forbidden)));
        assert!(tx.applied.is_empty());
    }

    #[test]
    fn a_correction_sets_only_what_changed() {
        let mut tx = Fake::with_child("kita");
        let recorded = SchoolYear {
            year: Year::starting(2025).expect("year"),
            school: "École de Kita".into(),
            grade: "5e année".into(),
            result: None,
            average: None,
        };
        tx.school_years.push(("year-id".into(), "child".into(), recorded));
        let worker = author(Role::SocialWorker, "kita");
        let corrected = SchoolYearInput { grade: "6e année".into(), ..year() };
        save_school_year(&mut tx, &worker, "child", &corrected).expect("saved");
        assert_eq!(
            tx.applied,
            vec![Op::set(EntityKind::SchoolYear, "year-id", "grade", serde_json::json!("6e année"))]
        );
    }
}
