//! Day-care and kindergarten groups: the children a carer has each day.

use crate::errors::Problem;

/// What a group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupKind {
    /// Day-care (the youngest, before kindergarten).
    Daycare,
    /// Kindergarten.
    Kindergarten,
}

impl GroupKind {
    /// Both kinds, in the order forms list them.
    pub const ALL: [GroupKind; 2] = [GroupKind::Daycare, GroupKind::Kindergarten];

    /// The stored code (also the message key suffix: `group-…`).
    pub fn code(self) -> &'static str {
        match self {
            GroupKind::Daycare => "daycare",
            GroupKind::Kindergarten => "kindergarten",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Result<GroupKind, Problem> {
        if code.trim().is_empty() {
            // Nothing is chosen: an empty choice is a missing answer.
            return Err(Problem::Required);
        }
        Self::ALL.into_iter().find(|k| k.code() == code).ok_or(Problem::NotAllowed)
    }
}

/// In JSON, its code.
impl serde::Serialize for GroupKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_nothing_else_reads() {
        for k in GroupKind::ALL {
            assert_eq!(GroupKind::parse(k.code()), Ok(k));
        }
        assert_eq!(GroupKind::parse(""), Err(Problem::Required));
        assert_eq!(GroupKind::parse("school"), Err(Problem::NotAllowed));
        assert_eq!(serde_json::json!(GroupKind::Kindergarten), serde_json::json!("kindergarten"));
    }
}
