//! # dugu-growth: WHO growth standards
//!
//! Z-scores, flags, nutritional classification and prevalence for children,
//! following WHO's own software to the last digit:
//!
//! * the **WHO Child Growth Standards (2006)**, 0–5 years, as WHO's R package
//!   `anthro` computes them ([`who2006`]);
//! * the **WHO Growth Reference (2007)**, 5–19 years, as WHO's R package
//!   `anthroplus` computes them ([`who2007`]);
//! * classification of stunting, underweight, wasting, overweight, obesity
//!   and acute malnutrition ([`classify`]);
//! * prevalence by WHO age group and sex with 95 % confidence intervals
//!   ([`prevalence`]).
//!
//! The LMS tables are WHO's published data, embedded at compile time. The
//! crate does no I/O and allocates nothing per measurement; it knows nothing
//! of files, HTTP or databases.
//!
//! ```
//! use dugu_growth::{who2006, Age, Measure, Sex};
//!
//! let child = who2006::Observation {
//!     sex: Some(Sex::Female),
//!     age: Some(Age::Months(18.0)),
//!     weight_kg: Some(8.1),
//!     lenhei_cm: Some(74.0),
//!     measure: Some(Measure::Lying),
//!     ..Default::default()
//! };
//! let s = who2006::zscores(&child);
//! assert_eq!(s.age_days, Some(548));
//! let zlen = s.zlen.expect("length-for-age is computable");
//! assert!(zlen.z < -2.0 && !zlen.flag); // stunted, and plausible
//! ```

pub mod classify;
pub mod curves;
mod lms;
pub mod prevalence;
mod tables;
pub mod who2006;
pub mod who2007;

pub use curves::{Curve, Lms};
pub use lms::r_round2;

/// Sex as WHO's tables code it: 1 = male, 2 = female.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Code 1.
    Male,
    /// Code 2.
    Female,
}

impl Sex {
    /// Reads WHO's sex codes as anthro does: `1`, `m`, `M` for male and `2`,
    /// `f`, `F` for female, after trimming. Anything else is `None`.
    pub fn parse(text: &str) -> Option<Sex> {
        match text.trim() {
            "1" | "m" | "M" => Some(Sex::Male),
            "2" | "f" | "F" => Some(Sex::Female),
            _ => None,
        }
    }

    /// WHO's numeric code (1 or 2).
    pub fn code(self) -> u8 {
        match self {
            Sex::Male => 1,
            Sex::Female => 2,
        }
    }

    #[inline]
    pub(crate) fn index(self) -> usize {
        usize::from(self.code() - 1)
    }
}

/// How a child's length or height was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// Recumbent length, child lying (`l`).
    Lying,
    /// Standing height (`h`).
    Standing,
}

impl Measure {
    /// Reads `l`/`L` or `h`/`H` after trimming; anything else is `None`.
    pub fn parse(text: &str) -> Option<Measure> {
        match text.trim() {
            "l" | "L" => Some(Measure::Lying),
            "h" | "H" => Some(Measure::Standing),
            _ => None,
        }
    }

    /// The code WHO's software writes: `l` or `h`.
    pub fn code(self) -> &'static str {
        match self {
            Measure::Lying => "l",
            Measure::Standing => "h",
        }
    }
}

/// A child's age as given: in days or in months (WHO's month is
/// 30.4375 days).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Age {
    /// Age in days (fractions are rounded half up to a whole day).
    Days(f64),
    /// Age in months.
    Months(f64),
}

/// WHO's average month: 365.25 / 12 days.
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// A z-score rounded to two decimals as WHO's software rounds it, with the
/// indicator's plausibility flag computed from the rounded value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Zscore {
    /// The z-score, rounded to 2 decimals.
    pub z: f64,
    /// `true` when the z-score lies outside the indicator's plausible range
    /// (a likely measurement or data-entry error).
    pub flag: bool,
}

/// The plausibility limits of an indicator: flagged when `z < low` or
/// `z > high` (strict comparisons, as WHO's software).
#[derive(Debug, Clone, Copy)]
pub(crate) struct FlagLimits {
    low: f64,
    high: f64,
}

impl FlagLimits {
    pub(crate) const fn symmetric(limit: f64) -> FlagLimits {
        FlagLimits { low: -limit, high: limit }
    }
    pub(crate) const fn new(low: f64, high: f64) -> FlagLimits {
        FlagLimits { low, high }
    }

    /// Rounds `raw` as R does and flags it; `None` if `raw` is not finite.
    #[inline]
    pub(crate) fn score(self, raw: f64) -> Option<Zscore> {
        if raw.is_nan() {
            return None;
        }
        let z = r_round2(raw);
        Some(Zscore { z, flag: z < self.low || z > self.high })
    }
}

/// A measurement usable by the engine: present, a number, and above zero.
#[inline]
pub(crate) fn positive(x: Option<f64>) -> Option<f64> {
    x.filter(|v| *v > 0.0)
}
