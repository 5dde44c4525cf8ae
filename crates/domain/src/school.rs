//! A child's schooling in the field's words: the school year (Mali's runs
//! from October to June, so it spans two calendar years) and how it ended.

use crate::errors::Problem;

/// A school year, known by the calendar year it starts in: `2025` is the
/// year 2025–2026. Stored and in JSON as `2025-2026` (a contract); printed
/// with an en dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolYear {
    start: i32,
}

impl SchoolYear {
    /// The earliest and latest start a record may hold: a year outside is
    /// a typing slip, not a child's schooling.
    pub const STARTS: std::ops::RangeInclusive<i32> = 1990..=2100;

    /// The year starting in `start`, if it is one a record may hold.
    pub fn starting(start: i32) -> Result<SchoolYear, Problem> {
        if Self::STARTS.contains(&start) { Ok(SchoolYear { start }) } else { Err(Problem::Malformed) }
    }

    /// Reads `2025-2026` (spaces around it allowed): two consecutive
    /// four-digit years.
    pub fn parse(raw: &str) -> Result<SchoolYear, Problem> {
        let t = raw.trim();
        if t.is_empty() {
            return Err(Problem::Required);
        }
        let (a, b) = t.split_once('-').ok_or(Problem::Malformed)?;
        let four = |s: &str| s.len() == 4 && s.bytes().all(|c| c.is_ascii_digit());
        if !four(a) || !four(b) {
            return Err(Problem::Malformed);
        }
        let (a, b): (i32, i32) =
            (a.parse().map_err(|_| Problem::Malformed)?, b.parse().map_err(|_| Problem::Malformed)?);
        if b != a + 1 {
            return Err(Problem::Malformed);
        }
        SchoolYear::starting(a)
    }

    /// The calendar year it starts in.
    pub fn start(self) -> i32 {
        self.start
    }

    /// `2025-2026`, as stored and in JSON.
    pub fn code(self) -> String {
        format!("{}-{}", self.start, self.start + 1)
    }
}

/// `2025–2026`, as pages print it.
impl std::fmt::Display for SchoolYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\u{2013}{}", self.start, self.start + 1)
    }
}

impl serde::Serialize for SchoolYear {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

/// How a school year ended; in JSON its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolResult {
    /// On to the next grade.
    Passed,
    /// The grade again.
    Repeated,
    /// Left school during the year.
    DroppedOut,
}

impl SchoolResult {
    /// Every result, in the order forms list them.
    pub const ALL: [SchoolResult; 3] = [SchoolResult::Passed, SchoolResult::Repeated, SchoolResult::DroppedOut];

    /// `passed`, `repeated`, `dropped_out`.
    pub const fn code(self) -> &'static str {
        match self {
            SchoolResult::Passed => "passed",
            SchoolResult::Repeated => "repeated",
            SchoolResult::DroppedOut => "dropped_out",
        }
    }

    /// Reads a code.
    pub fn parse(raw: &str) -> Result<SchoolResult, Problem> {
        match raw.trim() {
            "" => Err(Problem::Required),
            t => SchoolResult::ALL.into_iter().find(|r| r.code() == t).ok_or(Problem::NotAllowed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn school_years_are_consecutive() {
        assert_eq!(SchoolYear::parse("2025-2026").map(SchoolYear::start), Ok(2025));
        assert_eq!(SchoolYear::parse(" 2019-2020 ").map(SchoolYear::code), Ok("2019-2020".into()));
        for bad in ["2025-2027", "2025", "25-26", "2026-2025", "abcd-efgh", "1800-1801", "+202-2026", "2025-+026"] {
            assert_eq!(SchoolYear::parse(bad), Err(Problem::Malformed), "{bad}");
        }
        assert_eq!(SchoolYear::parse(" "), Err(Problem::Required));
    }

    #[test]
    fn a_school_year_is_stored_with_a_hyphen_and_printed_with_a_dash() {
        let y = SchoolYear::parse("2025-2026").expect("year");
        assert_eq!(y.code(), "2025-2026");
        assert_eq!(y.to_string(), "2025\u{2013}2026");
        assert_eq!(serde_json::to_value(y).expect("json"), serde_json::json!("2025-2026"));
    }

    #[test]
    fn results_read_their_codes_only() {
        for r in SchoolResult::ALL {
            assert_eq!(SchoolResult::parse(r.code()), Ok(r));
            assert_eq!(serde_json::to_value(r).expect("json"), serde_json::json!(r.code()));
        }
        assert_eq!(SchoolResult::parse("Passed"), Err(Problem::NotAllowed));
    }
}
