//! # dugu-domain
//!
//! The words of the field as types, and the rules that hold for them: a
//! person's name, a birth date that may be only a year or an estimate,
//! roles and the field groups they may see, locations, households,
//! programmes, record numbers, passwords. Everything here is pure: no I/O,
//! no database, no HTTP. Raw input is parsed into these types once, at the
//! edge; the rest of dugu never re-checks it.

pub mod access;
pub mod birth;
pub mod care_group;
pub mod errors;
pub mod family;
pub mod household;
pub mod location;
pub mod measurement;
pub mod model;
pub mod names;
pub mod password;
pub mod people_filter;
pub mod person;
pub mod programme;
pub mod record_number;
pub mod school;
pub mod vaccine;
pub mod village;

pub use access::{Action, FieldGroup, Role};
pub use birth::{BirthDate, DatePrecision};
pub use errors::{FieldError, Invalid, Problem};
pub use model::{EntityKind, FieldDef, FieldType, Owner, Stamps};
pub use names::{PersonName, fold};
pub use person::Sex;
