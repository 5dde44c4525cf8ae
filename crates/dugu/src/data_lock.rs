//! One dugu process at a time writes a data folder. The writer keeps its
//! next sequence number and its clock in memory, so a second process
//! writing the same database (a `dugu sync` beside a `dugu serve`) would
//! mint numbers the first also mints: its writes would fail. `dugu serve`
//! holds an advisory lock on `DIR/dugu.lock` while it runs (its
//! background rounds are in-process) and `dugu sync` takes it for its
//! round; the operating system drops it when the process ends, however it
//! ends, so a killed process never leaves the folder locked.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

/// The lock file, beside the database.
pub const LOCK_FILE: &str = "dugu.lock";

/// The folder's lock, held until dropped.
pub struct DataLock {
    _file: File,
}

/// Why the lock was not taken.
pub enum NotLocked {
    /// Another dugu process holds it.
    Busy,
    /// The lock file cannot be opened or locked.
    Io(std::io::Error),
}

/// Takes the lock of `data` (which must exist), or says why not.
pub fn hold(data: &Path) -> Result<DataLock, NotLocked> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data.join(LOCK_FILE))
        .map_err(NotLocked::Io)?;
    match file.try_lock() {
        Ok(()) => Ok(DataLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(NotLocked::Busy),
        Err(TryLockError::Error(e)) => Err(NotLocked::Io(e)),
    }
}
