//! Prevalence of malnutrition in a group of children under five, by WHO age
//! group and sex, as WHO's `anthro_prevalence` defines it: flagged z-scores
//! are left out, children with oedema count as below −3 SD of the
//! weight-based indicators, only ages up to 1826 days (or unknown) count.
//!
//! Confidence intervals are 95 % Wilson score intervals for a simple random
//! sample; WHO's survey-design estimates (clusters, strata, weights) are not
//! modelled.

use crate::who2006::Scores;
use crate::{Sex, Zscore};

/// WHO's age groups for children under five, on the unrounded age in months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgeGroup {
    /// 0–5 months.
    M0To5,
    /// 6–11 months.
    M6To11,
    /// 12–23 months.
    M12To23,
    /// 24–35 months.
    M24To35,
    /// 36–47 months.
    M36To47,
    /// 48–59 months.
    M48To59,
}

impl AgeGroup {
    /// All groups, youngest first.
    pub const ALL: [AgeGroup; 6] =
        [AgeGroup::M0To5, AgeGroup::M6To11, AgeGroup::M12To23, AgeGroup::M24To35, AgeGroup::M36To47, AgeGroup::M48To59];

    /// The group of an age in months; `None` from 60 months or for a
    /// negative age.
    pub fn of_months(months: f64) -> Option<AgeGroup> {
        Some(match months {
            m if m < 0.0 || m.is_nan() => return None,
            m if m < 6.0 => AgeGroup::M0To5,
            m if m < 12.0 => AgeGroup::M6To11,
            m if m < 24.0 => AgeGroup::M12To23,
            m if m < 36.0 => AgeGroup::M24To35,
            m if m < 48.0 => AgeGroup::M36To47,
            m if m < 60.0 => AgeGroup::M48To59,
            _ => return None,
        })
    }

    /// WHO's label for the group, e.g. `00-05 mo`.
    pub fn label(self) -> &'static str {
        match self {
            AgeGroup::M0To5 => "00-05 mo",
            AgeGroup::M6To11 => "06-11 mo",
            AgeGroup::M12To23 => "12-23 mo",
            AgeGroup::M24To35 => "24-35 mo",
            AgeGroup::M36To47 => "36-47 mo",
            AgeGroup::M48To59 => "48-59 mo",
        }
    }

    /// The group as a form or query string carries it: months, `6-11`.
    pub fn code(self) -> &'static str {
        match self {
            AgeGroup::M0To5 => "0-5",
            AgeGroup::M6To11 => "6-11",
            AgeGroup::M12To23 => "12-23",
            AgeGroup::M24To35 => "24-35",
            AgeGroup::M36To47 => "36-47",
            AgeGroup::M48To59 => "48-59",
        }
    }

    /// Reads [`AgeGroup::code`].
    pub fn parse(code: &str) -> Option<AgeGroup> {
        AgeGroup::ALL.into_iter().find(|g| g.code() == code.trim())
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The indicators whose prevalence is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Indicator {
    /// Length/height-for-age (stunting).
    LengthHeightForAge,
    /// Weight-for-age (underweight).
    WeightForAge,
    /// Weight-for-length/height (wasting, overweight).
    WeightForLengthHeight,
    /// BMI-for-age.
    BmiForAge,
}

impl Indicator {
    /// All indicators.
    pub const ALL: [Indicator; 4] = [
        Indicator::LengthHeightForAge,
        Indicator::WeightForAge,
        Indicator::WeightForLengthHeight,
        Indicator::BmiForAge,
    ];

    /// WHO's column name: `zlen`, `zwei`, `zwfl`, `zbmi`.
    pub fn column(self) -> &'static str {
        match self {
            Indicator::LengthHeightForAge => "zlen",
            Indicator::WeightForAge => "zwei",
            Indicator::WeightForLengthHeight => "zwfl",
            Indicator::BmiForAge => "zbmi",
        }
    }
}

