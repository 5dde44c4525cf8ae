//! Requirement 9 across replicas: two sites, offline, both hand one
//! household's entitlement over. Each desk accepts (neither can know);
//! once they sync, both replicas hold both receipts, the later reads as a
//! conflicting receipt in the supervisor's queue, and a supervisor's
//! voiding of it travels like any change. Real SQLite files, the real
//! commands and the real merge (`receive`), as `merge/tests.rs` does.

use crate::reads::ReceiptConflictReads;
use crate::writes::DeskWrites;
use crate::writes::ReceiptConflictWrites;
use crate::{
    HouseholdInput, LocationInput, PersonInput, Principal, ProgrammeInput, ReceiptInput, Scope, Served, Store,
};
use dugu_commands::Op;
use dugu_domain::location::LocationKind;
use dugu_domain::programme::ProgrammeKind;
use dugu_domain::{EntityKind, Role};
use serde_json::json;
use std::path::Path;

fn who(role: Role) -> Principal {
    Principal { user_id: crate::new_id(), username: role.code().into(), role, scope: Scope::All }
}

/// A copy of `from`'s database as another device.
fn copy(from: &Store, to: &Path) -> Store {
    std::fs::create_dir_all(to).expect("dir");
    let file = to.join("dugu.sqlite");
    let c = rusqlite::Connection::open(from.path()).expect("open");
    c.execute("VACUUM INTO ?1", [file.to_string_lossy()]).expect("copy");
    let c = rusqlite::Connection::open(&file).expect("open copy");
    c.execute("UPDATE meta SET value = ?1 WHERE key = 'site_id'", [crate::new_id()]).expect("new device");
    drop(c);
    Store::open(to).expect("open copy")
}

fn sync(from: &Store, to: &Store) {
    let vv = to.version_vector().expect("vv");
    to.receive(from.ops_since(&vv, usize::MAX).expect("since")).expect("receive");
}

