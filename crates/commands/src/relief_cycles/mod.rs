//! Relief cycles and what each registered household is owed in them
//! (issue 15, requirements 1–6, 12 and 13): a supervisor sets up a cycle
//! (period, sites, ration table, duration rule, carry-over), approves and
//! closes it, and generates its entitlements as often as needed. The
//! arithmetic is dugu-relief's (`ration`, `displacement`, `cycle`); this
//! module reads a cycle's table and rule, the households registered at its
//! sites, and turns what is missing into ops.

mod table;
#[cfg(test)]
mod tests;
mod view;

pub use table::{direction_code, lean_season};
pub use view::{EntitlementView, entitlement_status};

use crate::contract::Author;
use crate::{BatchAudit, CommandError, Op, WriteTx, new_id};
use dugu_domain::birth::iso_date;
use dugu_domain::{Action, EntityKind, Invalid, Problem};
use dugu_relief::cycle::generate;
use dugu_relief::displacement::{DurationRule, Status, Step};
use dugu_relief::ration::HouseholdFacts;
use dugu_relief::{Exception, RationItem};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use table::{check_item, check_rule, stored_item};
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
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub start_date: Date,
    /// Last day.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub end_date: Date,
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
    fn previous_cycle(&self, programme_id: &str, start: Date) -> Result<Option<Cycle>, CommandError>;
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
        start_date: start,
        end_date: end,
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
        ("start_date", json!(iso_date(cycle.start_date))),
        ("end_date", json!(iso_date(cycle.end_date))),
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
    let start = cycle.start_date;
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
    let mut carried = Vec::new();
    if cycle.carry_over
        && let Some(before) = tx.previous_cycle(&cycle.programme_id, cycle.start_date)?
    {
        for m in tx.missed(&before.id)? {
            if site_of.contains_key(&m.household_id) && !carried_held.contains(&m.id) {
                carried.push((before.id.clone(), m));
            }
        }
    }
    let generated = run.new.len();
    let total = generated + carried.len();
    if total > 0 {
        // One audit entry for the generation, touching each household once:
        // a programme's cycle is hundreds of thousands of entitlements, and
        // an entry each would be a third of what the generation writes.
        let mut seen: HashSet<&str> = HashSet::with_capacity(site_of.len());
        let households =
            run.new.iter().map(|(h, _)| h.as_str()).chain(carried.iter().map(|(_, m)| m.household_id.as_str()));
        let touched: Vec<String> = households.filter(|h| seen.insert(h)).map(str::to_string).collect();
        let audit = BatchAudit { record_type: "relief_cycle", record_id: cycle_id, fields: &["entitlements"], touched };
        // Made one at a time as the store takes them: a national cycle's
        // ops all held at once would be a gigabyte of memory to fault in.
        let new = run.new.iter().map(|(household, due)| {
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
            entitlement_op(
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
            )
        });
        let carried_ops = carried.iter().map(|(from, m)| {
            entitlement_op(
                cycle_id,
                &m.household_id,
                &site_of[&m.household_id],
                Due {
                    item: &m.item,
                    quantity: u64::try_from(m.quantity).unwrap_or(0),
                    unit: &m.unit,
                    modality: &m.modality,
                    inputs: json!({"rattrapage": true, "from_cycle": from}),
                    carried_from: Some(&m.id),
                },
            )
        });
        tx.apply_batch(Some(who), &mut new.chain(carried_ops), audit)?;
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

/// A stored cycle whose column does not read back: a broken record, not
/// the caller's input.
#[derive(Debug, thiserror::Error)]
#[error("relief_cycle.{0} does not decode")]
struct Undecodable(&'static str);
