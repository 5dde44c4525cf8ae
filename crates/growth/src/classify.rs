//! Nutritional status of one child from its z-scores, with WHO's cut-offs.
//!
//! A flagged z-score is never classified: it gives
//! [`Grade::Implausible`], which asks for the child to be measured again.
//! Bilateral pitting oedema counts as below −3 SD for the weight-based
//! indicators, as WHO's prevalence does.

use crate::Zscore;
use crate::who2006;
use crate::who2007;

/// Grade of a deficit (stunting, underweight, wasting, thinness).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grade {
    /// z ≥ −2.
    No,
    /// −3 ≤ z < −2.
    Moderate,
    /// z < −3 (or oedema, for weight-based indicators).
    Severe,
    /// The z-score is flagged as implausible: measure again.
    Implausible,
}

impl Grade {
    /// A stable code for files and APIs: `no`, `moderate`, `severe`,
    /// `implausible`.
    pub fn code(self) -> &'static str {
        match self {
            Grade::No => "no",
            Grade::Moderate => "moderate",
            Grade::Severe => "severe",
            Grade::Implausible => "implausible",
        }
    }

    /// True for moderate and severe: the child counts as stunted, wasted…
    pub fn is_deficit(self) -> bool {
        matches!(self, Grade::Moderate | Grade::Severe)
    }

    fn of(z: Option<Zscore>) -> Option<Grade> {
        let z = z?;
        Some(if z.flag {
            Grade::Implausible
        } else if z.z < -3.0 {
            Grade::Severe
        } else if z.z < -2.0 {
            Grade::Moderate
        } else {
            Grade::No
        })
    }

    fn of_weight_based(z: Option<Zscore>, oedema: bool) -> Option<Grade> {
        if oedema { Some(Grade::Severe) } else { Grade::of(z) }
    }
}

/// Grade of an excess (overweight, obesity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Excess {
    /// At or below the overweight cut-off.
    No,
    /// Above the overweight cut-off, at or below the obesity cut-off.
    Overweight,
    /// Above the obesity cut-off.
    Obese,
    /// The z-score is flagged as implausible: measure again.
    Implausible,
}

impl Excess {
    /// A stable code: `no`, `overweight`, `obese`, `implausible`.
    pub fn code(self) -> &'static str {
        match self {
            Excess::No => "no",
            Excess::Overweight => "overweight",
            Excess::Obese => "obese",
            Excess::Implausible => "implausible",
        }
    }

    fn of(z: Option<Zscore>, oedema: bool, overweight_above: f64, obese_above: f64) -> Option<Excess> {
        if oedema {
            return Some(Excess::No);
        }
        let z = z?;
        Some(if z.flag {
            Excess::Implausible
        } else if z.z > obese_above {
            Excess::Obese
        } else if z.z > overweight_above {
            Excess::Overweight
        } else {
            Excess::No
        })
    }
}

/// Acute malnutrition of a child of 6–59 months (WHO/UNICEF 2009, WHO 2013).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AcuteMalnutrition {
    /// Neither SAM nor MAM.
    None,
    /// Moderate: 115 ≤ MUAC < 125 mm, or −3 ≤ WHZ < −2.
    Mam,
    /// Severe: MUAC < 115 mm, or WHZ < −3, or bilateral pitting oedema.
    Sam,
    /// Not SAM on the plausible evidence, but a measurement that could
    /// decide it is flagged as implausible: measure again.
    Implausible,
}

impl AcuteMalnutrition {
    /// Every classification.
    pub const ALL: [AcuteMalnutrition; 4] =
        [AcuteMalnutrition::None, AcuteMalnutrition::Mam, AcuteMalnutrition::Sam, AcuteMalnutrition::Implausible];

    /// A stable code: `none`, `mam`, `sam`, `implausible`.
    pub fn code(self) -> &'static str {
        match self {
            AcuteMalnutrition::None => "none",
            AcuteMalnutrition::Mam => "mam",
            AcuteMalnutrition::Sam => "sam",
            AcuteMalnutrition::Implausible => "implausible",
        }
    }
}

/// MUAC cut-offs, in cm as the engine takes MUAC.
const SAM_MUAC_CM: f64 = 11.5;
const MAM_MUAC_CM: f64 = 12.5;

/// Acute malnutrition from MUAC, weight-for-length/height and oedema.
/// `None` outside 6–59 months or with no usable MUAC, WHZ or oedema.
pub fn acute_malnutrition(scores: &who2006::Scores, muac_cm: Option<f64>) -> Option<AcuteMalnutrition> {
    let months = scores.age_months?;
    if !(6.0..60.0).contains(&months) {
        return None;
    }
    if scores.oedema {
        return Some(AcuteMalnutrition::Sam);
    }
    // A MUAC whose z-score is flagged is not evidence either way.
    let muac_flagged = scores.zac.is_some_and(|z| z.flag);
    let muac = crate::positive(muac_cm).filter(|_| !muac_flagged);
    let whz = scores.zwfl.filter(|z| !z.flag).map(|z| z.z);
    let implausible = muac_flagged || scores.zwfl.is_some_and(|z| z.flag);

    if muac.is_some_and(|m| m < SAM_MUAC_CM) || whz.is_some_and(|z| z < -3.0) {
        return Some(AcuteMalnutrition::Sam);
    }
    if implausible {
        return Some(AcuteMalnutrition::Implausible);
    }
    if muac.is_some_and(|m| m < MAM_MUAC_CM) || whz.is_some_and(|z| z < -2.0) {
        return Some(AcuteMalnutrition::Mam);
    }
    if muac.is_some() || whz.is_some() { Some(AcuteMalnutrition::None) } else { None }
}

