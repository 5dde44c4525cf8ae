//! A bulk load writes what the same people written one by one write,
//! leaves the schema as it found it, and a load that stops half-way
//! leaves a database `dugu check` accepts and the next open completes.

use super::BulkLoad;
use crate::oplog::batch_tests::{director, inputs, places, written};
use crate::reads::SearchReads;
use crate::{PeopleFilter, PreparedPerson, Store, check_database};
use std::path::Path;

/// Every table, index and trigger with its statement: what a load must
/// leave as it found it.
fn schema(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.prepare("SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name")
        .expect("schema")
        .query_map([], |r| r.get(0))
        .expect("schema")
        .collect::<Result<_, _>>()
        .expect("schema")
}

/// A store, and a copy of it in `twin` (the same ids, counters and chain).
fn twins(dir: &Path) -> (Store, Store, Vec<String>) {
    let (one, two) = (dir.join("one"), dir.join("two"));
    std::fs::create_dir_all(&one).expect("dir");
    std::fs::create_dir_all(&two).expect("dir");
    let first = Store::open(&one).expect("open");
    let places = places(&first);
    first.backup_to(&two.join("dugu.sqlite")).expect("copy");
    (first, Store::open(&two).expect("open"), places)
}

fn found(store: &Store, word: &str) -> u64 {
    store
        .search_people(&director(), word, &PeopleFilter::default(), crate::people::today(), 200, 0)
        .expect("search")
        .total
}

fn checked(store: Store, scratch: &Path) {
    let path = store.path().to_path_buf();
    drop(store);
    let report = check_database(&path, scratch).expect("check");
    assert!(report.problems.is_empty(), "replay equals state: {:?}", report.problems);
}

#[test]
fn a_bulk_load_writes_what_the_same_people_one_by_one_write_and_keeps_the_schema() {
    let dir = tempfile::tempdir().expect("dir");
    let (first, second, places) = twins(dir.path());
    let who = director();
    let people: Vec<PreparedPerson> =
        inputs(&places).iter().map(|p| PreparedPerson::new(&who, p).expect("valid")).collect();
    let (w, p) = (who.clone(), people.clone());
    first
        .write(move |tx| p.iter().map(|p| tx.insert_prepared(&w, p).map(|r| r.0)).collect::<Result<Vec<_>, _>>())
        .expect("one by one");

    let load = BulkLoad::start(second).expect("start");
    // Two batches: the second is filed beside the first's words.
    let (a, b) = people.split_at(people.len() / 2);
    load.insert_people(&who, a.to_vec()).expect("first batch");
    load.insert_people(&who, b.to_vec()).expect("second batch");
    assert_eq!(load.people_count().expect("count"), 30);
    let second = load.finish().expect("finish");

    let (x, y) = (written(&first), written(&second));
    for (what, (x, y)) in ["people", "name words", "record counters", "ops", "audit"].iter().zip(x.iter().zip(&y)) {
        assert_eq!(x, y, "{what} differ");
    }
    assert_eq!(schema(first.path()), schema(second.path()), "the schema after a load is the schema before");
    assert_eq!(words(second.path()).0, 0, "no word is left staged");
    second.read(crate::audit::verify_audit_chain).expect("the audit chain verifies");
    for word in ["traore", "keita", "sangare", "coulibaly"] {
        assert_eq!(found(&first, word), found(&second, word), "the name index finds {word} alike");
    }
    checked(first, &dir.path().join("scratch1.sqlite"));
    checked(second, &dir.path().join("scratch2.sqlite"));
}

#[test]
fn a_load_that_stops_half_way_is_accepted_by_check_and_completed_by_the_next_open() {
    let dir = tempfile::tempdir().expect("dir");
    let (normal, loading, places) = twins(dir.path());
    let who = director();
    let people: Vec<PreparedPerson> =
        inputs(&places).iter().map(|p| PreparedPerson::new(&who, p).expect("valid")).collect();
    let path = loading.path().to_path_buf();
    let load = BulkLoad::start(loading).expect("start");
    load.insert_people(&who, people[..10].to_vec()).expect("a batch committed");
    // The process stops here: the batch is on disk, `finish` never runs.
    drop(load);

    let stopped = schema(&path);
    assert!(stopped.len() < schema(normal.path()).len(), "the people indexes are missing: {stopped:?}");
    let (staged, filed) = words(&path);
    assert!(staged >= 20 && filed == words(normal.path()).1, "the batch's words wait, staged: {staged}, {filed}");
    let report = check_database(&path, &dir.path().join("scratch1.sqlite")).expect("check");
    assert!(report.problems.is_empty(), "check accepts what a stopped load left: {:?}", report.problems);
    assert_eq!(report.audit_entries as usize, 10 + count_audit(normal.path()), "each committed person audited");

    let reopened = Store::open(path.parent().expect("dir")).expect("open completes the load");
    assert_eq!(schema(&path), schema(normal.path()), "the indexes are back");
    assert_eq!(words(&path), (0, filed + staged), "the staged words are filed");
    assert_eq!(reopened.people_count().expect("count"), 10);
    assert!(found(&reopened, "traore") > 0, "search works on what was loaded");
    checked(reopened, &dir.path().join("scratch2.sqlite"));
}

/// Name words staged by a bulk load, and filed.
fn words(path: &Path) -> (i64, i64) {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.query_row(
        "SELECT (SELECT COUNT(*) FROM person_tokens_staged), (SELECT COUNT(*) FROM person_tokens)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("count")
}

fn count_audit(path: &Path) -> usize {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get::<_, i64>(0)).expect("count") as usize
}

#[test]
fn a_bulk_load_needs_the_store_to_itself() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(dir.path()).expect("open");
    let serving = store.clone();
    let refused = BulkLoad::start(store);
    assert!(refused.is_err(), "another handle (a server) uses the store");
    let before = schema(serving.path());
    drop(refused);
    assert!(before.iter().any(|s| s.contains("people_by_location ")), "no index was dropped: {before:?}");
}
