//! `check_database`: the live tables must be what the change log alone
//! rebuilds; a row changed behind the store's back, or written without its
//! operation, is found and named by table, id and column — never by value.

mod common;

use dugu_domain::Role;
use dugu_storage::writes::PeopleWrites;
use dugu_storage::{PersonInput, Store, check_database};

fn store_with_people(dir: &std::path::Path) -> (Store, Vec<String>) {
    let store = Store::open(dir).expect("open");
    let kita = common::mali(&store, &[("KIT", "Kita")]).remove(0);
    let who = common::account(&store, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita));
    let mut ids = Vec::new();
    for (given, family) in [("Awa", "Traoré"), ("Moussa", "Coulibaly"), ("Fanta", "Keïta")] {
        let p = store
            .create_person(
                &who,
                PersonInput {
                    given_name: given.into(),
                    family_name: family.into(),
                    sex: "F".into(),
                    birth_date: "2022-03-01".into(),
                    location_id: kita.clone(),
                    phone: "+223 76 00 00 00".into(),
                    ..Default::default()
                },
            )
            .expect("person");
        ids.push(p.id);
    }
    (store, ids)
}

#[test]
fn a_fresh_store_replays_to_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = store_with_people(dir.path());
    let report = check_database(store.path(), &dir.path().join("scratch.sqlite")).expect("check");
    assert!(report.ok(), "{:?}", report.problems);
    // Sites, people, their name words, closure, counters, the schedule.
    assert!(report.rows > 30, "{}", report.rows);
    assert!(report.ops >= 5 + 18, "{}", report.ops);
}

#[test]
fn changes_behind_the_stores_back_are_found_without_showing_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, ids) = store_with_people(dir.path());
    let path = store.path().to_path_buf();
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute("UPDATE people SET given_name = 'Mariam' WHERE id = ?1", [&ids[0]]).expect("tamper");
    conn.execute("DELETE FROM person_tokens WHERE token = 'moussa'", []).expect("tamper");
    conn.execute(
        "INSERT INTO medical_visits (id, person_id, visited_on, reason, created_at) VALUES ('forged', ?1, '2024-01-01', 'Paludisme', 0)",
        [&ids[2]],
    )
    .expect("forge");
    drop(conn);
    let report = check_database(&path, &dir.path().join("scratch.sqlite")).expect("check");
    assert!(!report.ok());
    let all = report.problems.join("\n");
    assert!(all.contains(&format!("people: {} differs in given_name", ids[0])), "{all}");
    assert!(all.contains(&format!("person_tokens: {} is in the log but not in the tables", ids[1])), "{all}");
    assert!(all.contains("medical_visits: forged is in the tables but not in the log"), "{all}");
    for secret in ["Mariam", "mariam", "moussa", "Paludisme", "Awa"] {
        assert!(!all.contains(secret), "a value leaked: {all}");
    }
}

#[test]
fn the_scratch_database_must_be_new() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = store_with_people(dir.path());
    let scratch = dir.path().join("scratch.sqlite");
    std::fs::write(&scratch, b"x").expect("write");
    assert!(check_database(store.path(), &scratch).is_err());
}

#[test]
fn records_older_than_the_log_enter_it_once_and_replay() {
    // A database whose records were made before the write model: its
    // state is there, its new log empty (as right after migration 0014).
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, ids) = store_with_people(dir.path());
    let path = store.path().to_path_buf();
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("open");
    // A record changed after its creation keeps both times.
    conn.execute("UPDATE people SET updated_at = created_at + 5000 WHERE id = ?1", [&ids[1]]).expect("age");
    conn.execute_batch("DROP TRIGGER ops_append_only; DELETE FROM ops; DELETE FROM meta WHERE key = 'oplog_baseline';")
        .expect("empty the log");
    drop(conn);
    let store = Store::open(dir.path()).expect("reopen: the baseline is written");
    let report = check_database(store.path(), &dir.path().join("scratch.sqlite")).expect("check");
    assert!(report.ok(), "{:?}", report.problems);
    let conn = rusqlite::Connection::open(&path).expect("open");
    let (creations, sets): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(*) FILTER (WHERE field IS NULL), COUNT(*) FILTER (WHERE field IS NOT NULL) FROM ops",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("count");
    // Three people, two locations, one account, the 18 doses of the
    // schedule; one set carries the changed person's later time.
    assert_eq!((creations, sets), (3 + 2 + 1 + 18, 1));
    drop(store);
    // Written once: opening again adds nothing.
    let _store = Store::open(dir.path()).expect("reopen");
    let again: i64 = conn.query_row("SELECT COUNT(*) FROM ops", [], |r| r.get(0)).expect("count");
    assert_eq!(again, creations + sets);
}
