//! Operations: what every command turns into, and the only thing a
//! storage backend is handed to write.

use dugu_domain::EntityKind;
use serde_json::Value;

/// What an operation does to its entity.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Creates the entity with these fields (absent fields are null).
    Create(Vec<(&'static str, Value)>),
    /// Sets one field.
    Set(&'static str, Value),
    /// Deletes the entity (and, for a child entity, removes it from its
    /// parent's set).
    Tombstone,
}

/// One change to one entity, as a command produces it.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    /// The entity's kind.
    pub kind: EntityKind,
    /// The entity's id (UUIDv7, minted where it was created).
    pub entity: String,
    /// The change.
    pub change: Change,
}

impl Op {
    /// Creates `entity` of `kind` with `fields`.
    pub fn create(kind: EntityKind, entity: &str, fields: Vec<(&'static str, Value)>) -> Op {
        Op { kind, entity: entity.to_string(), change: Change::Create(fields) }
    }

    /// Sets `field` of `entity`.
    pub fn set(kind: EntityKind, entity: &str, field: &'static str, value: Value) -> Op {
        Op { kind, entity: entity.to_string(), change: Change::Set(field, value) }
    }

    /// Deletes `entity`.
    pub fn tombstone(kind: EntityKind, entity: &str) -> Op {
        Op { kind, entity: entity.to_string(), change: Change::Tombstone }
    }

    /// The fields it writes (what `apply` checks against the registry's
    /// field groups and names in the audit entry).
    pub fn fields(&self) -> Vec<&'static str> {
        match &self.change {
            Change::Create(f) => f.iter().map(|(n, _)| *n).collect(),
            Change::Set(n, _) => vec![*n],
            Change::Tombstone => Vec::new(),
        }
    }
}
