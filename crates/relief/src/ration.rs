//! What one household is owed of one item in one cycle.

use crate::displacement::{DurationRule, FractionError, Status};
use crate::quantity::{Rounding, Unit};
use time::Date;

/// How an item is handed over. A cycle may mix them ("hybrid": cereal in
/// kind, the rest in cash).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modality {
    /// Food or goods.
    InKind,
    /// Cash or voucher, in francs CFA.
    Cash,
}

impl Modality {
    /// The code stored and used by the API (`in_kind`, `cash`).
    pub fn code(self) -> &'static str {
        match self {
            Modality::InKind => "in_kind",
            Modality::Cash => "cash",
        }
    }

    /// Reads a stored code back.
    pub fn parse(code: &str) -> Option<Modality> {
        match code {
            "in_kind" => Some(Modality::InKind),
            "cash" => Some(Modality::Cash),
            _ => None,
        }
    }
}

/// How an item scales with the household.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// So much per person, for at most `cap` people (0 = no cap).
    PerPerson {
        /// The per-person amount for the cycle, in the item's unit.
        per_person: u64,
        /// The most people counted; 0 counts everyone.
        cap: u32,
    },
    /// The same amount for every household (ACF Bourem: 60,000 FCFA per
    /// tranche).
    PerHousehold {
        /// The amount, in the item's unit.
        amount: u64,
    },
}

/// One line of a cycle's ration table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RationItem {
    /// The item's name as the programme writes it ("céréales", "huile").
    pub item: String,
    /// The unit its amounts are in.
    pub unit: Unit,
    /// How it scales.
    pub basis: Basis,
    /// To what it is rounded when handed over, if anything.
    pub rounding: Option<Rounding>,
    /// In kind or cash.
    pub modality: Modality,
}

/// What the registration says about a household, as far as a ration
/// needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HouseholdFacts {
    /// People in the household; `None` or 0 when nobody knows.
    pub size: Option<u32>,
    /// IDP, returnee or host.
    pub status: Status,
    /// The day it arrived, for rules by time displaced.
    pub arrival: Option<Date>,
}

/// Everything an entitlement was computed from, shown beside it so a
/// household (or an auditor) can check it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inputs {
    /// The household's size.
    pub size: u32,
    /// The size counted after the cap.
    pub used: u32,
    /// Whether the cap cut the size.
    pub capped: bool,
    /// The share of the ration due, 0–100.
    pub percent: u8,
    /// The month of displacement the share was read at, if the rule used it.
    pub month: Option<u32>,
    /// The arrival date used, if the rule used it.
    pub arrival: Option<Date>,
    /// The amount before rounding to the issue unit.
    pub before_rounding: u64,
}

/// A household's due of one item: an exact amount and its inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entitlement {
    /// The item's name.
    pub item: String,
    /// The amount, in `unit`.
    pub quantity: u64,
    /// The unit.
    pub unit: Unit,
    /// In kind or cash.
    pub modality: Modality,
    /// What it was computed from.
    pub inputs: Inputs,
}

/// Why a household gets no entitlement and goes to the cycle's exception
/// list instead: never a silent guess (OpenSPP counts an unknown size as 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Exception {
    /// Size 0 or unknown.
    #[error("household size missing")]
    SizeMissing,
    /// The rule depends on time since arrival and there is no arrival date.
    #[error("arrival date missing")]
    ArrivalMissing,
}

impl From<FractionError> for Exception {
    fn from(error: FractionError) -> Exception {
        match error {
            FractionError::ArrivalMissing => Exception::ArrivalMissing,
        }
    }
}

impl RationItem {
    /// The household's entitlement to this item in a cycle starting on
    /// `cycle_start` under `rule`: `Ok(None)` when nothing is due (past the
    /// rule's last month), an [`Exception`] when it cannot be computed.
    ///
    /// The share is applied before rounding, halves up to the unit, so that
    /// 50 % of 5,250 mL is 2,625 mL before it becomes bottles.
    pub fn entitlement(
        &self,
        household: HouseholdFacts,
        rule: &DurationRule,
        cycle_start: Date,
    ) -> Result<Option<Entitlement>, Exception> {
        let size = household.size.filter(|size| *size > 0).ok_or(Exception::SizeMissing)?;
        let fraction = rule.fraction(household.status, household.arrival, cycle_start)?;
        let (used, capped, full) = match self.basis {
            Basis::PerPerson { per_person, cap } => {
                let used = if cap > 0 { size.min(cap) } else { size };
                (used, used < size, per_person.saturating_mul(u64::from(used)))
            }
            Basis::PerHousehold { amount } => (size, false, amount),
        };
        if fraction.percent == 0 {
            return Ok(None);
        }
        let before_rounding = share(full, fraction.percent);
        let quantity = self.rounding.map_or(before_rounding, |rounding| rounding.apply(before_rounding));
        Ok(Some(Entitlement {
            item: self.item.clone(),
            quantity,
            unit: self.unit,
            modality: self.modality,
            inputs: Inputs {
                size,
                used,
                capped,
                percent: fraction.percent,
                month: fraction.month,
                arrival: fraction.month.and(household.arrival),
                before_rounding,
            },
        }))
    }
}

/// `percent` % of `amount`, halves up, in integers.
fn share(amount: u64, percent: u8) -> u64 {
    let scaled = u128::from(amount) * u128::from(percent.min(100));
    u64::try_from((scaled + 50) / 100).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests;
