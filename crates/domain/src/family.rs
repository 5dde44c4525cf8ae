//! Family strengthening: the needs assessment every supported household
//! goes through — a fixed, documented checklist of seven areas, each
//! scored 0 to 3 — and how a family leaves the programme.
//!
//! Scores: **0** no need (the family manages), **1** some need, **2**
//! serious need, **3** critical need (the child's care is at risk now).
//! A re-assessment is compared area by area with the one before.

use crate::errors::Problem;

/// The seven areas of the needs assessment, in the order of the form.
pub const AREAS: [&str; 7] = ["food", "income", "housing", "health", "education", "child_care", "protection"];

/// The highest score (critical need).
pub const MAX_SCORE: i64 = 3;

/// An area of the needs assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    /// Food.
    Food,
    /// Income.
    Income,
    /// Housing.
    Housing,
    /// Health.
    Health,
    /// Education.
    Education,
    /// Care of the children.
    ChildCare,
    /// Protection.
    Protection,
}

impl Area {
    /// The seven areas, in the order of the form (and of [`AREAS`]).
    pub const ALL: [Area; 7] =
        [Area::Food, Area::Income, Area::Housing, Area::Health, Area::Education, Area::ChildCare, Area::Protection];

    /// The code: the column, the form's field and the message key suffix.
    pub fn code(self) -> &'static str {
        match self {
            Area::Food => "food",
            Area::Income => "income",
            Area::Housing => "housing",
            Area::Health => "health",
            Area::Education => "education",
            Area::ChildCare => "child_care",
            Area::Protection => "protection",
        }
    }
}

/// In JSON, its code.
impl serde::Serialize for Area {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// One area's score: 0 (no need) to 3 (critical need).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(u8);

impl Score {
    /// A score from a number, if it is one (0 to [`MAX_SCORE`]).
    pub fn new(n: i64) -> Result<Score, Problem> {
        score(Some(n)).map(|s| Score(s as u8))
    }

    /// The number.
    pub fn value(self) -> u8 {
        self.0
    }
}

/// The number, as the form and the page show it.
impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// In JSON, the number.
impl serde::Serialize for Score {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.0)
    }
}

/// A support-plan action done on `done_on`, planned on `planned_on` (the
/// day the support its plan belongs to began; both `YYYY-MM-DD`): it
/// cannot have been done before it was planned.
pub fn action_done(done_on: &str, planned_on: &str) -> Result<(), Problem> {
    if done_on < planned_on { Err(Problem::BeforePlanned) } else { Ok(()) }
}

/// Checks one area's score.
pub fn score(n: Option<i64>) -> Result<i64, Problem> {
    match n {
        None => Err(Problem::Required),
        Some(s) if (0..=MAX_SCORE).contains(&s) => Ok(s),
        Some(_) => Err(Problem::OutOfRange),
    }
}

/// How one area moved since the last assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The need is smaller.
    Better,
    /// Unchanged.
    Same,
    /// The need is greater.
    Worse,
}

impl Change {
    /// Every change, better to worse.
    pub const ALL: [Change; 3] = [Change::Better, Change::Same, Change::Worse];

    /// From the previous score to the new one (a lower score is better).
    pub fn between(before: Score, now: Score) -> Change {
        match now.cmp(&before) {
            std::cmp::Ordering::Less => Change::Better,
            std::cmp::Ordering::Equal => Change::Same,
            std::cmp::Ordering::Greater => Change::Worse,
        }
    }

    /// `better`, `same` or `worse`.
    pub fn code(self) -> &'static str {
        match self {
            Change::Better => "better",
            Change::Same => "same",
            Change::Worse => "worse",
        }
    }
}

/// In JSON, its code.
impl serde::Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Why a family left the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The family stands alone: the goal of the programme.
    Graduated,
    /// Moved away.
    Moved,
    /// Declined further support.
    Declined,
    /// The children were placed in alternative care.
    AlternativeCare,
    /// Another reason.
    Other,
}

impl Exit {
    /// Every reason.
    pub const ALL: [Exit; 5] = [Exit::Graduated, Exit::Moved, Exit::Declined, Exit::AlternativeCare, Exit::Other];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Exit::Graduated => "graduated",
            Exit::Moved => "moved",
            Exit::Declined => "declined",
            Exit::AlternativeCare => "alternative_care",
            Exit::Other => "other",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Result<Exit, Problem> {
        if code.is_empty() {
            // Nothing is chosen for the person: an empty choice is a missing answer.
            return Err(Problem::Required);
        }
        Self::ALL.into_iter().find(|e| e.code() == code).ok_or(Problem::NotAllowed)
    }
}

/// In JSON, its code.
impl serde::Serialize for Exit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_and_changes() {
        assert_eq!(score(Some(0)), Ok(0));
        assert_eq!(score(Some(3)), Ok(3));
        assert_eq!(score(Some(4)), Err(Problem::OutOfRange));
        assert_eq!(score(None), Err(Problem::Required));
        let s = |n| Score::new(n).expect("a score");
        assert_eq!(Change::between(s(3), s(1)), Change::Better);
        assert_eq!(Change::between(s(1), s(2)), Change::Worse);
        assert_eq!(Change::between(s(2), s(2)).code(), "same");
        assert_eq!((Score::new(4), Score::new(-1)), (Err(Problem::OutOfRange), Err(Problem::OutOfRange)));
        assert_eq!(
            serde_json::json!([Area::ChildCare, s(2), Change::Worse]),
            serde_json::json!(["child_care", 2, "worse"])
        );
        assert_eq!(Area::ALL.map(Area::code), AREAS, "one list of areas");
        for e in Exit::ALL {
            assert_eq!(Exit::parse(e.code()), Ok(e));
        }
    }
}
