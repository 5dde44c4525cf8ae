//! Growth measurements of a child. They are medical data: only roles that
//! read the medical field group see them, only roles that write it record
//! them. Raw values are stored; z-scores are computed when read.

use crate::decode;
use crate::writer::Tx;
use crate::writes::AuditWrites;
use crate::{Principal, Store, StoreError};
pub use dugu_commands::growth::{Recorded, StoredMeasurement};
use dugu_domain::measurement::MeasurementInput;
use dugu_domain::{FieldGroup, Sex};
use rusqlite::params;
use std::collections::HashMap;
use time::Date;

/// A child with its latest measurement, for nutrition lists and
/// prevalence (no name: lists fetch names only for what they show, with
/// [`Store::names_of`]).
#[derive(Debug, Clone, PartialEq)]
pub struct LatestMeasurement {
    /// The child's id.
    pub person_id: String,
    /// Sex.
    pub sex: Sex,
    /// Birth date, if known.
    pub birth_date: Option<Date>,
    /// Location id.
    pub location_id: String,
    /// The measurement.
    pub measurement: StoredMeasurement,
    /// The weight and date of the measurement before it with a weight, if
    /// any (for "falling weight-for-age").
    pub previous_weight: Option<(Date, f64)>,
    /// The latest measurement that can judge acute malnutrition (MUAC,
    /// oedema, or weight with length/height) when it is an earlier one than
    /// `measurement`, so a later weight-only one does not hide a SAM or MAM.
    /// `None` when `measurement` itself can judge it, or none can: either
    /// way there is nothing earlier to assess. Its head circumference is
    /// not kept (`None`).
    pub assessable: Option<StoredMeasurement>,
}

/// A measurement from the nine columns `id, person_id, measured_on,
/// weight_kg, length_height_cm, measured, oedema, muac_mm, head_cm`
/// starting at column `at`.
pub(crate) fn read_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<StoredMeasurement> {
    Ok(StoredMeasurement {
        id: r.get(at)?,
        person_id: r.get(at + 1)?,
        date: decode::date(r, at + 2)?,
        weight_kg: r.get(at + 3)?,
        length_height_cm: r.get(at + 4)?,
        measured: r.get(at + 5)?,
        oedema: r.get::<_, i64>(at + 6)? == 1,
        muac_mm: r.get(at + 7)?,
        head_cm: r.get(at + 8)?,
    })
}

impl Tx<'_> {
    /// Records a measurement of a child in scope (the command:
    /// [`dugu_commands::growth::record_measurement`]). Out of scope or
    /// unknown: `NotFound`; a role that may not write medical data:
    /// `Forbidden`; bad values: `Invalid` naming each field, nothing written.
    pub fn record_measurement(
        &mut self,
        who: &Principal,
        person_id: &str,
        input: &MeasurementInput,
        today: time::Date,
    ) -> Result<Recorded, StoreError> {
        Ok(dugu_commands::growth::record_measurement(self, who, person_id, input, today)?)
    }
}

/// Children's measurements and the nutrition lists of a place (medical data).
pub trait GrowthReads {
    /// Record numbers and names of people in scope, by id, for showing a
    /// list (ids out of scope or unknown are left out). The people named
    /// are audited as one list view.
    fn names_of(&self, who: &Principal, ids: &[String]) -> Result<HashMap<String, (String, String)>, StoreError>;

    /// A child's measurements, oldest first; a role that does not read
    /// medical data gets none, a child out of scope is `NotFound`. (The
    /// view is audited by [`Store::view_person`](crate::reads::PeopleReads::view_person), which pages call first.)
    fn measurements_of(&self, who: &Principal, person_id: &str) -> Result<Vec<StoredMeasurement>, StoreError>;

    /// A child's struck-out measurements, oldest first, each with the reason
    /// it was struck out (they keep a page of their own, read-only). Same
    /// rules as [`Store::measurements_of`]: a role that does not read
    /// medical data gets none, a child out of scope is `NotFound`.
    fn struck_measurements_of(
        &self,
        who: &Principal,
        person_id: &str,
    ) -> Result<Vec<(StoredMeasurement, String)>, StoreError>;

    /// The latest measurement of every child measured at `location_id` or
    /// below, within scope. A location out of scope is `NotFound`; a role
    /// that does not read medical data is `Forbidden`.
    fn latest_measurements(&self, who: &Principal, location_id: &str) -> Result<Vec<LatestMeasurement>, StoreError>;

