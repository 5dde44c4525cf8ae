//! Children's Villages: family houses, admissions, placements and leaving
//! care. Houses are set up by the village director; children are admitted,
//! moved and discharged by those who handle care (directors, social
//! workers); everyone who reads people sees where a child lives; only
//! protection readers see why a child was admitted or how it left.
//!
//! Here: the types, family houses and the village at a glance; a child's
//! time in care (admission, moves, leaving, follow-ups) is in `care.rs`.

use crate::oplog::Op;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError, new_id};
use dugu_domain::{EntityKind, FieldGroup, Invalid, Problem};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

mod care;

/// A family house.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct House {
    /// Id.
    pub id: String,
    /// The village (location).
    pub location_id: String,
    /// Its name ("Maison Baobab").
    pub name: String,
    /// How many children it is set up for.
    pub capacity: i64,
    /// The SOS parent (a person), if named.
    pub sos_parent_id: Option<String>,
    /// The SOS parent's name.
    pub sos_parent_name: Option<String>,
    /// Children living there now.
    pub occupancy: i64,
}

/// A new family house.
#[derive(Debug, Clone, Default)]
pub struct HouseInput {
    /// Village.
    pub location_id: String,
    /// Name.
    pub name: String,
    /// Capacity.
    pub capacity: Option<i64>,
    /// SOS parent (person id), optional.
    pub sos_parent_id: String,
}

/// An admission as entered.
#[derive(Debug, Clone, Default)]
pub struct AdmissionInput {
    /// `YYYY-MM-DD`.
    pub admitted_on: String,
    /// Reason code.
    pub reason: String,
    /// Who referred the child (a service, a court, a chief).
    pub referred_by: String,
    /// The house the child goes to.
    pub house_id: String,
    /// A brother or sister admitted with the child (person id), optional.
    pub sibling_id: String,
    /// The director confirmed placing the child in a house that is full
    /// (at or over its capacity); without it such an admission is refused.
    pub confirm_over_capacity: bool,
}

/// A child's time in care, as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Care {
    /// Admission id.
    pub admission_id: String,
    /// When admitted.
    pub admitted_on: String,
    /// Why (protection readers only; absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Referred by (protection readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referred_by: Option<String>,
    /// When the child left, if it has.
    pub left_on: Option<String>,
    /// How (protection readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leaving_reason: Option<String>,
    /// Where the child lived, latest first.
    pub placements: Vec<Placement>,
    /// Brothers and sisters admitted together, with their current house.
    pub siblings: Vec<Sibling>,
    /// A sibling admitted together lives in another house now.
    pub siblings_split: bool,
    /// Follow-up visits after leaving, latest first (protection readers
    /// only): (date, notes).
    pub follow_ups: Vec<(String, String)>,
    /// Each follow-up's id, in the same order (its correction page).
    #[serde(skip)]
    pub follow_up_ids: Vec<String>,
    /// The child's earlier times in care (before a re-admission), latest
    /// first.
    pub earlier_stays: Vec<Stay>,
}

/// An earlier time in care: admission to leaving, and its houses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stay {
    /// Admission id.
    pub admission_id: String,
    /// When admitted.
    pub admitted_on: String,
    /// Why (protection readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When the child left, if it has.
    pub left_on: Option<String>,
    /// How (protection readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leaving_reason: Option<String>,
    /// The houses of that stay, latest first.
    pub placements: Vec<Placement>,
}

/// A stay in a family house.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement {
    /// House id.
    pub house_id: String,
    /// House name.
    pub house_name: String,
    /// SOS parent's name then.
    pub sos_parent_name: Option<String>,
    /// From.
    pub from_date: String,
    /// Until (none while it lasts).
    pub to_date: Option<String>,
}

/// A sibling admitted together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sibling {
    /// The sibling.
    pub person_id: String,
    /// Name.
    pub name: String,
    /// Current house, if still in care.
    pub house_name: Option<String>,
}

/// One child living in a house, for the village page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resident {
    /// Person id.
    pub person_id: String,
    /// House.
    pub house_id: String,
    /// Name.
    pub name: String,
    /// `F` or `M`.
    pub sex: String,
    /// Birth date.
    pub birth_date: Option<String>,
    /// Living there since.
    pub since: String,
}

