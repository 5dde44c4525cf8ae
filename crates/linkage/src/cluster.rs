//! From scored pairs to persons: the three bands, and clusters that never
//! chain two clearly different people together.

use crate::compare::{self, BirthLevel, NameLevel};
use crate::record::Record;

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

/// Whether two records clearly belong to different people, whatever their
/// score: different sex; both mothers named and different; birth years
/// more than two apart; or siblings (twins included) — the same mother or
/// father and wholly different given names, not merely written in the
/// other order.
pub fn clearly_different(a: &Record, b: &Record, aliases: &crate::alias::Aliases) -> bool {
    if let (Some(x), Some(y)) = (a.sex, b.sex)
        && x != y
    {
        return true;
    }
    if compare::names(&a.mother, &b.mother, aliases) == NameLevel::Different {
        return true;
    }
    let birth = compare::births(a.birth, b.birth);
    if birth == BirthLevel::Different {
        return true;
    }
    let close = |l: NameLevel| matches!(l, NameLevel::Exact | NameLevel::AliasOrKey | NameLevel::Similar);
    let same_mother = close(compare::names(&a.mother, &b.mother, aliases));
    let same_father = close(compare::names(&a.father, &b.father, aliases));
    let given = compare::names(&a.given, &b.given, aliases);
    // Written in the other order (family name first), the given names only
    // look different.
    let swapped =
        close(compare::names(&a.given, &b.family, aliases)) && close(compare::names(&a.family, &b.given, aliases));
    // Children of the same parents with different given names are
    // siblings — twins when born the same day — not one person.
    (same_mother || same_father) && given == NameLevel::Different && !swapped
}

/// Groups records into persons: pairs at or above `threshold` are joined
/// strongest first, and two groups are joined only if no member of one
/// clearly differs from a member of the other. Returns a cluster number
/// per record.
pub fn clusters(
    records: &[Record],
    scored: &[(u32, u32, f64)],
    threshold: f64,
    aliases: &crate::alias::Aliases,
) -> Vec<u32> {
    let n = records.len();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
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
        let conflict = members[ri as usize].iter().any(|x| {
            members[rj as usize]
                .iter()
                .any(|y| clearly_different(&records[*x as usize], &records[*y as usize], aliases))
        });
        if conflict {
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
    use crate::record::RawRecord;

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
            2026,
        )
        .expect("valid")
    }

    #[test]
    fn bands() {
        assert_eq!(Band::of(0.99), Band::Likely);
        assert_eq!(Band::of(0.7), Band::Review);
        assert_eq!(Band::of(0.1), Band::Different);
    }

    #[test]
    fn clusters_do_not_chain_across_a_clear_difference() {
        let a = Aliases::shipped();
        // 0 ~ 1 and 1 ~ 2 score high, but 0 and 2 have different sexes:
        // 2 must stay out of 0's cluster.
        let records = [
            rec("Awa", "Traoré", "F", "2015", "Fanta Diarra"),
            rec("Awa", "Traore", "", "2015", ""),
            rec("Awa", "Traoré", "M", "2015", ""),
        ];
        let c = clusters(&records, &[(0, 1, 0.99), (1, 2, 0.98)], 0.95, a);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[0], c[2]);
    }

    #[test]
    fn twins_are_two_people() {
        let a = Aliases::shipped();
        let twin_a = rec("Awa", "Traoré", "F", "2015-04-03", "Fanta Diarra");
        let twin_b = rec("Oumou", "Traoré", "F", "2015-04-03", "Fanta Diarra");
        assert!(clearly_different(&twin_a, &twin_b, a));
        let again = rec("Aoua", "Traore", "F", "2015-04-03", "Fanta Diara");
        assert!(!clearly_different(&twin_a, &again, a), "the same child registered again");
        let c = clusters(&[twin_a, twin_b], &[(0, 1, 0.99)], 0.95, a);
        assert_ne!(c[0], c[1]);
    }
}
