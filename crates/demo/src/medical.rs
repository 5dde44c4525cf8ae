//! Demo medical assistance: the under-fives' vaccinations along Mali's
//! routine schedule (most doses given a few days late, some missed, so the
//! overdue lists have children on them) and a few medical visits.

use crate::SplitMix;
use dugu_storage::{Person, Principal, StoreError, Tx, VisitInput};
use time::{Date, Duration};

/// `(dose code, age in days)`: the schedule seeded by migration 0008.
const DOSES: [(&str, i64); 18] = [
    ("bcg", 0),
    ("opv0", 0),
    ("penta1", 42),
    ("opv1", 42),
    ("pcv1", 42),
    ("rota1", 42),
    ("penta2", 70),
    ("opv2", 70),
    ("pcv2", 70),
    ("rota2", 70),
    ("penta3", 98),
    ("opv3", 98),
    ("ipv", 98),
    ("pcv3", 98),
    ("mr1", 270),
    ("yf", 270),
    ("mena", 270),
    ("mr2", 456),
];

const VISITS: [(&str, &str, &str); 4] = [
    ("Fièvre", "Paludisme simple (démo)", "CTA 3 jours"),
    ("Diarrhée", "Diarrhée aiguë (démo)", "SRO et zinc"),
    ("Toux", "Infection respiratoire (démo)", "Amoxicilline"),
    ("Suivi", "Enfant en bonne santé (démo)", "Conseils nutritionnels"),
];

/// Vaccinations and visits of one demo child under five with a full birth
/// date; returns the number of visits.
pub fn seed_child(
    tx: &mut Tx<'_>,
    who: &Principal,
    rng: &mut SplitMix,
    child: &Person,
    today: Date,
) -> Result<u32, StoreError> {
    let born = crate::people::exact_birth(child);
    let Some(born) = born else { return Ok(0) };
    let age = (today - born).whole_days();
    if age >= 1826 {
        return Ok(0);
    }
    vaccinate_child(tx, who, rng, &child.id, born, today)?;
    let visits = rng.below(3) as u32;
    visit_child(tx, who, rng, &child.id, born, visits, today)?;
    Ok(visits)
}

/// Doses of the schedule given to a child born on `born`, most a few days
/// late; a quarter of families are careless and miss many.
pub fn vaccinate_child(
    tx: &mut Tx<'_>,
    who: &Principal,
    rng: &mut SplitMix,
    child_id: &str,
    born: Date,
    today: Date,
) -> Result<u32, StoreError> {
    let careless = rng.chance(25);
    let mut given_doses = 0;
    for (code, due) in DOSES {
        let given = born + Duration::days(due + rng.below(20) as i64);
        if given <= today && rng.chance(if careless { 60 } else { 95 }) {
            tx.vaccinate(who, child_id, code, &given.to_string(), today)?;
            given_doses += 1;
        }
    }
    // The last measles-rubella campaign reached every child of nine months
    // to five years (no draw from `rng`: the rest of the demo stays as it was).
    let campaign = today - Duration::days(200);
    let age_then = (campaign - born).whole_days();
    if (270..5 * 365).contains(&age_then) {
        tx.record_extra_dose(who, child_id, "Rougeole-rubéole", &campaign.to_string(), "campaign", today)?;
    }
    Ok(given_doses)
}

/// `visits` medical visits of a child born on `born`, on days between
/// birth and today.
pub fn visit_child(
    tx: &mut Tx<'_>,
    who: &Principal,
    rng: &mut SplitMix,
    child_id: &str,
    born: Date,
    visits: u32,
    today: Date,
) -> Result<(), StoreError> {
    let age = (today - born).whole_days().max(0);
    for _ in 0..visits {
        let (reason, diagnosis, treatment) = VISITS[rng.below(VISITS.len() as u64) as usize];
        let on = born + Duration::days(rng.below(age as u64 + 1) as i64);
        let input = VisitInput {
            visited_on: on.to_string(),
            reason: reason.into(),
            diagnosis: diagnosis.into(),
            treatment: treatment.into(),
            referral: String::new(),
        };
        tx.record_visit_medical(who, child_id, &input, today)?;
    }
    Ok(())
}
