//! Children's Villages: family houses, admissions, placements and leaving
//! care. Houses are set up by the village director; children are admitted,
//! moved and discharged by those who handle care (directors, social
//! workers); everyone who reads people sees where a child lives; only
//! protection readers see why a child was admitted or how it left.
//!
//! Here: the types, family houses and the village at a glance; a child's
//! time in care (admission, moves, leaving, follow-ups) is in `care.rs`.

use crate::contract::fact;
use crate::writer::Tx;
use crate::writes::AuditWrites;
use crate::{Principal, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::villages::{AdmissionFacts, CurrentPlacement, HouseFacts, VillageTx};
use dugu_domain::FieldGroup;
use dugu_domain::village::{AdmissionReason, LeavingReason, LeftBy};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

mod care;

pub use care::{CareReads, CareWrites};

pub use dugu_commands::villages::{AdmissionInput, House, HouseInput, TransferInput};

/// A child's time in care, as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Care {
    /// Admission id.
    pub admission_id: String,
    /// When admitted.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub admitted_on: time::Date,
    /// Why (protection readers only; absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<AdmissionReason>,
    /// Referred by (protection readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referred_by: Option<String>,
    /// When the child left, if it has.
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    pub left_on: Option<time::Date>,
    /// How (protection readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leaving_reason: Option<LeavingReason>,
    /// Where the child lived, latest first.
    pub placements: Vec<Placement>,
    /// Brothers and sisters admitted together, with their current house.
    pub siblings: Vec<Sibling>,
    /// A sibling admitted together lives in another house now.
    pub siblings_split: bool,
    /// Follow-up visits after leaving, latest first (protection readers
    /// only): (date, notes).
    pub follow_ups: Vec<(FollowUpDay, String)>,
    /// Each follow-up's id, in the same order (its correction page).
    #[serde(skip)]
    pub follow_up_ids: Vec<String>,
    /// The child's earlier times in care (before a re-admission), latest
    /// first.
    pub earlier_stays: Vec<Stay>,
}

/// The day of a follow-up visit (in JSON: `YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FollowUpDay(#[serde(with = "dugu_domain::birth::iso_day")] pub time::Date);

/// An earlier time in care: admission to leaving, and its houses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stay {
    /// Admission id.
    pub admission_id: String,
    /// When admitted.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub admitted_on: time::Date,
    /// Why (protection readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<AdmissionReason>,
    /// When the child left, if it has.
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    pub left_on: Option<time::Date>,
    /// How (protection readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leaving_reason: Option<LeavingReason>,
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
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub from_date: time::Date,
    /// Until (none while it lasts).
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    pub to_date: Option<time::Date>,
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
    /// Sex (`F` or `M` in JSON).
    pub sex: dugu_domain::Sex,
    /// Birth date.
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    pub birth_date: Option<time::Date>,
    /// Living there since.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub since: time::Date,
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
    /// Leavings in `year`, by reason (protection readers; otherwise one
    /// total, [`LeftBy::Any`]).
    pub left_this_year: Vec<(LeftBy, i64)>,
}

impl Tx<'_> {
    /// Sets up a family house in a village in scope (the command:
    /// [`dugu_commands::villages::create_house`]).
    pub fn create_house(&mut self, who: &Principal, input: &HouseInput) -> Result<House, StoreError> {
        Ok(dugu_commands::villages::create_house(self, who, input)?)
    }
}

