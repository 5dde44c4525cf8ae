//! Finding people by name: case and accents ignored, any word of any
//! spelling, prefixes match ("trao" finds Traoré), other spellings of a
//! word too ("kulibali" finds Coulibaly, "traore" Tarawélé). Words spelled
//! as typed rank before other spellings, exact words before longer ones,
//! then by family and given name. A record number (`KIT-000101`, any case,
//! leading zeros or not) finds its person. Always within the caller's scope.
//!
//! Two indexes work together. `person_tokens` in SQLite holds one row per
//! folded name word, keyed `(token, sort_name, person_key)`: one word's
//! people come out already in name order, so a page needs no sort. The
//! in-memory `NameIndex` holds the same words as sorted key lists: counts
//! and the intersection of several words are merges of integer lists.

use crate::name_index::{NameIndex, WordMatch, intersect, without};
use crate::{AuditAction, Principal, Store, StoreError};
use dugu_domain::people_filter::{AgeGroup, PersonStatus};
use dugu_domain::{Invalid, Problem, Sex};
use rusqlite::{OptionalExtension, params};
use std::collections::{HashMap, HashSet};

/// What a list of people is narrowed to besides names. Empty: everyone in
/// scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeopleFilter {
    /// This location and the ones below it (within scope).
    pub location_id: Option<String>,
    /// Age on the day of the search.
    pub age: Option<AgeGroup>,
    /// Sex.
    pub sex: Option<Sex>,
    /// Care or family-strengthening status.
    pub status: Option<PersonStatus>,
}

impl PeopleFilter {
    /// No narrowing at all.
    pub fn is_empty(&self) -> bool {
        *self == PeopleFilter::default()
    }

    /// A location out of scope is as unknown as one that does not exist;
    /// a status the role may not read cannot be filtered on.
    fn check(&self, who: &Principal, c: &rusqlite::Connection) -> Result<(), StoreError> {
        let mut inv = Invalid::new();
        if let Some(l) = &self.location_id
            && !crate::people::location_in_scope(c, who, l)?
        {
            inv.add("location_id", Problem::Unknown);
        }
        if self.status.and_then(PersonStatus::needs).is_some_and(|g| !who.role.reads(g)) {
            inv.add("status", Problem::NotAllowed);
        }
        Ok(inv.into_result()?)
    }

    /// Parameters ?3 (location), ?4 (sex), ?5 and ?6 (born after, born on
    /// or before), ?7 (status code) of `people_filter_sql!`.
    fn params(&self, today: time::Date) -> [Option<String>; 5] {
        let (after, until) = match self.age {
            Some(g) => {
                let (a, u) = g.births(today);
                (a.map(|d| d.to_string()), Some(u.to_string()))
            }
            None => (None, None),
        };
        [
            self.location_id.clone(),
            self.sex.map(|s| s.code().to_string()),
            after,
            until,
            self.status.map(|s| s.code().to_string()),
        ]
    }
}

/// The conditions of a filtered list on `people p`: scope (?1, ?2),
/// location and below (?3), sex (?4), born after (?5) and on or before
/// (?6), status (?7). One literal: no SQL is built at run time.
macro_rules! people_filter_sql {
    () => {
        "(?1 = 1 OR p.location_id IN rarray(?2))
         AND (?3 IS NULL OR p.location_id IN (SELECT descendant_id FROM location_closure WHERE ancestor_id = ?3))
         AND (?4 IS NULL OR p.sex = ?4)
         AND (?5 IS NULL OR p.birth_date > ?5)
         AND (?6 IS NULL OR p.birth_date <= ?6)
         AND (?7 IS NULL
              OR (?7 = 'in_care' AND EXISTS (SELECT 1 FROM admissions a WHERE a.person_id = p.id AND a.struck_out IS NULL AND a.left_on IS NULL))
              OR (?7 = 'left_care'
                  AND EXISTS (SELECT 1 FROM admissions a WHERE a.person_id = p.id AND a.struck_out IS NULL AND a.left_on IS NOT NULL)
                  AND NOT EXISTS (SELECT 1 FROM admissions a WHERE a.person_id = p.id AND a.struck_out IS NULL AND a.left_on IS NULL))
              OR (?7 = 'family_support' AND EXISTS (
                  SELECT 1 FROM household_members hm JOIN family_support fs ON fs.household_id = hm.household_id
                  WHERE hm.person_id = p.id AND fs.ended_on IS NULL AND fs.struck_out IS NULL)))"
    };
}

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
    /// Sex (`F`/`M` in JSON).
    pub sex: Sex,
    /// Birth date, if known (`YYYY-MM-DD` in JSON).
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    pub birth_date: Option<time::Date>,
    /// Precision of the birth date.
    pub birth_date_precision: Option<dugu_domain::birth::DatePrecision>,
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

