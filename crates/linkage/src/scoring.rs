//! Fellegi–Sunter scoring: each field's agreement level carries a weight
//! `log2(m / u)` — how much likelier that level is between two
//! registrations of the same person (`m`) than between two different people
//! (`u`). `u` is measured on random pairs of the file itself and the share
//! of matches by a strict rule (no labelled data); `m` is a domain prior;
//! agreeing on a common name counts less than agreeing on a rare one
//! (term-frequency adjustment).

use crate::coded::{self, Coded, NONE, Similarity, Vocab};
use crate::compare::{BirthLevel, NameLevel, PhoneLevel};
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
    &["exact", "alias_or_key", "similar", "partial", "husband", "different", "missing"],
    &["same", "different", "missing"],
    &["exact", "swapped", "same_year", "one_year", "two_years", "tolerated", "different", "missing"],
    &["exact", "one_off", "household", "different", "missing"],
    &["same", "one_off", "household", "different", "missing"],
    &["exact", "alias_or_key", "similar", "partial", "different", "missing"],
    &["exact", "alias_or_key", "similar", "partial", "different", "missing"],
    &["same", "same_cercle", "same_region", "different", "missing"],
];

/// Levels per field (the last level of each field is "missing": no weight).
const LEVELS: [usize; 9] = [6, 7, 3, 8, 5, 5, 6, 6, 5];

/// The family-name level of a married woman under her own family name on
/// one side and her husband's on the other (the family name of the men of
/// her household form): weaker than any agreement, but not a different
/// name. The family name's other levels follow [`NameLevel`], "different"
/// and "missing" one step further.
const HUSBAND: u8 = 4;

fn family_level(level: NameLevel) -> u8 {
    match level {
        NameLevel::Different | NameLevel::Missing => level as u8 + 1,
        _ => level as u8,
    }
}

/// The phone level of a number shared under wholly different given names:
/// the household's phone (the head's, or a relay), evidence of a
/// household, not of a person — it weighs nothing.
const HOUSEHOLD_PHONE: u8 = 2;
/// The same for an identity document (the head's, copied on the form).
const HOUSEHOLD_DOCUMENT: u8 = 2;

/// How a pair agrees, field by field (a level index per field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Comparison(pub [u8; 9]);

/// A comparison with how common the agreeing given and family names are
/// (for the term-frequency adjustment; 1.0 when they do not agree).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Compared {
    /// The levels.
    pub levels: Comparison,
    /// Frequency of the rarest agreeing given name (word, key or alias group).
    pub given_tf: f32,
    /// Frequency of the rarest agreeing family name.
    pub family_tf: f32,
    /// The given names are two different names both known (in the alias
    /// table or common in the file): not a nickname nobody listed.
    pub distinct_given: bool,
    /// Both records are on one household form.
    pub same_household: bool,
    /// Their two household forms are already linked by another pair (the
    /// household registered again): the size of the larger form, whose
    /// members are the only candidates — 0 when the forms are not linked.
    pub linked_households: u16,
}

/// The phone level, before a number shared under other given names is
/// taken for the household's.
fn phone_level(a: &Coded, b: &Coded) -> u8 {
    match coded::phones(a.phone, b.phone) {
        PhoneLevel::Exact => 0,
        PhoneLevel::OneOff => 1,
        PhoneLevel::Different => 3,
        PhoneLevel::Missing => 4,
    }
}