    /// Children under five on `today` at `location_id` or below, within
    /// scope, who have never been measured: `(id, sex, birth date)`,
    /// oldest first. Same access rules as [`Store::latest_measurements`].
    fn never_measured(
        &self,
        who: &Principal,
        location_id: &str,
        today: time::Date,
    ) -> Result<Vec<(String, Sex, Date)>, StoreError>;
}

impl GrowthReads for Store {
    fn names_of(&self, who: &Principal, ids: &[String]) -> Result<HashMap<String, (String, String)>, StoreError> {
        if !who.role.reads_people() || ids.is_empty() {
            return Ok(HashMap::new());
        }
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, record_number, given_name || ' ' || family_name, location_id FROM people
                 WHERE id IN rarray(?1) ORDER BY sort_name",
            )?;
            let wanted =
                std::rc::Rc::new(ids.iter().map(|i| rusqlite::types::Value::from(i.clone())).collect::<Vec<_>>());
            let rows =
                st.query_map([wanted], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?)))?;
            let mut out = HashMap::new();
            for row in rows {
                let (id, number, name, location) = row?;
                if who.scope.contains(&location) {
                    out.insert(id, (number, name));
                }
            }
            Ok(out)
        })
        .and_then(|out: HashMap<String, (String, String)>| {
            self.audit_shown(who, "person_list", "", out.keys().cloned().collect())?;
            Ok(out)
        })
    }

    fn measurements_of(&self, who: &Principal, person_id: &str) -> Result<Vec<StoredMeasurement>, StoreError> {
        self.read(|c| {
            who.may_see_person(c, person_id)?;
            if !who.role.reads(FieldGroup::Medical) {
                return Ok(Vec::new());
            }
            let mut st = c.prepare_cached(
                "SELECT id, person_id, measured_on, weight_kg, length_height_cm, measured, oedema, muac_mm, head_cm
                 FROM measurements WHERE person_id = ?1 AND struck_out IS NULL ORDER BY measured_on, created_at",
            )?;
            let rows = st.query_map([person_id], |r| read_at(r, 0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn struck_measurements_of(
        &self,
        who: &Principal,
        person_id: &str,
    ) -> Result<Vec<(StoredMeasurement, String)>, StoreError> {
        self.read(|c| {
            who.may_see_person(c, person_id)?;
            if !who.role.reads(FieldGroup::Medical) {
                return Ok(Vec::new());
            }
            let mut st = c.prepare_cached(
                "SELECT id, person_id, measured_on, weight_kg, length_height_cm, measured, oedema, muac_mm, head_cm,
                        struck_out
                 FROM measurements WHERE person_id = ?1 AND struck_out IS NOT NULL ORDER BY measured_on, created_at",
            )?;
            let rows = st.query_map([person_id], |r| Ok((read_at(r, 0)?, r.get(9)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn latest_measurements(&self, who: &Principal, location_id: &str) -> Result<Vec<LatestMeasurement>, StoreError> {
        who.may_list(who.role.reads(FieldGroup::Medical), location_id)?;
        // Two range reads of one snapshot: every child's latest
        // measurement with one flag, then the earlier assessable
        // measurement of only the children flagged. Reading its seven
        // columns for every child made Kita's nutrition list and prevalence
        // ~1.2x slower (docs/benchmarks.md, session 19), for a measurement
        // that is nearly always the latest itself.
        self.read(|c| {
            let snapshot = c.unchecked_transaction()?;
            let (all, ids) = who.scope.sql();
            let mut st = c.prepare_cached(
                "SELECT g.person_id, g.sex, g.birth_date, g.location_id, g.measurement_id, g.measured_on, g.weight_kg,
                        g.length_height_cm, g.measured, g.oedema, g.muac_mm, g.head_cm, g.prev_date, g.prev_weight_kg,
                        g.assessable_id IS NOT NULL AND g.assessable_id IS NOT g.measurement_id
                 FROM location_closure lc JOIN growth_status g ON g.location_id = lc.descendant_id
                 WHERE lc.ancestor_id = ?1 AND (?3 = 1 OR g.location_id IN rarray(?2))",
            )?;
            let mut earlier = 0usize;
            let rows = st.query_map(params![location_id, ids.clone(), all], |r| {
                let person_id: String = r.get(0)?;
                let (prev_date, prev_weight): (Option<Date>, Option<f64>) = (decode::opt_date(r, 12)?, r.get(13)?);
                earlier += usize::from(r.get::<_, bool>(14)?);
                Ok(LatestMeasurement {
                    sex: decode::sex(r, 1)?,
                    birth_date: decode::opt_date(r, 2)?,
                    location_id: r.get(3)?,
                    measurement: StoredMeasurement {
                        id: r.get(4)?,
                        person_id: person_id.clone(),
                        date: decode::date(r, 5)?,
                        weight_kg: r.get(6)?,
                        length_height_cm: r.get(7)?,
                        measured: r.get(8)?,
                        oedema: r.get::<_, i64>(9)? == 1,
                        muac_mm: r.get(10)?,
                        head_cm: r.get(11)?,
                    },
                    person_id,
                    previous_weight: prev_date.zip(prev_weight),
                    assessable: None,
                })
            })?;
            let mut latest: Vec<LatestMeasurement> = rows.collect::<Result<_, _>>()?;
            if earlier > 0 {
                let mut st = c.prepare_cached(
                    "SELECT g.person_id, g.assessable_id, g.assessable_on, g.assessable_weight_kg,
                            g.assessable_length_height_cm, g.assessable_measured, g.assessable_oedema,
                            g.assessable_muac_mm
                     FROM location_closure lc JOIN growth_status g ON g.location_id = lc.descendant_id
                     WHERE lc.ancestor_id = ?1 AND (?3 = 1 OR g.location_id IN rarray(?2))
                       AND g.assessable_id IS NOT NULL AND g.assessable_id IS NOT g.measurement_id",
                )?;
                let rows = st.query_map(params![location_id, ids, all], |r| {
                    let person_id: String = r.get(0)?;
                    Ok(StoredMeasurement {
                        id: r.get(1)?,
                        date: decode::date(r, 2)?,
                        weight_kg: r.get(3)?,
                        length_height_cm: r.get(4)?,
                        measured: r.get(5)?,
                        oedema: r.get::<_, Option<i64>>(6)? == Some(1),
                        muac_mm: r.get(7)?,
                        head_cm: None,
                        person_id,
                    })
                })?;
                let mut by_person: HashMap<String, StoredMeasurement> =
                    rows.map(|m| m.map(|m| (m.person_id.clone(), m))).collect::<Result<_, _>>()?;
                for l in &mut latest {
                    l.assessable = by_person.remove(&l.person_id);
                }
            }
            snapshot.commit()?;
            Ok(latest)
        })
    }

    fn never_measured(
        &self,
        who: &Principal,
        location_id: &str,
        today: time::Date,
    ) -> Result<Vec<(String, Sex, Date)>, StoreError> {
        who.may_list(who.role.reads(FieldGroup::Medical), location_id)?;
        let (after, until) = dugu_domain::people_filter::AgeGroup::UnderFive.births(today);
        let after = after.map(|d| d.to_string());
        // Two range reads (the measured, then the under-fives from a
        // covering index) compared here: an anti-join looked each child up
        // at random, 0.12 s for Kita's 30,000 under-fives.
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT g.person_id FROM location_closure lc JOIN growth_status g ON g.location_id = lc.descendant_id
                 WHERE lc.ancestor_id = ?1",
            )?;
            let measured: std::collections::HashSet<String> =
                st.query_map([location_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
            let mut st = c.prepare_cached(
                "SELECT p.id, p.sex, p.birth_date
                 FROM location_closure lc JOIN people p ON p.location_id = lc.descendant_id
                 WHERE lc.ancestor_id = ?1 AND (?3 = 1 OR p.location_id IN rarray(?2))
                   AND p.birth_date > ?4 AND p.birth_date <= ?5",
            )?;
            let (all, ids) = who.scope.sql();
            let mut rows = st.query(params![location_id, ids, all, after, until.to_string()])?;
            let mut out: Vec<(String, Sex, Date)> = Vec::new();
            while let Some(r) = rows.next()? {
                let id: String = r.get(0)?;
                if !measured.contains(&id) {
                    out.push((id, decode::sex(r, 1)?, decode::date(r, 2)?));
                }
            }
            out.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
            Ok(out)
        })
    }
}

/// A growth measurement recorded: `dugu_commands::growth`, in one write.
pub trait GrowthWrites {
    /// Records a measurement (see [`Tx::record_measurement`]).
    fn record_measurement(
        &self,
        who: &Principal,
        person_id: &str,
        input: MeasurementInput,
        today: time::Date,
    ) -> Result<Recorded, StoreError>;
}

impl GrowthWrites for Store {
    fn record_measurement(
        &self,
        who: &Principal,
        person_id: &str,
        input: MeasurementInput,
        today: time::Date,
    ) -> Result<Recorded, StoreError> {
        let (who, person_id) = (who.clone(), person_id.to_string());
        self.write(move |tx| tx.record_measurement(&who, &person_id, &input, today))
    }
}
