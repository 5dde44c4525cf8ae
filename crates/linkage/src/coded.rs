//! Registrations in the compact form the matching works on: every word,
//! key, alias group and place interned as a number. Comparing two
//! registrations is then integer work, and how close two spellings are is
//! worked out once per pair of words, not once per pair of records — what
//! makes 100,000 registrations a matter of seconds.

use crate::alias::Aliases;
use crate::compare::{Birth, BirthLevel, NameLevel, PhoneLevel, SIMILAR};
use crate::key::key;
use crate::places::{Place, PlaceLevel, Places};
use crate::record::Record;
use rustc_hash::FxHashMap;

/// How common a name is before the file says: about one in fifty.
const PRIOR_TF: f64 = 0.02;
/// How many words of evidence [`PRIOR_TF`] counts for.
const PRIOR_WORDS: f64 = 200.0;

/// "No value" for an interned id.
pub(crate) const NONE: u32 = u32::MAX;

/// Words kept per name: enough for two given names or a married woman's
/// several family names; more are ignored for matching (never dropped from
/// the record itself).
pub(crate) const MAX_WORDS: usize = 4;

/// One distinct folded word of the population.
#[derive(Debug, Clone)]
pub(crate) struct WordInfo {
    pub text: Box<str>,
    pub key_text: Box<str>,
    pub key: u32,
    pub alias: u32,
    /// Occurrences as a given name and as a family name.
    pub given_count: u32,
    pub family_count: u32,
}

/// The words, keys and places of a population, with how often each occurs.
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    pub words: Vec<WordInfo>,
    word_ids: FxHashMap<Box<str>, u32>,
    key_ids: FxHashMap<Box<str>, u32>,
    /// Per key id: occurrences as given name, as family name.
    pub key_counts: Vec<(u32, u32)>,
    /// Per alias group: occurrences as given name, as family name.
    pub alias_counts: FxHashMap<u32, (u32, u32)>,
    values: FxHashMap<Box<str>, u32>,
    value_texts: Vec<Box<str>>,
    pub given_total: u32,
    pub family_total: u32,
    /// Per origin value: its key's value and its place.
    places: FxHashMap<u32, (u32, Option<Place>)>,
}

/// A name's word ids.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Words {
    pub ids: [u32; MAX_WORDS],
    pub len: u8,
}

impl Words {
    pub fn as_slice(&self) -> &[u32] {
        &self.ids[..self.len as usize]
    }
}

/// A registration, coded.
#[derive(Debug, Clone)]
pub(crate) struct Coded {
    pub given: Words,
    pub family: Words,
    pub father: Words,
    pub mother: Words,
    /// 0 unknown, 1 female, 2 male.
    pub sex: u8,
    pub birth: Birth,
    pub phone: Option<u32>,
    pub document: u32,
    pub origin: u32,
    /// The commune's spelling key (spellings the places file lacks).
    pub origin_key: u32,
    /// Where the commune of origin sits, if the places file knows it.
    pub place: Option<Place>,
    pub household: u32,
    /// For a woman whose family name is not that of the men of her
    /// household form: their family name (a word id) — her husband's,
    /// under which she may be registered elsewhere. `NONE` otherwise.
    pub married_into: u32,
}

/// The role a name plays, for counting how common a word is.
#[derive(Clone, Copy)]
enum Role {
    Given,
    Family,
    Other,
}

impl Vocab {
    /// Interns every record of a population and counts its words.
    pub fn build(records: &[Record], aliases: &Aliases) -> (Vocab, Vec<Coded>) {
        let mut v = Vocab::default();
        let mut coded: Vec<Coded> = records.iter().map(|r| v.code(r, aliases, true)).collect();
        v.mark_married_women(&mut coded);
        (v, coded)
    }

