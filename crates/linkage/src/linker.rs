//! The whole method over a population: blocks, a fitted model, scored
//! pairs, clusters — and checking one new registration against it without
//! recomputing anything.

use crate::alias::Aliases;
use crate::blocking::{self, Entry};
use crate::cluster::{self, Band};
use crate::coded::{Coded, NONE, Similarity, Vocab};
use crate::record::Record;
use crate::scoring::{self, Compared, Evidence, Model};
use std::collections::HashMap;

/// The probability given to a pair that clearly belongs to two people.
const CLEARLY_DIFFERENT: f64 = 0.01;

/// Forms longer than this are not a household's (a camp's list, a
/// school's roll): their members are not compared all with all.
const LARGEST_FORM: usize = 30;

/// The sex field of a comparison vector, and its "different" level (see
/// `scoring::LEVEL_NAMES`).
const SEX: usize = 2;
const SEX_DIFFERS: u8 = 1;

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
    /// Keys of records added since the build ([`Linker::add`]), sorted:
    /// inserting into `entries` would move megabytes per registration, so
    /// they wait here and are merged in once there are many.
    added: Vec<Entry>,
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
        Linker { records, vocab, coded, entries, added: Vec::new(), candidates, model, windowed_blocks }
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

    /// Two members of two household forms of `size` people: the household
    /// says who could be whom, not that two people are one, so a member
    /// of the other sex is nobody's candidate.
    fn within_household(&self, sim: &mut Similarity<'_>, a: &Coded, b: &Coded, size: u16) -> (f64, Compared) {
        let mut c = scoring::compare(sim, a, b);
        if c.levels.0[SEX] != SEX_DIFFERS {
            c.linked_households = size;
        }
        let p = self.model.probability(&c);
        let p = if cluster::clearly_different(sim, a, b) { p.min(CLEARLY_DIFFERENT) } else { p };
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
            let scored: Vec<ScoredPair> = handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect();
            self.with_linked_households(scored)
        })
    }

    /// Households as a model, not a block: two household forms are linked
    /// when one of their pairs is likely the same person (a household
    /// registered again, at another site or on another day). Between two
    /// linked forms every member is compared with every member — blocking
    /// may have missed them — with the prior of that small world (one
    /// chance in the form's size, not one in the population's), and each
    /// member is paired with at most one of the other form, best first: a
    /// household registered again lists the same people once each, so a
    /// sibling never takes the place of the person.
    fn with_linked_households(&self, mut pairs: Vec<ScoredPair>) -> Vec<ScoredPair> {
        let mut forms: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, r) in self.coded.iter().enumerate() {
            if r.household != NONE {
                forms.entry(r.household).or_default().push(i as u32);
            }
        }
        let mut linked: Vec<(u32, u32)> = pairs
            .iter()
            .filter(|p| p.probability >= cluster::LIKELY)
            .map(|p| (self.coded[p.a as usize].household, self.coded[p.b as usize].household))
            .filter(|(x, y)| *x != NONE && *y != NONE && x != y)
            .map(|(x, y)| (x.min(y), x.max(y)))
            .filter(|(x, y)| forms[x].len() <= LARGEST_FORM && forms[y].len() <= LARGEST_FORM)
            .collect();
        linked.sort_unstable();
        linked.dedup();
        let mut at: HashMap<(u32, u32), usize> = pairs.iter().enumerate().map(|(i, p)| ((p.a, p.b), i)).collect();
        let mut sim = Similarity::new(&self.vocab);
        for (x, y) in linked {
            let (xs, ys) = (&forms[&x], &forms[&y]);
            let size = xs.len().max(ys.len()) as u16;
            let mut within: Vec<(f64, u32, u32, Compared)> = Vec::with_capacity(xs.len() * ys.len());
            for &i in xs {
                for &j in ys {
                    let (a, b) = (i.min(j), i.max(j));
                    let (ra, rb) = (&self.coded[a as usize], &self.coded[b as usize]);
                    let (p, c) = self.within_household(&mut sim, ra, rb, size);
                    within.push((p, a, b, c));
                }
            }
            within.sort_by(|l, r| r.0.total_cmp(&l.0));
            let mut taken: Vec<u32> = Vec::new();
            for (p, a, b, c) in within {
                if taken.contains(&a) || taken.contains(&b) {
                    continue;
                }
                taken.extend([a, b]);
                match at.get(&(a, b)) {
                    Some(&k) if pairs[k].probability >= p => {}
                    Some(&k) => {
                        pairs[k] = ScoredPair { a, b, probability: p, band: Band::of(p), compared: c };
                    }
                    None if p >= KEEP_FROM => {
                        at.insert((a, b), pairs.len());
                        pairs.push(ScoredPair { a, b, probability: p, band: Band::of(p), compared: c });
                    }
                    None => {}
                }
            }
        }
        pairs
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
        let mut near = blocking::neighbours(&self.entries, &keys);
        near.extend(blocking::neighbours(&self.added, &keys));
        near.sort_unstable();
        near.dedup();
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

