//! People: create, read, change — always within the caller's scope, with
//! field groups the caller's role may not see left out, every change
//! recorded per field in the change log and every view and change audited.
//! The rules are `dugu_commands::people`'s; this module answers their
//! facts (`PeopleTx`), numbers records, and reads.

use crate::contract::fact;
use crate::writer::Tx;
use crate::{AuditAction, Principal, Store, StoreError, now_millis};
use dugu_commands::people::{CheckedPerson, PeopleTx};
use dugu_commands::{CommandError, people};
use dugu_domain::FieldGroup;
use rusqlite::OptionalExtension;
use std::collections::HashMap;
use time::Date;

// The record and its inputs are the commands' types; re-exported so
// `dugu_storage::Person` keeps naming them.
pub use dugu_commands::people::{Person, PersonFields, PersonInput, PersonPatch};

/// A new person checked outside the writer ([`CheckedPerson`], on today's
/// date), so validation and folding cost nothing on the write path.
#[derive(Debug, Clone)]
pub struct PreparedPerson(CheckedPerson);

impl PreparedPerson {
    /// Checks `input` for `who` (see [`CheckedPerson::new`]).
    pub fn new(who: &Principal, input: &PersonInput) -> Result<PreparedPerson, StoreError> {
        Ok(PreparedPerson(CheckedPerson::new(who, input, today())?))
    }
}

impl AsRef<CheckedPerson> for PreparedPerson {
    fn as_ref(&self) -> &CheckedPerson {
        &self.0
    }
}

/// Today's date (UTC).
pub(crate) fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

/// Whether `location_id` exists and is in scope; out of scope looks the
/// same as unknown.
pub(crate) fn location_in_scope(
    conn: &rusqlite::Connection,
    who: &Principal,
    location_id: &str,
) -> Result<bool, StoreError> {
    let exists: bool = conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM locations WHERE id = ?1)")?
        .query_row([location_id], |r| r.get(0))?;
    Ok(exists && who.scope.contains(location_id))
}

/// The columns every person query reads, in `read_row`'s order.
macro_rules! person_columns {
    () => {
        "id, record_number, location_id, given_name, family_name, other_names, sex, birth_date, birth_date_precision, national_id, birth_certificate, phone, address, medical_notes, protection_notes, created_at, updated_at"
    };
}

/// One person by id.
const SELECT_PERSON: &str = concat!("SELECT ", person_columns!(), " FROM people WHERE id = ?1");

fn read_row(r: &rusqlite::Row<'_>, groups: &[FieldGroup]) -> rusqlite::Result<Person> {
    let sees = |g: FieldGroup| groups.contains(&g);
    let other: String = r.get(5)?;
    Ok(Person {
        id: r.get(0)?,
        record_number: r.get(1)?,
        location_id: r.get(2)?,
        given_name: r.get(3)?,
        family_name: r.get(4)?,
        other_names: other.lines().filter(|l| !l.is_empty()).map(str::to_string).collect(),
        sex: crate::decode::sex(r, 6)?,
        birth_date: crate::decode::opt_date(r, 7)?,
        birth_date_precision: crate::decode::opt_precision(r, 8)?,
        national_id: r.get(9)?,
        birth_certificate: r.get(10)?,
        phone: if sees(FieldGroup::Contact) { r.get(11)? } else { None },
        address: if sees(FieldGroup::Contact) { r.get(12)? } else { None },
        medical_notes: if sees(FieldGroup::Medical) { r.get(13)? } else { None },
        protection_notes: if sees(FieldGroup::Protection) { r.get(14)? } else { None },
        groups: groups.to_vec(),
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
    })
}

