//! Relief cycles and what each registered household is owed in them
//! (issue 15, requirements 1–6, 12 and 13): a supervisor sets up a cycle
//! (period, sites, ration table, duration rule, carry-over), approves and
//! closes it, and generates its entitlements as often as needed. The
//! arithmetic is dugu-relief's (`ration`, `displacement`, `cycle`); this
//! module reads a cycle's table and rule, the households registered at its
//! sites, and turns what is missing into ops.

use crate::contract::Author;
use crate::{CommandError, Op, WriteTx, new_id};
use dugu_domain::{Action, EntityKind, Invalid, Problem};
use dugu_relief::cycle::generate;
use dugu_relief::displacement::{DurationRule, Status, Step};
use dugu_relief::ration::HouseholdFacts;
use dugu_relief::{Basis, Exception, Modality, RationItem, Rounding, RoundingDirection, Unit};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use time::Date;

/// The longest item name a ration table keeps.
pub const ITEM_MAX: usize = 60;
/// The most items one cycle's ration table holds.
pub const ITEMS_MAX: usize = 20;
/// The largest cap (people counted per household).
pub const CAP_MAX: u32 = 100;
/// The largest amount of one item, per person or per household, in its
/// unit (10 t of grain, 10 million francs): beyond is a typing error.
pub const AMOUNT_MAX: u64 = 10_000_000;
/// The last month a duration rule may name (ten years).
pub const MONTH_MAX: u32 = 120;

/// A cycle's status: planned, approved (its entitlements may be handed
/// over within its dates), closed (what was not collected has expired).
pub const STATUSES: [&str; 3] = ["draft", "approved", "closed"];

/// One line of a ration table, as the API and the stored cycle write it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemInput {
    /// The item's name ("céréales", "huile", "transfert").
    pub item: String,
    /// The amount per person for the cycle, in `unit`.
    pub per_person: Option<u64>,
    /// Instead: the same amount for every household (a cash tranche).
    pub per_household: Option<u64>,
    /// `g`, `ml`, `xof` or `piece`.
    pub unit: String,
    /// The most people counted per household; 0 counts everyone.
    pub cap: u32,
    /// `up`, `down` or `nearest` to `step`; empty leaves it exact.
    pub rounding: String,
    /// The issue unit rounded to, in `unit` (500 for 0.5 L bottles).
    pub step: Option<u64>,
    /// `in_kind` or `cash`.
    pub modality: String,
}

/// A duration rule as the API and the stored cycle write it: the share
/// due by month of displacement, for displaced households and for hosts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleInput {
    /// Steps for displaced and returning households.
    pub displaced: Vec<StepInput>,
    /// Steps for host households.
    pub host: Vec<StepInput>,
}

/// Up to and including `through_month`, `percent` of the ration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepInput {
    /// The last month of displacement (1 = the month of arrival).
    pub through_month: u32,
    /// 0–100.
    pub percent: u8,
}

impl RuleInput {
    /// WFP Mali's 2022 rule: the full ration for six months, half in
    /// months 7–9; hosts half for three months (relief.md 1.2).
    pub fn wfp_mali_2022() -> RuleInput {
        let of = |steps: Vec<Step>| {
            steps.into_iter().map(|s| StepInput { through_month: s.through_month, percent: s.percent }).collect()
        };
        let rule = DurationRule::wfp_mali_2022();
        RuleInput { displaced: of(rule.displaced), host: of(rule.host) }
    }

    fn rule(&self) -> DurationRule {
        let of = |steps: &[StepInput]| {
            steps.iter().map(|s| Step { through_month: s.through_month, percent: s.percent }).collect()
        };
        DurationRule { displaced: of(&self.displaced), host: of(&self.host) }
    }
}

/// A new cycle.
#[derive(Debug, Clone, Default)]
pub struct CycleInput {
    /// The programme.
    pub programme_id: String,
    /// Its name as staff say it ("Cycle 3 — août 2026").
    pub name: String,
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, `YYYY-MM-DD`.
    pub end: String,
    /// The ration table.
    pub items: Vec<ItemInput>,
    /// The share by time displaced, if the programme uses one.
    pub duration_rule: Option<RuleInput>,
    /// Whether what a household did not collect in the cycle before is
    /// carried into this one ("rattrapage").
    pub carry_over: bool,
    /// The sites it serves; empty: the programme's sites.
    pub site_ids: Vec<String>,
}

