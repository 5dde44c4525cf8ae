//! Finding people by name: case and accents ignored, any word of any
//! spelling, prefixes match ("trao" finds Traoré), exact words rank first,
//! then by family and given name. Always within the caller's scope.

use crate::{AuditAction, Principal, Store, StoreError};
use rusqlite::params;
use std::collections::HashMap;

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

fn upper(term: &str) -> String {
    format!("{term}\u{10FFFF}")
}

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
        let scope = who.scope.sql();
        let (ids, total) = self.read(|c| match terms.len() {
            0 => list(c, &scope, limit, offset),
            1 => one_term(c, &scope, &terms[0], limit, offset),
            _ => many_terms(c, &scope, &terms, limit, offset),
        })?;
        let items = self.read(|c| hits(c, &ids))?;
        let who2 = who.clone();
        self.write(move |tx| tx.audit(Some(&who2), AuditAction::Search, "person", "", &[]))?;
        Ok(SearchPage { items, total })
    }
}

/// `(all locations?, location ids)` as `Scope::sql` gives them.
type Scope = (i64, std::rc::Rc<Vec<rusqlite::types::Value>>);

fn list(c: &rusqlite::Connection, scope: &Scope, limit: i64, offset: i64) -> Result<(Vec<String>, u64), StoreError> {
    let total: i64 = c
        .prepare_cached("SELECT COUNT(*) FROM people WHERE ?2 = 1 OR location_id IN rarray(?1)")?
        .query_row(params![scope.1.clone(), scope.0], |r| r.get(0))?;
    let mut st = c.prepare_cached(
        "SELECT id FROM people WHERE ?4 = 1 OR location_id IN rarray(?1) ORDER BY sort_name, id LIMIT ?2 OFFSET ?3",
    )?;
    let ids = st
        .query_map(params![scope.1.clone(), limit, offset, scope.0], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok((ids, total as u64))
}

/// One word: people with that exact word first (read in name order straight
/// from the index), then people with a longer word starting with it.
fn one_term(
    c: &rusqlite::Connection,
    scope: &Scope,
    term: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<String>, u64), StoreError> {
    let hi = upper(term);
    let exact_total: i64 = c
        .prepare_cached(
            "SELECT COUNT(*) FROM person_tokens WHERE token = ?1 AND (?3 = 1 OR location_id IN rarray(?2))",
        )?
        .query_row(params![term, scope.1.clone(), scope.0], |r| r.get(0))?;
    let prefix_total: i64 = c
        .prepare_cached(
            "SELECT COUNT(DISTINCT person_id) FROM person_tokens t
             WHERE token > ?1 AND token < ?2 AND (?4 = 1 OR location_id IN rarray(?3))
               AND NOT EXISTS (SELECT 1 FROM person_tokens e WHERE e.person_id = t.person_id AND e.token = ?1)",
        )?
        .query_row(params![term, hi, scope.1.clone(), scope.0], |r| r.get(0))?;
    let mut ids: Vec<String> = Vec::new();
    if offset < exact_total {
        let mut st = c.prepare_cached(
            "SELECT person_id FROM person_tokens WHERE token = ?1 AND (?5 = 1 OR location_id IN rarray(?2))
             ORDER BY sort_name, person_id LIMIT ?3 OFFSET ?4",
        )?;
        ids = st
            .query_map(params![term, scope.1.clone(), limit, offset, scope.0], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
    }
    let still = limit - ids.len() as i64;
    if still > 0 && prefix_total > 0 {
        let skip = (offset - exact_total).max(0);
        let mut st = c.prepare_cached(
            "SELECT person_id, MIN(sort_name) AS s FROM person_tokens t
             WHERE token > ?1 AND token < ?2 AND (?6 = 1 OR location_id IN rarray(?3))
               AND NOT EXISTS (SELECT 1 FROM person_tokens e WHERE e.person_id = t.person_id AND e.token = ?1)
             GROUP BY person_id ORDER BY s, person_id LIMIT ?4 OFFSET ?5",
        )?;
        let more: Vec<String> = st
            .query_map(params![term, hi, scope.1.clone(), still, skip, scope.0], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        ids.extend(more);
    }
    Ok((ids, (exact_total + prefix_total) as u64))
}

/// Several words: every word must match a word of the person's names
/// (exactly or as a prefix); more exact words rank higher.
fn many_terms(
    c: &rusqlite::Connection,
    scope: &Scope,
    terms: &[String],
    limit: i64,
    offset: i64,
) -> Result<(Vec<String>, u64), StoreError> {
    // Start from the longest word (usually the rarest), then keep those
    // that also match every other word.
    let mut order: Vec<&String> = terms.iter().collect();
    order.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    let mut scored: HashMap<String, (u32, String)> = HashMap::new();
    {
        let t = order[0];
        let mut st = c.prepare_cached(
            "SELECT person_id, MAX(token = ?1), MIN(sort_name) FROM person_tokens
             WHERE token >= ?1 AND token < ?2 AND (?4 = 1 OR location_id IN rarray(?3)) GROUP BY person_id",
        )?;
        let rows = st.query_map(params![t, upper(t), scope.1.clone(), scope.0], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?, r.get::<_, String>(2)?))
        })?;
        for row in rows {
            let (id, exact, sort) = row?;
            scored.insert(id, (1 + u32::from(exact), sort));
        }
    }
    let mut check = c.prepare_cached(
        "SELECT MAX(token = ?2) FROM person_tokens WHERE person_id = ?1 AND token >= ?2 AND token < ?3",
    )?;
    for t in &order[1..] {
        let hi = upper(t);
        scored.retain(|id, (score, _)| match check.query_row(params![id, t, hi], |r| r.get::<_, Option<bool>>(0)) {
            Ok(Some(exact)) => {
                *score += 1 + u32::from(exact);
                true
            }
            _ => false,
        });
    }
    let total = scored.len() as u64;
    let mut all: Vec<(String, u32, String)> = scored.into_iter().map(|(id, (s, n))| (id, s, n)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.2.cmp(&b.2)).then_with(|| a.0.cmp(&b.0)));
    let ids = all.into_iter().skip(offset as usize).take(limit as usize).map(|(id, _, _)| id).collect();
    Ok((ids, total))
}

/// The identity fields of `ids`, in that order.
fn hits(c: &rusqlite::Connection, ids: &[String]) -> Result<Vec<PersonHit>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let arr = std::rc::Rc::new(ids.iter().map(|i| rusqlite::types::Value::Text(i.clone())).collect::<Vec<_>>());
    let mut st = c.prepare_cached(
        "SELECT id, record_number, given_name, family_name, sex, birth_date, birth_date_precision, location_id
         FROM people WHERE id IN rarray(?1)",
    )?;
    let mut found: HashMap<String, PersonHit> = st
        .query_map([arr], |r| {
            Ok(PersonHit {
                id: r.get(0)?,
                record_number: r.get(1)?,
                given_name: r.get(2)?,
                family_name: r.get(3)?,
                sex: r.get(4)?,
                birth_date: r.get(5)?,
                birth_date_precision: r.get(6)?,
                location_id: r.get(7)?,
            })
        })?
        .map(|h| h.map(|h| (h.id.clone(), h)))
        .collect::<Result<_, _>>()?;
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}
