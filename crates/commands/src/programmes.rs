//! Programmes run at a location, and people enrolled in them.

use crate::contract::Author;
use crate::{CommandError, Op, WriteTx, new_id};
use dugu_domain::programme::ProgrammeKind;
use dugu_domain::{EntityKind, Invalid, Problem};

/// A programme, its kind and day the domain's types (in JSON their codes
/// and `YYYY-MM-DD`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Programme {
    /// Id.
    pub id: String,
    /// Location.
    pub location_id: String,
    /// Kind.
    pub kind: ProgrammeKind,
    /// Name.
    pub name: String,
    /// Start date.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub start_date: time::Date,
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
    pub programme_kind: ProgrammeKind,
    /// Person.
    pub person_id: String,
    /// Since.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub start_date: time::Date,
    /// Until, if ended.
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    pub end_date: Option<time::Date>,
}

/// What an enrolment needs to know of its programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeFacts {
    /// Where it runs: what scope is checked against.
    pub location_id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: ProgrammeKind,
}

/// The facts the programme commands read.
pub trait ProgrammeTx: WriteTx {
    /// The programme, if it exists.
    fn programme(&self, programme_id: &str) -> Result<Option<ProgrammeFacts>, CommandError>;
    /// Whether the person is already enrolled in the programme from
    /// `start_date`.
    fn enrolled(&self, programme_id: &str, person_id: &str, start_date: &str) -> Result<bool, CommandError>;
}

/// Creates a programme (administrators, or the system when seeding:
/// `who` is `None`).
pub fn create_programme<T: ProgrammeTx + ?Sized>(
    tx: &mut T,
    who: Option<&T::Author>,
    input: &ProgrammeInput,
) -> Result<Programme, CommandError> {
    if who.is_some_and(|p| !p.role().administers()) {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    let name =
        inv.check("name", dugu_domain::person::optional_text(&input.name).and_then(|n| n.ok_or(Problem::Required)));
    let start_date = inv.check("start_date", dugu_domain::birth::parse_iso_date(&input.start_date));
    if input.target.is_some_and(|t| !(0..=10_000_000).contains(&t)) {
        inv.add("target", Problem::OutOfRange);
    }
    if !tx.location_exists(&input.location_id)? {
        inv.add("location_id", Problem::Unknown);
    }
    inv.clone().into_result()?;
    let (Some(name), Some(start_date)) = (name, start_date) else {
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
    tx.apply(who, vec![Op::create(EntityKind::Programme, &id, fields)])?;
    Ok(Programme {
        id,
        location_id: input.location_id.clone(),
        kind: input.kind,
        name,
        start_date,
        target: input.target,
    })
}

/// Enrols a person in scope in a programme of a location in scope.
pub fn enrol<T: ProgrammeTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    programme_id: &str,
    person_id: &str,
    start_date: &str,
) -> Result<Enrolment, CommandError> {
    if !who.role().writes_people() {
        return Err(CommandError::Forbidden);
    }
    if !tx.person(person_id)?.is_some_and(|p| who.sees(&p.location_id)) {
        return Err(CommandError::NotFound);
    }
    let mut inv = Invalid::new();
    let start = inv.check("start_date", dugu_domain::birth::parse_iso_date(start_date));
    let prog = tx.programme(programme_id)?.filter(|p| who.sees(&p.location_id));
    if prog.is_none() {
        inv.add("programme_id", Problem::Unknown);
    }
    inv.clone().into_result()?;
    let (Some(prog), Some(start)) = (prog, start) else {
        return Err(inv.into());
    };
    let id = new_id();
    if tx.enrolled(programme_id, person_id, start_date)? {
        let mut inv = Invalid::new();
        inv.add("programme_id", Problem::Taken);
        return Err(inv.into());
    }
    let fields = vec![
        ("programme_id", serde_json::json!(programme_id)),
        ("person_id", serde_json::json!(person_id)),
        ("start_date", serde_json::json!(start_date)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::Enrolment, &id, fields)])?;
    Ok(Enrolment {
        id,
        programme_id: programme_id.into(),
        programme_name: prog.name,
        programme_kind: prog.kind,
        person_id: person_id.into(),
        start_date: start,
        end_date: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fake, author};
    use dugu_domain::Role;

    #[test]
    fn a_programme_out_of_scope_is_unknown() {
        let mut tx = Fake::with_child("kita");
        let facts =
            ProgrammeFacts { location_id: "mopti".into(), name: "Garderie".into(), kind: ProgrammeKind::Kindergarten };
        tx.programmes.push(("programme".into(), facts));
        let worker = author(Role::SocialWorker, "kita");
        let Err(CommandError::Invalid(inv)) = enrol(&mut tx, &worker, "programme", "child", "2025-01-06") else {
            panic!("an enrolment in a programme out of scope was accepted");
        };
        assert_eq!(inv.of("programme_id"), Some(Problem::Unknown));
        assert!(tx.applied.is_empty());
    }

    #[test]
    fn only_administrators_create_programmes() {
        let mut tx = Fake::default();
        let director = author(Role::LocationDirector, "kita");
        let input = ProgrammeInput {
            location_id: "kita".into(),
            kind: ProgrammeKind::ALL[0],
            name: "Garderie".into(),
            start_date: "2025-01-06".into(),
            target: None,
        };
        assert!(matches!(create_programme(&mut tx, Some(&director), &input), Err(CommandError::Forbidden)));
        assert_eq!(tx.reads.get(), 0, "refused before reading anything");
    }
}
