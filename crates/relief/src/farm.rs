//! Farmer support (Khouloum, issue 15 item 7): after the harvest a
//! farming household declares how many months its food stock will last;
//! the programme needs to know who runs out before the next harvest, and
//! by how long — the lean-season gap it will have to fill.

use time::{Date, Month};

/// The day a stock declared on `declared_on` to last `months` runs out:
/// the same day of the month `months` later (the month's last day when it
/// is shorter).
pub fn runs_out_on(declared_on: Date, months: u32) -> Date {
    let index = i64::from(declared_on.year()) * 12 + i64::from(u8::from(declared_on.month())) - 1 + i64::from(months);
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    let year = i32::try_from(year).unwrap_or(i32::MAX);
    let month = u8::try_from(month).ok().and_then(|m| Month::try_from(m).ok()).unwrap_or(Month::December);
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, declared_on.day().min(last)).unwrap_or(declared_on)
}

/// The whole months (rounded up) between the day the stock runs out and
/// the next harvest, or `None` when it lasts until then.
pub fn months_short(declared_on: Date, months: u32, next_harvest: Date) -> Option<u32> {
    let out = runs_out_on(declared_on, months);
    if out >= next_harvest {
        return None;
    }
    let mut short = 1;
    while runs_out_on(out, short) < next_harvest && short < 240 {
        short += 1;
    }
    Some(short)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_stock_of_five_months_from_october_runs_out_in_march_five_months_before_august() {
        assert_eq!(runs_out_on(date!(2026 - 10 - 15), 5), date!(2027 - 03 - 15));
        assert_eq!(months_short(date!(2026 - 10 - 15), 5, date!(2027 - 08 - 15)), Some(5));
        assert_eq!(months_short(date!(2026 - 10 - 15), 10, date!(2027 - 08 - 15)), None, "lasts to the harvest");
        assert_eq!(months_short(date!(2026 - 10 - 15), 0, date!(2026 - 10 - 16)), Some(1), "no stock at all");
    }

    #[test]
    fn the_end_of_a_month_is_kept_when_the_next_is_shorter() {
        assert_eq!(runs_out_on(date!(2026 - 10 - 31), 4), date!(2027 - 02 - 28));
        assert_eq!(runs_out_on(date!(2026 - 12 - 01), 1), date!(2027 - 01 - 01));
    }
}
