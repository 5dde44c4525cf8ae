//! The scope invariant, on the demo: every public read of the store that
//! returns people or what is attached to them (the list in
//! `scope_reads.rs`), called as every demo account on every person,
//! household, group and location of the demo, returns nothing outside the
//! account's scope — out of scope is `NotFound` for a record — and no field
//! group the account's role may not read.
//!
//! One test, over one demo (seeding it is most of the time): `harness`
//! seeds it and holds the oracle of who may see what, each other module
//! checks one capability's reads.

mod care;
mod family;
mod harness;
mod medical;
mod people;
mod relief;
mod sync;

use crate::scope_reads::PEOPLE_READS;
use dugu_domain::Role;
use harness::{Account, Demo, Seen};
use std::collections::HashSet;

/// Each capability's reads, as one account.
const CAPABILITIES: [fn(&Demo, &Account, &mut Seen); 6] =
    [relief::reads, sync::reads, people::reads, medical::reads, care::reads, family::reads];

#[test]
fn every_read_keeps_to_scope_and_field_groups() {
    let d = harness::demo();
    assert!(d.people.len() > 500, "the demo's people ({})", d.people.len());
    let roles: HashSet<Role> = d.accounts.iter().map(|a| a.user.role).collect();
    assert_eq!(roles.len(), Role::ALL.len(), "every role has a demo account");
    let mut seen = Seen::default();
    for a in &d.accounts {
        for reads in CAPABILITIES {
            reads(&d, a, &mut seen);
        }
    }
    for read in PEOPLE_READS {
        assert!(seen.0.get(read).is_some_and(|n| *n > 0), "{read} was never seen returning anything");
    }
}
