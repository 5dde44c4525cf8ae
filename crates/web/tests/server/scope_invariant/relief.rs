//! Relief: a household's relief page, the duplicate queue and the check
//! before saving, the desk's view and search, entitlements and their
//! receipts, farming households short before the harvest, conflicting
//! receipts, and the programme's reports — relief readers only, in scope,
//! supervisors for the queues. Also the relief the demo is given beyond
//! its seeding, so that these reads have something to show.

use super::harness::{Account, Demo, Seen, not_found, refused};
use dugu_domain::{EntityKind, FieldGroup};
use dugu_storage::reads::*;
use dugu_storage::writes::*;
use dugu_storage::{Principal, Store, StoreError};
use std::collections::HashMap;

pub(super) fn reads(d: &Demo, a: &Account, seen: &mut Seen) {
    registration_reads(d, a, seen);
    desk_reads(d, a, seen);
    cycle_reads(d, a, seen);
    report_reads(d, a, seen);
}

/// A displaced family of three as a relief officer registers it.
pub(super) fn displaced(store: &Store) -> dugu_storage::relief_registration::RegistrationInput {
    use dugu_storage::relief_registration::{MemberInput, RegistrationInput};
    let programme = store
        .inspect(
            "SELECT p.id FROM programmes p JOIN locations l ON l.id = p.location_id
              WHERE p.kind = 'emergency_relief' AND l.code = 'MOP'",
            &[],
        )
        .expect("read")
        .remove(0);
    let person = |given: &str, sex: &str, birth: &str, relationship: &str| MemberInput {
        person: dugu_storage::PersonInput {
            given_name: given.into(),
            family_name: "Guindo".into(),
            sex: sex.into(),
            birth_date: birth.into(),
            sent: vec!["given_name".into(), "family_name".into(), "sex".into()],
            ..Default::default()
        },
        relationship: relationship.into(),
        ..Default::default()
    };
    RegistrationInput {
        programme_id: programme,
        location_id: String::new(),
        arrival_date: "2026-01-10".into(),
        status: "idp".into(),
        reason: "conflict".into(),
        admin_pcode: "ML0506".into(),
        pcode_edition: "pre2023".into(),
        script_read: true,
        lawful_basis: "vital_interest".into(),
        head: person("Fatoumata", "F", "1988-04-02", "head"),
        members: vec![person("Hamadoun", "M", "2012-09-20", "child"), person("Aïssata", "F", "2015-01-11", "child")],
        ..Default::default()
    }
}

/// A household's relief page, the duplicate queue and the check before
/// saving: within scope, relief readers only, supervisors for the queue.
fn registration_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    for (id, location) in &d.households {
        match s.relief_household(who, id) {
            Ok(h) => {
                assert!(d.sees(a, location) && role.reads(FieldGroup::Relief), "{name}: relief_household");
                assert!(h.members.iter().all(|m| d.sees_person(a, &m.person_id)), "{name}: a member out of scope");
                seen.add("relief_household", 1);
            }
            r => not_found("relief_household", name, r),
        }
    }
    for programme in d.programmes.keys() {
        match s.duplicate_queue(who, programme, false) {
            Ok(rows) => {
                assert!(role.may(dugu_domain::Action::SuperviseRelief), "{name}: duplicate_queue");
                for p in &rows {
                    assert!(d.sees_person(a, &p.person_id) && d.sees_person(a, &p.other_person_id), "{name}: pair");
                    assert!(d.sees(a, &d.households[&p.other_household_id]), "{name}: pair's household");
                }
                seen.add("duplicate_queue", rows.len());
            }
            r => refused("duplicate_queue", name, r),
        }
    }
    let mut input = displaced(s);
    input.location_id = s.inspect("SELECT id FROM locations WHERE code = 'MOP-BAR'", &[]).expect("read").remove(0);
    match s.relief_duplicates(who, &input) {
        Ok(found) => {
            assert!(found.iter().all(|h| d.sees(a, &d.households[&h.household_id])), "{name}: relief_duplicates");
            seen.add("relief_duplicates", found.len());
        }
        r => refused("relief_duplicates", name, r),
    }
}

