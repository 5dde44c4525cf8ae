//! A relief desk's laptop replaced: the new laptop numbers its receipts on
//! from the highest receipt number given in its place's series, which the
//! hub says at enrolment — not from the receipts it pulled. A household
//! served by the old laptop and moved to another site since is not pulled
//! (out of scope), and a new laptop counting only what it holds would hand
//! out a second slip with the number of food already given.

mod common;

use dugu_domain::programme::ProgrammeKind;
use dugu_domain::{EntityKind, Role};
use dugu_storage::reads::Principals;
use dugu_storage::writes::*;
use dugu_storage::{HouseholdInput, Op, PersonInput, Principal, ProgrammeInput, ReceiptInput, Served, Store};
use rusqlite::Connection;
use serde_json::json;
use std::path::Path;

fn id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn count(dir: &Path, sql: &str) -> i64 {
    let c = Connection::open(dir.join("dugu.sqlite")).expect("open");
    c.query_row(sql, [], |r| r.get(0)).expect("count")
}

fn push(hub: &Store, site: &Store) {
    loop {
        let ops = site.ops_to_push(100).expect("ops");
        let Some(last) = ops.last().map(|o| o.seq) else { return };
        site.mark_sent(last).expect("sent");
        let verdicts = hub.take_push(site.site_id(), ops).expect("taken");
        let answered = site.take_verdicts(verdicts).expect("verdicts");
        assert_eq!(answered.refused, 0, "the hub refuses nothing");
    }
}

/// A household at `place` registered for `programme`, owed cereal in
/// `cycle`: the household's id and its entitlement's.
fn owed(hub: &Store, who: &Principal, place: &str, programme: &str, cycle: &str, name: &str) -> (String, String) {
    let (who, place, programme, cycle, name) =
        (who.clone(), place.to_string(), programme.to_string(), cycle.to_string(), name.to_string());
    hub.write(move |tx| {
        let head = PersonInput {
            given_name: "Aminata".into(),
            family_name: name.clone(),
            sex: "F".into(),
            birth_date: "1985-04-02".into(),
            location_id: place.clone(),
            ..Default::default()
        };
        let head = tx.create_person(&who, &head)?.id;
        let input = HouseholdInput {
            name: format!("Famille {name}"),
            location_id: place.clone(),
            members: vec![(head, "head".into())],
        };
        let household = tx.create_household(&who, &input)?.id;
        let entitlement = id();
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
        let cereal = vec![
            ("cycle_id", json!(cycle)),
            ("household_id", json!(household)),
            ("item", json!("cereal")),
            ("quantity", json!(84_000)),
            ("unit", json!("g")),
            ("modality", json!("in_kind")),
            ("inputs", json!({"size": 1})),
            ("status", json!("approved")),
            ("site_id", json!(place)),
        ];
        tx.apply(
            Some(&who),
            vec![
                Op::create(EntityKind::Displacement, &id(), registration),
                Op::create(EntityKind::Entitlement, &entitlement, cereal),
            ],
        )?;
        Ok((household, entitlement))
    })
    .expect("registered and owed")
}

fn serve(site: &Store, officer: &Principal, entitlement: &str) -> String {
    let at_site = site.principal_of(officer.user_id()).expect("read").expect("signs in");
    let input = ReceiptInput {
        entitlement_id: entitlement.into(),
        collector: "head".into(),
        client_uuid: id(),
        site_id: None,
        override_reason: None,
    };
    let Served::New(receipt) = site.serve_relief(&at_site, input, time::OffsetDateTime::now_utc()).expect("served")
    else {
        panic!("a new receipt")
    };
    receipt.number.expect("numbered")
}

#[test]
fn a_new_laptop_never_gives_again_the_receipt_number_of_a_household_moved_away() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = Store::open(&dir.path().join("hub")).expect("hub");
    let places = common::mali(&hub, &[("KIT", "Kita"), ("SOC", "Socoura")]);
    let (kita, socoura) = (places[0].clone(), places[1].clone());
    let admin = common::account(&hub, "admin", Role::Administrator, &[]);
    let director = common::account(&hub, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita));
    let both = common::account(&hub, "director.region", Role::LocationDirector, &[kita.clone(), socoura.clone()]);
    let officer = common::account(&hub, "relief.kita", Role::ReliefOfficer, std::slice::from_ref(&kita));
    let (programme, cycle) = {
        let (who, kita) = (director.clone(), kita.clone());
        hub.write(move |tx| {
            let programme = tx
                .create_programme(
                    None,
                    &ProgrammeInput {
                        location_id: kita.clone(),
                        kind: ProgrammeKind::EmergencyRelief,
                        name: "Urgence".into(),
                        start_date: "2013-01-01".into(),
                        target: Some(10_000),
                    },
                )?
                .id;
            let today = time::OffsetDateTime::now_utc().date();
            let cycle = id();
            let fields = vec![
                ("programme_id", json!(programme)),
                ("name", json!("Cycle 1")),
                ("start_date", json!((today - time::Duration::days(3)).to_string())),
                ("end_date", json!((today + time::Duration::days(27)).to_string())),
                ("status", json!("approved")),
                ("items", json!([])),
                ("carry_over", json!(false)),
                ("site_ids", json!([kita])),
            ];
            tx.apply(Some(&who), vec![Op::create(EntityKind::ReliefCycle, &cycle, fields)])?;
            Ok((programme, cycle))
        })
        .expect("programme and cycle")
    };
    let (moving, first_owed) = owed(&hub, &director, &kita, &programme, &cycle, "Traoré");
    let (_, second_owed) = owed(&hub, &director, &kita, &programme, &cycle, "Diallo");

    // The old laptop serves the Traoré family, and the hub has the receipt.
    let (_, old, _) = common::laptop(&hub, &admin, &kita, dir.path().join("old"));
    assert_eq!(serve(&old, &officer, &first_owed), "KIT-R000001");
    push(&hub, &old);
    // The family moves on to Socoura: Kita's laptops no longer hold it.
    hub.write(move |tx| {
        tx.apply(Some(&both), vec![Op::set(EntityKind::Household, &moving, "location_id", json!(socoura))])
    })
    .expect("moved");

    let (_, new, new_dir) = common::laptop(&hub, &admin, &kita, dir.path().join("new"));
    assert_eq!(count(&new_dir, "SELECT count(*) FROM receipts"), 0, "the Traoré receipt is not Kita's now");
    assert_eq!(serve(&new, &officer, &second_owed), "KIT-R000002", "never a second KIT-R000001");
    push(&hub, &new);
    assert_eq!(count(&dir.path().join("hub"), "SELECT count(DISTINCT number) FROM receipts"), 2);
    drop(new);
    let report =
        dugu_storage::check_database(&new_dir.join("dugu.sqlite"), &dir.path().join("new-check")).expect("check");
    assert!(report.ok(), "{:?}", report.problems);
}