/// Added keys are merged into the built ones from this many on: each
/// addition moves the keys after its own in `added` (a few kilobytes),
/// each merge copies every key once (tens of megabytes at 100,000 people,
/// every few hundred registrations).
const MERGE_ADDED_FROM: usize = 16 * 1024;

/// One household form checked against the population
/// ([`Linker::check_household`]).
#[derive(Debug, Clone)]
pub struct FormCheck {
    /// For each member of the form, in order, the records they may be
    /// (review band and above), most likely first.
    pub members: Vec<Vec<ScoredPair>>,
}

impl Linker {
    /// Adds one registration to the population, so that the next
    /// [`Linker::check`] finds it; its index. The model is not refitted:
    /// a registration moves the weights of a population of thousands by
    /// nothing worth a refit, and a refit takes seconds.
    pub fn add(&mut self, record: Record) -> u32 {
        let index = self.records.len() as u32;
        let coded = self.vocab.code(&record, Aliases::shipped(), true);
        let mut keys = Vec::new();
        blocking::keys(&self.vocab, &coded, index, &mut keys);
        for key in keys {
            let at = self.added.partition_point(|e| *e < key);
            self.added.insert(at, key);
        }
        if self.added.len() >= MERGE_ADDED_FROM {
            let mut merged = Vec::with_capacity(self.entries.len() + self.added.len());
            let (mut i, mut j) = (0, 0);
            while i < self.entries.len() && j < self.added.len() {
                if self.entries[i] <= self.added[j] {
                    merged.push(self.entries[i]);
                    i += 1;
                } else {
                    merged.push(self.added[j]);
                    j += 1;
                }
            }
            merged.extend_from_slice(&self.entries[i..]);
            merged.extend_from_slice(&self.added[j..]);
            self.entries = merged;
            self.added.clear();
        }
        self.records.push(record);
        self.coded.push(coded);
        index
    }