impl VillageTx for Tx<'_> {
    fn house(&self, house_id: &str) -> Result<Option<HouseFacts>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT location_id, capacity,
                            (SELECT COUNT(*) FROM placements WHERE house_id = ?1 AND to_date IS NULL)
                     FROM family_houses WHERE id = ?1",
                )?
                .query_row([house_id], |r| {
                    Ok(HouseFacts { location_id: r.get(0)?, capacity: r.get(1)?, living: r.get(2)? })
                })
                .optional()?)
        })
    }

    fn house_name_taken(&self, location_id: &str, name: &str) -> Result<bool, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT EXISTS(SELECT 1 FROM family_houses WHERE location_id = ?1 AND name = ?2)")?
                .query_row(params![location_id, name], |r| r.get(0))?)
        })
    }

    fn person_name(&self, person_id: &str) -> Result<Option<String>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT given_name || ' ' || family_name FROM people WHERE id = ?1")?
                .query_row([person_id], |r| r.get(0))
                .optional()?)
        })
    }

    fn current_placement(&self, person_id: &str) -> Result<Option<CurrentPlacement>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT id, house_id, from_date FROM placements WHERE person_id = ?1 AND to_date IS NULL",
                )?
                .query_row([person_id], |r| {
                    Ok(CurrentPlacement { id: r.get(0)?, house_id: r.get(1)?, from_date: r.get(2)? })
                })
                .optional()?)
        })
    }

    fn open_admission(&self, person_id: &str) -> Result<Option<(String, String)>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT id, admitted_on FROM admissions WHERE person_id = ?1 AND left_on IS NULL
                     AND struck_out IS NULL",
                )?
                .query_row([person_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?)
        })
    }

    fn latest_admission(&self, person_id: &str) -> Result<Option<AdmissionFacts>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT id, sibling_group, left_on FROM admissions WHERE person_id = ?1 AND struck_out IS NULL
                     ORDER BY admitted_on DESC LIMIT 1",
                )?
                .query_row([person_id], |r| {
                    Ok(AdmissionFacts { id: r.get(0)?, sibling_group: r.get(1)?, left_on: r.get(2)? })
                })
                .optional()?)
        })
    }
}

impl Store {
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
}

/// A children's village: its family houses and the village at a glance.
pub trait VillageReads {
    /// The houses of villages at `location_id` or below, within scope,
    /// with their occupancy; the SOS parents they name are audited.
    fn houses(&self, who: &Principal, location_id: &str) -> Result<Vec<House>, StoreError>;

    /// A village at a glance: houses, the children living in them, and this
    /// year's admissions and leavings (counts).
    fn village(&self, who: &Principal, location_id: &str, year: i32) -> Result<Village, StoreError>;
}

impl VillageReads for Store {
    fn houses(&self, who: &Principal, location_id: &str) -> Result<Vec<House>, StoreError> {
        let houses = self.houses_unaudited(who, location_id)?;
        self.audit_shown(who, "houses", location_id, houses.iter().filter_map(|h| h.sos_parent_id.clone()).collect())?;
        Ok(houses)
    }

    fn village(&self, who: &Principal, location_id: &str, year: i32) -> Result<Village, StoreError> {
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
                        sex: crate::decode::sex(r, 3)?,
                        birth_date: crate::decode::opt_date(r, 4)?,
                        since: crate::decode::date(r, 5)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
            let admitted_this_year: i64 = c.prepare_cached(
                "SELECT COUNT(*) FROM location_closure lc JOIN admissions a ON a.location_id = lc.descendant_id
                 WHERE lc.ancestor_id = ?1 AND (?3 = 1 OR a.location_id IN rarray(?2)) AND a.admitted_on BETWEEN ?4 AND ?5
                 AND a.struck_out IS NULL",
            )?
            .query_row(params![location_id, ids, all, from, to], |r| r.get(0))?;
            let mut st = c.prepare_cached(
                "SELECT a.leaving_reason, COUNT(*) FROM location_closure lc JOIN admissions a ON a.location_id = lc.descendant_id
                 WHERE lc.ancestor_id = ?1 AND (?3 = 1 OR a.location_id IN rarray(?2)) AND a.left_on BETWEEN ?4 AND ?5
                 AND a.struck_out IS NULL
                 GROUP BY a.leaving_reason ORDER BY a.leaving_reason",
            )?;
            // A leaving always has its reason (the command requires one).
            let by_reason: Vec<(LeftBy, i64)> = st
                .query_map(params![location_id, ids, all, from, to], |r| {
                    Ok((LeftBy::Reason(crate::decode::leaving_reason(r, 0)?), r.get(1)?))
                })?
                .collect::<Result<_, _>>()?;
            let left_this_year = if protection {
                by_reason
            } else {
                let total: i64 = by_reason.iter().map(|(_, n)| n).sum();
                if total > 0 { vec![(LeftBy::Any, total)] } else { Vec::new() }
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

/// A village's family houses: `dugu_commands::villages`, in one write.
pub trait VillageWrites {
    /// Sets up a family house (see [`Tx::create_house`]).
    fn create_house(&self, who: &Principal, input: HouseInput) -> Result<House, StoreError>;
}

impl VillageWrites for Store {
    fn create_house(&self, who: &Principal, input: HouseInput) -> Result<House, StoreError> {
        let who = who.clone();
        self.write(move |tx| tx.create_house(&who, &input))
    }
}
