//! Scope moves between sites (issue 14): a child transferred from Kita to
//! Socoura reaches Socoura's site with its history at the next pull and
//! leaves nothing of itself at Kita's; a pull cut short resumes with no
//! gap and no duplicate; accounts follow the hub's credentials. A real hub
//! and real site databases, driven through the export and `take_page` as
//! a sync round drives them (no HTTP).

use dugu_storage::reads::*;
use dugu_storage::writes::*;
mod common;

use dugu_domain::Role;
use dugu_domain::measurement::MeasurementInput;
use dugu_storage::{
    AdmissionInput, HouseInput, HouseholdInput, HubLink, PeopleFilter, PersonInput, PersonPatch, Principal,
    SessionKind, SiteBuild, Store, check_database,
};
use dugu_sync::VersionVector;
use dugu_sync::wire::Page;
use rusqlite::Connection;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const TODAY: time::Date = time::macros::date!(2026 - 07 - 01);

struct World {
    dir: tempfile::TempDir,
    hub: Store,
    kita: String,
    socoura: String,
    admin: Principal,
    national: Principal,
    /// Directs both villages: the one who transfers a child.
    regional: Principal,
    director_kita: Principal,
    nurse_kita: Principal,
    nurse_socoura: Principal,
}

fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = Store::open(&dir.path().join("hub")).expect("hub");
    let places = common::mali(&hub, &[("KIT", "Kita"), ("SOC", "Socoura")]);
    let (kita, socoura) = (places[0].clone(), places[1].clone());
    World {
        admin: common::account(&hub, "admin", Role::Administrator, &[]),
        national: common::account(&hub, "director.national", Role::NationalDirector, &[]),
        regional: common::account(&hub, "director.region", Role::LocationDirector, &[kita.clone(), socoura.clone()]),
        director_kita: common::account(&hub, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita)),
        nurse_kita: common::account(&hub, "nurse.kita", Role::Nurse, std::slice::from_ref(&kita)),
        nurse_socoura: common::account(&hub, "nurse.socoura", Role::Nurse, std::slice::from_ref(&socoura)),
        dir,
        hub,
        kita,
        socoura,
    }
}

fn person(location: &str, given: &str, family: &str) -> PersonInput {
    PersonInput {
        given_name: given.into(),
        family_name: family.into(),
        sex: "F".into(),
        birth_date: "2020-03-01".into(),
        location_id: location.into(),
        ..Default::default()
    }
}

fn weighed(date: &str, kg: f64) -> MeasurementInput {
    MeasurementInput {
        date: date.into(),
        weight_kg: Some(kg),
        length_height_cm: Some(104.0),
        measured: "standing".into(),
        ..Default::default()
    }
}