fn receipts(store: &Store, entitlement: &str) -> Vec<(String, Option<String>)> {
    store
        .read(|c| {
            Ok(c.prepare("SELECT id, voided FROM receipts WHERE entitlement_id = ?1 ORDER BY id")?
                .query_map([entitlement], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?)
        })
        .expect("receipts")
}

#[test]
fn requirement_9_two_offline_sites_serve_one_household_sync_keeps_both_and_a_supervisor_decides() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = Store::open(&dir.path().join("hub")).expect("open");
    let director = who(Role::LocationDirector);
    let (sev, bar, entitlement) = {
        let d = director.clone();
        hub.write(move |tx| {
            let place = |tx: &mut crate::Tx<'_>, parent: Option<String>, kind, code: &str| {
                let input = LocationInput { parent_id: parent, kind, code: code.into(), name: format!("Site {code}") };
                tx.create_location(None, &input).map(|l| l.id)
            };
            let mopti = place(tx, None, LocationKind::Country, "MOP")?;
            let sev = place(tx, Some(mopti.clone()), LocationKind::Site, "SEV")?;
            let bar = place(tx, Some(mopti.clone()), LocationKind::Site, "BAR")?;
            let programme = tx
                .create_programme(
                    None,
                    &ProgrammeInput {
                        location_id: mopti,
                        kind: ProgrammeKind::EmergencyRelief,
                        name: "Urgence".into(),
                        start_date: "2013-01-01".into(),
                        target: Some(10_000),
                    },
                )?
                .id;
            let head = PersonInput {
                given_name: "Aminata".into(),
                family_name: "Traoré".into(),
                sex: "F".into(),
                birth_date: "1985-04-02".into(),
                location_id: sev.clone(),
                ..Default::default()
            };
            let head = tx.create_person(&d, &head)?.id;
            let input = HouseholdInput {
                name: "Famille Traoré".into(),
                location_id: sev.clone(),
                members: vec![(head, "head".into())],
            };
            let household = tx.create_household(&d, &input)?.id;
            let today = time::OffsetDateTime::now_utc().date();
            let (cycle, entitlement) = (crate::new_id(), crate::new_id());
            let registration = vec![
                ("household_id", json!(household)),
                ("programme_id", json!(programme)),
                ("status", json!("idp")),
                ("arrival_date", json!("2026-01-10")),
                ("reason", json!("conflict")),
                ("host_family", json!(false)),
                ("admin_pcode", json!("ML0506")),
                ("pcode_edition", json!("pre2023")),
                ("script_read", json!(true)),
                ("lawful_basis", json!("vital_interest")),
                ("sharing_consent", json!(false)),
                ("household_flags", json!([])),
                ("alternate_ids", json!([])),
                ("card_serial", json!(1)),
                ("registered_on", json!("2026-01-10")),
            ];
            let cycle_fields = vec![
                ("programme_id", json!(programme)),
                ("name", json!("Cycle 1")),
                ("start_date", json!((today - time::Duration::days(3)).to_string())),
                ("end_date", json!((today + time::Duration::days(27)).to_string())),
                ("status", json!("approved")),
                ("items", json!([])),
                ("carry_over", json!(false)),
                ("site_ids", json!([sev, bar])),
            ];
            let owed = vec![
                ("cycle_id", json!(cycle)),
                ("household_id", json!(household)),
                ("item", json!("cereal")),
                ("quantity", json!(84_000)),
                ("unit", json!("g")),
                ("modality", json!("in_kind")),
                ("inputs", json!({"size": 7})),
                ("status", json!("approved")),
                ("site_id", json!(sev)),
            ];
            tx.apply(
                Some(&d),
                vec![
                    Op::create(EntityKind::Displacement, &crate::new_id(), registration),
                    Op::create(EntityKind::ReliefCycle, &cycle, cycle_fields),
                    Op::create(EntityKind::Entitlement, &entitlement, owed),
                ],
            )?;
            Ok((sev, bar, entitlement))
        })
        .expect("seeded")
    };
    let at_sev = copy(&hub, &dir.path().join("sev"));
    let at_bar = copy(&hub, &dir.path().join("bar"));
    // Offline, each desk serves the household: neither knows of the other.
    let officer = who(Role::ReliefOfficer);
    let now = time::OffsetDateTime::now_utc();
    let hand_over = |site: &str, reason: Option<&str>| ReceiptInput {
        entitlement_id: entitlement.clone(),
        collector: "head".into(),
        client_uuid: crate::new_id(),
        site_id: Some(site.to_string()),
        override_reason: reason.map(str::to_string),
    };
    let first = at_sev.serve_relief(&officer, hand_over(&sev, None), now).expect("served at Sévaré");
    let later = at_bar
        .serve_relief(&officer, hand_over(&bar, Some("venue à Barbé")), now + time::Duration::minutes(5))
        .expect("served at Barbé");
    let (Served::New(first), Served::New(later)) = (first, later) else { panic!("two new receipts") };
    // Each desk numbers its own site's receipts: two desks apart at the
    // same moment never give one number twice, and a number reads out.
    assert_eq!(first.number.as_deref(), Some("SEV-R000001"));
    assert_eq!(later.number.as_deref(), Some("BAR-R000001"));
    let (first, later) = (first.id, later.id);
    // Both sync through the hub, in either order; each then pulls again.
    for (a, b) in [(&at_bar, &hub), (&at_sev, &hub), (&hub, &at_sev), (&hub, &at_bar)] {
        sync(a, b);
    }
    let supervisor = who(Role::ReliefSupervisor);
    for (name, store) in [("hub", &hub), ("Sévaré", &at_sev), ("Barbé", &at_bar)] {
        let mut both = vec![(first.clone(), None), (later.clone(), None)];
        both.sort();
        assert_eq!(receipts(store, &entitlement), both, "{name}: no silent loss, no silent double");
        let queue = store.conflicting_receipts(&supervisor).expect("queue");
        assert_eq!(queue.len(), 1, "{name}");
        let ids: Vec<&str> = queue[0].receipts.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, vec![first.as_str(), later.as_str()], "{name}: the later one is the conflicting receipt");
        // A desk seeing it now refuses a third, naming the first and its number.
        let third = store.serve_relief(&officer, hand_over(&sev, None), now).expect("answered");
        assert!(
            matches!(third, Served::AlreadyServed(ref f) if f.id == first && f.number.as_deref() == Some("SEV-R000001")),
            "{name}: {third:?}"
        );
        // Every replica's counters follow the numbers it received: the
        // next receipt at either site is never one already given.
        let last = |site: &str| {
            store
                .read(|c| {
                    Ok(c.query_row(
                        "SELECT last FROM record_counters WHERE site_id = ?1 AND series = 2",
                        [site],
                        |r| r.get::<_, i64>(0),
                    )?)
                })
                .expect("counter")
        };
        assert_eq!((last(&sev), last(&bar)), (1, 1), "{name}");
    }
    assert!(matches!(hub.conflicting_receipts(&officer), Err(crate::StoreError::Forbidden)), "a desk does not decide");
    // The supervisor decides at the hub: the later receipt is voided, with
    // why; the sites learn it at their next round.
    assert!(matches!(hub.void_receipt(&supervisor, &later, " "), Err(crate::StoreError::Invalid(_))), "a reason");
    assert!(matches!(hub.void_receipt(&officer, &later, "doublon"), Err(crate::StoreError::Forbidden)));
    hub.void_receipt(&supervisor, &later, "Servi deux fois hors ligne ; le sac rendu au stock").expect("voided");
    sync(&hub, &at_sev);
    sync(&hub, &at_bar);
    for (name, store) in [("hub", &hub), ("Sévaré", &at_sev), ("Barbé", &at_bar)] {
        assert!(store.conflicting_receipts(&supervisor).expect("queue").is_empty(), "{name}");
        let voided: Vec<Option<String>> =
            receipts(store, &entitlement).into_iter().filter(|(id, _)| *id == later).map(|(_, v)| v).collect();
        assert_eq!(voided, vec![Some("Servi deux fois hors ligne ; le sac rendu au stock".to_string())], "{name}");
    }
    assert!(matches!(hub.void_receipt(&supervisor, &later, "encore"), Err(crate::StoreError::Invalid(_))), "once");
    for (i, store) in [&hub, &at_sev, &at_bar].into_iter().enumerate() {
        let scratch = dir.path().join(format!("scratch{i}"));
        let report = crate::check_database(store.path(), &scratch).expect("check");
        assert!(report.problems.is_empty(), "{:?}", report.problems);
    }
}
