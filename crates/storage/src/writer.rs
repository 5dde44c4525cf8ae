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
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::mpsc;

/// Whom to tell once the group is committed (or not).
type Completion = Box<dyn FnOnce(Result<(), String>) + Send>;

/// A caller's closure, run in its savepoint: whether to keep its work, and
/// whom to tell about the commit.
type Work = Box<dyn FnOnce(&mut Tx<'_>) -> (bool, Completion) + Send>;

/// One caller's write. `work` runs in the job's savepoint and says whether
/// its work should be kept; `refuse` tells the caller when `work` could not
/// run or panicked, so no caller is ever left without an answer.
struct Job {
    work: Work,
    refuse: Box<dyn FnOnce(StoreError) + Send>,
}

enum Message {
    Job(Job),
    /// Finish the jobs already queued, then stop.
    Stop,
}

/// The most jobs committed together.
const GROUP: usize = 512;

/// The most jobs waiting for the writer. A caller beyond it waits to queue
/// (back-pressure) instead of growing memory without bound; two groups'
/// worth keeps the writer busy while callers wait for their commit.
pub(crate) const QUEUE: usize = 2 * GROUP;

/// The writer's page cache, in KiB: index pages of a large registry stay
/// in memory between groups.
pub(crate) const CACHE_KIB: i64 = 32 * 1024;

/// How many pages the write-ahead log may hold before the writer copies
/// them into the database: SQLite's own default for its automatic
/// checkpoint.
const CHECKPOINT_PAGES: i32 = 1000;

/// The writer's page cache during a bulk load (see
/// [`Tx::bulk_loading`]): the randomly ordered indexes of a
/// million people (by location and name, sort name, birth date; name
/// words) fit, so an insert no longer reads its leaf page from the disk.
/// SQLite allocates cache pages as they are used, so only a load that
/// needs them takes the memory.
pub(crate) const BULK_CACHE_KIB: i64 = 1024 * 1024;

/// The page cache of a database built from scratch (a site's first
/// database, `dugu check`'s replay), in KiB: allocated as used, freed when
/// the build ends.
pub(crate) const SCRATCH_CACHE_KIB: i64 = 256 * 1024;

/// How the writer thread is doing, for `/healthz` and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriterHealth {
    /// The thread is running (false once it stopped or died).
    pub alive: bool,
    /// The last group's commit failed (a full disk, an I/O error): writes
    /// are being refused until one commits again.
    pub failing: bool,
    /// Groups committed since the store was opened.
    pub commits: u64,
    /// Jobs waiting in the queue now.
    pub queued: usize,
}

#[derive(Default)]
struct Shared {
    alive: AtomicBool,
    failing: AtomicBool,
    commits: AtomicU64,
    /// Counted up after a send and down on receipt, so it may dip below
    /// zero for a moment; read clamped.
    queued: AtomicI64,
}

/// Marks the writer dead however its thread ends, a panic included.
struct AliveGuard(Arc<Shared>);

impl Drop for AliveGuard {
    fn drop(&mut self) {
        self.0.alive.store(false, Ordering::SeqCst);
    }
}

/// State the writer carries between jobs; restored when a job rolls back.
pub(crate) struct WriterState {
    pub(crate) hlc: uhlc::HLC,
    pub(crate) device_id: String,
    /// This device's number in the `devices` table.
    pub(crate) device: i64,
    pub(crate) next_seq: i64,
    /// The last entry's hash (32 bytes, as stored).
    pub(crate) last_audit_hash: [u8; 32],
    /// During a bulk load ([`Tx::bulk_loading`]): new people's name words
    /// go to `person_tokens_staged`, filed at the load's end.
    pub(crate) staging_words: bool,
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