/// A site enrolled for `location` and built from every page of its scope,
/// as `dugu enrol` builds it; its id and its opened store.
fn site(w: &World, location: &str, name: &str) -> (String, Store, PathBuf) {
    let code = format!("code-{name}");
    let id = w.hub.create_site(&w.admin, location, &code).expect("site");
    w.hub.redeem_enrolment(&code, &[7; 32]).expect("redeem").expect("enrolled");
    let dir = w.dir.path().join(name);
    std::fs::create_dir(&dir).expect("dir");
    let mut build = SiteBuild::create(&dir, &id).expect("build");
    let mut cursor = VersionVector::default();
    loop {
        let page = w.hub.export_to_site(&id, &cursor, build.epoch(), 50).expect("page");
        build.add_page(&page).expect("add");
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    let credentials = w.hub.credentials_for_site(&id).expect("credentials");
    let link = HubLink { hub_url: "http://hub".into(), site_id: id.clone(), location_id: location.into() };
    build.finish(&credentials, &link, &cursor).expect("finish");
    let store = Store::open(&dir).expect("the site opens");
    (id, store, dir)
}

/// One export as a round asks it: from the site's own cursor and epoch.
fn export(w: &World, site_id: &str, site: &Store, limit: usize) -> Page {
    let link = site.site_link().expect("link").expect("a site");
    w.hub.export_to_site(site_id, &link.pulled, link.epoch, limit).expect("export")
}

/// Pulls until the hub has nothing more; the pages taken.
fn pull(w: &World, site_id: &str, site: &Store, limit: usize) -> Vec<Page> {
    let mut pages = Vec::new();
    loop {
        let page = export(w, site_id, site, limit);
        site.take_page(page.clone()).expect("take");
        let more = page.more;
        pages.push(page);
        if !more {
            return pages;
        }
    }
}

fn rows(dir: &Path, sql: &str, param: &str) -> BTreeSet<String> {
    let c = Connection::open(dir.join("dugu.sqlite")).expect("open");
    let mut st = c.prepare(sql).expect("prepare");
    st.query_map([param], |r| r.get::<_, String>(0)).expect("query").collect::<Result<_, _>>().expect("rows")
}

fn count(dir: &Path, sql: &str, param: &str) -> i64 {
    let c = Connection::open(dir.join("dugu.sqlite")).expect("open");
    c.query_row(sql, [param], |r| r.get(0)).expect("count")
}

fn checked(dir: &Path, scratch: &str) {
    let report = check_database(&dir.join("dugu.sqlite"), &dir.with_file_name(scratch)).expect("check");
    assert!(report.ok(), "{:?}", report.problems);
}

/// Every record of a child, by the parent its creation names.
const CHILD_RECORDS: &str = "
    SELECT ?1 UNION SELECT id FROM measurements WHERE person_id = ?1 UNION SELECT id FROM admissions WHERE person_id = ?1
    UNION SELECT id FROM placements WHERE person_id = ?1 UNION SELECT id FROM vaccinations WHERE person_id = ?1
    UNION SELECT id FROM household_members WHERE person_id = ?1";

/// The Kita child with a measurement, an admission into a Kita house (and
/// so a placement), a vaccination and a household, and another child who
/// stays; their ids.
fn kita_child(w: &World) -> (String, String, String) {
    let house = HouseInput {
        location_id: w.kita.clone(),
        name: "Maison Baobab".into(),
        capacity: Some(8),
        ..Default::default()
    };
    let house = w.hub.create_house(&w.director_kita, house).expect("house").id;
    let child = w.hub.create_person(&w.director_kita, person(&w.kita, "Nènè", "Sidibé")).expect("child").id;
    let stays = w.hub.create_person(&w.director_kita, person(&w.kita, "Awa", "Traoré")).expect("stays").id;
    w.hub.record_measurement(&w.nurse_kita, &child, weighed("2026-05-02", 16.0), TODAY).expect("measured");
    w.hub.vaccinate(&w.nurse_kita, &child, "bcg", "2020-03-02", TODAY).expect("vaccinated");
    let admission = AdmissionInput {
        admitted_on: "2026-01-10".into(),
        reason: "orphaned_aids".into(),
        referred_by: "Tribunal pour enfants".into(),
        house_id: house,
        sibling_id: String::new(),
        sibling_not_taken: None,
        confirm_over_capacity: false,
    };
    w.hub.admit(&w.director_kita, &child, admission, TODAY).expect("admitted");
    let household = HouseholdInput {
        name: "Famille Traoré".into(),
        location_id: w.kita.clone(),
        members: vec![(stays.clone(), "head".into()), (child.clone(), "child".into())],
    };
    let household = w.hub.create_household(&w.director_kita, household).expect("household").id;
    (child, stays, household)
}

fn transfer(w: &World, child: &str, to: &str) {
    let patch = PersonPatch { fields: vec![("location_id".into(), to.to_string())], age_years: None };
    w.hub.update_person(&w.regional, child, patch).expect("transferred");
}

fn found(site: &Store, who: &Principal, words: &str) -> u64 {
    site.search_people(who, words, &PeopleFilter::default(), TODAY, 20, 0).expect("search").total
}

#[test]
fn a_transferred_child_arrives_whole_at_its_new_site_and_leaves_nothing_at_the_old() {
    let w = world();
    let (child, stays, household) = kita_child(&w);
    let (kita_id, kita_site, kita_dir) = site(&w, &w.kita, "kita");
    let (soc_id, soc_site, soc_dir) = site(&w, &w.socoura, "socoura");
    let nurse_at_kita = kita_site.principal_of(w.director_kita.user_id()).expect("read").expect("signs in");
    assert_eq!(found(&kita_site, &nurse_at_kita, "Sidibé"), 1, "Kita holds the child before");
    assert_eq!(count(&soc_dir, "SELECT count(*) FROM ops WHERE entity_id = ?1", &child), 0);

    transfer(&w, &child, &w.socoura);
    // Recorded at the hub after the transfer: comes with the stream.
    w.hub.record_measurement(&w.nurse_socoura, &child, weighed("2026-06-20", 16.4), TODAY).expect("measured");

    // Socoura: the child's whole history, in a few small pages.
    let pages = pull(&w, &soc_id, &soc_site, 4);
    assert!(pages.iter().all(|p| p.gone.is_empty()));
    let hub_dir = w.dir.path().join("hub");
    let records = rows(&hub_dir, CHILD_RECORDS, &child);
    let placement = rows(&hub_dir, "SELECT id FROM placements WHERE person_id = ?1", &child);
    let membership = rows(&hub_dir, "SELECT id FROM household_members WHERE person_id = ?1", &child);
    let expected: BTreeSet<String> = records.difference(&placement).cloned().collect();
    let expected: BTreeSet<String> = expected.difference(&membership).cloned().collect();
    assert_eq!(expected.len(), 5, "the child, two measurements, an admission, a dose");
    let held = rows(&soc_dir, CHILD_RECORDS, &child);
    assert_eq!(held, expected, "every record of the child but those naming Kita's house and household");
    let hub_ops = |id: &str| count(&hub_dir, "SELECT count(*) FROM ops WHERE entity_id = ?1", id);
    let site_ops = |id: &str| count(&soc_dir, "SELECT count(*) FROM ops WHERE entity_id = ?1", id);
    for id in &expected {
        assert_eq!(site_ops(id), hub_ops(id), "every op of each record");
    }
    for id in placement.iter().chain(&membership).chain([&household, &stays]) {
        assert_eq!(site_ops(id), 0, "nothing of Kita's house, household or other child");
    }
    assert_eq!(count(&soc_dir, "SELECT count(*) FROM held_back WHERE ?1 IS NOT NULL", "x"), 0, "nothing waits");
    assert_eq!(count(&soc_dir, "SELECT count(*) FROM growth_status WHERE person_id = ?1", &child), 1);
    let nurse_at_soc = soc_site.principal_of(w.nurse_socoura.user_id()).expect("read").expect("signs in");
    assert_eq!(found(&soc_site, &nurse_at_soc, "Sidibé"), 1, "found by name at Socoura");
    drop(soc_site);
    checked(&soc_dir, "soc-check.sqlite");

    // Kita: the child is gone, with everything attached to it.
    let before_audit = count(&kita_dir, "SELECT count(*) FROM audit_log WHERE record_id = ?1", &child);
    let pages = pull(&w, &kita_id, &kita_site, 4);
    let gone: Vec<&String> = pages.iter().flat_map(|p| &p.gone).collect();
    assert_eq!(gone, [&child], "said gone once");
    assert_eq!(found(&kita_site, &nurse_at_kita, "Sidibé"), 0, "the name index forgot the child at once");
    assert_eq!(found(&kita_site, &nurse_at_kita, "Traoré"), 1, "and only the child");
    for id in &records {
        for sql in [
            "SELECT count(*) FROM people WHERE id = ?1",
            "SELECT count(*) FROM measurements WHERE id = ?1",
            "SELECT count(*) FROM admissions WHERE id = ?1",
            "SELECT count(*) FROM placements WHERE id = ?1",
            "SELECT count(*) FROM vaccinations WHERE id = ?1",
            "SELECT count(*) FROM household_members WHERE id = ?1",
        ] {
            assert_eq!(count(&kita_dir, sql, id), 0, "a row of the child stays: {sql}");
        }
        for sql in [
            "SELECT count(*) FROM ops WHERE entity_id = ?1",
            "SELECT count(*) FROM heads WHERE entity_id = ?1",
            "SELECT count(*) FROM held_back WHERE entity_id = ?1",
        ] {
            assert_eq!(count(&kita_dir, sql, id), 0, "{sql}");
        }
    }
    for sql in [
        "SELECT count(*) FROM growth_status WHERE person_id = ?1",
        "SELECT count(*) FROM attendance WHERE person_id = ?1",
        "SELECT count(*) FROM person_tokens WHERE person_key NOT IN (SELECT rowid FROM people) AND ?1 IS NOT NULL",
        "SELECT count(*) FROM ops WHERE value LIKE '%' || ?1 || '%'",
    ] {
        assert_eq!(count(&kita_dir, sql, &child), 0, "{sql}");
    }
    assert_eq!(count(&kita_dir, "SELECT count(*) FROM ops WHERE value LIKE '%Sidib%' AND ?1 IS NOT NULL", "x"), 0);
    assert_eq!(
        count(
            &kita_dir,
            "SELECT count(*) FROM audit_log WHERE record_id = ?1 AND user_id IS NULL AND action = 'delete'",
            &child
        ),
        1,
        "one system entry for the child"
    );
    assert_eq!(count(&kita_dir, "SELECT count(*) FROM audit_log WHERE record_id = ?1", &child), before_audit + 1);
    // The household and the child who stays are still Kita's.
    assert_eq!(count(&kita_dir, "SELECT count(*) FROM household_members WHERE household_id = ?1", &household), 1);
    assert_eq!(count(&kita_dir, "SELECT count(*) FROM people WHERE id = ?1", &stays), 1);
    // Taking the last page again changes nothing.
    let again = kita_site.take_page(pages.last().cloned().expect("a page")).expect("again");
    assert_eq!((again.new_ops, again.purged), (0, 0));
    drop(kita_site);
    checked(&kita_dir, "kita-check.sqlite");
    // It opens again, its name index rebuilt from what is left.
    let kita_site = Store::open(&kita_dir).expect("reopens");
    assert_eq!(found(&kita_site, &nurse_at_kita, "Sidibé"), 0);
    // The hub keeps everything.
    assert_eq!(rows(&hub_dir, CHILD_RECORDS, &child), records);
}

#[test]
fn a_pull_cut_short_resumes_with_no_gap_and_no_duplicate() {
    let w = world();
    let (child, _, _) = kita_child(&w);
    let other = w.hub.create_person(&w.director_kita, person(&w.kita, "Kadia", "Diarra")).expect("other").id;
    w.hub.record_measurement(&w.nurse_kita, &other, weighed("2026-05-03", 15.0), TODAY).expect("measured");
    let (soc_id, soc_site, soc_dir) = site(&w, &w.socoura, "socoura");
    let (kita_id, kita_site, kita_dir) = site(&w, &w.kita, "kita");
    transfer(&w, &child, &w.socoura);
    transfer(&w, &other, &w.socoura);

    // The first answer is lost: the next request is the same, and the
    // history it offered is offered again.
    let lost = export(&w, &soc_id, &soc_site, 1);
    assert!(!lost.ops.is_empty() && lost.more, "one root's history per page at this limit");
    let mut taken: Vec<(String, u64)> = Vec::new();
    let first = export(&w, &soc_id, &soc_site, 1);
    assert_eq!(first.ops, lost.ops, "offered again, the same ops");
    taken.extend(first.ops.iter().map(|o| (o.device.clone(), o.seq)));
    soc_site.take_page(first).expect("take");
    // The second answer is lost too, after the first was taken.
    let lost = export(&w, &soc_id, &soc_site, 1);
    assert!(!lost.ops.is_empty());
    for page in pull(&w, &soc_id, &soc_site, 1) {
        taken.extend(page.ops.iter().map(|o| (o.device.clone(), o.seq)));
    }
    let distinct: BTreeSet<&(String, u64)> = taken.iter().collect();
    assert_eq!(distinct.len(), taken.len(), "no op sent twice in the pages taken");
    let hub_dir = w.dir.path().join("hub");
    for id in [&child, &other] {
        let on_hub = rows(&hub_dir, "SELECT id FROM measurements WHERE person_id = ?1", id);
        assert_eq!(rows(&soc_dir, "SELECT id FROM measurements WHERE person_id = ?1", id), on_hub, "no gap");
        let sql = "SELECT count(*) FROM ops WHERE entity_id = ?1";
        assert_eq!(count(&soc_dir, sql, id), count(&hub_dir, sql, id));
    }
    let after = export(&w, &soc_id, &soc_site, 10);
    assert!(after.ops.is_empty() && after.gone.is_empty() && !after.more, "nothing left to offer");
    drop(soc_site);
    checked(&soc_dir, "soc-check.sqlite");

    // Kita: the page saying the two are gone is lost; it is said again.
    let lost = export(&w, &kita_id, &kita_site, 100);
    assert_eq!(lost.gone.len(), 2);
    let pages = pull(&w, &kita_id, &kita_site, 100);
    let gone: BTreeSet<&String> = pages.iter().flat_map(|p| &p.gone).collect();
    assert_eq!(gone, BTreeSet::from([&child, &other]));
    assert_eq!(count(&kita_dir, "SELECT count(*) FROM people WHERE id = ?1", &other), 0);
    let after = export(&w, &kita_id, &kita_site, 100);
    assert!(after.gone.is_empty(), "said gone no more once taken");
    drop(kita_site);
    checked(&kita_dir, "kita-check.sqlite");

    // Back to Kita: offered again, whole.
    transfer(&w, &other, &w.kita);
    let kita_site = Store::open(&kita_dir).expect("reopen");
    pull(&w, &kita_id, &kita_site, 100);
    let on_hub = rows(&hub_dir, "SELECT id FROM measurements WHERE person_id = ?1", &other);
    assert_eq!(rows(&kita_dir, "SELECT id FROM measurements WHERE person_id = ?1", &other), on_hub);
    drop(kita_site);
    checked(&kita_dir, "kita-check2.sqlite");
}

#[test]
fn a_site_refuses_to_purge_what_it_has_not_sent() {
    let w = world();
    let (child, _, _) = kita_child(&w);
    let (kita_id, kita_site, kita_dir) = site(&w, &w.kita, "kita");
    let nurse = kita_site.principal_of(w.nurse_kita.user_id()).expect("read").expect("signs in");
    kita_site.record_measurement(&nurse, &child, weighed("2026-06-01", 16.2), TODAY).expect("recorded at Kita");
    transfer(&w, &child, &w.socoura);
    let epoch = kita_site.site_link().expect("link").expect("site").epoch;
    let page = export(&w, &kita_id, &kita_site, 100);
    assert_eq!(page.gone, std::slice::from_ref(&child));
    assert!(kita_site.take_page(page).is_err(), "the measurement made here has not reached the hub");
    assert_eq!(count(&kita_dir, "SELECT count(*) FROM people WHERE id = ?1", &child), 1, "nothing changed");
    assert_eq!(kita_site.site_link().expect("link").expect("site").epoch, epoch, "nor the epoch");
}

#[test]
fn accounts_follow_the_hub_at_the_next_refresh() {
    let w = world();
    let teacher = common::account(&w.hub, "worker.kita", Role::SocialWorker, std::slice::from_ref(&w.kita));
    let (kita_id, kita_site, _) = site(&w, &w.kita, "kita");
    let now = dugu_storage::now_millis();
    for (token, user) in [
        ("t-nurse", w.nurse_kita.user_id()),
        ("t-director", w.director_kita.user_id()),
        ("t-teacher", teacher.user_id()),
    ] {
        let user = user.to_string();
        kita_site
            .write(move |tx| tx.create_session(token, &user, SessionKind::Web, "csrf", true, now))
            .expect("session");
    }

    let (admin, nurse, director) =
        (w.admin.clone(), w.nurse_kita.user_id().to_string(), w.director_kita.user_id().to_string());
    w.hub.write(move |tx| tx.set_disabled(&admin, &nurse, true)).expect("disabled");
    w.hub.write(move |tx| tx.set_password(None, &director, "$argon2id$new")).expect("new password");
    let (admin, t, soc) = (w.admin.clone(), teacher.user_id().to_string(), w.socoura.clone());
    let change = w.hub.write(move |tx| tx.change_role(&admin, &t, Role::SocialWorker, &[soc])).expect("moved");
    // A role that reads people, at a new place: a national director decides.
    assert_eq!(change, dugu_storage::RoleChange::AwaitingApproval);
    let request = w.hub.role_requests(&w.national).expect("requests").remove(0).id;
    let national = w.national.clone();
    w.hub.write(move |tx| tx.decide_role_request(&national, &request, true)).expect("moved to Socoura");

    pull(&w, &kita_id, &kita_site, 100);
    let done =
        kita_site.refresh_credentials(w.hub.credentials_for_site(&kita_id).expect("list"), None).expect("refresh");
    assert_eq!((done.changed, done.dropped, done.sessions_ended), (1, 2, 3));
    assert!(kita_site.principal_of(w.nurse_kita.user_id()).expect("read").is_none(), "disabled");
    assert!(kita_site.principal_of(teacher.user_id()).expect("read").is_none(), "left the scope");
    let director = kita_site.user(w.director_kita.user_id()).expect("read").expect("still here");
    assert_eq!(director.password_hash, "$argon2id$new");
    for token in ["t-nurse", "t-director", "t-teacher"] {
        assert!(kita_site.session(token).expect("read").is_none(), "{token} ended");
    }
    // A second refresh with the same list changes nothing.
    let again =
        kita_site.refresh_credentials(w.hub.credentials_for_site(&kita_id).expect("list"), None).expect("again");
    assert_eq!(again, dugu_storage::CredentialsRefreshed::default());
}

/// Foreign-key problems of a site's database (none, on every site).
fn dangling(dir: &Path) -> Vec<String> {
    let c = Connection::open(dir.join("dugu.sqlite")).expect("open");
    let mut st = c.prepare("SELECT \"table\" || ' -> ' || parent FROM pragma_foreign_key_check").expect("prepare");
    st.query_map([], |r| r.get::<_, String>(0)).expect("query").collect::<Result<_, _>>().expect("rows")
}

#[test]
fn an_sos_parent_leaving_while_a_house_names_them_never_wedges_the_pull() {
    let w = world();
    let mother = w.hub.create_person(&w.director_kita, person(&w.kita, "Mariam", "Konaté")).expect("mother").id;
    let house = HouseInput {
        location_id: w.kita.clone(),
        name: "Maison Karité".into(),
        capacity: Some(8),
        sos_parent_id: mother.clone(),
    };
    let house = w.hub.create_house(&w.director_kita, house).expect("house").id;
    let (kita_id, kita_site, kita_dir) = site(&w, &w.kita, "kita");
    let (soc_id, soc_site, soc_dir) = site(&w, &w.socoura, "socoura");
    transfer(&w, &mother, &w.socoura);

    // Kita: the SOS mother goes, her house stays, naming her only by id.
    let pages = pull(&w, &kita_id, &kita_site, 100);
    assert_eq!(pages.iter().flat_map(|p| &p.gone).collect::<Vec<_>>(), [&mother]);
    assert_eq!(count(&kita_dir, "SELECT count(*) FROM people WHERE id = ?1", &mother), 0, "not readable here");
    assert_eq!(count(&kita_dir, "SELECT count(*) FROM ops WHERE value LIKE '%Konat%' AND ?1 IS NOT NULL", "x"), 0);
    let director = kita_site.principal_of(w.director_kita.user_id()).expect("read").expect("signs in");
    let houses = kita_site.houses(&director, &w.kita).expect("houses");
    assert_eq!(houses.len(), 1, "the house stays at Kita");
    assert_eq!(houses[0].sos_parent_name, None, "no name of someone out of scope");
    // The next pulls are not wedged: a child registered at the hub arrives.
    let later = w.hub.create_person(&w.director_kita, person(&w.kita, "Oumou", "Keïta")).expect("later").id;
    pull(&w, &kita_id, &kita_site, 100);
    assert_eq!(count(&kita_dir, "SELECT count(*) FROM people WHERE id = ?1", &later), 1);
    assert!(dangling(&kita_dir).is_empty(), "{:?}", dangling(&kita_dir));
    drop(kita_site);
    checked(&kita_dir, "kita-check.sqlite");

    // Socoura: she arrives; the Kita house is not Socoura's.
    pull(&w, &soc_id, &soc_site, 100);
    assert_eq!(count(&soc_dir, "SELECT count(*) FROM people WHERE id = ?1", &mother), 1);
    assert_eq!(count(&soc_dir, "SELECT count(*) FROM family_houses WHERE id = ?1", &house), 0);
    drop(soc_site);
    checked(&soc_dir, "soc-check.sqlite");

    // A laptop enrolled for Kita after the move is built whole.
    let (_, new_kita, new_dir) = site(&w, &w.kita, "kita-new");
    assert_eq!(count(&new_dir, "SELECT count(*) FROM family_houses WHERE id = ?1", &house), 1);
    assert_eq!(count(&new_dir, "SELECT count(*) FROM people WHERE id = ?1", &mother), 0);
    drop(new_kita);
    assert!(dangling(&new_dir).is_empty());
    checked(&new_dir, "kita-new-check.sqlite");

    // The hub keeps everything: the house still names her.
    let hub_dir = w.dir.path().join("hub");
    assert_eq!(
        rows(&hub_dir, "SELECT sos_parent_id FROM family_houses WHERE id = ?1", &house),
        BTreeSet::from([mother])
    );
}

#[test]
fn a_child_moved_away_while_a_site_is_enrolled_is_not_in_its_database() {
    let w = world();
    let (child, stays, _household) = kita_child(&w);
    // A field changed after her creation: the site keeps its heads, which
    // must leave with her. Then more for the pages after it.
    let corrected = PersonPatch { fields: vec![("given_name".into(), "Kadia".into())], age_years: None };
    w.hub.update_person(&w.regional, &child, corrected).expect("corrected");
    for day in ["2026-01-03", "2026-02-03", "2026-03-03", "2026-04-03"] {
        w.hub.record_measurement(&w.nurse_kita, &stays, weighed(day, 14.0), TODAY).expect("measured");
    }
    let id = w.hub.create_site(&w.admin, &w.kita, "code-kita").expect("site");
    w.hub.redeem_enrolment("code-kita", &[7; 32]).expect("redeem").expect("enrolled");
    let dir = w.dir.path().join("kita");
    std::fs::create_dir(&dir).expect("dir");
    let mut build = SiteBuild::create(&dir, &id).expect("build");
    let mut cursor = VersionVector::default();
    let mut moved = false;
    let mut gone = Vec::new();
    loop {
        let page = w.hub.export_to_site(&id, &cursor, build.epoch(), 3).expect("page");
        build.add_page(&page).expect("add");
        gone.extend(page.gone.clone());
        cursor = page.cursor;
        // The child's record is materialized as its page is taken, her
        // name's change with its heads; she is then moved away before the
        // enrolment ends.
        if !moved && count(&dir, "SELECT count(*) FROM heads WHERE entity_id = ?1", &child) == 1 {
            assert!(page.more, "moved while pages remain");
            transfer(&w, &child, &w.socoura);
            moved = true;
        }
        if !page.more {
            break;
        }
    }
    assert!(moved, "the child's record was materialized before the last page");
    assert_eq!(gone, std::slice::from_ref(&child), "said gone during the enrolment");
    let credentials = w.hub.credentials_for_site(&id).expect("credentials");
    let link = HubLink { hub_url: "http://hub".into(), site_id: id.clone(), location_id: w.kita.clone() };
    build.finish(&credentials, &link, &cursor).expect("finish");
    for sql in [
        "SELECT count(*) FROM people WHERE id = ?1",
        "SELECT count(*) FROM measurements WHERE person_id = ?1",
        "SELECT count(*) FROM vaccinations WHERE person_id = ?1",
        "SELECT count(*) FROM admissions WHERE person_id = ?1",
        "SELECT count(*) FROM growth_status WHERE person_id = ?1",
        "SELECT count(*) FROM ops WHERE entity_id = ?1",
        "SELECT count(*) FROM heads WHERE entity_id = ?1",
        "SELECT count(*) FROM conflicted_fields WHERE entity_id = ?1",
    ] {
        assert_eq!(count(&dir, sql, &child), 0, "{sql}");
    }
    assert_eq!(count(&dir, "SELECT count(*) FROM people WHERE id = ?1", &stays), 1, "the other child stays");
    checked(&dir, "kita-check.sqlite");
    let site = Store::open(&dir).expect("the site opens");
    let director = site.principal_of(w.director_kita.user_id()).expect("read").expect("signs in");
    assert_eq!(found(&site, &director, "Sidibé"), 0, "not found by name");
    assert_eq!(found(&site, &director, "Traoré"), 1);
}

/// A child who comes into a site's scope while it is being enrolled
/// arrives with its history, which can hold a change made on one device
/// before its creation on another: the Socoura laptop registers the child,
/// the hub corrects her name, then Kita's enrolment starts and she is
/// moved to Kita. The built site holds her as her log says — corrected,
/// at Kita — not as her creation said (the hub lists the history by
/// device; a page taken op by op would have applied the correction to no
/// row, then the creation over it).
#[test]
fn a_child_moved_in_while_a_site_is_enrolled_arrives_as_her_log_says() {
    let w = world();
    let director_socoura =
        common::account(&w.hub, "director.socoura", Role::LocationDirector, std::slice::from_ref(&w.socoura));
    let (_, socoura, _) = site(&w, &w.socoura, "socoura");
    let at_socoura = socoura.principal_of(director_socoura.user_id()).expect("read").expect("signs in");
    let child = socoura.create_person(&at_socoura, person(&w.socoura, "Kadya", "Coulibaly")).expect("child").id;
    loop {
        let ops = socoura.ops_to_push(50).expect("to push");
        let Some(last) = ops.last().map(|o| o.seq) else { break };
        socoura.mark_sent(last).expect("sent");
        let verdicts = w.hub.take_push(socoura.site_id(), ops).expect("push");
        socoura.take_verdicts(verdicts).expect("verdicts");
    }
    let corrected = PersonPatch { fields: vec![("given_name".into(), "Kadia".into())], age_years: None };
    w.hub.update_person(&w.regional, &child, corrected).expect("corrected");
    // Kita's own records, made after the correction, so that the first
    // page of the enrolment passes it in the hub's log.
    kita_child(&w);

    let id = w.hub.create_site(&w.admin, &w.kita, "code-kita").expect("site");
    w.hub.redeem_enrolment("code-kita", &[8; 32]).expect("redeem").expect("enrolled");
    let dir = w.dir.path().join("kita");
    std::fs::create_dir(&dir).expect("dir");
    let mut build = SiteBuild::create(&dir, &id).expect("build");
    let mut cursor = VersionVector::default();
    let mut moved = false;
    loop {
        let page = w.hub.export_to_site(&id, &cursor, build.epoch(), 3).expect("page");
        build.add_page(&page).expect("add");
        cursor = page.cursor;
        // Moved once the pages have passed the correction in the hub's
        // log (Kita's house was made after it).
        if !moved && page.ops.iter().any(|o| o.entity_type == "house") {
            assert!(page.more, "moved while pages remain");
            transfer(&w, &child, &w.kita);
            moved = true;
        }
        if !page.more {
            break;
        }
    }
    let credentials = w.hub.credentials_for_site(&id).expect("credentials");
    let link = HubLink { hub_url: "http://hub".into(), site_id: id.clone(), location_id: w.kita.clone() };
    build.finish(&credentials, &link, &cursor).expect("finish");
    assert!(moved, "moved during the enrolment");
    assert_eq!(
        rows(&dir, "SELECT given_name || ' ' || location_id FROM people WHERE id = ?1", &child),
        BTreeSet::from([format!("Kadia {}", w.kita)]),
        "corrected, at Kita"
    );
    checked(&dir, "kita-in-check.sqlite");
}
