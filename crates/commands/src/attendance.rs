//! Day-care and kindergarten groups and their daily register. A day's
//! register is one op (the children present and absent) written whole.

use crate::contract::Author;
use crate::{CommandError, Op, WriteTx, new_id};
use dugu_domain::care_group::GroupKind;
use dugu_domain::{EntityKind, Invalid, Problem};
use serde::Serialize;

/// A group of children.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CareGroup {
    /// Id.
    pub id: String,
    /// Location.
    pub location_id: String,
    /// Name ("Petite section").
    pub name: String,
    /// Day-care or kindergarten (`daycare`, `kindergarten` in JSON).
    pub kind: GroupKind,
    /// Children in it.
    pub members: i64,
}

/// The facts the attendance commands read.
pub trait AttendanceTx: WriteTx {
    /// The group's location, if the group exists.
    fn group_location(&self, group_id: &str) -> Result<Option<String>, CommandError>;
    /// Whether a group at `location_id` is already called `name`.
    fn group_name_taken(&self, location_id: &str, name: &str) -> Result<bool, CommandError>;
    /// The group's members (person ids).
    fn group_members(&self, group_id: &str) -> Result<Vec<String>, CommandError>;
    /// The id of the group's register of `day`, if it was taken.
    fn register_of(&self, group_id: &str, day: &str) -> Result<Option<String>, CommandError>;
}

/// The group's location, if `who` may see it; `NotFound` otherwise.
fn group_in_scope<T: AttendanceTx + ?Sized>(tx: &T, who: &T::Author, group_id: &str) -> Result<String, CommandError> {
    tx.group_location(group_id)?.filter(|l| who.role().reads_people() && who.sees(l)).ok_or(CommandError::NotFound)
}

/// Creates a group at a location in scope (the location's director).
pub fn create_group<T: AttendanceTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    location_id: &str,
    name: &str,
    kind: &str,
) -> Result<CareGroup, CommandError> {
    if !who.role().manages_village() {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    if !who.sees(location_id) {
        inv.add("location_id", Problem::Unknown);
    }
    let name = inv.check("name", dugu_domain::person::optional_text(name).and_then(|n| n.ok_or(Problem::Required)));
    let kind = inv.check("kind", GroupKind::parse(kind));
    inv.clone().into_result()?;
    let (Some(name), Some(kind)) = (name, kind) else { return Err(inv.into()) };
    if tx.group_name_taken(location_id, &name)? {
        let mut inv = Invalid::new();
        inv.add("name", Problem::Taken);
        return Err(inv.into());
    }
    let id = new_id();
    let fields = vec![
        ("location_id", serde_json::json!(location_id)),
        ("name", serde_json::json!(name)),
        ("kind", serde_json::json!(kind.code())),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::CareGroup, &id, fields)])?;
    Ok(CareGroup { id, location_id: location_id.into(), name, kind, members: 0 })
}

/// Adds a child in scope to a group, from a day.
pub fn add_to_group<T: AttendanceTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    group_id: &str,
    person_id: &str,
    from: &str,
) -> Result<(), CommandError> {
    group_in_scope(tx, who, group_id)?;
    if !who.role().writes_people() {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    if !tx.person(person_id)?.is_some_and(|p| who.sees(&p.location_id)) {
        inv.add("person_id", Problem::Unknown);
    }
    let from = inv.check("from_date", dugu_domain::birth::parse_iso_date(from.trim()).map(|d| d.to_string()));
    inv.clone().into_result()?;
    let Some(from) = from else { return Err(inv.into()) };
    if tx.group_members(group_id)?.iter().any(|m| m == person_id) {
        let mut inv = Invalid::new();
        inv.add("person_id", Problem::Taken);
        return Err(inv.into());
    }
    let fields = vec![
        ("group_id", serde_json::json!(group_id)),
        ("person_id", serde_json::json!(person_id)),
        ("from_date", serde_json::json!(from)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::GroupMember, &new_id(), fields)])
}

/// Saves a day's register: `present` are the children there; every other
/// member is absent. Ids that are not members are refused. The number of
/// members marked.
pub fn save_register<T: AttendanceTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    group_id: &str,
    day: &str,
    present: &[String],
    today: time::Date,
) -> Result<usize, CommandError> {
    group_in_scope(tx, who, group_id)?;
    if !who.role().writes_people() {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    let day = inv.check("day", dugu_domain::birth::event_date(day, today, None));
    let members = tx.group_members(group_id)?;
    if present.iter().any(|p| !members.contains(p)) {
        inv.add("present", Problem::Unknown);
    }
    inv.clone().into_result()?;
    let Some(day) = day else { return Err(inv.into()) };
    // Every member is marked: present 1, absent 0 (sorted by id, so the
    // same register is the same text wherever it is written).
    let mut sorted = members.clone();
    sorted.sort();
    let mut marks = serde_json::Map::new();
    for m in sorted {
        let here = i64::from(present.contains(&m));
        marks.insert(m, serde_json::json!(here));
    }
    let marks = serde_json::Value::Object(marks);
    let op = match tx.register_of(group_id, &day)? {
        Some(id) => Op::set(EntityKind::Register, &id, "marks", marks),
        None => Op::create(
            EntityKind::Register,
            &new_id(),
            vec![("group_id", serde_json::json!(group_id)), ("day", serde_json::json!(day)), ("marks", marks)],
        ),
    };
    tx.apply(Some(who), vec![op])?;
    Ok(members.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fake, author};
    use dugu_domain::Role;
    use time::macros::date;

    fn with_group(location: &str) -> Fake {
        let mut tx = Fake::with_child(location);
        tx.groups.push(("group".into(), location.into(), vec!["child".into()]));
        tx
    }

    #[test]
    fn a_group_out_of_scope_is_not_found() {
        let mut tx = with_group("mopti");
        let director = author(Role::LocationDirector, "kita");
        let r = save_register(&mut tx, &director, "group", "2025-06-01", &[], date!(2025 - 06 - 01));
        assert!(matches!(r, Err(CommandError::NotFound)));
    }

    #[test]
    fn a_register_marks_only_members() {
        let mut tx = with_group("kita");
        let director = author(Role::LocationDirector, "kita");
        let stranger = ["someone-else".to_string()];
        let Err(CommandError::Invalid(inv)) =
            save_register(&mut tx, &director, "group", "2025-06-01", &stranger, date!(2025 - 06 - 01))
        else {
            panic!("a register marked a child who is not in the group");
        };
        assert_eq!(inv.of("present"), Some(Problem::Unknown));
        assert!(tx.applied.is_empty());
    }

    #[test]
    fn a_register_marks_every_member_present_or_absent() {
        let mut tx = with_group("kita");
        tx.groups[0].2.push("other".into());
        let director = author(Role::LocationDirector, "kita");
        let marked = save_register(&mut tx, &director, "group", "2025-06-01", &["child".into()], date!(2025 - 06 - 01));
        assert_eq!(marked.expect("saved"), 2);
        let crate::Change::Create(fields) = &tx.applied[0].change else { panic!("not a creation") };
        let marks = fields.iter().find(|(n, _)| *n == "marks").map(|(_, v)| v.clone());
        assert_eq!(marks, Some(serde_json::json!({"child": 1, "other": 0})));
    }
}
