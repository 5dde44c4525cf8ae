//! Columns read into the field's types, once, here: the web crate and
//! every other caller get a `Sex` or a `Date`, never a string to parse
//! again. A stored value that does not decode is an error naming its
//! column ([`StoreError::Undecodable`](crate::StoreError::Undecodable)),
//! never a default: a child of unknown sex assessed as a girl would be a
//! silent wrong answer.

use dugu_domain::birth::{DatePrecision, parse_iso_date};
use dugu_domain::programme::ProgrammeKind;
use dugu_domain::school::{SchoolResult, SchoolYear};
use dugu_domain::{Role, Sex};
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

/// A school year (`2025-2026`) at column `at`.
pub(crate) fn school_year(r: &Row<'_>, at: usize) -> rusqlite::Result<SchoolYear> {
    text(r, at)?.and_then(|s| SchoolYear::parse(s).ok()).ok_or_else(|| undecodable(r, at, "school year"))
}

/// A school year's result (`passed`, `repeated`, `dropped_out`) or NULL at
/// column `at`.
pub(crate) fn opt_school_result(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<SchoolResult>> {
    match text(r, at)? {
        None => Ok(None),
        Some(s) => SchoolResult::parse(s).map(Some).map_err(|_| undecodable(r, at, "school result")),
    }
}

/// An audit entry's action code at column `at`.
pub(crate) fn audit_action(r: &Row<'_>, at: usize) -> rusqlite::Result<crate::AuditAction> {
    text(r, at)?.and_then(crate::AuditAction::parse).ok_or_else(|| undecodable(r, at, "audit action"))
}

/// An audit entry's role at column `at`: a role's code, or `-` where the
/// entry names no account (a sign-in attempt for an unknown name).
pub(crate) fn audit_role(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<Role>> {
    match text(r, at)? {
        Some(crate::audit::NO_ROLE) => Ok(None),
        Some(s) => Role::parse(s).map(Some).map_err(|_| undecodable(r, at, "role")),
        None => Err(undecodable(r, at, "role")),
    }
}

/// A programme's kind code at column `at`.
pub(crate) fn programme_kind(r: &Row<'_>, at: usize) -> rusqlite::Result<ProgrammeKind> {
    text(r, at)?.and_then(|s| ProgrammeKind::parse(s).ok()).ok_or_else(|| undecodable(r, at, "programme kind"))
}

/// The [`Undecodable`] inside a rusqlite error, if that is what it is.
pub(crate) fn undecodable_in(e: &rusqlite::Error) -> Option<&Undecodable> {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => inner.downcast_ref::<Undecodable>(),
        _ => None,
    }
}
