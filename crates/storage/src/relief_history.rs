//! A household's relief history (issue 15's walk-through): every
//! entitlement of every cycle, each with the receipt that served it if
//! one did — what the household's relief page shows. Relief data: read by
//! roles with the Relief field group, for a household in scope (else
//! `NotFound`), audited as one view naming the entitlements shown.

use crate::relief_cycles::household_entitlements;
use crate::relief_desk::first_receipt;
use crate::{AuditAction, Principal, Store, StoreError};
use dugu_commands::relief_cycles::EntitlementView;
use dugu_commands::relief_desk::FirstReceipt;
use dugu_domain::FieldGroup;
use rusqlite::OptionalExtension;

/// How an entitlement was handed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryReceipt {
    /// When, where, by whom, and the collector's role (the first receipt
    /// not voided: two desks' receipts serve it once).
    pub first: FirstReceipt,
    /// The collector's name, when they are a person in the reader's
    /// scope (a collector who moved out of it is named by role only).
    pub collector_name: Option<String>,
}

/// One entitlement of the household and its receipt, if any.
#[derive(Debug, Clone)]
pub struct HistoryLine {
    /// The entitlement (cycle, item, quantity, unit, inputs, status).
    pub entitlement: EntitlementView,
    /// `None`: not handed over yet.
    pub receipt: Option<HistoryReceipt>,
}

/// A household's relief history: entitlements and the receipts that served them.
pub trait ReliefHistoryReads {
    /// Every entitlement of a household, oldest cycle first, each with
    /// its receipt; the household out of scope (or unknown) is
    /// `NotFound`, a role that does not read relief `Forbidden`.
    fn relief_history(&self, who: &Principal, household_id: &str) -> Result<Vec<HistoryLine>, StoreError>;
}

impl ReliefHistoryReads for Store {
    fn relief_history(&self, who: &Principal, household_id: &str) -> Result<Vec<HistoryLine>, StoreError> {
        let lines = self.read(|c| {
            who.may_see_household(c, household_id)?;
            if !who.role.reads(FieldGroup::Relief) {
                return Err(StoreError::Forbidden);
            }
            let mut collector = c.prepare_cached(
                "SELECT p.given_name, p.family_name, p.location_id
                   FROM receipts r JOIN people p ON p.id = r.collector_id WHERE r.id = ?1",
            )?;
            let mut lines = Vec::new();
            for entitlement in household_entitlements(c, household_id, None)? {
                let receipt = match first_receipt(c, &entitlement.id)? {
                    Some(first) => {
                        let named: Option<(String, String, String)> =
                            collector.query_row([&first.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
                        let collector_name = named
                            .filter(|(_, _, location)| who.scope.contains(location))
                            .map(|(given, family, _)| format!("{given} {family}"));
                        Some(HistoryReceipt { first, collector_name })
                    }
                    None => None,
                };
                lines.push(HistoryLine { entitlement, receipt });
            }
            Ok(lines)
        })?;
        let (who, household) = (who.clone(), household_id.to_string());
        let shown: Vec<String> = lines.iter().map(|l| l.entitlement.id.clone()).collect();
        self.write(move |tx| tx.audit_shown(&who, AuditAction::View, "entitlements", &household, &shown))?;
        Ok(lines)
    }
}
