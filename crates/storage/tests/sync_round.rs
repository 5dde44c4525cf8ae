//! A sync round between two database files, a hub and its Kita site: the
//! site's own ops pushed and re-checked by the hub (a refused one stays on
//! the site with its reason, and what depends on it is refused too; a push
//! repeated after a lost answer duplicates nothing), and the hub's ops
//! pulled through the merge page by page, resumed after a crash between
//! pages with neither a gap nor a duplicate — though the site, holding
//! only its scope, sees the hub's sequence with gaps.

use dugu_storage::reads::*;
use dugu_storage::writes::*;
mod common;

use dugu_domain::Role;
use dugu_domain::measurement::MeasurementInput;
use dugu_storage::{HubLink, PersonInput, PersonPatch, SiteBuild, Store, check_database};
use dugu_sync::{Verdict, VersionVector};
use rusqlite::Connection;
use std::path::Path;

const TODAY: time::Date = time::macros::date!(2026 - 07 - 01);

fn child(location: &str, given: &str) -> PersonInput {
    PersonInput {
        given_name: given.into(),
        family_name: "Coulibaly".into(),
        sex: "M".into(),
        birth_date: "2024-03-01".into(),
        location_id: location.into(),
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

fn count(dir: &Path, sql: &str) -> i64 {
    let c = Connection::open(dir.join("dugu.sqlite")).expect("open");
    c.query_row(sql, [], |r| r.get(0)).expect("count")
}

/// Builds the site's database from the hub's export, as `dugu enrol` does,
/// for a site enrolled for `place`.
fn enrol(hub: &Store, site: &str, place: &str, dir: &Path) {
    std::fs::create_dir_all(dir).expect("dir");
    let mut build = SiteBuild::create(dir, site).expect("build");
    let mut cursor = VersionVector::default();
    loop {
        let page = hub.export_to_site(site, &cursor, build.epoch(), 50).expect("page");
        build.add_page(&page).expect("add");
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    let credentials = hub.credentials_for_site(site).expect("credentials");
    let link = HubLink { hub_url: "http://hub".into(), site_id: site.into(), location_id: place.into() };
    build.finish(&credentials, &link, &cursor).expect("finish");
}

/// Pushes every own op the hub has not answered, in pages of `size`.
fn push(hub: &Store, site: &Store, size: usize) -> (u64, Vec<(u64, Verdict)>) {
    let mut answered = 0;
    let mut all = Vec::new();
    loop {
        let ops = site.ops_to_push(size).expect("to push");
        let Some(last) = ops.last().map(|o| o.seq) else { break };
        site.mark_sent(last).expect("sent");
        let verdicts = hub.take_push(site.site_id(), ops).expect("push");
        all.extend(verdicts.clone());
        let done = site.take_verdicts(verdicts).expect("verdicts");
        assert!(done.answered > 0, "a push answered nothing");
        answered += done.answered;
    }
    (answered, all)
}

/// Pulls pages of `size` until the hub has nothing more.
fn pull(hub: &Store, site: &Store, size: usize) -> u64 {
    let mut new = 0;
    loop {
        let link = site.site_link().expect("link").expect("a site");
        let page = hub.export_to_site(site.site_id(), &link.pulled, link.epoch, size).expect("page");
        let more = page.more;
        new += site.take_page(page).expect("take").new_ops;
        if !more {
            return new;
        }
    }
}

#[test]
fn a_round_pushes_rechecked_ops_and_pulls_through_the_merge() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (hub_dir, site_dir) = (dir.path().join("hub"), dir.path().join("site"));
    let hub = Store::open(&hub_dir).expect("hub");
    let places = common::mali(&hub, &[("KIT", "Kita"), ("MOP", "Mopti")]);
    let (kita, mopti) = (places[0].clone(), places[1].clone());
    let admin = common::account(&hub, "admin", Role::Administrator, &[]);
    let director = common::account(&hub, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita));
    let nurse = common::account(&hub, "nurse.kita", Role::Nurse, std::slice::from_ref(&kita));
    let weigher = common::account(&hub, "nurse2.kita", Role::Nurse, std::slice::from_ref(&kita));
    let mopti_director = common::account(&hub, "director.mopti", Role::LocationDirector, std::slice::from_ref(&mopti));
    let awa = hub.create_person(&director, child(&kita, "Awa")).expect("Awa").id;
    let site_id = hub.create_site(&admin, &kita, "code").expect("site");
    hub.redeem_enrolment("code", &[7; 32]).expect("redeem").expect("enrolled");
    enrol(&hub, &site_id, &kita, &site_dir);

    // A tampered site: its copy of the nurse's account says social worker,
    // which writes protection notes; the hub knows a nurse, who does not.
    Connection::open(site_dir.join("dugu.sqlite"))
        .expect("open")
        .execute("UPDATE users SET role = 'social_worker' WHERE id = ?1", [nurse.user_id()])
        .expect("tamper");
    let site = Store::open(&site_dir).expect("site");
    let site_nurse = site.principal_of(nurse.user_id()).expect("read").expect("signs in");
    let site_director = site.principal_of(director.user_id()).expect("read").expect("signs in");
    let site_weigher = site.principal_of(weigher.user_id()).expect("read").expect("signs in");
    let bakary = site.create_person(&site_director, child(&kita, "Bakary")).expect("Bakary").id;
    site.record_measurement(&site_weigher, &bakary, weighed("2026-06-02", 11.2), TODAY).expect("weighed");
    let note = |text: &str| PersonPatch { fields: vec![("protection_notes".into(), text.into())], age_years: None };
    site.update_person(&site_nurse, &awa, note("Suivi renforcé")).expect("a note the hub refuses");
    // The director, who may write it, edits over it: refused with it.
    site.update_person(&site_director, &awa, note("Suivi renforcé, visite faite")).expect("and its sequel");

    let to_push = site.ops_to_push(1000).expect("to push");
    let (answered, verdicts) = push(&hub, &site, 2);
    assert_eq!(answered, to_push.len() as u64);
    let refused: Vec<&str> = verdicts
        .iter()
        .filter_map(|(_, v)| match v {
            Verdict::Rejected(r) => Some(r.as_str()),
            Verdict::Accepted => None,
        })
        .collect();
    assert_eq!(refused, ["forbidden", "depends_on_refused"], "the note, then the edit made over it");
    let link = site.site_link().expect("link").expect("site");
    assert_eq!((link.sent, link.pushed), (to_push.len() as u64, to_push.len() as u64));
    assert_eq!(count(&site_dir, "SELECT count(*) FROM sync_rejections"), 2);
    assert_eq!(count(&hub_dir, "SELECT count(*) FROM refused_ops"), 2);
    // Refused, the note stays on the site, and never reaches the hub.
    assert_eq!(count(&site_dir, "SELECT count(*) FROM people WHERE protection_notes LIKE 'Suivi%'"), 1);
    assert_eq!(count(&hub_dir, "SELECT count(*) FROM people WHERE protection_notes IS NOT NULL"), 0);
    assert_eq!(count(&hub_dir, "SELECT count(*) FROM measurements"), 1, "the site's measurement is on the hub");

    // The answer was lost: the same push gets the same verdicts, and the
    // hub holds each op once.
    let ops_on_hub = count(&hub_dir, "SELECT count(*) FROM ops");
    let again = hub.take_push(&site_id, to_push.clone()).expect("again");
    assert_eq!(again, verdicts);
    assert_eq!(count(&hub_dir, "SELECT count(*) FROM ops"), ops_on_hub);
    // An op of another device, or past a gap, is not answered.
    let mut late = to_push[0].clone();
    late.seq = 99;
    assert_eq!(hub.take_push(&site_id, vec![late]).expect("gap")[0].1, Verdict::Rejected("gap".into()));

    // The hub writes at Mopti and Kita, interleaved: the site receives the
    // hub's ops of Kita only, with gaps in the hub's sequence.
    for i in 0..6 {
        let m = hub.create_person(&mopti_director, child(&mopti, &format!("Mopti{i}"))).expect("mopti").id;
        hub.update_person(
            &mopti_director,
            &m,
            PersonPatch { fields: vec![("phone".into(), "76000000".into())], age_years: None },
        )
        .expect("phone");
        let k = hub.create_person(&director, child(&kita, &format!("Kita{i}"))).expect("kita").id;
        hub.record_measurement(&nurse, &k, weighed("2026-06-20", 10.0 + i as f64), TODAY).expect("weighed");
    }
    // One page taken, then the site "crashes" before the next.
    let link = site.site_link().expect("link").expect("site");
    let page = hub.export_to_site(&site_id, &link.pulled, link.epoch, 3).expect("page");
    assert!(page.more);
    let first = site.take_page(page.clone()).expect("take").new_ops;
    assert_eq!(first, 3);
    assert_eq!(site.take_page(page).expect("twice").new_ops, 0, "a page taken twice adds nothing");
    drop(site);
    let site = Store::open(&site_dir).expect("reopened");
    let rest = pull(&hub, &site, 3);
    assert_eq!(first + rest, 12, "six Kita children and their measurements, once each");
    assert_eq!(count(&site_dir, "SELECT count(*) FROM held_back"), 0, "nothing waits for a gap");
    assert_eq!(
        count(&site_dir, "SELECT count(*) FROM people WHERE location_id <> (SELECT location_id FROM hub_link)"),
        0
    );
    assert_eq!(
        count(&site_dir, "SELECT count(*) FROM people"),
        Connection::open(hub_dir.join("dugu.sqlite"))
            .expect("open")
            .query_row("SELECT count(*) FROM people WHERE location_id = ?1", [&kita], |r| r.get::<_, i64>(0))
            .expect("count")
    );
    // Nothing more either way; the site's own accepted ops do not come back.
    assert_eq!(push(&hub, &site, 10).0, 0);
    assert_eq!(pull(&hub, &site, 10), 0);
    let link = site.site_link().expect("l").expect("s");
    let page = hub.export_to_site(&site_id, &link.pulled, link.epoch, 10).expect("idle");
    assert!(page.ops.is_empty() && !page.more);
    drop(site);
    drop(hub);
    // The tampering undone, both logs rebuild their tables.
    Connection::open(site_dir.join("dugu.sqlite"))
        .expect("open")
        .execute("UPDATE users SET role = 'nurse' WHERE id = ?1", [nurse.user_id()])
        .expect("untamper");
    for (d, scratch) in [(&site_dir, "s1.sqlite"), (&hub_dir, "s2.sqlite")] {
        let report = check_database(&d.join("dugu.sqlite"), &dir.path().join(scratch)).expect("check");
        assert!(report.ok(), "{:?}", report.problems);
    }
}

/// Mali's id.
fn country(hub: &Store, admin: &dugu_storage::Principal) -> String {
    hub.locations(admin).expect("locations").into_iter().find(|l| l.code == "ML").expect("Mali").id
}

#[test]
fn the_export_puts_a_cause_before_its_effect_across_devices() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = Store::open(&dir.path().join("hub")).expect("hub");
    let kita = common::mali(&hub, &[("KIT", "Kita")]).remove(0);
    let admin = common::account(&hub, "admin", Role::Administrator, &[]);
    let director = common::account(&hub, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita));
    let nurse = common::account(&hub, "nurse.kita", Role::Nurse, std::slice::from_ref(&kita));
    let first = hub.create_site(&admin, &kita, "a").expect("site a");
    hub.redeem_enrolment("a", &[1; 32]).expect("redeem").expect("enrolled");
    // A second laptop for Kita itself would retire the first: this one
    // serves the whole country, Kita among it.
    let mali = country(&hub, &admin);
    let second = hub.create_site(&admin, &mali, "b").expect("site b");
    hub.redeem_enrolment("b", &[2; 32]).expect("redeem").expect("enrolled");
    enrol(&hub, &first, &kita, &dir.path().join("a"));
    enrol(&hub, &second, &mali, &dir.path().join("b"));
    // Site a registers a child; the hub (another device) weighs them.
    let a = Store::open(&dir.path().join("a")).expect("a");
    let a_director = a.principal_of(director.user_id()).expect("read").expect("signs in");
    let moussa = a.create_person(&a_director, child(&kita, "Moussa")).expect("Moussa").id;
    push(&hub, &a, 10);
    hub.record_measurement(&nurse, &moussa, weighed("2026-06-20", 12.0), TODAY).expect("weighed");
    // Site b pulls one op per page: the child must come before the
    // measurement, whatever the devices' ids.
    let b = Store::open(&dir.path().join("b")).expect("b");
    let mut kinds = Vec::new();
    loop {
        let link = b.site_link().expect("l").expect("s");
        let page = hub.export_to_site(&second, &link.pulled, link.epoch, 1).expect("page");
        kinds.extend(page.ops.iter().filter(|o| o.field.is_none()).map(|o| o.entity_type.clone()));
        let more = page.more;
        b.take_page(page).expect("take");
        if !more {
            break;
        }
    }
    assert_eq!(kinds, ["person", "measurement"]);
    assert_eq!(count(&dir.path().join("b"), "SELECT count(*) FROM measurements"), 1);
}

