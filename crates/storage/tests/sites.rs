//! Hub and sites: an enrolment code works once and for a day; what a site
//! pulls is every operation of its scope and nothing else; and the
//! database built from it is what the hub's scoped rows are, and replays
//! to itself.

mod common;

use dugu_domain::Role;
use dugu_domain::measurement::MeasurementInput;
use dugu_storage::reads::Principals;
use dugu_storage::writes::*;
use dugu_storage::{
    BULK_PAGE, ENROLMENT_VALID_MS, HubLink, PersonInput, PersonPatch, SiteBuild, Store, StoreError, check_database,
    now_millis,
};
use dugu_sync::{VersionVector, WireOp};
use rusqlite::Connection;
use std::collections::BTreeSet;

const TODAY: time::Date = time::macros::date!(2026 - 07 - 01);

fn child(location: &str, given: &str) -> PersonInput {
    PersonInput {
        given_name: given.into(),
        family_name: "Traoré".into(),
        sex: "F".into(),
        birth_date: "2024-03-01".into(),
        location_id: location.into(),
        medical_notes: "Suivi".into(),
        ..Default::default()
    }
}

fn weighed(date: &str, kg: f64) -> MeasurementInput {
    MeasurementInput {
        date: date.into(),
        weight_kg: Some(kg),
        length_height_cm: Some(84.0),
        measured: "lying".into(),
        ..Default::default()
    }
}

/// The ids of the rows `sql` returns, on the database in `dir`.
fn ids(dir: &std::path::Path, sql: &str, param: Option<&str>) -> BTreeSet<String> {
    let c = Connection::open(dir.join("dugu.sqlite")).expect("open");
    let mut st = c.prepare(sql).expect("prepare");
    let rows = match param {
        Some(p) => st.query_map([p], |r| r.get::<_, String>(0)).expect("query").collect::<Result<_, _>>(),
        None => st.query_map([], |r| r.get::<_, String>(0)).expect("query").collect::<Result<_, _>>(),
    };
    rows.expect("rows")
}

#[test]
fn a_code_works_once_and_for_a_day_and_only_an_administrator_makes_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let kita = common::mali(&store, &[("KIT", "Kita")]).remove(0);
    let admin = common::account(&store, "admin", Role::Administrator, &[]);
    let director = common::account(&store, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita));
    assert!(matches!(store.create_site(&director, &kita, "h0"), Err(StoreError::Forbidden)));
    assert!(matches!(store.create_site(&admin, "no-such-place", "h0"), Err(StoreError::Invalid(_))));

    let now = now_millis();
    let (a, k) = (admin.clone(), kita.clone());
    let site = store.write(move |tx| tx.create_site(&a, &k, "h1", now)).expect("site");
    let late = store.write(move |tx| tx.redeem_enrolment("h1", &[1; 32], now + ENROLMENT_VALID_MS + 1)).expect("late");
    assert_eq!(late, None, "expired after 24 hours");
    assert_eq!(store.redeem_enrolment("wrong", &[1; 32]).expect("wrong"), None);
    assert!(matches!(store.export_to_site(&site, &VersionVector::default(), 0, 10), Err(StoreError::NotFound)));
    let enrolled = store.redeem_enrolment("h1", &[1; 32]).expect("redeem").expect("a fresh code works");
    assert_eq!((enrolled.site_id.as_str(), enrolled.location_id.as_str()), (site.as_str(), kita.as_str()));
    assert_eq!(store.redeem_enrolment("h1", &[2; 32]).expect("again"), None, "works once");
    assert_eq!(store.site_key(&site).expect("key"), Some(vec![1; 32]), "the first key stays");
}