/// A cycle as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cycle {
    /// Id.
    pub id: String,
    /// The programme.
    pub programme_id: String,
    /// Name.
    pub name: String,
    /// First day.
    pub start_date: String,
    /// Last day.
    pub end_date: String,
    /// `draft`, `approved` or `closed`.
    pub status: String,
    /// The ration table.
    pub items: Vec<ItemInput>,
    /// The duration rule, if any.
    pub duration_rule: Option<RuleInput>,
    /// Carry-over on or off.
    pub carry_over: bool,
    /// The sites served.
    pub site_ids: Vec<String>,
}

/// What a cycle's commands read of its programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeSites {
    /// Where the programme runs (what scope is checked against).
    pub location_id: String,
    /// Its sites (locations of kind site below it); empty if none.
    pub sites: Vec<String>,
}

/// A household registered in a programme, as generation needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    /// The household.
    pub household_id: String,
    /// Where it is registered: the site that serves it.
    pub site_id: String,
    /// Its current members.
    pub size: u32,
    /// `idp`, `returnee` or `host`.
    pub status: String,
    /// `YYYY-MM-DD`, as registered.
    pub arrival_date: String,
}

/// An entitlement of an earlier cycle nobody collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missed {
    /// The entitlement.
    pub id: String,
    /// Its household.
    pub household_id: String,
    /// Item.
    pub item: String,
    /// Quantity, in `unit`.
    pub quantity: i64,
    /// Unit code.
    pub unit: String,
    /// Modality code.
    pub modality: String,
}

/// An entitlement a cycle already holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// Its household.
    pub household_id: String,
    /// Its item.
    pub item: String,
    /// The entitlement it carries over, if it is a "rattrapage".
    pub carried_from: Option<String>,
}

/// The facts the cycle commands read.
pub trait ReliefCyclesTx: WriteTx {
    /// A programme's location and sites, if it exists.
    fn programme_sites(&self, programme_id: &str) -> Result<Option<ProgrammeSites>, CommandError>;
    /// A cycle, if it exists.
    fn cycle(&self, cycle_id: &str) -> Result<Option<Cycle>, CommandError>;
    /// The cycle of the same programme that started last before `start`.
    fn previous_cycle(&self, programme_id: &str, start: &str) -> Result<Option<Cycle>, CommandError>;
    /// Households registered in the programme (not struck out) at these sites.
    fn registered(&self, programme_id: &str, site_ids: &[String]) -> Result<Vec<Registered>, CommandError>;
    /// The entitlements the cycle holds.
    fn held(&self, cycle_id: &str) -> Result<Vec<Held>, CommandError>;
    /// The cycle's entitlements with no receipt (a voided one does not count).
    fn missed(&self, cycle_id: &str) -> Result<Vec<Missed>, CommandError>;
}

/// Why a household got nothing in a run of generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GenerationException {
    /// No members: "household size missing" (requirement 3).
    HouseholdSizeMissing,
    /// The duration rule needs an arrival date the registration lacks.
    ArrivalDateMissing,
    /// A status the rules do not know.
    StatusUnknown,
}

impl GenerationException {
    /// The code the API and the page's message use.
    pub fn code(self) -> &'static str {
        match self {
            GenerationException::HouseholdSizeMissing => "household_size_missing",
            GenerationException::ArrivalDateMissing => "arrival_date_missing",
            GenerationException::StatusUnknown => "status_unknown",
        }
    }
}

/// What one run of generation did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// Entitlements created by this run.
    pub generated: usize,
    /// Of those, carried over from the cycle before.
    pub carried: usize,
    /// Households that got nothing, and why.
    pub exceptions: Vec<(String, GenerationException)>,
}

fn may_supervise<A: Author + ?Sized>(who: &A) -> Result<(), CommandError> {
    if who.role().may(Action::SuperviseRelief) { Ok(()) } else { Err(CommandError::Forbidden) }
}