/// The national office and the village register a child each at Kita
/// while they are apart: the site numbers from 1, the hub — since a site
/// serves Kita — from 900,000, so both children reach both replicas.
#[test]
fn the_hub_and_the_site_number_a_village_in_two_series() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (hub_dir, site_dir) = (dir.path().join("hub"), dir.path().join("site"));
    let hub = Store::open(&hub_dir).expect("hub");
    let kita = common::mali(&hub, &[("KIT", "Kita")]).remove(0);
    let admin = common::account(&hub, "admin", Role::Administrator, &[]);
    let director = common::account(&hub, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita));
    let awa = hub.create_person(&director, child(&kita, "Awa")).expect("Awa");
    assert_eq!(awa.record_number, "KIT-000001", "no site serves Kita yet: the village's own series");
    let site_id = hub.create_site(&admin, &kita, "code").expect("site");
    hub.redeem_enrolment("code", &[7; 32]).expect("redeem").expect("enrolled");
    enrol(&hub, &site_id, &kita, &site_dir);
    let site = Store::open(&site_dir).expect("site");
    let at_site = site.principal_of(director.user_id()).expect("read").expect("signs in");
    let a = site.create_person(&at_site, child(&kita, "Oumar")).expect("at the site");
    let b = hub.create_person(&director, child(&kita, "Issa")).expect("at the hub");
    let c = hub.create_person(&director, child(&kita, "Fanta")).expect("at the hub");
    assert_eq!(a.record_number, "KIT-000002", "the site goes on from the hub's last number");
    assert_eq!((b.record_number.as_str(), c.record_number.as_str()), ("KIT-900000", "KIT-900001"));

    let (_, verdicts) = push(&hub, &site, 10);
    assert_eq!(verdicts, [(1, Verdict::Accepted)]);
    assert_eq!(pull(&hub, &site, 10), 2, "the hub's children arrive");
    assert_eq!(count(&site_dir, "SELECT count(*) FROM held_back"), 0);
    assert_eq!(count(&site_dir, "SELECT count(*) FROM people"), 4);
    assert_eq!(count(&hub_dir, "SELECT count(*) FROM people"), 4);
    // Each side goes on in its own series, past what it received.
    let d = site.create_person(&at_site, child(&kita, "Moussa")).expect("at the site");
    let e = hub.create_person(&director, child(&kita, "Kadia")).expect("at the hub");
    assert_eq!((d.record_number.as_str(), e.record_number.as_str()), ("KIT-000003", "KIT-900002"));
    drop((hub, site));
    for (d, scratch) in [(&hub_dir, "hub-check.sqlite"), (&site_dir, "site-check.sqlite")] {
        let report = check_database(&d.join("dugu.sqlite"), &dir.path().join(scratch)).expect("check");
        assert!(report.ok(), "{:?}", report.problems);
    }
}

