//! Demo schooling: children from six go to the local school; past years
//! end passed (mostly), repeated or, now and then, dropped out.

use crate::SplitMix;
use dugu_storage::{Person, Principal, SchoolYearInput, StoreError, Tx};
use time::Date;

/// School years of one demo child (the last four at most); returns how many.
pub fn seed_child(
    tx: &mut Tx<'_>,
    who: &Principal,
    rng: &mut SplitMix,
    child: &Person,
    school: &str,
    today: Date,
) -> Result<u32, StoreError> {
    let Some(born) = child.birth_date else { return Ok(0) };
    // The school year starts in October.
    let current = if today.month() as u8 >= 10 { today.year() } else { today.year() - 1 };
    let first = born.year() + 6;
    let mut grade = 1 + (current - first).max(0) as u32;
    let mut n = 0;
    for start in (first.max(current - 3)..=current).rev() {
        if grade == 0 || grade > 12 {
            break;
        }
        let result = if start == current {
            None
        } else {
            Some(match rng.below(100) {
                0..=79 => "passed",
                80..=95 => "repeated",
                _ => "dropped_out",
            })
        };
        tx.save_school_year(
            who,
            &child.id,
            &SchoolYearInput {
                year: format!("{start}-{}", start + 1),
                school: school.into(),
                grade: format!("{grade}e année"),
                result: result.map(str::to_string),
                average: result.map(|_| (8.0 + rng.below(100) as f64 / 10.0).min(19.5)),
            },
        )?;
        n += 1;
        grade = grade.saturating_sub(1);
    }
    Ok(n)
}