    /// Gives the writer a page cache large enough for a bulk load of a
    /// national registry (`on`), or its everyday one back. Only speed
    /// depends on it: every write still goes through [`Tx::apply`]. While
    /// on, new people's name words wait in `person_tokens_staged`; turning
    /// it off files them (what [`crate::BulkLoad`] does at its end).
    pub fn bulk_loading(&mut self, on: bool) -> Result<(), StoreError> {
        let kib = if on { BULK_CACHE_KIB } else { CACHE_KIB };
        if !on {
            crate::bulk::file_staged_words(self.conn)?;
        }
        self.state.staging_words = on;
        Ok(self.conn.pragma_update(None, "cache_size", -kib)?)
    }
}

pub(crate) struct Writer {
    jobs: mpsc::SyncSender<Message>,
    shared: Arc<Shared>,
}

impl Writer {
    pub(crate) fn start(
        conn: Connection,
        site_id: &str,
        names: Arc<crate::name_index::NameIndex>,
        queue: usize,
    ) -> Result<Writer, StoreError> {
        let state = load_state(&conn, site_id)?;
        let (jobs, rx) = mpsc::sync_channel::<Message>(queue);
        let shared = Arc::new(Shared { alive: AtomicBool::new(true), ..Shared::default() });
        let guard = AliveGuard(shared.clone());
        std::thread::Builder::new()
            .name("dugu-writer".into())
            .spawn(move || run_writer(conn, state, rx, names, guard))
            .map_err(|e| StoreError::Io(format!("cannot start the writer: {e}")))?;
        Ok(Writer { jobs, shared })
    }

    pub(crate) fn health(&self) -> WriterHealth {
        WriterHealth {
            alive: self.shared.alive.load(Ordering::SeqCst),
            failing: self.shared.failing.load(Ordering::SeqCst),
            commits: self.shared.commits.load(Ordering::SeqCst),
            queued: usize::try_from(self.shared.queued.load(Ordering::SeqCst)).unwrap_or(0),
        }
    }

    /// Asks the writer to stop once the jobs queued before are done.
    pub(crate) fn stop(&self) {
        // Already gone is as good as stopped.
        if self.jobs.send(Message::Stop).is_ok() {
            self.shared.queued.fetch_add(1, Ordering::SeqCst);
        }
    }

    pub(crate) fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        // Room for one answer: a job is either completed or refused, never both.
        let (done, outcome) = mpsc::sync_channel::<Result<T, StoreError>>(1);
        let refused = done.clone();
        let work: Work = Box::new(move |tx: &mut Tx<'_>| {
            let result = f(tx);
            let keep = result.is_ok();
            let completion: Completion = Box::new(move |commit: Result<(), String>| {
                let out = match commit {
                    Ok(()) => result,
                    Err(e) => Err(StoreError::Io(format!("commit failed: {e}"))),
                };
                // The caller waits in `recv` below until it gets this; a
                // send can only fail if that thread is gone already.
                let _ = done.send(out);
            });
            (keep, completion)
        });
        let refuse = Box::new(move |e: StoreError| {
            let _ = refused.send(Err(e));
        });
        self.jobs.send(Message::Job(Job { work, refuse })).map_err(|_| StoreError::WriterGone)?;
        self.shared.queued.fetch_add(1, Ordering::SeqCst);
        outcome.recv().map_err(|_| StoreError::WriterGone)?
    }
}

/// How far ahead of this machine's clock a clock reading may be and still
/// move the hybrid clock: any (a century).
const ACCEPTED_DRIFT: std::time::Duration = std::time::Duration::from_secs(100 * 365 * 86_400);