/// A ration table line checked into the rule's type; each problem is
/// added to `inv` under `items[i].field`.
fn check_item(inv: &mut Invalid, i: usize, item: &ItemInput) -> Option<RationItem> {
    let field = |name: &str| format!("items[{i}].{name}");
    let name = item.item.trim();
    if name.is_empty() {
        inv.add(&field("item"), Problem::Required);
    } else if name.chars().count() > ITEM_MAX {
        inv.add(&field("item"), Problem::TooLong);
    } else if name.chars().any(char::is_control) {
        inv.add(&field("item"), Problem::ControlCharacters);
    }
    let unit = Unit::parse(item.unit.trim());
    if unit.is_none() {
        inv.add(&field("unit"), if item.unit.trim().is_empty() { Problem::Required } else { Problem::NotAllowed });
    }
    let modality = match item.modality.trim() {
        "" => Some(Modality::InKind),
        code => Modality::parse(code),
    };
    if modality.is_none() {
        inv.add(&field("modality"), Problem::NotAllowed);
    }
    // Cash is counted in francs, and francs are cash: anything else is a
    // table typed wrong.
    if let (Some(u), Some(m)) = (unit, modality)
        && ((u == Unit::Xof) != (m == Modality::Cash))
    {
        inv.add(&field("modality"), Problem::NotAllowed);
    }
    let amount = |inv: &mut Invalid, name: &str, v: u64| {
        if v == 0 || v > AMOUNT_MAX {
            inv.add(&field(name), Problem::OutOfRange);
        }
    };
    let basis = match (item.per_person, item.per_household) {
        (Some(p), None) => {
            amount(inv, "per_person", p);
            Some(Basis::PerPerson { per_person: p, cap: item.cap })
        }
        (None, Some(h)) => {
            amount(inv, "per_household", h);
            if item.cap != 0 {
                inv.add(&field("cap"), Problem::NotAllowed);
            }
            Some(Basis::PerHousehold { amount: h })
        }
        (None, None) => {
            inv.add(&field("per_person"), Problem::Required);
            None
        }
        (Some(_), Some(_)) => {
            inv.add(&field("per_household"), Problem::NotAllowed);
            None
        }
    };
    if item.cap > CAP_MAX {
        inv.add(&field("cap"), Problem::OutOfRange);
    }
    let direction = match item.rounding.trim() {
        "" | "none" => None,
        "up" => Some(RoundingDirection::Up),
        "down" => Some(RoundingDirection::Down),
        "nearest" => Some(RoundingDirection::Nearest),
        _ => {
            inv.add(&field("rounding"), Problem::NotAllowed);
            None
        }
    };
    if item.step.is_some_and(|s| s == 0 || s > AMOUNT_MAX) {
        inv.add(&field("step"), Problem::OutOfRange);
    }
    if direction.is_some() && item.step.is_none() {
        inv.add(&field("step"), Problem::Required);
    }
    Some(RationItem {
        item: name.to_string(),
        unit: unit?,
        basis: basis?,
        rounding: direction.map(|direction| Rounding { step: item.step.unwrap_or(1), direction }),
        modality: modality?,
    })
}

fn check_rule(inv: &mut Invalid, rule: &RuleInput) {
    for (name, steps) in [("displaced", &rule.displaced), ("host", &rule.host)] {
        let mut last = 0;
        for (i, step) in steps.iter().enumerate() {
            if step.through_month <= last || step.through_month > MONTH_MAX {
                inv.add(&format!("duration_rule.{name}[{i}].through_month"), Problem::OutOfRange);
            }
            if step.percent > 100 {
                inv.add(&format!("duration_rule.{name}[{i}].percent"), Problem::OutOfRange);
            }
            last = step.through_month;
        }
    }
}

/// The stored form of a checked item: the table exactly as the API's
/// `items`, its name trimmed and its codes filled in.
fn stored_item(item: &ItemInput) -> ItemInput {
    ItemInput {
        item: item.item.trim().to_string(),
        unit: item.unit.trim().to_string(),
        modality: if item.modality.trim().is_empty() { "in_kind".into() } else { item.modality.trim().to_string() },
        rounding: match item.rounding.trim() {
            "none" => String::new(),
            r => r.to_string(),
        },
        ..item.clone()
    }
}

