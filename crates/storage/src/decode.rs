//! Columns read into the field's types, once, here: the web crate and
//! every other caller get a `Sex` or a `Date`, never a string to parse
//! again. A stored value that does not decode is an error naming its
//! column ([`StoreError::Undecodable`](crate::StoreError::Undecodable)),
//! never a default: a child of unknown sex assessed as a girl would be a
//! silent wrong answer.

use dugu_domain::Sex;
use dugu_domain::birth::{DatePrecision, parse_iso_date};
use rusqlite::Row;
use rusqlite::types::{FromSqlError, Type};
use time::Date;

/// A column whose stored value is not one of its type's (the value itself
/// is not kept: it may be a person's data).
#[derive(Debug, thiserror::Error)]
#[error("column {column} holds a value that is not a {expected}")]
pub struct Undecodable {
    /// The column, as the statement names it.
    pub column: String,
    /// What it should hold.
    pub expected: &'static str,
}

fn undecodable(r: &Row<'_>, at: usize, expected: &'static str) -> rusqlite::Error {
    let column = r.as_ref().column_name(at).map_or_else(|_| format!("#{at}"), str::to_string);
    rusqlite::Error::FromSqlConversionFailure(at, Type::Text, Box::new(Undecodable { column, expected }))
}

fn text<'r>(r: &'r Row<'_>, at: usize) -> rusqlite::Result<Option<&'r str>> {
    match r.get_ref(at)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        v => {
            Ok(Some(v.as_str().map_err(|e: FromSqlError| {
                rusqlite::Error::FromSqlConversionFailure(at, v.data_type(), Box::new(e))
            })?))
        }
    }
}

/// `F` or `M` at column `at`.
pub(crate) fn sex(r: &Row<'_>, at: usize) -> rusqlite::Result<Sex> {
    text(r, at)?.and_then(|s| Sex::parse(s).ok()).ok_or_else(|| undecodable(r, at, "sex"))
}

/// A `YYYY-MM-DD` day at column `at`.
pub(crate) fn date(r: &Row<'_>, at: usize) -> rusqlite::Result<Date> {
    text(r, at)?.and_then(|s| parse_iso_date(s).ok()).ok_or_else(|| undecodable(r, at, "date"))
}

/// A `YYYY-MM-DD` day or NULL at column `at`.
pub(crate) fn opt_date(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<Date>> {
    match text(r, at)? {
        None => Ok(None),
        Some(s) => parse_iso_date(s).map(Some).map_err(|_| undecodable(r, at, "date")),
    }
}

/// A birth date's precision (`exact`, `year`, `estimated`) or NULL at
/// column `at`.
pub(crate) fn opt_precision(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<DatePrecision>> {
    match text(r, at)? {
        None => Ok(None),
        Some(s) => DatePrecision::parse(s).map(Some).map_err(|_| undecodable(r, at, "birth date precision")),
    }
}

/// The [`Undecodable`] inside a rusqlite error, if that is what it is.
pub(crate) fn undecodable_in(e: &rusqlite::Error) -> Option<&Undecodable> {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => inner.downcast_ref::<Undecodable>(),
        _ => None,
    }
}
