//! Relief cycles and entitlements (issue 15): the facts the cycle
//! commands read ([`dugu_commands::relief_cycles`]), and the reads of
//! cycles and of a household's entitlements.

use crate::contract::fact;
use crate::writer::Tx;
use crate::{AuditAction, Principal, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::relief_cycles::{
    Cycle, Held, ItemInput, Missed, ProgrammeSites, Registered, ReliefCyclesTx, RuleInput, entitlement_status,
};
use dugu_domain::FieldGroup;
use rusqlite::{Connection, OptionalExtension, Row, params};

pub use dugu_commands::relief_cycles::{
    Cycle as ReliefCycle, CycleInput, EntitlementView, Generated, GenerationException, ItemInput as RationLine,
    RuleInput as DurationRule, StepInput, lean_season as lean_season_cycles,
};

/// A cycle and how far it went, per site: reference data and counts, no
/// household named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleSummary {
    /// The cycle.
    pub cycle: Cycle,
    /// The programme's name.
    pub programme_name: String,
    /// Per site served: (site id, site name, households owed, entitlements,
    /// entitlements with a receipt).
    pub sites: Vec<SiteProgress>,
}

/// One site's figures in a cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteProgress {
    /// The site.
    pub site_id: String,
    /// Its name.
    pub name: String,
    /// Households owed something.
    pub households: i64,
    /// Entitlements.
    pub entitlements: i64,
    /// Entitlements handed over (a receipt not voided).
    pub served: i64,
}

/// The writer's page cache while it generates a cycle (KiB).
const GENERATION_CACHE_KIB: i64 = 512 * 1024;

fn cycle_row(r: &Row<'_>) -> rusqlite::Result<(Cycle, Option<String>, String)> {
    let site_ids: String = r.get(9)?;
    Ok((
        Cycle {
            id: r.get(0)?,
            programme_id: r.get(1)?,
            name: r.get(2)?,
            start_date: crate::decode::date(r, 3)?,
            end_date: crate::decode::date(r, 4)?,
            status: r.get(5)?,
            items: Vec::new(),
            duration_rule: None,
            carry_over: r.get(8)?,
            site_ids: site_ids.lines().filter(|l| !l.is_empty()).map(str::to_string).collect(),
        },
        r.get(7)?,
        r.get(6)?,
    ))
}

/// A cycle row with its JSON columns decoded; one that does not decode
/// fails the read naming the column, never a value.
fn decoded((mut cycle, rule, items): (Cycle, Option<String>, String)) -> Result<Cycle, StoreError> {
    cycle.items = serde_json::from_str::<Vec<ItemInput>>(&items)
        .map_err(|_| StoreError::Undecodable { column: "relief_cycles.items".into(), expected: "ration table" })?;
    cycle.duration_rule = match rule {
        Some(text) => Some(serde_json::from_str::<RuleInput>(&text).map_err(|_| StoreError::Undecodable {
            column: "relief_cycles.duration_rule".into(),
            expected: "duration rule",
        })?),
        None => None,
    };
    Ok(cycle)
}

fn read_cycle(c: &Connection, id: &str) -> Result<Option<Cycle>, StoreError> {
    let row = c
        .prepare_cached(
            "SELECT id, programme_id, name, start_date, end_date, status, items, duration_rule, carry_over, site_ids
               FROM relief_cycles WHERE id = ?1",
        )?
        .query_row([id], cycle_row)
        .optional()?;
    row.map(decoded).transpose()
}

