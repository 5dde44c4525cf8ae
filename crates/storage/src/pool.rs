//! Opening SQLite the way dugu needs it, and a small pool of read-only
//! connections.

use crate::StoreError;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::{Condvar, Mutex};

/// Opens a connection with dugu's settings: WAL (readers never block the
/// writer), `synchronous=FULL` (a power cut loses no acknowledged commit),
/// foreign keys on, and the `rarray()` table function for scope lists.
pub(crate) fn open_connection(path: &Path, read_only: bool) -> Result<Connection, StoreError> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI
    };
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| StoreError::Io(format!("cannot open {}: {e}", path.display())))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    if !read_only {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // 8 MB per reader: eight readers and the writer stay well inside the
    // 200 MB a site server may use, whatever the database's size.
    conn.pragma_update(None, "cache_size", -8_000)?;
    if read_only {
        conn.pragma_update(None, "query_only", "ON")?;
    }
    rusqlite::vtab::array::load_module(&conn)?;
    plan_once(&conn)?;
    Ok(conn)
}

/// Ids as a statement's `rarray(?)` takes them (the table function
/// [`open_connection`] loads): one bound value for a whole list.
pub(crate) fn text_array<'a>(ids: impl IntoIterator<Item = &'a String>) -> std::rc::Rc<Vec<rusqlite::types::Value>> {
    std::rc::Rc::new(ids.into_iter().map(|i| rusqlite::types::Value::Text(i.clone())).collect())
}

/// Statements planned once and kept: every connection dugu writes or
/// reads with (the scratch database a site is built in too).
pub(crate) fn plan_once(conn: &Connection) -> Result<(), StoreError> {
    // Plans that do not depend on the values bound. Without this, SQLite
    // marks a parameter it might plan by (a `LIMIT ?`, one compared with a
    // partial index's literal…) and parses and plans the statement again
    // each time that parameter is bound: a push spent two thirds of its
    // time re-preparing the export's scope statement, once per op. dugu
    // keeps no statistics (no ANALYZE) and binds no `LIKE` pattern, so
    // the plans lose nothing.
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    // Every query dugu runs is cached; the default of 16 would evict some
    // on each write and parse them again.
    conn.set_prepared_statement_cache_capacity(128);
    Ok(())
}

/// A fixed set of read-only connections handed out one at a time.
pub(crate) struct ReadPool {
    free: Mutex<Vec<Connection>>,
    available: Condvar,
}

impl ReadPool {
    pub(crate) fn new(path: &Path, size: usize) -> Result<ReadPool, StoreError> {
        let conns = (0..size).map(|_| open_connection(path, true)).collect::<Result<Vec<_>, _>>()?;
        Ok(ReadPool { free: Mutex::new(conns), available: Condvar::new() })
    }

    /// Runs `f` on a free connection, waiting for one if all are busy.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let conn = {
            let mut free = self.free.lock().map_err(|_| StoreError::Io("read pool poisoned".into()))?;
            loop {
                if let Some(c) = free.pop() {
                    break c;
                }
                free = self.available.wait(free).map_err(|_| StoreError::Io("read pool poisoned".into()))?;
            }
        };
        let result = f(&conn);
        if let Ok(mut free) = self.free.lock() {
            free.push(conn);
        }
        self.available.notify_one();
        result
    }
}

#[cfg(test)]
mod tests {
    use super::open_connection;
    use rusqlite::{Connection, StatementStatus};

    /// How many times one statement, run with a new value bound each time,
    /// was prepared again by SQLite.
    fn reprepared(conn: &Connection) -> i32 {
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS t (a INTEGER, b INTEGER);
             CREATE INDEX IF NOT EXISTS t_latest ON t(a) WHERE b = 1;
             INSERT INTO t VALUES (1, 1), (2, 0), (3, 1);",
        )
        .expect("schema");
        let mut st = conn.prepare("SELECT a FROM t WHERE a = ?1 AND b = ?2 ORDER BY a LIMIT ?3").expect("prepare");
        for i in 0..20_i64 {
            let _: Vec<i64> = st
                .query_map([i % 4, i % 2, i + 1], |r| r.get(0))
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows");
        }
        st.get_status(StatementStatus::RePrepare)
    }

    #[test]
    fn a_statement_is_not_prepared_again_for_each_value_bound() {
        // SQLite's default, which the bench measured at two thirds of a push.
        let plain = Connection::open_in_memory().expect("open");
        assert!(reprepared(&plain) > 0, "SQLite no longer plans by bound values: this test proves nothing");
        let dir = tempfile::tempdir().expect("tempdir");
        let ours = open_connection(&dir.path().join("t.sqlite"), false).expect("open");
        assert_eq!(reprepared(&ours), 0);
    }
}
