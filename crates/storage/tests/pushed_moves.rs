//! A site's push cannot take a record out of the site's scope by changing
//! what places it: a child's place set to another village, a measurement
//! set onto a child of another village. The hub re-checks each pushed
//! change as if made there, where the account's scope would refuse it;
//! accepted, the change would sit on the hub and the pushing laptop while
//! the other village's laptop never received the record's creation.

mod common;

use dugu_domain::Role;
use dugu_domain::measurement::MeasurementInput;
use dugu_storage::writes::*;
use dugu_storage::{PersonInput, Store};
use dugu_sync::{Verdict, VersionVector};
use rusqlite::Connection;
use std::path::Path;

fn person(location: &str, given: &str) -> PersonInput {
    PersonInput {
        given_name: given.into(),
        family_name: "Diarra".into(),
        sex: "F".into(),
        birth_date: "2022-03-01".into(),
        location_id: location.into(),
        ..Default::default()
    }
}

fn one(dir: &Path, sql: &str, id: &str) -> String {
    let c = Connection::open(dir.join("dugu.sqlite")).expect("open");
    c.query_row(sql, [id], |r| r.get(0)).expect("one")
}

#[test]
fn a_pushed_change_that_would_take_a_record_out_of_the_sites_scope_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub_dir = dir.path().join("hub");
    let hub = Store::open(&hub_dir).expect("hub");
    let places = common::mali(&hub, &[("KIT", "Kita"), ("SOC", "Socoura")]);
    let (kita, socoura) = (places[0].clone(), places[1].clone());
    let admin = common::account(&hub, "admin", Role::Administrator, &[]);
    let director = common::account(&hub, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita));
    let director_soc = common::account(&hub, "director.soc", Role::LocationDirector, std::slice::from_ref(&socoura));
    let awa = hub.create_person(&director, person(&kita, "Awa")).expect("Awa").id;
    let fanta = hub.create_person(&director_soc, person(&socoura, "Fanta")).expect("Fanta").id;
    let weighed = MeasurementInput {
        date: "2026-05-02".into(),
        weight_kg: Some(12.0),
        length_height_cm: Some(90.0),
        measured: "standing".into(),
        ..Default::default()
    };
    let today = time::macros::date!(2026 - 07 - 01);
    let (who, child) = (director.clone(), awa.clone());
    let measurement =
        hub.write(move |tx| tx.record_measurement(&who, &child, &weighed, today)).expect("measured").measurement.id;

    let site = hub.create_site(&admin, &kita, "kita").expect("site");
    hub.redeem_enrolment("kita", &[9; 32]).expect("redeem").expect("enrolled");
    let page = hub.export_to_site(&site, &VersionVector::default(), 0, 1000).expect("page");
    let creation = |id: &str| page.ops.iter().find(|o| o.entity_id == id && o.field.is_none()).expect("made").clone();
    let user = director.user_id();
    let push = vec![
        common::pushed_set(&creation(&measurement), &site, 1, user, "person_id", &fanta),
        common::pushed_set(&creation(&awa), &site, 2, user, "location_id", &socoura),
    ];
    let verdicts = hub.take_push(&site, push).expect("push");
    let out = Verdict::Rejected("out_of_scope".into());
    assert_eq!(verdicts, [(1, out.clone()), (2, out)]);
    assert_eq!(one(&hub_dir, "SELECT location_id FROM people WHERE id = ?1", &awa), kita, "Awa stays");
    assert_eq!(
        one(&hub_dir, "SELECT person_id FROM measurements WHERE id = ?1", &measurement),
        awa,
        "her measurement stays hers"
    );
}
