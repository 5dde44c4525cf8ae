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

/// The oldest age, in days, at which a dose of Mali's routine schedule is
/// still worth giving to a child who missed it; past it the dose is no
/// longer due (WHO, "Recommendations for interrupted or delayed routine
/// immunization", summary table of the position papers, and Mali's PEV
/// practice). A dose the national director adds later has no limit.
/// - BCG: before the first birthday (PEV Mali gives it under 12 months);
/// - OPV0, the birth dose: within 14 days of birth, else skipped;
/// - pentavalent, OPV, IPV, PCV: under five (Hib and PCV are not given to
///   healthy children over five; older children catch up with other
///   products);
/// - rotavirus: under two;
/// - measles-rubella, yellow fever, meningitis A: under fifteen (the ages
///   Mali's catch-up campaigns cover).
pub fn given_until_days(code: &str) -> Option<i64> {
    Some(match code {
        "bcg" => 364,
        "opv0" => 14,
        "penta1" | "penta2" | "penta3" | "opv1" | "opv2" | "opv3" | "ipv" | "pcv1" | "pcv2" | "pcv3" => 5 * 365,
        "rota1" | "rota2" => 2 * 365,
        "mr1" | "mr2" | "yf" | "mena" => 15 * 365,
        _ => return None,
    })
}

/// What the card holds about one dose for one child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoseRecord {
    /// Nothing.
    Nothing,
    /// Given on a known day.
    Dated,
    /// Given, as a health card says, on a day nobody knows.
    CardUndated,
    /// Not known whether it was given.
    Unknown,
}

impl DoseRecord {
    /// From the stored `undated` value of a vaccination (`None`: dated).
    pub fn from_undated(undated: Option<&str>) -> DoseRecord {
        match undated {
            None => DoseRecord::Dated,
            Some("card") => DoseRecord::CardUndated,
            Some(_) => DoseRecord::Unknown,
        }
    }
}

/// A dose's state on a child's card on a day: the one rule the card and
/// the overdue list both apply, so they never disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoseState {
    /// Given on a known day.
    Given,
    /// Given per the health card, day unknown.
    GivenUndated,
    /// Not due yet.
    NotYetDue,
    /// Due and not given, still worth giving: an alert.
    Overdue,
    /// Missed, and the child is now past the age it is given at.
    NoLongerGiven,
    /// Not known whether it was given (the dose's or the card's history is
    /// unknown): no alert.
    Unknown,
}

impl DoseState {
    /// Every state (each has a message in every language).
    pub const ALL: [DoseState; 6] = [
        DoseState::Given,
        DoseState::GivenUndated,
        DoseState::NotYetDue,
        DoseState::Overdue,
        DoseState::NoLongerGiven,
        DoseState::Unknown,
    ];

    /// A stable code (`given`, `given_undated`, `not_yet_due`, `overdue`,
    /// `no_longer_given`, `unknown`).
    pub fn code(self) -> &'static str {
        match self {
            DoseState::Given => "given",
            DoseState::GivenUndated => "given_undated",
            DoseState::NotYetDue => "not_yet_due",
            DoseState::Overdue => "overdue",
            DoseState::NoLongerGiven => "no_longer_given",
            DoseState::Unknown => "unknown",
        }
    }
}

/// The state of a dose due at `due_days` of age (given until
/// `until_days`, if limited) for a child born on `born`, on `today`.
/// `history_unknown_before`: the card says the history before that day is
/// unknown (or was read from a card without dates), so a dose due before
/// it and not recorded raises no alert.
pub fn dose_state(
    born: time::Date,
    today: time::Date,
    due_days: i64,
    until_days: Option<i64>,
    record: DoseRecord,
    history_unknown_before: Option<time::Date>,
) -> DoseState {
    match record {
        DoseRecord::Dated => return DoseState::Given,
        DoseRecord::CardUndated => return DoseState::GivenUndated,
        DoseRecord::Unknown => return DoseState::Unknown,
        DoseRecord::Nothing => {}
    }
    let due = born + time::Duration::days(due_days);
    if due >= today {
        return DoseState::NotYetDue;
    }
    if until_days.is_some_and(|u| (today - born).whole_days() > u) {
        return DoseState::NoLongerGiven;
    }
    if history_unknown_before.is_some_and(|d| due < d) {
        return DoseState::Unknown;
    }
    DoseState::Overdue
}

/// The oldest age, in days, at which any dose of `codes` can still be
/// overdue: children older than this never appear on an overdue list.
/// `None` when a dose has no limit.
pub fn overdue_window_days<'a>(codes: impl IntoIterator<Item = (&'a str, i64)>) -> Option<i64> {
    let mut widest = 0;
    for (code, due_days) in codes {
        widest = widest.max(given_until_days(code)?.max(due_days));
    }
    Some(widest)
}

#[cfg(test)]
mod tests {
    use super::*;

    use time::macros::date;

    #[test]
    fn one_rule_says_which_doses_are_overdue() {
        let born = date!(2013 - 03 - 01);
        let today = date!(2026 - 07 - 01);
        // A 13-year-old with nothing recorded: infant doses are past their
        // age; measles-rubella is still worth giving.
        assert_eq!(
            dose_state(born, today, 42, given_until_days("penta1"), DoseRecord::Nothing, None),
            DoseState::NoLongerGiven
        );
        assert_eq!(
            dose_state(born, today, 0, given_until_days("opv0"), DoseRecord::Nothing, None),
            DoseState::NoLongerGiven
        );
        assert_eq!(
            dose_state(born, today, 270, given_until_days("mr1"), DoseRecord::Nothing, None),
            DoseState::Overdue
        );
        // …unless the history before admission is unknown.
        let admitted = Some(date!(2026 - 06 - 01));
        assert_eq!(
            dose_state(born, today, 270, given_until_days("mr1"), DoseRecord::Nothing, admitted),
            DoseState::Unknown
        );
        // What the card records wins.
        assert_eq!(dose_state(born, today, 270, None, DoseRecord::CardUndated, None), DoseState::GivenUndated);
        assert_eq!(dose_state(born, today, 270, None, DoseRecord::Unknown, None), DoseState::Unknown);
        assert_eq!(dose_state(born, today, 270, None, DoseRecord::Dated, None), DoseState::Given);
        // A baby: due tomorrow is not overdue; a dose due after the unknown
        // history's day still alerts.
        let baby = date!(2026 - 05 - 21);
        assert_eq!(
            dose_state(baby, today, 42, given_until_days("penta1"), DoseRecord::Nothing, None),
            DoseState::NotYetDue
        );
        assert_eq!(
            dose_state(baby, today, 0, given_until_days("bcg"), DoseRecord::Nothing, Some(date!(2026 - 05 - 20))),
            DoseState::Overdue
        );
        assert_eq!(
            dose_state(baby, today, 0, given_until_days("opv0"), DoseRecord::Nothing, None),
            DoseState::NoLongerGiven
        );
    }

    #[test]
    fn the_overdue_window_is_the_widest_limit_and_none_without_one() {
        assert_eq!(overdue_window_days([("bcg", 0), ("mr2", 456)]), Some(15 * 365));
        assert_eq!(overdue_window_days([("bcg", 0), ("hpv1", 3285)]), None);
        assert_eq!(DoseRecord::from_undated(Some("card")), DoseRecord::CardUndated);
        assert_eq!(DoseRecord::from_undated(Some("unknown")), DoseRecord::Unknown);
    }

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
