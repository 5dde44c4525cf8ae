//! Farmer support (issue 15, item 7): the facts the farming commands read
//! ([`dugu_commands::relief_farming`]) and the list of farming households
//! that will run out of food before the next harvest.

use crate::contract::fact;
use crate::writer::Tx;
use crate::{AuditAction, Principal, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::relief_farming::{FarmingTx, SeasonFacts};
use dugu_domain::FieldGroup;
use rusqlite::{OptionalExtension, Row, params};

pub use dugu_commands::relief_farming::{INPUTS as FARM_INPUTS, InputInput as FarmInputInput, SeasonInput};

/// A farming household that will run out before its next harvest.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall {
    /// The household.
    pub household_id: String,
    /// Its record number.
    pub record_number: String,
    /// Where it lives.
    pub location_name: String,
    /// The season declared.
    pub season: String,
    /// Area farmed, hectares.
    pub area_ha: Option<f64>,
    /// Harvest, kg.
    pub harvest_kg: Option<i64>,
    /// Months of stock declared.
    pub stock_months: i64,
    /// The day its stock runs out.
    pub runs_out_on: time::Date,
    /// The next harvest.
    pub next_harvest: time::Date,
    /// Whole months without stock before it.
    pub months_short: u32,
    /// Inputs received this season.
    pub inputs: i64,
}

fn season_row(r: &Row<'_>) -> rusqlite::Result<SeasonFacts> {
    Ok(SeasonFacts {
        id: r.get(0)?,
        household_id: r.get(1)?,
        area_ha: r.get(2)?,
        harvest_kg: r.get(3)?,
        stock_months: r.get(4)?,
        declared_on: crate::decode::opt_date(r, 5)?,
        next_harvest: crate::decode::date(r, 6)?,
    })
}

impl FarmingTx for Tx<'_> {
    fn programme_location(&self, programme_id: &str) -> Result<Option<String>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT location_id FROM programmes WHERE id = ?1")?
                .query_row([programme_id], |r| r.get(0))
                .optional()?)
        })
    }

    fn season_of(
        &self,
        household_id: &str,
        programme_id: &str,
        season: &str,
    ) -> Result<Option<SeasonFacts>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT id, household_id, area_ha, harvest_kg, stock_months, declared_on, next_harvest
                       FROM farm_seasons WHERE household_id = ?1 AND programme_id = ?2 AND season = ?3
                      ORDER BY id LIMIT 1",
                )?
                .query_row(params![household_id, programme_id, season], season_row)
                .optional()?)
        })
    }

    fn season(&self, id: &str) -> Result<Option<SeasonFacts>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT id, household_id, area_ha, harvest_kg, stock_months, declared_on, next_harvest
                       FROM farm_seasons WHERE id = ?1",
                )?
                .query_row([id], season_row)
                .optional()?)
        })
    }
}

impl Tx<'_> {
    /// Declares a farming household's season, or what changed in it
    /// ([`dugu_commands::relief_farming::record_season`]); its id.
    pub fn record_farm_season(&mut self, who: &Principal, input: &SeasonInput) -> Result<String, StoreError> {
        Ok(dugu_commands::relief_farming::record_season(self, who, input)?)
    }

    /// Records an input received in kind
    /// ([`dugu_commands::relief_farming::record_input`]); its id.
    pub fn record_farm_input(&mut self, who: &Principal, input: &FarmInputInput) -> Result<String, StoreError> {
        Ok(dugu_commands::relief_farming::record_input(self, who, input)?)
    }
}

/// Farming inputs: what a programme's seasons still owe.
pub trait FarmingReads {
    /// The farming households of a programme in scope whose declared stock
    /// runs out before their next harvest, the longest gap first; for a
    /// role that reads relief (others: `Forbidden`), households in scope
    /// only. The list is audited (one entry naming the households shown).
    fn farm_shortfall(&self, who: &Principal, programme_id: &str) -> Result<Vec<Shortfall>, StoreError>;
}

