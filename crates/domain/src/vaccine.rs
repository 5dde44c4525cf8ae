//! A dose of the vaccination schedule as the national office enters it:
//! a short code, the vaccine's name, the age it is due at and its place on
//! the card.

use crate::errors::{Invalid, Problem};

/// The oldest age a dose may be due at (ten years, in days).
pub const MAX_DUE_DAYS: i64 = 3_650;

/// A dose of the schedule, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledDose {
    /// `penta1`: lowercase letters and digits, 1–20.
    pub code: String,
    /// `Pentavalent 1`.
    pub vaccine: String,
    /// Due at this age in days (6 weeks: 42).
    pub due_days: i64,
    /// Place on the card (1 first).
    pub position: i64,
    /// Still given; a withdrawn dose stays on the cards that record it.
    pub active: bool,
}

/// Reads a dose from form or JSON text; every problem names its field.
pub fn parse_dose(
    code: &str,
    vaccine: &str,
    due_days: &str,
    position: &str,
    active: bool,
) -> Result<ScheduledDose, Invalid> {
    let mut inv = Invalid::new();
    let code = code.trim();
    if code.is_empty() {
        inv.add("code", Problem::Required);
    } else if code.len() > 20 || !code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        inv.add("code", Problem::Malformed);
    }
    let vaccine_name = vaccine.trim();
    if vaccine_name.is_empty() {
        inv.add("vaccine", Problem::Required);
    } else if vaccine_name.chars().any(char::is_control) {
        inv.add("vaccine", Problem::ControlCharacters);
    } else if vaccine_name.chars().count() > 100 {
        inv.add("vaccine", Problem::TooLong);
    }
    let number = |inv: &mut Invalid, field: &str, raw: &str, lo: i64, hi: i64| -> i64 {
        match raw.trim() {
            "" => {
                inv.add(field, Problem::Required);
                0
            }
            t => match t.parse::<i64>() {
                Ok(n) if (lo..=hi).contains(&n) => n,
                Ok(_) => {
                    inv.add(field, Problem::OutOfRange);
                    0
                }
                Err(_) => {
                    inv.add(field, Problem::Malformed);
                    0
                }
            },
        }
    };
    let due_days = number(&mut inv, "due_days", due_days, 0, MAX_DUE_DAYS);
    let position = number(&mut inv, "position", position, 1, 999);
    inv.into_result()?;
    Ok(ScheduledDose { code: code.into(), vaccine: vaccine_name.into(), due_days, position, active })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dose_is_checked_field_by_field() {
        let d = parse_dose("hpv1", " Papillomavirus 1 ", "3285", "19", true).expect("valid");
        assert_eq!(
            (d.code.as_str(), d.vaccine.as_str(), d.due_days, d.position),
            ("hpv1", "Papillomavirus 1", 3285, 19)
        );
        let inv = parse_dose("HPV 1", "", "-1", "x", true).expect_err("invalid");
        assert_eq!(inv.of("code"), Some(Problem::Malformed));
        assert_eq!(inv.of("vaccine"), Some(Problem::Required));
        assert_eq!(inv.of("due_days"), Some(Problem::OutOfRange));
        assert_eq!(inv.of("position"), Some(Problem::Malformed));
        assert_eq!(
            parse_dose("a", "b", "3651", "1", true).expect_err("too old").of("due_days"),
            Some(Problem::OutOfRange)
        );
    }
}
