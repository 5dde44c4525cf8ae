//! An entitlement as it is read, and whether it may be handed over.

use serde::Serialize;
use serde_json::Value;
use time::Date;

/// An entitlement as a household's page, the desk and the API read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntitlementView {
    /// Id.
    pub id: String,
    /// Its cycle.
    pub cycle_id: String,
    /// The cycle's name.
    pub cycle_name: String,
    /// The household owed it.
    pub household_id: String,
    /// Item.
    pub item: String,
    /// Quantity, in `unit` (g, mL, XOF, pieces).
    pub quantity: i64,
    /// Unit code.
    pub unit: String,
    /// `in_kind` or `cash`.
    pub modality: String,
    /// What it was computed from (size, used, capped, fraction, month,
    /// arrival date, before rounding, rounding; or `rattrapage`).
    pub inputs: Value,
    /// `approved`, `expired` once its cycle is closed, `draft` while the
    /// cycle is not approved.
    pub status: String,
    /// The cycle's first day.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub valid_from: Date,
    /// The cycle's last day.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub valid_until: Date,
    /// The one site that serves it this cycle.
    pub site_id: String,
    /// The entitlement of an earlier cycle it carries over, if any.
    pub carried_from: Option<String>,
}

/// An entitlement's status as read: what is stored, unless its cycle says
/// otherwise — closed, it has expired (in kind and cash alike); not yet
/// approved, it is a draft.
pub fn entitlement_status(stored: &str, cycle_status: &str) -> String {
    match cycle_status {
        "closed" => "expired".into(),
        "draft" => "draft".into(),
        _ => stored.into(),
    }
}

impl EntitlementView {
    /// Whether it may be handed over on `today` (requirement 12): approved,
    /// its cycle approved and open, and `today` within the cycle's dates.
    pub fn redeemable(&self, today: Date) -> bool {
        self.status == "approved" && self.valid_from <= today && today <= self.valid_until
    }
}
