//! What the desk, stock and conflicts routes answer: one
//! `Serialize + ToSchema` struct per object, made from the store's types —
//! the JSON is the one these routes always answered, and the document
//! publishes it closed, so a field added here and not there is caught
//! (`tests/server/responses_relief.rs`).

use dugu_storage::{
    ConflictingReceipt, DeskCollector, DeskEntitlement, DeskHousehold, FirstReceipt, Issued, StockLine,
};

/// A hand-over made (201), or the same client UUID again (200): the
/// receipt's id and number.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiptIssued {
    #[schema(format = "uuid")]
    id: String,
    /// `MOP-SEV-R000042`: the site's code and a per-site counter; `null`
    /// for a receipt made before receipts were numbered.
    number: Option<String>,
}

impl From<Issued> for ReceiptIssued {
    fn from(i: Issued) -> ReceiptIssued {
        ReceiptIssued { id: i.id, number: i.number }
    }
}

/// A hand-over refused (409): the entitlement was handed over before.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiptRefused {
    /// The receipt it was first handed over with.
    first: FirstReceiptRead,
}

impl From<FirstReceipt> for ReceiptRefused {
    fn from(first: FirstReceipt) -> ReceiptRefused {
        ReceiptRefused { first: first.into() }
    }
}

/// A receipt: when, where, by whom, to which collector.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FirstReceiptRead {
    #[schema(format = "uuid")]
    id: String,
    /// When, RFC 3339 UTC.
    #[schema(format = DateTime)]
    at: String,
    /// Where: the site's id.
    site_id: String,
    /// Where: the site's name.
    site: String,
    /// Who served: the account's id.
    user_id: String,
    /// Who served: the account's display name.
    user: String,
    /// `head` or `alternate`.
    collector: String,
    /// Its number, if it was numbered.
    number: Option<String>,
}

impl From<FirstReceipt> for FirstReceiptRead {
    fn from(r: FirstReceipt) -> FirstReceiptRead {
        FirstReceiptRead {
            id: r.id,
            at: r.at,
            site_id: r.site_id,
            site: r.site,
            user_id: r.user_id,
            user: r.user,
            collector: r.collector,
            number: r.number,
        }
    }
}

/// A household as the desk reads it.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeskHouseholdAnswer {
    household: DeskHouseholdRead,
}

impl From<DeskHousehold> for DeskHouseholdAnswer {
    fn from(h: DeskHousehold) -> DeskHouseholdAnswer {
        DeskHouseholdAnswer { household: h.into() }
    }
}

/// Who may collect for a household registered in a relief programme, and
/// what it is owed in the cycles open today.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeskHouseholdRead {
    #[schema(format = "uuid")]
    household_id: String,
    record_number: String,
    name: String,
    /// The programme it is registered in (its latest registration).
    #[schema(format = "uuid")]
    programme_id: String,
    /// The current card's serial.
    card_serial: i64,
    /// The day the current card replaced an older one.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    card_replaced_on: Option<time::Date>,
    /// Struck out: served no more.
    struck_out: bool,
    /// The record number of the household a supervisor decided this one is
    /// the same as (that one is served); `null` when there is none, or
    /// when that household is outside the reader's scope.
    #[schema(value_type = Option<String>)]
    duplicate_of: Option<Option<String>>,
    /// Record numbers (in the reader's scope) of households it is likely
    /// the same as, not yet decided on.
    likely_same_as: Vec<String>,
    /// Some of those households are outside the reader's scope.
    likely_elsewhere: bool,
    /// The head, then the alternates.
    collectors: Vec<DeskCollectorRead>,
    /// Its entitlements in the cycles open today.
    entitlements: Vec<DeskEntitlementRead>,
}

