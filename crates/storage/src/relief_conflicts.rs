//! Conflicting receipts (issue 15, requirement 9): two desks apart — two
//! sites offline, or a site and the hub — both handed one entitlement
//! over. Sync keeps both receipts (the table has no uniqueness on
//! purpose); the earliest counts as the receipt, each later one reads as
//! a "conflicting receipt" and waits in a supervisor's queue until one is
//! voided with a reason. Nothing is dropped or adjusted on its own.

use crate::audit::AuditAction;
use crate::{Principal, Store, StoreError};
use dugu_commands::relief_desk::FirstReceipt;
use dugu_domain::Action;
use rusqlite::params;
use serde::Serialize;

/// One entitlement handed over more than once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictingReceipt {
    /// The household.
    pub household_id: String,
    /// Its record number.
    pub record_number: String,
    /// The entitlement.
    pub entitlement_id: String,
    /// Its cycle's name.
    pub cycle: String,
    /// Its item.
    pub item: String,
    /// Its quantity, in `unit`.
    pub quantity: i64,
    /// `g`, `mL` or `XOF`.
    pub unit: String,
    /// Every receipt not voided, earliest first: the first counts, the
    /// others are the conflicting ones.
    pub receipts: Vec<FirstReceipt>,
}

const CONFLICTED: &str = "
SELECT r.entitlement_id, r.household_id, h.record_number, c.name, e.item, e.quantity, e.unit,
       r.id, r.served_at, r.site_id, COALESCE(l.name, ''), r.served_by, COALESCE(u.display_name, ''), r.collector_role,
       r.number
  FROM receipts r
  JOIN households h ON h.id = r.household_id
  JOIN entitlements e ON e.id = r.entitlement_id
  JOIN relief_cycles c ON c.id = e.cycle_id
  LEFT JOIN locations l ON l.id = r.site_id
  LEFT JOIN users u ON u.id = r.served_by
 WHERE r.voided IS NULL AND (?1 = 1 OR h.location_id IN rarray(?2))
   AND r.entitlement_id IN (SELECT entitlement_id FROM receipts WHERE voided IS NULL
                             GROUP BY entitlement_id HAVING COUNT(*) > 1)
 ORDER BY r.entitlement_id, r.served_at, r.id";

/// Receipts two desks gave for one entitlement, for a supervisor to decide.
pub trait ReceiptConflictReads {
    /// The entitlements in scope handed over more than once, for those
    /// who decide (`SuperviseRelief`; others `Forbidden`). The households
    /// named are audited as one list.
    fn conflicting_receipts(&self, who: &Principal) -> Result<Vec<ConflictingReceipt>, StoreError>;
}

impl ReceiptConflictReads for Store {
    fn conflicting_receipts(&self, who: &Principal) -> Result<Vec<ConflictingReceipt>, StoreError> {
        if !who.role.may(Action::SuperviseRelief) || !who.role.reads_people() {
            return Err(StoreError::Forbidden);
        }
        let (all, ids) = who.scope.sql();
        let out = self.read(|c| {
            let mut out: Vec<ConflictingReceipt> = Vec::new();
            let mut st = c.prepare_cached(CONFLICTED)?;
            let mut rows = st.query(params![all, ids])?;
            while let Some(r) = rows.next()? {
                let receipt = FirstReceipt {
                    id: r.get(7)?,
                    at: r.get(8)?,
                    site_id: r.get(9)?,
                    site: r.get(10)?,
                    user_id: r.get(11)?,
                    user: r.get(12)?,
                    collector: r.get(13)?,
                    number: r.get(14)?,
                };
                let entitlement: String = r.get(0)?;
                match out.last_mut() {
                    Some(last) if last.entitlement_id == entitlement => last.receipts.push(receipt),
                    _ => out.push(ConflictingReceipt {
                        entitlement_id: entitlement,
                        household_id: r.get(1)?,
                        record_number: r.get(2)?,
                        cycle: r.get(3)?,
                        item: r.get(4)?,
                        quantity: r.get(5)?,
                        unit: r.get(6)?,
                        receipts: vec![receipt],
                    }),
                }
            }
            Ok(out)
        })?;
        if !out.is_empty() {
            let shown: Vec<String> = out.iter().map(|c| c.household_id.clone()).collect();
            let who = who.clone();
            self.write(move |tx| tx.audit_shown(&who, AuditAction::View, "conflicting_receipts", "", &shown))?;
        }
        Ok(out)
    }
}

/// A supervisor's voiding of a receipt kept twice by sync, in one write.
pub trait ReceiptConflictWrites {
    /// Voids a receipt with its reason (the command:
    /// [`dugu_commands::relief_desk::void_receipt`]).
    fn void_receipt(&self, who: &Principal, receipt_id: &str, reason: &str) -> Result<(), StoreError>;
}

impl ReceiptConflictWrites for Store {
    fn void_receipt(&self, who: &Principal, receipt_id: &str, reason: &str) -> Result<(), StoreError> {
        let (who, id, reason) = (who.clone(), receipt_id.to_string(), reason.to_string());
        self.write(move |tx| Ok(dugu_commands::relief_desk::void_receipt(tx, &who, &id, &reason)?))
    }
}
