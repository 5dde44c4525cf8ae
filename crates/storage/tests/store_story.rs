//! One story through the store on a real SQLite file: locations, users,
//! people in two villages, scope, field groups, change log, audit chain.

use dugu_storage::reads::*;
use dugu_storage::writes::*;
mod common;

use dugu_domain::people_filter::{AgeGroup, PersonStatus};
use dugu_domain::{Role, Sex};
use dugu_storage::{AuditAction, AuditQuery, PeopleFilter, PersonInput, PersonPatch, Principal, Store, StoreError};

fn today() -> time::Date {
    time::macros::date!(2026 - 11 - 28)
}

struct World {
    store: Store,
    kita: String,
    mopti: String,
    _dir: tempfile::TempDir,
}

fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let mut sites = common::mali(&store, &[("KIT", "Kita"), ("SOC", "Socoura")]);
    let mopti = sites.remove(1);
    let kita = sites.remove(0);
    World { store, kita, mopti, _dir: dir }
}

fn principal(w: &World, role: Role, locations: &[&str]) -> Principal {
    let ids: Vec<String> = locations.iter().map(|s| s.to_string()).collect();
    let username = format!("{}-{}", role.code(), locations.first().map_or("all", |l| &l[l.len() - 6..]));
    common::account(&w.store, &username, role, &ids)
}

fn child(location: &str, given: &str, family: &str) -> PersonInput {
    PersonInput {
        given_name: given.into(),
        family_name: family.into(),
        sex: "F".into(),
        birth_date: "2019".into(),
        location_id: location.into(),
        protection_notes: "risque".into(),
        sent: vec![
            "given_name".into(),
            "family_name".into(),
            "sex".into(),
            "birth_date".into(),
            "location_id".into(),
            "protection_notes".into(),
        ],
        ..Default::default()
    }
}

#[test]
fn scope_groups_log_and_audit() {
    let w = world();
    let sw_kita = principal(&w, Role::SocialWorker, &[&w.kita]);
    let sw_mopti = principal(&w, Role::SocialWorker, &[&w.mopti]);
    let nurse_kita = principal(&w, Role::Nurse, &[&w.kita]);
    let national = principal(&w, Role::NationalDirector, &[]);

    let awa = w.store.create_person(&sw_kita, child(&w.kita, "Awa", "Traoré")).expect("create");
    assert_eq!(awa.record_number, "KIT-000001");
    assert_eq!(awa.protection_notes.as_deref(), Some("risque"));

    // Out of scope is not found, never forbidden.
    assert!(matches!(w.store.view_person(&sw_mopti, &awa.id), Err(StoreError::NotFound)));
    assert!(matches!(w.store.view_person(&sw_mopti, "nope"), Err(StoreError::NotFound)));
    assert_eq!(
        w.store.search_people(&sw_mopti, "traore", &PeopleFilter::default(), today(), 20, 0).expect("search").total,
        0
    );
    assert!(matches!(w.store.create_person(&sw_mopti, child(&w.kita, "X", "Y")), Err(StoreError::Invalid(_))));

    // Accent-free search in scope; national director sees everything.
    let found = w.store.search_people(&sw_kita, "traore", &PeopleFilter::default(), today(), 20, 0).expect("search");
    assert_eq!((found.total, found.items[0].id.as_str()), (1, awa.id.as_str()));
    assert_eq!(
        w.store.search_people(&national, "TRAO", &PeopleFilter::default(), today(), 20, 0).expect("search").total,
        1
    );
    assert_eq!(
        w.store.search_people(&sw_kita, "awa trao", &PeopleFilter::default(), today(), 20, 0).expect("search").total,
        1
    );

    // The nurse sees no protection notes and may not write them.
    let seen = w.store.view_person(&nurse_kita, &awa.id).expect("view");
    assert_eq!(seen.protection_notes, None);
    let patch = PersonPatch { fields: vec![("protection_notes".into(), "x".into())], age_years: None };
    assert!(matches!(w.store.update_person(&nurse_kita, &awa.id, patch), Err(StoreError::Forbidden)));

    // A change writes only changed fields, to the log and the audit.
    let patch = PersonPatch {
        fields: vec![("given_name".into(), "Awa Binta".into()), ("sex".into(), "F".into())],
        age_years: None,
    };
    let changed = w.store.update_person(&sw_kita, &awa.id, patch).expect("update");
    assert_eq!(changed.given_name, "Awa Binta");
    // The creation (one op, every field: `field` NULL), then the change.
    let ops: Vec<(Vec<u8>, Vec<u8>)> = {
        let c = rusqlite::Connection::open(w.store.path()).expect("open");
        let mut st = c.prepare("SELECT op_id, parents FROM ops WHERE entity_id = ?1 AND (field = 'given_name' OR field IS NULL) ORDER BY seq").expect("prepare");
        let rows = st.query_map([&awa.id], |r| Ok((r.get(0)?, r.get(1)?))).expect("query");
        rows.collect::<Result<Vec<_>, _>>().expect("ops")
    };
    assert_eq!(ops.len(), 2);
    assert!(ops[0].1.is_empty(), "a new record's op has no parent");
    assert_eq!(ops[1].1, ops[0].0, "the change names the value it replaced as parent");

    let auditor = principal(&w, Role::Auditor, &[]);
    let entries = w
        .store
        .audit_entries(&auditor, &AuditQuery { record_id: Some(awa.id.clone()), limit: 100, ..Default::default() })
        .expect("audit");
    // Entries about her record, and the searches whose results named her.
    let own: Vec<&str> = entries.iter().rev().filter(|e| e.record_id == awa.id).map(|e| e.action.code()).collect();
    assert_eq!(own, ["create", "view", "update"]);
    assert!(entries.iter().any(|e| e.action == AuditAction::Search && e.shown.contains(&awa.id)));
    assert_eq!(entries[0].fields, ["given_name"]);
    assert!(matches!(w.store.audit_entries(&sw_kita, &AuditQuery::default()), Err(StoreError::Forbidden)));

    // The audit trail cannot be changed, and tampering is detected.
    let path = w.store.path().to_path_buf();
    let conn = rusqlite::Connection::open(&path).expect("open");
    assert!(conn.execute("UPDATE audit_log SET username = 'x'", []).is_err());
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    assert!(w.store.verify_audit_chain().expect("chain intact") > 5);
    conn.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET record_id = 'forged' WHERE seq = 3;")
        .expect("tamper");
    let err = w.store.verify_audit_chain().expect_err("tampering found");
    assert!(err.to_string().contains("entry 3"), "{err}");
}

