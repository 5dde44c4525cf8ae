//! A bulk load: a national registry written through [`Tx::apply`] on a
//! store that nothing else uses, with the indexes such a load fills in
//! random order built once, by sorting, at its end.
//!
//! Crash safety: the indexes are dropped in one committed transaction
//! before the first batch and created again in one after the last; every
//! batch between commits whole, as any write does. A load that stops
//! half-way (a crash, a power cut, an error) leaves a database whose
//! tables are whole and consistent — `dugu check` passes on it — missing
//! only those indexes, which every [`Store::open`] creates again before
//! anything reads it ([`restore_indexes`]). New people's name words wait
//! in `person_tokens_staged` (appended, batch after batch) and are filed
//! into `person_tokens`, sorted once, at the end or at that open; `dugu
//! check` counts staged words as filed.

use crate::writer::Tx;
use crate::{PreparedPerson, Principal, Store, StoreError};
use std::sync::Arc;

/// The secondary indexes a bulk load would fill row by row: on people by
/// location and name, by sort name, by location and birth date (each
/// person's entry lands on another leaf), and those that grow at their
/// end but still cost a descent per row — name words by person, the log
/// by entity, the audit trail by record and by user. The tables
/// themselves, a person's id and record number stay. Each statement is
/// its migration's exactly (SQLite keeps it without `IF NOT EXISTS`), so
/// the schema after a load is the schema before it (tested).
const RESTORE: &str = "
    CREATE INDEX IF NOT EXISTS people_by_location ON people(location_id, sort_name);
    CREATE INDEX IF NOT EXISTS people_by_sort_name ON people(sort_name);
    CREATE INDEX IF NOT EXISTS people_by_location_birth ON people(location_id, birth_date, sex, id);
    CREATE INDEX IF NOT EXISTS person_tokens_by_person ON person_tokens(person_key, token);
    CREATE INDEX IF NOT EXISTS ops_by_entity ON ops(entity_id, field, hlc);
    CREATE INDEX IF NOT EXISTS audit_by_record ON audit_log(record_id, seq);
    CREATE INDEX IF NOT EXISTS audit_by_user ON audit_log(user_id, at);
";

/// Drops the three indexes on people that [`RESTORE`] creates.
const DEFER_PEOPLE: &str = "
    DROP INDEX IF EXISTS people_by_location;
    DROP INDEX IF EXISTS people_by_sort_name;
    DROP INDEX IF EXISTS people_by_location_birth;
";

/// Drops the other four.
const DEFER_REST: &str = "
    DROP INDEX IF EXISTS person_tokens_by_person;
    DROP INDEX IF EXISTS ops_by_entity;
    DROP INDEX IF EXISTS audit_by_record;
    DROP INDEX IF EXISTS audit_by_user;
";

/// How many of the deferred indexes the database has: all of them
/// ([`DEFERRED`]) but after a load that stopped half-way.
const PRESENT: &str = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN
    ('people_by_location', 'people_by_sort_name', 'people_by_location_birth', 'person_tokens_by_person',
     'ops_by_entity', 'audit_by_record', 'audit_by_user')";

/// How many indexes a bulk load may defer.
const DEFERRED: i64 = 7;

/// Which indexes a bulk load drops and builds again at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deferred {
    /// The three on people a load fills at random (by location and name,
    /// by sort name, by location and birth date).
    People,
    /// Those and the four that grow at their end but still cost a descent
    /// per row (name words by person, the log by entity, the audit trail
    /// by record and by user).
    All,
}

/// Files the name words a bulk load staged into `person_tokens`, sorted
/// once in the table's key order, and empties the staging table. Each
/// statement may commit alone (at an open): a word filed twice is ignored.
pub(crate) fn file_staged_words(conn: &rusqlite::Connection) -> Result<(), StoreError> {
    let staged: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM person_tokens_staged)", [], |r| r.get(0))?;
    if staged {
        conn.execute_batch(
            "INSERT OR IGNORE INTO person_tokens (token, sort_name, person_key, location_key)
                 SELECT token, sort_name, person_key, location_key FROM person_tokens_staged
                 ORDER BY token, sort_name, person_key;
             DELETE FROM person_tokens_staged;",
        )?;
    }
    Ok(())
}

/// Files the name words and creates the indexes a bulk load left out, if
/// one stopped before its end; nothing otherwise. Runs at every open,
/// after the migrations and before the name index is read.
pub(crate) fn restore_indexes(conn: &rusqlite::Connection) -> Result<(), StoreError> {
    file_staged_words(conn)?;
    let present: i64 = conn.query_row(PRESENT, [], |r| r.get(0))?;
    if present < DEFERRED {
        tracing::warn!("a bulk load stopped before its end: creating the indexes it left out");
        // Each statement commits on its own; one left undone is done at
        // the next open.
        conn.execute_batch(RESTORE)?;
    }
    Ok(())
}

/// A bulk load in progress: the store's only handle, so no server or
/// other caller can read from it meanwhile (lists and searches would be
/// slow without the deferred indexes, and new people's name words wait in
/// a staging table until [`BulkLoad::finish`]). It writes new people only. Made by [`BulkLoad::start`]; ended
/// by [`BulkLoad::finish`], which gives the store back whole.
pub struct BulkLoad {
    store: Store,
}

impl BulkLoad {
    /// Starts a bulk load on `store`, which must be its only handle (no
    /// clone of it anywhere: not under a server). Drops the indexes a
    /// load fills at random and gives the writer a page cache for the
    /// rest ([`Tx::bulk_loading`]).
    pub fn start(store: Store) -> Result<BulkLoad, StoreError> {
        BulkLoad::deferring(store, Deferred::All)
    }

    /// [`BulkLoad::start`], deferring only `which` indexes (to measure one
    /// choice against the other).
    pub fn deferring(store: Store, which: Deferred) -> Result<BulkLoad, StoreError> {
        if Arc::strong_count(&store.inner) != 1 {
            return Err(StoreError::Integrity("a bulk load needs the store to itself".into()));
        }
        store.write(move |tx| {
            tx.bulk_loading(true)?;
            tx.conn.execute_batch(DEFER_PEOPLE)?;
            if which == Deferred::All {
                tx.conn.execute_batch(DEFER_REST)?;
            }
            Ok(())
        })?;
        Ok(BulkLoad { store })
    }

    /// Writes a batch of people checked by [`PreparedPerson::new`], as
    /// [`Tx::insert_people`] does (one `apply`, ops and audit entries
    /// included), in its own transaction. Returns their ids, in order.
    pub fn insert_people(&self, who: &Principal, people: Vec<PreparedPerson>) -> Result<Vec<String>, StoreError> {
        let who = who.clone();
        self.store.write(move |tx| tx.insert_people(&who, &people))
    }

    /// The number of people in the store.
    pub fn people_count(&self) -> Result<i64, StoreError> {
        self.store.people_count()
    }

    /// Creates the deferred indexes (SQLite sorts each once) and gives
    /// the writer its everyday cache back.
    pub fn finish(self) -> Result<Store, StoreError> {
        self.store.write(|tx: &mut Tx<'_>| {
            // The staged words first: filed before their index by person
            // exists, which is then built by sorting too.
            file_staged_words(tx.conn)?;
            tx.conn.execute_batch(RESTORE)?;
            tx.bulk_loading(false)
        })?;
        Ok(self.store)
    }
}

#[cfg(test)]
#[path = "bulk_tests.rs"]
mod tests;