/// Finding people: by name words and filters, or by a record number, within scope.
pub trait SearchReads {
    /// Searches (or, with an empty query, lists) people in `who`'s scope,
    /// narrowed by `filter` (ages as on `today`). The search is audited
    /// without its words.
    fn search_people(
        &self,
        who: &Principal,
        query: &str,
        filter: &PeopleFilter,
        today: time::Date,
        limit: u32,
        offset: u32,
    ) -> Result<SearchPage, StoreError>;

    /// The id of the person or household carrying this record number (as
    /// `dugu_domain::record_number::typed` writes it), for the audit
    /// page's filter: to a reader of the audit trail or of people, within
    /// the reader's scope — a record out of scope is unknown, as
    /// everywhere. Not audited itself: it says only which id a number
    /// is, and the trail it filters is the audit reader's to read.
    fn record_of_number(&self, who: &Principal, number: &str) -> Result<Option<String>, StoreError>;
}

impl SearchReads for Store {
    fn search_people(
        &self,
        who: &Principal,
        query: &str,
        filter: &PeopleFilter,
        today: time::Date,
        limit: u32,
        offset: u32,
    ) -> Result<SearchPage, StoreError> {
        if !who.role.reads_people() {
            return Err(StoreError::Forbidden);
        }
        let limit = i64::from(limit.clamp(1, 200));
        let offset = i64::from(offset);
        let number = record_number_typed(query);
        let mut terms = dugu_domain::names::tokens([query]);
        terms.truncate(MAX_TERMS);
        let scope_keys: Option<Vec<u32>> = match &who.scope {
            crate::Scope::All => None,
            crate::Scope::Locations(l) => Some(l.keys.iter().map(|k| *k as u32).collect()),
        };
        let names = &self.inner.names;
        let (page, total) = self.read(|c| {
            filter.check(who, c)?;
            if let Some(number) = &number {
                return by_record_number(c, who, filter, today, number, offset);
            }
            match terms.len() {
                0 if !filter.is_empty() => filtered_list(c, who, filter, today, limit, offset),
                0 => list(c, who, limit, offset),
                _ if !filter.is_empty() => {
                    let matches: Vec<WordMatch> = terms.iter().map(|t| names.word(t, scope_keys.as_deref())).collect();
                    let found = matching(&matches);
                    let kept = filtered_keys(c, who, filter, today, &found)?;
                    let total = kept.len() as u64;
                    let page = names.rank(&kept, spelling_rank(&matches, &terms), offset as usize, limit as usize);
                    Ok((Page::Keys(page.into_iter().map(i64::from).collect()), total))
                }
                1 => {
                    let m = names.word(&terms[0], scope_keys.as_deref());
                    one_term(c, names, &who.scope.sql_keys(), &terms[0], &m, limit, offset)
                }
                _ => {
                    let matches: Vec<WordMatch> = terms.iter().map(|t| names.word(t, scope_keys.as_deref())).collect();
                    many_terms(names, matches, &terms, limit, offset)
                }
            }
        })?;
        let items = self.read(|c| hits(c, &page))?;
        // One entry per search (the terms are never kept), naming the
        // people the page showed.
        let (who2, shown) = (who.clone(), items.iter().map(|h| h.id.clone()).collect::<Vec<String>>());
        self.write(move |tx| tx.audit_shown(&who2, AuditAction::Search, "person", "", &shown))?;
        Ok(SearchPage { items, total })
    }

    fn record_of_number(&self, who: &Principal, number: &str) -> Result<Option<String>, StoreError> {
        if !(who.role.reads_audit() || who.role.reads_people()) {
            return Ok(None);
        }
        let found: Option<(String, String)> = self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT id, location_id FROM people WHERE record_number = ?1
                 UNION ALL SELECT id, location_id FROM households WHERE record_number = ?1",
            )?
            .query_row([number], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
        })?;
        Ok(found.filter(|(_, l)| who.scope.contains(l)).map(|(id, _)| id))
    }
}