#[test]
fn failed_writes_leave_nothing_behind() {
    let w = world();
    let sw = principal(&w, Role::SocialWorker, &[&w.kita]);
    let before: i64 = rusqlite::Connection::open(w.store.path())
        .expect("open")
        .query_row("SELECT (SELECT COUNT(*) FROM ops) + (SELECT COUNT(*) FROM audit_log)", [], |r| r.get(0))
        .expect("count");
    let mut bad = child(&w.kita, "", "Traoré");
    bad.birth_date = "2999-01-01".into();
    let Err(StoreError::Invalid(inv)) = w.store.create_person(&sw, bad) else { panic!("must be invalid") };
    assert!(inv.of("given_name").is_some() && inv.of("birth_date").is_some());
    // A failure in the middle of a write rolls back all of it.
    let r: Result<(), StoreError> = w.store.write({
        let sw = sw.clone();
        let input = child(&w.kita, "Fanta", "Keïta");
        move |tx| {
            tx.create_person(&sw, &input)?;
            Err(StoreError::Integrity("simulated failure".into()))
        }
    });
    assert!(r.is_err());
    let after: i64 = rusqlite::Connection::open(w.store.path())
        .expect("open")
        .query_row("SELECT (SELECT COUNT(*) FROM ops) + (SELECT COUNT(*) FROM audit_log)", [], |r| r.get(0))
        .expect("count");
    assert_eq!(before, after);
    assert_eq!(w.store.search_people(&sw, "keita", &PeopleFilter::default(), today(), 10, 0).expect("search").total, 0);
    // The chain continues correctly after a rolled-back write.
    w.store.create_person(&sw, child(&w.kita, "Fanta", "Keïta")).expect("create");
    w.store.verify_audit_chain().expect("chain intact");
}

#[test]
fn the_name_index_follows_changes_and_survives_a_restart() {
    let w = world();
    let sw = principal(&w, Role::SocialWorker, &[&w.kita]);
    let p = w.store.create_person(&sw, child(&w.kita, "Kadiatou", "Sissoko")).expect("create");
    assert_eq!(
        w.store.search_people(&sw, "kadiatou sisso", &PeopleFilter::default(), today(), 10, 0).expect("search").total,
        1
    );
    let patch = PersonPatch { fields: vec![("family_name".into(), "Bagayoko".into())], age_years: None };
    w.store.update_person(&sw, &p.id, patch).expect("update");
    assert_eq!(
        w.store.search_people(&sw, "sissoko", &PeopleFilter::default(), today(), 10, 0).expect("search").total,
        0,
        "the old name is gone"
    );
    assert_eq!(
        w.store.search_people(&sw, "kadi bagayoko", &PeopleFilter::default(), today(), 10, 0).expect("search").total,
        1
    );
    let dir = w.store.path().parent().expect("dir").to_path_buf();
    drop(w.store);
    let reopened = Store::open(&dir).expect("reopen");
    let found =
        reopened.search_people(&sw, "bagayo kadiatou", &PeopleFilter::default(), today(), 10, 0).expect("search");
    assert_eq!((found.total, found.items[0].id.as_str()), (1, p.id.as_str()), "rebuilt from the database");
    assert_eq!(
        reopened.search_people(&sw, "sissoko", &PeopleFilter::default(), today(), 10, 0).expect("search").total,
        0
    );
}