impl From<DeskHousehold> for DeskHouseholdRead {
    fn from(h: DeskHousehold) -> DeskHouseholdRead {
        DeskHouseholdRead {
            household_id: h.household_id,
            record_number: h.record_number,
            name: h.name,
            programme_id: h.programme_id,
            card_serial: h.card_serial,
            card_replaced_on: h.card_replaced_on,
            struck_out: h.struck_out,
            duplicate_of: h.duplicate_of,
            likely_same_as: h.likely_same_as,
            likely_elsewhere: h.likely_elsewhere,
            collectors: h.collectors.into_iter().map(DeskCollectorRead::from).collect(),
            entitlements: h.entitlements.into_iter().map(DeskEntitlementRead::from).collect(),
        }
    }
}

/// A person who may collect for the household.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeskCollectorRead {
    #[schema(format = "uuid")]
    person_id: String,
    /// Name as typed.
    name: String,
    /// `head` or `alternate`.
    role: String,
}

impl From<DeskCollector> for DeskCollectorRead {
    fn from(c: DeskCollector) -> DeskCollectorRead {
        DeskCollectorRead { person_id: c.person_id, name: c.name, role: c.role }
    }
}

/// An entitlement as the desk shows it, with its first receipt if it was
/// handed over.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeskEntitlementRead {
    #[schema(format = "uuid")]
    id: String,
    #[schema(format = "uuid")]
    cycle_id: String,
    /// The cycle's name.
    cycle: String,
    /// `cereal`, `oil`…
    item: String,
    /// Exact whole quantity in `unit`.
    quantity: i64,
    /// `g`, `ml`, `xof` or `piece`.
    unit: String,
    /// `in_kind` or `cash`.
    modality: String,
    /// The site assigned to serve it.
    site_id: String,
    /// That site's name.
    site: String,
    /// Carried from an earlier cycle ("rattrapage").
    carried: bool,
    /// How it was first handed over, if it was.
    served: Option<FirstReceiptRead>,
}

impl From<DeskEntitlement> for DeskEntitlementRead {
    fn from(e: DeskEntitlement) -> DeskEntitlementRead {
        DeskEntitlementRead {
            id: e.id,
            cycle_id: e.cycle_id,
            cycle: e.cycle,
            item: e.item,
            quantity: e.quantity,
            unit: e.unit,
            modality: e.modality,
            site_id: e.site_id,
            site: e.site,
            carried: e.carried,
            served: e.served.map(FirstReceiptRead::from),
        }
    }
}

/// A household's current card.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CardRead {
    /// The card's serial (1, then one more per replacement).
    pub(super) serial: i64,
    /// The QR code's text: opaque ids, serial, Ed25519 signature.
    pub(super) text: String,
    /// The programme's public key a desk verifies cards with offline.
    pub(super) public_key: String,
}

/// A card replaced: the new card.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CardReplaced {
    /// The new serial.
    pub(super) serial: i64,
    /// The new card's QR text.
    pub(super) text: String,
}

/// What a stock movement or a reconciliation recorded, or a receipt
/// voided, answers: the record's id.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordId {
    #[schema(format = "uuid")]
    pub(super) id: String,
}

/// A site's stock for a cycle, item by item.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockRead {
    items: Vec<StockLineRead>,
}

impl From<Vec<StockLine>> for StockRead {
    fn from(items: Vec<StockLine>) -> StockRead {
        StockRead { items: items.into_iter().map(StockLineRead::from).collect() }
    }
}

/// One item's books at a site for a cycle, in the cycle's unit.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockLineRead {
    item: String,
    /// The count validated at the close of the site's previous cycle (0
    /// when none).
    opening: i64,
    /// Waybills in.
    received: i64,
    /// Handed over: the receipts not voided, at this site.
    distributed: i64,
    losses: i64,
    returned: i64,
    /// opening + received − distributed − losses − returned.
    expected_closing: i64,
    /// The validated reconciliation's count, if there is one.
    counted: Option<i64>,
    /// Why the count differed, if it did.
    explanation: Option<String>,
}

impl From<StockLine> for StockLineRead {
    fn from(l: StockLine) -> StockLineRead {
        StockLineRead {
            item: l.item,
            opening: l.books.opening,
            received: l.books.received,
            distributed: l.books.distributed,
            losses: l.books.losses,
            returned: l.books.returned,
            expected_closing: l.expected_closing,
            counted: l.counted,
            explanation: l.explanation,
        }
    }
}