/// The people of a filtered list, in name order.
fn filtered_list(
    c: &rusqlite::Connection,
    who: &Principal,
    filter: &PeopleFilter,
    today: time::Date,
    limit: i64,
    offset: i64,
) -> Result<(Page, u64), StoreError> {
    let (all, ids) = who.scope.sql();
    let [loc, sex, after, until, status] = filter.params(today);
    let total: i64 = c
        .prepare_cached(concat!("SELECT COUNT(*) FROM people p WHERE ", people_filter_sql!()))?
        .query_row(params![all, ids.clone(), loc, sex, after, until, status], |r| r.get(0))?;
    let mut st = c.prepare_cached(concat!(
        "SELECT p.id FROM people p WHERE ",
        people_filter_sql!(),
        " ORDER BY p.sort_name, p.id LIMIT ?8 OFFSET ?9"
    ))?;
    let page = st
        .query_map(params![all, ids, loc, sex, after, until, status, limit, offset], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok((Page::Ids(page), total as u64))
}

/// Which of the people matched by name (`keys`, sorted) the filter keeps,
/// sorted.
fn filtered_keys(
    c: &rusqlite::Connection,
    who: &Principal,
    filter: &PeopleFilter,
    today: time::Date,
    keys: &[u32],
) -> Result<Vec<u32>, StoreError> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let (all, ids) = who.scope.sql();
    let [loc, sex, after, until, status] = filter.params(today);
    let keys =
        std::rc::Rc::new(keys.iter().map(|k| rusqlite::types::Value::Integer(i64::from(*k))).collect::<Vec<_>>());
    let mut st = c.prepare_cached(concat!(
        "SELECT p.rowid FROM people p WHERE p.rowid IN rarray(?8) AND ",
        people_filter_sql!()
    ))?;
    let mut kept = st
        .query_map(params![all, ids, loc, sex, after, until, status, keys], |r| r.get::<_, i64>(0))?
        .map(|k| k.map(|k| k as u32))
        .collect::<Result<Vec<u32>, _>>()?;
    kept.sort_unstable();
    Ok(kept)
}

/// Everyone every word matches (sorted keys), intersected smallest first.
fn matching(matches: &[WordMatch]) -> Vec<u32> {
    let mut lists: Vec<&Vec<u32>> = matches.iter().map(|m| &m.all).collect();
    lists.sort_by_key(|l| l.len());
    let Some((first, rest)) = lists.split_first() else { return Vec::new() };
    let mut found = (*first).clone();
    for l in rest {
        if found.is_empty() {
            break;
        }
        found = intersect(&found, l);
    }
    found
}

/// The rank of a person: how many of the words their names spell as typed
/// (exactly or longer), then how many exactly, then how many of those are
/// in the name itself rather than among its other spellings. Other
/// spellings rank last.
fn spelling_rank<'a>(matches: &'a [WordMatch], terms: &'a [String]) -> impl Fn(u32, &str) -> usize + 'a {
    // Each word adds (MAX_TERMS + 1)² if spelled as typed, MAX_TERMS + 1
    // more if exactly, one more if in the name: three counts in one number.
    // Exact implies spelled, so another spelling costs one look-up.
    let base = MAX_TERMS + 1;
    move |k, sort_name| {
        matches
            .iter()
            .zip(terms)
            .map(|(m, term)| match m.spelled.binary_search(&k) {
                Err(_) => 0,
                Ok(_) if m.exact.binary_search(&k).is_err() => base * base,
                Ok(_) => base * base + base + usize::from(sort_name.split(' ').any(|w| w == term)),
            })
            .sum()
    }
}

/// The record number a query is, if it is one, as printed: `kit-101` and
/// `KIT-000101` are `KIT-000101`.
fn record_number_typed(query: &str) -> Option<String> {
    dugu_domain::record_number::typed(query)
}

