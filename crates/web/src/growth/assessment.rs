//! A stored measurement read through the growth engine: z-scores, flags
//! and classification, computed when shown (never stored, so a corrected
//! birth date changes them at once).

use dugu_growth::classify::{self, AcuteMalnutrition};
use dugu_growth::who2006::{self, Observation, Scores};
use dugu_growth::{Age, Measure, Sex, Zscore};
use dugu_storage::StoredMeasurement;

/// The indicators the API reports, named as WHO's software names them.
pub const INDICATORS: [&str; 6] = ["zlen", "zwei", "zwfl", "zbmi", "zhc", "zac"];

/// What a measurement says about a child.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// The engine's scores.
    pub scores: Scores,
    /// SAM/MAM/none, or `None` when not applicable (under 6 or over 59
    /// months, nothing to judge by); `Some(Implausible)` asks for a new
    /// measurement.
    pub acute: Option<AcuteMalnutrition>,
    /// Age in months at the measurement, if the birth date is known.
    pub age_months: Option<f64>,
}

/// The engine's name for a recorded sex (the engine, pure, knows WHO's
/// codes, not the registry's).
pub fn who_sex(sex: dugu_domain::Sex) -> Sex {
    match sex {
        dugu_domain::Sex::Female => Sex::Female,
        dugu_domain::Sex::Male => Sex::Male,
    }
}

/// Assesses one measurement of a child of `sex` born on `birth_date` (if
/// known).
pub fn assess(sex: dugu_domain::Sex, birth_date: Option<time::Date>, m: &StoredMeasurement) -> Assessment {
    let age_days = birth_date.map(|b| (m.date - b).whole_days()).filter(|d| *d >= 0);
    let obs = Observation {
        sex: Some(who_sex(sex)),
        age: age_days.map(|d| Age::Days(d as f64)),
        weight_kg: m.weight_kg,
        lenhei_cm: m.length_height_cm,
        measure: m.measured.as_deref().and_then(|p| match p {
            "lying" => Some(Measure::Lying),
            "standing" => Some(Measure::Standing),
            _ => None,
        }),
        oedema: m.oedema,
        head_cm: m.head_cm,
        muac_cm: m.muac_mm.map(|mm| mm / 10.0),
        triceps_mm: None,
        subscapular_mm: None,
    };
    let scores = who2006::zscores(&obs);
    let acute = classify::acute_malnutrition(&scores, obs.muac_cm);
    Assessment { age_months: scores.age_months, scores, acute }
}

impl Assessment {
    /// The z-score of an indicator by its WHO name.
    pub fn z(&self, indicator: &str) -> Option<Zscore> {
        let s = &self.scores;
        match indicator {
            "zlen" => s.zlen,
            "zwei" => s.zwei,
            "zwfl" => s.zwfl,
            "zbmi" => s.zbmi,
            "zhc" => s.zhc,
            "zac" => s.zac,
            _ => None,
        }
    }

    /// Whether any value is flagged as implausible (measure again).
    pub fn implausible(&self) -> bool {
        INDICATORS.iter().any(|i| self.z(i).is_some_and(|z| z.flag))
            || self.acute == Some(AcuteMalnutrition::Implausible)
    }

    /// `sam`, `mam`, `none`, or `None` (not applicable or undecidable).
    pub fn acute_code(&self) -> Option<&'static str> {
        match self.acute? {
            AcuteMalnutrition::Implausible => None,
            a => Some(a.code()),
        }
    }

    /// The API's view of a stored measurement.
    pub fn read(&self, m: &StoredMeasurement) -> MeasurementRead {
        let z = |i: &str| self.z(i).map(|z| z.z);
        let f = |i: &str| self.z(i).map(|z| z.flag);
        MeasurementRead {
            id: m.id.clone(),
            person_id: m.person_id.clone(),
            date: m.date,
            weight_kg: m.weight_kg,
            length_height_cm: m.length_height_cm,
            measured: m.measured.clone(),
            oedema: m.oedema,
            muac_mm: m.muac_mm,
            head_cm: m.head_cm,
            age_months: self.age_months.map(|a| (a * 100.0).round() / 100.0),
            zscores: Zscores {
                zlen: z("zlen"),
                zwei: z("zwei"),
                zwfl: z("zwfl"),
                zbmi: z("zbmi"),
                zhc: z("zhc"),
                zac: z("zac"),
            },
            flags: Flags {
                flen: f("zlen"),
                fwei: f("zwei"),
                fwfl: f("zwfl"),
                fbmi: f("zbmi"),
                fhc: f("zhc"),
                fac: f("zac"),
            },
            acute_malnutrition: self.acute_code(),
            measure_again: self.implausible(),
        }
    }
}