    /// A wife keeps her own family name on one form and takes her
    /// husband's on another: on a household form, the family name most
    /// men of the form carry (the head's, his sons') is the husband's
    /// family name of each woman there who carries another.
    fn mark_married_women(&self, coded: &mut [Coded]) {
        let key_of = |w: u32| self.words[w as usize].key;
        // Per form: the men's family names, as (key, a spelling) → count.
        let mut men: FxHashMap<u32, FxHashMap<(u32, u32), u32>> = FxHashMap::default();
        for r in coded.iter().filter(|r| r.household != NONE && r.sex == 2) {
            if let Some(&w) = r.family.as_slice().first() {
                *men.entry(r.household).or_default().entry((key_of(w), w)).or_default() += 1;
            }
        }
        for r in coded.iter_mut().filter(|r| r.household != NONE && r.sex != 2) {
            let Some(names) = men.get(&r.household) else { continue };
            let mut by_key: FxHashMap<u32, (u32, u32)> = FxHashMap::default();
            for (&(k, w), n) in names {
                let e = by_key.entry(k).or_insert((0, w));
                e.0 += n;
                e.1 = e.1.min(w);
            }
            let Some((&men_key, &(_, word))) = by_key.iter().max_by_key(|(k, (n, _))| (*n, std::cmp::Reverse(**k)))
            else {
                continue;
            };
            let own = r.family.as_slice();
            if !own.is_empty() && !own.iter().any(|w| key_of(*w) == men_key) {
                r.married_into = word;
            }
        }
    }

    /// Whether `a` is a married woman and `b` carries her husband's family
    /// name (by its spelling key).
    pub fn under_husbands_name(&self, a: &Coded, b: &Coded) -> bool {
        a.married_into != NONE
            && b.family
                .as_slice()
                .iter()
                .any(|w| self.words[*w as usize].key == self.words[a.married_into as usize].key)
    }

    fn word(&mut self, w: &str, aliases: &Aliases, role: Role, count: bool) -> u32 {
        let id = match self.word_ids.get(w) {
            Some(id) => *id,
            None => {
                let key_text: Box<str> = key(w).into();
                let alias = aliases.group_of_spelling(w, &key_text).unwrap_or(NONE);
                let next_key = self.key_ids.len() as u32;
                let k = *self.key_ids.entry(key_text.clone()).or_insert(next_key);
                if k == next_key {
                    self.key_counts.push((0, 0));
                }
                let id = self.words.len() as u32;
                self.words.push(WordInfo { text: w.into(), key_text, key: k, alias, given_count: 0, family_count: 0 });
                self.word_ids.insert(w.into(), id);
                id
            }
        };
        if count {
            let info = &mut self.words[id as usize];
            let (k, alias) = (info.key as usize, info.alias);
            let slot = match role {
                Role::Given => {
                    info.given_count += 1;
                    self.given_total += 1;
                    0
                }
                Role::Family => {
                    info.family_count += 1;
                    self.family_total += 1;
                    1
                }
                Role::Other => return id,
            };
            let bump = |c: &mut (u32, u32)| if slot == 0 { c.0 += 1 } else { c.1 += 1 };
            bump(&mut self.key_counts[k]);
            if alias != NONE {
                bump(self.alias_counts.entry(alias).or_default());
            }
        }
        id
    }

    fn words_of(&mut self, name: &crate::Name, aliases: &Aliases, role: Role, count: bool) -> Words {
        let mut out = Words::default();
        for w in name.words.iter().take(MAX_WORDS) {
            out.ids[out.len as usize] = self.word(w, aliases, role, count);
            out.len += 1;
        }
        out
    }

    fn value(&mut self, tag: char, v: Option<&str>) -> u32 {
        let Some(v) = v else { return NONE };
        let tagged: Box<str> = format!("{tag}{v}").into();
        let next = self.values.len() as u32;
        let id = *self.values.entry(tagged).or_insert(next);
        if id == next {
            self.value_texts.push(v.into());
        }
        id
    }

