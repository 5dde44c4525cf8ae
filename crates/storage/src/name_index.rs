//! The names of every person in memory, as sorted posting lists: for each
//! folded name word, the keys of the people who carry it. Intersecting two
//! common words (40,000 and 110,000 people) is a merge of two sorted
//! integer lists — well under a millisecond — where reading both from
//! SQLite's index takes tens. SQLite stays the source of truth: the index is
//! built from `person_tokens` at start-up and the writer applies each
//! committed change to it.

use std::collections::BTreeMap;
use std::sync::RwLock;

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
}

/// The shared in-memory name index.
#[derive(Default)]
pub(crate) struct NameIndex {
    inner: RwLock<Postings>,
}

/// What a word matches: every person with a word starting with it, and the
/// people with exactly that word.
pub(crate) struct WordMatch {
    pub any: Vec<u32>,
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

    /// Orders `keys` by descending score, then sort key, then key, and
    /// returns the `offset..offset + limit` slice of them.
    pub(crate) fn rank(&self, keys: &[u32], score: impl Fn(u32) -> usize, offset: usize, limit: usize) -> Vec<u32> {
        let Ok(p) = self.inner.read() else { return Vec::new() };
        let name = |k: u32| p.sort_names.get(k as usize).map_or("", |n| n);
        let mut ranked: Vec<(usize, &str, u32)> = keys.iter().map(|k| (score(*k), name(*k), *k)).collect();
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
        let Ok(p) = self.inner.read() else { return WordMatch { any: Vec::new(), exact: Vec::new() } };
        let hi = format!("{word}\u{10FFFF}");
        let mut lists: Vec<&Vec<u32>> = p
            .words
            .range::<str, _>((std::ops::Bound::Included(word), std::ops::Bound::Excluded(hi.as_str())))
            .map(|(_, v)| v)
            .collect();
        let exact = p.words.get(word).map(|v| in_scope(v, &p.locations, scope)).unwrap_or_default();
        let any = if lists.len() == 1 {
            in_scope(lists[0], &p.locations, scope)
        } else {
            lists.sort_by_key(|l| std::cmp::Reverse(l.len()));
            let mut all: Vec<u32> = lists.iter().flat_map(|l| l.iter().copied()).collect();
            all.sort_unstable();
            all.dedup();
            in_scope(&all, &p.locations, scope)
        };
        WordMatch { any, exact }
    }
}

fn in_scope(keys: &[u32], locations: &[u32], scope: Option<&[u32]>) -> Vec<u32> {
    match scope {
        None => keys.to_vec(),
        Some(s) => keys.iter().copied().filter(|k| locations.get(*k as usize).is_some_and(|l| s.contains(l))).collect(),
    }
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
        assert_eq!((m.any, m.exact), (vec![1, 2, 3], vec![]));
        let m = idx.word("traore", Some(&[10]));
        assert_eq!((m.any, m.exact), (vec![1, 3], vec![1, 3]));
        assert_eq!(intersect(&idx.word("awa", None).any, &idx.word("traore", None).any), vec![1, 2]);
        assert_eq!(idx.rank(&[1, 2, 3], |k| usize::from(k == 3), 0, 2), vec![3, 1]);
        assert_eq!(idx.rank(&[1, 2, 3], |_| 0, 1, 5), vec![3, 2]);
        idx.apply(&[change(1, 10, "keita awa", &["awa", "traore"], &["awa", "keita"])]);
        assert_eq!(idx.word("traore", None).exact, vec![3]);
        assert_eq!(idx.word("keita", None).exact, vec![1]);
        assert_eq!(idx.rank(&[1, 3], |_| 0, 0, 5), vec![1, 3], "keita before traore");
    }
}
