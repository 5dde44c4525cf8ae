//! The relief distribution desk (issue 15, requirements 7–12): a
//! household's entitlement handed over once, to its head or one of its
//! alternates, at the site it was assigned to. A second hand-over of the
//! same entitlement is refused with the first one's when, where, who and
//! collector, and the refusal is itself kept in the audit trail; the same
//! receipt sent again (a desk's retry after a dropped 2G link: same client
//! UUID) is answered with the receipt already made and changes nothing.

use crate::contract::Author;
use crate::{CommandError, Op, WriteTx, household_in_scope, new_id};
use dugu_domain::{Action, EntityKind, Invalid, Problem};
use serde_json::json;

/// How many other households one person may collect for in a cycle
/// without a supervisor's override (relief.md requirement 10; the nearest
/// rule found, India's e-PoS nominee rule, allows one).
pub const PROXY_LIMIT: usize = 1;

/// A hand-over as the desk sends it.
#[derive(Debug, Clone, Default)]
pub struct ReceiptInput {
    /// The entitlement handed over.
    pub entitlement_id: String,
    /// `head`, or the person id of the head or of one of the household's
    /// alternates.
    pub collector: String,
    /// The desk's own id for this hand-over (a UUID), so that sending it
    /// again changes nothing.
    pub client_uuid: String,
    /// The site where the desk serves; absent: the entitlement's own.
    pub site_id: Option<String>,
    /// Why the household is served elsewhere than its assigned site, or
    /// why a person collects for one household more than allowed.
    pub override_reason: Option<String>,
}

/// What the desk needs to know of an entitlement and its cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitlementFacts {
    /// The household it is owed to.
    pub household_id: String,
    /// The cycle's programme.
    pub programme_id: String,
    /// The cycle.
    pub cycle_id: String,
    /// `draft`, `approved` or `closed`.
    pub cycle_status: String,
    /// The cycle's first day.
    pub start_date: time::Date,
    /// The cycle's last day.
    pub end_date: time::Date,
    /// The entitlement's status (`approved`).
    pub status: String,
    /// The one site assigned to serve it.
    pub site_id: String,
}

/// The receipt an entitlement was first handed over with.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FirstReceipt {
    /// The receipt's id.
    pub id: String,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// Where: the site's id.
    pub site_id: String,
    /// Where: the site's name.
    pub site: String,
    /// Who served: the account's id.
    pub user_id: String,
    /// Who served: the account's display name.
    pub user: String,
    /// `head` or `alternate`.
    pub collector: String,
    /// Its number (`MOP-SEV-R000042`), if it was numbered.
    pub number: Option<String>,
}

/// What the desk knows of a household's registration in a programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplacementFacts {
    /// The people (at most two adults) who may collect for the household.
    pub alternate_ids: Vec<String>,
    /// Struck out: registered in error, served no more.
    pub struck_out: bool,
    /// A supervisor decided it is the same household as this one (its
    /// record number), registered before: that one is served, not this.
    pub duplicate_of: Option<String>,
}

/// A receipt made: its id, and the number a person reads over the phone
/// (`MOP-SEV-R000042`; `None` for a receipt made before receipts were
/// numbered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    /// The receipt's id.
    pub id: String,
    /// Its number.
    pub number: Option<String>,
}

/// What a hand-over came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Served {
    /// A new receipt.
    New(Issued),
    /// The same client UUID again: the receipt already made, nothing new.
    Replayed(Issued),
    /// The entitlement was handed over before: nothing new, the refusal
    /// audited.
    AlreadyServed(FirstReceipt),
}