/// Compares two coded records.
pub(crate) fn compare(sim: &mut Similarity<'_>, a: &Coded, b: &Coded) -> Compared {
    let birth = coded::births(a.birth, b.birth) as u8;
    let phone = phone_level(a, b);
    let sex = match (a.sex, b.sex) {
        (0, _) | (_, 0) => 2,
        (x, y) if x == y => 0,
        _ => 1,
    };
    let mut given = sim.names(&a.given, &b.given);
    let mut family = sim.names(&a.family, &b.family);
    // Written family name first on one side: compared crosswise when that
    // agrees better.
    if given.level > NameLevel::AliasOrKey || family.level > NameLevel::AliasOrKey {
        let (g, f) = (sim.names(&a.given, &b.family), sim.names(&a.family, &b.given));
        if g.level <= NameLevel::Similar
            && f.level <= NameLevel::Similar
            && (g.level as u8 + f.level as u8) < (given.level as u8 + family.level as u8)
        {
            (given, family) = (g, f);
        }
    }
    let household = given.level == NameLevel::Different;
    let married = family.level == NameLevel::Different
        && given.level != NameLevel::Different
        && (sim.vocab.under_husbands_name(a, b) || sim.vocab.under_husbands_name(b, a));
    let family_level = if married { HUSBAND } else { family_level(family.level) };
    let phone = if phone <= 1 && household { HOUSEHOLD_PHONE } else { phone };
    // A head's document copied for every adult of the form, likewise.
    let document = match sim.documents(a.document, b.document) {
        0 | 1 if household => HOUSEHOLD_DOCUMENT,
        0 => 0,
        1 => 1,
        2 => 3,
        _ => 4,
    };
    Compared {
        levels: Comparison([
            given.level as u8,
            family_level,
            sex,
            birth,
            phone,
            document,
            sim.names(&a.father, &b.father).level as u8,
            sim.names(&a.mother, &b.mother).level as u8,
            coded::origins(sim.vocab, a, b) as u8,
        ]),
        given_tf: given.tf,
        family_tf: family.tf,
        distinct_given: given.level == NameLevel::Different && sim.known_distinct(&a.given, &b.given),
        same_household: a.household != NONE && a.household == b.household,
        linked_households: 0,
    }
}

/// The model: `m` and `u` per field and level, and the prior share of
/// matches among candidate pairs.
#[derive(Debug, Clone)]
pub struct Model {
    /// P(level | same person).
    pub m: Vec<Vec<f64>>,
    /// P(level | different people).
    pub u: Vec<Vec<f64>>,
    /// The chance that two records drawn at random are one person.
    pub lambda: f64,
    /// Weight per field and level, before any frequency adjustment.
    weights: Vec<Vec<f64>>,
}

/// What two different people's fields usually look like, before the file
/// says otherwise: a small file leans on these, a large one on its data.
fn prior_u() -> Vec<Vec<f64>> {
    let name = vec![0.02, 0.01, 0.02, 0.10, 0.85, 0.0];
    vec![
        name.clone(),
        vec![0.02, 0.01, 0.02, 0.10, 0.005, 0.845, 0.0],
        vec![0.5, 0.5, 0.0],
        vec![0.001, 0.0001, 0.02, 0.04, 0.04, 0.1, 0.7989, 0.0],
        vec![0.0005, 0.001, 0.0005, 0.998, 0.0],
        vec![0.0001, 0.0002, 0.0001, 0.9996, 0.0],
        name.clone(),
        name,
        vec![0.1, 0.05, 0.15, 0.7, 0.0],
    ]
}

/// How many random pairs the priors count for.
const PRIOR_SAMPLES: f64 = 2_000.0;

/// `m` from anchor pairs — candidates that are surely one person on other
/// evidence — blended with the prior: for sex, birth date, parents and
/// commune, pairs sharing a phone or document whose names agree (for the
/// parents, only where the birth also agrees to the year or a document is
/// shared: namesake half-brothers share their father's phone and names,
/// and would teach that one person's records often name two mothers); for the
/// names themselves, pairs sharing a phone or document and a full birth
/// date; for the phone and document, pairs whose names agree and whose
/// full birth dates are the same. (Splink's way of training `m` on a
/// deterministic rule, field by field, so that no field vouches for
/// itself.) Pairs on one household form, and pairs whose given names are
/// two known different names (twins share a phone and a birth date), are
/// never anchors: they are household members, not one person.
fn anchored_m(sample: &[Compared]) -> Vec<Vec<f64>> {
    let mut counts: Vec<Vec<f64>> =
        prior_m().into_iter().map(|p| p.into_iter().map(|x| x * PRIOR_M_PAIRS).collect()).collect();
    for c in sample.iter().filter(|c| !c.same_household && !c.distinct_given) {
        let l = &c.levels.0;
        let contact = matches!(l[4], 0 | HOUSEHOLD_PHONE) || l[5] == 0;
        if contact && l[0] <= 1 && l[1] <= 1 {
            for f in [2, 8] {
                counts[f][l[f] as usize] += 1.0;
            }
            if l[5] == 0 || l[3] <= BirthLevel::SameYear as u8 {
                for f in [6, 7] {
                    counts[f][l[f] as usize] += 1.0;
                }
            }
            // A father and his son named after him share a phone, names
            // and often the form: the birth is trained only where a
            // document or both parents' names vouch that it is one person.
            if l[5] == 0 || (l[6] <= 2 && l[7] <= 2) {
                counts[3][l[3] as usize] += 1.0;
            }
        }
        if contact && l[3] == 0 {
            for f in [0, 1] {
                counts[f][l[f] as usize] += 1.0;
            }
        }
        if l[0] <= 1 && l[1] <= 1 && l[3] == 0 {
            for f in [4, 5] {
                counts[f][l[f] as usize] += 1.0;
            }
        }
    }
    counts.into_iter().map(normalised).collect()
}

