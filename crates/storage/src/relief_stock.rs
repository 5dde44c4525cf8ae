//! A relief site's stock (issue 15, requirement 14): the facts the stock
//! commands read (`dugu_commands::relief_stock`), the writes, and the
//! books per item a page and the cycles' gate read. Stock is a place's:
//! scope is the site's, no person is named.

use crate::contract::fact;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::relief_stock::{Books, StockTx};
use dugu_domain::Action;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

pub use dugu_commands::relief_stock::MovementInput;

/// Waybills, losses and returns of an item at a site in a cycle, and what
/// its receipts there handed over (entitlements' quantities, receipts not
/// voided: a conflicting receipt counts until a supervisor voids it).
const BOOKS: &str = "
SELECT
  COALESCE((SELECT r.counted FROM stock_reconciliations r JOIN relief_cycles rc ON rc.id = r.cycle_id
             WHERE r.site_id = ?1 AND r.item = ?3 AND rc.programme_id = c.programme_id
               AND rc.start_date < c.start_date
             ORDER BY rc.start_date DESC LIMIT 1), 0),
  COALESCE((SELECT SUM(quantity) FROM stock_movements WHERE site_id = ?1 AND cycle_id = ?2 AND item = ?3
                AND movement = 'waybill'), 0),
  COALESCE((SELECT SUM(e.quantity) FROM receipts x JOIN entitlements e ON e.id = x.entitlement_id
             WHERE x.site_id = ?1 AND e.cycle_id = ?2 AND e.item = ?3 AND x.voided IS NULL), 0),
  COALESCE((SELECT SUM(quantity) FROM stock_movements WHERE site_id = ?1 AND cycle_id = ?2 AND item = ?3
                AND movement = 'loss'), 0),
  COALESCE((SELECT SUM(quantity) FROM stock_movements WHERE site_id = ?1 AND cycle_id = ?2 AND item = ?3
                AND movement = 'return'), 0)
  FROM relief_cycles c WHERE c.id = ?2";

fn books(c: &Connection, site_id: &str, cycle_id: &str, item: &str) -> Result<Books, StoreError> {
    Ok(c.prepare_cached(BOOKS)?
        .query_row(params![site_id, cycle_id, item], |r| {
            Ok(Books {
                opening: r.get(0)?,
                received: r.get(1)?,
                distributed: r.get(2)?,
                losses: r.get(3)?,
                returned: r.get(4)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// The items with stock or receipts at a site, per cycle of a programme,
/// that no validated reconciliation covers.
const UNRECONCILED: &str = "
WITH used(cycle_id, item) AS (
    SELECT m.cycle_id, m.item FROM stock_movements m WHERE m.site_id = ?1
    UNION SELECT e.cycle_id, e.item FROM receipts x JOIN entitlements e ON e.id = x.entitlement_id
           WHERE x.site_id = ?1 AND x.voided IS NULL AND e.modality = 'in_kind'
)
SELECT u.cycle_id, u.item FROM used u JOIN relief_cycles c ON c.id = u.cycle_id
 WHERE c.programme_id = ?2
   AND NOT EXISTS (SELECT 1 FROM stock_reconciliations r
                    WHERE r.site_id = ?1 AND r.cycle_id = u.cycle_id AND r.item = u.item)
 ORDER BY c.start_date, u.item";

fn unreconciled(c: &Connection, site_id: &str, programme_id: &str) -> Result<Vec<(String, String)>, StoreError> {
    Ok(c.prepare_cached(UNRECONCILED)?
        .query_map(params![site_id, programme_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?)
}

impl StockTx for Tx<'_> {
    fn cycle_of(&self, cycle_id: &str) -> Result<Option<(String, String)>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT programme_id, status FROM relief_cycles WHERE id = ?1")?
                .query_row([cycle_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?)
        })
    }

    fn books(&self, site_id: &str, cycle_id: &str, item: &str) -> Result<Books, CommandError> {
        fact(|| books(self.conn, site_id, cycle_id, item))
    }

    fn reconciled(&self, site_id: &str, cycle_id: &str, item: &str) -> Result<bool, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT EXISTS(SELECT 1 FROM stock_reconciliations WHERE site_id = ?1 AND cycle_id = ?2
                                   AND item = ?3)",
                )?
                .query_row(params![site_id, cycle_id, item], |r| r.get(0))?)
        })
    }

    fn unreconciled(&self, site_id: &str, programme_id: &str) -> Result<Vec<(String, String)>, CommandError> {
        fact(|| unreconciled(self.conn, site_id, programme_id))
    }
}

/// One item's line of a site's stock for a cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StockLine {
    /// The item.
    pub item: String,
    /// The books as recorded now.
    #[serde(flatten)]
    pub books: Books,
    /// opening + received − distributed − losses − returned.
    pub expected_closing: i64,
    /// The validated reconciliation's count, if there is one.
    pub counted: Option<i64>,
    /// Its explanation, if the count differed.
    pub explanation: Option<String>,
}

