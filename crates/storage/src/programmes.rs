//! Programmes run at a location, and people enrolled in them.

use crate::oplog::Op;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError, new_id};
use dugu_domain::programme::ProgrammeKind;
use dugu_domain::{EntityKind, Invalid, Problem};
use rusqlite::{OptionalExtension, params};

/// A programme.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Programme {
    /// Id.
    pub id: String,
    /// Location.
    pub location_id: String,
    /// Kind code.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Start date.
    pub start_date: String,
    /// Target number of people, if any.
    pub target: Option<i64>,
}

/// A new programme.
#[derive(Debug, Clone)]
pub struct ProgrammeInput {
    /// Location id.
    pub location_id: String,
    /// Kind.
    pub kind: ProgrammeKind,
    /// Name.
    pub name: String,
    /// Start date, `YYYY-MM-DD`.
    pub start_date: String,
    /// Target.
    pub target: Option<i64>,
}

/// A person's enrolment in a programme.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Enrolment {
    /// Id.
    pub id: String,
    /// Programme.
    pub programme_id: String,
    /// Programme name.
    pub programme_name: String,
    /// Programme kind.
    pub programme_kind: String,
    /// Person.
    pub person_id: String,
    /// Since.
    pub start_date: String,
    /// Until, if ended.
    pub end_date: Option<String>,
}

impl Tx<'_> {
    /// Creates a programme (administrators, or the system when seeding).
    pub fn create_programme(
        &mut self,
        who: Option<&Principal>,
        input: &ProgrammeInput,
    ) -> Result<Programme, StoreError> {
        if who.is_some_and(|p| !p.role.administers()) {
            return Err(StoreError::Forbidden);
        }
        let mut inv = Invalid::new();
        let name =
            inv.check("name", dugu_domain::person::optional_text(&input.name).and_then(|n| n.ok_or(Problem::Required)));
        inv.check("start_date", dugu_domain::birth::parse_iso_date(&input.start_date));
        if input.target.is_some_and(|t| !(0..=10_000_000).contains(&t)) {
            inv.add("target", Problem::OutOfRange);
        }
        let exists: bool =
            self.conn.query_row("SELECT EXISTS(SELECT 1 FROM locations WHERE id = ?1)", [&input.location_id], |r| {
                r.get(0)
            })?;
        if !exists {
            inv.add("location_id", Problem::Unknown);
        }
        inv.clone().into_result()?;
        let Some(name) = name else {
            return Err(inv.into());
        };
        let id = new_id();
        let fields = vec![
            ("location_id", serde_json::json!(input.location_id)),
            ("kind", serde_json::json!(input.kind.code())),
            ("name", serde_json::json!(name)),
            ("start_date", serde_json::json!(input.start_date)),
            ("target", serde_json::json!(input.target)),
        ];
        self.apply(who, vec![Op::create(EntityKind::Programme, &id, fields)])?;
        Ok(Programme {
            id,
            location_id: input.location_id.clone(),
            kind: input.kind.code().into(),
            name,
            start_date: input.start_date.clone(),
            target: input.target,
        })
    }

    /// Enrols a person in scope in a programme of a location in scope.
    pub fn enrol(
        &mut self,
        who: &Principal,
        programme_id: &str,
        person_id: &str,
        start_date: &str,
    ) -> Result<Enrolment, StoreError> {
        if !who.role.writes_people() {
            return Err(StoreError::Forbidden);
        }
        let person_loc: Option<String> = self
            .conn
            .query_row("SELECT location_id FROM people WHERE id = ?1", [person_id], |r| r.get(0))
            .optional()?;
        if !person_loc.is_some_and(|l| who.scope.contains(&l)) {
            return Err(StoreError::NotFound);
        }
        let mut inv = Invalid::new();
        inv.check("start_date", dugu_domain::birth::parse_iso_date(start_date));
        let prog: Option<(String, String, String)> = self
            .conn
            .query_row("SELECT location_id, name, kind FROM programmes WHERE id = ?1", [programme_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let prog = prog.filter(|(l, _, _)| who.scope.contains(l));
        if prog.is_none() {
            inv.add("programme_id", Problem::Unknown);
        }
        inv.clone().into_result()?;
        let Some((_, programme_name, programme_kind)) = prog else {
            return Err(inv.into());
        };
        let id = new_id();
        let enrolled: bool = self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM enrolments WHERE programme_id = ?1 AND person_id = ?2 AND start_date = ?3)",
            params![programme_id, person_id, start_date],
            |r| r.get(0),
        )?;
        if enrolled {
            let mut inv = Invalid::new();
            inv.add("programme_id", Problem::Taken);
            return Err(inv.into());
        }
        let fields = vec![
            ("programme_id", serde_json::json!(programme_id)),
            ("person_id", serde_json::json!(person_id)),
            ("start_date", serde_json::json!(start_date)),
        ];
        self.apply(Some(who), vec![Op::create(EntityKind::Enrolment, &id, fields)])?;
        Ok(Enrolment {
            id,
            programme_id: programme_id.into(),
            programme_name,
            programme_kind,
            person_id: person_id.into(),
            start_date: start_date.into(),
            end_date: None,
        })
    }
}

impl Store {
    /// Programmes at locations in scope.
    pub fn programmes(&self, who: &Principal) -> Result<Vec<Programme>, StoreError> {
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
                    kind: r.get(2)?,
                    name: r.get(3)?,
                    start_date: r.get(4)?,
                    target: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// A person's enrolments in programmes in scope; a person out of scope
    /// is `NotFound`.
    pub fn enrolments_of(&self, who: &Principal, person_id: &str) -> Result<Vec<Enrolment>, StoreError> {
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
                        programme_kind: r.get(3)?,
                        person_id: r.get(4)?,
                        start_date: r.get(5)?,
                        end_date: r.get(6)?,
                    },
                    r.get::<_, String>(7)?,
                ))
            })?;
            let rows: Vec<_> = rows.collect::<Result<_, _>>()?;
            Ok(rows.into_iter().filter(|(_, l)| who.scope.contains(l)).map(|(e, _)| e).collect())
        })
    }

    /// Enrols (see [`Tx::enrol`]).
    pub fn enrol(
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