/// A site's code may begin with another site's (`MOP`, the Mopti office,
/// and `MOP-SEV`, Sévaré): a number received from Sévaré's laptop is
/// Sévaré's, never the office's number 0 — the counters the hub keeps as
/// numbers arrive are the ones `dugu check` rebuilds from the records.
#[test]
fn a_number_received_is_counted_for_its_own_site_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (hub_dir, site_dir) = (dir.path().join("hub"), dir.path().join("site"));
    let hub = Store::open(&hub_dir).expect("hub");
    let sites = common::mali(&hub, &[("MOP", "Mopti"), ("MOP-SEV", "Sévaré")]);
    let (office, sevare) = (&sites[0], &sites[1]);
    let admin = common::account(&hub, "admin", Role::Administrator, &[]);
    let officer = common::account(&hub, "officer.sevare", Role::LocationDirector, std::slice::from_ref(sevare));
    let site_id = hub.create_site(&admin, sevare, "code").expect("site");
    hub.redeem_enrolment("code", &[7; 32]).expect("redeem").expect("enrolled");
    enrol(&hub, &site_id, sevare, &site_dir);
    let site = Store::open(&site_dir).expect("site");
    let at_site = site.principal_of(officer.user_id()).expect("read").expect("signs in");
    let a = site.create_person(&at_site, child(sevare, "Oumar")).expect("at the site");
    assert_eq!(a.record_number, "MOP-SEV-000001");
    let (_, verdicts) = push(&hub, &site, 10);
    assert_eq!(verdicts, [(1, Verdict::Accepted)]);
    let c = Connection::open(hub_dir.join("dugu.sqlite")).expect("open");
    let office_counters: i64 =
        c.query_row("SELECT count(*) FROM record_counters WHERE site_id = ?1", [office], |r| r.get(0)).expect("count");
    assert_eq!(office_counters, 0, "the office has numbered nothing");
    drop(c);
    drop((hub, site));
    let report = check_database(&hub_dir.join("dugu.sqlite"), &dir.path().join("hub-check.sqlite")).expect("check");
    assert!(report.ok(), "{:?}", report.problems);
}