/// Creates a draft cycle (a relief supervisor or a director, for a
/// programme in scope). Every problem of the input is named at once.
pub fn create_cycle<T: ReliefCyclesTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    input: &CycleInput,
) -> Result<Cycle, CommandError> {
    may_supervise(who)?;
    let mut inv = Invalid::new();
    let programme = tx.programme_sites(&input.programme_id)?.filter(|p| who.sees(&p.location_id));
    if programme.is_none() {
        inv.add("programme_id", Problem::Unknown);
    }
    let name =
        inv.check("name", dugu_domain::person::optional_text(&input.name).and_then(|n| n.ok_or(Problem::Required)));
    if name.as_ref().is_some_and(|n| n.chars().count() > 120) {
        inv.add("name", Problem::TooLong);
    }
    let start = inv.check("start", dugu_domain::birth::parse_iso_date(&input.start));
    let end = inv.check("end", dugu_domain::birth::parse_iso_date(&input.end));
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        inv.add("end", Problem::BeforeStart);
    }
    if input.items.is_empty() {
        inv.add("items", Problem::Required);
    } else if input.items.len() > ITEMS_MAX {
        inv.add("items", Problem::OutOfRange);
    }
    let mut seen = HashSet::new();
    for (i, item) in input.items.iter().enumerate() {
        if check_item(&mut inv, i, item).is_some() && !seen.insert(item.item.trim().to_lowercase()) {
            inv.add(&format!("items[{i}].item"), Problem::Taken);
        }
    }
    if let Some(rule) = &input.duration_rule {
        check_rule(&mut inv, rule);
    }
    let mut site_ids = Vec::new();
    if let Some(p) = &programme {
        // A programme without sites of its own serves at its location.
        let allowed: Vec<String> = if p.sites.is_empty() { vec![p.location_id.clone()] } else { p.sites.clone() };
        if input.site_ids.is_empty() {
            site_ids = allowed;
        } else {
            for site in &input.site_ids {
                if !allowed.contains(site) && site != &p.location_id {
                    inv.add("site_ids", Problem::Unknown);
                } else if !site_ids.contains(site) {
                    site_ids.push(site.clone());
                }
            }
        }
    }
    inv.clone().into_result()?;
    let (Some(name), Some(start), Some(end)) = (name, start, end) else {
        return Err(inv.into());
    };
    let cycle = Cycle {
        id: new_id(),
        programme_id: input.programme_id.clone(),
        name,
        start_date: start.to_string(),
        end_date: end.to_string(),
        status: "draft".into(),
        items: input.items.iter().map(stored_item).collect(),
        duration_rule: input.duration_rule.clone(),
        carry_over: input.carry_over,
        site_ids,
    };
    let rule = cycle.duration_rule.as_ref().map(|r| json!(r).to_string());
    let fields = vec![
        ("programme_id", json!(cycle.programme_id)),
        ("name", json!(cycle.name)),
        ("start_date", json!(cycle.start_date)),
        ("end_date", json!(cycle.end_date)),
        ("status", json!(cycle.status)),
        ("items", json!(cycle.items)),
        ("duration_rule", json!(rule)),
        ("carry_over", json!(cycle.carry_over)),
        ("site_ids", json!(cycle.site_ids)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::ReliefCycle, &cycle.id, fields)])?;
    Ok(cycle)
}

/// The cycle `cycle_id` if `who` supervises relief where its programme
/// runs; `NotFound` otherwise.
fn cycle_in_scope<T: ReliefCyclesTx + ?Sized>(tx: &T, who: &T::Author, cycle_id: &str) -> Result<Cycle, CommandError> {
    may_supervise(who)?;
    let cycle = tx.cycle(cycle_id)?.ok_or(CommandError::NotFound)?;
    match tx.programme_sites(&cycle.programme_id)? {
        Some(p) if who.sees(&p.location_id) => Ok(cycle),
        _ => Err(CommandError::NotFound),
    }
}

/// Moves a cycle on: `draft` → `approved` → `closed`. Closing expires
/// what was not collected (the status read derives it); nothing goes back.
pub fn set_cycle_status<T: ReliefCyclesTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    cycle_id: &str,
    status: &str,
) -> Result<Cycle, CommandError> {
    let mut cycle = cycle_in_scope(tx, who, cycle_id)?;
    let next = match cycle.status.as_str() {
        "draft" => "approved",
        "approved" => "closed",
        _ => "",
    };
    if status != next {
        let mut inv = Invalid::new();
        inv.add("status", Problem::NotAllowed);
        return Err(inv.into());
    }
    tx.apply(Some(who), vec![Op::set(EntityKind::ReliefCycle, cycle_id, "status", json!(status))])?;
    cycle.status = status.to_string();
    Ok(cycle)
}