/// The facts the desk's commands read.
pub trait ReliefDeskTx: WriteTx {
    /// An entitlement and its cycle (`None`: no such entitlement).
    fn entitlement(&self, id: &str) -> Result<Option<EntitlementFacts>, CommandError>;
    /// The receipt made with this client UUID, if any, and its
    /// entitlement's id.
    fn receipt_by_client_uuid(&self, client_uuid: &str) -> Result<Option<(Issued, String)>, CommandError>;
    /// The next receipt number of the site `site_id` belongs to, taken
    /// with the receipt's own write (a write that fails gives it back).
    fn receipt_number(&mut self, site_id: &str) -> Result<String, CommandError>;
    /// The earliest receipt of the entitlement not voided, if any.
    fn first_receipt(&self, entitlement_id: &str) -> Result<Option<FirstReceipt>, CommandError>;
    /// The person id of the household's head, if it has one.
    fn household_head(&self, household_id: &str) -> Result<Option<String>, CommandError>;
    /// The household's registration in the programme, if any.
    fn displacement(&self, household_id: &str, programme_id: &str) -> Result<Option<DisplacementFacts>, CommandError>;
    /// The households (other than `except`) `person_id` collected for as an
    /// alternate in the cycle, by receipts not voided.
    fn collected_for(&self, person_id: &str, cycle_id: &str, except: &str) -> Result<Vec<String>, CommandError>;
    /// The household's registration whose card the desk prints: `(its
    /// id, the card's serial)` — the latest not struck out.
    fn card_of(&self, household_id: &str) -> Result<Option<(String, i64)>, CommandError>;
    /// A receipt's household and whether it was voided (`None`: no such
    /// receipt).
    fn receipt(&self, id: &str) -> Result<Option<(String, bool)>, CommandError>;
    /// Keeps a refused second hand-over in the audit trail.
    fn note_refused_receipt(&mut self, who: &Self::Author, entitlement_id: &str) -> Result<(), CommandError>;
}

fn reason(raw: Option<&str>) -> Result<Option<String>, Problem> {
    dugu_domain::person::optional_text(raw.unwrap_or(""))
}

/// Hands an entitlement over (see the module's comment).
pub fn serve<T: ReliefDeskTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    input: &ReceiptInput,
    now: time::OffsetDateTime,
) -> Result<Served, CommandError> {
    let mut inv = Invalid::new();
    let uuid = uuid::Uuid::parse_str(input.client_uuid.trim()).map(|u| u.to_string());
    let Some(uuid) = inv.check("client_uuid", uuid.map_err(|_| Problem::Malformed)) else { return Err(inv.into()) };
    let ent = tx.entitlement(input.entitlement_id.trim())?.ok_or(CommandError::NotFound)?;
    household_in_scope(tx, who, &ent.household_id)?;
    if !who.role().may(Action::DistributeRelief) {
        return Err(CommandError::Forbidden);
    }
    let entitlement_id = input.entitlement_id.trim();
    if let Some((receipt, of)) = tx.receipt_by_client_uuid(&uuid)? {
        if of == entitlement_id {
            return Ok(Served::Replayed(receipt));
        }
        inv.add("client_uuid", Problem::Taken);
        return Err(inv.into());
    }
    if let Some(first) = tx.first_receipt(entitlement_id)? {
        tx.note_refused_receipt(who, entitlement_id)?;
        return Ok(Served::AlreadyServed(first));
    }
    let today = now.date();
    let registration = tx.displacement(&ent.household_id, &ent.programme_id)?;
    // Requirement 12: only an approved entitlement of a cycle that is
    // open, on a day inside it; a household struck out is served no more.
    let redeemable = ent.status == "approved"
        && ent.cycle_status == "approved"
        && ent.start_date <= today
        && today <= ent.end_date
        && registration.as_ref().is_some_and(|d| !d.struck_out);
    if !redeemable {
        inv.add("entitlement_id", Problem::NotAllowed);
        return Err(inv.into());
    }
    // One family registered twice is served once: the registration a
    // supervisor found to be the same household as an earlier one is not.
    if registration.as_ref().is_some_and(|d| d.duplicate_of.is_some()) {
        inv.add("household_id", Problem::Taken);
        return Err(inv.into());
    }
    let alternates = registration.map(|d| d.alternate_ids).unwrap_or_default();
    let override_reason = inv.check("override_reason", reason(input.override_reason.as_deref())).flatten();
    let head = tx.household_head(&ent.household_id)?;
    let collector = input.collector.trim();
    let (role, collector_id) = if collector == "head" || head.as_deref() == Some(collector) {
        ("head", head)
    } else if !collector.is_empty() && alternates.iter().any(|a| a == collector) {
        ("alternate", Some(collector.to_string()))
    } else {
        inv.add("collector", if collector.is_empty() { Problem::Required } else { Problem::NotAllowed });
        ("", None)
    };
    if role == "alternate"
        && let Some(alternate) = &collector_id
    {
        let adult = tx.person(alternate)?.and_then(|p| p.birth_date).is_some_and(|b| {
            now.date().year() - b.year() - i32::from((now.date().month(), now.date().day()) < (b.month(), b.day()))
                >= 18
        });
        if !adult {
            inv.add("collector", Problem::NotAllowed);
        } else if tx.collected_for(alternate, &ent.cycle_id, &ent.household_id)?.len() >= PROXY_LIMIT {
            // Requirement 10: a second household needs a supervisor's
            // override, with its reason.
            if override_reason.is_none() {
                inv.add("override_reason", Problem::Required);
            } else if !who.role().may(Action::SuperviseRelief) {
                inv.add("override_reason", Problem::Forbidden);
            }
        }
    }
    let site = input.site_id.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or(&ent.site_id).to_string();
    if site != ent.site_id {
        // Requirement 9: one site per household and cycle, another only
        // with a reason the receipt keeps.
        if !tx.location_exists(&site)? || !who.sees(&site) {
            inv.add("site_id", Problem::Unknown);
        } else if override_reason.is_none() {
            inv.add("override_reason", Problem::Required);
        }
    }
    inv.clone().into_result()?;
    let at = now
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(now)
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| CommandError::Backend(Box::new(e)))?;
    let id = new_id();
    let number = tx.receipt_number(&site)?;
    let fields = vec![
        ("entitlement_id", json!(entitlement_id)),
        ("household_id", json!(ent.household_id)),
        ("client_uuid", json!(uuid)),
        ("collector_role", json!(role)),
        ("collector_id", json!(collector_id)),
        ("site_id", json!(site)),
        ("served_by", json!(who.user_id())),
        ("served_at", json!(at)),
        ("override_reason", json!(override_reason)),
        ("number", json!(number)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::Receipt, &id, fields)])?;
    Ok(Served::New(Issued { id, number: Some(number) }))
}

