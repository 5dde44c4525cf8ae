//! User administration is written to the change log like any record: an
//! account and a request for a grant replay to the same tables, and no
//! credential ever enters the log.

use dugu_storage::reads::*;
mod common;

use dugu_domain::Role;
use dugu_storage::{NewUser, RoleChange, Store, check_database};

const SECRET_HASH: &str = "$argon2id$v=19$m=47104,t=1,p=1$c2FsdHNhbHQ$secret-hash-never-logged";
const RESET_HASH: &str = "$argon2id$v=19$m=47104,t=1,p=1$c2FsdHNhbHQ$reset-hash-never-logged";

fn new_user(username: &str, role: Role, locations: &[String]) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: username.into(),
        role,
        password_hash: SECRET_HASH.into(),
        language: "fr".into(),
        location_ids: locations.to_vec(),
    }
}

#[test]
fn account_changes_replay_and_keep_credentials_out_of_the_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let sites = common::mali(&store, &[("SAN", "Sanankoroba"), ("KIT", "Kita")]);
    let admin = common::account(&store, "admin", Role::Administrator, &[]);
    let national = common::account(&store, "director.national", Role::NationalDirector, &[]);

    // First start makes a nurse; an administrator makes a fundraiser
    // (reads no person: granted alone) and a social worker (reads
    // protection data: waits for the national director).
    let nurse = new_user("nurse.kita", Role::Nurse, &sites[1..]);
    let nurse = store.write(move |tx| tx.create_user(None, &nurse)).expect("nurse");
    let fundraiser = new_user("fundraiser.kita", Role::Fundraiser, &sites[1..]);
    let (a, n) = (admin.clone(), national.clone());
    let fundraiser = store.write(move |tx| tx.create_user(Some(&a), &fundraiser)).expect("fundraiser");
    assert!(fundraiser.may_sign_in());
    let social = new_user("social.san", Role::SocialWorker, &sites[..1]);
    let a = admin.clone();
    let social = store.write(move |tx| tx.create_user(Some(&a), &social)).expect("social worker");
    assert!(social.awaiting_approval);

    // The fundraiser's locations change; the national director approves
    // the social worker; the nurse is disabled; a password reset waits.
    let (a, fundraiser_id, both) = (admin.clone(), fundraiser.id.clone(), sites.clone());
    let moved = store.write(move |tx| tx.change_role(&a, &fundraiser_id, Role::Fundraiser, &both)).expect("move");
    assert_eq!(moved, RoleChange::Applied);
    let requests = store.role_requests(&national).expect("requests");
    assert_eq!(requests.len(), 1);
    let request = requests[0].id.clone();
    store.write(move |tx| tx.decide_role_request(&n, &request, true)).expect("approve");
    let (a, nurse_id) = (admin.clone(), nurse.id.clone());
    store.write(move |tx| tx.set_disabled(&a, &nurse_id, true)).expect("disable");
    let (a, social_id) = (admin.clone(), social.id.clone());
    let reset = store.write(move |tx| tx.reset_password(&a, &social_id, RESET_HASH)).expect("reset");
    assert_eq!(reset, RoleChange::AwaitingApproval);

    let social_now = store.user(&social.id).expect("read").expect("social worker");
    assert!(social_now.may_sign_in(), "approved");
    assert_eq!(social_now.location_ids, sites[..1].to_vec());
    assert_eq!(social_now.password_hash, SECRET_HASH, "the reset waits for approval");
    assert!(store.user(&nurse.id).expect("read").expect("nurse").disabled);
    // A fundraiser sees every location: the change drops the list.
    assert!(store.user(&fundraiser.id).expect("read").expect("fundraiser").location_ids.is_empty());

    // The log alone rebuilds accounts, requests and user_locations.
    let report = check_database(store.path(), &dir.path().join("scratch.sqlite")).expect("check");
    assert!(report.ok(), "{:?}", report.problems);

    let conn = rusqlite::Connection::open(store.path()).expect("open");
    let mut st = conn
        .prepare("SELECT entity_type, COALESCE(field, '') FROM ops WHERE entity_type IN ('user', 'role_request')")
        .expect("prepare");
    let rows: Vec<(String, String)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("ops").collect::<Result<_, _>>().expect("rows");
    assert!(rows.iter().any(|r| r.0 == "role_request"), "{rows:?}");
    assert!(rows.iter().any(|r| r.0 == "user" && r.1 == "disabled"), "disabling is an op: {rows:?}");
    let leaked: i64 =
        conn.query_row("SELECT COUNT(*) FROM ops WHERE value LIKE '%never-logged%'", [], |r| r.get(0)).expect("count");
    assert_eq!(leaked, 0, "a credential entered the log");
}

#[test]
fn replay_rebuilds_an_accounts_locations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let sites = common::mali(&store, &[("SAN", "Sanankoroba"), ("KIT", "Kita")]);
    let director = common::account(&store, "director.kita", Role::LocationDirector, &sites[1..]);
    // Forge the derived table: the director's locations as the scope
    // lookups read them no longer match the account.
    let conn = rusqlite::Connection::open(store.path()).expect("open");
    conn.execute(
        "INSERT INTO user_locations (user_id, location_id) VALUES (?1, ?2)",
        [director.user_id(), sites[0].as_str()],
    )
    .expect("forge");
    drop(conn);
    let report = check_database(store.path(), &dir.path().join("scratch.sqlite")).expect("check");
    assert!(!report.ok());
    assert!(report.problems.iter().any(|p| p.starts_with("user_locations:")), "{:?}", report.problems);
}
