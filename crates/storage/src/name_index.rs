//! The names of every person in memory, as sorted posting lists: for each
//! folded name word, the keys of the people who carry it. Intersecting two
//! common words (40,000 and 110,000 people) is a merge of two sorted
//! integer lists — well under a millisecond — where reading both from
//! SQLite's index takes tens. SQLite stays the source of truth: the index is
//! built from `person_tokens` at start-up and the writer applies each
//! committed change to it.
//!
//! Beside the words, each distinct word is filed under its transliteration
//! key (dugu-linkage's rules), so a search also finds the other spellings
//! of a name whichever spelling is typed: "Kulibali" finds Coulibaly as
//! "Coulibaly" finds Kulibali. Alias groups (Traoré ~ Tarawélé) and keys one
//! letter apart (Trawore ~ Traoré) count as spellings too. This costs one
//! entry per distinct word, not per person.

use dugu_linkage::alias::Aliases;
use dugu_linkage::key::key;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::{OnceLock, RwLock};

/// Keys this long or longer also match a key with one letter more or less
/// ("trauor", Trawore ~ "traor", Traoré); a letter is too much of a shorter
/// key ("kon", Koné) to drop.
const LOOSE_KEY_CHARS: usize = 5;

/// One person's words before and after a write.
#[derive(Debug, Clone)]
pub(crate) struct IndexChange {
    pub person_key: u32,
    pub location_key: u32,
    pub sort_name: String,
    pub old_words: Vec<String>,
    pub new_words: Vec<String>,
}

#[derive(Default)]
struct Postings {
    words: BTreeMap<Box<str>, Vec<u32>>,
    /// Location key per person key (0: no such person).
    locations: Vec<u32>,
    /// Sort key (folded "family given") per person key, for ranking.
    sort_names: Vec<Box<str>>,
    /// The words filed under each transliteration key: one name's spellings.
    spellings: HashMap<Box<str>, Vec<Box<str>>>,
}

impl Postings {
    /// Files a word seen for the first time under its key.
    fn add_spelling(&mut self, word: &str) {
        self.spellings.entry(key(word).into()).or_default().push(word.into());
    }

    /// The words that are other spellings of `word`: the same key, a key
    /// one letter longer or shorter (unless the two are different names of
    /// the alias file, as Amadou and Mamadou are), or a name of its alias
    /// group.
    fn spellings_of(&self, word: &str) -> Vec<&str> {
        let k = key(word);
        let aliases = alias_keys();
        let group = Aliases::shipped().group_of(word).or_else(|| aliases.group.get(&k).copied());
        let other_name = |c: &str| matches!((group, aliases.group.get(c)), (Some(g), Some(h)) if g != *h);
        let mut keys: Vec<String> = vec![k.clone()];
        let chars = k.chars().count();
        if chars >= LOOSE_KEY_CHARS {
            let shorter = if chars > LOOSE_KEY_CHARS { one_letter_less(&k) } else { Vec::new() };
            keys.extend(
                one_letter_more(&k)
                    .into_iter()
                    .chain(shorter)
                    .filter(|c| self.spellings.contains_key(c.as_str()) && !other_name(c)),
            );
        }
        if let Some(g) = group {
            keys.extend(aliases.keys.get(&g).into_iter().flatten().cloned());
        }
        keys.sort_unstable();
        keys.dedup();
        keys.iter().filter_map(|k| self.spellings.get(k.as_str())).flatten().map(|w| &**w).collect()
    }
}