/// Counts for one indicator in one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Children with a usable (unflagged, or oedema) value.
    pub n: u32,
    /// Below −3 SD.
    pub below_3: u32,
    /// Below −2 SD (includes below −3).
    pub below_2: u32,
    /// Above +2 SD.
    pub above_2: u32,
    /// Above +3 SD.
    pub above_3: u32,
}

/// A proportion with its 95 % confidence interval, in per cent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Children in the category.
    pub count: u32,
    /// Children with a usable value.
    pub n: u32,
    /// `100 * count / n`; NaN when `n` is 0.
    pub percent: f64,
    /// Lower bound of the 95 % interval, per cent.
    pub ci_low: f64,
    /// Upper bound of the 95 % interval, per cent.
    pub ci_high: f64,
}

impl Estimate {
    /// The Wilson score interval at 95 % for `count` of `n`.
    pub fn wilson(count: u32, n: u32) -> Estimate {
        if n == 0 {
            return Estimate { count, n, percent: f64::NAN, ci_low: f64::NAN, ci_high: f64::NAN };
        }
        const Z: f64 = 1.959_963_984_540_054;
        let nf = f64::from(n);
        let p = f64::from(count) / nf;
        let z2 = Z * Z;
        let centre = (p + z2 / (2.0 * nf)) / (1.0 + z2 / nf);
        let half = Z / (1.0 + z2 / nf) * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
        Estimate {
            count,
            n,
            percent: 100.0 * p,
            ci_low: 100.0 * (centre - half).max(0.0),
            ci_high: 100.0 * (centre + half).min(1.0),
        }
    }
}

impl Counts {
    fn add(&mut self, z: f64) {
        self.n += 1;
        self.below_3 += u32::from(z < -3.0);
        self.below_2 += u32::from(z < -2.0);
        self.above_2 += u32::from(z > 2.0);
        self.above_3 += u32::from(z > 3.0);
    }

    /// Prevalence below −2 SD (stunting, underweight, wasting).
    pub fn below_2(&self) -> Estimate {
        Estimate::wilson(self.below_2, self.n)
    }
    /// Prevalence below −3 SD (the severe forms).
    pub fn below_3(&self) -> Estimate {
        Estimate::wilson(self.below_3, self.n)
    }
    /// Prevalence above +2 SD (overweight, for weight-for-length/height).
    pub fn above_2(&self) -> Estimate {
        Estimate::wilson(self.above_2, self.n)
    }
    /// Prevalence above +3 SD (obesity).
    pub fn above_3(&self) -> Estimate {
        Estimate::wilson(self.above_3, self.n)
    }
}

const SEXES: usize = 3; // male, female, both
const GROUPS: usize = 7; // six age groups, all ages

/// Prevalence counts for a set of children, kept per age group × sex ×
/// indicator; add children one at a time, read any cell.
#[derive(Debug, Clone, Default)]
pub struct Prevalence {
    cells: [[[Counts; 4]; SEXES]; GROUPS],
}

/// The z-score WHO's prevalence uses for a weight-based indicator of a child
/// with oedema: below −3 SD.
const OEDEMA_Z: f64 = -3.1;

impl Prevalence {
    /// An empty table.
    pub fn new() -> Prevalence {
        Prevalence::default()
    }

    /// Adds one child's scores. Children over 1826 days are ignored; a child
    /// without an age counts only in "all ages".
    pub fn add(&mut self, s: &Scores) {
        if s.age_days.is_some_and(|d| d > 1826) {
            return;
        }
        let usable = |z: Option<Zscore>| z.filter(|z| !z.flag).map(|z| z.z);
        let weight_based = |z: Option<Zscore>| if s.oedema { Some(OEDEMA_Z) } else { usable(z) };
        let values = [usable(s.zlen), weight_based(s.zwei), weight_based(s.zwfl), weight_based(s.zbmi)];
        let group = s.age_months.and_then(AgeGroup::of_months).map(AgeGroup::index);
        let sex = s.csex.map(|x| x.index());
        for g in [group, Some(GROUPS - 1)].into_iter().flatten() {
            for x in [sex, Some(SEXES - 1)].into_iter().flatten() {
                for (i, v) in values.iter().enumerate() {
                    if let Some(z) = v {
                        self.cells[g][x][i].add(*z);
                    }
                }
            }
        }
    }

