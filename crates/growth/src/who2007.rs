//! The WHO Growth Reference (2007), 5–19 years, computed exactly as WHO's R
//! package `anthroplus` (`anthroplus_zscores`) computes it: age in decimal
//! months, L, M and S interpolated between whole months, no position
//! correction (height is always standing), restricted LMS beyond ±3 SD for
//! weight and BMI, R's rounding, flags from the rounded value.

use crate::lms::{zscore, zscore_restricted};
use crate::tables::{self, Lms, Table};
use crate::{FlagLimits, Sex, Zscore, positive};

/// One child's measurements, as `anthroplus_zscores` takes them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Observation {
    /// Sex; without it no z-score is computed.
    pub sex: Option<Sex>,
    /// Age in months (decimal). A negative age counts as missing.
    pub age_months: Option<f64>,
    /// Standing height in cm.
    pub height_cm: Option<f64>,
    /// Weight in kg.
    pub weight_kg: Option<f64>,
    /// Bilateral pitting oedema.
    pub oedema: bool,
}

/// The cleaned inputs and z-scores of one observation; field names are
/// those of `anthroplus_zscores`' output.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// Sex used.
    pub csex: Option<Sex>,
    /// BMI from weight and height.
    pub cbmi: Option<f64>,
    /// Whether the child has oedema (weight-based z-scores are then absent).
    pub oedema: bool,
    /// Height-for-age, 60–228 months.
    pub zhfa: Option<Zscore>,
    /// Weight-for-age, 60–120 months.
    pub zwfa: Option<Zscore>,
    /// BMI-for-age, 60–228 months.
    pub zbfa: Option<Zscore>,
}

/// Months from which the reference applies.
const FROM_MONTHS: f64 = 60.0;
/// Months to which height and BMI apply.
const TO_MONTHS: f64 = 228.0;
/// Months to which weight-for-age applies.
const WEIGHT_TO_MONTHS: f64 = 120.0;

/// Computes the 5–19-year z-scores of one observation.
pub fn zscores(obs: &Observation) -> Scores {
    let age = obs.age_months.filter(|a| a.is_finite() && *a >= 0.0);
    let height = positive(obs.height_cm);
    let weight = positive(obs.weight_kg);
    let cbmi = match (weight, height) {
        (Some(w), Some(h)) => {
            let m = h / 100.0;
            Some(w / (m * m))
        }
        _ => None,
    };
    let ctx = Context { sex: obs.sex, age };
    let not_oedema = !obs.oedema;
    Scores {
        csex: obs.sex,
        cbmi,
        oedema: obs.oedema,
        zhfa: ctx.score(&tables::HEIGHT_FOR_AGE_2007, height, false, TO_MONTHS, FlagLimits::symmetric(6.0)),
        zwfa: ctx.score(
            &tables::WEIGHT_FOR_AGE_2007,
            weight.filter(|_| not_oedema),
            true,
            WEIGHT_TO_MONTHS,
            FlagLimits::new(-6.0, 5.0),
        ),
        zbfa: ctx.score(
            &tables::BMI_FOR_AGE_2007,
            cbmi.filter(|_| not_oedema),
            true,
            TO_MONTHS,
            FlagLimits::symmetric(5.0),
        ),
    }
}

struct Context {
    sex: Option<Sex>,
    age: Option<f64>,
}

impl Context {
    /// One indicator (`zscore_indicator`): interpolate between whole months,
    /// compute, then keep it only inside the inclusive age range.
    #[inline]
    fn score(
        &self,
        table: &Table,
        measurement: Option<f64>,
        restricted: bool,
        to: f64,
        limits: FlagLimits,
    ) -> Option<Zscore> {
        let y = measurement?;
        let sex = self.sex?;
        let age = self.age?;
        if !(FROM_MONTHS..=to).contains(&age) {
            return None;
        }
        let p = interpolate_months(table, sex, age)?;
        let raw = if restricted { zscore_restricted(y, p) } else { zscore(y, p) };
        limits.score(raw)
    }
}

/// L, M and S at a decimal age, as anthroplus interpolates them.
#[inline]
fn interpolate_months(table: &Table, sex: Sex, age: f64) -> Option<Lms> {
    // age is within 60–228 months here, so `as i64` is an exact trunc.
    let low_age = age as i64 as f64;
    let upp_age = (age + 1.0) as i64 as f64;
    let diff = age - low_age;
    let low = table.row(sex, low_age as i64)?;
    if diff > 0.0 {
        let upp = table.row(sex, upp_age as i64)?;
        Some(low.toward(upp, diff))
    } else {
        Some(low)
    }
}
