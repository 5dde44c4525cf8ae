//! Columns read into the field's types, once, here: the web crate and
//! every other caller get a `Sex` or a `Date`, never a string to parse
//! again. A stored value that does not decode is an error naming its
//! column ([`StoreError::Undecodable`](crate::StoreError::Undecodable)),
//! never a default: a child of unknown sex assessed as a girl would be a
//! silent wrong answer.

use dugu_domain::birth::{DatePrecision, parse_iso_date};
use dugu_domain::care_group::GroupKind;
use dugu_domain::family::{Exit, Score};
use dugu_domain::household::Relationship;
use dugu_domain::programme::ProgrammeKind;
use dugu_domain::school::{SchoolResult, SchoolYear};
use dugu_domain::village::{AdmissionReason, LeavingReason};
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

/// A code at column `at`, read by `parse` into its type (named `expected`
/// when it does not read).
fn coded<T, E>(
    r: &Row<'_>,
    at: usize,
    expected: &'static str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> rusqlite::Result<T> {
    text(r, at)?.and_then(|s| parse(s).ok()).ok_or_else(|| undecodable(r, at, expected))
}

/// [`coded`], or NULL.
fn opt_coded<T, E>(
    r: &Row<'_>,
    at: usize,
    expected: &'static str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> rusqlite::Result<Option<T>> {
    match text(r, at)? {
        None => Ok(None),
        Some(s) => parse(s).map(Some).map_err(|_| undecodable(r, at, expected)),
    }
}

/// Why a child was admitted, at column `at`.
pub(crate) fn admission_reason(r: &Row<'_>, at: usize) -> rusqlite::Result<AdmissionReason> {
    coded(r, at, "admission reason", AdmissionReason::parse)
}

/// How a child left care, at column `at`.
pub(crate) fn leaving_reason(r: &Row<'_>, at: usize) -> rusqlite::Result<LeavingReason> {
    coded(r, at, "leaving reason", LeavingReason::parse)
}

/// How a child left care, or NULL (still in care), at column `at`.
pub(crate) fn opt_leaving_reason(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<LeavingReason>> {
    opt_coded(r, at, "leaving reason", LeavingReason::parse)
}

/// Why a family left the programme, or NULL, at column `at`.
pub(crate) fn opt_exit(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<Exit>> {
    opt_coded(r, at, "exit reason", Exit::parse)
}

/// A needs-assessment score (0 to 3) at column `at`.
pub(crate) fn score(r: &Row<'_>, at: usize) -> rusqlite::Result<Score> {
    match r.get_ref(at)? {
        rusqlite::types::ValueRef::Integer(n) => Score::new(n).map_err(|_| undecodable(r, at, "score")),
        _ => Err(undecodable(r, at, "score")),
    }
}

/// A household member's relationship to the head at column `at`.
pub(crate) fn relationship(r: &Row<'_>, at: usize) -> rusqlite::Result<Relationship> {
    // Exactly a code: `Relationship::parse` forgives spaces typed in a form.
    coded(r, at, "relationship", |s| Relationship::ALL.into_iter().find(|k| k.code() == s).ok_or(()))
}

/// A day-care group's kind at column `at`.
pub(crate) fn group_kind(r: &Row<'_>, at: usize) -> rusqlite::Result<GroupKind> {
    coded(r, at, "group kind", GroupKind::parse)
}

/// The [`Undecodable`] inside a rusqlite error, if that is what it is.
pub(crate) fn undecodable_in(e: &rusqlite::Error) -> Option<&Undecodable> {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => inner.downcast_ref::<Undecodable>(),
        _ => None,
    }
}