/// Generates what the cycle owes the households registered at its sites
/// and does not hold yet (requirement 13: a second run creates nothing, a
/// household registered since gets its own). Households with no members
/// or no arrival date the rule needs get nothing and are listed
/// (requirement 3). With carry-over on, each entitlement of the cycle
/// before that nobody collected is carried in once, marked with
/// `carried_from` ("rattrapage", requirement 12). A closed cycle is not
/// generated again.
pub fn generate_entitlements<T: ReliefCyclesTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    cycle_id: &str,
) -> Result<Generated, CommandError> {
    let cycle = cycle_in_scope(tx, who, cycle_id)?;
    if cycle.status == "closed" {
        let mut inv = Invalid::new();
        inv.add("status", Problem::NotAllowed);
        return Err(inv.into());
    }
    let start = dugu_domain::birth::parse_iso_date(&cycle.start_date)
        .map_err(|_| CommandError::Backend(Box::new(Undecodable("start_date"))))?;
    let mut inv = Invalid::new();
    let items: Vec<RationItem> =
        cycle.items.iter().enumerate().filter_map(|(i, item)| check_item(&mut inv, i, item)).collect();
    if inv.clone().into_result().is_err() {
        return Err(CommandError::Backend(Box::new(Undecodable("items"))));
    }
    let rule = cycle.duration_rule.as_ref().map(RuleInput::rule).unwrap_or_default();
    let registered = tx.registered(&cycle.programme_id, &cycle.site_ids)?;
    let mut held: HashSet<(String, String)> = HashSet::new();
    let mut carried_held: HashSet<String> = HashSet::new();
    for h in tx.held(cycle_id)? {
        match h.carried_from {
            Some(from) => carried_held.insert(from),
            None => held.insert((h.household_id, h.item)),
        };
    }
    let mut site_of: HashMap<String, String> = HashMap::with_capacity(registered.len());
    let mut exceptions = Vec::new();
    let mut facts = Vec::with_capacity(registered.len());
    let mut arrivals: HashMap<String, Option<Date>> = HashMap::with_capacity(registered.len());
    for r in registered {
        if site_of.contains_key(&r.household_id) {
            // Registered twice in one programme: one site, one set of rights.
            continue;
        }
        site_of.insert(r.household_id.clone(), r.site_id.clone());
        let Some(status) = Status::parse(&r.status) else {
            exceptions.push((r.household_id, GenerationException::StatusUnknown));
            continue;
        };
        let arrival = dugu_domain::birth::parse_iso_date(&r.arrival_date).ok();
        arrivals.insert(r.household_id.clone(), arrival);
        facts.push((r.household_id, HouseholdFacts { size: Some(r.size), status, arrival }));
    }
    let run = generate(&items, &rule, start, facts, &held);
    exceptions.extend(run.exceptions.into_iter().map(|(h, e)| {
        (
            h,
            match e {
                Exception::SizeMissing => GenerationException::HouseholdSizeMissing,
                Exception::ArrivalMissing => GenerationException::ArrivalDateMissing,
            },
        )
    }));
    let mut ops = Vec::with_capacity(run.new.len());
    for (household, due) in &run.new {
        let rounding = items.iter().find(|i| i.item == due.item).and_then(|i| i.rounding);
        let inputs = json!({
            "size": due.inputs.size,
            "used": due.inputs.used,
            "capped": due.inputs.capped,
            "fraction": due.inputs.percent,
            "month": due.inputs.month,
            "arrival_date": due.inputs.arrival.map(|d| d.to_string()),
            "before_rounding": due.inputs.before_rounding,
            "rounding": rounding.map(|r| json!({"direction": direction_code(r.direction), "step": r.step})),
        });
        ops.push(entitlement_op(
            cycle_id,
            household,
            &site_of[household],
            Due {
                item: &due.item,
                quantity: due.quantity,
                unit: due.unit.code(),
                modality: due.modality.code(),
                inputs,
                carried_from: None,
            },
        ));
    }
    let generated = ops.len();
    if cycle.carry_over
        && let Some(before) = tx.previous_cycle(&cycle.programme_id, &cycle.start_date)?
    {
        for m in tx.missed(&before.id)? {
            let Some(site) = site_of.get(&m.household_id) else { continue };
            if carried_held.contains(&m.id) {
                continue;
            }
            let inputs = json!({"rattrapage": true, "from_cycle": before.id});
            ops.push(entitlement_op(
                cycle_id,
                &m.household_id,
                site,
                Due {
                    item: &m.item,
                    quantity: u64::try_from(m.quantity).unwrap_or(0),
                    unit: &m.unit,
                    modality: &m.modality,
                    inputs,
                    carried_from: Some(&m.id),
                },
            ));
        }
    }
    let total = ops.len();
    if !ops.is_empty() {
        tx.apply(Some(who), ops)?;
    }
    Ok(Generated { generated: total, carried: total - generated, exceptions })
}