/// Replaces a household's card (lost, stolen, worn out): the next serial,
/// and the day, so that the old card is refused with « carte remplacée le
/// DATE » (requirement 11). The new serial.
pub fn replace_card<T: ReliefDeskTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    household_id: &str,
    today: time::Date,
) -> Result<i64, CommandError> {
    household_in_scope(tx, who, household_id)?;
    if !who.role().may(Action::DistributeRelief) {
        return Err(CommandError::Forbidden);
    }
    let (registration, serial) = tx.card_of(household_id)?.ok_or(CommandError::NotFound)?;
    let next = serial + 1;
    tx.apply(
        Some(who),
        vec![
            Op::set(EntityKind::Displacement, &registration, "card_serial", json!(next)),
            Op::set(EntityKind::Displacement, &registration, "card_replaced_on", json!(today.to_string())),
        ],
    )?;
    Ok(next)
}

/// Voids a receipt with its reason: a supervisor's decision on a
/// conflicting receipt (two offline desks served one entitlement,
/// requirement 9), never a desk's. The receipt stays, marked; what counts
/// as distributed leaves it out from then on.
pub fn void_receipt<T: ReliefDeskTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    receipt_id: &str,
    reason: &str,
) -> Result<(), CommandError> {
    let (household, voided) = tx.receipt(receipt_id)?.ok_or(CommandError::NotFound)?;
    household_in_scope(tx, who, &household)?;
    if !who.role().may(Action::SuperviseRelief) {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    let reason = inv.check("void_reason", dugu_domain::person::optional_text(reason)).flatten();
    if reason.is_none() && inv.is_empty() {
        inv.add("void_reason", Problem::Required);
    }
    if voided {
        inv.add("void_reason", Problem::StruckOut);
    }
    inv.into_result()?;
    tx.apply(Some(who), vec![Op::set(EntityKind::Receipt, receipt_id, "voided", json!(reason))])
}
