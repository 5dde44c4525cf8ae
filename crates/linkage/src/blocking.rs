//! Blocking: which pairs of registrations are worth comparing at all. An
//! OR of rules, each giving keys; two records sharing a key become a
//! candidate pair. What blocking misses, scoring can never find, so its
//! recall is measured on its own ([`recall`]).
//!
//! A key shared by very many records (`traore` + `awa` + a birth-year
//! band, at a million registrations) is not skipped: its records are
//! sorted by a second key (the exact year, the mother's name, the
//! commune; after a name and an initial, the other name's spelling) and
//! each is compared with its [`WINDOW`] nearest — a sorted neighbourhood
//! inside the block — so the work stays linear in the size of the
//! population and no one is left out. In a huge block of a weak key (one
//! name and an initial, names without a year, a mother's name and a
//! commune) the window narrows to [`NARROW_WINDOW`].

use crate::coded::{Coded, NONE, Vocab};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// Within a block, each record is compared with this many neighbours in
/// the block's order; smaller blocks are compared in full.
pub const WINDOW: usize = 20;

/// A block of a weak key larger than this is compared through
/// [`NARROW_WINDOW`].
pub const HUGE_BLOCK: usize = 10 * WINDOW;

/// The window in a huge block of a weak key.
pub const NARROW_WINDOW: usize = WINDOW / 2;

/// Candidate pairs gathered before repeats are first removed.
const COMPACT_FROM: usize = 1 << 22;

/// The rules, each giving zero or more keys per record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Two name words (given or family, in any order, a given name by its
    /// alias group, any word by its spelling key — and the first given and
    /// family names by their keys alone) and the birth year in a
    /// five-year band (two overlapping bands, so neighbours across a
    /// boundary meet). Names written family-first still meet.
    NamesAndYearBand,
    /// Two name words with no year (for records whose year is unknown),
    /// ordered by commune and mother's name within the block.
    Names,
    /// The family-name key, the initial of a given name and the year band:
    /// catches a typing slip in the given name.
    FamilyAndInitial,
    /// A given name (alias group or key), the initial of the family name
    /// and the year band: catches a typing slip in the family name.
    GivenAndInitial,
    /// The mother's name key and the commune of origin.
    MotherAndOrigin,
    /// The same phone number.
    Phone,
    /// The same identity document, or one typing slip apart.
    Document,
    /// The same household.
    Household,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 8] = [
        Rule::NamesAndYearBand,
        Rule::Names,
        Rule::FamilyAndInitial,
        Rule::GivenAndInitial,
        Rule::MotherAndOrigin,
        Rule::Phone,
        Rule::Document,
        Rule::Household,
    ];
}

/// One record's key under one rule, with the order it takes in its block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Entry {
    pub key: u64,
    pub order: u32,
    pub record: u32,
}

/// The top bits of a key say its rule, so a block knows how strong its
/// key is.
const RULE_SHIFT: u32 = 61;

fn hash(rule: Rule, parts: &[u64]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    (rule as u64).hash(&mut h);
    parts.hash(&mut h);
    (h.finish() >> 3) | (rule as u64) << RULE_SHIFT
}

fn rule_of(key: u64) -> Rule {
    Rule::ALL[(key >> RULE_SHIFT) as usize]
}

/// How many neighbours each record of a block of `len` records under
/// `rule` is compared with. A key that is only one name and an initial,
/// names without a year, or a mother's name and a commune, says little:
/// in a block of thousands (every Traoré with a given name in A born
/// 1990–94, at a million registrations) most neighbours are strangers, so
/// there the window narrows; a key of two names and a year band keeps the
/// full window.
fn window(rule: Rule, len: usize) -> usize {
    let weak = matches!(rule, Rule::Names | Rule::FamilyAndInitial | Rule::GivenAndInitial | Rule::MotherAndOrigin);
    if weak && len > HUGE_BLOCK { NARROW_WINDOW } else { WINDOW }
}

