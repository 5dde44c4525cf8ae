//! A trail written before migration 23 (hashes as hex text, AUTOINCREMENT)
//! upgrades to 32-byte hashes without its chain changing: old entries
//! verify, new ones chain onto them, and an edited old entry still breaks
//! the chain where it was edited.

use super::{AuditAction, entry_hash, verify_audit_chain};
use crate::migrations::MIGRATIONS;
use crate::reads::AuditReads;
use crate::writes::AuditWrites;
use crate::{Principal, Scope, Store};
use dugu_domain::Role;
use rusqlite::{Connection, params};

/// A database at schema 20 whose trail holds `n` entries as dugu wrote
/// them then; returns their hashes in hex.
fn schema_20_with_trail(path: &std::path::Path, n: usize) -> Vec<String> {
    let conn = Connection::open(path).expect("open");
    for (i, (_, sql)) in MIGRATIONS[..20].iter().enumerate() {
        conn.execute_batch(sql).expect("migration");
        conn.pragma_update(None, "user_version", i as i64 + 1).expect("version");
    }
    conn.execute("INSERT INTO meta (key, value) VALUES ('site_id', '01900000-0000-7000-8000-000000000001')", [])
        .expect("site");
    let mut prev = "0".repeat(64);
    let mut hashes = Vec::new();
    for i in 0..n {
        let at = 1_700_000_000_000 + i as i64;
        let record = format!("01900000-0000-7000-8000-00000000010{i}");
        let shown = if i == 1 { "a b" } else { "" };
        let columns = ["", "admin", "administrator", "site", "view", "person", &record, "given_name"];
        let hash = entry_hash(&prev, at, &columns, shown).to_hex().to_string();
        conn.execute(
            "INSERT INTO audit_log (at, user_id, username, role, site_id, action, record_type, record_id, fields,
                                    prev_hash, hash, shown)
             VALUES (?1, NULL, 'admin', 'administrator', 'site', 'view', 'person', ?2, 'given_name', ?3, ?4, ?5)",
            params![at, record, prev, hash, shown],
        )
        .expect("entry");
        hashes.push(hash.clone());
        prev = hash;
    }
    hashes
}

#[test]
fn an_old_trail_upgrades_to_byte_hashes_and_still_verifies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dugu.sqlite");
    let old = schema_20_with_trail(&path, 3);

    let store = Store::open(dir.path()).expect("upgrade");
    let conn = Connection::open(&path).expect("open");
    assert_eq!(verify_audit_chain(&conn).expect("old entries verify"), 3);
    let (blobs, sizes): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(*) FILTER (WHERE typeof(hash) = 'blob' AND typeof(prev_hash) = 'blob'),
                    SUM(length(hash)) FROM audit_log",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("types");
    assert_eq!((blobs, sizes), (3, 3 * 32));
    let kept: Vec<String> = conn
        .prepare("SELECT hash FROM audit_log ORDER BY seq")
        .expect("prepare")
        .query_map([], |r| Ok(super::stored_hash(r.get_ref(0)?)))
        .expect("read")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(kept, old, "the same hashes, stored as bytes");
    let schema: String =
        conn.query_row("SELECT sql FROM sqlite_master WHERE name = 'audit_log'", [], |r| r.get(0)).expect("schema");
    assert!(!schema.contains("AUTOINCREMENT"), "{schema}");
    assert!(conn.execute("UPDATE audit_log SET username = 'x'", []).is_err(), "still append-only");
    assert!(conn.execute("DELETE FROM audit_log", []).is_err(), "still append-only");

    // A new entry chains onto the last old one, with the next number.
    store.audit_event(None, AuditAction::Refused, "person", "someone").expect("new entry");
    assert_eq!(verify_audit_chain(&conn).expect("old and new verify"), 4);
    let (seq, prev): (i64, String) = conn
        .query_row("SELECT seq, prev_hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, super::stored_hash(r.get_ref(1)?)))
        })
        .expect("last");
    assert_eq!((seq, prev.as_str()), (4, old[2].as_str()));
    let shown: Vec<String> = store
        .audit_entries(
            &Principal { user_id: crate::new_id(), username: "auditor".into(), role: Role::Auditor, scope: Scope::All },
            &crate::AuditQuery { limit: 10, ..Default::default() },
        )
        .expect("entries")
        .into_iter()
        .map(|e| e.hash)
        .collect();
    assert_eq!(&shown[1..], &[old[2].clone(), old[1].clone(), old[0].clone()], "shown in hex, as before");
}

#[test]
fn an_entry_edited_before_the_upgrade_still_breaks_the_chain_there() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dugu.sqlite");
    schema_20_with_trail(&path, 3);
    let conn = Connection::open(&path).expect("open");
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET record_id = 'forged' WHERE seq = 2;
         UPDATE audit_log SET hash = 'not a hash' WHERE seq = 3;",
    )
    .expect("tamper");
    drop(conn);

    // The writer reads the chain head: one that is not a hash stops it,
    // rather than start a second chain; the copy itself is upgraded.
    assert!(Store::open(dir.path()).is_err());
    let conn = Connection::open(&path).expect("open");
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).expect("version");
    assert_eq!(version, MIGRATIONS.len() as i64);
    let err = verify_audit_chain(&conn).expect_err("tampered");
    assert!(err.to_string().contains("entry 2"), "{err}");
}