/// A stored measurement as the API answers it, assessed.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasurementRead {
    #[schema(format = "uuid")]
    id: String,
    #[schema(format = "uuid")]
    person_id: String,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    date: time::Date,
    weight_kg: Option<f64>,
    length_height_cm: Option<f64>,
    /// `lying` or `standing`.
    measured: Option<String>,
    oedema: bool,
    muac_mm: Option<f64>,
    head_cm: Option<f64>,
    /// Age in months at the measurement (2 decimals), if the birth date is known.
    age_months: Option<f64>,
    zscores: Zscores,
    flags: Flags,
    /// `sam`, `mam`, `none`, or null when not applicable (under 6 or over
    /// 59 months, nothing to judge by, or implausible values).
    acute_malnutrition: Option<&'static str>,
    /// A value is implausible: measure again.
    measure_again: bool,
}

/// WHO z-scores, named as WHO's software names them; null where not
/// computable.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Zscores {
    /// Length/height-for-age.
    zlen: Option<f64>,
    /// Weight-for-age.
    zwei: Option<f64>,
    /// Weight-for-length/height.
    zwfl: Option<f64>,
    /// BMI-for-age.
    zbmi: Option<f64>,
    /// Head circumference-for-age.
    zhc: Option<f64>,
    /// Arm circumference-for-age.
    zac: Option<f64>,
}

/// For each z-score, whether it lies outside the plausible range (null
/// where there is no z-score).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Flags {
    /// Length/height-for-age.
    flen: Option<bool>,
    /// Weight-for-age.
    fwei: Option<bool>,
    /// Weight-for-length/height.
    fwfl: Option<bool>,
    /// BMI-for-age.
    fbmi: Option<bool>,
    /// Head circumference-for-age.
    fhc: Option<bool>,
    /// Arm circumference-for-age.
    fac: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use dugu_domain::Sex::{Female, Male};
    use time::macros::date;

    fn m(weight: f64, height: f64, muac: Option<f64>) -> StoredMeasurement {
        StoredMeasurement {
            id: "m".into(),
            person_id: "p".into(),
            date: date!(2026 - 11 - 20),
            weight_kg: Some(weight),
            length_height_cm: Some(height),
            measured: Some("lying".into()),
            oedema: false,
            muac_mm: muac,
            head_cm: None,
        }
    }

    #[test]
    fn a_severely_wasted_child_is_sam() {
        // 18 months, 78 cm, 7.0 kg: weight-for-length far below −3.
        let a = assess(Male, Some(date!(2025 - 05 - 20)), &m(7.0, 78.0, Some(108.0)));
        assert_eq!(a.acute_code(), Some("sam"));
        assert!(a.z("zwfl").is_some_and(|z| z.z < -3.0));
        let j = serde_json::to_value(a.read(&m(7.0, 78.0, Some(108.0)))).expect("json");
        assert_eq!(j["acute_malnutrition"], "sam");
        assert!(j["zscores"]["zlen"].is_number());
        assert_eq!(j["flags"]["fwfl"], false);
    }

    #[test]
    fn outside_six_to_fifty_nine_months_is_not_applicable() {
        let a = assess(Female, Some(date!(2026 - 09 - 01)), &m(4.0, 55.0, None));
        assert_eq!(a.acute_code(), None);
        assert_eq!(a.read(&m(4.0, 55.0, None)).acute_malnutrition, None);
    }

    #[test]
    fn an_impossible_value_asks_to_measure_again() {
        let a = assess(Female, Some(date!(2025 - 05 - 20)), &m(30.0, 78.0, None));
        assert!(a.implausible());
        assert!(a.read(&m(30.0, 78.0, None)).measure_again);
    }
}

/// Latest measurements older than this many days are left out of a
/// prevalence: it describes the children as they are now.
pub const PREVALENCE_WINDOW_DAYS: i64 = 365;

/// The indicators reported as prevalence, with their condition's message
/// key: stunting, underweight, wasting.
pub const PREVALENCE_INDICATORS: [(dugu_growth::prevalence::Indicator, &str); 3] = [
    (dugu_growth::prevalence::Indicator::LengthHeightForAge, "prevalence-stunting"),
    (dugu_growth::prevalence::Indicator::WeightForAge, "prevalence-underweight"),
    (dugu_growth::prevalence::Indicator::WeightForLengthHeight, "prevalence-wasting"),
];

