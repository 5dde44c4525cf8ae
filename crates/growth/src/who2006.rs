//! The WHO Child Growth Standards (2006), 0–5 years, computed exactly as
//! WHO's R package `anthro` (`anthro_zscores`) computes them.
//!
//! The rules, in the order they apply (see `shared/who-growth/README.md`):
//! age in days is rounded half up; a standing height under 9 months is
//! implausible and loses its position; length and height are converted by
//! ±0.7 cm to the position the table expects; BMI uses the converted
//! length/height; age-based indicators look up the row for the exact day;
//! weight-for-length/height interpolates between 0.1 cm rows; weight-based
//! indicators use the restricted application beyond ±3 SD; every z-score is
//! rounded to 2 decimals as R rounds and flagged from the rounded value.

use crate::lms::{zscore, zscore_restricted};
use crate::tables::{self, Lms, Table};
use crate::{Age, DAYS_PER_MONTH, FlagLimits, Measure, Sex, Zscore, positive};

/// One child's measurements, as WHO's `anthro_zscores` takes them. Every
/// field may be missing; each z-score needs only its own inputs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Observation {
    /// Sex; without it no z-score is computed.
    pub sex: Option<Sex>,
    /// Age at the measurement. A negative age counts as missing.
    pub age: Option<Age>,
    /// Weight in kg.
    pub weight_kg: Option<f64>,
    /// Length or height in cm, as measured.
    pub lenhei_cm: Option<f64>,
    /// How the length or height was measured, if known.
    pub measure: Option<Measure>,
    /// Bilateral pitting oedema.
    pub oedema: bool,
    /// Head circumference in cm.
    pub head_cm: Option<f64>,
    /// Mid-upper arm circumference (MUAC) in **cm**.
    pub muac_cm: Option<f64>,
    /// Triceps skinfold in mm.
    pub triceps_mm: Option<f64>,
    /// Subscapular skinfold in mm.
    pub subscapular_mm: Option<f64>,
}

/// The cleaned inputs and all z-scores of one observation; field names are
/// those of `anthro_zscores`' output.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// Age in completed days, rounded half up.
    pub age_days: Option<i64>,
    /// Age in months, not rounded.
    pub age_months: Option<f64>,
    /// Length/height after the ±0.7 cm position correction.
    pub clenhei: Option<f64>,
    /// The measurement position used (missing after the under-9-months rule).
    pub cmeasure: Option<Measure>,
    /// A standing height under 9 months of age: the position was implausible.
    pub c9mo_flag: bool,
    /// BMI from the weight and the corrected length/height.
    pub cbmi: Option<f64>,
    /// Sex used.
    pub csex: Option<Sex>,
    /// Whether the child has oedema (weight-based z-scores are then absent).
    pub oedema: bool,
    /// Length/height-for-age.
    pub zlen: Option<Zscore>,
    /// Weight-for-age.
    pub zwei: Option<Zscore>,
    /// Weight-for-length (under 2 years) or weight-for-height.
    pub zwfl: Option<Zscore>,
    /// BMI-for-age.
    pub zbmi: Option<Zscore>,
    /// Head circumference-for-age.
    pub zhc: Option<Zscore>,
    /// Arm circumference (MUAC)-for-age, from 3 months (91 days).
    pub zac: Option<Zscore>,
    /// Triceps skinfold-for-age, from 3 months.
    pub zts: Option<Zscore>,
    /// Subscapular skinfold-for-age, from 3 months.
    pub zss: Option<Zscore>,
}

/// The last day anthro accepts for age-based indicators (the age-in-months
/// < 60 rule ends them at 1826 days in practice).
const MAX_AGE_DAYS: i64 = 1856;
/// The first day of the MUAC and skinfold tables.
const FROM_3_MONTHS: i64 = 91;
/// Day 731 (24 months) is where length gives way to height.
const HEIGHT_FROM_DAY: i64 = 731;

/// `floor(x) + (x - floor(x) >= 0.5)`: anthro's `round_up`.
#[inline]
fn round_half_up(x: f64) -> f64 {
    let f = floor(x);
    f + if x - f >= 0.5 { 1.0 } else { 0.0 }
}