/// A relief site's stock books and the reconciliations still open.
pub trait StockReads {
    /// A site's stock for a cycle, item by item (every item with a
    /// movement, a receipt or a reconciliation there), for relief staff
    /// whose scope holds the site; out of scope is `NotFound`.
    fn stock_of(&self, who: &Principal, site_id: &str, cycle_id: &str) -> Result<Vec<StockLine>, StoreError>;

    /// The `(cycle, item)` pairs of a programme at a site still to be
    /// reconciled: while there is one, no next cycle opens there (the
    /// command-level gate: [`dugu_commands::relief_stock::next_cycle_may_open`]).
    fn reconciliation_open(&self, site_id: &str, programme_id: &str) -> Result<Vec<(String, String)>, StoreError>;
}

impl StockReads for Store {
    fn stock_of(&self, who: &Principal, site_id: &str, cycle_id: &str) -> Result<Vec<StockLine>, StoreError> {
        if !who.role.may(Action::DistributeRelief) {
            return Err(StoreError::Forbidden);
        }
        if !who.scope.contains(site_id) {
            return Err(StoreError::NotFound);
        }
        self.read(|c| {
            let items: Vec<String> = c
                .prepare_cached(
                    "SELECT item FROM stock_movements WHERE site_id = ?1 AND cycle_id = ?2
                     UNION SELECT e.item FROM receipts x JOIN entitlements e ON e.id = x.entitlement_id
                            WHERE x.site_id = ?1 AND e.cycle_id = ?2
                     UNION SELECT item FROM stock_reconciliations WHERE site_id = ?1 AND cycle_id = ?2
                     ORDER BY 1",
                )?
                .query_map(params![site_id, cycle_id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let kept: Option<(i64, Option<String>, Books)> = c
                    .prepare_cached(
                        "SELECT counted, explanation, opening, received, distributed, losses, returned
                           FROM stock_reconciliations WHERE site_id = ?1 AND cycle_id = ?2 AND item = ?3",
                    )?
                    .query_row(params![site_id, cycle_id, item], |r| {
                        let books = Books {
                            opening: r.get(2)?,
                            received: r.get(3)?,
                            distributed: r.get(4)?,
                            losses: r.get(5)?,
                            returned: r.get(6)?,
                        };
                        Ok((r.get(0)?, r.get(1)?, books))
                    })
                    .optional()?;
                // A validated reconciliation shows the books it validated.
                let (counted, explanation, books) = match kept {
                    Some((n, e, b)) => (Some(n), e, b),
                    None => (None, None, books(c, site_id, cycle_id, &item)?),
                };
                let expected_closing =
                    books.opening + books.received - books.distributed - books.losses - books.returned;
                out.push(StockLine { item, books, expected_closing, counted, explanation });
            }
            Ok(out)
        })
    }

    fn reconciliation_open(&self, site_id: &str, programme_id: &str) -> Result<Vec<(String, String)>, StoreError> {
        self.read(|c| unreconciled(c, site_id, programme_id))
    }
}

/// A site's stock books: `dugu_commands::relief_stock`, each in one write.
pub trait StockWrites {
    /// Validates an item's reconciliation at a site for a cycle (the
    /// command: [`dugu_commands::relief_stock::reconcile`]); its id.
    #[allow(clippy::too_many_arguments)]
    fn reconcile_stock(
        &self,
        who: &Principal,
        site_id: &str,
        cycle_id: &str,
        item: &str,
        unit: &str,
        counted: Option<i64>,
        explanation: &str,
        today: time::Date,
    ) -> Result<String, StoreError>;
    /// Records a waybill, a loss or a return (the command:
    /// [`dugu_commands::relief_stock::record_movement`]); its id.
    fn record_stock_movement(
        &self,
        who: &Principal,
        input: MovementInput,
        today: time::Date,
    ) -> Result<String, StoreError>;
}

impl StockWrites for Store {
    fn reconcile_stock(
        &self,
        who: &Principal,
        site_id: &str,
        cycle_id: &str,
        item: &str,
        unit: &str,
        counted: Option<i64>,
        explanation: &str,
        today: time::Date,
    ) -> Result<String, StoreError> {
        let (who, site, cycle, item, unit, explanation) = (
            who.clone(),
            site_id.to_string(),
            cycle_id.to_string(),
            item.to_string(),
            unit.to_string(),
            explanation.to_string(),
        );
        self.write(move |tx| {
            Ok(dugu_commands::relief_stock::reconcile(
                tx,
                &who,
                &site,
                &cycle,
                &item,
                &unit,
                counted,
                &explanation,
                today,
            )?)
        })
    }
    fn record_stock_movement(
        &self,
        who: &Principal,
        input: MovementInput,
        today: time::Date,
    ) -> Result<String, StoreError> {
        let who = who.clone();
        self.write(move |tx| Ok(dugu_commands::relief_stock::record_movement(tx, &who, &input, today)?))
    }
}
