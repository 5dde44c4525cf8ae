//! Demo growth measurements: children under five measured every three
//! months or so, drawn from WHO's own curves at a z-score that is the
//! child's own (plus noise). Kita's children are shorter for their age, as
//! in the Kayes region's surveys: a high rate of stunting; a few children
//! everywhere are acutely malnourished, more in Mopti.

use crate::SplitMix;
use dugu_domain::measurement::MeasurementInput;
use dugu_growth::{Curve, Sex};
use dugu_storage::{Person, Principal, StoreError, Tx};
use time::{Date, Duration};

/// Mean length-for-age z-score of a site's children.
fn mean_haz(site: &str) -> f64 {
    match site {
        "KIT" => -1.9,
        "MOP" => -1.4,
        _ => -0.9,
    }
}

/// Share (percent) of a site's children wasted at some point.
fn wasting_percent(site: &str) -> u64 {
    match site {
        "MOP" => 14,
        "KIT" => 10,
        _ => 5,
    }
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut SplitMix) -> f64 {
    let (u1, u2) = (rng.unit().max(1e-12), rng.unit());
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A synthetic child who grows along its own z-scores: shorter for its
/// age at Kita, sometimes wasted near the end.
pub struct GrowingChild {
    sex: Sex,
    haz: f64,
    wasted: bool,
}

impl GrowingChild {
    /// A child of a site (its code: `KIT`, `MOP`, …).
    pub fn new(rng: &mut SplitMix, site: &str, female: bool) -> GrowingChild {
        GrowingChild {
            sex: if female { Sex::Female } else { Sex::Male },
            haz: mean_haz(site) + 1.1 * normal(rng),
            wasted: rng.chance(wasting_percent(site)),
        }
    }

    /// The measurement taken `day` days after birth (`last`: the day of
    /// the child's latest measurement, near which a wasted child is thin);
    /// `None` past the 5-year curves.
    pub fn measure(&self, rng: &mut SplitMix, born: Date, day: i64, last: i64) -> Option<MeasurementInput> {
        let sex = self.sex;
        let whz = if self.wasted && day + 200 > last { -3.4 + 0.8 * normal(rng) } else { -0.4 + 0.8 * normal(rng) };
        let lying = day < 731;
        let length = Curve::LengthHeightForAge.value_at_sd(sex, day, self.haz + 0.2 * normal(rng))?;
        let length = (length * 10.0).round() / 10.0;
        let curve = if lying { Curve::WeightForLength } else { Curve::WeightForHeight };
        let (lo, hi) = curve.index_range();
        let weight = curve.value_at_sd(sex, ((length * 10.0).round() as i64).clamp(lo, hi), whz);
        let muac = (day >= 91)
            .then(|| Curve::ArmCircumferenceForAge.value_at_sd(sex, day, whz * 0.9))
            .flatten()
            .map(|cm| (cm * 10.0).round());
        Some(MeasurementInput {
            date: (born + Duration::days(day)).to_string(),
            weight_kg: weight.map(|w| (w * 10.0).round() / 10.0),
            length_height_cm: Some(length),
            measured: if lying { "lying" } else { "standing" }.into(),
            oedema: self.wasted && rng.chance(3),
            muac_mm: muac,
            head_cm: None,
        })
    }
}

/// Records demo measurements of one child with a full birth date, if
/// under five on `today`; returns how many.
pub fn measure_child(
    tx: &mut Tx<'_>,
    who: &Principal,
    rng: &mut SplitMix,
    site: &str,
    child: &Person,
    today: Date,
) -> Result<u32, StoreError> {
    let born = crate::people::exact_birth(child);
    let Some(born) = born else { return Ok(0) };
    let (person_id, female) = (child.id.as_str(), child.sex == dugu_domain::Sex::Female);
    let age_today = (today - born).whole_days();
    if !(30..1826).contains(&age_today) {
        return Ok(0);
    }
    let child = GrowingChild::new(rng, site, female);
    let mut count = 0;
    // Every ~90 days from the first month, the latest within the last
    // four months (so a few are due for a new measurement).
    let mut day = 30 + rng.below(60) as i64;
    let last = age_today - rng.below(120) as i64;
    while day <= last {
        let Some(input) = child.measure(rng, born, day, last) else { break };
        tx.record_measurement(who, person_id, &input, today)?;
        count += 1;
        day += 75 + rng.below(40) as i64;
    }
    Ok(count)
}