/// Every string `k` gives with one letter of a to z put in. Trying each
/// (a few hundred look-ups) costs microseconds, where keeping every key
/// under its shorter forms would cost memory for each distinct word.
fn one_letter_more(k: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(26 * (k.len() + 1));
    for at in k.char_indices().map(|(i, _)| i).chain([k.len()]) {
        for letter in 'a'..='z' {
            let mut s = String::with_capacity(k.len() + 1);
            s.push_str(&k[..at]);
            s.push(letter);
            s.push_str(&k[at..]);
            out.push(s);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Every string `k` gives with one letter taken out.
fn one_letter_less(k: &str) -> Vec<String> {
    let mut out: Vec<String> = k
        .char_indices()
        .map(|(i, c)| {
            let mut s = String::with_capacity(k.len());
            s.push_str(&k[..i]);
            s.push_str(&k[i + c.len_utf8()..]);
            s
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The alias file's groups by transliteration key, so that every spelling
/// of a listed name is in its group too (Tarawele, Tarawelé, Tarawélé).
#[derive(Default)]
struct AliasKeys {
    group: HashMap<String, u32>,
    keys: HashMap<u32, Vec<String>>,
}

fn alias_keys() -> &'static AliasKeys {
    static KEYS: OnceLock<AliasKeys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut a = AliasKeys::default();
        for (name, g) in Aliases::shipped().names() {
            let k = key(name);
            // Two groups sharing a key: the first group of the file keeps
            // it, the same every run.
            let kept = a.group.entry(k.clone()).or_insert(g);
            *kept = (*kept).min(g);
            let keys = a.keys.entry(g).or_default();
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        a
    })
}

/// The shared in-memory name index.
#[derive(Default)]
pub(crate) struct NameIndex {
    inner: RwLock<Postings>,
}

/// What a word matches, as sorted keys.
#[derive(Default)]
pub(crate) struct WordMatch {
    /// Everyone it finds: spelled as typed, or another spelling.
    pub all: Vec<u32>,
    /// The people with a word starting with it (a part of `all`).
    pub spelled: Vec<u32>,
    /// The people with exactly that word (a part of `spelled`).
    pub exact: Vec<u32>,
}

impl NameIndex {
    /// Builds the index from the database.
    pub(crate) fn load(conn: &rusqlite::Connection) -> Result<NameIndex, rusqlite::Error> {
        let mut p = Postings::default();
        let mut st = conn.prepare("SELECT token, person_key, location_key, sort_name FROM person_tokens")?;
        let mut rows = st.query([])?;
        let mut current: Option<(Box<str>, Vec<u32>)> = None;
        while let Some(r) = rows.next()? {
            let (token, key, loc): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (key, loc) = (key as u32, loc as u32);
            let i = key as usize;
            if p.sort_names.len() <= i {
                p.sort_names.resize(i + 1, Box::from(""));
            }
            if p.sort_names[i].is_empty() {
                p.sort_names[i] = r.get::<_, String>(3)?.into_boxed_str();
            }
            match &mut current {
                Some((t, keys)) if **t == *token => keys.push(key),
                _ => {
                    if let Some((t, mut keys)) = current.take() {
                        keys.sort_unstable();
                        p.add_spelling(&t);
                        p.words.insert(t, keys);
                    }
                    current = Some((token.into_boxed_str(), vec![key]));
                }
            }
            let i = key as usize;
            if p.locations.len() <= i {
                p.locations.resize(i + 1, 0);
            }
            p.locations[i] = loc;
        }
        if let Some((t, mut keys)) = current {
            keys.sort_unstable();
            p.add_spelling(&t);
            p.words.insert(t, keys);
        }
        Ok(NameIndex { inner: RwLock::new(p) })
    }

    /// Applies committed changes.
    pub(crate) fn apply(&self, changes: &[IndexChange]) {
        let Ok(mut p) = self.inner.write() else { return };
        for c in changes {
            for w in &c.old_words {
                if let Some(keys) = p.words.get_mut(w.as_str())
                    && let Ok(at) = keys.binary_search(&c.person_key)
                {
                    keys.remove(at);
                }
            }
            for w in &c.new_words {
                if !p.words.contains_key(w.as_str()) {
                    p.add_spelling(w);
                }
                let keys = p.words.entry(w.as_str().into()).or_default();
                // New people get ever larger keys: usually a push.
                match keys.last() {
                    Some(last) if *last < c.person_key => keys.push(c.person_key),
                    None => keys.push(c.person_key),
                    _ => {
                        if let Err(at) = keys.binary_search(&c.person_key) {
                            keys.insert(at, c.person_key);
                        }
                    }
                }
            }
            let i = c.person_key as usize;
            if p.locations.len() <= i {
                p.locations.resize(i + 1, 0);
            }
            p.locations[i] = c.location_key;
            if p.sort_names.len() <= i {
                p.sort_names.resize(i + 1, Box::from(""));
            }
            p.sort_names[i] = c.sort_name.as_str().into();
        }
    }

    /// Orders `keys` by descending score (given the key and the sort key:
    /// the folded "family given" name), then sort key, then key, and
    /// returns the `offset..offset + limit` slice of them.
    pub(crate) fn rank(
        &self,
        keys: &[u32],
        score: impl Fn(u32, &str) -> usize,
        offset: usize,
        limit: usize,
    ) -> Vec<u32> {
        let Ok(p) = self.inner.read() else { return Vec::new() };
        let name = |k: u32| p.sort_names.get(k as usize).map_or("", |n| n);
        let mut ranked: Vec<(usize, &str, u32)> = keys
            .iter()
            .map(|k| {
                let n = name(*k);
                (score(*k, n), n, *k)
            })
            .collect();
        let by = |a: &(usize, &str, u32), b: &(usize, &str, u32)| {
            b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)).then_with(|| a.2.cmp(&b.2))
        };
        let end = (offset + limit).min(ranked.len());
        if offset >= end {
            return Vec::new();
        }
        // Only the first `end` need to be in order.
        if end < ranked.len() {
            ranked.select_nth_unstable_by(end - 1, by);
            ranked.truncate(end);
        }
        ranked.sort_by(by);
        ranked[offset..end].iter().map(|r| r.2).collect()
    }

    /// The people a word matches, limited to the locations in `scope`
    /// (`None`: every location).
    pub(crate) fn word(&self, word: &str, scope: Option<&[u32]>) -> WordMatch {
        let Ok(p) = self.inner.read() else { return WordMatch::default() };
        let hi = format!("{word}\u{10FFFF}");
        let mut lists: Vec<&Vec<u32>> = p
            .words
            .range::<str, _>((std::ops::Bound::Included(word), std::ops::Bound::Excluded(hi.as_str())))
            .map(|(_, v)| v)
            .collect();
        let exact = p.words.get(word).map(|v| in_scope(v, &p.locations, scope)).unwrap_or_default();
        let spelled: Cow<[u32]> = if lists.len() == 1 {
            Cow::Borrowed(lists[0])
        } else {
            lists.sort_by_key(|l| std::cmp::Reverse(l.len()));
            let mut all: Vec<u32> = lists.iter().flat_map(|l| l.iter().copied()).collect();
            all.sort_unstable();
            all.dedup();
            Cow::Owned(all)
        };
        // Words starting with the typed one are in `spelled` already.
        let mut others: Vec<&Vec<u32>> =
            p.spellings_of(word).into_iter().filter(|w| !w.starts_with(word)).filter_map(|w| p.words.get(w)).collect();
        others.sort_by_key(|l| l.len());
        let all =
            others.iter().fold(None, |acc: Option<Vec<u32>>, l| Some(union(acc.as_deref().unwrap_or(&spelled), l)));
        let spelled_in_scope = in_scope(&spelled, &p.locations, scope);
        let all = match all {
            Some(all) => in_scope(&all, &p.locations, scope),
            None => spelled_in_scope.clone(),
        };
        WordMatch { all, spelled: spelled_in_scope, exact }
    }
}

fn in_scope(keys: &[u32], locations: &[u32], scope: Option<&[u32]>) -> Vec<u32> {
    match scope {
        None => keys.to_vec(),
        Some(s) => keys.iter().copied().filter(|k| locations.get(*k as usize).is_some_and(|l| s.contains(l))).collect(),
    }
}

/// The keys in either sorted list, sorted.
pub(crate) fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::with_capacity(a.len() + b.len()));
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The keys of sorted `a` that are not in sorted `b`.
pub(crate) fn without(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut j = 0;
    a.iter()
        .copied()
        .filter(|k| {
            while j < b.len() && b[j] < *k {
                j += 1;
            }
            b.get(j) != Some(k)
        })
        .collect()
}

/// The keys in both sorted lists.
pub(crate) fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::with_capacity(a.len().min(b.len())));
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(key: u32, location: u32, name: &str, old: &[&str], new: &[&str]) -> IndexChange {
        IndexChange {
            person_key: key,
            location_key: location,
            sort_name: name.into(),
            old_words: old.iter().map(|w| w.to_string()).collect(),
            new_words: new.iter().map(|w| w.to_string()).collect(),
        }
    }

    #[test]
    fn words_prefixes_scope_ranking_and_changes() {
        let idx = NameIndex::default();
        idx.apply(&[
            change(1, 10, "traore awa", &[], &["awa", "traore"]),
            change(2, 20, "traoreba awa", &[], &["awa", "traoreba"]),
            change(3, 10, "traore fanta", &[], &["fanta", "traore"]),
        ]);
        let m = idx.word("trao", None);
        assert_eq!((m.spelled, m.exact), (vec![1, 2, 3], vec![]));
        let m = idx.word("traore", Some(&[10]));
        assert_eq!((m.spelled, m.exact), (vec![1, 3], vec![1, 3]));
        assert_eq!(intersect(&idx.word("awa", None).spelled, &idx.word("traore", None).spelled), vec![1, 2]);
        assert_eq!(idx.rank(&[1, 2, 3], |k, _| usize::from(k == 3), 0, 2), vec![3, 1]);
        assert_eq!(idx.rank(&[1, 2, 3], |_, _| 0, 1, 5), vec![3, 2]);
        idx.apply(&[change(1, 10, "keita awa", &["awa", "traore"], &["awa", "keita"])]);
        assert_eq!(idx.word("traore", None).exact, vec![3]);
        assert_eq!(idx.word("keita", None).exact, vec![1]);
        assert_eq!(idx.rank(&[1, 3], |_, _| 0, 0, 5), vec![1, 3], "keita before traore");
    }

    #[test]
    fn other_spellings_both_ways_but_not_other_names() {
        let idx = NameIndex::default();
        idx.apply(&[
            change(1, 10, "coulibaly awa", &[], &["awa", "coulibaly"]),
            change(2, 20, "kulibali fanta", &[], &["fanta", "kulibali"]),
            change(3, 10, "traore awa", &[], &["awa", "traore"]),
            change(4, 10, "trawore oumou", &[], &["oumou", "trawore"]),
            change(5, 10, "tarawele seydou", &[], &["seydou", "tarawele"]),
            change(6, 10, "keita amadou", &[], &["amadou", "keita"]),
            change(7, 10, "keita mamadou", &[], &["keita", "mamadou"]),
        ]);
        let all = |w: &str| idx.word(w, None).all;
        assert_eq!((all("coulibaly"), all("kulibali"), all("koulibaly")), (vec![1, 2], vec![1, 2], vec![1, 2]));
        let m = idx.word("kulibali", Some(&[10]));
        assert_eq!((m.all, m.spelled, m.exact), (vec![1], vec![], vec![]));
        assert_eq!((all("traore"), all("trawore"), all("tarawele")), (vec![3, 4, 5], vec![3, 4], vec![3, 5]));
        assert_eq!((all("amadou"), all("mamadou"), all("ahmadou")), (vec![6], vec![7], vec![6]));
        idx.apply(&[change(2, 20, "keita fanta", &["fanta", "kulibali"], &["fanta", "keita"])]);
        assert_eq!(all("coulibaly"), vec![1]);
        assert_eq!(union(&[1, 3, 5], &[2, 3, 6]), vec![1, 2, 3, 5, 6]);
        assert_eq!(without(&[1, 2, 3, 5, 6], &[2, 3, 4]), vec![1, 5, 6]);
        assert_eq!(one_letter_less("kaa"), ["aa", "ka"]);
        assert!(one_letter_more("ka").contains(&"kaa".to_string()) && one_letter_more("ka").len() == 26 * 3 - 2);
    }
}
