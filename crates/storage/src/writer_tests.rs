//! The writer under load and under failure, on real SQLite files: groups
//! share commits, a full queue holds callers back, a panicking write rolls
//! back alone, a failed commit tells every caller and keeps nothing.

use crate::reads::HealthReads;
use crate::{AuditAction, Store, StoreError};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    table(&store);
    (dir, store)
}

fn table(store: &Store) {
    store
        .write(|tx| {
            tx.conn.execute_batch(
                "CREATE TABLE IF NOT EXISTS t (n INTEGER NOT NULL);
                 CREATE TABLE IF NOT EXISTS parent (id INTEGER PRIMARY KEY);
                 CREATE TABLE IF NOT EXISTS child (parent INTEGER NOT NULL REFERENCES parent (id));",
            )?;
            Ok(())
        })
        .expect("tables");
}

fn insert(store: &Store, n: i64) -> JoinHandle<Result<(), StoreError>> {
    let s = store.clone();
    std::thread::spawn(move || {
        s.write(move |tx| {
            tx.conn.execute("INSERT INTO t (n) VALUES (?1)", [n])?;
            Ok(())
        })
    })
}

fn rows(store: &Store) -> Vec<i64> {
    store
        .read(|c| {
            let mut st = c.prepare("SELECT n FROM t ORDER BY n")?;
            let v = st.query_map([], |r| r.get(0))?.collect::<Result<Vec<i64>, _>>()?;
            Ok(v)
        })
        .expect("rows")
}

/// Keeps the writer busy with one job until the returned sender is used,
/// so the jobs sent meanwhile queue up and form the next group.
fn hold(store: &Store) -> (mpsc::Sender<()>, JoinHandle<Result<(), StoreError>>) {
    let (release, wait) = mpsc::channel::<()>();
    let (started, running) = mpsc::channel::<()>();
    let s = store.clone();
    let held = std::thread::spawn(move || {
        s.write(move |_| {
            let _ = started.send(());
            let _ = wait.recv();
            Ok(())
        })
    });
    running.recv().expect("the writer runs the holding job");
    (release, held)
}