/// The nutritional status of a child under five.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Under5 {
    /// Length/height-for-age below −2 (severe: below −3).
    pub stunting: Option<Grade>,
    /// Weight-for-age below −2 (severe: below −3; oedema counts as severe).
    pub underweight: Option<Grade>,
    /// Weight-for-length/height below −2 (severe: below −3; oedema counts
    /// as severe).
    pub wasting: Option<Grade>,
    /// Weight-for-length/height above +2 (overweight) or +3 (obese).
    pub overweight: Option<Excess>,
    /// SAM or MAM, 6–59 months.
    pub acute_malnutrition: Option<AcuteMalnutrition>,
}

/// Classifies a child under five from its scores (and raw MUAC in cm).
pub fn under5(scores: &who2006::Scores, muac_cm: Option<f64>) -> Under5 {
    // Oedema only counts where WHO's prevalence counts it: under 1827 days
    // or with no age.
    let oedema = scores.oedema && scores.age_days.is_none_or(|d| d <= 1826);
    Under5 {
        stunting: Grade::of(scores.zlen),
        underweight: Grade::of_weight_based(scores.zwei, oedema),
        wasting: Grade::of_weight_based(scores.zwfl, oedema),
        overweight: Excess::of(scores.zwfl, oedema, 2.0, 3.0),
        acute_malnutrition: acute_malnutrition(scores, muac_cm),
    }
}

/// The nutritional status of a child or adolescent of 5–19 years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct From5To19 {
    /// Height-for-age below −2 (severe: below −3).
    pub stunting: Option<Grade>,
    /// Weight-for-age below −2 (severe: below −3), to 10 years.
    pub underweight: Option<Grade>,
    /// BMI-for-age below −2 (severe thinness: below −3).
    pub thinness: Option<Grade>,
    /// BMI-for-age above +1 (overweight) or +2 (obese), WHO 2007's cut-offs.
    pub overweight: Option<Excess>,
}

/// Classifies a child of 5–19 years from its scores.
pub fn from5to19(scores: &who2007::Scores) -> From5To19 {
    From5To19 {
        stunting: Grade::of(scores.zhfa),
        underweight: Grade::of_weight_based(scores.zwfa, scores.oedema),
        thinness: Grade::of_weight_based(scores.zbfa, scores.oedema),
        overweight: Excess::of(scores.zbfa, scores.oedema, 1.0, 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Age, Sex};

    fn child(months: f64, weight: f64, length: f64, muac: Option<f64>, oedema: bool) -> (who2006::Scores, Option<f64>) {
        let obs = who2006::Observation {
            sex: Some(Sex::Female),
            age: Some(Age::Months(months)),
            weight_kg: Some(weight),
            lenhei_cm: Some(length),
            measure: Some(crate::Measure::Lying),
            oedema,
            muac_cm: muac,
            ..Default::default()
        };
        (who2006::zscores(&obs), muac)
    }

    #[test]
    fn muac_thresholds_are_strict_at_115_and_125_mm() {
        let (s, m) = child(12.0, 9.0, 74.0, Some(11.4), false);
        assert_eq!(acute_malnutrition(&s, m), Some(AcuteMalnutrition::Sam));
        let (s, m) = child(12.0, 9.0, 74.0, Some(11.5), false);
        assert_eq!(acute_malnutrition(&s, m), Some(AcuteMalnutrition::Mam));
        let (s, m) = child(12.0, 9.0, 74.0, Some(12.5), false);
        assert_eq!(acute_malnutrition(&s, m), Some(AcuteMalnutrition::None));
    }

    #[test]
    fn oedema_is_sam_and_severe_wasting() {
        let (s, m) = child(20.0, 9.0, 80.0, None, true);
        assert_eq!(s.zwfl, None);
        let c = under5(&s, m);
        assert_eq!(c.acute_malnutrition, Some(AcuteMalnutrition::Sam));
        assert_eq!(c.wasting, Some(Grade::Severe));
        assert_eq!(c.underweight, Some(Grade::Severe));
    }

    #[test]
    fn not_applicable_under_six_months() {
        let (s, m) = child(3.0, 4.0, 58.0, Some(10.0), false);
        assert_eq!(acute_malnutrition(&s, m), None);
    }

    #[test]
    fn severe_wasting_by_whz() {
        let (s, m) = child(24.0, 8.0, 85.0, None, false);
        let z = s.zwfl.expect("computable");
        assert!(z.z < -3.0 && !z.flag, "{z:?}");
        assert_eq!(acute_malnutrition(&s, m), Some(AcuteMalnutrition::Sam));
        assert_eq!(under5(&s, m).wasting, Some(Grade::Severe));
    }

    #[test]
    fn flagged_scores_are_not_classified() {
        let (s, m) = child(24.0, 30.0, 85.0, None, false);
        assert!(s.zwfl.is_some_and(|z| z.flag));
        assert_eq!(under5(&s, m).overweight, Some(Excess::Implausible));
        assert_eq!(acute_malnutrition(&s, m), Some(AcuteMalnutrition::Implausible));
    }
}
