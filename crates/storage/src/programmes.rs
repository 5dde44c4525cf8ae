//! Programmes run at a location, and people enrolled in them.

use crate::contract::fact;
use crate::decode;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::programmes::{ProgrammeFacts, ProgrammeTx};
use rusqlite::{OptionalExtension, params};

pub use dugu_commands::programmes::{Enrolment, Programme, ProgrammeInput};

impl Tx<'_> {
    /// Creates a programme (the command:
    /// [`dugu_commands::programmes::create_programme`]).
    pub fn create_programme(
        &mut self,
        who: Option<&Principal>,
        input: &ProgrammeInput,
    ) -> Result<Programme, StoreError> {
        Ok(dugu_commands::programmes::create_programme(self, who, input)?)
    }

    /// Enrols a person in scope in a programme of a location in scope (the
    /// command: [`dugu_commands::programmes::enrol`]).
    pub fn enrol(
        &mut self,
        who: &Principal,
        programme_id: &str,
        person_id: &str,
        start_date: &str,
    ) -> Result<Enrolment, StoreError> {
        Ok(dugu_commands::programmes::enrol(self, who, programme_id, person_id, start_date)?)
    }
}

impl ProgrammeTx for Tx<'_> {
    fn programme(&self, programme_id: &str) -> Result<Option<ProgrammeFacts>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT location_id, name, kind FROM programmes WHERE id = ?1")?
                .query_row([programme_id], |r| {
                    Ok(ProgrammeFacts { location_id: r.get(0)?, name: r.get(1)?, kind: decode::programme_kind(r, 2)? })
                })
                .optional()?)
        })
    }

    fn enrolled(&self, programme_id: &str, person_id: &str, start_date: &str) -> Result<bool, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT EXISTS(SELECT 1 FROM enrolments WHERE programme_id = ?1 AND person_id = ?2
                                   AND start_date = ?3)",
                )?
                .query_row(params![programme_id, person_id, start_date], |r| r.get(0))?)
        })
    }
}

/// Programmes and a person's enrolments in them.
pub trait ProgrammeReads {
    /// Programmes at locations in scope.
    fn programmes(&self, who: &Principal) -> Result<Vec<Programme>, StoreError>;

    /// A person's enrolments in programmes in scope; a person out of scope
    /// is `NotFound`.
    fn enrolments_of(&self, who: &Principal, person_id: &str) -> Result<Vec<Enrolment>, StoreError>;
}

impl ProgrammeReads for Store {
    fn programmes(&self, who: &Principal) -> Result<Vec<Programme>, StoreError> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, location_id, kind, name, start_date, target FROM programmes
                 WHERE ?2 = 1 OR location_id IN rarray(?1) ORDER BY name",
            )?;
            let (all, ids) = who.scope.sql();
            let rows = st.query_map(params![ids, all], |r| {
                Ok(Programme {
                    id: r.get(0)?,
                    location_id: r.get(1)?,
                    kind: decode::programme_kind(r, 2)?,
                    name: r.get(3)?,
                    start_date: decode::date(r, 4)?,
                    target: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn enrolments_of(&self, who: &Principal, person_id: &str) -> Result<Vec<Enrolment>, StoreError> {
        self.read(|c| {
            who.may_see_person(c, person_id)?;
            let mut st = c.prepare_cached(
                "SELECT e.id, e.programme_id, p.name, p.kind, e.person_id, e.start_date, e.end_date, p.location_id
                 FROM enrolments e JOIN programmes p ON p.id = e.programme_id WHERE e.person_id = ?1 ORDER BY e.start_date",
            )?;
            let rows = st.query_map([person_id], |r| {
                Ok((
                    Enrolment {
                        id: r.get(0)?,
                        programme_id: r.get(1)?,
                        programme_name: r.get(2)?,
                        programme_kind: decode::programme_kind(r, 3)?,
                        person_id: r.get(4)?,
                        start_date: decode::date(r, 5)?,
                        end_date: decode::opt_date(r, 6)?,
                    },
                    r.get::<_, String>(7)?,
                ))
            })?;
            let rows: Vec<_> = rows.collect::<Result<_, _>>()?;
            Ok(rows.into_iter().filter(|(_, l)| who.scope.contains(l)).map(|(e, _)| e).collect())
        })
    }
}

/// Enrolment in a programme: `dugu_commands::programmes`, in one write.
pub trait ProgrammeWrites {
    /// Enrols (see [`Tx::enrol`]).
    fn enrol(
        &self,
        who: &Principal,
        programme_id: &str,
        person_id: &str,
        start_date: &str,
    ) -> Result<Enrolment, StoreError>;
}

impl ProgrammeWrites for Store {
    fn enrol(
        &self,
        who: &Principal,
        programme_id: &str,
        person_id: &str,
        start_date: &str,
    ) -> Result<Enrolment, StoreError> {
        let (who, pr, pe, sd) = (who.clone(), programme_id.to_string(), person_id.to_string(), start_date.to_string());
        self.write(move |tx| tx.enrol(&who, &pr, &pe, &sd))
    }
}
