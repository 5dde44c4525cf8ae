//! Finding people by name: case and accents ignored, any word of any
//! spelling, prefixes match ("trao" finds Traoré), exact words rank first,
//! then by family and given name. Always within the caller's scope.
//!
//! The search index (`person_tokens`) holds one row per folded name word,
//! keyed `(token, sort_name, person_key)`: one word's people come out of
//! the index already in name order, so a page needs no sort, and several
//! words are intersected on small integer keys inside SQLite.

use crate::{AuditAction, Principal, Store, StoreError};
use rusqlite::params;
use std::collections::{HashMap, HashSet};

/// One person in a list or search result (identity fields only).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PersonHit {
    /// Id.
    pub id: String,
    /// Record number.
    pub record_number: String,
    /// Given name(s).
    pub given_name: String,
    /// Family name(s).
    pub family_name: String,
    /// `F`/`M`.
    pub sex: String,
    /// `YYYY-MM-DD`, if known.
    pub birth_date: Option<String>,
    /// Precision of the birth date.
    pub birth_date_precision: Option<String>,
    /// Location.
    pub location_id: String,
}

/// A page of results and how many there are in all.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchPage {
    /// This page.
    pub items: Vec<PersonHit>,
    /// All matches in scope.
    pub total: u64,
}

/// The most words of a query used.
const MAX_TERMS: usize = 5;

/// Above this many matching name words, a prefix search's `total` counts
/// words, not people: the few people with two words starting alike are
/// counted twice. Below it the count is exact.
const EXACT_COUNT_UP_TO: i64 = 20_000;

/// The upper bound of the words starting with `term`.
fn upper(term: &str) -> String {
    format!("{term}\u{10FFFF}")
}

/// `(all locations?, location keys)` as `Scope::sql_keys` gives them.
type Keys = (i64, std::rc::Rc<Vec<rusqlite::types::Value>>);

impl Store {
    /// Searches (or, with an empty query, lists) people in `who`'s scope.
    /// The search is audited without its words.
    pub fn search_people(
        &self,
        who: &Principal,
        query: &str,
        limit: u32,
        offset: u32,
    ) -> Result<SearchPage, StoreError> {
        if !who.role.reads_people() {
            return Err(StoreError::Forbidden);
        }
        let limit = i64::from(limit.clamp(1, 200));
        let offset = i64::from(offset);
        let mut terms = dugu_domain::names::tokens([query]);
        terms.truncate(MAX_TERMS);
        let (page, total) = self.read(|c| match terms.len() {
            0 => list(c, who, limit, offset),
            1 => one_term(c, &who.scope.sql_keys(), &terms[0], limit, offset),
            _ => many_terms(c, &who.scope.sql_keys(), &terms, limit, offset),
        })?;
        let items = self.read(|c| hits(c, &page))?;
        let who2 = who.clone();
        self.write(move |tx| tx.audit(Some(&who2), AuditAction::Search, "person", "", &[]))?;
        Ok(SearchPage { items, total })
    }
}

/// A page of people, by key or by id.
enum Page {
    Keys(Vec<i64>),
    Ids(Vec<String>),
}

