//! A database made before accounts were in the change log (schema 14, its
//! records already in the log) upgrades without losing a credential, and
//! its accounts then enter the log once.

use super::baseline::write_pass;
use crate::migrations::MIGRATIONS;
use crate::reads::UserReads;
use crate::{Store, check_database};
use dugu_domain::EntityKind;
use rusqlite::Connection;

const HASH: &str = "$argon2id$v=19$m=47104,t=1,p=1$c2FsdA$kept-on-this-site";
const PENDING: &str = "$argon2id$v=19$m=47104,t=1,p=1$c2FsdA$pending-reset";

fn schema_14(path: &std::path::Path) -> Connection {
    let conn = Connection::open(path).expect("open");
    for (n, (_, sql)) in MIGRATIONS[..14].iter().enumerate() {
        conn.execute_batch(sql).expect("migration");
        conn.pragma_update(None, "user_version", n as i64 + 1).expect("version");
    }
    conn.execute_batch(
        "INSERT INTO meta (key, value) VALUES ('site_id', '01900000-0000-7000-8000-000000000001');
         INSERT INTO locations (id, parent_id, kind, code, name, site_id, created_at)
         VALUES ('01900000-0000-7000-8000-00000000000a', NULL, 'site', 'KIT', 'Kita', NULL, 1700000000000);
         INSERT INTO location_closure (ancestor_id, descendant_id)
         VALUES ('01900000-0000-7000-8000-00000000000a', '01900000-0000-7000-8000-00000000000a');",
    )
    .expect("a site");
    conn
}

#[test]
fn accounts_made_before_the_log_keep_their_credentials_and_enter_it_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dugu.sqlite");
    let mut conn = schema_14(&path);
    // The records' baseline, as the write model's first start wrote it: the
    // kinds this database has rows of (read with today's columns, which
    // later migrations widened for other kinds).
    let records = [EntityKind::Location, EntityKind::VaccineDose];
    write_pass(&mut conn, "01900000-0000-7000-8000-000000000001", "oplog_baseline", &records).expect("baseline");
    conn.execute_batch(&format!(
        "INSERT INTO users (id, username, display_name, role, password_hash, language, disabled, totp_secret,
                            created_at, must_change_password, awaiting_approval)
         VALUES ('01900000-0000-7000-8000-0000000000a1', 'admin', 'Admin', 'administrator', '{HASH}', 'en', 0,
                 'JBSWY3DPEHPK3PXP', 1700000000001, 0, 0),
                ('01900000-0000-7000-8000-0000000000b2', 'nurse.kita', 'Nurse', 'nurse', '{HASH}', 'fr', 0, NULL,
                 1700000000002, 1, 0);
         INSERT INTO user_locations (user_id, location_id)
         VALUES ('01900000-0000-7000-8000-0000000000b2', '01900000-0000-7000-8000-00000000000a');
         INSERT INTO role_requests (id, user_id, kind, role, location_ids, password_hash, requested_by, requested_at)
         VALUES ('01900000-0000-7000-8000-0000000000c3', '01900000-0000-7000-8000-0000000000b2', 'password_reset',
                 'nurse', '', '{PENDING}', '01900000-0000-7000-8000-0000000000a1', 1700000000003);"
    ))
    .expect("accounts");
    drop(conn);

    let store = Store::open(dir.path()).expect("upgrade");
    let admin = store.user("01900000-0000-7000-8000-0000000000a1").expect("read").expect("admin");
    assert_eq!((admin.password_hash.as_str(), admin.language.as_str()), (HASH, "en"));
    assert_eq!(admin.totp_secret.as_deref(), Some("JBSWY3DPEHPK3PXP"));
    let nurse = store.user("01900000-0000-7000-8000-0000000000b2").expect("read").expect("nurse");
    assert!(nurse.must_change_password);
    assert_eq!(nurse.location_ids, vec!["01900000-0000-7000-8000-00000000000a".to_string()]);

    let report = check_database(store.path(), &dir.path().join("scratch.sqlite")).expect("check");
    assert!(report.ok(), "{:?}", report.problems);
    let conn = Connection::open(store.path()).expect("open");
    let (accounts, requests, leaked): (i64, i64, i64) = conn
        .query_row(
            "SELECT COUNT(*) FILTER (WHERE entity_type = 'user'), COUNT(*) FILTER (WHERE entity_type = 'role_request'),
                    COUNT(*) FILTER (WHERE value LIKE '%argon2%' OR value LIKE '%JBSWY3DP%') FROM ops",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("count");
    assert_eq!((accounts, requests, leaked), (2, 1, 0));
    let pending: Option<String> = conn
        .query_row("SELECT pending_password_hash FROM user_credentials WHERE user_id = ?1", [&nurse.id], |r| r.get(0))
        .expect("pending");
    assert_eq!(pending.as_deref(), Some(PENDING), "the waiting reset keeps its password");
    drop(store);
    // Opening again adds nothing.
    let _store = Store::open(dir.path()).expect("reopen");
    let again: i64 =
        conn.query_row("SELECT COUNT(*) FROM ops WHERE entity_type = 'user'", [], |r| r.get(0)).expect("n");
    assert_eq!(again, 2);
}