/// A village at a glance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Village {
    /// The houses with their occupancy.
    pub houses: Vec<House>,
    /// Children living in them.
    pub residents: Vec<Resident>,
    /// Admissions in `year`.
    pub admitted_this_year: i64,
    /// Leavings in `year`, by reason code (protection readers; otherwise
    /// one total under `left`).
    pub left_this_year: Vec<(String, i64)>,
}

fn text(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl Tx<'_> {
    fn person_location(&self, who: &Principal, person_id: &str) -> Result<String, StoreError> {
        let loc: Option<String> = self
            .conn
            .query_row("SELECT location_id FROM people WHERE id = ?1", [person_id], |r| r.get(0))
            .optional()?;
        loc.filter(|l| who.role.reads_people() && who.scope.contains(l)).ok_or(StoreError::NotFound)
    }

    fn house_in(&self, who: &Principal, house_id: &str) -> Result<Option<(String, i64)>, StoreError> {
        let h: Option<(String, i64)> = self
            .conn
            .query_row("SELECT location_id, capacity FROM family_houses WHERE id = ?1", [house_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        Ok(h.filter(|(l, _)| who.scope.contains(l)))
    }

    /// Sets up a family house in a village in scope (the village director).
    pub fn create_house(&mut self, who: &Principal, input: &HouseInput) -> Result<House, StoreError> {
        if !who.role.manages_village() {
            return Err(StoreError::Forbidden);
        }
        let mut inv = Invalid::new();
        if !who.scope.contains(&input.location_id) {
            inv.add("location_id", Problem::Unknown);
        }
        let name =
            inv.check("name", dugu_domain::person::optional_text(&input.name).and_then(|n| n.ok_or(Problem::Required)));
        let capacity =
            inv.check("capacity", input.capacity.ok_or(Problem::Required).and_then(dugu_domain::village::capacity));
        let parent = text(&input.sos_parent_id);
        let mut parent_name = None;
        if let Some(p) = &parent {
            match self.person_location(who, p) {
                Ok(_) => {
                    parent_name = self
                        .conn
                        .query_row("SELECT given_name || ' ' || family_name FROM people WHERE id = ?1", [p], |r| {
                            r.get::<_, String>(0)
                        })
                        .optional()?;
                }
                Err(_) => inv.add("sos_parent_id", Problem::Unknown),
            }
        }
        inv.clone().into_result()?;
        let (Some(name), Some(capacity)) = (name, capacity) else { return Err(inv.into()) };
        let id = new_id();
        let taken: bool = self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM family_houses WHERE location_id = ?1 AND name = ?2)",
            params![input.location_id, name],
            |r| r.get(0),
        )?;
        if taken {
            let mut inv = Invalid::new();
            inv.add("name", Problem::Taken);
            return Err(inv.into());
        }
        let fields = vec![
            ("location_id", serde_json::json!(input.location_id)),
            ("name", serde_json::json!(name)),
            ("capacity", serde_json::json!(capacity)),
            ("sos_parent_id", serde_json::json!(parent)),
        ];
        self.apply(Some(who), vec![Op::create(EntityKind::House, &id, fields)])?;
        Ok(House {
            id,
            location_id: input.location_id.clone(),
            name,
            capacity,
            sos_parent_id: parent,
            sos_parent_name: parent_name,
            occupancy: 0,
        })
    }
}

impl Store {
    /// Sets up a family house (see [`Tx::create_house`]).
    pub fn create_house(&self, who: &Principal, input: HouseInput) -> Result<House, StoreError> {
        let who = who.clone();
        self.write(move |tx| tx.create_house(&who, &input))
    }

    /// The houses of villages at `location_id` or below, within scope,
    /// with their occupancy; the SOS parents they name are audited.
    pub fn houses(&self, who: &Principal, location_id: &str) -> Result<Vec<House>, StoreError> {
        let houses = self.houses_unaudited(who, location_id)?;
        self.audit_shown(who, "houses", location_id, houses.iter().filter_map(|h| h.sos_parent_id.clone()).collect())?;
        Ok(houses)
    }

