//! Demo Children's Villages: family houses named after the trees of the
//! Sahel, each with an SOS mother; the village children admitted over the
//! years for the reasons SOS Mali meets, siblings mostly together, some
//! moved, some gone home or grown up.

use crate::SplitMix;
use crate::names::{FAMILY, FEMALE};
use dugu_domain::village::AdmissionReason;
use dugu_storage::{AdmissionInput, HouseInput, Person, PersonInput, Principal, StoreError, Tx};
use time::{Date, Duration};

const TREES: [&str; 8] = ["Baobab", "Karité", "Néré", "Tamarinier", "Fromager", "Caïlcédrat", "Rônier", "Kapokier"];

/// Reasons with their weight (per cent) among demo admissions.
const REASONS: [(AdmissionReason, u64); 7] = [
    (AdmissionReason::OrphanedAids, 18),
    (AdmissionReason::OrphanedDisaster, 6),
    (AdmissionReason::OrphanedConflict, 14),
    (AdmissionReason::RelinquishedPoverty, 22),
    (AdmissionReason::SeparatedConflict, 16),
    (AdmissionReason::Abandoned, 16),
    (AdmissionReason::Other, 8),
];

/// Builds a village's houses (one per seven children, at most eight), each
/// with an SOS mother; returns their ids.
pub fn build_houses(
    tx: &mut Tx<'_>,
    who: &Principal,
    rng: &mut SplitMix,
    location: &str,
    children: u32,
    year_now: i32,
) -> Result<Vec<String>, StoreError> {
    if children == 0 {
        return Ok(Vec::new());
    }
    let mut houses = Vec::new();
    for tree in TREES.iter().take((children / 7 + 1).min(8) as usize) {
        let mother = tx.create_person(
            who,
            &PersonInput {
                given_name: rng.weighted(FEMALE).0.into(),
                family_name: rng.weighted(FAMILY).0.into(),
                sex: "F".into(),
                birth_date: (year_now - 35 - rng.below(20) as i32).to_string(),
                location_id: location.into(),
                ..Default::default()
            },
        )?;
        let house = tx.create_house(
            who,
            &HouseInput {
                location_id: location.into(),
                name: format!("Maison {tree}"),
                capacity: Some(8 + rng.below(3) as i64),
                sos_parent_id: mother.id,
            },
        )?;
        houses.push(house.id);
    }
    Ok(houses)
}

fn pick_reason(rng: &mut SplitMix) -> AdmissionReason {
    let mut roll = rng.below(100);
    for (r, w) in REASONS {
        if roll < w {
            return r;
        }
        roll -= w;
    }
    AdmissionReason::Other
}

/// Admits one village child (with its older sibling, now and then), maybe
/// moves it, maybe discharges it; returns 1 if admitted.
pub fn admit_child(
    tx: &mut Tx<'_>,
    who: &Principal,
    rng: &mut SplitMix,
    houses: &[String],
    child: &Person,
    previous: Option<&Person>,
    today: Date,
) -> Result<u32, StoreError> {
    let born = child.birth_date;
    let (Some(born), false) = (born, houses.is_empty()) else { return Ok(0) };
    let age_days = (today - born).whole_days();
    if age_days < 60 {
        return Ok(0);
    }
    let admitted = born + Duration::days(30 + rng.below(age_days as u64 - 30) as i64);
    let sibling = previous.filter(|p| p.family_name == child.family_name && rng.chance(60));
    let mut house = houses[rng.below(houses.len() as u64) as usize].clone();
    if let Some(s) = sibling {
        // Siblings go to their brother's or sister's house, but for a few.
        let theirs: Option<String> = tx.current_house(&s.id)?;
        if let Some(h) = theirs.filter(|_| rng.chance(85)) {
            house = h;
        }
    }
    let input = AdmissionInput {
        admitted_on: admitted.to_string(),
        reason: pick_reason(rng).code().into(),
        referred_by: ["Service local du développement social", "Tribunal pour enfants", "Chef de village", "Hôpital"]
            [rng.below(4) as usize]
            .into(),
        house_id: house.clone(),
        sibling_not_taken: None,
        sibling_id: sibling.map(|s| s.id.clone()).unwrap_or_default(),
        // The demo's history is recorded as it happened, full houses included.
        confirm_over_capacity: true,
    };
    if tx.admit(who, &child.id, &input, today).is_err() {
        // A sibling not admitted itself: admitted alone.
        tx.admit(who, &child.id, &AdmissionInput { sibling_id: String::new(), ..input }, today)?;
    }
    // Children come into care without a health card: what they were given
    // before is unknown, and the card says so, so a 13-year-old does not
    // show seventeen infant doses late (no draw from `rng`: the rest of the
    // demo stays as it was).
    tx.state_vaccination_history(who, &child.id, "unknown", &admitted.to_string(), today)?;
    let mut since = admitted;
    let days_in_care = (today - admitted).whole_days();
    if days_in_care > 400 && rng.chance(15) && houses.len() > 1 {
        let other = houses.iter().find(|h| **h != house).cloned().unwrap_or_default();
        since = admitted + Duration::days(200 + rng.below((days_in_care - 300) as u64) as i64);
        tx.move_child(who, &child.id, &other, &since.to_string(), true, today)?;
    }
    let age_years = age_days / 365;
    let left_days = (today - since).whole_days();
    if left_days > 60 && rng.chance(if age_years >= 15 { 30 } else { 8 }) {
        let on = since + Duration::days(30 + rng.below((left_days - 30) as u64) as i64);
        let reason =
            if age_years >= 15 { "independent_life" } else { ["reintegration", "transfer"][rng.below(2) as usize] };
        tx.leave_care(who, &child.id, &on.to_string(), reason, today)?;
    }
    Ok(1)
}
