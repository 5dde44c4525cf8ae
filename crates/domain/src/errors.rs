//! Validation errors: which field, and what is wrong with it, as a message
//! key the web layer translates (`error-required`, …) — never the value.

use serde::Serialize;

/// What is wrong with a field. Each variant is a message key in the Fluent
/// files (`error-<code>`), so the user reads it in their language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// The field is required and empty.
    Required,
    /// Longer than allowed.
    TooLong,
    /// Contains control characters (line breaks, tabs, NUL…).
    ControlCharacters,
    /// Not a valid date (`YYYY-MM-DD`, or `YYYY` where allowed).
    InvalidDate,
    /// A date after today.
    FutureDate,
    /// Not one of the allowed values.
    NotAllowed,
    /// Refers to something that does not exist or is out of the user's scope.
    Unknown,
    /// Not a number in the allowed range.
    OutOfRange,
    /// Wrong type or malformed value.
    Malformed,
    /// A field the request may not contain.
    UnknownField,
    /// Too short (passwords).
    TooShort,
    /// A password found in the list of breached or common passwords.
    Breached,
    /// The value is already used (a username).
    Taken,
    /// The role may not write this field.
    Forbidden,
    /// A date before the person was born.
    BeforeBirth,
    /// A correction that changes nothing.
    Unchanged,
    /// The record is struck out already: it is not changed any more.
    StruckOut,
    /// A value the WHO flags as implausible for the child: saved only once
    /// confirmed.
    Implausible,
    /// The family house is at or over its capacity: a child goes there
    /// only once the director confirms it.
    Full,
    /// A person in scope who is not (and never was) in care, where only a
    /// child in care will do (a sibling admitted together).
    NotInCare,
    /// A date of leaving care before the admission it ends.
    BeforeAdmission,
    /// A move to another house (or a leaving) dated before the admission
    /// or before the child came to its current house: a stay would end
    /// before it began.
    BeforePlacement,
    /// A support-plan action done before it was planned (before the
    /// support its plan belongs to began).
    BeforePlanned,
    /// An end (leaving care, the end of a family's support) dated before
    /// the stay or the support began.
    BeforeStart,
    /// A day that would make a child's stay in care overlap another of
    /// their stays (a leaving day past a later readmission, an admission
    /// before an earlier stay ended).
    Overlaps,
    /// An admission day after the child's first move to another house:
    /// the first house would end before it began.
    AfterMove,
    /// A field set once, when the record was made, and never after (where
    /// a family house or a care group is: `EntityKind::placed_by`).
    Fixed,
}

impl Problem {
    /// Every problem (each has a message in every language).
    pub const ALL: [Problem; 27] = [
        Problem::Required,
        Problem::TooLong,
        Problem::ControlCharacters,
        Problem::InvalidDate,
        Problem::FutureDate,
        Problem::NotAllowed,
        Problem::Unknown,
        Problem::OutOfRange,
        Problem::Malformed,
        Problem::UnknownField,
        Problem::TooShort,
        Problem::Breached,
        Problem::Taken,
        Problem::Forbidden,
        Problem::BeforeBirth,
        Problem::Unchanged,
        Problem::StruckOut,
        Problem::Implausible,
        Problem::Full,
        Problem::NotInCare,
        Problem::BeforeAdmission,
        Problem::BeforePlacement,
        Problem::BeforePlanned,
        Problem::BeforeStart,
        Problem::Overlaps,
        Problem::AfterMove,
        Problem::Fixed,
    ];

    /// The snake_case code used in JSON and as the Fluent key suffix.
    pub fn code(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooLong => "too_long",
            Problem::ControlCharacters => "control_characters",
            Problem::InvalidDate => "invalid_date",
            Problem::FutureDate => "future_date",
            Problem::NotAllowed => "not_allowed",
            Problem::Unknown => "unknown",
            Problem::OutOfRange => "out_of_range",
            Problem::Malformed => "malformed",
            Problem::UnknownField => "unknown_field",
            Problem::TooShort => "too_short",
            Problem::Breached => "breached",
            Problem::Taken => "taken",
            Problem::Forbidden => "forbidden",
            Problem::BeforeBirth => "before_birth",
            Problem::Unchanged => "unchanged",
            Problem::StruckOut => "struck_out",
            Problem::Implausible => "implausible",
            Problem::Full => "full",
            Problem::NotInCare => "not_in_care",
            Problem::BeforeAdmission => "before_admission",
            Problem::BeforePlacement => "before_placement",
            Problem::BeforePlanned => "before_planned",
            Problem::BeforeStart => "before_start",
            Problem::Overlaps => "overlaps",
            Problem::AfterMove => "after_move",
            Problem::Fixed => "fixed",
        }
    }
}

/// One field's problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name as the API and forms call it.
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

/// Input that failed validation: every field's problem at once, so a form
/// can show them all.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("invalid input: {}", .0.iter().map(|e| format!("{} ({})", e.field, e.problem.code())).collect::<Vec<_>>().join(", "))]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    /// No problems yet.
    pub fn new() -> Invalid {
        Invalid(Vec::new())
    }
    /// Adds a problem for `field`.
    pub fn add(&mut self, field: &str, problem: Problem) {
        self.0.push(FieldError { field: field.to_string(), problem });
    }
    /// Keeps `value` if `result` is Ok, else records its problem under `field`.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Problem>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(p) => {
                self.add(field, p);
                None
            }
        }
    }
    /// True when nothing was wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// `Ok(())` when empty, else `Err(self)`.
    pub fn into_result(self) -> Result<(), Invalid> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
    /// The problem of a field, if any (for showing it next to the input).
    pub fn of(&self, field: &str) -> Option<Problem> {
        self.0.iter().find(|e| e.field == field).map(|e| e.problem)
    }
}
