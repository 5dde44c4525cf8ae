//! Birth dates as they are known in the field: exact, only the year, or
//! estimated from an age.

use crate::errors::Problem;
use time::{Date, Month};

/// How much of a birth date is known; in JSON its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// Day, month and year are known (a birth certificate).
    Exact,
    /// Only the year is known; the date is stored as 1 January.
    Year,
    /// Estimated from an age ("about 7 years old").
    Estimated,
}

impl DatePrecision {
    /// The code in JSON, forms and the database.
    pub fn code(self) -> &'static str {
        match self {
            DatePrecision::Exact => "exact",
            DatePrecision::Year => "year",
            DatePrecision::Estimated => "estimated",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Result<DatePrecision, Problem> {
        match code.trim() {
            "exact" => Ok(DatePrecision::Exact),
            "year" => Ok(DatePrecision::Year),
            "estimated" => Ok(DatePrecision::Estimated),
            _ => Err(Problem::NotAllowed),
        }
    }
}

/// A birth date and how well it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BirthDate {
    /// The date (1 January for a year-only date).
    pub date: Date,
    /// How well it is known.
    pub precision: DatePrecision,
}

/// The oldest age accepted.
const MAX_AGE_YEARS: i32 = 120;

impl BirthDate {
    /// Parses `YYYY-MM-DD` (exact unless `precision` says otherwise) or
    /// `YYYY` (year only). Dates after `today` or more than 120 years back
    /// are refused.
    pub fn parse(raw: &str, precision: Option<DatePrecision>, today: Date) -> Result<BirthDate, Problem> {
        let raw = raw.trim();
        let (date, default) = if raw.len() == 4 && raw.bytes().all(|b| b.is_ascii_digit()) {
            let year: i32 = raw.parse().map_err(|_| Problem::InvalidDate)?;
            (Date::from_calendar_date(year, Month::January, 1).map_err(|_| Problem::InvalidDate)?, DatePrecision::Year)
        } else {
            (parse_iso_date(raw)?, DatePrecision::Exact)
        };
        let precision = precision.unwrap_or(default);
        let date = if precision == DatePrecision::Year {
            Date::from_calendar_date(date.year(), Month::January, 1).map_err(|_| Problem::InvalidDate)?
        } else {
            date
        };
        Self::checked(BirthDate { date, precision }, today)
    }

    /// A birth date estimated from an age in whole years on `today`.
    pub fn from_age(years: i64, today: Date) -> Result<BirthDate, Problem> {
        let years = i32::try_from(years).map_err(|_| Problem::OutOfRange)?;
        if !(0..=MAX_AGE_YEARS).contains(&years) {
            return Err(Problem::OutOfRange);
        }
        let year = today.year() - years;
        let date = Date::from_calendar_date(year, today.month(), today.day())
            .or_else(|_| Date::from_calendar_date(year, today.month(), 28))
            .map_err(|_| Problem::OutOfRange)?;
        Ok(BirthDate { date, precision: DatePrecision::Estimated })
    }

    fn checked(b: BirthDate, today: Date) -> Result<BirthDate, Problem> {
        if b.date > today {
            return Err(Problem::FutureDate);
        }
        if today.year() - b.date.year() > MAX_AGE_YEARS {
            return Err(Problem::OutOfRange);
        }
        Ok(b)
    }

    /// Completed years of age on `on`.
    pub fn age_years(&self, on: Date) -> i32 {
        let mut years = on.year() - self.date.year();
        if (on.month() as u8, on.day()) < (self.date.month() as u8, self.date.day()) {
            years -= 1;
        }
        years.max(0)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        iso_date(self.date)
    }
}

/// The date of something that happened (a visit, a dose, an admission):
/// `YYYY-MM-DD`, not after `today`, not before `born` when the birth date
/// is known. Returned in canonical form.
pub fn event_date(raw: &str, today: Date, born: Option<Date>) -> Result<String, Problem> {
    let d = parse_iso_date(raw.trim())?;
    if d > today {
        return Err(Problem::FutureDate);
    }
    if born.is_some_and(|b| d < b) {
        return Err(Problem::BeforeBirth);
    }
    Ok(iso_date(d))
}

