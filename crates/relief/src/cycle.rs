//! Generating a cycle's entitlements, as often as anyone likes.

use crate::displacement::DurationRule;
use crate::ration::{Entitlement, Exception, HouseholdFacts, RationItem};
use std::collections::HashSet;
use std::hash::Hash;
use time::{Date, Month};

/// What one run of generation produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generation<H> {
    /// Entitlements to store: one per household and item not already held.
    pub new: Vec<(H, Entitlement)>,
    /// Households that get nothing and why, each once.
    pub exceptions: Vec<(H, Exception)>,
    /// Household and item pairs with nothing due (past the rule's months).
    pub not_due: usize,
}

/// The entitlements a cycle owes `households` that `existing` (the
/// household and item pairs the cycle already holds) lacks: running it
/// again changes nothing, and a household registered since gets its own
/// and nothing more (requirement 13).
pub fn generate<H: Clone + Eq + Hash>(
    items: &[RationItem],
    rule: &DurationRule,
    cycle_start: Date,
    households: impl IntoIterator<Item = (H, HouseholdFacts)>,
    existing: &HashSet<(H, String)>,
) -> Generation<H> {
    let mut generation = Generation { new: Vec::new(), exceptions: Vec::new(), not_due: 0 };
    for (household, facts) in households {
        for item in items {
            if existing.contains(&(household.clone(), item.item.clone())) {
                continue;
            }
            match item.entitlement(facts, rule, cycle_start) {
                Ok(Some(due)) => generation.new.push((household.clone(), due)),
                Ok(None) => generation.not_due += 1,
                Err(exception) => {
                    generation.exceptions.push((household.clone(), exception));
                    break;
                }
            }
        }
    }
    generation
}

/// One cycle of a template: its name and dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleDates {
    /// The cycle's name as staff see it ("Soudure 2026 — juillet").
    pub name: String,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
}

/// Mali's state lean-season ration (PNR): 9 kg of cereal per person per
/// month for July, August and September, 27 kg in all; no cap, no rule by
/// arrival (requirement 4; relief.md 1.2).
pub fn lean_season(year: i32) -> (Vec<RationItem>, Vec<CycleDates>) {
    let cereal = RationItem {
        item: "céréales".to_owned(),
        unit: crate::Unit::Gram,
        basis: crate::Basis::PerPerson { per_person: 9_000, cap: 0 },
        rounding: None,
        modality: crate::Modality::InKind,
    };
    let cycles = [(Month::July, "juillet", 31), (Month::August, "août", 31), (Month::September, "septembre", 30)]
        .into_iter()
        .filter_map(|(month, name, last)| {
            Some(CycleDates {
                name: format!("Soudure {year} — {name}"),
                start: Date::from_calendar_date(year, month, 1).ok()?,
                end: Date::from_calendar_date(year, month, last).ok()?,
            })
        })
        .collect();
    (vec![cereal], cycles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::displacement::Status;
    use time::macros::date;

    fn facts(size: Option<u32>) -> HouseholdFacts {
        HouseholdFacts { size, status: Status::Idp, arrival: Some(date!(2026 - 06 - 01)) }
    }

    #[test]
    fn requirement_4_the_lean_season_gives_63_kg_a_month_and_189_in_all_to_seven() {
        let (items, cycles) = lean_season(2026);
        assert_eq!(cycles.len(), 3);
        assert_eq!((cycles[0].start, cycles[2].end), (date!(2026 - 07 - 01), date!(2026 - 09 - 30)));
        let mut total = 0;
        for cycle in &cycles {
            let generation =
                generate(&items, &DurationRule::default(), cycle.start, [("A", facts(Some(7)))], &HashSet::new());
            assert_eq!(generation.new.len(), 1);
            assert_eq!(generation.new[0].1.quantity, 63_000);
            total += generation.new[0].1.quantity;
        }
        assert_eq!(total, 189_000, "27 kg a person");
    }

    #[test]
    fn requirement_13_generating_again_changes_nothing_and_a_newcomer_gets_one_each() {
        let (items, cycles) = lean_season(2026);
        let start = cycles[0].start;
        let first = generate(
            &items,
            &DurationRule::default(),
            start,
            [("A", facts(Some(7))), ("B", facts(None))],
            &HashSet::new(),
        );
        assert_eq!(first.new.len(), 1);
        assert_eq!(first.exceptions, [("B", Exception::SizeMissing)], "no size: the exception list, once");
        let held: HashSet<(&str, String)> = first.new.iter().map(|(h, e)| (*h, e.item.clone())).collect();
        let again =
            generate(&items, &DurationRule::default(), start, [("A", facts(Some(7))), ("B", facts(None))], &held);
        assert!(again.new.is_empty(), "nothing new on a second run");
        let later =
            generate(&items, &DurationRule::default(), start, [("A", facts(Some(7))), ("C", facts(Some(3)))], &held);
        assert_eq!(later.new.len(), 1);
        assert_eq!((later.new[0].0, later.new[0].1.quantity), ("C", 27_000));
    }

    #[test]
    fn a_household_past_the_rule_is_counted_not_listed() {
        let (items, _) = lean_season(2026);
        let old = HouseholdFacts { size: Some(4), status: Status::Idp, arrival: Some(date!(2024 - 01 - 01)) };
        let generation =
            generate(&items, &DurationRule::wfp_mali_2022(), date!(2026 - 08 - 01), [(1, old)], &HashSet::new());
        assert!(generation.new.is_empty() && generation.exceptions.is_empty());
        assert_eq!(generation.not_due, 1);
    }
}