struct Due<'a> {
    item: &'a str,
    quantity: u64,
    unit: &'a str,
    modality: &'a str,
    inputs: Value,
    carried_from: Option<&'a str>,
}

fn entitlement_op(cycle_id: &str, household: &str, site: &str, due: Due<'_>) -> Op {
    let fields = vec![
        ("cycle_id", json!(cycle_id)),
        ("household_id", json!(household)),
        ("item", json!(due.item)),
        ("quantity", json!(i64::try_from(due.quantity).unwrap_or(i64::MAX))),
        ("unit", json!(due.unit)),
        ("modality", json!(due.modality)),
        ("inputs", due.inputs),
        ("status", json!("approved")),
        ("site_id", json!(site)),
        ("carried_from", json!(due.carried_from)),
    ];
    Op::create(EntityKind::Entitlement, &new_id(), fields)
}

/// The code of a rounding direction, as the table writes it.
pub fn direction_code(direction: RoundingDirection) -> &'static str {
    match direction {
        RoundingDirection::Up => "up",
        RoundingDirection::Down => "down",
        RoundingDirection::Nearest => "nearest",
    }
}

/// A stored cycle whose column does not read back: a broken record, not
/// the caller's input.
#[derive(Debug, thiserror::Error)]
#[error("relief_cycle.{0} does not decode")]
struct Undecodable(&'static str);

#[cfg(test)]
#[path = "relief_cycles_tests.rs"]
mod tests;

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
    pub valid_from: String,
    /// The cycle's last day.
    pub valid_until: String,
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
        let day = |s: &str| dugu_domain::birth::parse_iso_date(s).ok();
        self.status == "approved"
            && day(&self.valid_from).is_some_and(|from| from <= today)
            && day(&self.valid_until).is_some_and(|until| today <= until)
    }
}

/// Mali's state lean-season ration ([`dugu_relief::cycle::lean_season`],
/// requirement 4) as the three cycles of `year` for a programme: July,
/// August and September, 9 kg of cereal per person per month, no cap, no
/// rule by arrival — ready for [`create_cycle`].
pub fn lean_season(programme_id: &str, year: i32) -> Vec<CycleInput> {
    let (items, cycles) = dugu_relief::cycle::lean_season(year);
    let lines: Vec<ItemInput> = items.iter().map(item_input).collect();
    cycles
        .into_iter()
        .map(|c| CycleInput {
            programme_id: programme_id.to_string(),
            name: c.name,
            start: c.start.to_string(),
            end: c.end.to_string(),
            items: lines.clone(),
            ..CycleInput::default()
        })
        .collect()
}

/// A rule's ration item as a line of the table.
fn item_input(item: &RationItem) -> ItemInput {
    let (per_person, per_household, cap) = match item.basis {
        Basis::PerPerson { per_person, cap } => (Some(per_person), None, cap),
        Basis::PerHousehold { amount } => (None, Some(amount), 0),
    };
    ItemInput {
        item: item.item.clone(),
        per_person,
        per_household,
        unit: item.unit.code().into(),
        cap,
        rounding: item.rounding.map(|r| direction_code(r.direction).to_string()).unwrap_or_default(),
        step: item.rounding.map(|r| r.step),
        modality: item.modality.code().into(),
    }
}
