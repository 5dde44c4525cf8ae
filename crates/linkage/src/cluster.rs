//! From scored pairs to persons: the three bands, and clusters that never
//! chain two clearly different people together.

use crate::coded::{Coded, NONE, Similarity};
use crate::compare::{self, BirthLevel, NameLevel};

/// What a pair's probability means for the people who act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Band {
    /// Likely the same person: shown at registration.
    Likely,
    /// A supervisor decides.
    Review,
    /// Different people.
    Different,
}

impl Band {
    /// The band of a probability.
    pub fn of(p: f64) -> Band {
        if p >= LIKELY {
            Band::Likely
        } else if p >= REVIEW {
            Band::Review
        } else {
            Band::Different
        }
    }

    /// `likely`, `review` or `different`.
    pub fn code(self) -> &'static str {
        match self {
            Band::Likely => "likely",
            Band::Review => "review",
            Band::Different => "different",
        }
    }
}

/// From this probability a pair is likely the same person.
pub const LIKELY: f64 = 0.95;
/// From this probability a pair goes to review.
pub const REVIEW: f64 = 0.5;

/// Whether two records surely belong to different people, whatever their
/// score — only what is certain, and never against a shared identity
/// document: two full birth dates more than two years apart; two records
/// of one household form that do not agree on given name and birth (a form
/// lists different people; only a form submitted twice repeats one); or
/// siblings (twins included) — the same mother or father and given names
/// known to be different names, not merely written in the other order or
/// a nickname nobody listed. Everything else (sex, mother's name, birth
/// years from ages) is graded evidence in the score.
pub(crate) fn clearly_different(sim: &mut Similarity<'_>, a: &Coded, b: &Coded) -> bool {
    let given = sim.names(&a.given, &b.given).level;
    let distinct_names = given == NameLevel::Different && sim.known_distinct(&a.given, &b.given);
    // A document copied from the head to the whole form is shared by
    // people with different names: it protects only a person's records.
    if sim.documents(a.document, b.document) == 0 && !distinct_names {
        return false;
    }
    if compare::surely_different_births(a.birth, b.birth) {
        return true;
    }
    if a.household != NONE && a.household == b.household {
        // Everything the form says must agree: a birth on both sides
        // (namesakes on one form are common — a grandparent's name given
        // twice) and no parent named differently (two wives' children).
        let same_name = given <= NameLevel::Similar;
        let same_birth = compare::births(a.birth, b.birth) <= BirthLevel::OneYear;
        let other_parent = sim.names(&a.mother, &b.mother).level == NameLevel::Different
            || sim.names(&a.father, &b.father).level == NameLevel::Different;
        if !(same_name && same_birth) || other_parent {
            return true;
        }
    }
    if !distinct_names {
        return false;
    }
    let close = |l: NameLevel| matches!(l, NameLevel::Exact | NameLevel::AliasOrKey | NameLevel::Similar);
    let same_parent = close(sim.names(&a.mother, &b.mother).level) || close(sim.names(&a.father, &b.father).level);
    // Written in the other order (family name first), the given names only
    // look different.
    let swapped = close(sim.names(&a.given, &b.family).level) && close(sim.names(&a.family, &b.given).level);
    same_parent && !swapped
}

/// Whether two members of groups about to join conflict: surely different,
/// or — for members other than the pair that joins the groups, which was
/// scored with it — of different sexes or with two different mothers. A
/// strong pair may overcome one doubtful field; a chain may not.
fn conflict(sim: &mut Similarity<'_>, a: &Coded, b: &Coded, joining: bool) -> bool {
    if clearly_different(sim, a, b) {
        return true;
    }
    if joining || sim.documents(a.document, b.document) == 0 {
        return false;
    }
    (a.sex != 0 && b.sex != 0 && a.sex != b.sex) || sim.names(&a.mother, &b.mother).level == NameLevel::Different
}

