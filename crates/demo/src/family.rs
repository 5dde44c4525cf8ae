//! Demo family strengthening: most households of the family-strengthening
//! sites are supported, assessed once or more (needs easing with time),
//! with a support plan (some actions done, some overdue), home visits,
//! and a few graduated.

use crate::SplitMix;
use dugu_storage::{PlanActionInput, Principal, StoreError, Tx};
use time::{Date, Duration};

const ACTIONS: [(&str, &str, &str); 6] = [
    ("Revenus stables", "Formation au maraîchage et semences", "Animateur agricole"),
    ("Scolarité des enfants", "Inscription et fournitures scolaires", "Travailleur social"),
    ("Alimentation suffisante", "Appui alimentaire de soudure", "Travailleur social"),
    ("Santé des enfants", "Carnets de vaccination à jour", "Infirmière"),
    ("Logement sûr", "Réparation du toit avant l'hivernage", "Chef de famille"),
    ("Épargne", "Adhésion à un groupe d'épargne (AVEC)", "Mère"),
];

const NOTES: [&str; 4] = [
    "Visite à domicile : enfants présents, jardin entretenu (démo).",
    "La famille signale des difficultés de soudure (démo).",
    "Enfants scolarisés, suivi à poursuivre (démo).",
    "Rencontre avec le chef de ménage, plan revu ensemble (démo).",
];

/// Supports one household (six in ten); returns 1 if supported.
pub fn support_household(
    tx: &mut Tx<'_>,
    who: &Principal,
    rng: &mut SplitMix,
    household_id: &str,
    today: Date,
) -> Result<u32, StoreError> {
    if !rng.chance(60) {
        return Ok(0);
    }
    let started = today - Duration::days(90 + rng.below(900) as i64);
    tx.start_support(who, household_id, &started.to_string(), today)?;
    let span = (today - started).whole_days();
    let assessments = 1 + rng.below(3);
    let mut need: [i64; 7] = std::array::from_fn(|_| 1 + rng.below(3) as i64);
    for k in 0..assessments {
        let on = started + Duration::days(10 + (span - 10) * k as i64 / assessments as i64);
        let scores = need.map(Some);
        tx.assess(who, household_id, &on.to_string(), &scores, today)?;
        for n in &mut need {
            // Needs ease over time, now and then one worsens.
            *n = (*n - i64::from(rng.chance(45)) + i64::from(rng.chance(10))).clamp(0, 3);
        }
    }
    for _ in 0..2 + rng.below(3) {
        let (goal, action, responsible) = ACTIONS[rng.below(ACTIONS.len() as u64) as usize];
        let due = started + Duration::days(60 + rng.below(span as u64 + 120) as i64);
        let id = tx.add_plan_action(
            who,
            household_id,
            &PlanActionInput {
                goal: goal.into(),
                action: action.into(),
                responsible: responsible.into(),
                due_on: due.to_string(),
            },
        )?;
        if due < today && rng.chance(65) {
            tx.complete_plan_action(who, household_id, &id, &due.to_string(), today)?;
        }
    }
    for _ in 0..1 + rng.below(4) {
        let on = started + Duration::days(rng.below(span as u64) as i64);
        tx.record_visit(who, household_id, &on.to_string(), NOTES[rng.below(NOTES.len() as u64) as usize], today)?;
    }
    if span > 500 && rng.chance(25) {
        tx.end_support(
            who,
            household_id,
            &(today - Duration::days(rng.below(60) as i64)).to_string(),
            "graduated",
            today,
        )?;
    }
    Ok(1)
}
