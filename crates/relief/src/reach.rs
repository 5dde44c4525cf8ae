//! Who was reached: unique people and households, not receipts. A
//! household of six served in three cycles adds six people, not eighteen
//! (requirement 16).

use crate::sadd::{AgeBand, Birth, Sadd, Sex};
use std::collections::HashSet;
use std::hash::Hash;
use time::Date;

/// One member of a served household, as a report needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member<P> {
    /// The person's id: the same person served twice counts once.
    pub person: P,
    /// Their sex.
    pub sex: Sex,
    /// Their birth or stated age.
    pub birth: Birth,
}

/// A running count of people and households reached.
#[derive(Clone, Debug)]
pub struct Reach<P, H> {
    on: Date,
    people: HashSet<P>,
    households: HashSet<H>,
    sadd: Sadd,
    born_later: u64,
}

impl<P: Eq + Hash + Clone, H: Eq + Hash + Clone> Reach<P, H> {
    /// An empty count; ages are taken on `on` (the cycle's or the report's date).
    pub fn on(on: Date) -> Reach<P, H> {
        Reach { on, people: HashSet::new(), households: HashSet::new(), sadd: Sadd::default(), born_later: 0 }
    }

    /// Counts a household served, with its members; anyone already counted
    /// is not counted again.
    pub fn served(&mut self, household: H, members: impl IntoIterator<Item = Member<P>>) {
        self.served_on(self.on, household, members);
    }

    /// [`Reach::served`] in a cycle of its own date: a count over several
    /// cycles bands each person at the date of the first cycle that
    /// reached them (requirement 17: ages at the cycle date).
    pub fn served_on(&mut self, on: Date, household: H, members: impl IntoIterator<Item = Member<P>>) {
        self.households.insert(household);
        for member in members {
            if !self.people.insert(member.person.clone()) {
                continue;
            }
            match member.birth.age_on(on) {
                Some(age) => self.sadd.add(member.sex, AgeBand::of(age)),
                // Born after the report's date (a baby registered later):
                // reached, youngest band, and counted so it can be shown.
                None => {
                    self.born_later += 1;
                    self.sadd.add(member.sex, AgeBand::Under5);
                }
            }
        }
    }

    /// Unique people reached.
    pub fn people(&self) -> u64 {
        self.people.len() as u64
    }

    /// Unique households reached.
    pub fn households(&self) -> u64 {
        self.households.len() as u64
    }

    /// People by sex and band; the cells sum to [`Reach::people`].
    pub fn sadd(&self) -> &Sadd {
        &self.sadd
    }

    /// People born after the count's date, counted in the youngest band.
    pub fn born_later(&self) -> u64 {
        self.born_later
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn six() -> Vec<Member<u32>> {
        (0..6)
            .map(|i| Member {
                person: i,
                sex: if i % 2 == 0 { Sex::Female } else { Sex::Male },
                birth: Birth::Date(
                    Date::from_calendar_date(1960 + 10 * i32::try_from(i).expect("small"), time::Month::March, 1)
                        .expect("date"),
                ),
            })
            .collect()
    }

    #[test]
    fn requirement_16_three_cycles_of_six_add_six_and_the_bands_sum_to_them() {
        let mut reach: Reach<u32, &str> = Reach::on(date!(2026 - 08 - 01));
        for _cycle in 0..3 {
            reach.served("H1", six());
        }
        assert_eq!((reach.people(), reach.households()), (6, 1));
        assert_eq!(reach.sadd().total(), 6);
        assert_eq!(reach.sadd().get(Sex::Female, AgeBand::From60), 1, "born 1960: 66");
        assert_eq!(reach.sadd().get(Sex::Male, AgeBand::From12To17), 1, "born March 2010: 16");
        assert_eq!(reach.sadd().get(Sex::Male, AgeBand::From5To11), 0);
    }

    #[test]
    fn over_several_cycles_a_person_is_banded_at_the_first_cycle_that_reached_them() {
        let mut reach: Reach<u32, &str> = Reach::on(date!(2026 - 12 - 01));
        let turning_18 = Member { person: 1, sex: Sex::Female, birth: Birth::Date(date!(2008 - 09 - 15)) };
        reach.served_on(date!(2026 - 08 - 01), "H1", [turning_18]);
        reach.served_on(date!(2026 - 10 - 01), "H1", [turning_18]);
        assert_eq!(reach.people(), 1);
        assert_eq!(reach.sadd().get(Sex::Female, AgeBand::From12To17), 1, "17 in August, when first reached");
        assert_eq!(reach.sadd().get(Sex::Female, AgeBand::From18To59), 0);
    }

    #[test]
    fn a_person_moved_to_another_household_still_counts_once() {
        let mut reach: Reach<u32, &str> = Reach::on(date!(2026 - 08 - 01));
        let members = six();
        reach.served("H1", members[..3].iter().copied());
        reach.served("H2", members[2..].iter().copied());
        assert_eq!((reach.people(), reach.households()), (6, 2));
    }
}
