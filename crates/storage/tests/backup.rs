//! Security requirement 25: a backup taken while the writer keeps
//! committing is a sound database, its audit chain intact, holding every
//! transaction acknowledged before the backup started.

mod common;

use dugu_domain::Role;
use dugu_storage::writes::PeopleWrites;
use dugu_storage::{PersonInput, Principal, Store, StoreError, verify_database};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

fn site(store: &Store) -> (Principal, String) {
    let kita = common::mali(store, &[("KIT", "Kita")]).remove(0);
    let who = common::account(store, "director.kita", Role::LocationDirector, std::slice::from_ref(&kita));
    (who, kita)
}

fn child(kita: &str, n: usize) -> PersonInput {
    PersonInput {
        given_name: format!("Awa{n}"),
        family_name: "Traoré".into(),
        sex: if n.is_multiple_of(2) { "F".into() } else { "M".into() },
        birth_date: format!("20{:02}-0{}-1{}", 10 + n % 15, 1 + n % 9, n % 10),
        location_id: kita.to_string(),
        phone: "+223 76 00 00 00".into(),
        ..Default::default()
    }
}

fn ids_present(db: &std::path::Path, ids: &[String]) -> usize {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open copy");
    let mut st = conn.prepare("SELECT COUNT(*) FROM people WHERE id = ?1").expect("prepare");
    ids.iter().filter(|id| st.query_row([id], |r| r.get::<_, i64>(0)).expect("query") == 1).count()
}

#[test]
fn a_backup_under_continuous_writes_holds_everything_committed_before_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("data")).expect("open");
    let (who, kita) = site(&store);
    // Enough data that the copy takes many steps of the backup API.
    for batch in 0..6 {
        let people: Vec<PersonInput> = (0..1_000).map(|i| child(&kita, batch * 1_000 + i)).collect();
        store.create_people(&who, &people).expect("seed");
    }

    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (store, who, kita, acknowledged, stop) =
            (store.clone(), who.clone(), kita.clone(), acknowledged.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 100_000;
            while !stop.load(Ordering::Relaxed) {
                // One transaction per person: each id is recorded only once
                // its commit has been acknowledged.
                let person = store.create_person(&who, child(&kita, n)).expect("write during backup");
                acknowledged.lock().expect("lock").push(person.id);
                n += 1;
            }
        })
    };
    // Let the writer get going, then note what is committed and back up.
    for _ in 0..2_000 {
        if acknowledged.lock().expect("lock").len() >= 25 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let before: Vec<String> = acknowledged.lock().expect("lock").clone();
    assert!(before.len() >= 25, "the writer is writing");
    let copy = dir.path().join("copy.sqlite");
    let copied = store.backup_to(&copy).expect("backup under writes");
    let during = acknowledged.lock().expect("lock").len() - before.len();
    stop.store(true, Ordering::Relaxed);
    writer.join().expect("writer");
    eprintln!("copied {} pages ({} bytes); {during} writes committed while copying", copied.pages, copied.bytes);
    assert!(copied.pages > 2 * 256, "the copy took several steps ({} pages)", copied.pages);

    let verified = verify_database(&copy).expect("integrity_check and audit chain pass");
    assert_eq!(ids_present(&copy, &before), before.len(), "every acknowledged write is in the backup");
    assert!(verified.people >= 6_000 + before.len() as i64);
    assert!(verified.audit_entries >= verified.people as u64, "every creation is audited");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&copy).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "the plaintext copy is private to its owner");
    }

    // The copy is a whole, self-contained database: a store opens it and
    // finds the people acknowledged before the backup.
    drop(store);
    let restored_dir = dir.path().join("restored");
    std::fs::create_dir(&restored_dir).expect("mkdir");
    std::fs::rename(&copy, restored_dir.join("dugu.sqlite")).expect("move");
    let restored = Store::open(&restored_dir).expect("open the copy");
    let found = restored.people_count();
    assert_eq!(found.expect("count"), verified.people);
}

#[test]
fn a_backup_by_folder_needs_a_database_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    assert!(matches!(dugu_storage::backup_database(&empty, &dir.path().join("x.sqlite")), Err(StoreError::Io(_))));

    let data = dir.path().join("data");
    let store = Store::open(&data).expect("open");
    site(&store);
    let existing = dir.path().join("existing.sqlite");
    std::fs::write(&existing, b"keep me").expect("write");
    assert!(dugu_storage::backup_database(&data, &existing).is_err());
    assert_eq!(std::fs::read(&existing).expect("read"), b"keep me");
    let copy = dir.path().join("copy.sqlite");
    dugu_storage::backup_database(&data, &copy).expect("backup beside an open store");
    assert_eq!(
        verify_database(&copy).expect("verify").audit_head,
        verify_database(&data.join("dugu.sqlite")).expect("verify").audit_head
    );
}

#[test]
fn verification_finds_a_tampered_audit_trail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("data")).expect("open");
    let (who, kita) = site(&store);
    store.create_person(&who, child(&kita, 1)).expect("create");
    let copy = dir.path().join("copy.sqlite");
    store.backup_to(&copy).expect("backup");
    assert!(verify_database(&copy).is_ok());
    // Someone with the file edits the trail behind the triggers' back.
    let conn = rusqlite::Connection::open(&copy).expect("open");
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET record_id = 'someone-else' WHERE seq = (SELECT MAX(seq) FROM audit_log);",
    )
    .expect("tamper");
    drop(conn);
    let err = verify_database(&copy).expect_err("tampering is found");
    assert!(matches!(err, StoreError::Integrity(_)), "{err}");
}
