//! Small reads the binary, the demo and the web crate need outside any
//! capability (first start, seeding, the audit page), so that none of them
//! touches SQL; and, behind the `inspect` feature that only test builds
//! turn on, a read-only look at the tables for tests of other crates.

use crate::writer::Tx;
use crate::{Store, StoreError};
use rusqlite::OptionalExtension;

impl Store {
    /// Whether any person is registered.
    pub fn has_people(&self) -> Result<bool, StoreError> {
        self.read(|c| Ok(c.query_row("SELECT EXISTS(SELECT 1 FROM people)", [], |r| r.get(0))?))
    }

    /// How many people are registered (benchmarks report what they add).
    pub fn people_count(&self) -> Result<i64, StoreError> {
        self.read(|c| Ok(c.query_row("SELECT COUNT(*) FROM people", [], |r| r.get(0))?))
    }

    /// `(code, id)` of every location (locations are not personal data).
    pub fn location_codes(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.read(|c| {
            let mut st = c.prepare_cached("SELECT code, id FROM locations ORDER BY code")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Test instrumentation (feature `inspect`, never in a release build):
    /// the first column of each row `sql` returns, as text, with `params`
    /// bound — on a read-only connection, so it can change nothing.
    #[cfg(feature = "inspect")]
    pub fn inspect(&self, sql: &str, params: &[&str]) -> Result<Vec<String>, StoreError> {
        self.read(|c| {
            let mut st = c.prepare(sql)?;
            let rows = st.query_map(rusqlite::params_from_iter(params), |r| {
                Ok(match r.get_ref(0)? {
                    rusqlite::types::ValueRef::Null => String::new(),
                    rusqlite::types::ValueRef::Integer(i) => i.to_string(),
                    rusqlite::types::ValueRef::Real(f) => f.to_string(),
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                        String::from_utf8_lossy(t).into_owned()
                    }
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

impl Tx<'_> {
    /// Test instrumentation (feature `inspect`, never in a release build):
    /// runs `sql` inside this write — how other crates' tests make the
    /// database fail under a running server (a trigger that refuses, a
    /// commit that cannot succeed).
    #[cfg(feature = "inspect")]
    pub fn execute_for_tests(&self, sql: &str) -> Result<(), StoreError> {
        Ok(self.conn.execute_batch(sql)?)
    }

    /// Whether an account has this username (case does not matter).
    pub fn username_taken(&self, username: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM users WHERE username = ?1)")?
            .query_row([username], |r| r.get(0))?)
    }

    /// The house a child lives in now, if placed (demo seeding puts
    /// siblings together).
    pub fn current_house(&self, person_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT house_id FROM placements WHERE person_id = ?1 AND to_date IS NULL")?
            .query_row([person_id], |r| r.get(0))
            .optional()?)
    }

    /// `(id, kind, site code)` of every programme.
    pub fn programmes_by_site(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT p.id, p.kind, l.code FROM programmes p JOIN locations l ON l.id = p.location_id")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The audit trail's hash chain, verified whole.
pub trait AuditChain {
    /// Re-hashes the whole audit chain; the number of entries, or where it
    /// is broken.
    fn verify_audit_chain(&self) -> Result<u64, StoreError>;
}

impl AuditChain for Store {
    fn verify_audit_chain(&self) -> Result<u64, StoreError> {
        self.read(crate::audit::verify_audit_chain)
    }
}
