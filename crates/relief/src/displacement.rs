//! How much of the ration is due by how long a household has been
//! displaced (WFP Mali, 2022: the full ration for six months, half in
//! months 7–9, then nothing; host households half for three months).

use time::Date;

/// A household's status at registration, as the clusters count it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Internally displaced.
    Idp,
    /// Back home after displacement.
    Returnee,
    /// A family hosting displaced people.
    Host,
}

impl Status {
    /// The code stored and used by the API (`idp`, `returnee`, `host`).
    pub fn code(self) -> &'static str {
        match self {
            Status::Idp => "idp",
            Status::Returnee => "returnee",
            Status::Host => "host",
        }
    }

    /// Reads a stored code back.
    pub fn parse(code: &str) -> Option<Status> {
        match code {
            "idp" => Some(Status::Idp),
            "returnee" => Some(Status::Returnee),
            "host" => Some(Status::Host),
            _ => None,
        }
    }
}

/// Up to and including month `through_month` of displacement, `percent`
/// of the ration is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The last month (1 = the month of arrival) this step covers.
    pub through_month: u32,
    /// The share of the ration due, 0–100.
    pub percent: u8,
}

/// A programme's duration rule. With no steps for a status, the whole
/// ration is due for as long as the programme runs (a lean-season
/// cycle does not ask when anyone arrived).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DurationRule {
    /// Steps for displaced and returning households, in month order.
    pub displaced: Vec<Step>,
    /// Steps for host households, in month order.
    pub host: Vec<Step>,
}

/// The share due and what it was computed from, kept on the entitlement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fraction {
    /// 0–100.
    pub percent: u8,
    /// The month of displacement at the cycle's start (1 = arrived within
    /// the month before), when the rule used it.
    pub month: Option<u32>,
}

/// Why no share could be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FractionError {
    /// The rule depends on time since arrival and the household has none.
    #[error("arrival date missing")]
    ArrivalMissing,
}

impl DurationRule {
    /// WFP Mali's 2022 rule for IDPs and their hosts.
    pub fn wfp_mali_2022() -> DurationRule {
        DurationRule {
            displaced: vec![Step { through_month: 6, percent: 100 }, Step { through_month: 9, percent: 50 }],
            host: vec![Step { through_month: 3, percent: 50 }],
        }
    }

    /// The share of the ration due at `cycle_start` to a household of
    /// `status` that arrived on `arrival`. Past the last step nothing is due.
    pub fn fraction(
        &self,
        status: Status,
        arrival: Option<Date>,
        cycle_start: Date,
    ) -> Result<Fraction, FractionError> {
        let steps = match status {
            Status::Host => &self.host,
            Status::Idp | Status::Returnee => &self.displaced,
        };
        if steps.is_empty() {
            return Ok(Fraction { percent: 100, month: None });
        }
        let arrival = arrival.ok_or(FractionError::ArrivalMissing)?;
        let month = month_of_displacement(arrival, cycle_start);
        let percent = steps.iter().find(|step| month <= step.through_month).map_or(0, |step| step.percent.min(100));
        Ok(Fraction { percent, month: Some(month) })
    }
}

/// Whole months from arrival to `on`, plus one: arrived 10 January, the
/// cycle of 1 August is month 7 (six whole months have passed). A cycle
/// that starts before the arrival is month 1.
pub fn month_of_displacement(arrival: Date, on: Date) -> u32 {
    if on <= arrival {
        return 1;
    }
    let mut months =
        (on.year() - arrival.year()) * 12 + (i32::from(u8::from(on.month())) - i32::from(u8::from(arrival.month())));
    if on.day() < arrival.day() {
        months -= 1;
    }
    u32::try_from(months.max(0)).unwrap_or(0) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn requirement_5_half_in_august_nothing_in_november() {
        let rule = DurationRule::wfp_mali_2022();
        let arrived = Some(date!(2026 - 01 - 10));
        let august = rule.fraction(Status::Idp, arrived, date!(2026 - 08 - 01)).expect("fraction");
        assert_eq!(august, Fraction { percent: 50, month: Some(7) });
        let november = rule.fraction(Status::Idp, arrived, date!(2026 - 11 - 01)).expect("fraction");
        assert_eq!(november, Fraction { percent: 0, month: Some(10) });
        let february = rule.fraction(Status::Idp, arrived, date!(2026 - 02 - 01)).expect("fraction");
        assert_eq!(february.percent, 100);
    }

    #[test]
    fn hosts_get_half_for_three_months() {
        let rule = DurationRule::wfp_mali_2022();
        let arrived = Some(date!(2026 - 01 - 10));
        assert_eq!(rule.fraction(Status::Host, arrived, date!(2026 - 03 - 01)).expect("f").percent, 50);
        assert_eq!(rule.fraction(Status::Host, arrived, date!(2026 - 04 - 10)).expect("f").percent, 0);
    }

    #[test]
    fn a_rule_on_arrival_needs_an_arrival_and_a_plain_rule_does_not() {
        let rule = DurationRule::wfp_mali_2022();
        assert_eq!(rule.fraction(Status::Idp, None, date!(2026 - 08 - 01)), Err(FractionError::ArrivalMissing));
        let plain = DurationRule::default();
        assert_eq!(
            plain.fraction(Status::Host, None, date!(2026 - 08 - 01)),
            Ok(Fraction { percent: 100, month: None })
        );
    }

    #[test]
    fn months_count_whole_months_from_the_day_of_arrival() {
        assert_eq!(month_of_displacement(date!(2026 - 01 - 10), date!(2026 - 01 - 10)), 1);
        assert_eq!(month_of_displacement(date!(2026 - 01 - 10), date!(2026 - 02 - 09)), 1);
        assert_eq!(month_of_displacement(date!(2026 - 01 - 10), date!(2026 - 02 - 10)), 2);
        assert_eq!(month_of_displacement(date!(2025 - 12 - 31), date!(2026 - 01 - 01)), 1);
        assert_eq!(month_of_displacement(date!(2025 - 11 - 15), date!(2026 - 08 - 01)), 9);
        assert_eq!(month_of_displacement(date!(2026 - 05 - 01), date!(2026 - 04 - 01)), 1, "a cycle before arrival");
    }

    #[test]
    fn status_codes_read_back() {
        for status in [Status::Idp, Status::Returnee, Status::Host] {
            assert_eq!(Status::parse(status.code()), Some(status));
        }
    }
}
