//! Why a command did not happen.

use dugu_domain::Invalid;

/// What a command answers when it changes nothing. The first three are
/// the caller's to handle; `Backend` is a failure to report, carried
/// as the backend gave it (the backend turns it back into its own error).
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// No such record, or not in the author's scope: the two are
    /// deliberately the same.
    #[error("not found")]
    NotFound,
    /// The author's role may not do this at all.
    #[error("forbidden")]
    Forbidden,
    /// The input broke a rule; each field's problem is listed.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The backend failed (a database error, a broken invariant…).
    #[error(transparent)]
    Backend(Box<dyn std::error::Error + Send + Sync>),
}
