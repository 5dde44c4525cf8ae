//! A village's laptop replaced (issue 14): the second laptop enrolled for
//! Kita retires the first at the hub, which refuses the old one's pushes
//! and pulls from then on — both would number Kita's records in the
//! village's own series from the same point. The new laptop numbers on
//! from the highest number given in the village's series — what it pulled,
//! or what the hub says was given to a child transferred away since; the
//! old one can tell how many of its changes never reached the hub.

use dugu_storage::reads::*;
use dugu_storage::writes::*;
mod common;

use dugu_domain::Role;
use dugu_storage::{PersonInput, Store, StoreError, check_database};
use dugu_sync::VersionVector;
use rusqlite::Connection;
use std::path::Path;

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

fn count(dir: &Path, sql: &str) -> i64 {
    let c = Connection::open(dir.join("dugu.sqlite")).expect("open");
    c.query_row(sql, [], |r| r.get(0)).expect("count")
}

fn push(hub: &Store, site: &Store) -> Result<u64, StoreError> {
    let mut answered = 0;
    loop {
        let ops = site.ops_to_push(100)?;
        let Some(last) = ops.last().map(|o| o.seq) else { return Ok(answered) };
        site.mark_sent(last)?;
        let verdicts = hub.take_push(site.site_id(), ops)?;
        answered += site.take_verdicts(verdicts)?.answered;
    }
}

#[test]
fn a_second_laptop_enrolled_for_a_village_retires_the_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = Store::open(&dir.path().join("hub")).expect("hub");
    let kita = common::mali(&hub, &[("KIT", "Kita"), ("SOC", "Socoura")]).remove(0);
    let admin = common::account(&hub, "admin", Role::Administrator, &[]);
    let director = common::account(&hub, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita));
    let national = common::account(&hub, "director.national", Role::NationalDirector, &[]);
    hub.create_person(&director, child(&kita, "Adama")).expect("at the hub");

    let (old_id, old, old_dir) = common::laptop(&hub, &admin, &kita, dir.path().join("old"));
    let at_old = old.principal_of(director.user_id()).expect("read").expect("signs in");
    let sent = old.create_person(&at_old, child(&kita, "Bakary")).expect("registered").record_number;
    assert_eq!(sent, "KIT-000002");
    push(&hub, &old).expect("pushed");
    old.create_person(&at_old, child(&kita, "Cheick")).expect("registered, never sent");
    let before = old.site_status().expect("status").expect("a site").waiting;
    assert!(before > 0);

    // A code alone retires nothing: the old laptop still syncs.
    let code = "code-unused";
    let waiting = hub.create_site(&admin, &kita, code).expect("a site waiting for its laptop");
    old.take_page(hub.export_to_site(&old_id, &VersionVector::default(), 0, 10).expect("still pulls")).expect("take");
    let rows = hub.sites_overview(&national).expect("sites");
    assert!(rows.iter().all(|r| r.retired_at.is_none()));

    let (new_id, new, new_dir) = common::laptop(&hub, &admin, &kita, dir.path().join("new"));
    let rows = hub.sites_overview(&national).expect("sites");
    let state = |id: &str| rows.iter().find(|r| r.id == id).expect("listed").retired_at.is_some();
    assert!(state(&old_id), "the old laptop is retired");
    assert!(!state(&new_id) && !state(&waiting), "the new one is not, nor a site not enrolled");

    // The hub refuses the old laptop, whole, and keeps nothing of it.
    let hub_dir = dir.path().join("hub");
    let people = count(&hub_dir, "SELECT count(*) FROM people");
    let ops = count(&hub_dir, "SELECT count(*) FROM ops");
    assert!(matches!(push(&hub, &old), Err(StoreError::Retired)));
    assert!(matches!(hub.export_to_site(&old_id, &VersionVector::default(), 0, 10), Err(StoreError::Retired)));
    assert!(matches!(hub.credentials_for_site(&old_id), Err(StoreError::Retired)));
    assert_eq!(count(&hub_dir, "SELECT count(*) FROM people"), people);
    assert_eq!(count(&hub_dir, "SELECT count(*) FROM ops"), ops);
    // The old laptop says how many of its changes never reached the hub,
    // and holds them still.
    assert_eq!(old.note_retired().expect("noted"), before);
    assert_eq!(old.site_status().expect("status").expect("a site").waiting, before);
    assert_eq!(count(&old_dir, "SELECT count(*) FROM people WHERE given_name = 'Cheick'"), 1);

    // The new laptop numbers on from the highest number it pulled.
    let at_new = new.principal_of(director.user_id()).expect("read").expect("signs in");
    let next = new.create_person(&at_new, child(&kita, "Djeneba")).expect("registered").record_number;
    assert_eq!(next, "KIT-000003");
    assert_eq!(push(&hub, &new).expect("pushed"), 1);
    assert_eq!(count(&hub_dir, "SELECT count(DISTINCT record_number) FROM people"), 3);
    drop((old, new));
    for (d, scratch) in [(&old_dir, "old-check"), (&new_dir, "new-check")] {
        let report = check_database(&d.join("dugu.sqlite"), &d.with_file_name(scratch)).expect("check");
        assert!(report.ok(), "{:?}", report.problems);
    }
}

#[test]
fn a_new_laptop_never_gives_again_the_number_of_a_child_transferred_away() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = Store::open(&dir.path().join("hub")).expect("hub");
    let places = common::mali(&hub, &[("KIT", "Kita"), ("SOC", "Socoura")]);
    let (kita, socoura) = (places[0].clone(), places[1].clone());
    let admin = common::account(&hub, "admin", Role::Administrator, &[]);
    let director = common::account(&hub, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita));
    let both = common::account(&hub, "director.region", Role::LocationDirector, &[kita.clone(), socoura.clone()]);
    hub.create_person(&director, child(&kita, "Adama")).expect("at the hub");

    let (_, old, _) = common::laptop(&hub, &admin, &kita, dir.path().join("old"));
    let at_old = old.principal_of(director.user_id()).expect("read").expect("signs in");
    let moved = old.create_person(&at_old, child(&kita, "Bakary")).expect("registered");
    assert_eq!(moved.record_number, "KIT-000002");
    push(&hub, &old).expect("pushed");
    let patch = dugu_storage::PersonPatch { fields: vec![("location_id".into(), socoura.clone())], age_years: None };
    hub.update_person(&both, &moved.id, patch).expect("transferred to Socoura");

    // The new laptop does not hold Bakary (out of its scope) yet numbers
    // after him.
    let (_, new, new_dir) = common::laptop(&hub, &admin, &kita, dir.path().join("new"));
    assert_eq!(count(&new_dir, "SELECT count(*) FROM people"), 1, "only Adama is Kita's");
    let at_new = new.principal_of(director.user_id()).expect("read").expect("signs in");
    let next = new.create_person(&at_new, child(&kita, "Djeneba")).expect("registered").record_number;
    assert_eq!(next, "KIT-000003");
    assert_eq!(push(&hub, &new).expect("pushed"), 1, "the hub takes it: no number given twice");
    drop(new);
    let report = check_database(&new_dir.join("dugu.sqlite"), &dir.path().join("new-check")).expect("check");
    assert!(report.ok(), "{:?}", report.problems);
}
