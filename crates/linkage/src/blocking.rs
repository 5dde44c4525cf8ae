//! Blocking: which pairs of registrations are worth comparing at all. An
//! OR of rules, each a key; two records sharing any rule's key become a
//! candidate pair. What blocking misses, scoring can never find, so its
//! recall is measured on its own ([`recall`]).

use crate::alias::Aliases;
use crate::record::Record;
use std::collections::{HashMap, HashSet};

/// The rules, each giving zero or more keys per record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A family-name key, the first letter of a given-name key and the
    /// birth year in a five-year band (two overlapping bands, so neighbours
    /// across a boundary meet).
    FamilyAndYearBand,
    /// A given name's alias group or key, and a family-name key.
    GivenAndFamily,
    /// The mother's name key and the commune of origin.
    MotherAndOrigin,
    /// The same phone number.
    Phone,
    /// The same identity document.
    Document,
    /// The same household.
    Household,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 6] = [
        Rule::FamilyAndYearBand,
        Rule::GivenAndFamily,
        Rule::MotherAndOrigin,
        Rule::Phone,
        Rule::Document,
        Rule::Household,
    ];
}

/// The keys of one record under one rule.
pub fn keys(rule: Rule, r: &Record, aliases: &Aliases) -> Vec<String> {
    let family: Vec<&String> = r.family.keys.iter().filter(|k| !k.is_empty()).collect();
    match rule {
        Rule::FamilyAndYearBand => {
            // With the first letter of a given-name key: a family name and
            // a year band alone gather hundreds of namesakes in Mali.
            let Some(y) = r.birth.year() else { return Vec::new() };
            let bands = [y.div_euclid(5), (y + 2).div_euclid(5)];
            let initials: Vec<char> = r.given.keys.iter().filter_map(|k| k.chars().next()).collect();
            let mut out = Vec::new();
            for k in &family {
                for b in bands {
                    for i in &initials {
                        out.push(format!("fy|{k}|{b}|{i}"));
                    }
                }
            }
            out
        }
        Rule::GivenAndFamily => {
            let given: Vec<String> = r
                .given
                .words
                .iter()
                .zip(&r.given.keys)
                .map(|(w, k)| aliases.group_of(w).map_or_else(|| format!("k{k}"), |g| format!("a{g}")))
                .collect();
            given.iter().flat_map(|g| family.iter().map(move |f| format!("gf|{g}|{f}"))).collect()
        }
        Rule::MotherAndOrigin => match &r.origin {
            Some(o) => r.mother.keys.iter().filter(|k| !k.is_empty()).map(|k| format!("mo|{k}|{o}")).collect(),
            None => Vec::new(),
        },
        Rule::Phone => r.phone.iter().map(|p| format!("ph|{p}")).collect(),
        Rule::Document => r.id_document.iter().map(|d| format!("id|{d}")).collect(),
        Rule::Household => r.household.iter().map(|h| format!("hh|{h}")).collect(),
    }
}

/// Candidate pairs `(i, j)` with `i < j`, each once, from every rule.
/// Keys shared by more than `max_block` records are skipped (a key that
/// common is no evidence and would swamp the comparison); the number
/// skipped is returned with the pairs.
pub fn candidate_pairs(records: &[Record], aliases: &Aliases, max_block: usize) -> (Vec<(u32, u32)>, usize) {
    let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        for rule in Rule::ALL {
            for k in keys(rule, r, aliases) {
                blocks.entry(k).or_default().push(i as u32);
            }
        }
    }
    let mut pairs: HashSet<(u32, u32)> = HashSet::new();
    let mut skipped = 0;
    for members in blocks.values_mut() {
        members.sort_unstable();
        members.dedup();
        if members.len() > max_block {
            skipped += 1;
            continue;
        }
        for (a, &i) in members.iter().enumerate() {
            for &j in &members[a + 1..] {
                pairs.insert((i, j));
            }
        }
    }
    let mut out: Vec<(u32, u32)> = pairs.into_iter().collect();
    out.sort_unstable();
    (out, skipped)
}

/// The share of `true_pairs` that blocking proposed (1.0 when there are
/// none to find).
pub fn recall(candidates: &[(u32, u32)], true_pairs: &[(u32, u32)]) -> f64 {
    if true_pairs.is_empty() {
        return 1.0;
    }
    let set: HashSet<(u32, u32)> = candidates.iter().copied().collect();
    let found = true_pairs.iter().filter(|(a, b)| set.contains(&(*a.min(b), *a.max(b)))).count();
    found as f64 / true_pairs.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::RawRecord;

    fn rec(id: &str, given: &str, family: &str, birth: &str, phone: &str) -> Record {
        Record::parse(
            &RawRecord {
                id: id.into(),
                given_name: given.into(),
                family_name: family.into(),
                birth_date: birth.into(),
                phone: phone.into(),
                ..Default::default()
            },
            2026,
        )
        .expect("valid")
    }

    #[test]
    fn spelling_variants_meet_and_strangers_do_not() {
        let records = [
            rec("a", "Fatoumata", "Coulibaly", "2015", ""),
            rec("b", "Fanta", "Kulibali", "2016-04-02", ""),
            rec("c", "Moussa", "Diarra", "1980", ""),
            rec("d", "Awa", "Keïta", "", "+223 76 12 34 56"),
            rec("e", "Aoua", "Keita", "", "76123456"),
        ];
        let (pairs, skipped) = candidate_pairs(&records, Aliases::shipped(), 1000);
        assert_eq!(skipped, 0);
        assert!(pairs.contains(&(0, 1)), "Fatoumata Coulibaly ~ Fanta Kulibali");
        assert!(pairs.contains(&(3, 4)), "same phone");
        assert!(!pairs.iter().any(|(i, j)| *i == 2 || *j == 2), "Moussa Diarra meets no one");
        assert_eq!(recall(&pairs, &[(1, 0), (3, 4)]), 1.0);
        assert_eq!(recall(&pairs, &[(0, 2)]), 0.0);
    }

    #[test]
    fn neighbouring_years_share_a_band() {
        for (a, b) in [("2014", "2015"), ("2012", "2013"), ("2019", "2020")] {
            let records = [rec("a", "Awa", "Traoré", a, ""), rec("b", "Aminata", "Traore", b, "")];
            let (pairs, _) = candidate_pairs(&records, Aliases::shipped(), 1000);
            assert_eq!(pairs, vec![(0, 1)], "{a} and {b}");
        }
    }

    #[test]
    fn huge_blocks_are_skipped_and_counted() {
        let records: Vec<Record> = (0..30).map(|i| rec(&i.to_string(), "Awa", "Traoré", "2015", "")).collect();
        let (pairs, skipped) = candidate_pairs(&records, Aliases::shipped(), 10);
        assert!(pairs.is_empty());
        assert!(skipped > 0);
    }

    #[test]
    fn bad_values_are_named() {
        let bad = |f: fn(&mut RawRecord)| {
            let mut r = RawRecord { id: "x".into(), ..Default::default() };
            f(&mut r);
            Record::parse(&r, 2026).err()
        };
        assert_eq!(bad(|r| r.sex = "X".into()), Some(crate::record::RecordProblem::Sex));
        assert_eq!(bad(|r| r.birth_date = "2015-02-30x".into()), Some(crate::record::RecordProblem::BirthDate));
        assert_eq!(bad(|r| r.age_years = "old".into()), Some(crate::record::RecordProblem::Age));
        assert_eq!(bad(|r| r.age_years = "7".into()), None);
    }
}