/// Two laptops whose places overlap — one for Kita, one for the whole
/// country (a second laptop for Kita itself retires the first:
/// `retired_sites.rs`) — each register a Kita child while apart: each
/// numbers in its own place's series (Kita's laptop `KIT-`, the country's
/// `ML-`), so both children reach the hub and both laptops. Before, both
/// numbered Kita's series from the same point and the hub refused one.
#[test]
fn a_site_for_the_whole_country_and_the_village_laptop_never_give_one_number_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (hub_dir, one_dir, two_dir) = (dir.path().join("hub"), dir.path().join("one"), dir.path().join("two"));
    let hub = Store::open(&hub_dir).expect("hub");
    let kita = common::mali(&hub, &[("KIT", "Kita")]).remove(0);
    let admin = common::account(&hub, "admin", Role::Administrator, &[]);
    let director = common::account(&hub, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita));
    hub.create_person(&director, child(&kita, "Awa")).expect("Awa");
    let mali = country(&hub, &admin);
    let two_id = hub.create_site(&admin, &mali, "two").expect("site");
    hub.redeem_enrolment("two", &[8; 32]).expect("redeem").expect("enrolled");
    enrol(&hub, &two_id, &mali, &two_dir);
    let one_id = hub.create_site(&admin, &kita, "one").expect("site");
    let enrolled = hub.redeem_enrolment("one", &[7; 32]).expect("redeem").expect("enrolled");
    assert_eq!(enrolled.last_numbers, [(kita.clone(), 1)], "the hub says Kita's last number, only its");
    enrol(&hub, &one_id, &kita, &one_dir);
    let (one, two) = (Store::open(&one_dir).expect("one"), Store::open(&two_dir).expect("two"));
    let at_one = one.principal_of(director.user_id()).expect("read").expect("signs in");
    let at_two = two.principal_of(director.user_id()).expect("read").expect("signs in");
    let a = one.create_person(&at_one, child(&kita, "Oumar")).expect("at one");
    let b = two.create_person(&at_two, child(&kita, "Issa")).expect("at two");
    let c = two.create_person(&at_two, child(&kita, "Fanta")).expect("at two");
    assert_eq!(a.record_number, "KIT-000002", "Kita's laptop goes on in Kita's own series");
    assert_eq!((b.record_number.as_str(), c.record_number.as_str()), ("ML-000001", "ML-000002"));
    let d = hub.create_person(&director, child(&kita, "Kadia")).expect("at the hub");
    assert_eq!(d.record_number, "KIT-900000", "the hub in the national series");

    let (_, verdicts) = push(&hub, &one, 10);
    assert_eq!(verdicts, [(1, Verdict::Accepted)]);
    let (_, verdicts) = push(&hub, &two, 10);
    assert_eq!(verdicts, [(1, Verdict::Accepted), (2, Verdict::Accepted)]);
    pull(&hub, &one, 10);
    pull(&hub, &two, 10);
    for (d, n) in [(&hub_dir, 5), (&one_dir, 5), (&two_dir, 5)] {
        assert_eq!(count(d, "SELECT count(DISTINCT record_number) FROM people"), n, "{}", d.display());
        assert_eq!(count(d, "SELECT count(*) FROM held_back"), 0, "{}", d.display());
    }
    drop((hub, one, two));
    for (d, scratch) in [(&hub_dir, "hub-check"), (&one_dir, "one-check"), (&two_dir, "two-check")] {
        let report = check_database(&d.join("dugu.sqlite"), &dir.path().join(scratch)).expect("check");
        assert!(report.ok(), "{:?}", report.problems);
    }
}

