//! Households and how their members are related to the head.

use crate::errors::Problem;

/// A member's relationship to the head of household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relationship {
    /// Head of household.
    Head,
    /// Spouse of the head.
    Spouse,
    /// Child of the head.
    Child,
    /// Grandchild of the head.
    Grandchild,
    /// Any other relationship.
    Other,
}

impl Relationship {
    /// All relationships.
    pub const ALL: [Relationship; 5] =
        [Relationship::Head, Relationship::Spouse, Relationship::Child, Relationship::Grandchild, Relationship::Other];

    /// The code.
    pub fn code(self) -> &'static str {
        match self {
            Relationship::Head => "head",
            Relationship::Spouse => "spouse",
            Relationship::Child => "child",
            Relationship::Grandchild => "grandchild",
            Relationship::Other => "other",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Result<Relationship, Problem> {
        if code.trim().is_empty() {
            // Nothing is chosen for the person: an empty choice is a missing answer.
            return Err(Problem::Required);
        }
        Relationship::ALL.into_iter().find(|r| r.code() == code.trim()).ok_or(Problem::NotAllowed)
    }
}

/// In JSON, its code.
impl serde::Serialize for Relationship {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}
