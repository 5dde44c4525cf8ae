//! The check every read of something attached to a person or a household
//! (measurements, visits, doses, care, school years, enrolments, support…)
//! makes first, inside the store and on the same read connection: the
//! record must be the caller's to see. Out of scope is `NotFound`, exactly
//! like a missing id, so a caller that forgot to read the person first
//! still learns nothing.

use crate::{Principal, StoreError};
use rusqlite::{Connection, OptionalExtension};

impl Principal {
    /// `Ok` when the person exists, the role reads people and the person
    /// lives in scope; `NotFound` otherwise.
    pub(crate) fn may_see_person(&self, c: &Connection, person_id: &str) -> Result<(), StoreError> {
        let location: Option<String> = c
            .prepare_cached("SELECT location_id FROM people WHERE id = ?1")?
            .query_row([person_id], |r| r.get(0))
            .optional()?;
        self.may_see(location.as_deref())
    }

    /// The same for a household.
    pub(crate) fn may_see_household(&self, c: &Connection, household_id: &str) -> Result<(), StoreError> {
        let location: Option<String> = c
            .prepare_cached("SELECT location_id FROM households WHERE id = ?1")?
            .query_row([household_id], |r| r.get(0))
            .optional()?;
        self.may_see(location.as_deref())
    }
}
