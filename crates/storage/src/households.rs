//! Households: people living together, each member's relationship to the
//! head. Scoped and audited like people.

use crate::contract::fact;
use crate::writer::Tx;
use crate::writes::AuditWrites;
use crate::{AuditAction, Principal, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::households::{HouseholdTx, MemberFacts};
use dugu_domain::household::Relationship;
use dugu_domain::people_filter::HouseholdStatus;
use rusqlite::{OptionalExtension, params};

/// A member of a household.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Member {
    /// The person.
    pub person_id: String,
    /// Relationship to the head.
    pub relationship: Relationship,
    /// Record number of the person.
    pub record_number: String,
    /// Given name(s).
    pub given_name: String,
    /// Family name(s).
    pub family_name: String,
}

/// A household.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Household {
    /// Id.
    pub id: String,
    /// Record number.
    pub record_number: String,
    /// Location.
    pub location_id: String,
    /// A name for the household (usually the head's family).
    pub name: String,
    /// Members, head first.
    pub members: Vec<Member>,
}

pub use dugu_commands::households::HouseholdInput;

impl Tx<'_> {
    /// Creates a household at a location in scope, with members in scope
    /// (the command: [`dugu_commands::households::create_household`]).
    pub fn create_household(&mut self, who: &Principal, input: &HouseholdInput) -> Result<Household, StoreError> {
        let id = dugu_commands::households::create_household(self, who, input)?;
        household_in(self.conn, who, &id)?.ok_or(StoreError::NotFound)
    }

    /// Adds a person in scope to a household in scope (the command:
    /// [`dugu_commands::households::add_household_member`]).
    pub fn add_household_member(
        &mut self,
        who: &Principal,
        household_id: &str,
        person_id: &str,
        relationship: &str,
    ) -> Result<Household, StoreError> {
        dugu_commands::households::add_household_member(self, who, household_id, person_id, relationship)?;
        household_in(self.conn, who, household_id)?.ok_or(StoreError::NotFound)
    }
}

