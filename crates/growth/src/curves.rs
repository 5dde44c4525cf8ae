//! The reference curves themselves: L, M and S of a table row, and the
//! measurement at a given number of standard deviations, for growth charts
//! and for checking the engine.

use crate::Sex;
use crate::lms;
use crate::tables::{self, Table};

pub use crate::tables::Lms;

/// Every LMS table of the 2006 standards and the 2007 reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Curve {
    /// Length (0–730 days) or height (731–1826 days) for age; index in days.
    LengthHeightForAge,
    /// Weight-for-age, 0–1826 days; index in days.
    WeightForAge,
    /// Weight-for-length, 45–110 cm; index in tenths of a centimetre.
    WeightForLength,
    /// Weight-for-height, 65–120 cm; index in tenths of a centimetre.
    WeightForHeight,
    /// BMI-for-age, 0–1826 days; index in days.
    BmiForAge,
    /// Head circumference-for-age, 0–1826 days; index in days.
    HeadCircumferenceForAge,
    /// MUAC-for-age, 91–1826 days; index in days.
    ArmCircumferenceForAge,
    /// Triceps skinfold-for-age, 91–1826 days; index in days.
    TricepsSkinfoldForAge,
    /// Subscapular skinfold-for-age, 91–1826 days; index in days.
    SubscapularSkinfoldForAge,
    /// 2007 height-for-age, 60–229 months; index in months.
    HeightForAge2007,
    /// 2007 weight-for-age, 60–121 months; index in months.
    WeightForAge2007,
    /// 2007 BMI-for-age, 60–229 months; index in months.
    BmiForAge2007,
}

impl Curve {
    /// All curves.
    pub const ALL: [Curve; 12] = [
        Curve::LengthHeightForAge,
        Curve::WeightForAge,
        Curve::WeightForLength,
        Curve::WeightForHeight,
        Curve::BmiForAge,
        Curve::HeadCircumferenceForAge,
        Curve::ArmCircumferenceForAge,
        Curve::TricepsSkinfoldForAge,
        Curve::SubscapularSkinfoldForAge,
        Curve::HeightForAge2007,
        Curve::WeightForAge2007,
        Curve::BmiForAge2007,
    ];

    fn table(self) -> &'static Table {
        match self {
            Curve::LengthHeightForAge => &tables::LENGTH_HEIGHT_FOR_AGE,
            Curve::WeightForAge => &tables::WEIGHT_FOR_AGE,
            Curve::WeightForLength => &tables::WEIGHT_FOR_LENGTH,
            Curve::WeightForHeight => &tables::WEIGHT_FOR_HEIGHT,
            Curve::BmiForAge => &tables::BMI_FOR_AGE,
            Curve::HeadCircumferenceForAge => &tables::HEAD_CIRCUMFERENCE_FOR_AGE,
            Curve::ArmCircumferenceForAge => &tables::ARM_CIRCUMFERENCE_FOR_AGE,
            Curve::TricepsSkinfoldForAge => &tables::TRICEPS_SKINFOLD_FOR_AGE,
            Curve::SubscapularSkinfoldForAge => &tables::SUBSCAPULAR_SKINFOLD_FOR_AGE,
            Curve::HeightForAge2007 => &tables::HEIGHT_FOR_AGE_2007,
            Curve::WeightForAge2007 => &tables::WEIGHT_FOR_AGE_2007,
            Curve::BmiForAge2007 => &tables::BMI_FOR_AGE_2007,
        }
    }

    /// Whether WHO restricts this indicator beyond ±3 SD (the weight-based
    /// and skinfold indicators) or uses the plain LMS formula.
    pub fn restricted(self) -> bool {
        !matches!(self, Curve::LengthHeightForAge | Curve::HeadCircumferenceForAge | Curve::HeightForAge2007)
    }

    /// The first and last index of the table.
    pub fn index_range(self) -> (i64, i64) {
        let t = self.table();
        (t.first, t.first + t.rows[0].len() as i64 - 1)
    }

    /// L, M and S of the row at `index` (days, months or tenths of a cm).
    pub fn lms(self, sex: Sex, index: i64) -> Option<Lms> {
        self.table().row(sex, index)
    }

    /// The measurement on the `sd` curve at `index`:
    /// `M * (1 + L*S*sd)^(1/L)`. Charts draw −3…+3 from this.
    pub fn value_at_sd(self, sex: Sex, index: i64, sd: f64) -> Option<f64> {
        self.lms(sex, index).map(|p| lms::value_at_sd(p, sd))
    }

    /// The unrounded z-score of `measurement` at `index`, plain or
    /// restricted as WHO computes this indicator.
    pub fn raw_zscore(self, sex: Sex, index: i64, measurement: f64) -> Option<f64> {
        let p = self.lms(sex, index)?;
        Some(if self.restricted() { lms::zscore_restricted(measurement, p) } else { lms::zscore(measurement, p) })
    }
}
