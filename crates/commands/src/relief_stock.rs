//! A relief site's stock (issue 15, requirement 14; CARE's rule): per
//! site, cycle and item, waybills in, losses and returns are recorded;
//! what was handed over is the sum of the receipts, never typed in. A
//! supervisor validates the reconciliation — opening + received −
//! distributed − losses − returned against the count
//! (`dugu_relief::stock`), a difference only with a written explanation —
//! and until every item with stock or receipts at a site is reconciled,
//! no next cycle opens there ([`next_cycle_may_open`]).

use crate::contract::Author;
use crate::{CommandError, Op, WriteTx, new_id};
use dugu_domain::{Action, EntityKind, Invalid, Problem};
use dugu_relief::stock::Movements;
use serde_json::json;

/// The kinds of movement typed in.
pub const MOVEMENTS: [&str; 3] = ["waybill", "loss", "return"];

/// A movement as typed.
#[derive(Debug, Clone, Default)]
pub struct MovementInput {
    /// The site whose store it is.
    pub site_id: String,
    /// The cycle it belongs to.
    pub cycle_id: String,
    /// The item (`cereal`, `oil`…), as the cycle's ration table names it.
    pub item: String,
    /// `waybill`, `loss` or `return`.
    pub movement: String,
    /// A whole number of the unit, above 0.
    pub quantity: Option<i64>,
    /// The cycle's unit code (`g`, `ml`, `xof`, `piece`: dugu-relief's `Unit`).
    pub unit: String,
    /// The waybill's number (required for a waybill).
    pub reference: String,
    /// What happened (required for a loss).
    pub note: String,
}

/// A site's books for one item in one cycle, as recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Books {
    /// The count validated at the close of the site's previous cycle for
    /// the item (0 when none).
    pub opening: i64,
    /// Waybills in.
    pub received: i64,
    /// Receipts not voided, at this site.
    pub distributed: i64,
    /// Losses.
    pub losses: i64,
    /// Returns.
    pub returned: i64,
}

/// The facts the stock commands read.
pub trait StockTx: WriteTx {
    /// A cycle's programme and status (`None`: no such cycle).
    fn cycle_of(&self, cycle_id: &str) -> Result<Option<(String, String)>, CommandError>;
    /// The books of `item` at `site` in `cycle`, as recorded now.
    fn books(&self, site_id: &str, cycle_id: &str, item: &str) -> Result<Books, CommandError>;
    /// Whether the item's reconciliation at the site for the cycle is
    /// validated already.
    fn reconciled(&self, site_id: &str, cycle_id: &str, item: &str) -> Result<bool, CommandError>;
    /// The `(cycle, item)` pairs of the programme at the site with stock
    /// movements or receipts and no validated reconciliation.
    fn unreconciled(&self, site_id: &str, programme_id: &str) -> Result<Vec<(String, String)>, CommandError>;
}

fn text(raw: &str) -> Result<Option<String>, Problem> {
    dugu_domain::person::optional_text(raw)
}

fn site_and_cycle<T: StockTx + ?Sized>(
    tx: &T,
    who: &T::Author,
    site_id: &str,
    cycle_id: &str,
    inv: &mut Invalid,
) -> Result<(), CommandError> {
    if !tx.location_exists(site_id)? || !who.sees(site_id) {
        inv.add("site_id", Problem::Unknown);
    }
    if tx.cycle_of(cycle_id)?.is_none() {
        inv.add("cycle_id", Problem::Unknown);
    }
    Ok(())
}