#[test]
fn a_member_who_moved_away_is_not_shown_in_the_household() {
    let w = world();
    let director = principal(&w, Role::LocationDirector, &[&w.kita, &w.mopti]);
    let sw_kita = principal(&w, Role::SocialWorker, &[&w.kita]);
    let mother = w.store.create_person(&director, child(&w.kita, "Awa", "Traoré")).expect("mother");
    let son = w.store.create_person(&director, child(&w.kita, "Moussa", "Traoré")).expect("son");
    let h = w
        .store
        .create_household(
            &director,
            dugu_storage::HouseholdInput {
                name: "Famille Traoré".into(),
                location_id: w.kita.clone(),
                members: vec![(mother.id.clone(), "head".into()), (son.id.clone(), "child".into())],
            },
        )
        .expect("household");
    assert_eq!(w.store.view_household(&sw_kita, &h.id).expect("view").members.len(), 2);
    let patch = PersonPatch { fields: vec![("location_id".into(), w.mopti.clone())], age_years: None };
    w.store.update_person(&director, &son.id, patch).expect("move");
    let seen = w.store.view_household(&sw_kita, &h.id).expect("view");
    assert_eq!(seen.members.iter().map(|m| m.person_id.as_str()).collect::<Vec<_>>(), vec![mother.id.as_str()]);
    let (listed, total) = w.store.households(&sw_kita, None, None, 10, 0).expect("list");
    assert_eq!(total, 1);
    assert_eq!(listed[0].3, 1, "the member count is of the scope too");
    assert_eq!(w.store.view_household(&director, &h.id).expect("view").members.len(), 2);
}

#[test]
fn lists_narrow_by_location_age_sex_and_status() {
    let w = world();
    let director = principal(&w, Role::NationalDirector, &[]);
    let writer = principal(&w, Role::LocationDirector, &[&w.kita, &w.mopti]);
    let nurse_kita = principal(&w, Role::Nurse, &[&w.kita]);
    let mut boy = child(&w.kita, "Moussa", "Traoré");
    boy.sex = "M".into();
    boy.birth_date = "2024-03-01".into();
    let boy = w.store.create_person(&writer, boy).expect("boy");
    let girl = w.store.create_person(&writer, child(&w.kita, "Awa", "Traoré")).expect("girl");
    let mut mopti = child(&w.mopti, "Fatoumata", "Traoré");
    mopti.birth_date = "2000".into();
    let mopti = w.store.create_person(&writer, mopti).expect("mopti");
    let ids = |who: &Principal, q: &str, f: PeopleFilter| -> Vec<String> {
        let page = w.store.search_people(who, q, &f, today(), 20, 0).expect("search");
        assert_eq!(page.total as usize, page.items.len());
        page.items.into_iter().map(|p| p.id).collect()
    };
    let kita = || PeopleFilter { location_id: Some(w.kita.clone()), ..Default::default() };
    // By name order (Awa, Fatoumata, Moussa), with and without words.
    assert_eq!(ids(&director, "", kita()), [girl.id.clone(), boy.id.clone()]);
    assert_eq!(ids(&director, "traore", kita()), [girl.id.clone(), boy.id.clone()]);
    let girls = PeopleFilter { sex: Some(Sex::Female), ..Default::default() };
    assert_eq!(ids(&director, "", girls.clone()), [girl.id.clone(), mopti.id.clone()]);
    assert_eq!(ids(&director, "trao", girls), [girl.id.clone(), mopti.id.clone()]);
    let under_five = PeopleFilter { age: Some(AgeGroup::UnderFive), ..Default::default() };
    assert_eq!(ids(&director, "", under_five.clone()), [boy.id.as_str()]);
    assert_eq!(ids(&director, "moussa traore", under_five), [boy.id.as_str()]);
    let adults = PeopleFilter { age: Some(AgeGroup::Adult), ..Default::default() };
    assert_eq!(ids(&director, "", adults), [mopti.id.as_str()]);
    // Nobody is in care yet.
    let in_care = PeopleFilter { status: Some(PersonStatus::InCare), ..Default::default() };
    assert!(ids(&director, "", in_care).is_empty());
    // A location out of scope is unknown; a status the role may not read
    // cannot be filtered on; nothing leaks through the counts.
    let mopti_only = PeopleFilter { location_id: Some(w.mopti.clone()), ..Default::default() };
    assert!(matches!(w.store.search_people(&nurse_kita, "", &mopti_only, today(), 20, 0), Err(StoreError::Invalid(_))));
    let supported = PeopleFilter { status: Some(PersonStatus::FamilySupport), ..Default::default() };
    assert!(matches!(w.store.search_people(&nurse_kita, "", &supported, today(), 20, 0), Err(StoreError::Invalid(_))));
    assert_eq!(ids(&nurse_kita, "traore", PeopleFilter { sex: Some(Sex::Female), ..Default::default() }), [girl.id]);
}