fn programme_sites(c: &Connection, programme_id: &str) -> Result<Option<ProgrammeSites>, StoreError> {
    let location: Option<String> = c
        .prepare_cached("SELECT location_id FROM programmes WHERE id = ?1")?
        .query_row([programme_id], |r| r.get(0))
        .optional()?;
    let Some(location_id) = location else { return Ok(None) };
    let mut st = c.prepare_cached(
        "SELECT l.id FROM location_closure x JOIN locations l ON l.id = x.descendant_id
          WHERE x.ancestor_id = ?1 AND l.id <> ?1 AND l.kind = 'site' ORDER BY l.name",
    )?;
    let sites = st.query_map([&location_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(Some(ProgrammeSites { location_id, sites }))
}

impl ReliefCyclesTx for Tx<'_> {
    fn programme_sites(&self, programme_id: &str) -> Result<Option<ProgrammeSites>, CommandError> {
        fact(|| programme_sites(self.conn, programme_id))
    }

    fn cycle(&self, cycle_id: &str) -> Result<Option<Cycle>, CommandError> {
        fact(|| read_cycle(self.conn, cycle_id))
    }

    fn previous_cycle(&self, programme_id: &str, start: time::Date) -> Result<Option<Cycle>, CommandError> {
        fact(|| {
            let id: Option<String> = self
                .conn
                .prepare_cached(
                    "SELECT id FROM relief_cycles WHERE programme_id = ?1 AND start_date < ?2
                      ORDER BY start_date DESC, id DESC LIMIT 1",
                )?
                .query_row(params![programme_id, dugu_domain::birth::iso_date(start)], |r| r.get(0))
                .optional()?;
            match id {
                Some(id) => read_cycle(self.conn, &id),
                None => Ok(None),
            }
        })
    }

    fn registered(&self, programme_id: &str, site_ids: &[String]) -> Result<Vec<Registered>, CommandError> {
        fact(|| {
            let sites = crate::pool::text_array(site_ids);
            let mut st = self.conn.prepare_cached(
                "SELECT d.household_id, h.location_id, d.status, d.arrival_date,
                        (SELECT COUNT(*) FROM household_members m WHERE m.household_id = d.household_id)
                   FROM displacements d JOIN households h ON h.id = d.household_id
                  WHERE d.programme_id = ?1 AND d.struck_out IS NULL AND h.location_id IN rarray(?2)
                    -- A family registered twice is owed once: not the
                    -- registration a supervisor found to be the same
                    -- household as an earlier one.
                    AND NOT EXISTS (
                        SELECT 1 FROM duplicate_pairs x WHERE x.household_id = d.household_id
                           AND (SELECT dd.decision FROM duplicate_decisions dd WHERE dd.pair_id = x.id
                                 ORDER BY dd.created_at DESC, dd.id DESC LIMIT 1) = 'same_household')
                  ORDER BY d.registered_on, d.household_id",
            )?;
            let rows = st.query_map(params![programme_id, sites], |r| {
                Ok(Registered {
                    household_id: r.get(0)?,
                    site_id: r.get(1)?,
                    status: r.get(2)?,
                    arrival_date: r.get(3)?,
                    size: u32::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn held(&self, cycle_id: &str) -> Result<Vec<Held>, CommandError> {
        fact(|| {
            let mut st = self
                .conn
                .prepare_cached("SELECT household_id, item, carried_from FROM entitlements WHERE cycle_id = ?1")?;
            let rows = st.query_map([cycle_id], |r| {
                Ok(Held { household_id: r.get(0)?, item: r.get(1)?, carried_from: r.get(2)? })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn missed(&self, cycle_id: &str) -> Result<Vec<Missed>, CommandError> {
        fact(|| {
            let mut st = self.conn.prepare_cached(
                "SELECT e.id, e.household_id, e.item, e.quantity, e.unit, e.modality FROM entitlements e
                  WHERE e.cycle_id = ?1
                    AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.entitlement_id = e.id AND r.voided IS NULL)
                  ORDER BY e.household_id, e.item",
            )?;
            let rows = st.query_map([cycle_id], |r| {
                Ok(Missed {
                    id: r.get(0)?,
                    household_id: r.get(1)?,
                    item: r.get(2)?,
                    quantity: r.get(3)?,
                    unit: r.get(4)?,
                    modality: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

impl Tx<'_> {
    /// Creates a draft cycle (the command:
    /// [`dugu_commands::relief_cycles::create_cycle`]).
    pub fn create_relief_cycle(&mut self, who: &Principal, input: &CycleInput) -> Result<Cycle, StoreError> {
        Ok(dugu_commands::relief_cycles::create_cycle(self, who, input)?)
    }

    /// Approves or closes a cycle
    /// ([`dugu_commands::relief_cycles::set_cycle_status`]).
    pub fn set_relief_cycle_status(&mut self, who: &Principal, id: &str, status: &str) -> Result<Cycle, StoreError> {
        Ok(dugu_commands::relief_cycles::set_cycle_status(self, who, id, status)?)
    }

    /// Generates a cycle's missing entitlements
    /// ([`dugu_commands::relief_cycles::generate_entitlements`]).
    pub fn generate_entitlements(&mut self, who: &Principal, cycle_id: &str) -> Result<Generated, StoreError> {
        Ok(dugu_commands::relief_cycles::generate_entitlements(self, who, cycle_id)?)
    }
}

/// Whether `who` reads relief at all: others see no cycle.
fn reads_relief(who: &Principal) -> bool {
    who.role.reads(FieldGroup::Relief)
}

/// Relief cycles and a household's entitlements.
pub trait CycleReads {
    /// The cycles of programmes in scope (all of them, or one
    /// programme's), latest first; none for a role that does not read relief.
    fn relief_cycles(&self, who: &Principal, programme_id: Option<&str>) -> Result<Vec<Cycle>, StoreError>;

    /// One cycle in scope with its figures per site; `NotFound` out of
    /// scope or for a role that does not read relief.
    fn relief_cycle(&self, who: &Principal, id: &str) -> Result<CycleSummary, StoreError>;

    /// A household's entitlements (of one cycle, or of every cycle), for a
    /// role that reads relief; the household out of scope is `NotFound`,
    /// a role that does not read relief `Forbidden`. The view is audited
    /// (one entry naming the entitlements shown).
    fn entitlements_of(
        &self,
        who: &Principal,
        household_id: &str,
        cycle_id: Option<&str>,
    ) -> Result<Vec<EntitlementView>, StoreError>;
}

impl CycleReads for Store {
    fn relief_cycles(&self, who: &Principal, programme_id: Option<&str>) -> Result<Vec<Cycle>, StoreError> {
        if !reads_relief(who) {
            return Ok(Vec::new());
        }
        self.read(|c| {
            let (all, ids) = who.scope.sql();
            let mut st = c.prepare_cached(
                "SELECT c.id, c.programme_id, c.name, c.start_date, c.end_date, c.status, c.items, c.duration_rule,
                        c.carry_over, c.site_ids
                   FROM relief_cycles c JOIN programmes p ON p.id = c.programme_id
                  WHERE (?2 = 1 OR p.location_id IN rarray(?1)) AND (?3 IS NULL OR c.programme_id = ?3)
                  ORDER BY c.start_date DESC, c.id DESC",
            )?;
            let rows = st.query_map(params![ids, all, programme_id], cycle_row)?;
            rows.map(|r| decoded(r?)).collect()
        })
    }

    fn relief_cycle(&self, who: &Principal, id: &str) -> Result<CycleSummary, StoreError> {
        if !reads_relief(who) {
            return Err(StoreError::NotFound);
        }
        self.read(|c| {
            let cycle = read_cycle(c, id)?.ok_or(StoreError::NotFound)?;
            let (location, programme_name): (String, String) = c
                .prepare_cached("SELECT location_id, name FROM programmes WHERE id = ?1")?
                .query_row([&cycle.programme_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if !who.scope.contains(&location) {
                return Err(StoreError::NotFound);
            }
            let mut st = c.prepare_cached(
                "SELECT l.name,
                        (SELECT COUNT(DISTINCT e.household_id) FROM entitlements e WHERE e.cycle_id = ?1 AND e.site_id = l.id),
                        (SELECT COUNT(*) FROM entitlements e WHERE e.cycle_id = ?1 AND e.site_id = l.id),
                        (SELECT COUNT(*) FROM entitlements e WHERE e.cycle_id = ?1 AND e.site_id = l.id
                            AND EXISTS (SELECT 1 FROM receipts r WHERE r.entitlement_id = e.id AND r.voided IS NULL))
                   FROM locations l WHERE l.id = ?2",
            )?;
            let mut sites = Vec::new();
            for site in &cycle.site_ids {
                let row = st
                    .query_row(params![id, site], |r| {
                        Ok(SiteProgress {
                            site_id: site.clone(),
                            name: r.get(0)?,
                            households: r.get(1)?,
                            entitlements: r.get(2)?,
                            served: r.get(3)?,
                        })
                    })
                    .optional()?;
                sites.extend(row);
            }
            Ok(CycleSummary { cycle, programme_name, sites })
        })
    }

    fn entitlements_of(
        &self,
        who: &Principal,
        household_id: &str,
        cycle_id: Option<&str>,
    ) -> Result<Vec<EntitlementView>, StoreError> {
        let rows = self.read(|c| {
            who.may_see_household(c, household_id)?;
            if !reads_relief(who) {
                return Err(StoreError::Forbidden);
            }
            household_entitlements(c, household_id, cycle_id)
        })?;
        let (who, household) = (who.clone(), household_id.to_string());
        let shown: Vec<String> = rows.iter().map(|e| e.id.clone()).collect();
        self.write(move |tx| tx.audit_shown(&who, AuditAction::View, "entitlements", &household, &shown))?;
        Ok(rows)
    }
}

/// A household's entitlements (of one cycle, or of every cycle), oldest
/// cycle first, as stored; the caller has checked scope and role.
pub(crate) fn household_entitlements(
    c: &Connection,
    household_id: &str,
    cycle_id: Option<&str>,
) -> Result<Vec<EntitlementView>, StoreError> {
    let mut st = c.prepare_cached(
        "SELECT e.id, e.cycle_id, c.name, e.household_id, e.item, e.quantity, e.unit, e.modality, e.inputs,
                e.status, c.status, c.start_date, c.end_date, e.site_id, e.carried_from
           FROM entitlements e JOIN relief_cycles c ON c.id = e.cycle_id
          WHERE e.household_id = ?1 AND (?2 IS NULL OR e.cycle_id = ?2)
          ORDER BY c.start_date, e.carried_from IS NOT NULL, e.item",
    )?;
    let rows = st.query_map(params![household_id, cycle_id], |r| {
        let inputs: String = r.get(8)?;
        let stored: String = r.get(9)?;
        let cycle_status: String = r.get(10)?;
        Ok((
            EntitlementView {
                id: r.get(0)?,
                cycle_id: r.get(1)?,
                cycle_name: r.get(2)?,
                household_id: r.get(3)?,
                item: r.get(4)?,
                quantity: r.get(5)?,
                unit: r.get(6)?,
                modality: r.get(7)?,
                inputs: serde_json::Value::Null,
                status: entitlement_status(&stored, &cycle_status),
                valid_from: crate::decode::date(r, 11)?,
                valid_until: crate::decode::date(r, 12)?,
                site_id: r.get(13)?,
                carried_from: r.get(14)?,
            },
            inputs,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (mut view, inputs) = row?;
        view.inputs = serde_json::from_str(&inputs)
            .map_err(|_| StoreError::Undecodable { column: "entitlements.inputs".into(), expected: "JSON object" })?;
        out.push(view);
    }
    Ok(out)
}

/// Relief cycles and their entitlements: `dugu_commands::relief_cycles`,
/// each in one write.
pub trait CycleWrites {
    /// Creates a draft cycle (see [`Tx::create_relief_cycle`]).
    fn create_relief_cycle(&self, who: &Principal, input: CycleInput) -> Result<Cycle, StoreError>;
    /// Several cycles made in one write, all or none (the lean-season
    /// cycles of a programme, proposed together).
    fn create_relief_cycles(&self, who: &Principal, inputs: Vec<CycleInput>) -> Result<Vec<Cycle>, StoreError>;
    /// Generates a cycle's missing entitlements, all of them in one
    /// transaction (see [`Tx::generate_entitlements`]).
    fn generate_entitlements(&self, who: &Principal, cycle_id: &str) -> Result<Generated, StoreError>;
    /// Approves or closes a cycle (see [`Tx::set_relief_cycle_status`]).
    fn set_relief_cycle_status(&self, who: &Principal, id: &str, status: &str) -> Result<Cycle, StoreError>;
}

impl CycleWrites for Store {
    fn create_relief_cycle(&self, who: &Principal, input: CycleInput) -> Result<Cycle, StoreError> {
        let who = who.clone();
        self.write(move |tx| tx.create_relief_cycle(&who, &input))
    }
    fn create_relief_cycles(&self, who: &Principal, inputs: Vec<CycleInput>) -> Result<Vec<Cycle>, StoreError> {
        let who = who.clone();
        self.write(move |tx| inputs.iter().map(|i| tx.create_relief_cycle(&who, i)).collect())
    }
    fn generate_entitlements(&self, who: &Principal, cycle_id: &str) -> Result<Generated, StoreError> {
        let (who, id) = (who.clone(), cycle_id.to_string());
        self.write(move |tx| {
            // A national cycle writes some 500 MB of pages in one
            // transaction: with the everyday cache they would spill to the
            // log and be read back while it runs.
            tx.conn.pragma_update(None, "cache_size", -GENERATION_CACHE_KIB)?;
            let generated = tx.generate_entitlements(&who, &id);
            tx.conn.pragma_update(None, "cache_size", -crate::writer::CACHE_KIB)?;
            generated
        })
    }
    fn set_relief_cycle_status(&self, who: &Principal, id: &str, status: &str) -> Result<Cycle, StoreError> {
        let (who, id, status) = (who.clone(), id.to_string(), status.to_string());
        self.write(move |tx| tx.set_relief_cycle_status(&who, &id, &status))
    }
}