/// The desk's view of a household and its search: relief data, and the
/// households it names only in scope; the conflicting receipts queue.
fn desk_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    for (id, location) in &d.households {
        if !d.sees(a, location) {
            not_found("desk_household", name, s.desk_household(who, id, d.today));
            let registered = s.relief_registered(who, std::slice::from_ref(id)).expect("relief_registered");
            assert!(registered.is_empty(), "{name}: relief_registered out of scope");
            continue;
        }
        // Relief data: an answer (registered or not) for its readers only.
        let desk = s.desk_household(who, id, d.today).expect("desk_household");
        assert!(role.reads(FieldGroup::Relief) || desk.is_none(), "{name}: the desk's view is relief data");
        // The households it may be, or was found to be, are named only
        // when in scope.
        let named = desk.iter().flat_map(|h| h.likely_same_as.iter().chain(h.duplicate_of.iter().flatten()));
        for number in named {
            let place = s.inspect("SELECT location_id FROM households WHERE record_number = ?1", &[number]);
            assert!(d.sees(a, &place.expect("read")[0]), "{name}: desk names {number}, out of scope");
        }
        seen.add("desk_household", usize::from(role.reads(FieldGroup::Relief)));
        // The desk's search keeps, of the households asked, those in
        // scope and registered: never one out of scope.
        let registered = s.relief_registered(who, std::slice::from_ref(id)).expect("relief_registered");
        assert!(registered.is_empty() || (d.sees(a, location) && role.reads(FieldGroup::Relief)), "{name}");
        assert_eq!(registered.is_empty(), desk.is_none(), "{name}: relief_registered agrees with the desk");
        seen.add("relief_registered", registered.len());
    }
    // The conflicting receipts queue: supervisors of relief only, their
    // scope's households only (an answer, empty or not, counts as seen).
    match s.conflicting_receipts(who) {
        Ok(items) => {
            assert!(role.may(dugu_domain::Action::SuperviseRelief), "{name}: conflicting receipts");
            assert!(
                items.iter().all(|c| d.households.get(&c.household_id).is_some_and(|l| d.sees(a, l))),
                "{name}: a household out of scope"
            );
            seen.add("conflicting_receipts", 1);
        }
        r => refused("conflicting_receipts", name, r),
    }
}

/// A household's entitlements and their receipts, and the farming
/// households of a programme.
fn cycle_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    for (id, location) in &d.households {
        match s.entitlements_of(who, id, None) {
            Ok(items) => {
                assert!(d.sees(a, location) && role.reads(FieldGroup::Relief), "{name}: entitlements_of");
                assert!(items.iter().all(|e| &e.household_id == id), "{name}: another household's entitlements");
                seen.add("entitlements_of", items.len());
            }
            r if d.sees(a, location) => refused("entitlements_of", name, r),
            r => not_found("entitlements_of", name, r),
        }
        match s.relief_history(who, id) {
            Ok(lines) => {
                assert!(d.sees(a, location) && role.reads(FieldGroup::Relief), "{name}: relief_history");
                assert!(
                    lines.iter().all(|l| &l.entitlement.household_id == id),
                    "{name}: another household's entitlements"
                );
                // A collector is named only when they are in scope.
                for l in &lines {
                    if l.receipt.as_ref().is_some_and(|r| r.collector_name.is_some()) {
                        let place = s.inspect(
                            "SELECT p.location_id FROM receipts r JOIN people p ON p.id = r.collector_id
                              WHERE r.id = ?1",
                            &[l.receipt.as_ref().map(|r| r.first.id.as_str()).unwrap_or_default()],
                        );
                        assert!(d.sees(a, &place.expect("read")[0]), "{name}: a collector out of scope named");
                    }
                }
                seen.add("relief_history", lines.len());
            }
            r if d.sees(a, location) => refused("relief_history", name, r),
            r => not_found("relief_history", name, r),
        }
    }
    for (programme, location) in &d.programmes {
        match s.farm_shortfall(who, programme) {
            Ok(short) => {
                assert!(d.sees(a, location) && role.reads(FieldGroup::Relief), "{name}: farm_shortfall");
                assert!(
                    short.iter().all(|h| d.sees(a, &d.households[&h.household_id])),
                    "{name}: a farming household out of scope"
                );
                seen.add("farm_shortfall", short.len());
            }
            r => refused("farm_shortfall", name, r),
        }
    }
}

