//! Fellegi–Sunter scoring: each field's agreement level carries a weight
//! `log2(m / u)` — how much likelier that level is between two
//! registrations of the same person (`m`) than between two different people
//! (`u`). `u` is measured on random pairs of the file itself and the share
//! of matches by a strict rule (no labelled data); `m` is a domain prior;
//! agreeing on a common name counts less than agreeing on a rare one
//! (term-frequency adjustment).

use crate::alias::Aliases;
use crate::compare::{self, BirthLevel, NameLevel, PhoneLevel};
use crate::record::Record;
use std::collections::HashMap;

/// The fields compared, in the order of a comparison vector.
pub const FIELDS: [&str; 9] = [
    "given_name",
    "family_name",
    "sex",
    "birth_date",
    "phone",
    "id_document",
    "father_name",
    "mother_name",
    "origin_commune",
];

/// The name of each level of each field, for evidence people read.
pub const LEVEL_NAMES: [&[&str]; 9] = [
    &["exact", "alias_or_key", "similar", "partial", "different", "missing"],
    &["exact", "alias_or_key", "similar", "partial", "different", "missing"],
    &["same", "different", "missing"],
    &["exact", "same_year", "one_year", "two_years", "different", "missing"],
    &["exact", "one_off", "different", "missing"],
    &["same", "different", "missing"],
    &["exact", "alias_or_key", "similar", "partial", "different", "missing"],
    &["exact", "alias_or_key", "similar", "partial", "different", "missing"],
    &["same", "different", "missing"],
];

/// Levels per field (the last level of each field is "missing": no weight).
const LEVELS: [usize; 9] = [6, 6, 3, 6, 4, 3, 6, 6, 3];

/// How a pair agrees, field by field (a level index per field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Comparison(pub [u8; 9]);

fn name_index(l: NameLevel) -> u8 {
    l as u8
}

fn same_or_missing<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> u8 {
    match (a, b) {
        (Some(x), Some(y)) if x == y => 0,
        (Some(_), Some(_)) => 1,
        _ => 2,
    }
}

/// Compares two records.
pub fn compare(a: &Record, b: &Record, aliases: &Aliases) -> Comparison {
    let birth = match compare::births(a.birth, b.birth) {
        BirthLevel::Exact => 0,
        BirthLevel::SameYear => 1,
        BirthLevel::OneYear => 2,
        BirthLevel::TwoYears => 3,
        BirthLevel::Different => 4,
        BirthLevel::Missing => 5,
    };
    let phone = match compare::phones(a.phone.as_deref(), b.phone.as_deref()) {
        PhoneLevel::Exact => 0,
        PhoneLevel::OneOff => 1,
        PhoneLevel::Different => 2,
        PhoneLevel::Missing => 3,
    };
    Comparison([
        name_index(compare::names(&a.given, &b.given, aliases)),
        name_index(compare::names(&a.family, &b.family, aliases)),
        same_or_missing(&a.sex, &b.sex),
        birth,
        phone,
        same_or_missing(&a.id_document, &b.id_document),
        name_index(compare::names(&a.father, &b.father, aliases)),
        name_index(compare::names(&a.mother, &b.mother, aliases)),
        same_or_missing(&a.origin, &b.origin),
    ])
}

/// The model: `m` and `u` per field and level, and the prior share of
/// matches among candidate pairs.
#[derive(Debug, Clone)]
pub struct Model {
    /// P(level | same person).
    pub m: Vec<Vec<f64>>,
    /// P(level | different people).
    pub u: Vec<Vec<f64>>,
    /// Share of candidate pairs that are matches.
    pub lambda: f64,
    /// Frequency of each folded family-name word among the records.
    pub family_tf: HashMap<String, f64>,
    /// Frequency of each folded given-name word.
    pub given_tf: HashMap<String, f64>,
}