    /// Codes one record; `count` adds its words to the frequencies (a
    /// population's own records do, a registration being checked does not).
    pub fn code(&mut self, r: &Record, aliases: &Aliases, count: bool) -> Coded {
        let origin = self.value('o', r.origin.as_deref());
        let (origin_key, place) = match (origin, self.places.get(&origin)) {
            (NONE, _) => (NONE, None),
            (_, Some(known)) => *known,
            (_, None) => {
                let text = r.origin.as_deref().unwrap_or("");
                let keyed: String = text.split(' ').map(key).collect::<Vec<_>>().join(" ");
                let known = (self.value('k', Some(&keyed)), Places::shipped().find(text));
                self.places.insert(origin, known);
                known
            }
        };
        Coded {
            given: self.words_of(&r.given, aliases, Role::Given, count),
            family: self.words_of(&r.family, aliases, Role::Family, count),
            father: self.words_of(&r.father, aliases, Role::Other, false),
            mother: self.words_of(&r.mother, aliases, Role::Other, false),
            sex: match r.sex {
                Some('F') => 1,
                Some(_) => 2,
                None => 0,
            },
            birth: r.birth,
            phone: r.phone.as_deref().and_then(|p| p.parse().ok()),
            document: self.value('d', r.id_document.as_deref()),
            origin,
            origin_key,
            place,
            household: self.value('h', r.household.as_deref()),
            married_into: NONE,
        }
    }

    /// The text of an interned value (document, commune, household).
    pub fn value_text(&self, id: u32) -> &str {
        self.value_texts.get(id as usize).map_or("", |t| t)
    }

    /// How common a word is in the role it plays most: a word frequent as
    /// either a given or a family name is common (names get swapped).
    pub fn word_tf(&self, id: u32) -> f64 {
        let w = &self.words[id as usize];
        self.tf(w.given_count, w.family_count)
    }

    /// How common a spelling key is.
    pub fn key_tf(&self, key: u32) -> f64 {
        let (g, f) = self.key_counts.get(key as usize).copied().unwrap_or((0, 0));
        self.tf(g, f)
    }

    /// How common an alias group is.
    pub fn alias_tf(&self, group: u32) -> f64 {
        let (g, f) = self.alias_counts.get(&group).copied().unwrap_or((0, 0));
        self.tf(g, f)
    }

    /// A small population says little about how common a name is: its
    /// counts are blended with [`PRIOR_TF`] worth [`PRIOR_WORDS`] words.
    fn tf(&self, given: u32, family: u32) -> f64 {
        let blend =
            |count: u32, total: u32| (f64::from(count) + PRIOR_TF * PRIOR_WORDS) / (f64::from(total) + PRIOR_WORDS);
        blend(given, self.given_total).max(blend(family, self.family_total))
    }

    fn count(&self, id: u32) -> u32 {
        let w = &self.words[id as usize];
        w.given_count + w.family_count
    }
}

/// Compares words, remembering which pairs of spellings are close.
pub(crate) struct Similarity<'a> {
    pub vocab: &'a Vocab,
    memo: FxHashMap<u64, bool>,
}

/// What a name comparison found: its level and, when the names agree
/// exactly or by key/alias, how common the rarest agreeing unit is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameAgreement {
    pub level: NameLevel,
    pub tf: f32,
}

impl<'a> Similarity<'a> {
    pub fn new(vocab: &'a Vocab) -> Self {
        Similarity { vocab, memo: FxHashMap::default() }
    }

    /// Whether two different spellings are close enough to be one name
    /// mistyped: close in spelling or key, and not two established names
    /// (Amadou and Mamadou look alike, but both are common: two names).
    fn similar(&mut self, a: u32, b: u32) -> bool {
        let k = (u64::from(a.min(b)) << 32) | u64::from(a.max(b));
        if let Some(s) = self.memo.get(&k) {
            return *s;
        }
        let (wa, wb) = (&self.vocab.words[a as usize], &self.vocab.words[b as usize]);
        let close = strsim::jaro_winkler(&wa.text, &wb.text) >= SIMILAR
            || strsim::jaro_winkler(&wa.key_text, &wb.key_text) >= SIMILAR;
        let (ca, cb) = (self.vocab.count(a), self.vocab.count(b));
        let established = ca.min(cb) >= 3 && ca.min(cb) * 10 >= ca.max(cb);
        let s = close && !established;
        self.memo.insert(k, s);
        s
    }

    fn word_level(&mut self, a: u32, b: u32) -> (NameLevel, f64) {
        let v = self.vocab;
        if a == b {
            return (NameLevel::Exact, v.word_tf(a));
        }
        let (wa, wb) = (&v.words[a as usize], &v.words[b as usize]);
        if wa.alias != NONE && wa.alias == wb.alias {
            return (NameLevel::AliasOrKey, v.alias_tf(wa.alias));
        }
        if wa.key == wb.key && !wa.key_text.is_empty() {
            return (NameLevel::AliasOrKey, v.key_tf(wa.key));
        }
        if self.similar(a, b) {
            (NameLevel::Similar, v.word_tf(a).max(v.word_tf(b)))
        } else {
            (NameLevel::Different, 1.0)
        }
    }

