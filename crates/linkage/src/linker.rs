//! The whole method over a population: blocks, a fitted model, scored
//! pairs, clusters — and checking one new registration against it without
//! recomputing anything.

use crate::alias::Aliases;
use crate::blocking::{self, Entry};
use crate::cluster::{self, Band};
use crate::coded::{Coded, Similarity, Vocab};
use crate::record::Record;
use crate::scoring::{self, Compared, Evidence, Model};

/// The probability given to a pair that clearly belongs to two people.
const CLEARLY_DIFFERENT: f64 = 0.01;

/// Scored pairs below this probability are not kept: they could never be
/// shown, reviewed or clustered.
pub const KEEP_FROM: f64 = 0.01;

/// A scored pair of records.
#[derive(Debug, Clone)]
pub struct ScoredPair {
    /// Index of the first record (`u32::MAX` for a registration being
    /// checked).
    pub a: u32,
    /// Index of the second record.
    pub b: u32,
    /// Probability that they are one person.
    pub probability: f64,
    /// Its band.
    pub band: Band,
    /// How each field agreed.
    pub compared: Compared,
}

/// A population ready for matching.
pub struct Linker {
    records: Vec<Record>,
    vocab: Vocab,
    coded: Vec<Coded>,
    entries: Vec<Entry>,
    candidates: Vec<u64>,
    /// The fitted model.
    pub model: Model,
    /// Blocks larger than the window (compared by near neighbours only).
    pub windowed_blocks: usize,
}

impl Linker {
    /// Builds the blocks and fits the model on `records`.
    pub fn build(records: Vec<Record>) -> Linker {
        let (vocab, coded) = Vocab::build(&records, Aliases::shipped());
        let entries = blocking::entries(&vocab, &coded);
        let (candidates, windowed_blocks) = blocking::candidate_pairs(&entries);
        let samples = (records.len() * 5).clamp(10_000, 500_000);
        let model = Model::fit(&vocab, &coded, &candidates, samples);
        Linker { records, vocab, coded, entries, candidates, model, windowed_blocks }
    }

    /// The records, in input order.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// Every candidate pair blocking proposed, `(i, j)` with `i < j`.
    pub fn candidates(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.candidates.iter().map(|p| ((p >> 32) as u32, *p as u32))
    }

    fn score(&self, sim: &mut Similarity<'_>, a: &Coded, b: &Coded) -> (f64, Compared) {
        let c = scoring::compare(sim, a, b);
        let p = self.model.probability(&c);
        let p = if p >= KEEP_FROM && cluster::clearly_different(sim, a, b) { p.min(CLEARLY_DIFFERENT) } else { p };
        (p, c)
    }

    /// The candidate pairs worth keeping (probability ≥ [`KEEP_FROM`]),
    /// scored on every core. Two records that clearly belong to different
    /// people (twins, different sexes, mothers or birth years) are
    /// "different" whatever their score.
    pub fn pairs(&self) -> Vec<ScoredPair> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(16);
        let chunk = self.candidates.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            let handles: Vec<_> = self
                .candidates
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        let mut sim = Similarity::new(&self.vocab);
                        let mut out = Vec::new();
                        for p in part {
                            let (a, b) = ((p >> 32) as u32, *p as u32);
                            let (prob, compared) =
                                self.score(&mut sim, &self.coded[a as usize], &self.coded[b as usize]);
                            if prob >= KEEP_FROM {
                                out.push(ScoredPair { a, b, probability: prob, band: Band::of(prob), compared });
                            }
                        }
                        out
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        })
    }

    /// Each field's level and weight for a pair.
    pub fn evidence(&self, pair: &ScoredPair) -> Vec<Evidence> {
        self.model.evidence(&pair.compared)
    }

    /// Persons: a cluster number per record, joining pairs at or above
    /// `threshold` without chaining across clear differences.
    pub fn clusters(&self, pairs: &[ScoredPair], threshold: f64) -> Vec<u32> {
        let scored: Vec<(u32, u32, f64)> = pairs.iter().map(|p| (p.a, p.b, p.probability)).collect();
        cluster::clusters(&mut Similarity::new(&self.vocab), &self.coded, &scored, threshold)
    }

    /// Checks one new registration against the population: the records it
    /// may be (probability ≥ the review band), most likely first, with the
    /// evidence — nothing recomputed. Its new spellings are learnt (not
    /// counted), hence `&mut`.
    pub fn check(&mut self, new: &Record) -> Vec<ScoredPair> {
        let coded = self.vocab.code(new, Aliases::shipped(), false);
        let mut keys = Vec::new();
        blocking::keys(&self.vocab, &coded, u32::MAX, &mut keys);
        let near = blocking::neighbours(&self.entries, &keys);
        let mut sim = Similarity::new(&self.vocab);
        let mut out: Vec<ScoredPair> = near
            .into_iter()
            .filter_map(|i| {
                let (p, compared) = self.score(&mut sim, &coded, &self.coded[i as usize]);
                (p >= cluster::REVIEW).then_some(ScoredPair {
                    a: u32::MAX,
                    b: i,
                    probability: p,
                    band: Band::of(p),
                    compared,
                })
            })
            .collect();
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
                Record::parse(&raw, crate::record::TEST_DAY).expect("valid")
            })
            .collect();
        let mut linker = Linker::build(records);
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
            crate::record::TEST_DAY,
        )
        .expect("valid");
        let found = linker.check(&new);
        assert_eq!(found.first().map(|p| p.b), Some(0), "{found:?}");
        assert!(found[0].probability > 0.9);
        assert!(found.iter().all(|p| p.b != 2), "Moussa Diarra is not proposed");
    }
}
