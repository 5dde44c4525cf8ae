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