/// Waits for a condition other threads bring about (not a timing check:
/// the deadline only keeps a broken build from hanging).
fn wait_until(what: &str, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !ready() {
        assert!(Instant::now() < deadline, "still waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn concurrent_writes_share_commits_and_all_are_durable() {
    let (dir, store) = store();
    let (release, held) = hold(&store);
    let writers: Vec<_> = (0..200).map(|n| insert(&store, n)).collect();
    wait_until("200 queued writes", || store.writer_health().queued == 200);
    let before = store.writer_health().commits;
    release.send(()).expect("release");
    held.join().expect("holder").expect("held write");
    for w in writers {
        w.join().expect("writer thread").expect("write");
    }
    let commits = store.writer_health().commits - before;
    // The holding job's group, then the 200 queued writes together.
    assert_eq!(commits, 2, "200 writes shared one commit");
    drop(store);
    let reopened = Store::open(dir.path()).expect("reopen");
    assert_eq!(rows(&reopened), (0..200).collect::<Vec<_>>(), "every acknowledged write is on disk");
}

#[test]
fn a_full_queue_holds_callers_back_and_drops_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_with_queue(dir.path(), 4).expect("open");
    table(&store);
    let (release, held) = hold(&store);
    let writers: Vec<_> = (0..40).map(|n| insert(&store, n)).collect();
    wait_until("a full queue", || store.writer_health().queued == 4);
    // Give the 36 other callers every chance to get past a bound that
    // would not hold: they must still be waiting to queue.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(store.writer_health().queued, 4, "the queue never holds more than its bound");
    release.send(()).expect("release");
    held.join().expect("holder").expect("held write");
    for w in writers {
        w.join().expect("writer thread").expect("write");
    }
    assert_eq!(rows(&store), (0..40).collect::<Vec<_>>(), "callers held back, none dropped");
}

#[test]
fn a_panicking_write_rolls_back_alone_and_the_writer_lives_on() {
    let (_dir, store) = store();
    let (release, held) = hold(&store);
    let first = insert(&store, 1);
    let s = store.clone();
    let panicking = std::thread::spawn(move || {
        s.write(|tx| -> Result<(), StoreError> {
            tx.conn.execute("INSERT INTO t (n) VALUES (2)", [])?;
            tx.audit(None, AuditAction::Update, "t", "2", &["n"])?;
            panic!("a bug in a write");
        })
    });
    let third = insert(&store, 3);
    wait_until("three queued writes", || store.writer_health().queued == 3);
    let before = store.writer_health().commits;
    release.send(()).expect("release");
    held.join().expect("holder").expect("held write");
    first.join().expect("thread").expect("first write");
    third.join().expect("thread").expect("third write");
    let outcome = panicking.join().expect("the caller's thread does not panic");
    assert!(matches!(outcome, Err(StoreError::Panicked)), "the caller is told: {outcome:?}");
    assert_eq!(store.writer_health().commits - before, 2, "the other two committed in the same group");
    assert_eq!(rows(&store), vec![1, 3], "only the panicking write is rolled back");
    assert!(store.writer_health().alive);
    let after = insert(&store, 4).join().expect("thread");
    assert!(after.is_ok(), "the writer still writes: {after:?}");
    store
        .write(|tx| tx.audit(None, AuditAction::Update, "t", "4", &["n"]))
        .expect("an audit entry after the rolled-back one");
    let chained = store.read(crate::audit::verify_audit_chain).expect("the chain holds");
    assert!(chained >= 1);
}

#[test]
fn a_failed_commit_tells_every_caller_and_keeps_nothing() {
    let (_dir, store) = store();
    let (release, held) = hold(&store);
    let s = store.clone();
    let audited = std::thread::spawn(move || {
        s.write(|tx| {
            tx.conn.execute("INSERT INTO t (n) VALUES (1)", [])?;
            tx.audit(None, AuditAction::Create, "t", "1", &["n"])
        })
    });
    let s = store.clone();
    // A child whose parent does not exist, checked only at COMMIT: the
    // whole group's commit fails, as it would on a full disk.
    let dangling = std::thread::spawn(move || {
        s.write(|tx| {
            tx.conn.execute_batch("PRAGMA defer_foreign_keys = ON; INSERT INTO child (parent) VALUES (42);")?;
            Ok(())
        })
    });
    wait_until("two queued writes", || store.writer_health().queued == 2);
    release.send(()).expect("release");
    held.join().expect("holder").expect("held write");
    for (name, outcome) in [("audited", audited.join()), ("dangling", dangling.join())] {
        let outcome = outcome.expect("thread");
        assert!(matches!(&outcome, Err(StoreError::Io(e)) if e.contains("commit failed")), "{name}: {outcome:?}");
    }
    assert!(store.writer_health().failing, "health shows the failed commit");
    assert!(rows(&store).is_empty(), "nothing of the group was kept");
    let audit_rows = store
        .read(
            |c| Ok(c.query_row("SELECT COUNT(*) FROM audit_log WHERE record_type = 't'", [], |r| r.get::<_, i64>(0))?),
        )
        .expect("count");
    assert_eq!(audit_rows, 0, "nor its audit entry");
    insert(&store, 7).join().expect("thread").expect("the next write commits");
    store.write(|tx| tx.audit(None, AuditAction::Create, "t", "7", &["n"])).expect("audit after the failure");
    assert!(!store.writer_health().failing, "a commit clears the failure");
    assert_eq!(rows(&store), vec![7]);
    store.read(crate::audit::verify_audit_chain).expect("the chain continues from what is on disk");
}

#[test]
fn a_stopped_writer_is_reported_dead_and_refuses_writes() {
    let (_dir, store) = store();
    insert(&store, 1).join().expect("thread").expect("write");
    assert!(store.writer_health().alive);
    store.stop_writer();
    wait_until("the writer to stop", || !store.writer_health().alive);
    let refused = insert(&store, 2).join().expect("thread");
    assert!(matches!(refused, Err(StoreError::WriterGone)), "{refused:?}");
    assert_eq!(rows(&store), vec![1], "reads still work");
}

#[test]
fn an_unreadable_audit_trail_stops_start_up_rather_than_restart_the_chain() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = Store::open(dir.path()).expect("open");
        store.write(|tx| tx.audit(None, AuditAction::Create, "t", "1", &[])).expect("audit");
        store.stop_writer();
        wait_until("the writer to stop", || !store.writer_health().alive);
    }
    let conn = rusqlite::Connection::open(dir.path().join("dugu.sqlite")).expect("raw");
    conn.execute_batch("ALTER TABLE audit_log RENAME TO audit_log_elsewhere").expect("rename");
    drop(conn);
    let opened = Store::open(dir.path());
    assert!(opened.is_err(), "a store whose chain head cannot be read does not start");
}