fn load_state(conn: &Connection, site_id: &str) -> Result<WriterState, StoreError> {
    let uuid = uuid::Uuid::parse_str(site_id).map_err(|e| StoreError::Integrity(format!("site id: {e}")))?;
    let id = uhlc::ID::try_from(&uuid.as_bytes()[..]).map_err(|e| StoreError::Integrity(format!("hlc id: {e}")))?;
    // Any remote clock is accepted (a far-ahead one is flagged when
    // received): an op must be ordered after every op its author saw.
    let hlc = uhlc::HLCBuilder::new().with_id(id).with_max_delta(ACCEPTED_DRIFT).build();
    // Never behind the log, whatever the machine's clock says after a
    // restart: each device's last op carries its latest clock.
    let latest: Option<i64> = conn.query_row(
        "SELECT MAX((SELECT hlc FROM ops o WHERE o.device = d.id ORDER BY seq DESC LIMIT 1)) FROM devices d",
        [],
        |r| r.get(0),
    )?;
    if let Some(t) = latest {
        let _ = hlc.update_with_timestamp(&uhlc::Timestamp::new(uhlc::NTP64(t as u64), id));
    }
    conn.execute("INSERT OR IGNORE INTO devices (device_id) VALUES (?1)", [site_id])?;
    let device: i64 = conn.query_row("SELECT id FROM devices WHERE device_id = ?1", [site_id], |r| r.get(0))?;
    // A site's own ops on a record that left its scope are purged once the
    // hub has them: the numbers it sent are never given again.
    let next_seq: i64 = conn.query_row(
        "SELECT max(COALESCE((SELECT MAX(seq) FROM ops WHERE device = ?1), 0),
                    COALESCE((SELECT max(sent, pushed) FROM hub_link), 0)) + 1",
        [device],
        |r| r.get(0),
    )?;
    // Only an empty trail starts at genesis: on any other error the writer
    // does not start, rather than begin a second chain that hides the first.
    let last_audit_hash = crate::audit::chain_head(conn)?;
    Ok(WriterState {
        hlc,
        device_id: site_id.to_string(),
        device,
        next_seq,
        last_audit_hash,
        staging_words: false,
        index_changes: Vec::new(),
    })
}

fn run_writer(
    mut conn: Connection,
    mut state: WriterState,
    rx: mpsc::Receiver<Message>,
    names: Arc<crate::name_index::NameIndex>,
    alive: AliveGuard,
) {
    let shared = alive.0.clone();
    // A bigger cache for the one connection that writes. Only speed
    // depends on it.
    if let Err(e) = conn.pragma_update(None, "cache_size", -CACHE_KIB) {
        tracing::warn!(error = %e, "the writer keeps the default cache size");
    }
    // SQLite checkpoints inside COMMIT, so a large write's caller would
    // wait for its pages to be copied a second time. The writer does it
    // itself once the group's callers are told (its hook replaces SQLite's
    // automatic checkpoint); the log holds every committed page meanwhile,
    // so nothing acknowledged depends on it.
    let wal_pages = Arc::new(std::sync::atomic::AtomicI32::new(0));
    let pages = wal_pages.clone();
    let hooked = conn.wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, n: std::ffi::c_int| {
        pages.store(n, Ordering::Relaxed);
        Ok(())
    }));
    if let Err(e) = hooked {
        tracing::warn!(error = %e, "the writer leaves checkpoints to SQLite");
    }
    let mut stopping = false;
    while !stopping {
        let Ok(first) = rx.recv() else { break };
        let mut messages = vec![first];
        while messages.len() < GROUP {
            match rx.try_recv() {
                Ok(m) => messages.push(m),
                Err(_) => break,
            }
        }
        shared.queued.fetch_sub(messages.len() as i64, Ordering::SeqCst);
        let mut jobs = Vec::with_capacity(messages.len());
        for m in messages {
            match m {
                Message::Job(j) => jobs.push(j),
                Message::Stop => stopping = true,
            }
        }
        if !jobs.is_empty() {
            run_group(&conn, &mut state, jobs, &names, &shared);
        }
        if wal_pages.load(Ordering::Relaxed) >= CHECKPOINT_PAGES {
            // PASSIVE, as SQLite's own: it never waits for readers.
            match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                Ok(()) => wal_pages.store(0, Ordering::Relaxed),
                Err(e) => tracing::warn!(error = %e, "a checkpoint failed; the log keeps the pages"),
            }
        }
    }
    drop(alive);
}

