//! Schooling: a child's school years. Read by every role that reads
//! people; written by those who handle care (directors, social workers),
//! through the command in dugu-commands.

use crate::contract::fact;
use crate::decode;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::school::SchoolTx;
use rusqlite::{OptionalExtension, params};

pub use dugu_commands::school::{RESULTS, SchoolYear, SchoolYearInput};

/// A row whose first five columns are `year, school, grade, result,
/// average`, its year and result decoded once here.
fn school_year(r: &rusqlite::Row<'_>) -> rusqlite::Result<SchoolYear> {
    Ok(SchoolYear {
        year: decode::school_year(r, 0)?,
        school: r.get(1)?,
        grade: r.get(2)?,
        result: decode::opt_school_result(r, 3)?,
        average: r.get(4)?,
    })
}

impl Tx<'_> {
    /// Records (or corrects) a child's school year (the command:
    /// [`dugu_commands::school::save_school_year`]).
    pub fn save_school_year(
        &mut self,
        who: &Principal,
        person_id: &str,
        y: &SchoolYearInput,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::school::save_school_year(self, who, person_id, y)?)
    }
}

impl SchoolTx for Tx<'_> {
    fn school_year(
        &self,
        person_id: &str,
        year: dugu_domain::school::SchoolYear,
    ) -> Result<Option<(String, SchoolYear)>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT year, school, grade, result, average, id FROM school_years WHERE person_id = ?1 AND year = ?2",
                )?
                .query_row(params![person_id, year.code()], |r| Ok((r.get(5)?, school_year(r)?)))
                .optional()?)
        })
    }
}

/// A child's school years.
pub trait SchoolReads {
    /// A child's school years, latest first; a child out of scope is
    /// `NotFound`.
    fn school_years_of(&self, who: &Principal, person_id: &str) -> Result<Vec<SchoolYear>, StoreError>;
}

impl SchoolReads for Store {
    fn school_years_of(&self, who: &Principal, person_id: &str) -> Result<Vec<SchoolYear>, StoreError> {
        self.read(|c| {
            who.may_see_person(c, person_id)?;
            let mut st = c.prepare_cached(
                "SELECT year, school, grade, result, average FROM school_years WHERE person_id = ?1 ORDER BY year DESC",
            )?;
            let rows = st.query_map([person_id], school_year)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

/// A child's school year: `dugu_commands::school`, in one write.
pub trait SchoolWrites {
    /// Records a school year (see [`Tx::save_school_year`]).
    fn save_school_year(&self, who: &Principal, person_id: &str, y: SchoolYearInput) -> Result<(), StoreError>;
}

impl SchoolWrites for Store {
    fn save_school_year(&self, who: &Principal, person_id: &str, y: SchoolYearInput) -> Result<(), StoreError> {
        let (who, p) = (who.clone(), person_id.to_string());
        self.write(move |tx| tx.save_school_year(&who, &p, &y))
    }
}