#[test]
fn a_lone_write_that_fails_or_panics_keeps_nothing_and_the_next_one_chains_on() {
    // Alone in its group, a write runs without a savepoint: the whole
    // transaction is rolled back instead, with the same outcome.
    let (_dir, store) = store();
    insert(&store, 1).join().expect("thread").expect("first write");
    let failed = store.write(|tx| -> Result<(), StoreError> {
        tx.conn.execute("INSERT INTO t (n) VALUES (2)", [])?;
        tx.audit(None, AuditAction::Update, "t", "2", &["n"])?;
        Err(StoreError::NotFound)
    });
    assert!(matches!(failed, Err(StoreError::NotFound)), "the caller gets its own error: {failed:?}");
    let s = store.clone();
    let panicked = std::thread::spawn(move || {
        s.write(|tx| -> Result<(), StoreError> {
            tx.conn.execute("INSERT INTO t (n) VALUES (3)", [])?;
            tx.audit(None, AuditAction::Update, "t", "3", &["n"])?;
            panic!("a bug in a lone write");
        })
    })
    .join()
    .expect("the caller's thread does not panic");
    assert!(matches!(panicked, Err(StoreError::Panicked)), "the caller is told: {panicked:?}");
    assert_eq!(rows(&store), vec![1], "neither write left a row");
    assert!(!store.writer_health().failing, "a refused write is not a failing writer");
    insert(&store, 4).join().expect("thread").expect("a later write");
    store.write(|tx| tx.audit(None, AuditAction::Update, "t", "4", &["n"])).expect("a later audit entry");
    assert_eq!(rows(&store), vec![1, 4]);
    let entries: i64 = store
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM audit_log WHERE record_type = 't'", [], |r| r.get(0))?))
        .expect("count");
    assert_eq!(entries, 1, "only the kept write's entry");
    store.read(crate::audit::verify_audit_chain).expect("the chain holds across the rolled-back writes");
}

#[test]
fn the_writer_copies_a_large_write_into_the_database_itself_once_its_caller_is_told() {
    let (dir, store) = store();
    let file = dir.path().join("dugu.sqlite");
    let before = std::fs::metadata(&file).expect("database").len();
    // Some 2,000 pages: twice what the log may hold before a checkpoint.
    store
        .write(|tx| {
            tx.conn.execute(
                "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000000)
                 INSERT INTO t (n) SELECT n FROM s",
                [],
            )?;
            Ok(())
        })
        .expect("large write");
    // The writer checkpoints before it takes the next group, so once the
    // next write is told, the pages are in the database file itself (had
    // nobody checkpointed, the log would grow for ever).
    insert(&store, -1).join().expect("thread").expect("next write");
    let after = std::fs::metadata(&file).expect("database").len();
    assert!(after > before + 4_000_000, "the database file grew from {before} to only {after} bytes");
    assert_eq!(rows(&store).len(), 1_000_001);
}