/// `floor`, exact for every |x| < 2^52 and cheaper than libm's call on the
/// baseline x86-64 target; larger values are already whole.
#[inline]
fn floor(x: f64) -> f64 {
    if x.abs() >= 4_503_599_627_370_496.0 || x.is_nan() {
        return x;
    }
    let t = x as i64 as f64;
    if t > x { t - 1.0 } else { t }
}

/// Age in days (rounded half up) and in months (unrounded); a negative or
/// non-finite age counts as missing.
#[inline]
fn ages(age: Option<Age>) -> (Option<i64>, Option<f64>) {
    let (days, months) = match age {
        Some(Age::Days(d)) => (round_half_up(d), d / DAYS_PER_MONTH),
        Some(Age::Months(m)) => (round_half_up(m * DAYS_PER_MONTH), m),
        None => return (None, None),
    };
    if !(days.is_finite() && months.is_finite()) || days < 0.0 || months < 0.0 {
        return (None, None);
    }
    (Some(days as i64), Some(months))
}

/// Computes every 0–5-year z-score of one observation.
pub fn zscores(obs: &Observation) -> Scores {
    let (age_days, age_months) = ages(obs.age);
    let sex = obs.sex;

    // A standing height before 9 months is implausible: drop the position,
    // and so the correction, and say so.
    let c9mo_flag = obs.measure == Some(Measure::Standing) && age_months.is_some_and(|m| m < 9.0);
    let cmeasure = if c9mo_flag { None } else { obs.measure };

    let clenhei = obs.lenhei_cm.filter(|v| !v.is_nan()).map(|l| match (age_days, cmeasure) {
        (Some(d), Some(Measure::Standing)) if d < HEIGHT_FROM_DAY => l + 0.7,
        (Some(d), Some(Measure::Lying)) if d >= HEIGHT_FROM_DAY => l - 0.7,
        _ => l,
    });
    let weight = obs.weight_kg.filter(|v| !v.is_nan());
    let cbmi = match (weight, clenhei) {
        (Some(w), Some(l)) => {
            let m = l / 100.0;
            Some(w / (m * m))
        }
        _ => None,
    };

    let by_age = AgeContext { sex, age_days, age_months };
    let plain = FlagLimits::symmetric(6.0);
    let five = FlagLimits::symmetric(5.0);
    let not_oedema = !obs.oedema;

    Scores {
        age_days,
        age_months,
        clenhei,
        cmeasure,
        c9mo_flag,
        cbmi,
        csex: sex,
        oedema: obs.oedema,
        zlen: by_age.score(&tables::LENGTH_HEIGHT_FOR_AGE, clenhei, false, plain, 0, true),
        zwei: by_age.score(&tables::WEIGHT_FOR_AGE, weight, true, FlagLimits::new(-6.0, 5.0), 0, not_oedema),
        zwfl: weight_for_lenhei(sex, age_days, age_months, weight, clenhei, cmeasure, obs.oedema),
        zbmi: by_age.score(&tables::BMI_FOR_AGE, cbmi, true, five, 0, not_oedema),
        zhc: by_age.score(&tables::HEAD_CIRCUMFERENCE_FOR_AGE, obs.head_cm, false, five, 0, true),
        zac: by_age.score(&tables::ARM_CIRCUMFERENCE_FOR_AGE, obs.muac_cm, true, five, FROM_3_MONTHS, true),
        zts: by_age.score(&tables::TRICEPS_SKINFOLD_FOR_AGE, obs.triceps_mm, true, five, FROM_3_MONTHS, true),
        zss: by_age.score(&tables::SUBSCAPULAR_SKINFOLD_FOR_AGE, obs.subscapular_mm, true, five, FROM_3_MONTHS, true),
    }
}

/// What every age-indexed indicator needs to know about the child.
struct AgeContext {
    sex: Option<Sex>,
    age_days: Option<i64>,
    age_months: Option<f64>,
}

impl AgeContext {
    /// One age-indexed indicator (`anthro_zscore_adjusted`): exact row for
    /// the day, plain or restricted LMS, valid only within the allowed ages,
    /// under 60 months and when `valid` holds (no oedema for weight and BMI).
    #[inline]
    fn score(
        &self,
        table: &Table,
        measurement: Option<f64>,
        restricted: bool,
        limits: FlagLimits,
        min_age_days: i64,
        valid: bool,
    ) -> Option<Zscore> {
        let y = positive(measurement)?;
        let sex = self.sex?;
        let day = self.age_days?;
        if !valid || day < min_age_days || day > MAX_AGE_DAYS || self.age_months? >= 60.0 {
            return None;
        }
        let p = table.row(sex, day)?;
        let raw = if restricted { zscore_restricted(y, p) } else { zscore(y, p) };
        limits.score(raw)
    }
}

