//! Children's Villages: family houses, admissions, placements and leaving
//! care, in the words SOS uses. Pure: codes, checks and the rules that do
//! not need a database (siblings placed apart, a house over capacity).

use crate::errors::Problem;

/// Why a child who lost parental care was admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdmissionReason {
    /// Orphaned: parents died of AIDS.
    OrphanedAids,
    /// Orphaned by a disaster.
    OrphanedDisaster,
    /// Orphaned by conflict.
    OrphanedConflict,
    /// Relinquished because of poverty.
    RelinquishedPoverty,
    /// Separated from the family by war or displacement.
    SeparatedConflict,
    /// Abandoned.
    Abandoned,
    /// Another reason (written in the protection notes).
    Other,
}

impl AdmissionReason {
    /// Every reason, in the order forms list them.
    pub const ALL: [AdmissionReason; 7] = [
        AdmissionReason::OrphanedAids,
        AdmissionReason::OrphanedDisaster,
        AdmissionReason::OrphanedConflict,
        AdmissionReason::RelinquishedPoverty,
        AdmissionReason::SeparatedConflict,
        AdmissionReason::Abandoned,
        AdmissionReason::Other,
    ];

    /// The stored code (also the message key suffix).
    pub fn code(self) -> &'static str {
        match self {
            AdmissionReason::OrphanedAids => "orphaned_aids",
            AdmissionReason::OrphanedDisaster => "orphaned_disaster",
            AdmissionReason::OrphanedConflict => "orphaned_conflict",
            AdmissionReason::RelinquishedPoverty => "relinquished_poverty",
            AdmissionReason::SeparatedConflict => "separated_conflict",
            AdmissionReason::Abandoned => "abandoned",
            AdmissionReason::Other => "other",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Result<AdmissionReason, Problem> {
        if code.is_empty() {
            // Nothing is chosen for the person: an empty choice is a missing answer.
            return Err(Problem::Required);
        }
        Self::ALL.into_iter().find(|r| r.code() == code).ok_or(Problem::NotAllowed)
    }
}

/// How a child left care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeavingReason {
    /// Back to the family of origin.
    Reintegration,
    /// Grown up: independent life.
    IndependentLife,
    /// Moved to another village or service.
    Transfer,
    /// Adopted.
    Adoption,
    /// Died.
    Death,
    /// Another reason.
    Other,
}

impl LeavingReason {
    /// Every reason.
    pub const ALL: [LeavingReason; 6] = [
        LeavingReason::Reintegration,
        LeavingReason::IndependentLife,
        LeavingReason::Transfer,
        LeavingReason::Adoption,
        LeavingReason::Death,
        LeavingReason::Other,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            LeavingReason::Reintegration => "reintegration",
            LeavingReason::IndependentLife => "independent_life",
            LeavingReason::Transfer => "transfer",
            LeavingReason::Adoption => "adoption",
            LeavingReason::Death => "death",
            LeavingReason::Other => "other",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Result<LeavingReason, Problem> {
        if code.is_empty() {
            // Nothing is chosen for the person: an empty choice is a missing answer.
            return Err(Problem::Required);
        }
        Self::ALL.into_iter().find(|r| r.code() == code).ok_or(Problem::NotAllowed)
    }

    /// Whether the child is followed up after leaving (not after death).
    pub fn followed_up(self) -> bool {
        self != LeavingReason::Death
    }
}

/// In JSON, its code.
impl serde::Serialize for AdmissionReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// In JSON, its code.
impl serde::Serialize for LeavingReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// What a count of children who left care is counted by: how they left,
/// or — for a reader who may not see why — all of them together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeftBy {
    /// Children who left this way.
    Reason(LeavingReason),
    /// Every child who left, whatever the reason.
    Any,
}

impl LeftBy {
    /// The reason's code, or `left` for all of them (also the message key
    /// suffix: `left-count-…`).
    pub fn code(self) -> &'static str {
        match self {
            LeftBy::Reason(r) => r.code(),
            LeftBy::Any => "left",
        }
    }
}

/// In JSON, its code.
impl serde::Serialize for LeftBy {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// The most children a family house may be set up for.
pub const MAX_CAPACITY: i64 = 15;

/// Checks a house's capacity.
pub fn capacity(n: i64) -> Result<i64, Problem> {
    if (1..=MAX_CAPACITY).contains(&n) { Ok(n) } else { Err(Problem::OutOfRange) }
}

/// Siblings admitted together but living in different houses: the
/// placements `(child, house)` of one sibling group, and whether they are
/// split (SOS keeps siblings together; a split needs a reason).
pub fn siblings_split<'a>(placements: impl IntoIterator<Item = (&'a str, &'a str)>) -> bool {
    let mut houses: Vec<&str> = placements.into_iter().map(|(_, h)| h).collect();
    houses.sort_unstable();
    houses.dedup();
    houses.len() > 1
}

/// A change to a child's stay — a move to another house, or leaving care
/// — dated `on` (`YYYY-MM-DD`), for a child admitted on `admitted_on` and
/// living in its current house since `placed_from` (if it has one): it
/// cannot precede either, or a placement would end before it began.
pub fn stay_change(on: &str, admitted_on: &str, placed_from: Option<&str>) -> Result<(), Problem> {
    if on < admitted_on || placed_from.is_some_and(|from| on < from) {
        return Err(Problem::BeforePlacement);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stay_changes_neither_before_the_admission_nor_before_the_current_house() {
        assert_eq!(stay_change("2026-11-01", "2026-12-02", None), Err(Problem::BeforePlacement));
        assert_eq!(stay_change("2026-11-01", "2026-01-10", Some("2026-12-02")), Err(Problem::BeforePlacement));
        assert_eq!(stay_change("2026-12-02", "2026-01-10", Some("2026-12-02")), Ok(()));
        assert_eq!(stay_change("2026-12-03", "2026-12-02", None), Ok(()));
    }

    #[test]
    fn codes_round_trip() {
        for r in AdmissionReason::ALL {
            assert_eq!(AdmissionReason::parse(r.code()), Ok(r));
        }
        for r in LeavingReason::ALL {
            assert_eq!(LeavingReason::parse(r.code()), Ok(r));
        }
        assert_eq!(AdmissionReason::parse("bored"), Err(Problem::NotAllowed));
        assert!(!LeavingReason::Death.followed_up());
        assert!(LeavingReason::ALL.iter().all(|r| r.code() != LeftBy::Any.code()), "`left` is no reason");
    }

    #[test]
    fn capacity_and_split_siblings() {
        assert_eq!(capacity(8), Ok(8));
        assert_eq!(capacity(0), Err(Problem::OutOfRange));
        assert_eq!(capacity(40), Err(Problem::OutOfRange));
        assert!(!siblings_split([("a", "h1"), ("b", "h1")]));
        assert!(siblings_split([("a", "h1"), ("b", "h2")]));
        assert!(!siblings_split([]));
    }
}
