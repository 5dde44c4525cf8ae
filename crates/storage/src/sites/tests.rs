//! The scoped export names every kind of the registry: a kind it does not
//! name is never sent (it fails closed), so a new kind must be placed.

use super::export::SCOPED_OPS;
use dugu_domain::EntityKind;

#[test]
fn every_kind_has_its_scope_in_the_export() {
    for kind in EntityKind::ALL {
        assert!(SCOPED_OPS.contains(&format!("WHEN '{}' THEN", kind.name())), "{} has no scope rule", kind.name());
    }
}

/// A kind attached to a person or a household travels with it when it
/// moves: the history offered to the new site and the purge at the old
/// one name it; the others are reference data or bound to a place.
#[test]
fn every_kind_attached_to_a_root_moves_with_it() {
    const NOT_ATTACHED: &[&str] = &[
        "location",
        "programme",
        "vaccine_dose",
        "user",
        "role_request",
        "house",
        "care_group",
        "register",
        "relief_cycle",
        "stock_movement",
        "stock_reconciliation",
    ];
    for kind in EntityKind::ALL {
        let name = kind.name();
        if NOT_ATTACHED.contains(&name) || matches!(kind, EntityKind::Person | EntityKind::Household) {
            continue;
        }
        let table = crate::oplog::sql::table(*kind);
        assert!(super::offers::ROOT_HISTORY.contains(&format!("FROM {table} ")), "{name} is not offered with its root");
        assert!(super::purge::ATTACHED.contains(&format!("'{name}'")), "{name} is not purged with its root");
    }
}
