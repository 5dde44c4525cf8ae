//! Farmer support (Khouloum, issue 15 item 7): a farming household's
//! season — the area farmed, the harvest and the months of food stock it
//! declares after it — and the inputs it received in kind (seed,
//! fertiliser, small livestock). Who will run out before the next harvest
//! is [`dugu_relief::farm`]'s rule.

use crate::contract::{Author, household_in_scope};
use crate::{CommandError, Op, WriteTx, new_id};
use dugu_domain::birth::iso_date;
use dugu_domain::{Action, EntityKind, Invalid, Problem};
use serde_json::json;

pub use dugu_relief::farm::{months_short, runs_out_on};

/// What a farming household received in kind.
pub const INPUTS: [&str; 3] = ["seed", "fertiliser", "small_livestock"];

/// A season declared (or its harvest and stock declared later).
#[derive(Debug, Clone, Default)]
pub struct SeasonInput {
    /// The farming household.
    pub household_id: String,
    /// The programme supporting it.
    pub programme_id: String,
    /// The farming season's year (`2026`: sown in 2026, harvested in autumn).
    pub season: String,
    /// Area farmed, in hectares.
    pub area_ha: Option<f64>,
    /// Harvest, in kg.
    pub harvest_kg: Option<i64>,
    /// Months the food stock will last, declared after the harvest.
    pub stock_months: Option<i64>,
    /// The day of that declaration, `YYYY-MM-DD`.
    pub declared_on: String,
    /// The next harvest, `YYYY-MM-DD`; empty: 1 October of the year after
    /// the season.
    pub next_harvest: String,
}

/// An input received.
#[derive(Debug, Clone, Default)]
pub struct InputInput {
    /// The household's season it belongs to.
    pub season_id: String,
    /// `seed`, `fertiliser` or `small_livestock`.
    pub input: String,
    /// What exactly ("mil Souna 3", "NPK 15-15-15", "chèvres").
    pub description: String,
    /// How much, a whole number of `unit`.
    pub quantity: i64,
    /// `g` or `piece`.
    pub unit: String,
    /// The day it was received.
    pub received_on: String,
}

/// A season as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct SeasonFacts {
    /// Id.
    pub id: String,
    /// The household.
    pub household_id: String,
    /// Area farmed.
    pub area_ha: Option<f64>,
    /// Harvest.
    pub harvest_kg: Option<i64>,
    /// Months of stock.
    pub stock_months: Option<i64>,
    /// Day declared.
    pub declared_on: Option<time::Date>,
    /// Next harvest.
    pub next_harvest: time::Date,
}

/// The facts the farming commands read.
pub trait FarmingTx: WriteTx {
    /// A programme's location, if it exists.
    fn programme_location(&self, programme_id: &str) -> Result<Option<String>, CommandError>;
    /// The household's season of a programme, if declared.
    fn season_of(
        &self,
        household_id: &str,
        programme_id: &str,
        season: &str,
    ) -> Result<Option<SeasonFacts>, CommandError>;
    /// A season by id.
    fn season(&self, id: &str) -> Result<Option<SeasonFacts>, CommandError>;
}

fn may_distribute<A: Author + ?Sized>(who: &A) -> Result<(), CommandError> {
    if who.role().may(Action::DistributeRelief) { Ok(()) } else { Err(CommandError::Forbidden) }
}

