//! What the JSON API under `/api/v1` shares: strict bodies (`json`),
//! the OpenAPI document (`openapi`, `contract`) and query helpers. Bearer tokens only (never the browser's
//! cookie); every handler reaches data only through the store, which
//! applies the caller's scope and field groups. Each capability's
//! handlers live in its folder (`people/api.rs`, …).

pub mod contract;
pub mod json;
pub mod openapi;

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

/// The largest `offset` or `limit` the document allows: a 32-bit integer,
/// which every client's generated code can hold.
pub const MAX_QUERY_NUMBER: u32 = i32::MAX as u32;

/// A whole number of the query string in `min..=max`, `default` when the
/// key is absent. Present but empty (`limit=`), signed, spaced, not a
/// number or out of range names the field: a client that sends a value
/// expects it to be used, not replaced by the default.
pub fn query_number(
    params: &std::collections::HashMap<String, String>,
    key: &str,
    default: u32,
    min: u32,
    max: u32,
) -> Result<u32, ApiError> {
    let Some(raw) = params.get(key) else { return Ok(default) };
    let digits = !raw.is_empty() && raw.len() <= 10 && raw.bytes().all(|b| b.is_ascii_digit());
    digits
        .then(|| raw.parse::<u32>().ok())
        .flatten()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| crate::error::invalid(key, dugu_domain::Problem::OutOfRange))
}

/// Refuses a query value sent empty (`sex=`): in the API a filter is
/// either absent or one of its codes; only pages send empty selects.
pub fn no_empty_values(params: &std::collections::HashMap<String, String>, keys: &[&str]) -> Result<(), ApiError> {
    let mut inv = dugu_domain::Invalid::new();
    for key in keys {
        if params.get(*key).is_some_and(|v| v.is_empty()) {
            inv.add(key, dugu_domain::Problem::Required);
        }
    }
    inv.into_result().map_err(ApiError::Invalid)
}

/// `offset` (default 0) and `limit` (default: everything) of a list.
pub fn paging(params: &std::collections::HashMap<String, String>) -> Result<(usize, usize), ApiError> {
    let offset = query_number(params, "offset", 0, 0, MAX_QUERY_NUMBER)?;
    let limit = match params.contains_key("limit") {
        true => query_number(params, "limit", 0, 1, MAX_QUERY_NUMBER)? as usize,
        false => usize::MAX,
    };
    Ok((offset as usize, limit))
}

/// A day in a path, read once (`/attendance/2026-02-30` is no day): 422
/// naming it.
pub fn path_day(day: &str) -> Result<time::Date, ApiError> {
    dugu_domain::birth::parse_iso_date(day).map_err(|p| crate::error::invalid("day", p))
}