/// Runs one group of jobs in one transaction. Each job runs in its own
/// savepoint (a failing or panicking job rolls back alone); if the
/// transaction itself cannot be kept — a savepoint cannot be rolled back,
/// or the commit fails — every job of the group is told so and nothing of
/// the group stays.
fn run_group(
    conn: &Connection,
    state: &mut WriterState,
    jobs: Vec<Job>,
    names: &crate::name_index::NameIndex,
    shared: &Shared,
) {
    if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
        tracing::error!(error = %e, "cannot begin a write transaction");
        shared.failing.store(true, Ordering::SeqCst);
        for job in jobs {
            (job.refuse)(StoreError::Io(format!("cannot begin a write transaction: {e}")));
        }
        return;
    }
    let before = (state.next_seq, state.last_audit_hash);
    // A lone job needs no savepoint: the transaction is its savepoint. A
    // savepoint copies every page the first time the job changes it
    // (SQLite's sub-journal) — for a bulk load's batch, most of the
    // indexes.
    let lone = jobs.len() == 1;
    let mut rolled_back = false;
    let mut completions = Vec::with_capacity(jobs.len());
    let mut broken: Option<String> = None;
    for job in jobs {
        if let Some(cause) = &broken {
            (job.refuse)(StoreError::Io(format!("the write transaction failed: {cause}")));
            continue;
        }
        if !lone && let Err(e) = conn.execute_batch("SAVEPOINT job") {
            (job.refuse)(StoreError::Io(format!("cannot open a savepoint: {e}")));
            broken = Some(e.to_string());
            continue;
        }
        let saved = (state.next_seq, state.last_audit_hash, state.index_changes.len());
        let Job { work, refuse } = job;
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| work(&mut Tx { conn, state: &mut *state })));
        let keep = match outcome {
            Ok((keep, completion)) => {
                completions.push(completion);
                keep
            }
            Err(_) => {
                tracing::error!("a write panicked; its work is rolled back");
                refuse(StoreError::Panicked);
                false
            }
        };
        if !keep {
            let undo = if lone { "ROLLBACK" } else { "ROLLBACK TO job" };
            if let Err(e) = conn.execute_batch(undo) {
                // Its work may still be in the transaction: keep none of it.
                broken = Some(e.to_string());
            }
            rolled_back = lone;
            state.next_seq = saved.0;
            state.last_audit_hash = saved.1;
            state.index_changes.truncate(saved.2);
        }
        if !lone
            && broken.is_none()
            && let Err(e) = conn.execute_batch("RELEASE job")
        {
            broken = Some(e.to_string());
        }
    }
    let committed = match broken {
        Some(cause) => Err(cause),
        // The lone job's work is undone already; so is the transaction.
        None if rolled_back => Ok(()),
        None => conn.execute_batch("COMMIT").map_err(|e| e.to_string()),
    };
    let changes = std::mem::take(&mut state.index_changes);
    match &committed {
        Ok(()) => {
            if !changes.is_empty() {
                names.apply(&changes);
            }
            shared.commits.fetch_add(1, Ordering::SeqCst);
            shared.failing.store(false, Ordering::SeqCst);
        }
        Err(cause) => {
            tracing::error!(error = %cause, "a write group is rolled back");
            shared.failing.store(true, Ordering::SeqCst);
            // SQLite may have rolled back already (a full disk does), so
            // "no transaction is active" is expected here.
            if let Err(e) = conn.execute_batch("ROLLBACK") {
                tracing::debug!(error = %e, "rollback after a failed group");
            }
            // The sequence and the chain head go back to what is on disk.
            state.next_seq = before.0;
            state.last_audit_hash = before.1;
        }
    }
    for c in completions {
        c(committed.clone());
    }
}

#[cfg(test)]
#[path = "writer_tests.rs"]
mod tests;
