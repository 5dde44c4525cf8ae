//! Consistent copies of a live database and the checks a restored copy must
//! pass (security requirement 25).
//!
//! A copy is taken with SQLite's online backup API, never by copying files:
//! a file copy taken while the writer commits can mix pages of two states
//! (sqlite.org/howtocorrupt.html). The copy runs inside one read
//! transaction, so it is the database exactly as it was when the copy
//! started — every transaction committed before it, none after — and WAL
//! lets the writer go on committing meanwhile without forcing the copy to
//! start over.

use crate::audit::verify_audit_chain;
use crate::{Store, StoreError, pool};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::Path;

/// Pages copied per step: small enough that a step is short, large enough
/// that a demo database takes a handful of steps.
const PAGES_PER_STEP: i32 = 256;

/// What a copy holds, as SQLite counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copied {
    /// Database pages copied.
    pub pages: u64,
    /// Size of the copy in bytes.
    pub bytes: u64,
}

/// What a checked database holds: enough to tell an operator what was
/// restored and to compare two copies without reading anyone's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Schema version (`PRAGMA user_version`).
    pub schema_version: i64,
    /// Entries of the audit chain, every one re-hashed and found intact.
    pub audit_entries: u64,
    /// Hash of the last audit entry (empty for an empty trail): two copies
    /// with the same head have the same history.
    pub audit_head: String,
    /// People records.
    pub people: i64,
}

impl Store {
    /// Copies the database, as it is now, into a new SQLite file at `dest`
    /// (which must not exist), on one of the store's read connections while
    /// writes go on.
    pub fn backup_to(&self, dest: &Path) -> Result<Copied, StoreError> {
        self.read(|conn| copy_consistent(conn, dest))
    }
}

/// Copies the database of the data folder `dir` into a new SQLite file at
/// `dest` (which must not exist), through a read-only connection of its own:
/// for `dugu backup`, which may run beside a server that is writing.
pub fn backup_database(dir: &Path, dest: &Path) -> Result<Copied, StoreError> {
    let path = dir.join("dugu.sqlite");
    if !path.is_file() {
        return Err(StoreError::Io(format!("{} holds no dugu database", dir.display())));
    }
    let conn = pool::open_connection(&path, true)?;
    copy_consistent(&conn, dest)
}

fn copy_consistent(source: &Connection, dest: &Path) -> Result<Copied, StoreError> {
    create_private(dest)?;
    let mut target = Connection::open(dest)?;
    // One read transaction for the whole copy: its snapshot is the copy. A
    // deferred BEGIN takes the snapshot at the first read, done at once.
    let snapshot = source.unchecked_transaction()?;
    snapshot.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    {
        let backup = Backup::new(&snapshot, &mut target)?;
        let mut busy_waits = 0;
        loop {
            match backup.step(PAGES_PER_STEP)? {
                StepResult::Done => break,
                StepResult::More => {}
                // Only the copy's own file can be locked (it is new and
                // private), so this is brief; give up rather than spin.
                StepResult::Busy | StepResult::Locked => {
                    busy_waits += 1;
                    if busy_waits > 100 {
                        return Err(StoreError::Io("the backup copy stayed locked".into()));
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                _ => return Err(StoreError::Io("unexpected state of the SQLite backup".into())),
            }
        }
    }
    drop(snapshot);
    // The copy inherits WAL mode from its source; one self-contained file
    // is what gets compressed and restored.
    target.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))?;
    let pages: i64 = target.pragma_query_value(None, "page_count", |r| r.get(0))?;
    target.close().map_err(|(_, e)| e)?;
    let bytes = std::fs::metadata(dest).map_err(|e| StoreError::Io(format!("{}: {e}", dest.display())))?.len();
    Ok(Copied { pages: pages as u64, bytes })
}

/// Creates `path` empty and readable by its owner only, before SQLite opens
/// it: a plaintext copy of children's records is never world-readable, not
/// even for a moment (SQLite gives its journal the same mode).
fn create_private(path: &Path) -> Result<(), StoreError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop).map_err(|e| StoreError::Io(format!("cannot create {}: {e}", path.display())))
}

/// Checks a database file before it is trusted, typically a restored copy:
/// SQLite's `integrity_check`, a schema this dugu knows, and the whole audit
/// chain re-hashed. Opens the file read-only and changes nothing.
pub fn verify_database(path: &Path) -> Result<Verified, StoreError> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| StoreError::Io(format!("cannot open {}: {e}", path.display())))?;
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    let problems = st.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
    if problems != ["ok"] {
        let shown: Vec<&str> = problems.iter().take(5).map(String::as_str).collect();
        return Err(StoreError::Integrity(format!("SQLite integrity check failed: {}", shown.join("; "))));
    }
    let schema_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let latest = crate::migrations::latest();
    if !(1..=latest).contains(&schema_version) {
        return Err(StoreError::Integrity(format!(
            "schema version {schema_version} is not one this dugu knows (1 to {latest})"
        )));
    }
    let audit_entries = verify_audit_chain(&conn)?;
    let audit_head: String = conn
        .query_row("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok(crate::audit::stored_hash(r.get_ref(0)?))
        })
        .optional()?
        .unwrap_or_default();
    let people: i64 = conn.query_row("SELECT COUNT(*) FROM people", [], |r| r.get(0))?;
    Ok(Verified { schema_version, audit_entries, audit_head, people })
}