impl HouseholdTx for Tx<'_> {
    fn members(&self, household_id: &str) -> Result<Vec<MemberFacts>, CommandError> {
        fact(|| {
            let mut st = self.conn.prepare_cached(
                "SELECT m.person_id, m.relationship, p.location_id
                 FROM household_members m JOIN people p ON p.id = m.person_id WHERE m.household_id = ?1",
            )?;
            let rows = st.query_map([household_id], |r| {
                Ok(MemberFacts { person_id: r.get(0)?, relationship: r.get(1)?, location_id: r.get(2)? })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn take_record_number(&mut self, location_id: &str) -> Result<String, CommandError> {
        Ok(self.next_record_number(location_id)?)
    }

    fn audit_members_changed(&mut self, who: &Principal, household_id: &str) -> Result<(), CommandError> {
        Ok(self.audit(Some(who), AuditAction::Update, "household", household_id, &["members"])?)
    }
}

fn household_in(c: &rusqlite::Connection, who: &Principal, id: &str) -> Result<Option<Household>, StoreError> {
    if !who.role.reads_people() {
        return Ok(None);
    }
    let h = c
        .prepare_cached("SELECT id, record_number, location_id, name FROM households WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Household {
                id: r.get(0)?,
                record_number: r.get(1)?,
                location_id: r.get(2)?,
                name: r.get(3)?,
                members: vec![],
            })
        })
        .optional()?;
    let Some(mut h) = h.filter(|h| who.scope.contains(&h.location_id)) else {
        return Ok(None);
    };
    let mut st = c.prepare_cached(
        "SELECT m.person_id, m.relationship, p.record_number, p.given_name, p.family_name, p.location_id
         FROM household_members m JOIN people p ON p.id = m.person_id
         WHERE m.household_id = ?1
         ORDER BY CASE m.relationship WHEN 'head' THEN 0 WHEN 'spouse' THEN 1 WHEN 'child' THEN 2 WHEN 'grandchild' THEN 3 ELSE 4 END, p.sort_name",
    )?;
    // A member who has moved to a location outside the caller's scope is
    // not shown: the household is in scope, that person no longer is.
    h.members = st
        .query_map([id], |r| {
            Ok((
                Member {
                    person_id: r.get(0)?,
                    relationship: crate::decode::relationship(r, 1)?,
                    record_number: r.get(2)?,
                    given_name: r.get(3)?,
                    family_name: r.get(4)?,
                },
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|(_, location)| who.scope.contains(location))
        .map(|(m, _)| m)
        .collect();
    Ok(Some(h))
}

/// A household in a list: `(id, record number, name, members in scope)`.
pub type HouseholdRow = (String, String, String, i64);

/// The conditions of a households list on `households h`: scope (?1,
/// ?2), location and below (?3), family-strengthening status (?4).
macro_rules! household_filter_sql {
    () => {
        "(?2 = 1 OR h.location_id IN rarray(?1))
         AND (?3 IS NULL OR h.location_id IN (SELECT descendant_id FROM location_closure WHERE ancestor_id = ?3))
         AND (?4 IS NULL
              OR (?4 = 'supported'
                  AND EXISTS (SELECT 1 FROM family_support fs WHERE fs.household_id = h.id AND fs.ended_on IS NULL AND fs.struck_out IS NULL))
              OR (?4 = 'exited'
                  AND EXISTS (SELECT 1 FROM family_support fs WHERE fs.household_id = h.id AND fs.ended_on IS NOT NULL AND fs.struck_out IS NULL)
                  AND NOT EXISTS (SELECT 1 FROM family_support fs WHERE fs.household_id = h.id AND fs.ended_on IS NULL AND fs.struck_out IS NULL)))"
    };
}

/// Households and their members, within scope.
pub trait HouseholdReads {
    /// Reads a household in scope and audits the view.
    fn view_household(&self, who: &Principal, id: &str) -> Result<Household, StoreError>;

    /// The households in scope (id, record number, name, relationship) a
    /// person belongs to; a person out of scope is `NotFound`. (The view is
    /// audited by [`Store::view_person`](crate::reads::PeopleReads::view_person).)
    fn households_of(
        &self,
        who: &Principal,
        person_id: &str,
    ) -> Result<Vec<(String, String, String, Relationship)>, StoreError>;

    /// Households in scope, by name: `(id, record number, name, members)`,
    /// narrowed to a location and below and to a family-strengthening
    /// status (protection readers only), with how many match in all.
    fn households(
        &self,
        who: &Principal,
        location_id: Option<&str>,
        status: Option<HouseholdStatus>,
        limit: u32,
        offset: u32,
    ) -> Result<(Vec<HouseholdRow>, u64), StoreError>;

    /// Households in scope whose name, or the name of a member in scope,
    /// has every word of `query` — case and accents ignored, a word may be
    /// the start of a name, and members' names are found in their other
    /// spellings too (the people search's index) — by name, narrowed like
    /// [`Store::households`], with how many match in all. An empty query
    /// is the plain list. The words are never kept: the audit entry names
    /// the households shown.
    fn search_households(
        &self,
        who: &Principal,
        query: &str,
        location_id: Option<&str>,
        status: Option<HouseholdStatus>,
        limit: u32,
        offset: u32,
    ) -> Result<(Vec<HouseholdRow>, u64), StoreError>;
}

impl HouseholdReads for Store {
    fn view_household(&self, who: &Principal, id: &str) -> Result<Household, StoreError> {
        let h = self.read(|c| household_in(c, who, id))?.ok_or(StoreError::NotFound)?;
        // The household and the members it names, in one entry.
        let (who2, id2) = (who.clone(), h.id.clone());
        let members: Vec<String> = h.members.iter().map(|m| m.person_id.clone()).collect();
        self.write(move |tx| tx.audit_shown(&who2, AuditAction::View, "household", &id2, &members))?;
        Ok(h)
    }

    fn households_of(
        &self,
        who: &Principal,
        person_id: &str,
    ) -> Result<Vec<(String, String, String, Relationship)>, StoreError> {
        self.read(|c| {
            who.may_see_person(c, person_id)?;
            let mut st = c.prepare_cached(
                "SELECT h.id, h.record_number, h.name, m.relationship, h.location_id FROM household_members m
                 JOIN households h ON h.id = m.household_id WHERE m.person_id = ?1 ORDER BY h.record_number",
            )?;
            let rows = st.query_map([person_id], |r| {
                Ok(((r.get(0)?, r.get(1)?, r.get(2)?, crate::decode::relationship(r, 3)?), r.get::<_, String>(4)?))
            })?;
            let rows: Vec<_> = rows.collect::<Result<_, _>>()?;
            Ok(rows.into_iter().filter(|(_, loc)| who.scope.contains(loc)).map(|(h, _)| h).collect())
        })
    }

    fn households(
        &self,
        who: &Principal,
        location_id: Option<&str>,
        status: Option<HouseholdStatus>,
        limit: u32,
        offset: u32,
    ) -> Result<(Vec<HouseholdRow>, u64), StoreError> {
        list_allowed(who, location_id, status)?;
        let (all, ids) = who.scope.sql();
        let status = status.map(HouseholdStatus::code);
        self.read(|c| {
            let total: i64 = c
                .prepare_cached(concat!("SELECT COUNT(*) FROM households h WHERE ", household_filter_sql!()))?
                .query_row(params![ids.clone(), all, location_id, status], |r| r.get(0))?;
            let mut st = c.prepare_cached(concat!(
                "SELECT h.id, h.record_number, h.name,
                        (SELECT COUNT(*) FROM household_members m JOIN people p ON p.id = m.person_id
                         WHERE m.household_id = h.id AND (?2 = 1 OR p.location_id IN rarray(?1)))
                 FROM households h WHERE ",
                household_filter_sql!(),
                " ORDER BY h.name, h.record_number LIMIT ?5 OFFSET ?6"
            ))?;
            let rows = st
                .query_map(params![ids, all, location_id, status, i64::from(limit), i64::from(offset)], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?;
            Ok((rows.collect::<Result<Vec<HouseholdRow>, _>>()?, total as u64))
        })
        .and_then(|(rows, total)| {
            let shown = rows.iter().map(|r| r.0.clone()).collect();
            self.audit_shown(who, "household_list", location_id.unwrap_or(""), shown)?;
            Ok((rows, total))
        })
    }

    fn search_households(
        &self,
        who: &Principal,
        query: &str,
        location_id: Option<&str>,
        status: Option<HouseholdStatus>,
        limit: u32,
        offset: u32,
    ) -> Result<(Vec<HouseholdRow>, u64), StoreError> {
        let mut terms = dugu_domain::names::tokens([query]);
        terms.truncate(MAX_TERMS);
        if terms.is_empty() {
            return self.households(who, location_id, status, limit, offset);
        }
        list_allowed(who, location_id, status)?;
        let scope_keys: Option<Vec<u32>> = match &who.scope {
            crate::Scope::All => None,
            crate::Scope::Locations(l) => Some(l.keys.iter().map(|k| *k as u32).collect()),
        };
        // Each word's people (sorted keys), in scope.
        let people: Vec<Vec<u32>> = terms.iter().map(|t| self.inner.names.word(t, scope_keys.as_deref()).all).collect();
        let (all, ids) = who.scope.sql();
        let status = status.map(HouseholdStatus::code);
        let (rows, total) = self.read(|c| {
            let mut st = c.prepare_cached(concat!(
                "SELECT h.id, h.record_number, h.name,
                        (SELECT COUNT(*) FROM household_members m JOIN people p ON p.id = m.person_id
                         WHERE m.household_id = h.id AND (?2 = 1 OR p.location_id IN rarray(?1)))
                 FROM households h WHERE ",
                household_filter_sql!(),
                " ORDER BY h.name, h.record_number"
            ))?;
            let rows = st.query_map(params![ids.clone(), all, location_id, status], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            let rows = rows.collect::<Result<Vec<HouseholdRow>, _>>()?;
            let mut st = c.prepare_cached(concat!(
                "SELECT m.household_id, p.rowid FROM household_members m
                 JOIN households h ON h.id = m.household_id JOIN people p ON p.id = m.person_id
                 WHERE (?2 = 1 OR p.location_id IN rarray(?1)) AND ",
                household_filter_sql!()
            ))?;
            let mut members: std::collections::HashMap<String, Vec<u32>> = std::collections::HashMap::new();
            let mut found = st.query(params![ids, all, location_id, status])?;
            while let Some(r) = found.next()? {
                members.entry(r.get(0)?).or_default().push(r.get::<_, i64>(1)? as u32);
            }
            let matching: Vec<HouseholdRow> = rows
                .into_iter()
                .filter(|(id, _, name, _)| {
                    let words = dugu_domain::names::tokens([name.as_str()]);
                    let keys = members.get(id).map(Vec::as_slice).unwrap_or(&[]);
                    terms.iter().zip(&people).all(|(term, found)| {
                        words.iter().any(|w| w.starts_with(term.as_str()))
                            || keys.iter().any(|k| found.binary_search(k).is_ok())
                    })
                })
                .collect();
            let total = matching.len() as u64;
            Ok((matching.into_iter().skip(offset as usize).take(limit as usize).collect::<Vec<_>>(), total))
        })?;
        let shown = rows.iter().map(|r| r.0.clone()).collect();
        self.audit_shown(who, "household_list", location_id.unwrap_or(""), shown)?;
        Ok((rows, total))
    }
}

/// Whether `who` may list households, narrowed this way: the same rule for
/// the plain list and the name search.
fn list_allowed(who: &Principal, location_id: Option<&str>, status: Option<HouseholdStatus>) -> Result<(), StoreError> {
    if !who.role.reads_people() {
        return Err(StoreError::Forbidden);
    }
    let mut inv = dugu_domain::Invalid::new();
    if location_id.is_some_and(|l| !who.scope.contains(l)) {
        inv.add("location_id", dugu_domain::Problem::Unknown);
    }
    if status.is_some() && !who.role.reads(dugu_domain::FieldGroup::Protection) {
        inv.add("status", dugu_domain::Problem::NotAllowed);
    }
    inv.into_result()?;
    Ok(())
}

/// The most words of a households search used (as for people).
const MAX_TERMS: usize = 5;

/// Households and their members: `dugu_commands::households`, each in one
/// write.
pub trait HouseholdWrites {
    /// Adds a member (see [`Tx::add_household_member`]).
    fn add_household_member(
        &self,
        who: &Principal,
        household_id: &str,
        person_id: &str,
        relationship: &str,
    ) -> Result<Household, StoreError>;
    /// Creates a household (see [`Tx::create_household`]).
    fn create_household(&self, who: &Principal, input: HouseholdInput) -> Result<Household, StoreError>;
}

impl HouseholdWrites for Store {
    fn add_household_member(
        &self,
        who: &Principal,
        household_id: &str,
        person_id: &str,
        relationship: &str,
    ) -> Result<Household, StoreError> {
        let (who, h, p, r) = (who.clone(), household_id.to_string(), person_id.to_string(), relationship.to_string());
        self.write(move |tx| tx.add_household_member(&who, &h, &p, &r))
    }
    fn create_household(&self, who: &Principal, input: HouseholdInput) -> Result<Household, StoreError> {
        let who = who.clone();
        self.write(move |tx| tx.create_household(&who, &input))
    }
}
