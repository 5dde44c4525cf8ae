//! The storage contract: what a backend implements so that commands can
//! run on it. It is narrow on purpose — `apply` plus the few facts a
//! command reads before it decides — and holds no rule: facts come back
//! with the location they belong to whoever asks, and the command, not
//! the backend, decides whether the author may see and change them.
//! Each capability adds its facts in a trait of its own (e.g.
//! [`crate::vaccinations::VaccinationTx`]).

use crate::{CommandError, Op};
use dugu_domain::Role;

/// Who makes a command, as a backend knows them. Only the backend makes
/// one (from a signed-in account), so a command cannot be run for a role
/// or scope nobody was given.
pub trait Author {
    /// The account's id (what a record names as its assessor, visitor…).
    fn user_id(&self) -> &str;
    /// The role.
    fn role(&self) -> Role;
    /// Whether `location_id` is inside the author's scope.
    fn sees(&self, location_id: &str) -> bool;
}

/// A write in progress on a backend: one transaction (or savepoint) that
/// a command's ops land in together or not at all.
pub trait WriteTx {
    /// Who writes, as this backend represents them.
    type Author: Author;

    /// Stores `ops` (`who`: `None` for the system itself, at first start
    /// or seeding): checks the author's role may do each kind's action
    /// and write each field's group (the registry's table), stamps and
    /// logs each op, updates the tables that are read and their derived
    /// data, and appends the audit entries.
    fn apply(&mut self, who: Option<&Self::Author>, ops: Vec<Op>) -> Result<(), CommandError>;

    /// [`WriteTx::apply`] for a command that writes many records of one
    /// kind at once (a cycle's entitlements for a whole programme): the
    /// same checks, log and tables, but one audit entry for the command,
    /// naming what it was done to and indexing every record it touched,
    /// instead of one entry per record. The ops keep each record's author.
    /// The ops are taken one at a time, as the iterator makes them.
    fn apply_batch(
        &mut self,
        who: Option<&Self::Author>,
        ops: &mut dyn Iterator<Item = Op>,
        audit: BatchAudit<'_>,
    ) -> Result<(), CommandError>;

    /// A person's facts, wherever they live (`None`: no such person).
    fn person(&self, id: &str) -> Result<Option<PersonFacts>, CommandError>;

    /// A household's location, wherever it is (`None`: no such household).
    fn household_location(&self, id: &str) -> Result<Option<String>, CommandError>;

    /// Whether the location exists.
    fn location_exists(&self, location_id: &str) -> Result<bool, CommandError>;
}

/// The one audit entry of a batch written by [`WriteTx::apply_batch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchAudit<'a> {
    /// The kind of record the command was done to (`relief_cycle`).
    pub record_type: &'a str,
    /// That record's id.
    pub record_id: &'a str,
    /// What was done to it (`entitlements`).
    pub fields: &'a [&'a str],
    /// The records the batch touched (households), each indexed so that
    /// "records touched by this user" finds them.
    pub touched: Vec<String>,
}

/// What commands need to know of a person before writing about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFacts {
    /// Where the person lives: what scope is checked against.
    pub location_id: String,
    /// Birth date (1 January when only the year is known); `None` if
    /// unknown.
    pub birth_date: Option<time::Date>,
    /// Sex.
    pub sex: dugu_domain::Sex,
}

/// The person `id`, if `who` may see them: the role reads people and the
/// person lives in scope. Otherwise `NotFound`, exactly as for a person
/// who does not exist.
pub fn person_in_scope<T: WriteTx + ?Sized>(tx: &T, who: &T::Author, id: &str) -> Result<PersonFacts, CommandError> {
    match tx.person(id)? {
        Some(p) if who.role().reads_people() && who.sees(&p.location_id) => Ok(p),
        _ => Err(CommandError::NotFound),
    }
}

/// The household `id`'s location, if `who` may see it; `NotFound`
/// otherwise, as for a household that does not exist.
pub fn household_in_scope<T: WriteTx + ?Sized>(tx: &T, who: &T::Author, id: &str) -> Result<String, CommandError> {
    tx.household_location(id)?.filter(|l| who.role().reads_people() && who.sees(l)).ok_or(CommandError::NotFound)
}
