//! Schooling: a child's school years. Read by every role that reads
//! people; written by those who handle care (directors, social workers).

use crate::oplog::Op;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError, new_id};
use dugu_domain::{EntityKind, Invalid, Problem};
use rusqlite::{OptionalExtension, params};
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

fn school_year(raw: &str) -> Result<String, Problem> {
    let t = raw.trim();
    let (a, b) = t.split_once('-').ok_or(Problem::Malformed)?;
    let (a, b): (i32, i32) = (a.parse().map_err(|_| Problem::Malformed)?, b.parse().map_err(|_| Problem::Malformed)?);
    if a.to_string().len() != 4 || b != a + 1 || !(1990..=2100).contains(&a) {
        return Err(Problem::Malformed);
    }
    Ok(format!("{a}-{b}"))
}

impl Tx<'_> {
    /// Records (or corrects) a child's school year.
    pub fn save_school_year(&mut self, who: &Principal, person_id: &str, y: &SchoolYear) -> Result<(), StoreError> {
        let loc: Option<String> = self
            .conn
            .query_row("SELECT location_id FROM people WHERE id = ?1", [person_id], |r| r.get(0))
            .optional()?;
        if !loc.is_some_and(|l| who.role.reads_people() && who.scope.contains(&l)) {
            return Err(StoreError::NotFound);
        }
        if !who.role.handles_care() {
            return Err(StoreError::Forbidden);
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
        let existing: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM school_years WHERE person_id = ?1 AND year = ?2",
                params![person_id, year],
                |r| r.get(0),
            )
            .optional()?;
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
            Some(id) => {
                let now: (String, String, Option<String>, Option<f64>) = self.conn.query_row(
                    "SELECT school, grade, result, average FROM school_years WHERE id = ?1",
                    [&id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?;
                let before = [
                    serde_json::json!(now.0),
                    serde_json::json!(now.1),
                    serde_json::json!(now.2),
                    serde_json::json!(now.3),
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
        self.apply(Some(who), ops)
    }
}

impl Store {
    /// Records a school year (see [`Tx::save_school_year`]).
    pub fn save_school_year(&self, who: &Principal, person_id: &str, y: SchoolYear) -> Result<(), StoreError> {
        let (who, p) = (who.clone(), person_id.to_string());
        self.write(move |tx| tx.save_school_year(&who, &p, &y))
    }

    /// A child's school years, latest first; a child out of scope is
    /// `NotFound`.
    pub fn school_years_of(&self, who: &Principal, person_id: &str) -> Result<Vec<SchoolYear>, StoreError> {
        self.read(|c| {
            who.may_see_person(c, person_id)?;
            let mut st = c.prepare_cached(
                "SELECT year, school, grade, result, average FROM school_years WHERE person_id = ?1 ORDER BY year DESC",
            )?;
            let rows = st.query_map([person_id], |r| {
                Ok(SchoolYear {
                    year: r.get(0)?,
                    school: r.get(1)?,
                    grade: r.get(2)?,
                    result: r.get(3)?,
                    average: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn school_years_are_consecutive() {
        assert_eq!(school_year("2025-2026"), Ok("2025-2026".into()));
        assert_eq!(school_year(" 2019-2020 "), Ok("2019-2020".into()));
        for bad in ["2025-2027", "2025", "25-26", "2026-2025", "abcd-efgh", "1800-1801"] {
            assert_eq!(school_year(bad), Err(Problem::Malformed), "{bad}");
        }
    }
}