/// What two different people's fields usually look like, before the file
/// says otherwise: a small file leans on these, a large one on its data.
fn prior_u() -> Vec<Vec<f64>> {
    let name = vec![0.02, 0.01, 0.02, 0.10, 0.85, 0.0];
    vec![
        name.clone(),
        name.clone(),
        vec![0.5, 0.5, 0.0],
        vec![0.001, 0.02, 0.04, 0.04, 0.899, 0.0],
        vec![0.0005, 0.001, 0.9985, 0.0],
        vec![0.0001, 0.9999, 0.0],
        name.clone(),
        name,
        vec![0.1, 0.9, 0.0],
    ]
}

/// How many random pairs the priors count for.
const PRIOR_SAMPLES: f64 = 2_000.0;

/// Sensible starting `m` values: the same person usually agrees.
fn prior_m() -> Vec<Vec<f64>> {
    let name = vec![0.55, 0.25, 0.1, 0.05, 0.05, 0.0];
    vec![
        name.clone(),
        name.clone(),
        vec![0.97, 0.03, 0.0],
        vec![0.35, 0.35, 0.15, 0.08, 0.07, 0.0],
        vec![0.85, 0.05, 0.10, 0.0],
        vec![0.95, 0.05, 0.0],
        name.clone(),
        name,
        vec![0.9, 0.1, 0.0],
    ]
}

const FLOOR: f64 = 1e-6;

/// The share of candidate pairs that are matches, estimated the way Splink
/// does: count the pairs a strict rule calls the same person (same phone,
/// give or take a digit, or
/// document, and both names agreeing at least by alias or key), and divide
/// by the share of matches such a rule can find (`DETERMINISTIC_RECALL`).
fn deterministic_lambda(patterns: &HashMap<Comparison, f64>, total: f64) -> f64 {
    let sure: f64 = patterns
        .iter()
        .filter(|(c, _)| (c.0[4] <= 1 || c.0[5] == 0) && c.0[0] <= 1 && c.0[1] <= 1)
        .map(|(_, n)| n)
        .sum();
    (sure / DETERMINISTIC_RECALL / total.max(1.0)).clamp(1e-5, 0.5)
}

/// The share of true matches that share a phone or document and agree on
/// both names: most adults give a phone twice, children have none.
const DETERMINISTIC_RECALL: f64 = 0.3;

fn normalised(mut v: Vec<f64>) -> Vec<f64> {
    // The missing level carries no weight: it is excluded from the sums.
    let last = v.len() - 1;
    v[last] = 0.0;
    for x in v.iter_mut().take(last) {
        *x = x.max(FLOOR);
    }
    let total: f64 = v.iter().sum();
    v.iter().map(|x| x / total).collect()
}

fn term_frequencies(records: &[Record], family: bool) -> HashMap<String, f64> {
    let mut counts: HashMap<String, f64> = HashMap::new();
    let mut total = 0.0f64;
    for r in records {
        let n = if family { &r.family } else { &r.given };
        for w in &n.words {
            *counts.entry(w.clone()).or_default() += 1.0;
            total += 1.0;
        }
    }
    for v in counts.values_mut() {
        *v /= total.max(1.0);
    }
    counts
}

impl Model {
    /// Estimates `u` from up to `samples` random pairs (deterministic) and
    /// the prior share of matches from a strict rule; `m` is the domain
    /// prior. (EM on `m` was tried: on a population full of namesakes it
    /// learned that namesakes are one person — `dugu bench linkage` shows
    /// the difference; a constrained EM is future work.)
    pub fn fit(records: &[Record], candidates: &[(u32, u32)], aliases: &Aliases, samples: usize) -> Model {
        let mut u: Vec<Vec<f64>> = LEVELS.iter().map(|n| vec![0.0; *n]).collect();
        let n = records.len() as u64;
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        if n > 1 {
            for _ in 0..samples {
                let (i, j) = ((next() % n) as usize, (next() % n) as usize);
                if i == j {
                    continue;
                }
                let c = compare(&records[i], &records[j], aliases);
                for (f, level) in c.0.iter().enumerate() {
                    u[f][*level as usize] += 1.0;
                }
            }
        }
        // Counts of the missing level are dropped by `normalised`; the prior
        // is blended in proportion to the non-missing counts it stands for.
        let u: Vec<Vec<f64>> = u
            .into_iter()
            .zip(prior_u())
            .map(|(counts, prior)| normalised(counts.iter().zip(&prior).map(|(c, p)| c + p * PRIOR_SAMPLES).collect()))
            .collect();
        let mut model = Model {
            m: prior_m().into_iter().map(normalised).collect(),
            u,
            lambda: 0.1,
            family_tf: term_frequencies(records, true),
            given_tf: term_frequencies(records, false),
        };
        let comparisons: Vec<Comparison> =
            candidates.iter().map(|(i, j)| compare(&records[*i as usize], &records[*j as usize], aliases)).collect();
        // Identical comparison vectors are counted once.
        let mut patterns: HashMap<Comparison, f64> = HashMap::new();
        for c in &comparisons {
            *patterns.entry(*c).or_default() += 1.0;
        }
        model.lambda = deterministic_lambda(&patterns, comparisons.len() as f64);
        model
    }

