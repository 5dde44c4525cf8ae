//! `check_database`: the live tables must be what the change log alone
//! rebuilds; a row changed behind the store's back, or written without its
//! operation, is found and named by table, id and column — never by value.

use dugu_domain::Role;
use dugu_domain::location::LocationKind;
use dugu_storage::{LocationInput, NewUser, PersonInput, Store, check_database};

fn store_with_people(dir: &std::path::Path) -> (Store, Vec<String>) {
    let store = Store::open(dir).expect("open");
    let site = store
        .write(|tx| {
            let mali = tx.create_location(
                None,
                &LocationInput { parent_id: None, kind: LocationKind::Country, code: "ML".into(), name: "Mali".into() },
            )?;
            tx.create_location(
                None,
                &LocationInput {
                    parent_id: Some(mali.id),
                    kind: LocationKind::Site,
                    code: "KIT".into(),
                    name: "Kita".into(),
                },
            )
        })
        .expect("sites");
    let new = NewUser {
        username: "director.kita".into(),
        display_name: "Directrice".into(),
        role: Role::LocationDirector,
        password_hash: "x".into(),
        language: "fr".into(),
        location_ids: vec![site.id.clone()],
    };
    let director = store.write(move |tx| tx.create_user(None, &new)).expect("account").id;
    let who = store.principal_of(&director).expect("read").expect("may sign in");
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
                    location_id: site.id.clone(),
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