fn hash_str(s: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// A name word as a blocking token: its alias group when it has one (in
/// any position: names get swapped), else its spelling key.
fn token(vocab: &Vocab, id: u32) -> u64 {
    let w = &vocab.words[id as usize];
    if w.alias != NONE { (1 << 40) | u64::from(w.alias) } else { u64::from(w.key) }
}

fn initial(vocab: &Vocab, id: u32) -> u64 {
    u64::from(vocab.words[id as usize].key_text.chars().next().unwrap_or(' '))
}

/// A word's place in alphabetical order, to 20 bits: the first four
/// letters of its spelling key.
fn spelling_order(vocab: &Vocab, id: u32) -> u32 {
    let mut order = 0;
    let mut letters = vocab.words[id as usize].key_text.bytes();
    for _ in 0..4 {
        let c = letters.next().map_or(0, |c| u32::from(c.to_ascii_lowercase().saturating_sub(b'a' - 1)).min(31));
        order = order << 5 | c;
    }
    order
}

/// The keys of one record under every rule, appended to `out`.
pub(crate) fn keys(vocab: &Vocab, r: &Coded, index: u32, out: &mut Vec<Entry>) {
    let year = r.birth.year();
    let bands: Vec<u64> =
        year.map(|y| vec![y.div_euclid(5) as u64, (y + 2).div_euclid(5) as u64 | 1 << 20]).unwrap_or_default();
    let year_order = year.map_or(0, |y| y.clamp(0, 4000) as u32);
    let mut tokens: Vec<u64> = r
        .given
        .as_slice()
        .iter()
        .map(|w| token(vocab, *w))
        .chain(r.family.as_slice().iter().map(|w| token(vocab, *w)))
        .collect();
    tokens.sort_unstable();
    tokens.dedup();
    let mother = r.mother.as_slice().first().map_or(0, |w| vocab.words[*w as usize].key);
    let near_kin = (r.origin & 0xFFFF) << 16 | (mother & 0xFFFF);
    let mut push = |rule: Rule, parts: &[u64], order: u32| {
        out.push(Entry { key: hash(rule, parts), order, record: index });
    };
    // Every unordered pair of name tokens (a single-word name: the word).
    let mut pairs: Vec<(u64, u64)> = Vec::new();
    for (i, a) in tokens.iter().enumerate() {
        for b in &tokens[i + 1..] {
            pairs.push((*a, *b));
        }
    }
    if tokens.len() == 1 {
        pairs.push((tokens[0], tokens[0]));
    }
    // The spelling keys too, when an alias group stood for one of the
    // words: an alias group may miss a variant its key finds (Bakary
    // written Bakari, not in the group), and aliases are not certain.
    if let (Some(g), Some(f)) = (r.given.as_slice().first(), r.family.as_slice().first()) {
        let (wg, wf) = (&vocab.words[*g as usize], &vocab.words[*f as usize]);
        if wg.alias != NONE || wf.alias != NONE {
            let (a, b) = (u64::from(wg.key).min(u64::from(wf.key)), u64::from(wg.key).max(u64::from(wf.key)));
            pairs.push((a, b));
        }
    }
    // A married woman meets her records under her husband's family name.
    if r.married_into != NONE {
        let husband = token(vocab, r.married_into);
        for g in r.given.as_slice().iter().take(1) {
            let g = token(vocab, *g);
            pairs.push((g.min(husband), g.max(husband)));
        }
    }
    for (a, b) in &pairs {
        for band in &bands {
            push(Rule::NamesAndYearBand, &[*a, *b, *band], year_order);
        }
        push(Rule::Names, &[*a, *b], near_kin);
    }
    // Within a block of one name and an initial, records are sorted by
    // year and then by the spelling of the other name, so that a slip
    // (Fatoumta, Fatoumata) sits next to the name it is a slip of, not
    // wherever the file happened to put it.
    let spelt = |w: u32| year_order << 20 | spelling_order(vocab, w);
    for f in r.family.as_slice() {
        for g in r.given.as_slice() {
            for band in &bands {
                push(
                    Rule::FamilyAndInitial,
                    &[u64::from(vocab.words[*f as usize].key), initial(vocab, *g), *band],
                    spelt(*g),
                );
                push(Rule::GivenAndInitial, &[token(vocab, *g), initial(vocab, *f), *band], spelt(*f));
            }
        }
    }
    if r.origin != NONE {
        let by_given = r.given.as_slice().first().map_or(year_order << 20, |g| spelt(*g));
        for m in r.mother.as_slice() {
            push(Rule::MotherAndOrigin, &[u64::from(vocab.words[*m as usize].key), u64::from(r.origin)], by_given);
        }
    }
    if let Some(p) = r.phone {
        push(Rule::Phone, &[u64::from(p)], 0);
    }
    if r.document != NONE {
        // The document and each form of it with one character deleted: two
        // numbers one typing slip apart (changed, missing or extra
        // character) share one of these.
        let text = vocab.value_text(r.document);
        let chars: Vec<char> = text.chars().collect();
        push(Rule::Document, &[hash_str(text)], 0);
        if chars.len() > 3 {
            for i in 0..chars.len() {
                let without: String = chars.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| c).collect();
                push(Rule::Document, &[hash_str(&without)], 0);
            }
        }
    }
    if r.household != NONE {
        push(Rule::Household, &[u64::from(r.household)], 0);
    }
}