/// Records a waybill, a loss or a return; its id.
pub fn record_movement<T: StockTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    input: &MovementInput,
    today: time::Date,
) -> Result<String, CommandError> {
    if !who.role().may(Action::DistributeRelief) {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    site_and_cycle(tx, who, input.site_id.trim(), input.cycle_id.trim(), &mut inv)?;
    let item = inv.check("item", text(&input.item)).flatten();
    if item.is_none() && inv.of("item").is_none() {
        inv.add("item", Problem::Required);
    }
    let movement = input.movement.trim();
    if !MOVEMENTS.contains(&movement) {
        inv.add("movement", if movement.is_empty() { Problem::Required } else { Problem::NotAllowed });
    }
    match input.quantity {
        None => inv.add("quantity", Problem::Required),
        Some(q) if q <= 0 => inv.add("quantity", Problem::OutOfRange),
        Some(_) => {}
    }
    if dugu_relief::quantity::Unit::parse(input.unit.trim()).is_none() {
        inv.add("unit", Problem::NotAllowed);
    }
    let reference = inv.check("reference", text(&input.reference)).flatten();
    if movement == "waybill" && reference.is_none() && inv.of("reference").is_none() {
        inv.add("reference", Problem::Required);
    }
    let note = inv.check("note", text(&input.note)).flatten();
    if movement == "loss" && note.is_none() && inv.of("note").is_none() {
        inv.add("note", Problem::Required);
    }
    inv.clone().into_result()?;
    let id = new_id();
    let fields = vec![
        ("site_id", json!(input.site_id.trim())),
        ("cycle_id", json!(input.cycle_id.trim())),
        ("item", json!(item)),
        ("movement", json!(movement)),
        ("quantity", json!(input.quantity)),
        ("unit", json!(input.unit.trim())),
        ("reference", json!(reference)),
        ("note", json!(note)),
        ("recorded_on", json!(today.to_string())),
        ("recorded_by", json!(who.user_id())),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::StockMovement, &id, fields)])?;
    Ok(id)
}

/// Validates the reconciliation of `item` at `site` for `cycle` against
/// the count: the books as they stand, and the explanation a difference
/// needs (`explanation` is refused as required when the count differs and
/// none is written). Supervisors only; once per site, cycle and item.
#[allow(clippy::too_many_arguments)]
pub fn reconcile<T: StockTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    site_id: &str,
    cycle_id: &str,
    item: &str,
    unit: &str,
    counted: Option<i64>,
    explanation: &str,
    today: time::Date,
) -> Result<String, CommandError> {
    if !who.role().may(Action::SuperviseRelief) {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    site_and_cycle(tx, who, site_id, cycle_id, &mut inv)?;
    if item.trim().is_empty() {
        inv.add("item", Problem::Required);
    }
    if dugu_relief::quantity::Unit::parse(unit.trim()).is_none() {
        inv.add("unit", Problem::NotAllowed);
    }
    let counted = match counted {
        None => {
            inv.add("counted", Problem::Required);
            0
        }
        Some(c) if c < 0 => {
            inv.add("counted", Problem::OutOfRange);
            0
        }
        Some(c) => c,
    };
    let explanation = inv.check("explanation", text(explanation)).flatten();
    inv.clone().into_result()?;
    if tx.reconciled(site_id, cycle_id, item.trim())? {
        inv.add("item", Problem::Taken);
        return Err(inv.into());
    }
    let books = tx.books(site_id, cycle_id, item.trim())?;
    let whole = |n: i64| u64::try_from(n).unwrap_or(0);
    let movements = Movements {
        opening: whole(books.opening),
        received: whole(books.received),
        distributed: whole(books.distributed),
        losses: whole(books.losses),
        returned: whole(books.returned),
        counted: whole(counted),
    };
    if movements.validate(explanation.as_deref()).is_err() {
        inv.add("explanation", Problem::Required);
        return Err(inv.into());
    }
    let id = new_id();
    let fields = vec![
        ("site_id", json!(site_id)),
        ("cycle_id", json!(cycle_id)),
        ("item", json!(item.trim())),
        ("unit", json!(unit.trim())),
        ("opening", json!(books.opening)),
        ("received", json!(books.received)),
        ("distributed", json!(books.distributed)),
        ("losses", json!(books.losses)),
        ("returned", json!(books.returned)),
        ("counted", json!(counted)),
        ("explanation", json!(explanation)),
        ("validated_by", json!(who.user_id())),
        ("validated_on", json!(today.to_string())),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::StockReconciliation, &id, fields)])?;
    Ok(id)
}

/// The gate the cycles' commands ask before a new cycle of `programme_id`
/// opens at `site_id`: refused (naming `site_ids`) while an item of an
/// earlier cycle there is not reconciled (CARE: "no new distribution
/// should be undertaken until the verification and reports have been
/// made").
pub fn next_cycle_may_open<T: StockTx + ?Sized>(tx: &T, site_id: &str, programme_id: &str) -> Result<(), CommandError> {
    if tx.unreconciled(site_id, programme_id)?.is_empty() {
        Ok(())
    } else {
        let mut inv = Invalid::new();
        inv.add("site_ids", Problem::NotAllowed);
        Err(inv.into())
    }
}