#[test]
fn a_site_gets_every_op_of_its_scope_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub_dir = dir.path().join("hub");
    let store = Store::open(&hub_dir).expect("open");
    let places = common::mali(&store, &[("KIT", "Kita"), ("MOP", "Mopti")]);
    let (kita, mopti) = (places[0].clone(), places[1].clone());
    let admin = common::account(&store, "admin", Role::Administrator, &[]);
    let national = common::account(&store, "director.national", Role::NationalDirector, &[]);
    let nurse_kita = common::account(&store, "nurse.kita", Role::Nurse, std::slice::from_ref(&kita));
    let director_kita = common::account(&store, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita));
    let nurse_mopti = common::account(&store, "nurse.mopti", Role::Nurse, std::slice::from_ref(&mopti));
    let director_mopti =
        common::account(&store, "director.mopti", Role::LocationDirector, std::slice::from_ref(&mopti));
    // Directs both: the one who moves a child from one to the other.
    let regional = common::account(&store, "director.region", Role::LocationDirector, &[kita.clone(), mopti.clone()]);

    let mut kita_people = BTreeSet::new();
    for name in ["Awa", "Fanta", "Mariam"] {
        let p = store.create_person(&director_kita, child(&kita, name)).expect("kita child");
        store.record_measurement(&nurse_kita, &p.id, weighed("2026-05-02", 11.0), TODAY).expect("measure");
        kita_people.insert(p.id);
    }
    let mopti_child = store.create_person(&director_mopti, child(&mopti, "Oumou")).expect("mopti child").id;
    store.record_measurement(&nurse_mopti, &mopti_child, weighed("2026-05-02", 10.0), TODAY).expect("measure");
    // Registered and measured at Mopti, then moved to Kita: it arrives
    // with its whole history.
    let moved = store.create_person(&director_mopti, child(&mopti, "Kadia")).expect("moved").id;
    store.record_measurement(&nurse_mopti, &moved, weighed("2026-04-02", 9.5), TODAY).expect("measure");
    let to_kita = PersonPatch { fields: vec![("location_id".into(), kita.clone())], age_years: None };
    store.update_person(&regional, &moved, to_kita).expect("moved to Kita");
    kita_people.insert(moved.clone());

    let site = store.create_site(&admin, &kita, "code-hash").expect("site");
    store.redeem_enrolment("code-hash", &[3; 32]).expect("redeem").expect("enrolled");

    // Pulled in small pages, as a slow link would.
    let mut cursor = VersionVector::default();
    let mut epoch = 0;
    let mut pulled: Vec<WireOp> = Vec::new();
    let mut pages = 0;
    loop {
        let page = store.export_to_site(&site, &cursor, epoch, 7).expect("page");
        epoch = page.epoch;
        assert!(page.ops.len() <= 7);
        pulled.extend(page.ops);
        cursor = page.cursor;
        pages += 1;
        if !page.more {
            break;
        }
    }
    assert!(pages > 2, "{pages} pages");
    let again = store.export_to_site(&site, &cursor, epoch, 7).expect("nothing new");
    assert!(again.ops.is_empty() && !again.more);
    // A bulk page (an enrolment's) reads the people in scope as one set;
    // the same ops in the same order as the small pages that look each
    // op's person up.
    let bulk = store.export_to_site(&site, &VersionVector::default(), epoch, BULK_PAGE as usize).expect("bulk");
    assert!(!bulk.more);
    let op_ids = |ops: &[WireOp]| ops.iter().map(|o| o.op_id.clone()).collect::<Vec<_>>();
    assert_eq!(op_ids(&bulk.ops), op_ids(&pulled));
    // The set is read again once the log moves: a child moved to Mopti
    // since is not in the next bulk page.
    let leaving = kita_people.iter().find(|p| **p != moved).expect("a Kita child").clone();
    let to_mopti = PersonPatch { fields: vec![("location_id".into(), mopti.clone())], age_years: None };
    store.update_person(&regional, &leaving, to_mopti).expect("moved to Mopti");
    let after_move =
        store.export_to_site(&site, &VersionVector::default(), bulk.epoch, BULK_PAGE as usize).expect("bulk");
    assert_eq!(after_move.gone, std::slice::from_ref(&leaving));
    assert!(after_move.ops.iter().all(|o| o.entity_id != leaving), "nothing of a child gone from the scope");
    assert!(after_move.ops.len() < bulk.ops.len() && !after_move.ops.is_empty());
    let back = PersonPatch { fields: vec![("location_id".into(), kita.clone())], age_years: None };
    store.update_person(&regional, &leaving, back).expect("back to Kita");

    let entities: BTreeSet<&str> = pulled.iter().map(|o| o.entity_id.as_str()).collect();
    let mopti_records = ids(&hub_dir, "SELECT id FROM measurements WHERE person_id = ?1", Some(&mopti_child));
    for outside in [
        &mopti_child,
        &national.user_id().to_string(),
        &nurse_mopti.user_id().to_string(),
        &director_mopti.user_id().to_string(),
        &admin.user_id().to_string(),
    ]
    .into_iter()
    .chain(&mopti_records)
    {
        assert!(!entities.contains(outside.as_str()), "an out-of-scope entity left the hub");
    }
    assert!(pulled.iter().all(|o| !o.value.contains("Oumou")), "no op names a Mopti child");
    for id in &kita_people {
        assert!(entities.contains(id.as_str()));
    }
    // The moved child's measurement made at Mopti travels with it.
    let moved_records = ids(&hub_dir, "SELECT id FROM measurements WHERE person_id = ?1", Some(&moved));
    assert!(moved_records.iter().all(|m| entities.contains(m.as_str())));

    let credentials = store.credentials_for_site(&site).expect("credentials");
    let holders: BTreeSet<&str> = credentials.iter().map(|c| c.user_id.as_str()).collect();
    assert_eq!(holders, BTreeSet::from([nurse_kita.user_id(), director_kita.user_id(), regional.user_id()]));

    // The site's database: exactly the hub's rows in scope.
    let site_dir = dir.path().join("site");
    std::fs::create_dir(&site_dir).expect("site dir");
    let mut build = SiteBuild::create(&site_dir, &site).expect("build");
    build.add(&pulled).expect("add");
    let link = HubLink { hub_url: "http://hub".into(), site_id: site.clone(), location_id: kita.clone() };
    let built = build.finish(&credentials, &link, &cursor).expect("finish");
    assert_eq!((built.ops, built.credentials), (pulled.len() as u64, 3));
    for (on_site, on_hub) in [
        (
            "SELECT id || given_name || location_id || sort_name FROM people ORDER BY id",
            "SELECT id || given_name || location_id || sort_name FROM people WHERE location_id = ?1 ORDER BY id",
        ),
        (
            "SELECT id || person_id || weight_kg FROM measurements",
            "SELECT m.id || m.person_id || m.weight_kg FROM measurements m JOIN people p ON p.id = m.person_id WHERE p.location_id = ?1",
        ),
        (
            "SELECT user_id || location_id FROM user_locations",
            "SELECT user_id || location_id FROM user_locations
          WHERE user_id IN (SELECT user_id FROM user_locations WHERE location_id = ?1)",
        ),
        ("SELECT id || code FROM locations", "SELECT id || code FROM locations WHERE ?1 IS NOT NULL"),
        ("SELECT id FROM vaccine_schedule", "SELECT id FROM vaccine_schedule WHERE ?1 IS NOT NULL"),
    ] {
        assert_eq!(ids(&site_dir, on_site, None), ids(&hub_dir, on_hub, Some(&kita)), "{on_site}");
    }
    let report = check_database(&site_dir.join("dugu.sqlite"), &dir.path().join("scratch.sqlite")).expect("check");
    assert!(report.ok(), "{:?}", report.problems);
    // The same schema as the hub's: a derived table's index made again
    // after its rows is the index the migrations made.
    let schema = "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE ?1 IS NOT NULL";
    assert_eq!(ids(&site_dir, schema, Some("x")), ids(&hub_dir, schema, Some("x")));

    // It opens as any site does, under its own device id.
    let opened = Store::open(&site_dir).expect("the site opens");
    assert_eq!(opened.site_id(), site);
    assert_eq!(opened.people_count().expect("count"), kita_people.len() as i64);
    let nurse = opened.principal_of(nurse_kita.user_id()).expect("read").expect("the Kita nurse may sign in");
    opened.record_measurement(&nurse, &moved, weighed("2026-06-02", 10.1), TODAY).expect("a site writes");
    drop(opened);
    let report = check_database(&site_dir.join("dugu.sqlite"), &dir.path().join("scratch2.sqlite")).expect("check");
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn an_altered_op_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("hub")).expect("open");
    let kita = common::mali(&store, &[("KIT", "Kita")]).remove(0);
    let admin = common::account(&store, "admin", Role::Administrator, &[]);
    let site = store.create_site(&admin, &kita, "h").expect("site");
    store.redeem_enrolment("h", &[4; 32]).expect("redeem");
    let mut page = store.export_to_site(&site, &VersionVector::default(), 0, 100).expect("page");
    page.ops[0].hlc += 1;
    let site_dir = dir.path().join("site");
    std::fs::create_dir(&site_dir).expect("dir");
    let mut build = SiteBuild::create(&site_dir, &site).expect("build");
    assert!(matches!(build.add(&page.ops), Err(StoreError::Integrity(_))));
}