    /// Adds another table's children to this one (tables counted on
    /// several threads are merged this way).
    pub fn merge(&mut self, other: &Prevalence) {
        for (g, og) in self.cells.iter_mut().zip(&other.cells) {
            for (x, ox) in g.iter_mut().zip(og) {
                for (c, oc) in x.iter_mut().zip(ox) {
                    c.n += oc.n;
                    c.below_3 += oc.below_3;
                    c.below_2 += oc.below_2;
                    c.above_2 += oc.above_2;
                    c.above_3 += oc.above_3;
                }
            }
        }
    }

    /// The counts for an age group (`None` = all ages) and a sex (`None` =
    /// both).
    pub fn counts(&self, group: Option<AgeGroup>, sex: Option<Sex>, indicator: Indicator) -> Counts {
        let g = group.map_or(GROUPS - 1, AgeGroup::index);
        let x = sex.map_or(SEXES - 1, Sex::index);
        self.cells[g][x][indicator as usize]
    }
}

impl<'a> FromIterator<&'a Scores> for Prevalence {
    fn from_iter<I: IntoIterator<Item = &'a Scores>>(iter: I) -> Self {
        let mut p = Prevalence::new();
        for s in iter {
            p.add(s);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Age, who2006};

    #[test]
    fn merged_tables_count_like_one() {
        let child = |w: f64| {
            who2006::zscores(&who2006::Observation {
                sex: Some(Sex::Female),
                age: Some(Age::Months(20.0)),
                weight_kg: Some(w),
                ..Default::default()
            })
        };
        let all: Vec<_> = [7.0, 9.0, 11.0, 6.5].map(child).to_vec();
        let whole: Prevalence = all.iter().collect();
        let mut merged: Prevalence = all[..2].iter().collect();
        merged.merge(&all[2..].iter().collect());
        for g in [None, Some(AgeGroup::M12To23)] {
            assert_eq!(merged.counts(g, None, Indicator::WeightForAge), whole.counts(g, None, Indicator::WeightForAge));
        }
        assert_eq!(whole.counts(None, None, Indicator::WeightForAge).n, 4);
    }

    #[test]
    fn wilson_interval_matches_a_known_value() {
        // 10 of 100: Wilson 95 % interval is 5.52 %–17.44 %.
        let e = Estimate::wilson(10, 100);
        assert!((e.percent - 10.0).abs() < 1e-12);
        assert!((e.ci_low - 5.52).abs() < 0.01, "{e:?}");
        assert!((e.ci_high - 17.44).abs() < 0.01, "{e:?}");
    }

    #[test]
    fn oedema_counts_as_severe_and_flags_are_excluded() {
        let base = who2006::Observation { sex: Some(Sex::Male), age: Some(Age::Months(30.0)), ..Default::default() };
        let oedema = who2006::zscores(&who2006::Observation { oedema: true, weight_kg: Some(12.0), ..base });
        let flagged = who2006::zscores(&who2006::Observation { weight_kg: Some(60.0), ..base });
        let normal = who2006::zscores(&who2006::Observation { weight_kg: Some(13.0), ..base });
        assert!(flagged.zwei.is_some_and(|z| z.flag));
        let p: Prevalence = [&oedema, &flagged, &normal].into_iter().collect();
        let c = p.counts(Some(AgeGroup::M24To35), Some(Sex::Male), Indicator::WeightForAge);
        assert_eq!(c, Counts { n: 2, below_3: 1, below_2: 1, above_2: 0, above_3: 0 });
        assert_eq!(p.counts(None, None, Indicator::WeightForAge).n, 2);
        assert_eq!(p.counts(Some(AgeGroup::M0To5), None, Indicator::WeightForAge).n, 0);
    }
}
