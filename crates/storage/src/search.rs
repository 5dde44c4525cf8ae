//! Finding people by name: case and accents ignored, any word of any
//! spelling, prefixes match ("trao" finds Traoré), exact words rank first,
//! then by family and given name. Always within the caller's scope.
//!
//! Two indexes work together. `person_tokens` in SQLite holds one row per
//! folded name word, keyed `(token, sort_name, person_key)`: one word's
//! people come out already in name order, so a page needs no sort. The
//! in-memory `NameIndex` holds the same words as sorted key lists: counts
//! and the intersection of several words are merges of integer lists.

use crate::name_index::{NameIndex, WordMatch, intersect};
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
        let scope_keys: Option<Vec<u32>> = match &who.scope {
            crate::Scope::All => None,
            crate::Scope::Locations(l) => Some(l.keys.iter().map(|k| *k as u32).collect()),
        };
        let names = &self.inner.names;
        let (page, total) = self.read(|c| match terms.len() {
            0 => list(c, who, limit, offset),
            1 => {
                let m = names.word(&terms[0], scope_keys.as_deref());
                one_term(c, &who.scope.sql_keys(), &terms[0], &m, limit, offset)
            }
            _ => {
                let matches: Vec<WordMatch> = terms.iter().map(|t| names.word(t, scope_keys.as_deref())).collect();
                many_terms(names, matches, limit, offset)
            }
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
/// word, then name). The counts come from the in-memory index.
fn one_term(
    c: &rusqlite::Connection,
    scope: &Keys,
    term: &str,
    m: &WordMatch,
    limit: i64,
    offset: i64,
) -> Result<(Page, u64), StoreError> {
    let exact_total = m.exact.len() as i64;
    // `exact` is part of `any`: the rest have only longer words.
    let prefix_total = (m.any.len() - m.exact.len()) as i64;
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
            "SELECT person_key FROM person_tokens WHERE token > ?1 AND token < ?2 AND (?4 = 1 OR location_key IN rarray(?3))
             ORDER BY token, sort_name, person_key",
        )?;
        let mut rows = st.query(params![term, upper(term), scope.1.clone(), scope.0])?;
        let mut seen = HashSet::new();
        let mut n = 0usize;
        while let Some(r) = rows.next()? {
            let key: i64 = r.get(0)?;
            if m.exact.binary_search(&(key as u32)).is_ok() || !seen.insert(key) {
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
/// The words' key lists are intersected, smallest first.
fn many_terms(
    names: &NameIndex,
    mut matches: Vec<WordMatch>,
    limit: i64,
    offset: i64,
) -> Result<(Page, u64), StoreError> {
    matches.sort_by_key(|m| m.any.len());
    let mut found = matches[0].any.clone();
    for m in &matches[1..] {
        if found.is_empty() {
            break;
        }
        found = intersect(&found, &m.any);
    }
    let total = found.len() as u64;
    let score = |k: u32| matches.iter().filter(|m| m.exact.binary_search(&k).is_ok()).count();
    let page = names.rank(&found, score, offset as usize, limit as usize).into_iter().map(i64::from).collect();
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
