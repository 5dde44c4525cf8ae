//! What a list of people can be narrowed to besides names and places: an
//! age group and a status. (Sex is [`crate::Sex`].) Codes are what forms
//! and query strings carry; they name a group, never a person.

use crate::access::FieldGroup;
use crate::errors::Problem;
use time::{Date, Month};

/// Age groups of lists and of the village page. Under five is the group
/// growth monitoring and vaccination care about; 12–17 are the adolescents
/// preparing to leave care; 18 and over are young adults and staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgeGroup {
    /// 0–4 years.
    UnderFive,
    /// 5–11 years.
    FiveToEleven,
    /// 12–17 years.
    TwelveToSeventeen,
    /// 18 years and over.
    Adult,
}

impl AgeGroup {
    /// Every group, youngest first.
    pub const ALL: [AgeGroup; 4] =
        [AgeGroup::UnderFive, AgeGroup::FiveToEleven, AgeGroup::TwelveToSeventeen, AgeGroup::Adult];

    /// The code forms carry.
    pub fn code(self) -> &'static str {
        match self {
            AgeGroup::UnderFive => "0-4",
            AgeGroup::FiveToEleven => "5-11",
            AgeGroup::TwelveToSeventeen => "12-17",
            AgeGroup::Adult => "18-plus",
        }
    }

    /// Reads a code; empty means "any age".
    pub fn parse(raw: &str) -> Result<Option<AgeGroup>, Problem> {
        match raw.trim() {
            "" => Ok(None),
            code => AgeGroup::ALL.into_iter().find(|g| g.code() == code).map(Some).ok_or(Problem::NotAllowed),
        }
    }

    /// Youngest and (if any) oldest age in whole years.
    pub fn years(self) -> (i32, Option<i32>) {
        match self {
            AgeGroup::UnderFive => (0, Some(4)),
            AgeGroup::FiveToEleven => (5, Some(11)),
            AgeGroup::TwelveToSeventeen => (12, Some(17)),
            AgeGroup::Adult => (18, None),
        }
    }

    /// The group of someone `age` whole years old.
    pub fn of(age: i64) -> Option<AgeGroup> {
        AgeGroup::ALL.into_iter().find(|g| {
            let (lo, hi) = g.years();
            age >= i64::from(lo) && hi.is_none_or(|hi| age <= i64::from(hi))
        })
    }

    /// The birth dates of this group on `today`: born after the first date
    /// (if any) and on or before the second.
    pub fn births(self, today: Date) -> (Option<Date>, Date) {
        let (lo, hi) = self.years();
        (hi.map(|hi| years_before(today, hi + 1)), years_before(today, lo))
    }
}

/// Whole years between `born` and `on` (negative if born after `on`).
pub fn age_years(born: Date, on: Date) -> i64 {
    let mut years = i64::from(on.year() - born.year());
    if (on.month() as u8, on.day()) < (born.month() as u8, born.day()) {
        years -= 1;
    }
    years
}

/// The same day `n` years earlier; 29 February becomes the 28th.
fn years_before(day: Date, n: i32) -> Date {
    let year = day.year() - n;
    Date::from_calendar_date(year, day.month(), day.day())
        .or_else(|_| Date::from_calendar_date(year, Month::February, 28))
        .unwrap_or(day)
}

/// Where a person stands with the charity's programmes, as a list filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonStatus {
    /// Living in a Children's Village family house now.
    InCare,
    /// Admitted once, has left care.
    LeftCare,
    /// In a household supported by family strengthening now.
    FamilySupport,
}

impl PersonStatus {
    /// Every status.
    pub const ALL: [PersonStatus; 3] = [PersonStatus::InCare, PersonStatus::LeftCare, PersonStatus::FamilySupport];

    /// The code forms carry.
    pub fn code(self) -> &'static str {
        match self {
            PersonStatus::InCare => "in_care",
            PersonStatus::LeftCare => "left_care",
            PersonStatus::FamilySupport => "family_support",
        }
    }

    /// Reads a code; empty means "any status".
    pub fn parse(raw: &str) -> Result<Option<PersonStatus>, Problem> {
        match raw.trim() {
            "" => Ok(None),
            code => PersonStatus::ALL.into_iter().find(|s| s.code() == code).map(Some).ok_or(Problem::NotAllowed),
        }
    }

    /// The field group a reader needs to filter on this status: that a
    /// household is supported is protection data, so filtering on it
    /// would tell the others as much as showing it.
    pub fn needs(self) -> Option<FieldGroup> {
        match self {
            PersonStatus::FamilySupport => Some(FieldGroup::Protection),
            PersonStatus::InCare | PersonStatus::LeftCare => None,
        }
    }

    /// The programme whose work this status is: where it does not run, no
    /// one has the status, and a list there does not offer it.
    pub fn programme(self) -> crate::programme::ProgrammeKind {
        match self {
            PersonStatus::FamilySupport => crate::programme::ProgrammeKind::FamilyStrengthening,
            PersonStatus::InCare | PersonStatus::LeftCare => crate::programme::ProgrammeKind::ChildrensVillage,
        }
    }
}

/// Where a household stands with family strengthening, as a list filter
/// (protection data: only its readers may filter on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HouseholdStatus {
    /// Supported now.
    Supported,
    /// Supported once, exited (graduated or otherwise).
    Exited,
}

impl HouseholdStatus {
    /// Every status.
    pub const ALL: [HouseholdStatus; 2] = [HouseholdStatus::Supported, HouseholdStatus::Exited];

    /// The programme whose work these statuses are: family strengthening.
    pub fn programme(self) -> crate::programme::ProgrammeKind {
        crate::programme::ProgrammeKind::FamilyStrengthening
    }

    /// The code forms carry.
    pub fn code(self) -> &'static str {
        match self {
            HouseholdStatus::Supported => "supported",
            HouseholdStatus::Exited => "exited",
        }
    }

    /// Reads a code; empty means "any".
    pub fn parse(raw: &str) -> Result<Option<HouseholdStatus>, Problem> {
        match raw.trim() {
            "" => Ok(None),
            code => HouseholdStatus::ALL.into_iter().find(|s| s.code() == code).map(Some).ok_or(Problem::NotAllowed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn codes_round_trip_and_empty_is_any() {
        for g in AgeGroup::ALL {
            assert_eq!(AgeGroup::parse(g.code()), Ok(Some(g)));
        }
        for s in PersonStatus::ALL {
            assert_eq!(PersonStatus::parse(s.code()), Ok(Some(s)));
        }
        assert_eq!(AgeGroup::parse(" "), Ok(None));
        assert_eq!(AgeGroup::parse("0-5"), Err(Problem::NotAllowed));
        assert_eq!(PersonStatus::parse("dead"), Err(Problem::NotAllowed));
    }

    #[test]
    fn birth_bounds_agree_with_age() {
        let today = date!(2026 - 11 - 28);
        for born in [date!(2021 - 11 - 28), date!(2021 - 11 - 29), date!(2008 - 11 - 28), date!(2008 - 11 - 29)] {
            let group = AgeGroup::of(age_years(born, today)).expect("a group");
            let (after, until) = group.births(today);
            assert!(born <= until && after.is_none_or(|a| born > a), "{born} in {group:?}");
            for other in AgeGroup::ALL.into_iter().filter(|g| *g != group) {
                let (after, until) = other.births(today);
                assert!(!(born <= until && after.is_none_or(|a| born > a)), "{born} not in {other:?}");
            }
        }
        assert_eq!(AgeGroup::of(-1), None);
        assert_eq!(years_before(date!(2028 - 02 - 29), 1), date!(2027 - 02 - 28));
    }
}