/// Every record's keys, sorted by key then order within the block.
pub(crate) fn entries(vocab: &Vocab, records: &[Coded]) -> Vec<Entry> {
    let mut out = Vec::with_capacity(records.len() * 16);
    for (i, r) in records.iter().enumerate() {
        keys(vocab, r, i as u32, &mut out);
    }
    out.sort_unstable();
    out
}

/// Candidate pairs `(i, j)` with `i < j`, each once, packed as
/// `i << 32 | j`; and how many blocks were larger than the window.
pub(crate) fn candidate_pairs(entries: &[Entry]) -> (Vec<u64>, usize) {
    let mut pairs: Vec<u64> = Vec::new();
    let mut compacted = 0;
    let mut windowed = 0;
    let mut start = 0;
    while start < entries.len() {
        let key = entries[start].key;
        let end = start + entries[start..].iter().take_while(|e| e.key == key).count();
        let block = &entries[start..end];
        let width = window(rule_of(key), block.len());
        if block.len() > width + 1 {
            windowed += 1;
        }
        // The same pair comes from many rules and bands: repeats are
        // removed whenever the list would otherwise grow, so the memory
        // stays near that of the distinct pairs (at a million
        // registrations, gigabytes of repeats otherwise).
        let coming = block.len() * width;
        if pairs.len() + coming > pairs.capacity() && pairs.len() > COMPACT_FROM && pairs.len() > 2 * compacted {
            pairs.sort_unstable();
            pairs.dedup();
            compacted = pairs.len();
        }
        for (i, a) in block.iter().enumerate() {
            for b in block[i + 1..].iter().take(width) {
                let (x, y) = (a.record.min(b.record), a.record.max(b.record));
                if x != y {
                    pairs.push(u64::from(x) << 32 | u64::from(y));
                }
            }
        }
        start = end;
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs.shrink_to_fit();
    (pairs, windowed)
}

/// The records one new registration is to be compared with: each of its
/// keys' block in full when small, else the window around where it would
/// sit in the block's order.
pub(crate) fn neighbours(entries: &[Entry], new_keys: &[Entry]) -> Vec<u32> {
    let mut out = Vec::new();
    for k in new_keys {
        let start = entries.partition_point(|e| e.key < k.key);
        let end = entries.partition_point(|e| e.key <= k.key);
        let block = &entries[start..end];
        let width = window(rule_of(k.key), block.len());
        if block.len() <= 2 * width {
            out.extend(block.iter().map(|e| e.record));
        } else {
            let at = block.partition_point(|e| e.order < k.order);
            let lo = at.saturating_sub(width);
            let hi = (at + width).min(block.len());
            out.extend(block[lo..hi].iter().map(|e| e.record));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
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
    use crate::alias::Aliases;
    use crate::record::{RawRecord, Record};

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
            crate::record::TEST_DAY,
        )
        .expect("valid")
    }

    fn pairs_of(records: &[Record]) -> Vec<(u32, u32)> {
        let (vocab, coded) = Vocab::build(records, Aliases::shipped());
        let (pairs, _) = candidate_pairs(&entries(&vocab, &coded));
        pairs.iter().map(|p| ((p >> 32) as u32, *p as u32)).collect()
    }

    #[test]
    fn spelling_variants_meet_and_strangers_do_not() {
        let records = [
            rec("a", "Fatoumata", "Coulibaly", "2015", ""),
            rec("b", "Fanta", "Kulibali", "2016-04-02", ""),
            rec("c", "Moussa", "Diarra", "1980", ""),
            rec("d", "Awa", "Keïta", "", "+223 76 12 34 56"),
            rec("e", "Aoua", "Keita", "", "76123456"),
            rec("f", "Traoré", "Awa", "1990", ""),
            rec("g", "Awa", "Traore", "1991", ""),
        ];
        let pairs = pairs_of(&records);
        assert!(pairs.contains(&(0, 1)), "Fatoumata Coulibaly ~ Fanta Kulibali");
        assert!(pairs.contains(&(3, 4)), "same phone");
        assert!(pairs.contains(&(5, 6)), "written family name first");
        assert!(!pairs.iter().any(|(i, j)| *i == 2 || *j == 2), "Moussa Diarra meets no one");
        assert_eq!(recall(&pairs, &[(1, 0), (3, 4)]), 1.0);
        assert_eq!(recall(&pairs, &[(0, 2)]), 0.0);
    }

    #[test]
    fn neighbouring_years_share_a_band() {
        for (a, b) in [("2014", "2015"), ("2012", "2013"), ("2019", "2020")] {
            let records = [rec("a", "Awa", "Traoré", a, ""), rec("b", "Aminata", "Traore", b, "")];
            assert_eq!(pairs_of(&records), vec![(0, 1)], "{a} and {b}");
        }
    }

    #[test]
    fn a_typing_slip_in_one_name_still_meets() {
        let records = [rec("a", "Fatoumata", "Sangaré", "2010", ""), rec("b", "Fatoumta", "Sangaré", "2011", "")];
        assert_eq!(pairs_of(&records), vec![(0, 1)]);
        let records = [rec("a", "Aminata", "Sangaré", "2010", ""), rec("b", "Aminata", "Sanngaré", "2011", "")];
        assert_eq!(pairs_of(&records), vec![(0, 1)]);
    }

    #[test]
    fn huge_blocks_are_windowed_not_skipped() {
        let records: Vec<Record> =
            (0..300).map(|i| rec(&i.to_string(), "Awa", "Traoré", &(1950 + i % 60).to_string(), "")).collect();
        let (vocab, coded) = Vocab::build(&records, Aliases::shipped());
        let (pairs, windowed) = candidate_pairs(&entries(&vocab, &coded));
        assert!(windowed > 0);
        assert!(pairs.len() < 300 * 299 / 2, "not every pair");
        // Same year: they sit side by side in the block's order.
        assert!(pairs.contains(&60), "records 0 and 60 were born the same year");
    }

    #[test]
    fn the_window_narrows_only_in_huge_blocks_of_a_weak_key() {
        assert_eq!(window(Rule::Names, HUGE_BLOCK + 1), NARROW_WINDOW);
        assert_eq!(window(Rule::FamilyAndInitial, 5_000), NARROW_WINDOW);
        assert_eq!(window(Rule::Names, HUGE_BLOCK), WINDOW, "a block of ordinary size");
        assert_eq!(window(Rule::NamesAndYearBand, 5_000), WINDOW, "two names and a year band is a strong key");
    }

    /// Four hundred Traorés with a given name in F, born the same year: a
    /// slip (Fatoumta) at the other end of the file from the name it is a
    /// slip of still sits next to it, sorted by spelling.
    #[test]
    fn in_a_huge_block_a_slip_sits_next_to_its_name() {
        let names = ["Fily", "Fousseyni", "Fodé", "Fatima", "Fakoro"];
        let mut records = vec![rec("first", "Fatoumata", "Traoré", "1990", "")];
        records.extend((1..399).map(|i| rec(&i.to_string(), names[i % 5], "Traoré", "1990", "")));
        records.push(rec("last", "Fatoumta", "Traoré", "1990", ""));
        assert!(pairs_of(&records).contains(&(0, 399)));
    }

    #[test]
    fn bad_values_are_named() {
        let bad = |f: fn(&mut RawRecord)| {
            let mut r = RawRecord { id: "x".into(), ..Default::default() };
            f(&mut r);
            Record::parse(&r, crate::record::TEST_DAY).err()
        };
        assert_eq!(bad(|r| r.sex = "X".into()), Some(crate::record::RecordProblem::Sex));
        assert_eq!(bad(|r| r.birth_date = "2015-02-30x".into()), Some(crate::record::RecordProblem::BirthDate));
        assert_eq!(bad(|r| r.age_years = "old".into()), Some(crate::record::RecordProblem::Age));
        assert_eq!(bad(|r| r.age_years = "7".into()), None);
    }
}