/// Groups records into persons: pairs at or above `threshold` are joined
/// strongest first, and two groups are joined only if no member of one
/// clearly differs from a member of the other. Returns a cluster number
/// per record.
pub(crate) fn clusters(
    sim: &mut Similarity<'_>,
    records: &[Coded],
    scored: &[(u32, u32, f64)],
    threshold: f64,
) -> Vec<u32> {
    let n = records.len();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); n];
    fn root(parent: &mut [u32], mut i: u32) -> u32 {
        while parent[i as usize] != i {
            parent[i as usize] = parent[parent[i as usize] as usize];
            i = parent[i as usize];
        }
        i
    }
    let mut strong: Vec<&(u32, u32, f64)> = scored.iter().filter(|(_, _, p)| *p >= threshold).collect();
    strong.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| (a.0, a.1).cmp(&(b.0, b.1))));
    for (i, j, _) in strong {
        let (ri, rj) = (root(&mut parent, *i), root(&mut parent, *j));
        if ri == rj {
            continue;
        }
        for r in [ri, rj] {
            if members[r as usize].is_empty() {
                members[r as usize].push(r);
            }
        }
        let blocked = members[ri as usize].iter().any(|x| {
            members[rj as usize].iter().any(|y| {
                let joining = (*x, *y) == (*i, *j) || (*x, *y) == (*j, *i);
                conflict(sim, &records[*x as usize], &records[*y as usize], joining)
            })
        });
        if blocked {
            continue;
        }
        let (big, small) = if members[ri as usize].len() >= members[rj as usize].len() { (ri, rj) } else { (rj, ri) };
        parent[small as usize] = big;
        let moved = std::mem::take(&mut members[small as usize]);
        members[big as usize].extend(moved);
    }
    (0..n as u32).map(|i| root(&mut parent, i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alias::Aliases;
    use crate::record::{RawRecord, Record};

    fn rec(given: &str, family: &str, sex: &str, birth: &str, mother: &str) -> Record {
        Record::parse(
            &RawRecord {
                id: given.into(),
                given_name: given.into(),
                family_name: family.into(),
                sex: sex.into(),
                birth_date: birth.into(),
                mother_name: mother.into(),
                ..Default::default()
            },
            crate::record::TEST_DAY,
        )
        .expect("valid")
    }

    #[test]
    fn bands() {
        assert_eq!(Band::of(0.99), Band::Likely);
        assert_eq!(Band::of(0.7), Band::Review);
        assert_eq!(Band::of(0.1), Band::Different);
    }

    fn coded(records: &[Record]) -> (crate::coded::Vocab, Vec<Coded>) {
        crate::coded::Vocab::build(records, Aliases::shipped())
    }

    #[test]
    fn clusters_do_not_chain_across_a_clear_difference() {
        // 0 ~ 1 and 1 ~ 2 score high, but 0 and 2 have different sexes:
        // 2 must stay out of 0's cluster.
        let records = [
            rec("Awa", "Traoré", "F", "2015", "Fanta Diarra"),
            rec("Awa", "Traore", "", "2015", ""),
            rec("Awa", "Traoré", "M", "2015", ""),
        ];
        let (vocab, c) = coded(&records);
        let mut sim = Similarity::new(&vocab);
        let k = clusters(&mut sim, &c, &[(0, 1, 0.99), (1, 2, 0.98)], 0.95);
        assert_eq!(k[0], k[1]);
        assert_ne!(k[0], k[2]);
    }

    #[test]
    fn twins_are_two_people() {
        let records = [
            rec("Awa", "Traoré", "F", "2015-04-03", "Fanta Diarra"),
            rec("Oumou", "Traoré", "F", "2015-04-03", "Fanta Diarra"),
            rec("Aoua", "Traore", "F", "2015-04-03", "Fanta Diara"),
        ];
        let (vocab, c) = coded(&records);
        let mut sim = Similarity::new(&vocab);
        assert!(clearly_different(&mut sim, &c[0], &c[1]));
        assert!(!clearly_different(&mut sim, &c[0], &c[2]), "the same child registered again");
        let k = clusters(&mut sim, &c, &[(0, 1, 0.99)], 0.95);
        assert_ne!(k[0], k[1]);
    }

    fn with(r: Record, f: impl FnOnce(&mut Record)) -> Record {
        let mut r = r;
        f(&mut r);
        r
    }

    #[test]
    fn only_certain_rules_veto() {
        let records = [
            // 0, 1: sexes differ (a slip), the rest agrees: graded, no veto.
            rec("Awa", "Traoré", "F", "2015-04-03", "Fanta Diarra"),
            rec("Awa", "Traoré", "M", "2015-04-03", "Fanta Diarra"),
            // 2: an unknown nickname of Awa's, same mother: maybe her.
            rec("Wawa", "Traoré", "F", "2015-04-03", "Fanta Diarra"),
            // 3: her age, heaped, ten years off a full date: graded.
            rec("Awa", "Traoré", "F", "", "Fanta Diarra"),
            // 4, 5: two full dates eight years apart: surely two people...
            rec("Awa", "Traoré", "F", "2007-04-03", "Fanta Diarra"),
            // ...unless they share an identity document.
            with(rec("Awa", "Traoré", "F", "2007-04-03", "Fanta Diarra"), |r| r.id_document = Some("A1".into())),
            with(rec("Awa", "Traoré", "F", "2015-04-03", "Fanta Diarra"), |r| r.id_document = Some("A1".into())),
        ];
        let mut records = records.to_vec();
        records[3].birth = crate::compare::Birth::age_on(20, crate::record::Day { year: 2025, month: 12, day: 30 });
        let (vocab, c) = coded(&records);
        let mut sim = Similarity::new(&vocab);
        assert!(!clearly_different(&mut sim, &c[0], &c[1]), "sex is evidence, not a veto");
        assert!(!clearly_different(&mut sim, &c[0], &c[2]), "a nickname nobody listed is not a sibling");
        assert!(!clearly_different(&mut sim, &c[0], &c[3]), "an age is no reliable date");
        assert!(clearly_different(&mut sim, &c[0], &c[4]), "two full dates eight years apart");
        assert!(!clearly_different(&mut sim, &c[5], &c[6]), "nothing vetoes a shared identity document");
    }

    #[test]
    fn one_household_form_lists_different_people() {
        let on_form =
            |given: &str, birth: &str| with(rec(given, "Guindo", "F", birth, ""), |r| r.household = Some("H7".into()));
        let records = [on_form("Yagouno", "2012"), on_form("Yakaré", "2014"), on_form("Yagouno", "2012")];
        let (vocab, c) = coded(&records);
        let mut sim = Similarity::new(&vocab);
        assert!(clearly_different(&mut sim, &c[0], &c[1]), "two members of one form");
        assert!(!clearly_different(&mut sim, &c[0], &c[2]), "a form submitted twice");
    }

    #[test]
    fn namesakes_on_one_form_are_two_people_unless_everything_agrees() {
        let on_form = |given: &str, birth: &str, mother: &str| {
            with(rec(given, "Sylla", "M", birth, mother), |r| r.household = Some("K5".into()))
        };
        let records = [
            on_form("Mamadou", "2019", "Assétou Sissé"),
            on_form("Mamadou", "", "Assétou Sissé"),
            on_form("Mamadou", "2019", "Kadiatou Touré"),
            on_form("Mamadou", "2019", "Assétou Sissé"),
        ];
        let (vocab, c) = coded(&records);
        let mut sim = Similarity::new(&vocab);
        assert!(clearly_different(&mut sim, &c[0], &c[1]), "a grandfather's name given twice: no birth to agree");
        assert!(clearly_different(&mut sim, &c[0], &c[2]), "two wives' sons");
        assert!(!clearly_different(&mut sim, &c[0], &c[3]), "everything agrees: written twice");
    }
}