impl FarmingReads for Store {
    fn farm_shortfall(&self, who: &Principal, programme_id: &str) -> Result<Vec<Shortfall>, StoreError> {
        if !who.role.reads(FieldGroup::Relief) {
            return Err(StoreError::Forbidden);
        }
        let rows = self.read(|c| {
            let location: Option<String> = c
                .prepare_cached("SELECT location_id FROM programmes WHERE id = ?1")?
                .query_row([programme_id], |r| r.get(0))
                .optional()?;
            if !location.is_some_and(|l| who.scope.contains(&l)) {
                return Err(StoreError::NotFound);
            }
            let (all, ids) = who.scope.sql();
            let mut st = c.prepare_cached(
                "SELECT s.household_id, h.record_number, l.name, s.season, s.area_ha, s.harvest_kg, s.stock_months,
                        s.declared_on, s.next_harvest,
                        (SELECT COUNT(*) FROM farm_inputs i WHERE i.season_id = s.id)
                   FROM farm_seasons s JOIN households h ON h.id = s.household_id
                   JOIN locations l ON l.id = h.location_id
                  WHERE s.programme_id = ?1 AND s.stock_months IS NOT NULL AND s.declared_on IS NOT NULL
                    AND (?3 = 1 OR h.location_id IN rarray(?2))
                  ORDER BY h.record_number",
            )?;
            let rows = st.query_map(params![programme_id, ids, all], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<f64>>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                    r.get::<_, i64>(6)?,
                    crate::decode::date(r, 7)?,
                    crate::decode::date(r, 8)?,
                    r.get::<_, i64>(9)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (
                    household_id,
                    record_number,
                    location_name,
                    season,
                    area_ha,
                    harvest_kg,
                    stock_months,
                    declared,
                    next,
                    inputs,
                ) = row?;
                let months = u32::try_from(stock_months).unwrap_or(0);
                if let Some(months_short) = dugu_commands::relief_farming::months_short(declared, months, next) {
                    out.push(Shortfall {
                        household_id,
                        record_number,
                        location_name,
                        season,
                        area_ha,
                        harvest_kg,
                        stock_months,
                        runs_out_on: dugu_commands::relief_farming::runs_out_on(declared, months),
                        next_harvest: next,
                        months_short,
                        inputs,
                    });
                }
            }
            out.sort_by(|a, b| b.months_short.cmp(&a.months_short).then(a.record_number.cmp(&b.record_number)));
            Ok(out)
        })?;
        let shown: Vec<String> = rows.iter().map(|s| s.household_id.clone()).collect();
        if !shown.is_empty() {
            let (who, programme) = (who.clone(), programme_id.to_string());
            self.write(move |tx| tx.audit_shown(&who, AuditAction::View, "farm_shortfall", &programme, &shown))?;
        }
        Ok(rows)
    }
}

/// Farming households' seasons and inputs: `dugu_commands::relief_farming`,
/// each in one write.
pub trait FarmingWrites {
    /// Records an input received in kind
    /// ([`dugu_commands::relief_farming::record_input`]); its id.
    fn record_farm_input(&self, who: &Principal, input: FarmInputInput) -> Result<String, StoreError>;
    /// Declares a farming household's season, or what changed in it
    /// ([`dugu_commands::relief_farming::record_season`]); its id.
    fn record_farm_season(&self, who: &Principal, input: SeasonInput) -> Result<String, StoreError>;
    /// A farming household's input received, its season opened first if
    /// need be, in one write (`input.season_id` is the season's).
    fn record_farm_input_in_season(
        &self,
        who: &Principal,
        season: SeasonInput,
        input: FarmInputInput,
    ) -> Result<String, StoreError>;
}

impl FarmingWrites for Store {
    fn record_farm_input(&self, who: &Principal, input: FarmInputInput) -> Result<String, StoreError> {
        let who = who.clone();
        self.write(move |tx| tx.record_farm_input(&who, &input))
    }
    fn record_farm_season(&self, who: &Principal, input: SeasonInput) -> Result<String, StoreError> {
        let who = who.clone();
        self.write(move |tx| tx.record_farm_season(&who, &input))
    }
    fn record_farm_input_in_season(
        &self,
        who: &Principal,
        season: SeasonInput,
        mut input: FarmInputInput,
    ) -> Result<String, StoreError> {
        let who = who.clone();
        self.write(move |tx| {
            input.season_id = tx.record_farm_season(&who, &season)?;
            tx.record_farm_input(&who, &input)
        })
    }
}