    /// Compares two names word by word, in any order (as
    /// [`crate::compare::names`] does on strings).
    pub fn names(&mut self, a: &Words, b: &Words) -> NameAgreement {
        if a.len == 0 || b.len == 0 {
            return NameAgreement { level: NameLevel::Missing, tf: 1.0 };
        }
        let (short, long) = if a.len <= b.len { (a, b) } else { (b, a) };
        let mut worst = NameLevel::Exact;
        let mut any = false;
        let mut rarest = 1.0f64;
        for &w in short.as_slice() {
            let mut best = (NameLevel::Different, 1.0);
            for &x in long.as_slice() {
                let l = self.word_level(w, x);
                if l.0 < best.0 || (l.0 == best.0 && l.1 < best.1) {
                    best = l;
                }
                if best.0 == NameLevel::Exact {
                    break;
                }
            }
            if best.0 != NameLevel::Different {
                any = true;
                rarest = rarest.min(best.1);
            }
            worst = worst.max(best.0);
        }
        let level = match worst {
            NameLevel::Different if any => NameLevel::Partial,
            NameLevel::Exact if a.len != b.len => NameLevel::AliasOrKey,
            level => level,
        };
        NameAgreement { level, tf: rarest as f32 }
    }
}

/// A given name is known — a name of its own, not a nickname of another
/// that nobody listed — when it is in the alias table or common in the
/// file: at least this many times, and one given name in a thousand.
const KNOWN_NAME: u32 = 5;

impl Similarity<'_> {
    /// Whether two given names are known to be different names: every word
    /// of each is known (see [`KNOWN_NAME`]). Only such names tell siblings
    /// apart for sure; an unknown word may be a nickname.
    pub fn known_distinct(&self, a: &Words, b: &Words) -> bool {
        let v = self.vocab;
        let known = |w: &u32| {
            let info = &v.words[*w as usize];
            info.alias != NONE || (info.given_count >= KNOWN_NAME && info.given_count * 1000 >= v.given_total)
        };
        a.len > 0 && b.len > 0 && a.as_slice().iter().all(known) && b.as_slice().iter().all(known)
    }

    /// Compares two identity documents: the same, one character off (a
    /// typing slip: one changed, missing, extra or swapped), different,
    /// or missing (level indexes 0–3).
    pub fn documents(&self, a: u32, b: u32) -> u8 {
        match (a, b) {
            (NONE, _) | (_, NONE) => 3,
            (x, y) if x == y => 0,
            (x, y) => {
                let t = &self.vocab.value_texts;
                if strsim::damerau_levenshtein(&t[x as usize], &t[y as usize]) <= 1 { 1 } else { 2 }
            }
        }
    }
}

/// Compares two coded phones (8 digits each).
pub(crate) fn phones(a: Option<u32>, b: Option<u32>) -> PhoneLevel {
    let (Some(a), Some(b)) = (a, b) else { return PhoneLevel::Missing };
    if a == b {
        return PhoneLevel::Exact;
    }
    let digits = |mut n: u32| {
        let mut d = [0u8; 8];
        for slot in d.iter_mut().rev() {
            *slot = (n % 10) as u8;
            n /= 10;
        }
        d
    };
    let (x, y) = (digits(a), digits(b));
    let diffs: Vec<usize> = (0..8).filter(|i| x[*i] != y[*i]).collect();
    let swapped =
        diffs.len() == 2 && diffs[1] == diffs[0] + 1 && x[diffs[0]] == y[diffs[1]] && x[diffs[1]] == y[diffs[0]];
    if diffs.len() == 1 || swapped { PhoneLevel::OneOff } else { PhoneLevel::Different }
}

