//! `apply`'s own check, the same on every backend: whatever a command
//! checked first, an op is stored only if its author's role may do the
//! kind's action (the role × action table) and write every field's group
//! (the registry's one table). A backend's `apply` calls [`authorize`] on
//! each op before it stores anything, so a second backend runs the very
//! same rule instead of a copy of it.

use crate::{Author, Change, CommandError, Op};
use dugu_domain::{EntityKind, FieldGroup, Invalid, Problem};

/// Whether `who` (`None`: the system itself, at first start or seeding)
/// may write `op`: the kind's action, then every field's group; removing
/// a record that holds protection data is a protection write. The field
/// that places a record bound to a place is never set after its creation:
/// `Invalid`, naming it (`Problem::Fixed`). A field the
/// registry does not know is a broken command, not a refusal: a
/// `Backend` error naming the kind and field (never a value).
pub fn authorize<A: Author + ?Sized>(who: Option<&A>, op: &Op) -> Result<(), CommandError> {
    // Whoever writes, the system too: a record bound to a place never
    // changes place (`EntityKind::placed_by` says why).
    if let Change::Set(field, _) = &op.change
        && op.kind.placed_by() == Some(*field)
    {
        let mut invalid = Invalid::new();
        invalid.add(field, Problem::Fixed);
        return Err(invalid.into());
    }
    let Some(p) = who else { return Ok(()) };
    let role = p.role();
    if !role.may(op.kind.write_action()) {
        return Err(CommandError::Forbidden);
    }
    for name in op.fields() {
        let def = op.kind.field(name).ok_or_else(|| unknown_field(op.kind, name))?;
        if let Some(g) = def.group
            && !role.writes(g)
        {
            return Err(CommandError::Forbidden);
        }
    }
    if op.change == Change::Tombstone
        && op.kind.fields().iter().any(|f| f.group == Some(FieldGroup::Protection))
        && !role.writes(FieldGroup::Protection)
    {
        return Err(CommandError::Forbidden);
    }
    Ok(())
}

/// A field the registry does not know, as a backend failure.
#[derive(Debug, thiserror::Error)]
#[error("{kind} has no field {field}")]
struct UnknownField {
    kind: &'static str,
    field: &'static str,
}

fn unknown_field(kind: EntityKind, field: &'static str) -> CommandError {
    CommandError::Backend(Box::new(UnknownField { kind: kind.name(), field }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::author;
    use dugu_domain::Role;
    use serde_json::json;

    #[test]
    fn the_system_writes_anything() {
        let op = Op::set(EntityKind::Person, "p", "protection_notes", json!("x"));
        assert!(authorize::<crate::testing::FakeAuthor>(None, &op).is_ok());
    }

    #[test]
    fn a_role_without_the_fields_group_is_forbidden() {
        let op = Op::set(EntityKind::Person, "p", "protection_notes", json!("x"));
        assert!(matches!(authorize(Some(&author(Role::Nurse, "kita")), &op), Err(CommandError::Forbidden)));
        assert!(authorize(Some(&author(Role::SocialWorker, "kita")), &op).is_ok());
        let medical = Op::set(EntityKind::Person, "p", "medical_notes", json!("x"));
        assert!(matches!(authorize(Some(&author(Role::SocialWorker, "kita")), &medical), Err(CommandError::Forbidden)));
    }

    #[test]
    fn a_role_without_the_kinds_action_is_forbidden() {
        let op = Op::set(EntityKind::Person, "p", "given_name", json!("Awa"));
        assert!(matches!(authorize(Some(&author(Role::Fundraiser, "kita")), &op), Err(CommandError::Forbidden)));
        assert!(matches!(authorize(Some(&author(Role::Administrator, "kita")), &op), Err(CommandError::Forbidden)));
    }

    #[test]
    fn a_house_or_a_group_never_changes_place_whoever_asks() {
        let director = author(Role::LocationDirector, "kita");
        for (kind, field) in [
            (EntityKind::House, "location_id"),
            (EntityKind::CareGroup, "location_id"),
            (EntityKind::Register, "group_id"),
            (EntityKind::StockMovement, "site_id"),
        ] {
            let op = Op::set(kind, "x", field, json!("socoura"));
            for e in [authorize(Some(&director), &op), authorize::<crate::testing::FakeAuthor>(None, &op)] {
                match e {
                    Err(CommandError::Invalid(inv)) => assert_eq!(inv.of(field), Some(Problem::Fixed), "{kind:?}"),
                    other => panic!("{kind:?}.{field} changed: {other:?}"),
                }
            }
        }
        // Made in its place, and its other fields changed, as before.
        let made = Op::create(EntityKind::House, "x", vec![("location_id", json!("kita")), ("name", json!("A"))]);
        assert!(authorize(Some(&director), &made).is_ok());
        assert!(authorize(Some(&director), &Op::set(EntityKind::House, "x", "name", json!("B"))).is_ok());
    }

    #[test]
    fn an_unknown_field_is_a_backend_error() {
        let op = Op::set(EntityKind::Person, "p", "favourite_colour", json!("x"));
        let e = authorize(Some(&author(Role::LocationDirector, "kita")), &op);
        assert!(matches!(&e, Err(CommandError::Backend(b)) if b.to_string() == "person has no field favourite_colour"));
    }
}