/// WHO prevalence over each child's latest measurement taken in the last
/// [`PREVALENCE_WINDOW_DAYS`] (children under five at that measurement).
pub fn prevalence(
    latest: &[dugu_storage::LatestMeasurement],
    today: time::Date,
) -> dugu_growth::prevalence::Prevalence {
    let count = |part: &[dugu_storage::LatestMeasurement]| {
        let mut p = dugu_growth::prevalence::Prevalence::new();
        for l in part {
            if (today - l.measurement.date).whole_days() <= PREVALENCE_WINDOW_DAYS {
                p.add(&assess(l.sex, l.birth_date, &l.measurement).scores);
            }
        }
        p
    };
    // Counted on every core, merged.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let chunk = latest.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = latest.chunks(chunk).map(|part| s.spawn(move || count(part))).collect();
        let mut total = dugu_growth::prevalence::Prevalence::new();
        for h in handles {
            if let Ok(p) = h.join() {
                total.merge(&p);
            }
        }
        total
    })
}

/// One figure of a prevalence table, as the CSV and the API give it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrevalenceFigure {
    /// `zlen`, `zwei` or `zwfl`.
    pub indicator: &'static str,
    /// WHO's label (`00-05 mo` …) or `all`.
    pub age_group: &'static str,
    /// `F`, `M` or `both`.
    pub sex: &'static str,
    /// `below_-2` or `below_-3`.
    pub threshold: &'static str,
    /// Children with a usable value.
    pub n: u32,
    /// Children below the threshold.
    pub count: u32,
    /// Per cent (null when `n` is 0).
    pub percent: Option<f64>,
    /// 95 % Wilson interval, per cent.
    pub ci_low: Option<f64>,
    /// Upper bound.
    pub ci_high: Option<f64>,
}

/// Every figure of a prevalence: indicator × age group (then all) × sex
/// (both, F, M) × threshold. Counts only: no child is named.
pub fn prevalence_figures(p: &dugu_growth::prevalence::Prevalence) -> Vec<PrevalenceFigure> {
    use dugu_growth::prevalence::AgeGroup;
    let groups: Vec<Option<AgeGroup>> = AgeGroup::ALL.iter().copied().map(Some).chain(std::iter::once(None)).collect();
    let sexes = [(None, "both"), (Some(Sex::Female), "F"), (Some(Sex::Male), "M")];
    let mut out = Vec::new();
    for (indicator, _) in PREVALENCE_INDICATORS {
        for g in &groups {
            for (x, code) in sexes {
                let c = p.counts(*g, x, indicator);
                for (threshold, e) in [("below_-2", c.below_2()), ("below_-3", c.below_3())] {
                    let num = |v: f64| (!v.is_nan()).then(|| (v * 100.0).round() / 100.0);
                    out.push(PrevalenceFigure {
                        indicator: indicator.column(),
                        age_group: g.map_or("all", |g| g.label()),
                        sex: code,
                        threshold,
                        n: e.n,
                        count: e.count,
                        percent: num(e.percent),
                        ci_low: num(e.ci_low),
                        ci_high: num(e.ci_high),
                    });
                }
            }
        }
    }
    out
}

/// A child's acute malnutrition as the latest measurement that can judge
/// it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// `sam`, `mam` or `none`; `reassess` when the measurement that should
    /// judge it is flagged as implausible (measure again).
    pub code: &'static str,
    /// The day of an earlier measurement the status comes from, when the
    /// latest one cannot judge it (not re-assessed since).
    pub since: Option<time::Date>,
    /// Weight-for-length/height z-score of that measurement, if known.
    pub zwfl: Option<f64>,
}

/// Whether a measurement holds what judging acute malnutrition needs:
/// MUAC, oedema, or weight with length/height (the store's rule for
/// `LatestMeasurement::assessable`).
pub fn can_judge(m: &StoredMeasurement) -> bool {
    m.muac_mm.is_some() || m.oedema || (m.weight_kg.is_some() && m.length_height_cm.is_some())
}

/// A child's acute malnutrition from its `latest` measurement or, when that
/// cannot judge it (weight only, or a flagged z-score), from `assessable`,
/// the latest measurement that could: a later measurement that cannot
/// classify does not clear a SAM or MAM. `None`: nothing to judge by (or
/// not 6–59 months).
pub fn standing(
    sex: dugu_domain::Sex,
    birth_date: Option<time::Date>,
    latest: &StoredMeasurement,
    assessable: Option<&StoredMeasurement>,
) -> Option<Standing> {
    standing_of(&assess(sex, birth_date, latest), sex, birth_date, latest, assessable)
}