fn list(c: &rusqlite::Connection, who: &Principal, limit: i64, offset: i64) -> Result<(Page, u64), StoreError> {
    let (all, ids) = who.scope.sql();
    let total: i64 = c
        .prepare_cached("SELECT COUNT(*) FROM people WHERE ?2 = 1 OR location_id IN rarray(?1)")?
        .query_row(params![ids.clone(), all], |r| r.get(0))?;
    let mut st = c.prepare_cached(
        "SELECT id FROM people WHERE ?4 = 1 OR location_id IN rarray(?1) ORDER BY sort_name, id LIMIT ?2 OFFSET ?3",
    )?;
    let page = st.query_map(params![ids, limit, offset, all], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
    Ok((Page::Ids(page), total as u64))
}

/// One word: people with that exact word first (straight from the index,
/// in name order), then people with a longer word starting with it (by
/// word, then name).
fn one_term(
    c: &rusqlite::Connection,
    scope: &Keys,
    term: &str,
    limit: i64,
    offset: i64,
) -> Result<(Page, u64), StoreError> {
    let hi = upper(term);
    let exact_total: i64 = c
        .prepare_cached(
            "SELECT COUNT(*) FROM person_tokens WHERE token = ?1 AND (?3 = 1 OR location_key IN rarray(?2))",
        )?
        .query_row(params![term, scope.1.clone(), scope.0], |r| r.get(0))?;
    // People with a longer word starting with the term but not the word
    // itself. Without exact matches nobody needs excluding.
    let prefix_total: i64 = if exact_total == 0 {
        // A person with two words in the range is counted once; for a short
        // prefix that matches a crowd, the number of words is close enough
        // and ten times cheaper (see the crate's documentation of `total`).
        let words: i64 = c
            .prepare_cached(
                "SELECT COUNT(*) FROM person_tokens WHERE token > ?1 AND token < ?2 AND (?4 = 1 OR location_key IN rarray(?3))",
            )?
            .query_row(params![term, hi, scope.1.clone(), scope.0], |r| r.get(0))?;
        if words > EXACT_COUNT_UP_TO {
            words
        } else {
            c.prepare_cached(
                "SELECT COUNT(DISTINCT person_key) FROM person_tokens
                 WHERE token > ?1 AND token < ?2 AND (?4 = 1 OR location_key IN rarray(?3))",
            )?
            .query_row(params![term, hi, scope.1.clone(), scope.0], |r| r.get(0))?
        }
    } else {
        c.prepare_cached(
            "SELECT COUNT(DISTINCT person_key) FROM person_tokens t
             WHERE token > ?1 AND token < ?2 AND (?4 = 1 OR location_key IN rarray(?3))
               AND NOT EXISTS (SELECT 1 FROM person_tokens e WHERE e.person_key = t.person_key AND e.token = ?1)",
        )?
        .query_row(params![term, hi, scope.1.clone(), scope.0], |r| r.get(0))?
    };
    let mut keys: Vec<i64> = Vec::new();
    if offset < exact_total {
        let mut st = c.prepare_cached(
            "SELECT person_key FROM person_tokens WHERE token = ?1 AND (?5 = 1 OR location_key IN rarray(?2))
             ORDER BY sort_name, person_key LIMIT ?3 OFFSET ?4",
        )?;
        keys = st
            .query_map(params![term, scope.1.clone(), limit, offset, scope.0], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
    }
    let still = limit - keys.len() as i64;
    if still > 0 && prefix_total > 0 {
        // Walk the index in (word, name) order; a person with two such
        // words, or with the exact word too, is skipped.
        let skip = (offset - exact_total).max(0) as usize;
        let mut st = c.prepare_cached(
            "SELECT person_key, EXISTS (SELECT 1 FROM person_tokens e WHERE e.person_key = t.person_key AND e.token = ?1)
             FROM person_tokens t WHERE token > ?1 AND token < ?2 AND (?4 = 1 OR location_key IN rarray(?3))
             ORDER BY token, sort_name, person_key",
        )?;
        let mut rows = st.query(params![term, hi, scope.1.clone(), scope.0])?;
        let mut seen = HashSet::new();
        let mut n = 0usize;
        while let Some(r) = rows.next()? {
            let (key, has_exact): (i64, bool) = (r.get(0)?, r.get(1)?);
            if has_exact || !seen.insert(key) {
                continue;
            }
            if n >= skip {
                keys.push(key);
                if keys.len() as i64 >= limit {
                    break;
                }
            }
            n += 1;
        }
    }
    Ok((Page::Keys(keys), (exact_total + prefix_total) as u64))
}

/// Several words: every word must match a word of the person's names
/// (exactly or as a prefix); more exact words rank higher, then by name.
/// Each word's people are read as small integer keys, rarest word first,
/// and intersected.
fn many_terms(
    c: &rusqlite::Connection,
    scope: &Keys,
    terms: &[String],
    limit: i64,
    offset: i64,
) -> Result<(Page, u64), StoreError> {
    let mut counted: Vec<(i64, &String)> = Vec::with_capacity(terms.len());
    for t in terms {
        let n: i64 = c
            .prepare_cached("SELECT COUNT(*) FROM person_tokens WHERE token >= ?1 AND token < ?2")?
            .query_row(params![t, upper(t)], |r| r.get(0))?;
        counted.push((n, t));
    }
    counted.sort();
    let mut st = c.prepare_cached(
        "SELECT person_key, token = ?1 FROM person_tokens
         WHERE token >= ?1 AND token < ?2 AND (?4 = 1 OR location_key IN rarray(?3))",
    )?;
    // key -> number of words matched exactly.
    let mut matched: HashMap<i64, u32> = HashMap::new();
    for (i, (_, term)) in counted.iter().enumerate() {
        let mut this: HashMap<i64, bool> = HashMap::new();
        let mut rows = st.query(params![term, upper(term), scope.1.clone(), scope.0])?;
        while let Some(r) = rows.next()? {
            let (key, exact): (i64, bool) = (r.get(0)?, r.get(1)?);
            if i == 0 || matched.contains_key(&key) {
                let e = this.entry(key).or_insert(false);
                *e |= exact;
            }
        }
        matched = if i == 0 {
            this.into_iter().map(|(k, e)| (k, u32::from(e))).collect()
        } else {
            this.into_iter().map(|(k, e)| (k, matched[&k] + u32::from(e))).collect()
        };
        if matched.is_empty() {
            break;
        }
    }
    let total = matched.len() as u64;
    // Names only for the people found, to order them.
    let keys = std::rc::Rc::new(matched.keys().map(|k| rusqlite::types::Value::Integer(*k)).collect::<Vec<_>>());
    let mut names = c.prepare_cached("SELECT rowid, sort_name FROM people WHERE rowid IN rarray(?1)")?;
    let mut ranked: Vec<(u32, String, i64)> = names
        .query_map([keys], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|(k, name)| (matched[&k], name, k))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)).then_with(|| a.2.cmp(&b.2)));
    let page = ranked.into_iter().skip(offset as usize).take(limit as usize).map(|(_, _, k)| k).collect();
    Ok((Page::Keys(page), total))
}

