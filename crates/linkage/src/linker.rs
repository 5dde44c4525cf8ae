//! The whole method over a population: blocks, a fitted model, scored
//! pairs, clusters — and checking one new registration against it without
//! recomputing anything.

use crate::alias::Aliases;
use crate::blocking::{self, Rule};
use crate::cluster::{self, Band};
use crate::record::Record;
use crate::scoring::Model;
use std::collections::{HashMap, HashSet};

/// Blocks larger than this are skipped: a key that common is no evidence.
pub const MAX_BLOCK: usize = 300;

/// The probability given to a pair that clearly belongs to two people.
const CLEARLY_DIFFERENT: f64 = 0.01;

/// A scored pair of records.
#[derive(Debug, Clone)]
pub struct ScoredPair {
    /// Index of the first record.
    pub a: u32,
    /// Index of the second record.
    pub b: u32,
    /// Probability that they are one person.
    pub probability: f64,
    /// Its band.
    pub band: Band,
    /// Each field's level and weight.
    pub evidence: Vec<(&'static str, u8, f64)>,
}

/// A population ready for matching.
pub struct Linker {
    records: Vec<Record>,
    blocks: HashMap<String, Vec<u32>>,
    candidates: Vec<(u32, u32)>,
    /// The fitted model.
    pub model: Model,
    /// Blocks skipped as too common.
    pub skipped_blocks: usize,
}

impl Linker {
    /// Builds the blocks and fits the model on `records`.
    pub fn build(records: Vec<Record>) -> Linker {
        let aliases = Aliases::shipped();
        let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            for rule in Rule::ALL {
                for k in blocking::keys(rule, r, aliases) {
                    blocks.entry(k).or_default().push(i as u32);
                }
            }
        }
        let (candidates, skipped_blocks) = blocking::candidate_pairs(&records, aliases, MAX_BLOCK);
        let samples = (records.len() * 20).clamp(10_000, 2_000_000);
        let model = Model::fit(&records, &candidates, aliases, samples);
        Linker { records, blocks, candidates, model, skipped_blocks }
    }

    /// The records, in input order.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// Every candidate pair, scored. Two records that clearly belong to
    /// different people (twins, different sexes, mothers or birth years)
    /// are "different" whatever their score.
    pub fn pairs(&self) -> Vec<ScoredPair> {
        let aliases = Aliases::shipped();
        self.candidates
            .iter()
            .map(|(a, b)| {
                let (ra, rb) = (&self.records[*a as usize], &self.records[*b as usize]);
                let (p, evidence) = self.model.score(ra, rb, aliases);
                let p = if cluster::clearly_different(ra, rb, aliases) { p.min(CLEARLY_DIFFERENT) } else { p };
                ScoredPair { a: *a, b: *b, probability: p, band: Band::of(p), evidence }
            })
            .collect()
    }

    /// Persons: a cluster number per record, joining pairs at or above
    /// `threshold` without chaining across clear differences.
    pub fn clusters(&self, pairs: &[ScoredPair], threshold: f64) -> Vec<u32> {
        let scored: Vec<(u32, u32, f64)> = pairs.iter().map(|p| (p.a, p.b, p.probability)).collect();
        cluster::clusters(&self.records, &scored, threshold, Aliases::shipped())
    }

    /// Checks one new registration against the population: the records it
    /// may be, most likely first, with the evidence (nothing recomputed).
    pub fn check(&self, new: &Record) -> Vec<ScoredPair> {
        let aliases = Aliases::shipped();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for rule in Rule::ALL {
            for k in blocking::keys(rule, new, aliases) {
                let Some(members) = self.blocks.get(&k) else { continue };
                if members.len() > MAX_BLOCK {
                    continue;
                }
                for &i in members {
                    if seen.insert(i) {
                        let known = &self.records[i as usize];
                        if cluster::clearly_different(new, known, aliases) {
                            continue;
                        }
                        let (p, evidence) = self.model.score(new, known, aliases);
                        if p >= cluster::REVIEW {
                            out.push(ScoredPair { a: u32::MAX, b: i, probability: p, band: Band::of(p), evidence });
                        }
                    }
                }
            }
        }
        out.sort_by(|x, y| y.probability.total_cmp(&x.probability));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::RawRecord;

    #[test]
    fn a_new_registration_is_checked_against_the_population() {
        let people = [
            ("Fatoumata", "Coulibaly", "2015-03-04", "+223 76 12 34 56"),
            ("Awa", "Traoré", "1990", "+223 66 00 11 22"),
            ("Moussa", "Diarra", "1985", ""),
            ("Aminata", "Keïta", "2001", "+223 79 99 88 77"),
        ];
        let records: Vec<Record> = people
            .iter()
            .enumerate()
            .map(|(i, (g, f, b, p))| {
                let raw = RawRecord {
                    id: i.to_string(),
                    given_name: (*g).into(),
                    family_name: (*f).into(),
                    sex: "F".into(),
                    birth_date: (*b).into(),
                    phone: (*p).into(),
                    ..Default::default()
                };
                Record::parse(&raw, 2026).expect("valid")
            })
            .collect();
        let linker = Linker::build(records);
        let new = Record::parse(
            &RawRecord {
                id: "new".into(),
                given_name: "Fanta".into(),
                family_name: "Kulibali".into(),
                sex: "F".into(),
                birth_date: "2015".into(),
                phone: "76123456".into(),
                ..Default::default()
            },
            2026,
        )
        .expect("valid");
        let found = linker.check(&new);
        assert_eq!(found.first().map(|p| p.b), Some(0), "{found:?}");
        assert!(found[0].probability > 0.9);
        assert!(found.iter().all(|p| p.b != 2), "Moussa Diarra is not proposed");
    }
}