/// How many anchor pairs the prior `m` counts for.
const PRIOR_M_PAIRS: f64 = 50.0;

/// Sensible starting `m` values: the same person usually agrees.
fn prior_m() -> Vec<Vec<f64>> {
    let name = vec![0.55, 0.25, 0.1, 0.05, 0.05, 0.0];
    vec![
        name.clone(),
        // A wife under her husband's family name: a few percent of women's
        // records, about one in fifty of all.
        vec![0.55, 0.25, 0.1, 0.05, 0.02, 0.03, 0.0],
        vec![0.97, 0.03, 0.0],
        vec![0.35, 0.02, 0.33, 0.15, 0.06, 0.05, 0.04, 0.0],
        vec![0.55, 0.05, 0.02, 0.38, 0.0],
        vec![0.85, 0.08, 0.01, 0.06, 0.0],
        name.clone(),
        name,
        vec![0.8, 0.08, 0.04, 0.08, 0.0],
    ]
}

const FLOOR: f64 = 1e-6;

/// The chance that two records drawn at random are one person, estimated
/// the way Splink does: count the candidate pairs a strict rule calls the
/// same person (same phone, give or take a digit, or document, and both
/// names agreeing at least by alias or key), divide by the share of
/// matches such a rule can find (`DETERMINISTIC_RECALL`), and by the
/// number of pairs in the whole population — the weights (`u`) are
/// measured on random pairs, so the prior must be about random pairs too.
fn random_match_share(patterns: &HashMap<Comparison, f64>, sampled: f64, candidates: usize, records: usize) -> f64 {
    let sure: f64 = patterns
        .iter()
        .filter(|(c, _)| (c.0[4] <= 1 || c.0[5] == 0) && c.0[0] <= 1 && c.0[1] <= 1)
        .map(|(_, n)| n)
        .sum();
    let matches = (sure / sampled.max(1.0) * candidates as f64 / DETERMINISTIC_RECALL).max(1.0);
    let n = records as f64;
    (matches / (n * (n - 1.0) / 2.0).max(1.0)).clamp(1e-12, 0.5)
}

/// Matches assumed in any file, whatever the data says (a tiny file says
/// little).
const PRIOR_MATCHES: f64 = 2.0;

/// Rounds of EM on the match share.
const EM_ROUNDS: usize = 30;

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