/// The entitlements handed over more than once.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictsRead {
    items: Vec<ConflictRead>,
}

impl From<Vec<ConflictingReceipt>> for ConflictsRead {
    fn from(items: Vec<ConflictingReceipt>) -> ConflictsRead {
        ConflictsRead { items: items.into_iter().map(ConflictRead::from).collect() }
    }
}

/// One entitlement handed over more than once, with its receipts.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictRead {
    #[schema(format = "uuid")]
    household_id: String,
    record_number: String,
    #[schema(format = "uuid")]
    entitlement_id: String,
    /// Its cycle's name.
    cycle: String,
    item: String,
    /// Its quantity, in `unit`.
    quantity: i64,
    unit: String,
    /// Every receipt not voided, earliest first: the first counts, the
    /// others are the conflicting ones.
    receipts: Vec<FirstReceiptRead>,
}

impl From<ConflictingReceipt> for ConflictRead {
    fn from(c: ConflictingReceipt) -> ConflictRead {
        ConflictRead {
            household_id: c.household_id,
            record_number: c.record_number,
            entitlement_id: c.entitlement_id,
            cycle: c.cycle,
            item: c.item,
            quantity: c.quantity,
            unit: c.unit,
            receipts: c.receipts.into_iter().map(FirstReceiptRead::from).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answers write what the store's types wrote when they were
    /// answered directly: the same fields, the same values.
    #[test]
    fn the_answers_write_the_json_the_routes_always_answered() {
        let first = FirstReceipt {
            id: "r".into(),
            at: "2026-05-01T10:00:00Z".into(),
            site_id: "s".into(),
            site: "Sévaré".into(),
            user_id: "u".into(),
            user: "Awa".into(),
            collector: "head".into(),
            number: None,
        };
        let entitlement = DeskEntitlement {
            id: "e".into(),
            cycle_id: "c".into(),
            cycle: "Cycle 3".into(),
            item: "cereal".into(),
            quantity: 84_000,
            unit: "g".into(),
            modality: "in_kind".into(),
            site_id: "s".into(),
            site: "Sévaré".into(),
            carried: false,
            served: Some(first.clone()),
        };
        let household = DeskHousehold {
            household_id: "h".into(),
            record_number: "MOP-0001".into(),
            name: "Famille Traoré".into(),
            programme_id: "p".into(),
            card_serial: 2,
            card_replaced_on: Some(time::macros::date!(2026 - 04 - 02)),
            struck_out: false,
            duplicate_of: Some(None),
            likely_same_as: vec!["MOP-0002".into()],
            likely_elsewhere: true,
            collectors: vec![DeskCollector { person_id: "p1".into(), name: "Aminata".into(), role: "head".into() }],
            entitlements: vec![entitlement],
        };
        assert_eq!(
            serde_json::json!(DeskHouseholdAnswer::from(household.clone())),
            serde_json::json!({ "household": household })
        );
        let line = StockLine {
            item: "cereal".into(),
            books: dugu_storage::StockBooks { opening: 1, received: 2, distributed: 3, losses: 4, returned: 5 },
            expected_closing: -9,
            counted: Some(0),
            explanation: None,
        };
        assert_eq!(serde_json::json!(StockRead::from(vec![line.clone()])), serde_json::json!({ "items": [line] }));
        let conflict = ConflictingReceipt {
            household_id: "h".into(),
            record_number: "MOP-0001".into(),
            entitlement_id: "e".into(),
            cycle: "Cycle 3".into(),
            item: "oil".into(),
            quantity: 5_250,
            unit: "ml".into(),
            receipts: vec![first.clone()],
        };
        assert_eq!(
            serde_json::json!(ConflictsRead::from(vec![conflict.clone()])),
            serde_json::json!({ "items": [conflict] })
        );
        assert_eq!(serde_json::json!(ReceiptRefused::from(first.clone())), serde_json::json!({ "first": first }));
    }
}