    fn houses_unaudited(&self, who: &Principal, location_id: &str) -> Result<Vec<House>, StoreError> {
        who.may_list(who.role.reads_people(), location_id)?;
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT h.id, h.location_id, h.name, h.capacity, sp.id, sp.given_name || ' ' || sp.family_name,
                        (SELECT COUNT(*) FROM placements pl WHERE pl.house_id = h.id AND pl.to_date IS NULL)
                 FROM location_closure lc JOIN family_houses h ON h.location_id = lc.descendant_id
                 LEFT JOIN people sp ON sp.id = h.sos_parent_id AND (?3 = 1 OR sp.location_id IN rarray(?2))
                 WHERE lc.ancestor_id = ?1 AND (?3 = 1 OR h.location_id IN rarray(?2))
                 ORDER BY h.name",
            )?;
            let (all, ids) = who.scope.sql();
            let rows = st.query_map(params![location_id, ids, all], |r| {
                Ok(House {
                    id: r.get(0)?,
                    location_id: r.get(1)?,
                    name: r.get(2)?,
                    capacity: r.get(3)?,
                    sos_parent_id: r.get(4)?,
                    sos_parent_name: r.get(5)?,
                    occupancy: r.get(6)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// A village at a glance: houses, the children living in them, and this
    /// year's admissions and leavings (counts).
    pub fn village(&self, who: &Principal, location_id: &str, year: i32) -> Result<Village, StoreError> {
        let houses = self.houses_unaudited(who, location_id)?;
        let protection = who.role.reads(FieldGroup::Protection);
        self.read(|c| {
            let (all, ids) = who.scope.sql();
            let mut st = c.prepare_cached(
                "SELECT p.id, pl.house_id, p.given_name || ' ' || p.family_name, p.sex, p.birth_date, pl.from_date
                 FROM location_closure lc JOIN family_houses h ON h.location_id = lc.descendant_id
                 JOIN placements pl ON pl.house_id = h.id AND pl.to_date IS NULL
                 JOIN people p ON p.id = pl.person_id
                 WHERE lc.ancestor_id = ?1 AND (?3 = 1 OR (h.location_id IN rarray(?2) AND p.location_id IN rarray(?2)))
                 ORDER BY p.sort_name",
            )?;
            let residents = st
                .query_map(params![location_id, ids, all], |r| {
                    Ok(Resident {
                        person_id: r.get(0)?,
                        house_id: r.get(1)?,
                        name: r.get(2)?,
                        sex: r.get(3)?,
                        birth_date: r.get(4)?,
                        since: r.get(5)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
            let admitted_this_year: i64 = c.prepare_cached(
                "SELECT COUNT(*) FROM location_closure lc JOIN admissions a ON a.location_id = lc.descendant_id
                 WHERE lc.ancestor_id = ?1 AND (?3 = 1 OR a.location_id IN rarray(?2)) AND a.admitted_on BETWEEN ?4 AND ?5",
            )?
            .query_row(params![location_id, ids, all, from, to], |r| r.get(0))?;
            let mut st = c.prepare_cached(
                "SELECT a.leaving_reason, COUNT(*) FROM location_closure lc JOIN admissions a ON a.location_id = lc.descendant_id
                 WHERE lc.ancestor_id = ?1 AND (?3 = 1 OR a.location_id IN rarray(?2)) AND a.left_on BETWEEN ?4 AND ?5
                 GROUP BY a.leaving_reason ORDER BY a.leaving_reason",
            )?;
            let by_reason: Vec<(String, i64)> = st
                .query_map(params![location_id, ids, all, from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let left_this_year = if protection {
                by_reason
            } else {
                let total: i64 = by_reason.iter().map(|(_, n)| n).sum();
                if total > 0 { vec![("left".to_string(), total)] } else { Vec::new() }
            };
            Ok(Village { houses, residents, admitted_this_year, left_this_year })
        })
        .and_then(|v: Village| {
            let parents = v.houses.iter().filter_map(|h| h.sos_parent_id.clone());
            let shown = v.residents.iter().map(|r| r.person_id.clone()).chain(parents).collect();
            self.audit_shown(who, "village", location_id, shown)?;
            Ok(v)
        })
    }
}