/// The identity fields of a page, in its order.
fn hits(c: &rusqlite::Connection, page: &Page) -> Result<Vec<PersonHit>, StoreError> {
    let (by_key, order): (bool, Vec<rusqlite::types::Value>) = match page {
        Page::Keys(k) => (true, k.iter().map(|k| rusqlite::types::Value::Integer(*k)).collect()),
        Page::Ids(i) => (false, i.iter().map(|i| rusqlite::types::Value::Text(i.clone())).collect()),
    };
    if order.is_empty() {
        return Ok(Vec::new());
    }
    let arr = std::rc::Rc::new(order.clone());
    let sql = if by_key {
        "SELECT rowid, id, record_number, given_name, family_name, sex, birth_date, birth_date_precision, location_id
         FROM people WHERE rowid IN rarray(?1)"
    } else {
        "SELECT id, id, record_number, given_name, family_name, sex, birth_date, birth_date_precision, location_id
         FROM people WHERE id IN rarray(?1)"
    };
    let mut st = c.prepare_cached(sql)?;
    let mut found: HashMap<String, PersonHit> = HashMap::new();
    let mut rows = st.query([arr])?;
    while let Some(r) = rows.next()? {
        let key: String = if by_key { r.get::<_, i64>(0)?.to_string() } else { r.get(0)? };
        found.insert(
            key,
            PersonHit {
                id: r.get(1)?,
                record_number: r.get(2)?,
                given_name: r.get(3)?,
                family_name: r.get(4)?,
                sex: r.get(5)?,
                birth_date: r.get(6)?,
                birth_date_precision: r.get(7)?,
                location_id: r.get(8)?,
            },
        );
    }
    Ok(order
        .iter()
        .filter_map(|v| match v {
            rusqlite::types::Value::Integer(k) => found.remove(&k.to_string()),
            rusqlite::types::Value::Text(t) => found.remove(t),
            _ => None,
        })
        .collect())
}
