//! A cycle's ration table and duration rule as typed, checked into
//! dugu-relief's types, and the state's lean-season cycles as a table.

use super::{CycleInput, ItemInput, RuleInput};
use dugu_domain::{Invalid, Problem};
use dugu_relief::{Basis, Modality, RationItem, Rounding, RoundingDirection, Unit};

use super::{AMOUNT_MAX, CAP_MAX, ITEM_MAX, MONTH_MAX};

/// A ration table line checked into the rule's type; each problem is
/// added to `inv` under `items[i].field`.
pub(super) fn check_item(inv: &mut Invalid, i: usize, item: &ItemInput) -> Option<RationItem> {
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

pub(super) fn check_rule(inv: &mut Invalid, rule: &RuleInput) {
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
pub(super) fn stored_item(item: &ItemInput) -> ItemInput {
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

/// The code of a rounding direction, as the table writes it.
pub fn direction_code(direction: RoundingDirection) -> &'static str {
    match direction {
        RoundingDirection::Up => "up",
        RoundingDirection::Down => "down",
        RoundingDirection::Nearest => "nearest",
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