/// [`standing`] from `a`, the assessment of `latest` a caller already
/// made: a nutrition list assesses each of its 40,000 children once, not
/// twice (the z-scores are most of its time).
pub fn standing_of(
    a: &Assessment,
    sex: dugu_domain::Sex,
    birth_date: Option<time::Date>,
    latest: &StoredMeasurement,
    assessable: Option<&StoredMeasurement>,
) -> Option<Standing> {
    let zwfl = |a: &Assessment| a.z("zwfl").filter(|z| !z.flag).map(|z| z.z);
    if let Some(code) = a.acute_code() {
        return Some(Standing { code, since: None, zwfl: zwfl(a) });
    }
    let earlier = assessable.filter(|m| m.id != latest.id).map(|m| (m, assess(sex, birth_date, m)));
    if let Some((m, b)) = &earlier
        && let Some(code) = b.acute_code()
    {
        return Some(Standing { code, since: Some(m.date), zwfl: zwfl(b) });
    }
    let flagged = |a: &Assessment| a.acute == Some(AcuteMalnutrition::Implausible);
    (flagged(a) || earlier.as_ref().is_some_and(|(_, b)| flagged(b))).then_some(Standing {
        code: "reassess",
        since: None,
        zwfl: None,
    })
}

/// Why a child is on a nutrition list.
#[derive(Debug, Clone, PartialEq)]
pub enum Watch {
    /// SAM or MAM at the latest measurement that can judge it
    /// (weight-for-length z if known; `since`: its day, when a later
    /// measurement could not judge it).
    Acute { severe: bool, zwfl: Option<f64>, since: Option<time::Date> },
    /// The measurement that should judge acute malnutrition is flagged as
    /// implausible: the status is to re-assess.
    Reassess,
    /// Weight-for-age fell by more than 1 SD since the measurement before.
    Falling { before: f64, now: f64 },
    /// Under five and not measured for more than this many days.
    Due { days: i64 },
}

/// Children not measured for this many days are listed as due.
pub const DUE_AFTER_DAYS: i64 = 90;

fn watch_one(l: &dugu_storage::LatestMeasurement, today: time::Date, out: &mut Vec<(usize, Watch)>, i: usize) {
    let a = assess(l.sex, l.birth_date, &l.measurement);
    match standing_of(&a, l.sex, l.birth_date, &l.measurement, l.assessable.as_ref()) {
        Some(Standing { code: code @ ("sam" | "mam"), since, zwfl }) => {
            out.push((i, Watch::Acute { severe: code == "sam", zwfl, since }));
        }
        Some(Standing { code: "reassess", .. }) => out.push((i, Watch::Reassess)),
        _ => {}
    }
    if let Some(b) = l.birth_date {
        let days = (today - l.measurement.date).whole_days();
        if days > DUE_AFTER_DAYS && (today - b).whole_days() < 1827 {
            out.push((i, Watch::Due { days }));
        }
    }
    if let (Some((date, weight)), Some(now)) = (&l.previous_weight, a.z("zwei").filter(|z| !z.flag)) {
        let before = StoredMeasurement {
            date: *date,
            weight_kg: Some(*weight),
            length_height_cm: None,
            measured: None,
            oedema: false,
            muac_mm: None,
            head_cm: None,
            ..l.measurement.clone()
        };
        if let Some(then) = assess(l.sex, l.birth_date, &before).z("zwei").filter(|z| !z.flag)
            && then.z - now.z > 1.0
        {
            out.push((i, Watch::Falling { before: then.z, now: now.z }));
        }
    }
}

/// Every child of `latest` that needs attention, by index into `latest`,
/// assessed on every core.
pub fn watch(latest: &[dugu_storage::LatestMeasurement], today: time::Date) -> Vec<(usize, Watch)> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let chunk = latest.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = latest
            .chunks(chunk)
            .enumerate()
            .map(|(k, part)| {
                s.spawn(move || {
                    let mut out = Vec::new();
                    for (j, l) in part.iter().enumerate() {
                        watch_one(l, today, &mut out, k * chunk + j);
                    }
                    out
                })
            })
            .collect();
        // A worker that panicked would silently drop its children from the
        // list: pass the panic on (the request fails, and is logged).
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    })
}
