//! The JSON API under `/api/v1`. Bearer tokens only (never the browser's
//! cookie); every handler reaches data only through the store, which
//! applies the caller's scope and field groups.

pub mod attendance;
pub mod audit;
pub mod family;
pub mod growth;
pub mod households;
pub mod json;
pub mod locations;
pub mod login;
pub mod medical;
pub mod openapi;
pub mod people;
pub mod programmes;
pub mod school;
pub mod villages;

use crate::error::ApiError;
use crate::session::Current;

/// The signed-in caller (the route's policy guarantees one).
pub fn me(current: Option<axum::Extension<Current>>) -> Result<Current, ApiError> {
    current.map(|c| c.0).ok_or(ApiError::Unauthenticated)
}

/// Runs blocking store work.
pub async fn run<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, dugu_storage::StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    Ok(crate::session::blocking(f).await??)
}

/// `offset` (default 0) and `limit` (default: everything) of a list; a
/// value that is not a whole number names its field.
pub fn paging(params: &std::collections::HashMap<String, String>) -> Result<(usize, usize), ApiError> {
    let number = |k: &str, default: usize| -> Result<usize, ApiError> {
        match params.get(k) {
            None => Ok(default),
            Some(v) => v.trim().parse().map_err(|_| crate::error::invalid(k, dugu_domain::Problem::OutOfRange)),
        }
    };
    Ok((number("offset", 0)?, number("limit", usize::MAX)?))
}