impl Tx<'_> {
    /// Creates a person at a location in `who`'s scope.
    pub fn create_person(&mut self, who: &Principal, input: &PersonInput) -> Result<Person, StoreError> {
        let prepared = PreparedPerson::new(who, input)?;
        let (id, record_number, now) = self.insert_prepared(who, &prepared)?;
        Ok(prepared.0.into_person(who, id, record_number, now))
    }

    /// Writes a person checked by [`PreparedPerson::new`]
    /// ([`people::create_people`] of one). Returns `(id, record number,
    /// time)`.
    pub fn insert_prepared(
        &mut self,
        who: &Principal,
        p: &PreparedPerson,
    ) -> Result<(String, String, i64), StoreError> {
        let mut made = people::create_people(self, who, std::slice::from_ref(p))?;
        let (id, record_number) = made.pop().ok_or_else(|| StoreError::Integrity("a person not made".into()))?;
        Ok((id, record_number, now_millis()))
    }

    /// Writes many people checked by [`PreparedPerson::new`] as one
    /// [`Tx::apply`] ([`people::create_people`]): what
    /// [`Tx::insert_prepared`] person by person would write, with each
    /// location asked once and each site's record numbers taken as one
    /// range. Returns the ids, in order.
    pub fn insert_people(&mut self, who: &Principal, people: &[PreparedPerson]) -> Result<Vec<String>, StoreError> {
        Ok(people::create_people(self, who, people)?.into_iter().map(|(id, _)| id).collect())
    }

    /// Reads a person in scope without auditing (the write that produced it
    /// is audited already).
    fn person_unaudited(&self, who: &Principal, id: &str) -> Result<Option<Person>, StoreError> {
        let groups = who.role.readable_groups();
        let p = self.conn.prepare_cached(SELECT_PERSON)?.query_row([id], |r| read_row(r, groups)).optional()?;
        Ok(p.filter(|p| who.scope.contains(&p.location_id)))
    }

    /// Applies a patch to a person in scope ([`people::update_person`]);
    /// only changed fields are written, logged and audited.
    pub fn update_person(&mut self, who: &Principal, id: &str, patch: &PersonPatch) -> Result<Person, StoreError> {
        people::update_person(self, who, id, patch, today())?;
        self.person_unaudited(who, id)?.ok_or(StoreError::NotFound)
    }
}

impl PeopleTx for Tx<'_> {
    fn record_numbers(&mut self, location_ids: &[&str]) -> Result<Vec<String>, CommandError> {
        fact(|| {
            // Each location's site once; each site's numbers as one range,
            // in the order its people come.
            let mut sites: HashMap<&str, (String, String)> = HashMap::new();
            let mut wanted: HashMap<String, u64> = HashMap::new();
            for &location in location_ids {
                if !sites.contains_key(location) {
                    sites.insert(location, self.record_site(location)?);
                }
                if let Some((site, _)) = sites.get(location) {
                    *wanted.entry(site.clone()).or_default() += 1;
                }
            }
            let mut next: HashMap<String, u64> = HashMap::new();
            for (site, n) in wanted {
                let first = self.take_record_numbers(&site, n)?;
                next.insert(site, first);
            }
            let mut numbers = Vec::with_capacity(location_ids.len());
            for location in location_ids {
                let (site, code) =
                    sites.get(location).ok_or_else(|| StoreError::Integrity("a location without its site".into()))?;
                let number =
                    next.get_mut(site).ok_or_else(|| StoreError::Integrity("a site without numbers".into()))?;
                numbers.push(dugu_domain::record_number::format(code, *number));
                *number += 1;
            }
            Ok(numbers)
        })
    }

    fn person_record(&self, id: &str) -> Result<Option<Person>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(SELECT_PERSON)?
                .query_row([id], |r| read_row(r, &FieldGroup::ALL))
                .optional()?)
        })
    }
}

impl Store {
    /// Creates many people in one transaction: all or none. Returns their ids.
    pub fn create_people(&self, who: &Principal, inputs: &[PersonInput]) -> Result<Vec<String>, StoreError> {
        let prepared = inputs.iter().map(|i| PreparedPerson::new(who, i)).collect::<Result<Vec<_>, _>>()?;
        let w = who.clone();
        self.write(move |tx| tx.insert_people(&w, &prepared))
    }
}