/// Weight-for-length (under 731 days) or weight-for-height, interpolated
/// between the 0.1 cm rows (`anthro_zscore_weight_for_lenhei`).
fn weight_for_lenhei(
    sex: Option<Sex>,
    age_days: Option<i64>,
    age_months: Option<f64>,
    weight: Option<f64>,
    clenhei: Option<f64>,
    cmeasure: Option<Measure>,
    oedema: bool,
) -> Option<Zscore> {
    let sex = sex?;
    let y = weight?;
    let lenhei = clenhei?;
    if oedema {
        return None;
    }
    // The table follows the age; without an age, the position; without
    // either, 87 cm decides.
    let use_length = match (age_days, cmeasure) {
        (Some(d), _) => d < HEIGHT_FROM_DAY,
        (None, Some(m)) => m == Measure::Lying,
        (None, None) => lenhei < 87.0,
    };
    let (table, lo, hi) =
        if use_length { (&tables::WEIGHT_FOR_LENGTH, 45.0, 110.0) } else { (&tables::WEIGHT_FOR_HEIGHT, 65.0, 120.0) };
    if !(lo..=hi).contains(&lenhei) {
        return None;
    }
    // Age, when known, must be within the standards; without an age anthro
    // still computes this one indicator.
    if age_days.is_some_and(|d| d > MAX_AGE_DAYS) || age_months.is_some_and(|m| m >= 60.0) {
        return None;
    }
    let p = interpolate_lenhei(table, sex, lenhei)?;
    FlagLimits::symmetric(5.0).score(zscore_restricted(y, p))
}

/// L, M and S at `lenhei`, interpolated between the rows either side, with
/// anthro's exact arithmetic.
#[inline]
fn interpolate_lenhei(table: &Table, sex: Sex, lenhei: f64) -> Option<Lms> {
    // lenhei is within 45–120 cm here, so `as i64` is an exact trunc.
    let low_tenths = (lenhei * 10.0) as i64 as f64;
    let upp_tenths = (lenhei * 10.0 + 1.0) as i64 as f64;
    let low_lenhei = low_tenths / 10.0;
    let diff = (lenhei - low_lenhei) / 0.1;
    let low = table.row(sex, low_tenths as i64)?;
    if diff > 0.0 {
        let upp = table.row(sex, upp_tenths as i64)?;
        Some(low.toward(upp, diff))
    } else {
        Some(low)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_days_round_up() {
        assert_eq!(round_half_up(730.49), 730.0);
        assert_eq!(round_half_up(730.5), 731.0);
        assert_eq!(floor(-0.5), -1.0);
        assert_eq!(floor(2.0), 2.0);
        assert_eq!(ages(Some(Age::Months(24.0))).0, Some(731));
        assert_eq!(ages(Some(Age::Days(-1.0))), (None, None));
    }

    #[test]
    fn tables_cover_the_documented_ranges() {
        use crate::Curve;
        assert_eq!(Curve::WeightForAge.index_range(), (0, 1826));
        assert_eq!(Curve::ArmCircumferenceForAge.index_range(), (91, 1826));
        assert_eq!(Curve::WeightForLength.index_range(), (450, 1100));
        assert_eq!(Curve::WeightForHeight.index_range(), (650, 1200));
        assert_eq!(Curve::HeightForAge2007.index_range(), (60, 229));
        assert_eq!(Curve::WeightForAge2007.index_range(), (60, 121));
    }

    #[test]
    fn standing_under_nine_months_is_flagged_and_uncorrected() {
        let s = zscores(&Observation {
            sex: Some(Sex::Male),
            age: Some(Age::Days(200.0)),
            lenhei_cm: Some(65.0),
            measure: Some(Measure::Standing),
            ..Default::default()
        });
        assert!(s.c9mo_flag);
        assert_eq!(s.cmeasure, None);
        assert_eq!(s.clenhei, Some(65.0));
    }
}
