//! The single write path: a thread that owns the only writable connection
//! and commits work in groups.
//!
//! Each caller's closure runs in its own savepoint, so one failing write
//! rolls back alone; the group then commits with one fsync, and every
//! caller is told the outcome only after the commit. Many concurrent
//! writers (audit entries of record views, above all) thus share a commit
//! instead of queueing for one each.

use crate::StoreError;
use rusqlite::Connection;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc;

/// What a job hands back: whether its work should be kept, and whom to tell
/// once the group is committed.
type Completion = Box<dyn FnOnce(Result<(), String>) + Send>;
type Job = Box<dyn FnOnce(&mut Tx<'_>) -> (bool, Completion) + Send>;

/// The most jobs committed together.
const GROUP: usize = 512;

/// State the writer carries between jobs; restored when a job rolls back.
pub(crate) struct WriterState {
    pub(crate) hlc: uhlc::HLC,
    pub(crate) device_id: String,
    /// This device's number in the `devices` table.
    pub(crate) device: i64,
    pub(crate) next_seq: i64,
    pub(crate) last_audit_hash: String,
    /// Name index changes of this group, applied once it is committed.
    pub(crate) index_changes: Vec<crate::name_index::IndexChange>,
}

/// A write in progress: the connection inside the job's savepoint, and the
/// writer's clock, sequence and audit chain.
pub struct Tx<'a> {
    pub(crate) conn: &'a Connection,
    pub(crate) state: &'a mut WriterState,
}

impl Tx<'_> {
    /// A fresh hybrid-logical-clock timestamp.
    pub fn stamp(&self) -> String {
        self.state.hlc.new_timestamp().to_string()
    }

    /// This site's (device's) id.
    pub fn device_id(&self) -> &str {
        &self.state.device_id
    }
}

pub(crate) struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    pub(crate) fn start(
        conn: Connection,
        site_id: &str,
        names: std::sync::Arc<crate::name_index::NameIndex>,
    ) -> Result<Writer, StoreError> {
        let state = load_state(&conn, site_id)?;
        let (jobs, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("dugu-writer".into())
            .spawn(move || run_writer(conn, state, rx, names))
            .map_err(|e| StoreError::Io(format!("cannot start the writer: {e}")))?;
        Ok(Writer { jobs })
    }

    pub(crate) fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (done, outcome) = mpsc::sync_channel::<Result<T, StoreError>>(1);
        let job: Job = Box::new(move |tx: &mut Tx<'_>| {
            let result = f(tx);
            let keep = result.is_ok();
            let completion: Completion = Box::new(move |commit: Result<(), String>| {
                let out = match commit {
                    Ok(()) => result,
                    Err(e) => Err(StoreError::Io(format!("commit failed: {e}"))),
                };
                let _ = done.send(out);
            });
            (keep, completion)
        });
        self.jobs.send(job).map_err(|_| StoreError::WriterGone)?;
        outcome.recv().map_err(|_| StoreError::WriterGone)?
    }
}

fn load_state(conn: &Connection, site_id: &str) -> Result<WriterState, StoreError> {
    let uuid = uuid::Uuid::parse_str(site_id).map_err(|e| StoreError::Integrity(format!("site id: {e}")))?;
    let id = uhlc::ID::try_from(&uuid.as_bytes()[..]).map_err(|e| StoreError::Integrity(format!("hlc id: {e}")))?;
    let hlc = uhlc::HLCBuilder::new().with_id(id).build();
    conn.execute("INSERT OR IGNORE INTO devices (device_id) VALUES (?1)", [site_id])?;
    let device: i64 = conn.query_row("SELECT id FROM devices WHERE device_id = ?1", [site_id], |r| r.get(0))?;
    let next_seq: i64 =
        conn.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM ops WHERE device = ?1", [device], |r| r.get(0))?;
    let last_audit_hash: String = conn
        .query_row("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))
        .unwrap_or_else(|_| crate::audit::GENESIS.to_string());
    Ok(WriterState {
        hlc,
        device_id: site_id.to_string(),
        device,
        next_seq,
        last_audit_hash,
        index_changes: Vec::new(),
    })
}

fn run_writer(
    conn: Connection,
    mut state: WriterState,
    rx: mpsc::Receiver<Job>,
    names: std::sync::Arc<crate::name_index::NameIndex>,
) {
    let site_id = state.device_id.clone();
    // A bigger cache for the one connection that writes: index pages of a
    // large registry stay in memory between groups.
    let _ = conn.pragma_update(None, "cache_size", -32_768);
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        while jobs.len() < GROUP {
            match rx.try_recv() {
                Ok(j) => jobs.push(j),
                Err(_) => break,
            }
        }
        let mut completions = Vec::with_capacity(jobs.len());
        let began = conn.execute_batch("BEGIN IMMEDIATE");
        if let Err(e) = began {
            tracing::error!(error = %e, "cannot begin a write transaction");
            // Drop the jobs: their callers see the writer's error.
            continue;
        }
        for job in jobs {
            if conn.execute_batch("SAVEPOINT job").is_err() {
                continue;
            }
            let saved = (state.next_seq, state.last_audit_hash.clone(), state.index_changes.len());
            let outcome =
                std::panic::catch_unwind(AssertUnwindSafe(|| job(&mut Tx { conn: &conn, state: &mut state })));
            let keep = match outcome {
                Ok((keep, completion)) => {
                    completions.push(completion);
                    keep
                }
                Err(_) => {
                    tracing::error!("a write panicked; its work is rolled back");
                    false
                }
            };
            if !keep {
                let _ = conn.execute_batch("ROLLBACK TO job");
                state.next_seq = saved.0;
                state.last_audit_hash = saved.1;
                state.index_changes.truncate(saved.2);
            }
            let _ = conn.execute_batch("RELEASE job");
        }
        let committed = conn.execute_batch("COMMIT").map_err(|e| e.to_string());
        let changes = std::mem::take(&mut state.index_changes);
        if committed.is_ok() && !changes.is_empty() {
            names.apply(&changes);
        }
        if committed.is_err() {
            let _ = conn.execute_batch("ROLLBACK");
            match load_state(&conn, &site_id) {
                Ok(s) => state = s,
                Err(e) => tracing::error!(error = %e, "cannot reload writer state"),
            }
        }
        for c in completions {
            c(committed.clone());
        }
    }
}