/// A number given twice all the same — two sites whose links name one
/// place, as laptops numbered before each kept to its own place's series
/// — is refused by the hub (`conflicting_record`, kept on its site with
/// its reason), and that site holds the other's child back instead of
/// failing every round after.
#[test]
fn a_record_number_given_twice_is_refused_up_and_held_back_down() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (hub_dir, one_dir, two_dir) = (dir.path().join("hub"), dir.path().join("one"), dir.path().join("two"));
    let hub = Store::open(&hub_dir).expect("hub");
    let kita = common::mali(&hub, &[("KIT", "Kita")]).remove(0);
    let admin = common::account(&hub, "admin", Role::Administrator, &[]);
    let director = common::account(&hub, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita));
    hub.create_person(&director, child(&kita, "Awa")).expect("Awa");
    let one_id = hub.create_site(&admin, &kita, "one").expect("site");
    hub.redeem_enrolment("one", &[7; 32]).expect("redeem").expect("enrolled");
    enrol(&hub, &one_id, &kita, &one_dir);
    let two_id = hub.create_site(&admin, &country(&hub, &admin), "two").expect("site");
    hub.redeem_enrolment("two", &[8; 32]).expect("redeem").expect("enrolled");
    // Its link names Kita: it numbers Kita's own series, as the first.
    enrol(&hub, &two_id, &kita, &two_dir);
    let (one, two) = (Store::open(&one_dir).expect("one"), Store::open(&two_dir).expect("two"));
    let at_one = one.principal_of(director.user_id()).expect("read").expect("signs in");
    let at_two = two.principal_of(director.user_id()).expect("read").expect("signs in");
    let a = one.create_person(&at_one, child(&kita, "Oumar")).expect("at one");
    let b = two.create_person(&at_two, child(&kita, "Issa")).expect("at two");
    assert_eq!(a.record_number, b.record_number, "the hazard: one number, two children");

    let (_, verdicts) = push(&hub, &one, 10);
    assert_eq!(verdicts, [(1, Verdict::Accepted)]);
    let (_, verdicts) = push(&hub, &two, 10);
    assert_eq!(verdicts, [(1, Verdict::Rejected("conflicting_record".into()))]);
    assert_eq!(pull(&hub, &two, 10), 1, "the first laptop's child arrives");
    assert_eq!(count(&two_dir, "SELECT count(*) FROM held_back"), 1, "and waits: its number is taken here");
    assert_eq!(count(&two_dir, "SELECT count(*) FROM sync_rejections WHERE reason = 'conflicting_record'"), 1);
    assert_eq!(pull(&hub, &two, 10), 0, "the next round ends too");
}
