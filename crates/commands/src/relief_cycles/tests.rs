//! The cycle commands' rules on a backend in memory; what the store does
//! with their ops, and the numbers of relief.md section 6, are tested
//! through the real server (`crates/web/tests/server/relief_cycles.rs`).

use super::*;
use crate::testing::{FakeAuthor, author};
use crate::{PersonFacts, WriteTx};
use dugu_domain::Role;

/// A programme at `mop` with two sites, households registered there, and
/// the ops handed to `apply`.
#[derive(Default)]
struct Desk {
    cycles: Vec<Cycle>,
    registered: Vec<Registered>,
    applied: Vec<Op>,
}

impl WriteTx for Desk {
    type Author = FakeAuthor;
    fn apply(&mut self, _who: Option<&FakeAuthor>, ops: Vec<Op>) -> Result<(), CommandError> {
        self.applied.extend(ops);
        Ok(())
    }

    fn apply_batch(
        &mut self,
        who: Option<&FakeAuthor>,
        ops: &mut dyn Iterator<Item = Op>,
        _audit: crate::BatchAudit<'_>,
    ) -> Result<(), CommandError> {
        self.apply(who, ops.collect())
    }
    fn person(&self, _id: &str) -> Result<Option<PersonFacts>, CommandError> {
        Ok(None)
    }
    fn household_location(&self, _id: &str) -> Result<Option<String>, CommandError> {
        Ok(None)
    }
    fn location_exists(&self, _id: &str) -> Result<bool, CommandError> {
        Ok(true)
    }
}

impl ReliefCyclesTx for Desk {
    fn programme_sites(&self, programme_id: &str) -> Result<Option<ProgrammeSites>, CommandError> {
        Ok((programme_id == "urgence")
            .then(|| ProgrammeSites { location_id: "mop".into(), sites: vec!["sev".into(), "bar".into()] }))
    }
    fn cycle(&self, cycle_id: &str) -> Result<Option<Cycle>, CommandError> {
        Ok(self.cycles.iter().find(|c| c.id == cycle_id).cloned())
    }
    fn previous_cycle(&self, _programme_id: &str, _start: Date) -> Result<Option<Cycle>, CommandError> {
        Ok(None)
    }
    fn registered(&self, _programme_id: &str, _site_ids: &[String]) -> Result<Vec<Registered>, CommandError> {
        Ok(self.registered.clone())
    }
    fn held(&self, cycle_id: &str) -> Result<Vec<Held>, CommandError> {
        Ok(self
            .applied
            .iter()
            .filter_map(|op| match &op.change {
                crate::Change::Create(f) if f.iter().any(|(n, v)| *n == "cycle_id" && v == cycle_id) => {
                    let get = |k: &str| f.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()).unwrap_or_default();
                    Some(Held {
                        household_id: get("household_id").as_str().unwrap_or_default().into(),
                        item: get("item").as_str().unwrap_or_default().into(),
                        carried_from: None,
                    })
                }
                _ => None,
            })
            .collect())
    }
    fn missed(&self, _cycle_id: &str) -> Result<Vec<Missed>, CommandError> {
        Ok(Vec::new())
    }
}

fn oil() -> ItemInput {
    ItemInput {
        item: "huile".into(),
        per_person: Some(750),
        unit: "ml".into(),
        cap: 10,
        rounding: "up".into(),
        step: Some(500),
        modality: "in_kind".into(),
        ..ItemInput::default()
    }
}

fn input() -> CycleInput {
    CycleInput {
        programme_id: "urgence".into(),
        name: "Cycle d'août".into(),
        start: "2026-08-01".into(),
        end: "2026-08-31".into(),
        items: vec![oil()],
        ..CycleInput::default()
    }
}

#[test]
fn only_supervisors_set_up_cycles_and_out_of_scope_is_unknown() {
    let mut desk = Desk::default();
    let officer = author(Role::ReliefOfficer, "mop");
    assert!(matches!(create_cycle(&mut desk, &officer, &input()), Err(CommandError::Forbidden)));
    let elsewhere = author(Role::ReliefSupervisor, "kita");
    let Err(CommandError::Invalid(inv)) = create_cycle(&mut desk, &elsewhere, &input()) else {
        panic!("a programme out of scope was accepted");
    };
    assert_eq!(inv.of("programme_id"), Some(Problem::Unknown));
    assert!(desk.applied.is_empty());
}

#[test]
fn every_problem_of_the_table_is_named_by_its_line_and_field() {
    let mut desk = Desk::default();
    let mut bad = input();
    bad.end = "2026-07-01".into();
    bad.items.push(ItemInput { item: "transfert".into(), per_household: Some(60_000), unit: "g".into(), ..oil() });
    bad.items.push(ItemInput { rounding: "sideways".into(), ..oil() });
    let Err(CommandError::Invalid(inv)) = create_cycle(&mut desk, &author(Role::ReliefSupervisor, "mop"), &bad) else {
        panic!("a bad table was accepted");
    };
    assert_eq!(inv.of("end"), Some(Problem::BeforeStart));
    assert_eq!(inv.of("items[1].per_household"), Some(Problem::NotAllowed), "per person and per household");
    assert_eq!(inv.of("items[2].rounding"), Some(Problem::NotAllowed));
    assert!(desk.applied.is_empty(), "nothing written");
}

#[test]
fn a_cycle_defaults_to_the_programmes_sites_and_moves_forward_only() {
    let mut desk = Desk::default();
    let supervisor = author(Role::ReliefSupervisor, "mop");
    let cycle = create_cycle(&mut desk, &supervisor, &input()).expect("created");
    assert_eq!(cycle.site_ids, ["sev", "bar"]);
    assert_eq!(cycle.status, "draft");
    desk.cycles.push(cycle.clone());
    assert!(matches!(set_cycle_status(&mut desk, &supervisor, &cycle.id, "closed"), Err(CommandError::Invalid(_))));
    let approved = set_cycle_status(&mut desk, &supervisor, &cycle.id, "approved").expect("approved");
    assert_eq!(approved.status, "approved");
}

#[test]
fn generation_lists_households_without_members_and_runs_again_to_nothing() {
    let mut desk = Desk::default();
    let supervisor = author(Role::ReliefSupervisor, "mop");
    let cycle = create_cycle(&mut desk, &supervisor, &input()).expect("created");
    desk.cycles.push(cycle.clone());
    desk.applied.clear();
    let household = |id: &str, size: u32| Registered {
        household_id: id.into(),
        site_id: "sev".into(),
        size,
        status: "idp".into(),
        arrival_date: "2026-06-01".into(),
    };
    desk.registered = vec![household("seven", 7), household("empty", 0)];
    let first = generate_entitlements(&mut desk, &supervisor, &cycle.id).expect("generated");
    assert_eq!(first.generated, 1);
    assert_eq!(first.exceptions, [("empty".to_string(), GenerationException::HouseholdSizeMissing)]);
    let again = generate_entitlements(&mut desk, &supervisor, &cycle.id).expect("again");
    assert_eq!((again.generated, again.exceptions.len()), (0, 1), "nothing new; the exception still listed");
    assert_eq!(desk.applied.len(), 1);
}
