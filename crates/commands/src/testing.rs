//! A backend in memory for the commands' own tests: it answers the facts
//! it was given and keeps the ops it was handed, so a test sees what a
//! rule decided before anything reached a real store. What the store does
//! with ops is tested against real SQLite in dugu-storage.

use crate::school::{SchoolTx, SchoolYear};
use crate::vaccinations::VaccinationTx;
use crate::{Author, CommandError, Op, PersonFacts, WriteTx};
use dugu_domain::Role;
use std::cell::Cell;

/// An author with a role, seeing one location.
pub(crate) struct FakeAuthor {
    role: Role,
    location: String,
}

pub(crate) fn author(role: Role, location: &str) -> FakeAuthor {
    FakeAuthor { role, location: location.into() }
}

impl Author for FakeAuthor {
    fn user_id(&self) -> &str {
        "author"
    }
    fn role(&self) -> Role {
        self.role
    }
    fn sees(&self, location_id: &str) -> bool {
        self.location == location_id
    }
}

#[derive(Default)]
pub(crate) struct Fake {
    /// `(id, facts)`.
    pub(crate) people: Vec<(String, PersonFacts)>,
    /// `(id, person, year)`.
    pub(crate) school_years: Vec<(String, String, SchoolYear)>,
    /// `(person, dose)` given.
    pub(crate) given: Vec<(String, String)>,
    /// What `apply` was handed, in order.
    pub(crate) applied: Vec<Op>,
    /// How many facts were read.
    pub(crate) reads: Cell<usize>,
}

impl Fake {
    /// A backend holding one child, `child`, living at `location`.
    pub(crate) fn with_child(location: &str) -> Fake {
        let facts =
            PersonFacts { location_id: location.into(), birth_date: Some("2023-01-15".into()), sex: "F".into() };
        Fake { people: vec![("child".into(), facts)], ..Fake::default() }
    }

    fn read(&self) {
        self.reads.set(self.reads.get() + 1);
    }
}

impl WriteTx for Fake {
    type Author = FakeAuthor;

    fn apply(&mut self, _who: Option<&FakeAuthor>, ops: Vec<Op>) -> Result<(), CommandError> {
        self.applied.extend(ops);
        Ok(())
    }

    fn person(&self, id: &str) -> Result<Option<PersonFacts>, CommandError> {
        self.read();
        Ok(self.people.iter().find(|(i, _)| i == id).map(|(_, f)| f.clone()))
    }
}

impl SchoolTx for Fake {
    fn school_year(&self, person_id: &str, year: &str) -> Result<Option<(String, SchoolYear)>, CommandError> {
        self.read();
        Ok(self
            .school_years
            .iter()
            .find(|(_, p, y)| p == person_id && y.year == year)
            .map(|(id, _, y)| (id.clone(), y.clone())))
    }
}

impl VaccinationTx for Fake {
    fn dose_in_schedule(&self, dose: &str) -> Result<bool, CommandError> {
        self.read();
        Ok(["bcg", "penta1", "penta2"].contains(&dose))
    }

    fn dose_given(&self, person_id: &str, dose: &str) -> Result<bool, CommandError> {
        self.read();
        Ok(self.given.iter().any(|(p, d)| p == person_id && d == dose))
    }
}