impl Model {
    /// Estimates `u` from up to `samples` random pairs of the file
    /// (deterministic) — for the parents' names, the phone and the commune
    /// of origin, from random pairs of different people that share a
    /// family name, since a child's family name is its father's and goes
    /// with a place, and agreeing on it says nothing new — and the prior share of
    /// matches from a strict rule; `m` is the domain prior. (EM on `m` was
    /// tried: on a population full of namesakes it learned that namesakes
    /// are one person.)
    pub(crate) fn fit(vocab: &Vocab, records: &[Coded], candidates: &[u64], samples: usize) -> Model {
        let mut sim = Similarity::new(vocab);
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
                let c = compare(&mut sim, &records[i], &records[j]);
                for (f, level) in c.levels.0.iter().enumerate() {
                    u[f][*level as usize] += 1.0;
                }
            }
        }
        // Parents' names, the phone and the commune of origin among people
        // of one family name: a family name goes with a place (Guindo with
        // Bandiagara, Diawara with Kita) as it goes with a father, so two
        // Guindos of Bandiagara agree on the commune far more often than
        // two strangers, and counting both the name and the place as
        // independent evidence made namesakes of one village "likely". Only
        // pairs surely of two people count — different given names, births
        // more than two years apart — or a file full of duplicates (FEBRL)
        // would measure its own matches.
        let mut by_family: Vec<(u32, u32)> = records
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.family.as_slice().first().map(|w| (vocab.words[*w as usize].key, i as u32)))
            .collect();
        by_family.sort_unstable();
        for f in [4, 6, 7, 8] {
            u[f].iter_mut().for_each(|x| *x = 0.0);
        }
        if by_family.len() > 1 {
            for _ in 0..samples {
                let at = (next() % by_family.len() as u64) as usize;
                let key = by_family[at].0;
                let lo = by_family.partition_point(|e| e.0 < key);
                let hi = by_family.partition_point(|e| e.0 <= key);
                if hi - lo < 2 {
                    continue;
                }
                let other = lo + (next() % (hi - lo) as u64) as usize;
                if other == at {
                    continue;
                }
                let (a, b) = (&records[by_family[at].1 as usize], &records[by_family[other].1 as usize]);
                if sim.names(&a.given, &b.given).level != NameLevel::Different
                    || coded::births(a.birth, b.birth) <= BirthLevel::TwoYears
                {
                    continue;
                }
                u[6][sim.names(&a.father, &b.father).level as usize] += 1.0;
                u[7][sim.names(&a.mother, &b.mother).level as usize] += 1.0;
                u[4][phone_level(a, b) as usize] += 1.0;
                u[8][coded::origins(vocab, a, b) as usize] += 1.0;
            }
        }
        // Counts of the missing level are dropped by `normalised`; the prior
        // is blended in proportion to the non-missing counts it stands for.
        let u: Vec<Vec<f64>> = u
            .into_iter()
            .zip(prior_u())
            .map(|(counts, prior)| normalised(counts.iter().zip(&prior).map(|(c, p)| c + p * PRIOR_SAMPLES).collect()))
            .collect();
        // A sample of the candidates, for `m` and the match share.
        let stride = (candidates.len() / 400_000).max(1);
        let mut patterns: HashMap<Comparison, f64> = HashMap::new();
        let mut sample = Vec::new();
        for p in candidates.iter().step_by(stride) {
            let c = compare(&mut sim, &records[(p >> 32) as usize], &records[(*p & 0xFFFF_FFFF) as usize]);
            *patterns.entry(c.levels).or_default() += 1.0;
            sample.push(c);
        }
        let m = anchored_m(&sample);
        let weights = (0..FIELDS.len())
            .map(|f| {
                (0..LEVELS[f])
                    .map(|l| {
                        if l + 1 == LEVELS[f]
                            || (f == 4 && l == HOUSEHOLD_PHONE as usize)
                            || (f == 5 && l == HOUSEHOLD_DOCUMENT as usize)
                        {
                            return 0.0;
                        }
                        // Levels are ordered from strongest to weakest
                        // agreement: a weaker level never weighs more than a
                        // stronger one, whatever the sample said.
                        (0..=l).map(|k| (m[f][k] / u[f][k].max(FLOOR)).log2()).fold(f64::INFINITY, f64::min)
                    })
                    .collect()
            })
            .collect();
        let mut model = Model { m, u, lambda: 0.1, weights };
        let total = sample.len() as f64;
        model.lambda = random_match_share(&patterns, total, candidates.len(), records.len());
        // Then refined by EM on the match share alone (`m` and `u` held):
        // the expected number of matches among the candidates, over all
        // pairs. Pairs outside the candidates are taken as non-matches.
        let n = records.len() as f64;
        let all_pairs = (n * (n - 1.0) / 2.0).max(1.0);
        let scale = candidates.len() as f64 / total.max(1.0);
        for _ in 0..EM_ROUNDS {
            let expected: f64 = sample.iter().map(|c| model.probability(c)).sum::<f64>() * scale;
            // A couple of matches are assumed, so a tiny file keeps a prior.
            let next = ((expected + PRIOR_MATCHES) / all_pairs).clamp(1e-12, 0.5);
            let settled = (next / model.lambda - 1.0).abs() < 1e-3;
            model.lambda = next;
            if settled {
                break;
            }
        }
        model
    }

    /// The weight (log2 Bayes factor) of one field at one level. For the
    /// given and family names agreeing exactly or by key or alias, `tf` is
    /// how common the agreeing name is: agreeing on Traoré counts less than
    /// agreeing on Goïta.
    pub fn weight(&self, field: usize, level: u8, tf: Option<f64>) -> f64 {
        let l = level as usize;
        match tf {
            Some(tf) if field <= 1 && l == 0 => (self.m[field][0] / tf.max(FLOOR)).log2().min(MAX_NAME_WEIGHT),
            // An alias or key agreement: `tf` is the whole group's
            // frequency, of which the random pairs agreeing by alias and
            // not exactly are only a share (as `u` measured it) — without
            // it Fatoumata ~ Fanta counted less than a typing slip. Never
            // more than an exact agreement on as common a name.
            Some(tf) if field <= 1 && l == 1 => {
                let share = self.u[field][1] / (self.u[field][0] + self.u[field][1]).max(FLOOR);
                let exact = (self.m[field][0] / tf.max(FLOOR)).log2();
                (self.m[field][1] / (tf * share).max(FLOOR)).log2().min(exact).min(MAX_NAME_WEIGHT)
            }
            // A slip of a common name never counts for more than the name.
            Some(tf) if field <= 1 && l == 2 => self.weights[field][l].min((self.m[field][0] / tf.max(FLOOR)).log2()),
            _ => self.weights[field][l],
        }
    }

    fn tf_of(field: usize, c: &Compared) -> Option<f64> {
        match field {
            0 => Some(f64::from(c.given_tf)),
            1 => Some(f64::from(c.family_tf)),
            _ => None,
        }
    }

    /// The prior (log2 odds) that a pair is one person before its fields
    /// are compared: the share of matches among candidate pairs — or,
    /// between two household forms already linked, one chance in the
    /// larger form's size (a household registered again lists the same
    /// people, so each member is one of the other form's few).
    fn prior(&self, c: &Compared) -> f64 {
        if c.linked_households > 0 {
            let k = f64::from(c.linked_households.max(2));
            (STILL_LISTED / (k - 1.0)).log2()
        } else {
            (self.lambda / (1.0 - self.lambda)).log2()
        }
    }

    /// The probability that a compared pair is one person.
    pub fn probability(&self, c: &Compared) -> f64 {
        let w: f64 = self.prior(c)
            + c.levels.0.iter().enumerate().map(|(f, l)| self.weight(f, *l, Self::tf_of(f, c))).sum::<f64>();
        1.0 / (1.0 + (-w).exp2())
    }

    /// Each field's level and weight: the evidence people read. A pair
    /// between two linked household forms shows that link too, weighing
    /// what it changed in the prior.
    pub fn evidence(&self, c: &Compared) -> Vec<Evidence> {
        let mut evidence: Vec<Evidence> = c
            .levels
            .0
            .iter()
            .enumerate()
            .map(|(f, l)| Evidence {
                field: FIELDS[f],
                level: LEVEL_NAMES[f][*l as usize],
                missing: (*l as usize) + 1 == LEVELS[f],
                weight: self.weight(f, *l, Self::tf_of(f, c)),
            })
            .collect();
        if c.linked_households > 0 {
            let unlinked = Compared { linked_households: 0, ..*c };
            evidence.push(Evidence {
                field: "household",
                level: "linked",
                missing: false,
                weight: self.prior(c) - self.prior(&unlinked),
            });
        }
        evidence
    }
}

/// How much one field counted for or against a pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The field (`given_name`, `birth_date`, ...).
    pub field: &'static str,
    /// Its level (`exact`, `alias_or_key`, `one_year`, ...).
    pub level: &'static str,
    /// One side had no value: the field did not count.
    pub missing: bool,
    /// log2 of the Bayes factor.
    pub weight: f64,
}

/// The chance that a member of a household registered again is listed on
/// the new form too (people leave, marry out, stay behind, die).
const STILL_LISTED: f64 = 0.5;

/// No single name agreement counts for more than this (a name seen twice
/// in a file is rare, but a name is still only a name).
const MAX_NAME_WEIGHT: f64 = 12.0;

#[cfg(test)]
mod tests;
