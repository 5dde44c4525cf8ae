//! # dugu-commands
//!
//! Every change a user or a process makes, as a command that knows no
//! database: it checks the author's scope and role and the input (through
//! dugu-domain), then turns into [`Op`]s that a storage backend applies.
//! The backend implements the contract ([`WriteTx`] and one facts trait
//! per capability) and holds no rule of its own, so a second backend (the
//! national hub on PostgreSQL) runs the same commands without copying a
//! single check.
//!
//! * Out of scope is [`CommandError::NotFound`], exactly like a missing
//!   id; a role that may not do the thing is [`CommandError::Forbidden`];
//!   bad input is [`CommandError::Invalid`] naming each field.
//! * `apply` checks the role × action table and the field groups of every
//!   op again (from the registry), whatever the command checked first.

pub mod attendance;
mod authorize;
pub mod contract;
pub mod corrections;
mod error;
pub mod family;
pub mod growth;
pub mod households;
pub mod locations;
pub mod medical;
mod op;
pub mod people;
pub mod programmes;
pub mod relief_cycles;
pub mod relief_desk;
pub mod relief_farming;
pub mod relief_kobo;
pub mod relief_registration;
pub mod relief_stock;
pub mod school;
#[cfg(test)]
mod testing;
pub mod users;
pub mod vaccinations;
pub mod villages;

pub use authorize::authorize;
pub use contract::{Author, BatchAudit, PersonFacts, WriteTx, household_in_scope, person_in_scope};
pub use error::CommandError;
pub use op::{Change, Op};

/// A new UUIDv7 as text: time-ordered, minted without coordination, so a
/// site can create records offline.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