/// The person with this record number, if in scope and kept by the filter.
fn by_record_number(
    c: &rusqlite::Connection,
    who: &Principal,
    filter: &PeopleFilter,
    today: time::Date,
    number: &str,
    offset: i64,
) -> Result<(Page, u64), StoreError> {
    let (all, ids) = who.scope.sql();
    let [loc, sex, after, until, status] = filter.params(today);
    let found = c
        .prepare_cached(concat!("SELECT p.rowid FROM people p WHERE p.record_number = ?8 AND ", people_filter_sql!()))?
        .query_map(params![all, ids, loc, sex, after, until, status, number], |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    let total = found.len() as u64;
    Ok((Page::Keys(if offset == 0 { found } else { Vec::new() }), total))
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
/// in name order; in the name itself before among other spellings), then
/// people with a longer word starting with it (by word, then name), then
/// people with another spelling of it (by name).
/// The counts come from the in-memory index.
fn one_term(
    c: &rusqlite::Connection,
    names: &NameIndex,
    scope: &Keys,
    term: &str,
    m: &WordMatch,
    limit: i64,
    offset: i64,
) -> Result<(Page, u64), StoreError> {
    let exact_total = m.exact.len() as i64;
    // `exact` is part of `spelled`: the rest have only longer words.
    let prefix_total = (m.spelled.len() - m.exact.len()) as i64;
    let mut keys: Vec<i64> = Vec::new();
    if offset < exact_total {
        // The word in the name itself first, then among its other
        // spellings (a Tarawélé also recorded as Traoré comes after the
        // Traorés), each in name order.
        let mut st = c.prepare_cached(
            "SELECT person_key FROM person_tokens WHERE token = ?1 AND (?5 = 1 OR location_key IN rarray(?2))
             AND instr(' ' || sort_name || ' ', ' ' || ?1 || ' ') > 0
             ORDER BY sort_name, person_key LIMIT ?3 OFFSET ?4",
        )?;
        keys = st
            .query_map(params![term, scope.1.clone(), limit, offset, scope.0], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let still = limit - keys.len() as i64;
        if still > 0 {
            // This page goes past the names: how many were there?
            let in_name = if keys.is_empty() && offset > 0 {
                c.prepare_cached(
                    "SELECT COUNT(*) FROM person_tokens WHERE token = ?1 AND (?3 = 1 OR location_key IN rarray(?2))
                     AND instr(' ' || sort_name || ' ', ' ' || ?1 || ' ') > 0",
                )?
                .query_row(params![term, scope.1.clone(), scope.0], |r| r.get(0))?
            } else {
                offset + keys.len() as i64
            };
            let mut st = c.prepare_cached(
                "SELECT person_key FROM person_tokens WHERE token = ?1 AND (?5 = 1 OR location_key IN rarray(?2))
                 AND instr(' ' || sort_name || ' ', ' ' || ?1 || ' ') = 0
                 ORDER BY sort_name, person_key LIMIT ?3 OFFSET ?4",
            )?;
            let other: Vec<i64> = st
                .query_map(params![term, scope.1.clone(), still, (offset - in_name).max(0), scope.0], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            keys.extend(other);
        }
    }
    let still = limit - keys.len() as i64;
    if still > 0 && prefix_total > 0 && offset < exact_total + prefix_total {
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
    let still = limit - keys.len() as i64;
    if still > 0 && m.all.len() > m.spelled.len() {
        let others = without(&m.all, &m.spelled);
        let skip = (offset - exact_total - prefix_total).max(0) as usize;
        keys.extend(names.rank(&others, |_, _| 0, skip, still as usize).into_iter().map(i64::from));
    }
    Ok((Page::Keys(keys), m.all.len() as u64))
}

/// Several words: every word must match a word of the person's names
/// (exactly, as a prefix or as another spelling); words spelled as typed
/// rank higher, then exact ones, then by name. The words' key lists are
/// intersected, smallest first.
fn many_terms(
    names: &NameIndex,
    matches: Vec<WordMatch>,
    terms: &[String],
    limit: i64,
    offset: i64,
) -> Result<(Page, u64), StoreError> {
    let found = matching(&matches);
    let total = found.len() as u64;
    let page = names
        .rank(&found, spelling_rank(&matches, terms), offset as usize, limit as usize)
        .into_iter()
        .map(i64::from)
        .collect();
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
                sex: crate::decode::sex(r, 5)?,
                birth_date: crate::decode::opt_date(r, 6)?,
                birth_date_precision: crate::decode::opt_precision(r, 7)?,
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