/// A person's record and the records a number names, as a reader in scope may see them.
pub trait PeopleReads {
    /// Reads a person in `who`'s scope and audits the view. Out of scope,
    /// unknown, or a role without access to people: `NotFound`.
    fn view_person(&self, who: &Principal, id: &str) -> Result<Person, StoreError>;

    /// The id of the person with this record number, if in scope.
    fn person_by_record_number(&self, who: &Principal, record_number: &str) -> Result<Option<String>, StoreError>;

    /// The id of the household with this record number, if in scope (the
    /// relief desk finds a household by the number printed on its card).
    fn household_by_record_number(&self, who: &Principal, record_number: &str) -> Result<Option<String>, StoreError>;
}

impl PeopleReads for Store {
    fn view_person(&self, who: &Principal, id: &str) -> Result<Person, StoreError> {
        if !who.role.reads_people() {
            return Err(StoreError::NotFound);
        }
        let groups = who.role.readable_groups();
        let person =
            self.read(|c| Ok(c.prepare_cached(SELECT_PERSON)?.query_row([id], |r| read_row(r, groups)).optional()?))?;
        let person = person.filter(|p| who.scope.contains(&p.location_id)).ok_or(StoreError::NotFound)?;
        let (who2, id2) = (who.clone(), person.id.clone());
        self.write(move |tx| tx.audit(Some(&who2), AuditAction::View, "person", &id2, &[]))?;
        Ok(person)
    }

    fn person_by_record_number(&self, who: &Principal, record_number: &str) -> Result<Option<String>, StoreError> {
        if !who.role.reads_people() {
            return Ok(None);
        }
        let found: Option<(String, String)> = self.read(|c| {
            Ok(c.prepare_cached("SELECT id, location_id FROM people WHERE record_number = ?1")?
                .query_row([record_number.trim().to_uppercase()], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?)
        })?;
        Ok(found.filter(|(_, l)| who.scope.contains(l)).map(|(id, _)| id))
    }

    fn household_by_record_number(&self, who: &Principal, record_number: &str) -> Result<Option<String>, StoreError> {
        if !who.role.reads_people() {
            return Ok(None);
        }
        let found: Option<(String, String)> = self.read(|c| {
            Ok(c.prepare_cached("SELECT id, location_id FROM households WHERE record_number = ?1")?
                .query_row([record_number.trim().to_uppercase()], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?)
        })?;
        Ok(found.filter(|(_, l)| who.scope.contains(l)).map(|(id, _)| id))
    }
}

/// Registering and changing people: the commands of `dugu_commands::people`,
/// each in one write. What a second backend implements besides the reads.
pub trait PeopleWrites {
    /// Creates a person (see [`Tx::create_person`]); the checks run on the
    /// caller's thread, only the writes on the writer's.
    fn create_person(&self, who: &Principal, input: PersonInput) -> Result<Person, StoreError>;
    /// Updates a person (see [`Tx::update_person`]).
    fn update_person(&self, who: &Principal, id: &str, patch: PersonPatch) -> Result<Person, StoreError>;
}

impl PeopleWrites for Store {
    fn create_person(&self, who: &Principal, input: PersonInput) -> Result<Person, StoreError> {
        let prepared = PreparedPerson::new(who, &input)?;
        let (w, p) = (who.clone(), prepared.clone());
        let (id, record_number, now) = self.write(move |tx| tx.insert_prepared(&w, &p))?;
        Ok(prepared.0.into_person(who, id, record_number, now))
    }
    fn update_person(&self, who: &Principal, id: &str, patch: PersonPatch) -> Result<Person, StoreError> {
        let (who, id) = (who.clone(), id.to_string());
        self.write(move |tx| tx.update_person(&who, &id, &patch))
    }
}