    /// The weight (log2 Bayes factor) of one field at one level; the
    /// family and given names' exact agreement weighs by how common the
    /// shared word is, when `shared` names it.
    pub fn weight(&self, field: usize, level: u8, shared: Option<&str>) -> f64 {
        let l = level as usize;
        if l + 1 == LEVELS[field] {
            return 0.0;
        }
        let raw = |k: usize| (self.m[field][k] / self.u[field][k].max(FLOOR)).log2();
        if l == 0 {
            let tf = match (field, shared) {
                (0, Some(w)) => self.given_tf.get(w),
                (1, Some(w)) => self.family_tf.get(w),
                _ => None,
            };
            return match tf {
                Some(tf) => (self.m[field][0] / tf.max(FLOOR)).log2(),
                None => raw(0),
            };
        }
        // Levels are ordered from strongest to weakest agreement: a weaker
        // level never weighs more than a stronger one, whatever the sample
        // said (a rare level's u can be tiny by chance).
        (0..=l).map(raw).fold(f64::INFINITY, f64::min)
    }

    fn probability_of(&self, c: &Comparison, given: Option<&str>, family: Option<&str>) -> f64 {
        let prior = (self.lambda / (1.0 - self.lambda)).log2();
        let w: f64 = prior
            + c.0
                .iter()
                .enumerate()
                .map(|(f, l)| {
                    self.weight(
                        f,
                        *l,
                        if f == 0 {
                            given
                        } else if f == 1 {
                            family
                        } else {
                            None
                        },
                    )
                })
                .sum::<f64>();
        1.0 / (1.0 + (-w).exp2())
    }