/// Declares a household's season, or what changed in it (a harvest and a
/// stock declared after the season was opened): one record per household,
/// programme and season, its fields set as they come. Its id.
pub fn record_season<T: FarmingTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    input: &SeasonInput,
) -> Result<String, CommandError> {
    may_distribute(who)?;
    household_in_scope(tx, who, &input.household_id)?;
    let mut inv = Invalid::new();
    if !tx.programme_location(&input.programme_id)?.is_some_and(|l| who.sees(&l)) {
        inv.add("programme_id", Problem::Unknown);
    }
    let year = input.season.trim().parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        inv.add("season", if input.season.trim().is_empty() { Problem::Required } else { Problem::OutOfRange });
    }
    if input.area_ha.is_some_and(|a| !(a > 0.0 && a <= 1_000.0)) {
        inv.add("area_ha", Problem::OutOfRange);
    }
    if input.harvest_kg.is_some_and(|h| !(0..=1_000_000).contains(&h)) {
        inv.add("harvest_kg", Problem::OutOfRange);
    }
    if input.stock_months.is_some_and(|m| !(0..=36).contains(&m)) {
        inv.add("stock_months", Problem::OutOfRange);
    }
    let declared = match input.declared_on.trim() {
        "" => None,
        day => inv.check("declared_on", dugu_domain::birth::parse_iso_date(day)),
    };
    if input.stock_months.is_some() && declared.is_none() && !inv.0.iter().any(|e| e.field == "declared_on") {
        inv.add("declared_on", Problem::Required);
    }
    let next = match input.next_harvest.trim() {
        // Harvests come in October: the one after the season's.
        "" => year.and_then(|y| time::Date::from_calendar_date(y + 1, time::Month::October, 1).ok()),
        day => inv.check("next_harvest", dugu_domain::birth::parse_iso_date(day)),
    };
    inv.clone().into_result()?;
    let (Some(year), Some(next)) = (year, next) else { return Err(inv.into()) };
    let season = year.to_string();
    if let Some(old) = tx.season_of(&input.household_id, &input.programme_id, &season)? {
        // Only what was given and differs: a later declaration of the
        // harvest does not blank the area typed at sowing.
        let mut ops = Vec::new();
        let mut set = |field: &'static str, changed: bool, value: serde_json::Value| {
            if changed {
                ops.push(Op::set(EntityKind::FarmSeason, &old.id, field, value));
            }
        };
        set("area_ha", input.area_ha.is_some() && input.area_ha != old.area_ha, json!(input.area_ha));
        set("harvest_kg", input.harvest_kg.is_some() && input.harvest_kg != old.harvest_kg, json!(input.harvest_kg));
        set(
            "stock_months",
            input.stock_months.is_some() && input.stock_months != old.stock_months,
            json!(input.stock_months),
        );
        set("declared_on", declared.is_some() && declared != old.declared_on, json!(declared.map(iso_date)));
        set("next_harvest", next != old.next_harvest, json!(iso_date(next)));
        if !ops.is_empty() {
            tx.apply(Some(who), ops)?;
        }
        return Ok(old.id);
    }
    let id = new_id();
    let fields = vec![
        ("household_id", json!(input.household_id)),
        ("programme_id", json!(input.programme_id)),
        ("season", json!(season)),
        ("area_ha", json!(input.area_ha)),
        ("harvest_kg", json!(input.harvest_kg)),
        ("stock_months", json!(input.stock_months)),
        ("declared_on", json!(declared.map(iso_date))),
        ("next_harvest", json!(iso_date(next))),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::FarmSeason, &id, fields)])?;
    Ok(id)
}

/// Records an input received in kind for a household's season. Its id.
pub fn record_input<T: FarmingTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    input: &InputInput,
) -> Result<String, CommandError> {
    may_distribute(who)?;
    let season = tx.season(&input.season_id)?.ok_or(CommandError::NotFound)?;
    household_in_scope(tx, who, &season.household_id)?;
    let mut inv = Invalid::new();
    if !INPUTS.contains(&input.input.as_str()) {
        inv.add("input", if input.input.is_empty() { Problem::Required } else { Problem::NotAllowed });
    }
    let description = inv.check(
        "description",
        dugu_domain::person::optional_text(&input.description).and_then(|d| d.ok_or(Problem::Required)),
    );
    if description.as_ref().is_some_and(|d| d.chars().count() > 120) {
        inv.add("description", Problem::TooLong);
    }
    if !(1..=1_000_000).contains(&input.quantity) {
        inv.add("quantity", Problem::OutOfRange);
    }
    if !["g", "piece"].contains(&input.unit.as_str()) {
        inv.add("unit", Problem::NotAllowed);
    }
    let received = inv.check("received_on", dugu_domain::birth::parse_iso_date(input.received_on.trim()));
    inv.clone().into_result()?;
    let (Some(description), Some(received)) = (description, received) else { return Err(inv.into()) };
    let id = new_id();
    let fields = vec![
        ("household_id", json!(season.household_id)),
        ("season_id", json!(season.id)),
        ("input", json!(input.input)),
        ("description", json!(description)),
        ("quantity", json!(input.quantity)),
        ("unit", json!(input.unit)),
        ("received_on", json!(received.to_string())),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::FarmInput, &id, fields)])?;
    Ok(id)
}