    /// Checks a whole household form: each member as [`Linker::check`],
    /// then, for every household of the population that one member is
    /// likely in, every member of the form against every member of that
    /// household with the prior of that small world — as
    /// [`Linker::pairs`] does for two forms of the population — each
    /// member paired with at most one of the other household, best first.
    /// So a family registered again is recognised as a family, its
    /// children included, and a sibling never takes the place of the
    /// person.
    pub fn check_household(&mut self, form: &[Record]) -> FormCheck {
        let mut members: Vec<Vec<ScoredPair>> = form.iter().map(|r| self.check(r)).collect();
        let mut linked: Vec<u32> = members
            .iter()
            .flatten()
            .filter(|p| p.probability >= cluster::LIKELY)
            .map(|p| self.coded[p.b as usize].household)
            .filter(|h| *h != NONE)
            .collect();
        linked.sort_unstable();
        linked.dedup();
        if linked.is_empty() {
            return FormCheck { members };
        }
        let new: Vec<Coded> = form.iter().map(|r| self.vocab.code(r, Aliases::shipped(), false)).collect();
        let mut sim = Similarity::new(&self.vocab);
        for household in linked {
            let theirs: Vec<u32> =
                (0..self.coded.len() as u32).filter(|i| self.coded[*i as usize].household == household).collect();
            if theirs.len() > LARGEST_FORM || new.len() > LARGEST_FORM {
                continue;
            }
            let size = theirs.len().max(new.len()) as u16;
            let mut within: Vec<(f64, usize, u32, Compared)> = Vec::with_capacity(new.len() * theirs.len());
            for (m, a) in new.iter().enumerate() {
                for &j in &theirs {
                    let (p, c) = self.within_household(&mut sim, a, &self.coded[j as usize], size);
                    within.push((p, m, j, c));
                }
            }
            within.sort_by(|l, r| r.0.total_cmp(&l.0));
            let (mut mine, mut their) = (Vec::new(), Vec::new());
            for (p, m, j, c) in within {
                if mine.contains(&m) || their.contains(&j) {
                    continue;
                }
                mine.push(m);
                their.push(j);
                if p < cluster::REVIEW {
                    continue;
                }
                let pair = ScoredPair { a: u32::MAX, b: j, probability: p, band: Band::of(p), compared: c };
                match members[m].iter_mut().find(|q| q.b == j) {
                    Some(q) if q.probability >= p => {}
                    Some(q) => *q = pair,
                    None => members[m].push(pair),
                }
            }
        }
        for pairs in &mut members {
            pairs.sort_by(|x, y| y.probability.total_cmp(&x.probability));
        }
        FormCheck { members }
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

    fn member(id: &str, given: &str, sex: &str, birth: &str, age: &str, phone: &str, form: &str) -> Record {
        let raw = RawRecord {
            id: id.into(),
            given_name: given.into(),
            family_name: "Guindo".into(),
            sex: sex.into(),
            birth_date: birth.into(),
            age_years: age.into(),
            phone: phone.into(),
            origin_commune: "Bandiagara".into(),
            household_id: form.into(),
            ..Default::default()
        };
        Record::parse(&raw, crate::record::TEST_DAY).expect("valid")
    }

    /// A household registered again at another site: the head agrees on
    /// everything, the children only on given name, sex and an age where
    /// the first form had a date — not enough alone in a population of
    /// Guindos, enough once the two forms are known to be one household.
    /// Each child is paired with one child of the other form, never with a
    /// sibling.
    #[test]
    fn a_household_registered_again_links_its_members_one_to_one() {
        let given_f = ["Awa", "Fatoumata", "Aminata", "Mariam", "Kadiatou", "Oumou", "Yaye", "Bintou"];
        let given_m = ["Moussa", "Mamadou", "Ibrahim", "Seydou", "Amadou", "Oumar", "Adama", "Issa"];
        let mut records = Vec::new();
        for i in 0..600usize {
            let female = i % 2 == 0;
            let given = if female { given_f[i % 8] } else { given_m[(i / 2) % 8] };
            let birth = format!("{}-0{}-1{}", 1950 + (i * 13 % 70), 1 + i % 9, i % 9);
            let phone = format!("7{:07}", i * 7919 % 10_000_000);
            let form = format!("F{}", i / 5);
            records.push(member(&i.to_string(), given, if female { "F" } else { "M" }, &birth, "", &phone, &form));
        }
        let first = records.len() as u32;
        records.extend([
            member("h1", "Hamidou", "M", "1975-04-12", "", "+223 76 40 21 09", "BDG-1"),
            member("c1", "Yacouba", "M", "2012-06-02", "", "", "BDG-1"),
            member("c2", "Hawa", "F", "2014-09-17", "", "", "BDG-1"),
            member("c3", "Sali", "F", "2016-01-25", "", "", "BDG-1"),
            member("h2", "Hamidou", "M", "1975-04-12", "", "76402109", "MPT-9"),
            member("d1", "Yacouba", "M", "", "11", "65 11 22 33", "MPT-9"),
            member("d2", "Hawa", "F", "", "9", "65 11 22 33", "MPT-9"),
            member("d3", "Sali", "F", "", "7", "65 11 22 33", "MPT-9"),
        ]);
        let linker = Linker::build(records);
        let pairs = linker.pairs();
        let found = |a: u32, b: u32| pairs.iter().find(|p| (p.a, p.b) == (first + a, first + b));
        for child in 1..4 {
            let pair = found(child, child + 4).unwrap_or_else(|| panic!("child {child} is paired"));
            assert_eq!(pair.band, Band::Likely, "child {child}: {:?}", linker.evidence(pair));
            let unlinked = Compared { linked_households: 0, ..pair.compared };
            assert!(linker.model.probability(&unlinked) < cluster::LIKELY, "the household made the difference");
            assert!(linker.evidence(pair).iter().any(|e| e.field == "household" && e.weight > 0.0));
        }
        // Hawa is not also Sali: siblings of one sex are each paired once.
        for (a, b) in [(2, 7), (3, 6)] {
            assert!(found(a, b).is_none_or(|p| p.band != Band::Likely), "siblings {a} and {b} not merged");
        }
    }

    /// A family registered at one site and again at another: the head
    /// is found by the check, the children through the household, each
    /// once; and a record added after the build is found as if built.
    #[test]
    fn a_household_form_is_checked_as_a_household_and_additions_are_found() {
        let given_f = ["Awa", "Fatoumata", "Aminata", "Mariam", "Kadiatou", "Oumou", "Yaye", "Bintou"];
        let given_m = ["Moussa", "Mamadou", "Ibrahim", "Seydou", "Amadou", "Oumar", "Adama", "Issa"];
        let mut records = Vec::new();
        for i in 0..600usize {
            let female = i % 2 == 0;
            let given = if female { given_f[i % 8] } else { given_m[(i / 2) % 8] };
            let birth = format!("{}-0{}-1{}", 1950 + (i * 13 % 70), 1 + i % 9, i % 9);
            let phone = format!("7{:07}", i * 7919 % 10_000_000);
            records.push(member(
                &i.to_string(),
                given,
                if female { "F" } else { "M" },
                &birth,
                "",
                &phone,
                &format!("F{}", i / 5),
            ));
        }
        let mut linker = Linker::build(records);
        let first = linker.records().len() as u32;
        for r in [
            member("h1", "Hamidou", "M", "1975-04-12", "", "+223 76 40 21 09", "BDG-1"),
            member("c1", "Yacouba", "M", "2012-06-02", "", "", "BDG-1"),
            member("c2", "Hawa", "F", "2014-09-17", "", "", "BDG-1"),
            member("c3", "Sali", "F", "2016-01-25", "", "", "BDG-1"),
        ] {
            linker.add(r);
        }
        let again = [
            member("h2", "Hamidou", "M", "1975-04-12", "", "76402109", "MPT-9"),
            member("d1", "Yacouba", "M", "", "11", "65 11 22 33", "MPT-9"),
            member("d2", "Hawa", "F", "", "9", "65 11 22 33", "MPT-9"),
            member("d3", "Sali", "F", "", "7", "65 11 22 33", "MPT-9"),
        ];
        let alone = linker.check(&again[2]);
        assert!(alone.iter().all(|p| p.band != Band::Likely), "a child alone is not enough: {alone:?}");
        let form = linker.check_household(&again);
        for (m, pairs) in form.members.iter().enumerate() {
            let best = pairs.first().unwrap_or_else(|| panic!("member {m} found"));
            assert_eq!((best.b, best.band), (first + m as u32, Band::Likely), "member {m}");
        }
        let stranger = member("x", "Ténin", "F", "1990-02-02", "", "", "Z-1");
        assert!(linker.check_household(&[stranger]).members[0].iter().all(|p| p.band != Band::Likely));
        // Enough additions to merge the added keys into the built ones:
        // the family is still found, once.
        let built = linker.entries.len();
        for i in 0..2_500usize {
            let given = if i % 2 == 0 { given_f[i % 8] } else { given_m[i % 8] };
            let birth = format!("{}-0{}-2{}", 1960 + (i * 7 % 60), 1 + i % 9, i % 9);
            linker.add(member(
                &format!("z{i}"),
                given,
                if i % 2 == 0 { "F" } else { "M" },
                &birth,
                "",
                "",
                &format!("Z{}", i / 4),
            ));
        }
        assert!(linker.entries.len() > built, "merged at least once");
        let form = linker.check_household(&again);
        assert_eq!(form.members[0].iter().filter(|p| p.b == first).count(), 1, "{:?}", form.members[0]);
        assert_eq!(form.members[0][0].band, Band::Likely);
    }
}