/// Relief's reports: a programme out of scope is `NotFound`, a role that
/// does not read relief data is refused, and no one counted or listed is
/// outside the scope.
fn report_reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    let name = a.user.username.as_str();
    for (programme, location) in &d.programmes {
        let served = s.relief_served(who, programme);
        let listed = s.relief_beneficiaries(who, programme, None, None);
        if !role.reads(FieldGroup::Relief) {
            assert!(matches!(served, Err(StoreError::Forbidden)), "{name}: relief_served {served:?}");
            assert!(matches!(listed, Err(StoreError::Forbidden)), "{name}: relief_beneficiaries");
            continue;
        }
        if !d.sees(a, location) {
            not_found("relief_served", name, served);
            not_found("relief_beneficiaries", name, listed);
            continue;
        }
        let served = served.expect("relief_served");
        assert!(served.members.iter().all(|m| d.sees_person(a, &m.person_id)), "{name}: relief_served");
        seen.add("relief_served", served.members.len());
        let listed = listed.expect("relief_beneficiaries");
        for b in &listed {
            assert!(b.members.iter().all(|m| d.sees_person(a, &m.person_id)), "{name}: relief_beneficiaries");
            seen.add("relief_beneficiaries", b.members.len());
        }
    }
}

/// One Kita household registered as displaced in a Kita programme, and a
/// cycle generated for it, so that relief reads have something to show.
pub(super) fn relief_at_kita(
    store: &Store,
    system: &Principal,
    households: &HashMap<String, String>,
    programmes: &HashMap<String, String>,
    kita: &str,
) {
    let household =
        households.iter().filter(|(_, l)| l.as_str() == kita).map(|(h, _)| h).min().expect("a Kita household").clone();
    let programme = programmes.iter().filter(|(_, l)| l.as_str() == kita).map(|(p, _)| p).min().expect("a programme");
    let fields = vec![
        ("household_id", serde_json::json!(household)),
        ("programme_id", serde_json::json!(programme)),
        ("status", serde_json::json!("idp")),
        ("arrival_date", serde_json::json!("2026-07-01")),
        ("reason", serde_json::json!("conflict")),
        ("admin_pcode", serde_json::json!("ML0105")),
        ("pcode_edition", serde_json::json!("pre2023")),
        ("lawful_basis", serde_json::json!("vital_interest")),
        ("card_serial", serde_json::json!(1)),
        ("registered_on", serde_json::json!("2026-07-01")),
    ];
    let (who, op) =
        (system.clone(), dugu_storage::Op::create(EntityKind::Displacement, &dugu_storage::new_id(), fields));
    store.write(move |tx| tx.apply(Some(&who), vec![op])).expect("displacement");
    let line = dugu_storage::RationLine {
        item: "céréales".into(),
        per_person: Some(12_000),
        unit: "g".into(),
        ..Default::default()
    };
    let input = dugu_storage::CycleInput {
        programme_id: programme.clone(),
        name: "Cycle 1".into(),
        start: "2026-08-01".into(),
        end: "2026-08-31".into(),
        items: vec![line],
        site_ids: vec![kita.to_string()],
        ..Default::default()
    };
    let cycle = store.create_relief_cycle(system, input).expect("cycle");
    let run = store.generate_entitlements(system, &cycle.id).expect("generated");
    assert_eq!(run.generated, 1, "the Kita household has members");
    // The same household farms, and its stock will not last to the harvest.
    let season = dugu_storage::SeasonInput {
        household_id: household.clone(),
        programme_id: programme.clone(),
        season: "2026".into(),
        stock_months: Some(2),
        declared_on: "2026-10-15".into(),
        ..Default::default()
    };
    store.record_farm_season(system, season).expect("season");
}
