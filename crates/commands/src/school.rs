//! Schooling: a child's school years, written by those who handle care
//! (directors, social workers).

use crate::contract::Author;
use crate::{CommandError, Op, WriteTx, new_id, person_in_scope};
use dugu_domain::{EntityKind, Invalid, Problem};
use serde::Serialize;

/// A school year of a child.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolYear {
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

/// Results a year can end with.
pub const RESULTS: [&str; 3] = ["passed", "repeated", "dropped_out"];

/// The facts the school commands read.
pub trait SchoolTx: WriteTx {
    /// The child's record of `year` (`2025-2026`) with its id, if any.
    fn school_year(&self, person_id: &str, year: &str) -> Result<Option<(String, SchoolYear)>, CommandError>;
}

fn school_year(raw: &str) -> Result<String, Problem> {
    let t = raw.trim();
    let (a, b) = t.split_once('-').ok_or(Problem::Malformed)?;
    let (a, b): (i32, i32) = (a.parse().map_err(|_| Problem::Malformed)?, b.parse().map_err(|_| Problem::Malformed)?);
    if a.to_string().len() != 4 || b != a + 1 || !(1990..=2100).contains(&a) {
        return Err(Problem::Malformed);
    }
    Ok(format!("{a}-{b}"))
}

/// Records (or corrects) a child's school year: a year already recorded
/// gets only the fields that changed.
pub fn save_school_year<T: SchoolTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    person_id: &str,
    y: &SchoolYear,
) -> Result<(), CommandError> {
    person_in_scope(tx, who, person_id)?;
    if !who.role().handles_care() {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    let year = inv.check("year", school_year(&y.year));
    let school =
        inv.check("school", dugu_domain::person::optional_text(&y.school).and_then(|t| t.ok_or(Problem::Required)));
    let grade =
        inv.check("grade", dugu_domain::person::optional_text(&y.grade).and_then(|t| t.ok_or(Problem::Required)));
    if y.result.as_deref().is_some_and(|r| !RESULTS.contains(&r)) {
        inv.add("result", Problem::NotAllowed);
    }
    if y.average.is_some_and(|a| !(0.0..=20.0).contains(&a) || !a.is_finite()) {
        inv.add("average", Problem::OutOfRange);
    }
    inv.clone().into_result()?;
    let (Some(year), Some(school), Some(grade)) = (year, school, grade) else { return Err(inv.into()) };
    let existing = tx.school_year(person_id, &year)?;
    let fields = vec![
        ("person_id", serde_json::json!(person_id)),
        ("year", serde_json::json!(year)),
        ("school", serde_json::json!(school)),
        ("grade", serde_json::json!(grade)),
        ("result", serde_json::json!(y.result)),
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

    fn year() -> SchoolYear {
        SchoolYear {
            year: "2025-2026".into(),
            school: "École de Kita".into(),
            grade: "5e année".into(),
            result: None,
            average: None,
        }
    }

    #[test]
    fn school_years_are_consecutive() {
        assert_eq!(school_year("2025-2026"), Ok("2025-2026".into()));
        assert_eq!(school_year(" 2019-2020 "), Ok("2019-2020".into()));
        for bad in ["2025-2027", "2025", "25-26", "2026-2025", "abcd-efgh", "1800-1801"] {
            assert_eq!(school_year(bad), Err(Problem::Malformed), "{bad}");
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
        tx.school_years.push(("year-id".into(), "child".into(), year()));
        let worker = author(Role::SocialWorker, "kita");
        let corrected = SchoolYear { grade: "6e année".into(), ..year() };
        save_school_year(&mut tx, &worker, "child", &corrected).expect("saved");
        assert_eq!(
            tx.applied,
            vec![Op::set(EntityKind::SchoolYear, "year-id", "grade", serde_json::json!("6e année"))]
        );
    }
}