/// Parses `YYYY-MM-DD` strictly.
pub fn parse_iso_date(raw: &str) -> Result<Date, Problem> {
    // By bytes: every stored date of a 40,000-child nutrition list is
    // decoded through here (docs/benchmarks.md, session 19).
    let b = raw.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(Problem::InvalidDate);
    }
    let digit = |i: usize| match b[i] {
        c @ b'0'..=b'9' => Ok(u16::from(c - b'0')),
        _ => Err(Problem::InvalidDate),
    };
    let year = digit(0)? * 1000 + digit(1)? * 100 + digit(2)? * 10 + digit(3)?;
    let month = digit(5)? * 10 + digit(6)?;
    let day = digit(8)? * 10 + digit(9)?;
    let month = u8::try_from(month).ok().and_then(|m| Month::try_from(m).ok()).ok_or(Problem::InvalidDate)?;
    let day = u8::try_from(day).map_err(|_| Problem::InvalidDate)?;
    Date::from_calendar_date(i32::from(year), month, day).map_err(|_| Problem::InvalidDate)
}

/// Formats a date as `YYYY-MM-DD`.
pub fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// Serde for a day as `YYYY-MM-DD` (`#[serde(with = "iso_day")]`): the
/// JSON a `Date` field gives is the string it replaced.
pub mod iso_day {
    use time::Date;

    /// Writes `YYYY-MM-DD`.
    pub fn serialize<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::iso_date(*d))
    }

    /// Reads `YYYY-MM-DD` strictly.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let raw = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        super::parse_iso_date(&raw).map_err(|_| serde::de::Error::custom("not a YYYY-MM-DD day"))
    }
}

/// [`iso_day`] for an optional day: `None` is `null`.
pub mod iso_day_opt {
    use time::Date;

    /// Writes `YYYY-MM-DD` or `null`.
    pub fn serialize<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&super::iso_date(*d)),
            None => s.serialize_none(),
        }
    }

    /// Reads `YYYY-MM-DD` or `null`.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        let raw = <Option<std::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(d)?;
        raw.map(|r| super::parse_iso_date(&r).map_err(|_| serde::de::Error::custom("not a YYYY-MM-DD day"))).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 28);

    #[test]
    fn exact_year_and_estimated() {
        let b = BirthDate::parse("2019-02-28", None, TODAY).expect("valid");
        assert_eq!((b.iso(), b.precision), ("2019-02-28".into(), DatePrecision::Exact));
        let y = BirthDate::parse("2015", None, TODAY).expect("valid");
        assert_eq!((y.iso(), y.precision), ("2015-01-01".into(), DatePrecision::Year));
        let e = BirthDate::from_age(7, TODAY).expect("valid");
        assert_eq!((e.iso(), e.precision), ("2019-11-28".into(), DatePrecision::Estimated));
        assert_eq!(e.age_years(TODAY), 7);
    }

    #[test]
    fn refuses_future_and_malformed_dates() {
        assert_eq!(BirthDate::parse("2026-11-29", None, TODAY), Err(Problem::FutureDate));
        assert_eq!(BirthDate::parse("2019-02-30", None, TODAY), Err(Problem::InvalidDate));
        assert_eq!(BirthDate::parse("28/02/2019", None, TODAY), Err(Problem::InvalidDate));
        assert_eq!(BirthDate::parse("1850", None, TODAY), Err(Problem::OutOfRange));
        assert_eq!(BirthDate::from_age(-1, TODAY), Err(Problem::OutOfRange));
    }

    proptest! {
        #[test]
        fn any_text_parses_or_is_refused_without_panic(s in "\\PC{0,20}") {
            let _ = BirthDate::parse(&s, None, TODAY);
        }

        #[test]
        fn the_byte_parser_agrees_with_time_on_any_ten_characters(s in "[0-9+ -]{10}|[0-9]{4}-[0-9]{2}-[0-9]{2}") {
            let shaped = s.bytes().enumerate().all(|(i, c)| if i == 4 || i == 7 { c == b'-' } else { c.is_ascii_digit() });
            let format = time::macros::format_description!("[year]-[month]-[day]");
            let expected = if shaped { time::Date::parse(&s, format).ok() } else { None };
            prop_assert_eq!(parse_iso_date(&s).ok(), expected);
        }

        #[test]
        fn iso_round_trips(days in 0i64..40_000) {
            let d = TODAY - time::Duration::days(days);
            let b = BirthDate::parse(&iso_date(d), None, TODAY);
            if days <= 120 * 365 { prop_assert_eq!(b.map(|b| b.date), Ok(d)); }
        }
    }
}
