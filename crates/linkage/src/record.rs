//! A registration as the linkage sees it: every field already in its
//! comparison form.

use crate::Name;
use crate::compare::{Birth, phone};

/// One registration.
#[derive(Debug, Clone)]
pub struct Record {
    /// The caller's id for it.
    pub id: String,
    /// Given name(s).
    pub given: Name,
    /// Family name(s).
    pub family: Name,
    /// `F`, `M` or unknown.
    pub sex: Option<char>,
    /// Birth date or year.
    pub birth: Birth,
    /// The 8 Malian digits of the phone, if any.
    pub phone: Option<String>,
    /// Identity document number, folded.
    pub id_document: Option<String>,
    /// Father's name.
    pub father: Name,
    /// Mother's name.
    pub mother: Name,
    /// Commune of origin, folded.
    pub origin: Option<String>,
    /// Site where registered, folded.
    pub site: Option<String>,
    /// Household, as given.
    pub household: Option<String>,
}

/// The fields of a registration as read from a file (all text).
#[derive(Debug, Clone, Default)]
pub struct RawRecord {
    /// Id.
    pub id: String,
    /// Given name(s).
    pub given_name: String,
    /// Family name(s).
    pub family_name: String,
    /// `M`, `F` or empty.
    pub sex: String,
    /// `YYYY-MM-DD`, `YYYY` or empty.
    pub birth_date: String,
    /// Age in years, used when there is no birth date.
    pub age_years: String,
    /// Phone, any format.
    pub phone: String,
    /// Identity document.
    pub id_document: String,
    /// Father's name.
    pub father_name: String,
    /// Mother's name.
    pub mother_name: String,
    /// Commune of origin.
    pub origin_commune: String,
    /// Site of registration.
    pub current_site: String,
    /// Household id.
    pub household_id: String,
    /// `YYYY-MM-DD`: the day the record was made (an age is an age on
    /// that day), or empty.
    pub registered_on: String,
}

impl RawRecord {
    /// A record from one row of a file, `cell` giving each column's text
    /// by its name (empty when the column is absent): the one place the
    /// input contract's column names become fields.
    pub fn from_cells(cell: impl Fn(&str) -> String) -> RawRecord {
        RawRecord {
            id: cell("id"),
            given_name: cell("given_name"),
            family_name: cell("family_name"),
            sex: cell("sex"),
            birth_date: cell("birth_date"),
            age_years: cell("age_years"),
            phone: cell("phone"),
            id_document: cell("id_document"),
            father_name: cell("father_name"),
            mother_name: cell("mother_name"),
            origin_commune: cell("origin_commune"),
            current_site: cell("current_site"),
            household_id: cell("household_id"),
            registered_on: cell("registered_on"),
        }
    }
}

/// Why a raw record could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordProblem {
    /// `sex` is not M, F or empty.
    Sex,
    /// `birth_date` is not `YYYY-MM-DD` or `YYYY`.
    BirthDate,
    /// `age_years` is not a whole number from 0 to 120.
    Age,
    /// `registered_on` is not `YYYY-MM-DD`.
    RegisteredOn,
}

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Day {
    /// Reads `YYYY-MM-DD`.
    pub fn parse(raw: &str) -> Option<Day> {
        let raw = raw.trim();
        let b = raw.as_bytes();
        if raw.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let (year, month, day) = (raw[..4].parse().ok()?, raw[5..7].parse().ok()?, raw[8..].parse().ok()?);
        ((1850..=2200).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Day {
            year,
            month,
            day,
        })
    }

    /// The day `days` days after 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Day {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        Day { year: (yoe + era * 400 + i64::from(month <= 2)) as i32, month, day }
    }

    /// Days since 1970-01-01 (`days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    /// How old someone born on `birth` is on this day.
    pub fn age_of(self, birth: Day) -> i32 {
        self.year - birth.year - i32::from((self.month, self.day) < (birth.month, birth.day))
    }

    /// The birth year of someone of `age` on this day: the year most of
    /// the possible birth days fall in (aged 54 on 1 March 2026: born
    /// between 2 March 1971 and 1 March 1972, so 1971).
    pub fn birth_year_at(self, age: i32) -> i32 {
        self.year - age - i32::from(self.month < 7)
    }
}

/// The day tests turn ages into birth years with.
#[cfg(test)]
pub(crate) const TEST_DAY: Day = Day { year: 2026, month: 1, day: 1 };

fn folded(s: &str) -> Option<String> {
    let f = dugu_domain::fold(s);
    (!f.is_empty()).then_some(f)
}

impl Record {
    /// Reads a raw record. An age is turned into a birth year with the
    /// day the record was made (`registered_on`), else with `as_of`: the
    /// same file gives the same records on any day.
    pub fn parse(raw: &RawRecord, as_of: Day) -> Result<Record, RecordProblem> {
        let sex = match raw.sex.trim() {
            "" => None,
            "M" | "m" => Some('M'),
            "F" | "f" => Some('F'),
            _ => return Err(RecordProblem::Sex),
        };
        let on = match raw.registered_on.trim() {
            "" => as_of,
            day => Day::parse(day).ok_or(RecordProblem::RegisteredOn)?,
        };
        let mut birth = Birth::parse(&raw.birth_date).ok_or(RecordProblem::BirthDate)?;
        if birth == Birth::Missing && !raw.age_years.trim().is_empty() {
            let age: i32 = raw.age_years.trim().parse().map_err(|_| RecordProblem::Age)?;
            if !(0..=120).contains(&age) {
                return Err(RecordProblem::Age);
            }
            birth = Birth::age_on(age as u8, on);
        }
        Ok(Record {
            id: raw.id.clone(),
            given: Name::new(&raw.given_name),
            family: Name::new(&raw.family_name),
            sex,
            birth,
            phone: phone(&raw.phone),
            id_document: folded(&raw.id_document).map(|d| d.replace(' ', "")),
            father: Name::new(&raw.father_name),
            mother: Name::new(&raw.mother_name),
            origin: folded(&raw.origin_commune),
            site: folded(&raw.current_site),
            household: Some(raw.household_id.trim().to_string()).filter(|h| !h.is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_both_ways() {
        for (text, days) in [("1970-01-01", 0), ("2026-03-01", 20_513), ("2024-02-29", 19_782), ("1955-07-14", -5285)] {
            let d = Day::parse(text).expect(text);
            assert_eq!(d.days_since_epoch(), days, "{text}");
            assert_eq!(Day::from_days_since_epoch(days), d, "{text}");
        }
    }

    #[test]
    fn an_age_is_an_age_on_the_day_of_registration() {
        let raw = |age: &str, on: &str| RawRecord {
            id: "x".into(),
            age_years: age.into(),
            registered_on: on.into(),
            ..Default::default()
        };
        let later = Day { year: 2031, month: 1, day: 1 };
        // Aged 54 on 1 March 2020: born in 1965, whatever day it is now.
        for as_of in [TEST_DAY, later] {
            let r = Record::parse(&raw("54", "2020-03-01"), as_of).expect("valid");
            assert_eq!(r.birth.year(), Some(1965));
        }
        // Without registered_on, the given day.
        assert_eq!(Record::parse(&raw("54", ""), later).expect("valid").birth.year(), Some(1976));
        assert_eq!(Record::parse(&raw("54", "2020-3-1"), later).err(), Some(RecordProblem::RegisteredOn));
    }
}