    /// The probability that two records are the same person, with the
    /// evidence: each field's level and weight.
    pub fn score(&self, a: &Record, b: &Record, aliases: &Aliases) -> (f64, Vec<(&'static str, u8, f64)>) {
        let c = compare(a, b, aliases);
        // The rarest word both names share exactly, for the frequency adjustment.
        let rarest = |x: &crate::Name, y: &crate::Name, tf: &HashMap<String, f64>| -> Option<String> {
            x.words
                .iter()
                .filter(|w| y.words.contains(w))
                .min_by(|p, q| {
                    let (fp, fq) = (tf.get(*p).copied().unwrap_or(0.0), tf.get(*q).copied().unwrap_or(0.0));
                    fp.total_cmp(&fq)
                })
                .cloned()
        };
        let given = rarest(&a.given, &b.given, &self.given_tf);
        let family = rarest(&a.family, &b.family, &self.family_tf);
        let evidence =
            c.0.iter()
                .enumerate()
                .map(|(f, l)| {
                    (
                        FIELDS[f],
                        *l,
                        self.weight(
                            f,
                            *l,
                            if f == 0 {
                                given.as_deref()
                            } else if f == 1 {
                                family.as_deref()
                            } else {
                                None
                            },
                        ),
                    )
                })
                .collect();
        (self.probability_of(&c, given.as_deref(), family.as_deref()), evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocking::candidate_pairs;
    use crate::record::RawRecord;

    fn rec(id: usize, given: &str, family: &str, sex: &str, birth: &str, phone: &str, mother: &str) -> Record {
        Record::parse(
            &RawRecord {
                id: id.to_string(),
                given_name: given.into(),
                family_name: family.into(),
                sex: sex.into(),
                birth_date: birth.into(),
                phone: phone.into(),
                mother_name: mother.into(),
                origin_commune: "Douentza".into(),
                ..Default::default()
            },
            2026,
        )
        .expect("valid")
    }

    /// A small population: many different people with common names, and
    /// re-registrations spelt differently.
    fn population() -> (Vec<Record>, Vec<(u32, u32)>) {
        let given_f = ["Awa", "Fatoumata", "Aminata", "Mariam", "Kadiatou", "Oumou", "Rokia", "Bintou"];
        let given_m = ["Moussa", "Mamadou", "Ibrahim", "Seydou", "Amadou", "Oumar", "Adama", "Issa"];
        let family =
            ["Traoré", "Coulibaly", "Diarra", "Keïta", "Konaté", "Touré", "Cissé", "Maïga", "Bathily", "Goïta"];
        let mut records = Vec::new();
        let mut truth = Vec::new();
        for i in 0..400usize {
            let female = i % 2 == 0;
            let g = if female { given_f[i % 8] } else { given_m[(i / 2) % 8] };
            let f = family[(i * 7 + i / 10) % 10];
            let year = 1960 + (i * 13 % 60);
            let phone = format!("7{:07}", i * 7919 % 10_000_000);
            let mother = format!("{} {}", given_f[(i / 3) % 8], family[(i / 7) % 10]);
            records.push(rec(
                records.len(),
                g,
                f,
                if female { "F" } else { "M" },
                &format!("{year}-0{}-1{}", 1 + i % 9, i % 9),
                &phone,
                &mother,
            ));
            if i % 4 == 0 {
                // The same person registered again elsewhere: other spellings,
                // only the year, a typing slip in the phone.
                let g2 = match g {
                    "Fatoumata" => "Fanta",
                    "Mamadou" => "Mahamadou",
                    "Kadiatou" => "Kadidia",
                    other => other,
                };
                let f2 = match f {
                    "Traoré" => "Traore",
                    "Coulibaly" => "Kulibali",
                    "Keïta" => "Keita",
                    other => other,
                };
                let mut p2: Vec<char> = phone.chars().collect();
                p2[7] = if p2[7] == '1' { '2' } else { '1' };
                let a = records.len() - 1;
                records.push(rec(
                    records.len(),
                    g2,
                    f2,
                    if female { "F" } else { "M" },
                    &year.to_string(),
                    &p2.iter().collect::<String>(),
                    &mother,
                ));
                truth.push((a as u32, (records.len() - 1) as u32));
            }
        }
        (records, truth)
    }

    #[test]
    fn finds_the_re_registrations_without_labels() {
        let (records, truth) = population();
        let aliases = Aliases::shipped();
        let (pairs, _) = candidate_pairs(&records, aliases, 500);
        assert!(crate::blocking::recall(&pairs, &truth) > 0.99, "blocking finds them");
        let model = Model::fit(&records, &pairs, aliases, 20_000);
        let truth: std::collections::HashSet<(u32, u32)> = truth.into_iter().collect();
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for (i, j) in &pairs {
            let (p, _) = model.score(&records[*i as usize], &records[*j as usize], aliases);
            match (p > 0.9, truth.contains(&(*i, *j))) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                _ => {}
            }
        }
        assert!(fp == 0, "no false match among {} candidates ({tp} found, {fn_} missed)", pairs.len());
        assert!(tp as f64 / (tp + fn_) as f64 > 0.9, "found {tp}, missed {fn_}");
    }

    #[test]
    fn agreeing_on_a_rare_name_counts_more_than_on_a_common_one() {
        let (records, _) = population();
        let aliases = Aliases::shipped();
        let (pairs, _) = candidate_pairs(&records, aliases, 500);
        let model = Model::fit(&records, &pairs, aliases, 20_000);
        let common = model.weight(1, 0, Some("traore"));
        let rare = model.weight(1, 0, Some("goita"));
        assert!(rare >= common, "rare {rare} vs common {common}");
        let (_, evidence) = model.score(&records[0], &records[1], aliases);
        assert_eq!(evidence.len(), FIELDS.len(), "every field explained");
    }
}