/// How two communes of origin agree: the same text or spelling key, else
/// by where the places file puts them.
pub(crate) fn origins(vocab: &Vocab, a: &Coded, b: &Coded) -> PlaceLevel {
    if a.origin == NONE || b.origin == NONE {
        PlaceLevel::Missing
    } else if a.origin == b.origin || a.origin_key == b.origin_key {
        PlaceLevel::Same
    } else {
        match (a.place, b.place) {
            (Some(x), Some(y)) => crate::places::compare(x, y),
            // Places the file does not know: one spelt longer (Monimpé,
            // Monimpébougou) is taken as the same.
            (None, None) if self_similar(vocab, a.origin, b.origin) => PlaceLevel::Same,
            _ => PlaceLevel::Different,
        }
    }
}

fn self_similar(vocab: &Vocab, a: u32, b: u32) -> bool {
    strsim::jaro_winkler(vocab.value_text(a), vocab.value_text(b)) >= 0.9
}

/// Birth levels, as [`crate::compare::births`].
pub(crate) fn births(a: Birth, b: Birth) -> BirthLevel {
    crate::compare::births(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::RawRecord;

    fn rec(given: &str, family: &str) -> Record {
        Record::parse(
            &RawRecord { id: "x".into(), given_name: given.into(), family_name: family.into(), ..Default::default() },
            crate::record::TEST_DAY,
        )
        .expect("valid")
    }

    #[test]
    fn coded_names_agree_with_the_string_comparison() {
        let pairs = [
            ("Awa Traoré", "TRAORE awa"),
            ("Fatoumata Coulibaly", "Fanta Kulibali"),
            ("Fatoumata", "Fatoumta"),
            ("Awa Traoré", "Awa Diarra"),
            ("Moussa Diarra", "Awa Keïta"),
        ];
        let records: Vec<Record> = pairs.iter().flat_map(|(a, b)| [rec(a, ""), rec(b, "")]).collect();
        let (vocab, coded) = Vocab::build(&records, Aliases::shipped());
        let mut sim = Similarity::new(&vocab);
        for (i, (a, b)) in pairs.iter().enumerate() {
            let coded_level = sim.names(&coded[2 * i].given, &coded[2 * i + 1].given).level;
            let string_level =
                crate::compare::names(&records[2 * i].given, &records[2 * i + 1].given, Aliases::shipped());
            assert_eq!(coded_level, string_level, "{a} / {b}");
        }
    }

    #[test]
    fn two_established_names_are_not_a_typing_slip() {
        let mut records: Vec<Record> = (0..5).flat_map(|_| [rec("Amadou", ""), rec("Mamadou", "")]).collect();
        records.push(rec("Mamadu", ""));
        records.push(rec("Mamdaou", ""));
        let (vocab, coded) = Vocab::build(&records, Aliases::shipped());
        let mut sim = Similarity::new(&vocab);
        assert_eq!(sim.names(&coded[0].given, &coded[1].given).level, NameLevel::Different, "Amadou ≠ Mamadou");
        assert_eq!(sim.names(&coded[1].given, &coded[11].given).level, NameLevel::Similar, "a slip of Mamadou");
    }

    #[test]
    fn documents_one_slip_apart() {
        let doc = |d: &str| {
            Record::parse(
                &RawRecord { id: "x".into(), id_document: d.into(), ..Default::default() },
                crate::record::TEST_DAY,
            )
            .expect("valid")
        };
        let records = [doc("5641234"), doc("5641234"), doc("5642134"), doc("564123"), doc("9981234"), doc("")];
        let (vocab, c) = Vocab::build(&records, Aliases::shipped());
        let sim = Similarity::new(&vocab);
        let level = |i: usize, j: usize| sim.documents(c[i].document, c[j].document);
        assert_eq!(level(0, 1), 0, "same");
        assert_eq!(level(0, 2), 1, "two digits swapped");
        assert_eq!(level(0, 3), 1, "one digit missing");
        assert_eq!(level(0, 4), 2, "different");
        assert_eq!(level(0, 5), 3, "missing");
    }

    #[test]
    fn coded_phones() {
        assert_eq!(phones(Some(76123456), Some(76123457)), PhoneLevel::OneOff);
        assert_eq!(phones(Some(76123456), Some(76124356)), PhoneLevel::OneOff);
        assert_eq!(phones(Some(76123456), Some(66123457)), PhoneLevel::Different);
        assert_eq!(phones(None, Some(66123457)), PhoneLevel::Missing);
    }
}
