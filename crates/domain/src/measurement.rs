//! A growth measurement as a nurse enters it: checked before it is stored.
//! Only the plausibility of the numbers themselves is judged here (a
//! 400 kg child is a typing error); whether a child's z-score is
//! implausible is the growth engine's call, made when it is read.

use crate::errors::{Invalid, Problem};
use time::Date;

/// How length/height was taken: lying (length, usually under two years)
/// or standing (height).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Recumbent length.
    Lying,
    /// Standing height.
    Standing,
}

impl Position {
    /// `lying` or `standing`.
    pub fn code(self) -> &'static str {
        match self {
            Position::Lying => "lying",
            Position::Standing => "standing",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Result<Position, Problem> {
        match code {
            "lying" => Ok(Position::Lying),
            "standing" => Ok(Position::Standing),
            _ => Err(Problem::NotAllowed),
        }
    }
}

/// A measurement as entered (numbers already read as numbers).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasurementInput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Weight in kg.
    pub weight_kg: Option<f64>,
    /// Length or height in cm.
    pub length_height_cm: Option<f64>,
    /// `lying`, `standing` or empty.
    pub measured: String,
    /// Bilateral pitting oedema.
    pub oedema: bool,
    /// Mid-upper arm circumference in mm.
    pub muac_mm: Option<f64>,
    /// Head circumference in cm.
    pub head_cm: Option<f64>,
}

/// A measurement that passed the checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// When it was taken.
    pub date: Date,
    /// Weight in kg.
    pub weight_kg: Option<f64>,
    /// Length or height in cm.
    pub length_height_cm: Option<f64>,
    /// How length/height was taken, if said.
    pub measured: Option<Position>,
    /// Bilateral pitting oedema.
    pub oedema: bool,
    /// MUAC in mm.
    pub muac_mm: Option<f64>,
    /// Head circumference in cm.
    pub head_cm: Option<f64>,
}

/// The accepted range of each number: wide enough for any child or adult
/// a scale can weigh, narrow enough to catch a slipped decimal point.
pub const RANGES: [(&str, f64, f64); 4] =
    [("weight_kg", 0.3, 250.0), ("length_height_cm", 25.0, 250.0), ("muac_mm", 50.0, 500.0), ("head_cm", 15.0, 75.0)];

fn in_range(field: &str, v: Option<f64>) -> Result<Option<f64>, Problem> {
    let Some(v) = v else { return Ok(None) };
    let (_, lo, hi) = RANGES.iter().find(|(f, _, _)| *f == field).copied().unwrap_or((field, f64::MIN, f64::MAX));
    if v.is_finite() && (lo..=hi).contains(&v) { Ok(Some(v)) } else { Err(Problem::OutOfRange) }
}

impl MeasurementInput {
    /// Checks every field at once; `born` is the child's birth date if
    /// known (a measurement cannot precede it).
    pub fn check(&self, born: Option<Date>, today: Date) -> Result<Measurement, Invalid> {
        let mut inv = Invalid::new();
        let date = inv.check(
            "date",
            crate::birth::parse_iso_date(self.date.trim()).and_then(|d| {
                if d > today {
                    Err(Problem::FutureDate)
                } else if born.is_some_and(|b| d < b) {
                    Err(Problem::BeforeBirth)
                } else {
                    Ok(d)
                }
            }),
        );
        let weight_kg = inv.check("weight_kg", in_range("weight_kg", self.weight_kg)).flatten();
        let length_height_cm =
            inv.check("length_height_cm", in_range("length_height_cm", self.length_height_cm)).flatten();
        let muac_mm = inv.check("muac_mm", in_range("muac_mm", self.muac_mm)).flatten();
        let head_cm = inv.check("head_cm", in_range("head_cm", self.head_cm)).flatten();
        let measured = match self.measured.trim() {
            "" => None,
            code => inv.check("measured", Position::parse(code)),
        };
        let nothing = [self.weight_kg, self.length_height_cm, self.muac_mm, self.head_cm].iter().all(Option::is_none);
        if nothing && !self.oedema {
            inv.add("weight_kg", Problem::Required);
        }
        match (inv.is_empty(), date) {
            (true, Some(date)) => {
                Ok(Measurement { date, weight_kg, length_height_cm, measured, oedema: self.oedema, muac_mm, head_cm })
            }
            _ => Err(inv),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 28);

    fn input() -> MeasurementInput {
        MeasurementInput { date: "2026-11-20".into(), weight_kg: Some(7.2), ..Default::default() }
    }

    #[test]
    fn a_plain_weighing_passes() {
        let m = input().check(Some(date!(2025 - 06 - 01)), TODAY).expect("valid");
        assert_eq!(m.weight_kg, Some(7.2));
        assert_eq!(m.measured, None);
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let bad = MeasurementInput {
            date: "2026-12-01".into(),
            weight_kg: Some(72.0 * 10.0),
            length_height_cm: Some(f64::NAN),
            measured: "sitting".into(),
            muac_mm: Some(11.5),
            head_cm: Some(-1.0),
            oedema: false,
        };
        let err = bad.check(None, TODAY).expect_err("invalid");
        assert_eq!(err.of("date"), Some(Problem::FutureDate));
        assert_eq!(err.of("weight_kg"), Some(Problem::OutOfRange));
        assert_eq!(err.of("length_height_cm"), Some(Problem::OutOfRange));
        assert_eq!(err.of("measured"), Some(Problem::NotAllowed));
        assert_eq!(err.of("muac_mm"), Some(Problem::OutOfRange), "11.5 is cm, not mm");
        assert_eq!(err.of("head_cm"), Some(Problem::OutOfRange));
    }

    #[test]
    fn before_birth_and_empty_are_refused() {
        let early = input().check(Some(date!(2026 - 11 - 21)), TODAY).expect_err("before birth");
        assert_eq!(early.of("date"), Some(Problem::BeforeBirth));
        let empty = MeasurementInput { date: "2026-11-20".into(), ..Default::default() };
        assert_eq!(empty.check(None, TODAY).expect_err("nothing measured").of("weight_kg"), Some(Problem::Required));
        let oedema_only = MeasurementInput { date: "2026-11-20".into(), oedema: true, ..Default::default() };
        assert!(oedema_only.check(None, TODAY).is_ok(), "oedema alone is a finding");
    }
}
