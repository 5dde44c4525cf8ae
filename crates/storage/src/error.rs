//! The store's errors. Callers handle `NotFound`, `Invalid` and
//! `Forbidden`; the rest are failures to report (with context, never with a
//! person's data).

use dugu_domain::Invalid;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such record, or not in the caller's scope: the two are
    /// deliberately the same.
    #[error("not found")]
    NotFound,
    /// The input broke a rule; each field's problem is listed.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The caller's role may not do this at all.
    #[error("forbidden")]
    Forbidden,
    /// SQLite failed.
    #[error("database: {0}")]
    Sqlite(rusqlite::Error),
    /// A stored value is not one of its column's type (a sex that is not
    /// `F` or `M`, a day that is not a day): the read fails rather than
    /// answer with a default. Names the column, never the value.
    #[error("stored value undecodable: column {column}, not a {expected}")]
    Undecodable {
        /// The column.
        column: String,
        /// What it should hold.
        expected: &'static str,
    },
    /// A file could not be created or opened.
    #[error("{0}")]
    Io(String),
    /// The writer thread is gone (the store is shutting down).
    #[error("the writer has stopped")]
    WriterGone,
    /// The write panicked (a bug): its work was rolled back, the writer
    /// and the other writes of its group carried on.
    #[error("the write panicked and was rolled back")]
    Panicked,
    /// The stored data broke an invariant (e.g. the audit chain).
    #[error("integrity: {0}")]
    Integrity(String),
    /// The hub retired this site: another laptop was enrolled for its
    /// location, and only that one may push and pull now.
    #[error("this site was retired: another laptop was enrolled for its location")]
    Retired,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        match crate::decode::undecodable_in(&e) {
            Some(u) => StoreError::Undecodable { column: u.column.clone(), expected: u.expected },
            None => StoreError::Sqlite(e),
        }
    }
}

impl From<dugu_commands::CommandError> for StoreError {
    fn from(e: dugu_commands::CommandError) -> StoreError {
        use dugu_commands::CommandError as C;
        match e {
            C::NotFound => StoreError::NotFound,
            C::Forbidden => StoreError::Forbidden,
            C::Invalid(i) => StoreError::Invalid(i),
            // What this store handed the command comes back as it was.
            C::Backend(b) => match b.downcast::<StoreError>() {
                Ok(e) => *e,
                Err(other) => StoreError::Integrity(other.to_string()),
            },
        }
    }
}

impl From<StoreError> for dugu_commands::CommandError {
    fn from(e: StoreError) -> dugu_commands::CommandError {
        use dugu_commands::CommandError as C;
        match e {
            StoreError::NotFound => C::NotFound,
            StoreError::Forbidden => C::Forbidden,
            StoreError::Invalid(i) => C::Invalid(i),
            other => C::Backend(Box::new(other)),
        }
    }
}
