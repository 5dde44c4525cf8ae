//! Vaccinations: a child's card against the schedule, the doses given
//! outside it (campaigns, catch-up), what is known of a history that began
//! before the child came to us, and the list of children with doses
//! overdue. The card and the list apply one rule
//! ([`dugu_domain::vaccine::dose_state`]), so they never disagree. Medical
//! data: recorded by roles that write the medical group, read by roles
//! that read it.

use crate::contract::fact;
use crate::decode;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::vaccinations::VaccinationTx;
use dugu_domain::vaccine::{DoseRecord, DoseState, dose_state, given_until_days, overdue_window_days};
use dugu_domain::{FieldGroup, Sex};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;
use time::Date;

/// One dose of the schedule for one child.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dose {
    /// Dose code (`penta1`).
    pub code: String,
    /// Vaccine and dose, as the schedule names it.
    pub vaccine: String,
    /// Due date (birth date + the schedule's age).
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub due_on: Date,
    /// Given on, if given on a known day.
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    pub given_on: Option<Date>,
    /// Its state today, by the rule the overdue list applies too.
    #[serde(serialize_with = "state_code")]
    pub state: DoseState,
    /// The record of it, if any (its correction page).
    #[serde(skip)]
    pub record_id: Option<String>,
}

fn state_code<S: serde::Serializer>(s: &DoseState, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(s.code())
}

/// A child with vaccinations overdue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueChild {
    /// The child.
    pub person_id: String,
    /// Record number.
    pub record_number: String,
    /// Name.
    pub name: String,
    /// Sex (`F` or `M` in JSON).
    pub sex: Sex,
    /// Birth date (known to the day: only such children are listed).
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub birth_date: Date,
    /// The dose codes due and not given.
    pub overdue: Vec<String>,
}

pub use dugu_commands::vaccinations::{CardHistory, EXTRA_DOSE_CONTEXTS};

/// A dose given outside the schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtraDose {
    /// Id.
    pub id: String,
    /// The vaccine, as written on the card.
    pub vaccine: String,
    /// Given on.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub given_on: Date,
    /// `campaign`, `catch_up` or `other`.
    pub context: String,
}

/// The day before which a child's history is unknown, if the card says so
/// (the latest statement wins).
fn history_before(c: &Connection, person_id: &str) -> Result<Option<time::Date>, StoreError> {
    Ok(c.prepare_cached(
        "SELECT as_of FROM vaccination_cards WHERE person_id = ?1 ORDER BY created_at DESC, id DESC LIMIT 1",
    )?
    .query_row([person_id], |r| decode::date(r, 0))
    .optional()?)
}

/// The best of two records of one dose: a date over a card, a card over
/// "unknown".
fn better(a: DoseRecord, b: DoseRecord) -> DoseRecord {
    let rank = |r: DoseRecord| match r {
        DoseRecord::Dated => 3,
        DoseRecord::CardUndated => 2,
        DoseRecord::Unknown => 1,
        DoseRecord::Nothing => 0,
    };
    if rank(b) > rank(a) { b } else { a }
}

impl Tx<'_> {
    /// Records that a dose of the schedule was given on a day (the
    /// command: [`dugu_commands::vaccinations::vaccinate`]).
    pub fn vaccinate(
        &mut self,
        who: &Principal,
        person_id: &str,
        dose: &str,
        given_on: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::vaccinations::vaccinate(self, who, person_id, dose, given_on, today)?)
    }

    /// Records what is known of a dose without a day (the command:
    /// [`dugu_commands::vaccinations::record_undated_dose`]).
    pub fn record_undated_dose(
        &mut self,
        who: &Principal,
        person_id: &str,
        dose: &str,
        undated: &str,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::vaccinations::record_undated_dose(self, who, person_id, dose, undated)?)
    }

    /// States that the child's history before `as_of` is unknown, or was
    /// read from a card without dates (the command:
    /// [`dugu_commands::vaccinations::state_vaccination_history`]).
    pub fn state_vaccination_history(
        &mut self,
        who: &Principal,
        person_id: &str,
        history: &str,
        as_of: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::vaccinations::state_vaccination_history(self, who, person_id, history, as_of, today)?)
    }

    /// Records a dose given outside the schedule (the command:
    /// [`dugu_commands::vaccinations::record_extra_dose`]).
    pub fn record_extra_dose(
        &mut self,
        who: &Principal,
        person_id: &str,
        vaccine: &str,
        given_on: &str,
        context: &str,
        today: time::Date,
    ) -> Result<String, StoreError> {
        Ok(dugu_commands::vaccinations::record_extra_dose(self, who, person_id, vaccine, given_on, context, today)?)
    }
}

impl VaccinationTx for Tx<'_> {
    fn dose_in_schedule(&self, dose: &str) -> Result<bool, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT EXISTS(SELECT 1 FROM vaccine_schedule WHERE code = ?1)")?
                .query_row([dose], |r| r.get(0))?)
        })
    }

    fn dose_given(&self, person_id: &str, dose: &str) -> Result<bool, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT EXISTS(SELECT 1 FROM vaccinations WHERE person_id = ?1 AND dose_code = ?2
                                   AND struck_out IS NULL AND (undated IS NULL OR undated = 'card'))",
                )?
                .query_row(params![person_id, dose], |r| r.get(0))?)
        })
    }
}

/// Vaccination cards, doses outside the schedule and a place's overdue list.
pub trait VaccinationReads {
    /// A child's vaccination card against the schedule on `today` (medical
    /// readers only; empty without a full birth date), with the card's
    /// statement about its history, if any. A person out of scope is
    /// `NotFound`.
    fn vaccination_card(
        &self,
        who: &Principal,
        person_id: &str,
        birth_date: Option<Date>,
        today: time::Date,
    ) -> Result<Vec<Dose>, StoreError>;

    /// A child's doses given outside the schedule, latest first. Same
    /// access as the card.
    fn extra_doses_of(&self, who: &Principal, person_id: &str) -> Result<Vec<ExtraDose>, StoreError>;

    /// Children of `location_id` and below, within scope, with doses
    /// overdue on `today` by the card's rule: due, not given, still worth
    /// giving at the child's age, and not due before a history stated
    /// unknown. Only children young enough for some dose to be overdue are
    /// read.
    fn overdue_vaccinations(
        &self,
        who: &Principal,
        location_id: &str,
        today: time::Date,
    ) -> Result<Vec<OverdueChild>, StoreError>;
}

impl VaccinationReads for Store {
    fn vaccination_card(
        &self,
        who: &Principal,
        person_id: &str,
        birth_date: Option<Date>,
        today: time::Date,
    ) -> Result<Vec<Dose>, StoreError> {
        self.read(|c| {
            who.may_see_person(c, person_id)?;
            let Some(born) = birth_date else {
                return Ok(Vec::new());
            };
            if !who.role.reads(FieldGroup::Medical) {
                return Ok(Vec::new());
            }
            let before = history_before(c, person_id)?;
            let mut recorded: HashMap<String, (DoseRecord, Option<Date>, Option<String>)> = HashMap::new();
            let mut st = c.prepare_cached(
                "SELECT dose_code, given_on, undated, id FROM vaccinations WHERE person_id = ?1 AND struck_out IS NULL",
            )?;
            let mut rows = st.query([person_id])?;
            while let Some(r) = rows.next()? {
                let (code, given_on, undated, id): (String, Option<Date>, Option<String>, String) =
                    (r.get(0)?, decode::opt_date(r, 1)?, r.get(2)?, r.get(3)?);
                let record = DoseRecord::from_undated(undated.as_deref());
                let entry = recorded.entry(code).or_insert((DoseRecord::Nothing, None, None));
                if better(entry.0, record) != entry.0 {
                    *entry = (record, given_on, Some(id));
                }
            }
            drop(rows);
            let mut st = c.prepare_cached(
                "SELECT code, vaccine, due_days, active FROM vaccine_schedule ORDER BY position, code",
            )?;
            let rows = st.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, bool>(3)?))
            })?;
            let mut card = Vec::new();
            for row in rows {
                let (code, vaccine, due, active) = row?;
                let (record, given_on, record_id) = recorded.remove(&code).unwrap_or((DoseRecord::Nothing, None, None));
                // A withdrawn dose stays on the cards that record it.
                if !active && record == DoseRecord::Nothing {
                    continue;
                }
                let state = dose_state(born, today, due, given_until_days(&code), record, before);
                let due_on = born + time::Duration::days(due);
                card.push(Dose { code, vaccine, due_on, given_on, state, record_id });
            }
            Ok(card)
        })
    }

    fn extra_doses_of(&self, who: &Principal, person_id: &str) -> Result<Vec<ExtraDose>, StoreError> {
        self.read(|c| {
            who.may_see_person(c, person_id)?;
            if !who.role.reads(FieldGroup::Medical) {
                return Ok(Vec::new());
            }
            let mut st = c.prepare_cached(
                "SELECT id, vaccine, given_on, context FROM extra_doses WHERE person_id = ?1 AND struck_out IS NULL
                 ORDER BY given_on DESC, created_at DESC",
            )?;
            let rows = st.query_map([person_id], |r| {
                Ok(ExtraDose { id: r.get(0)?, vaccine: r.get(1)?, given_on: decode::date(r, 2)?, context: r.get(3)? })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn overdue_vaccinations(
        &self,
        who: &Principal,
        location_id: &str,
        today: time::Date,
    ) -> Result<Vec<OverdueChild>, StoreError> {
        who.may_list(who.role.reads(FieldGroup::Medical), location_id)?;
        // Two range reads (the children, then every dose they were given)
        // joined here: a join per child and dose was ten times slower at
        // the benchmark's size.
        self.read(|c| {
            let schedule: Vec<(String, i64)> = c
                .prepare_cached("SELECT code, due_days FROM vaccine_schedule WHERE active = 1 ORDER BY position, code")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let window = overdue_window_days(schedule.iter().map(|(c, d)| (c.as_str(), *d)));
            // A dose with no age limit can be overdue at any age.
            let since = window.map_or_else(|| "0000-01-01".to_string(), |w| (today - time::Duration::days(w)).to_string());
            let (all, ids) = who.scope.sql();
            let mut st = c.prepare_cached(
                "SELECT p.id, p.record_number, p.given_name || ' ' || p.family_name, p.sex, p.birth_date, p.sort_name
                 FROM location_closure lc JOIN people p ON p.location_id = lc.descendant_id
                 WHERE lc.ancestor_id = ?1 AND (?3 = 1 OR p.location_id IN rarray(?2))
                   AND p.birth_date_precision = 'exact' AND p.birth_date >= ?4",
            )?;
            let mut children: Vec<(OverdueChild, String)> = Vec::new();
            let mut rows = st.query(params![location_id, ids, all, since])?;
            while let Some(r) = rows.next()? {
                let child = OverdueChild {
                    person_id: r.get(0)?,
                    record_number: r.get(1)?,
                    name: r.get(2)?,
                    sex: decode::sex(r, 3)?,
                    birth_date: decode::date(r, 4)?,
                    overdue: Vec::new(),
                };
                children.push((child, r.get(5)?));
            }
            drop(rows);
            let index: HashMap<&str, usize> =
                children.iter().enumerate().map(|(i, c)| (c.0.person_id.as_str(), i)).collect();
            // Child by child, dose by dose of `schedule`: what is recorded.
            let width = schedule.len();
            let mut recorded = vec![DoseRecord::Nothing; children.len() * width];
            // Probed in id order (the IN list is sorted), read without
            // allocating: 180,000 doses for Kita's under-twos.
            let mut st = c.prepare_cached(
                "SELECT v.person_id, v.dose_code, v.undated FROM vaccinations v
                 WHERE v.person_id IN (SELECT p.id FROM location_closure lc JOIN people p ON p.location_id = lc.descendant_id
                                       WHERE lc.ancestor_id = ?1 AND p.birth_date >= ?2)
                   AND v.struck_out IS NULL",
            )?;
            let mut rows = st.query(params![location_id, since])?;
            while let Some(r) = rows.next()? {
                let (Ok(person), Ok(dose)) = (r.get_ref(0)?.as_str(), r.get_ref(1)?.as_str()) else { continue };
                if let (Some(&i), Some(k)) = (index.get(person), schedule.iter().position(|(code, _)| code == dose)) {
                    let record = DoseRecord::from_undated(r.get_ref(2)?.as_str_or_null().ok().flatten());
                    recorded[i * width + k] = better(recorded[i * width + k], record);
                }
            }
            drop(rows);
            let mut histories: HashMap<String, time::Date> = HashMap::new();
            let mut st = c.prepare_cached(
                "SELECT k.person_id, k.as_of FROM vaccination_cards k
                 WHERE k.person_id IN (SELECT p.id FROM location_closure lc JOIN people p ON p.location_id = lc.descendant_id
                                       WHERE lc.ancestor_id = ?1 AND p.birth_date >= ?2)
                 ORDER BY k.created_at, k.id",
            )?;
            let mut rows = st.query(params![location_id, since])?;
            while let Some(r) = rows.next()? {
                // The latest statement wins.
                histories.insert(r.get(0)?, decode::date(r, 1)?);
            }
            drop(rows);
            drop(index);
            let mut out: Vec<(OverdueChild, String)> = Vec::new();
            for (i, (mut child, sort_name)) in children.into_iter().enumerate() {
                let born = child.birth_date;
                let before = histories.get(&child.person_id).copied();
                child.overdue = schedule
                    .iter()
                    .enumerate()
                    .filter(|(k, (code, due))| {
                        let state = dose_state(born, today, *due, given_until_days(code), recorded[i * width + k], before);
                        state == DoseState::Overdue
                    })
                    .map(|(_, (code, _))| code.clone())
                    .collect();
                if !child.overdue.is_empty() {
                    out.push((child, sort_name));
                }
            }
            // The most behind first, then by name.
            out.sort_by(|(a, an), (b, bn)| {
                b.overdue.len().cmp(&a.overdue.len()).then_with(|| an.cmp(bn)).then_with(|| a.person_id.cmp(&b.person_id))
            });
            Ok(out.into_iter().map(|(c, _)| c).collect())
        })
    }
}

/// Doses given, undated, extra, and a stated history:
/// `dugu_commands::vaccinations`, each in one write.
pub trait VaccinationWrites {
    /// Records a dose outside the schedule (see [`Tx::record_extra_dose`]).
    fn record_extra_dose(
        &self,
        who: &Principal,
        person_id: &str,
        vaccine: &str,
        given_on: &str,
        context: &str,
        today: time::Date,
    ) -> Result<String, StoreError>;
    /// Records a dose without a day (see [`Tx::record_undated_dose`]).
    fn record_undated_dose(
        &self,
        who: &Principal,
        person_id: &str,
        dose: &str,
        undated: &str,
    ) -> Result<(), StoreError>;
    /// States what is known of a history (see
    /// [`Tx::state_vaccination_history`]).
    fn state_vaccination_history(
        &self,
        who: &Principal,
        person_id: &str,
        history: &str,
        as_of: &str,
        today: time::Date,
    ) -> Result<(), StoreError>;
    /// Records a vaccination (see [`Tx::vaccinate`]).
    fn vaccinate(
        &self,
        who: &Principal,
        person_id: &str,
        dose: &str,
        given_on: &str,
        today: time::Date,
    ) -> Result<(), StoreError>;
}

impl VaccinationWrites for Store {
    fn record_extra_dose(
        &self,
        who: &Principal,
        person_id: &str,
        vaccine: &str,
        given_on: &str,
        context: &str,
        today: time::Date,
    ) -> Result<String, StoreError> {
        let (who, p, v, g, x) =
            (who.clone(), person_id.to_string(), vaccine.to_string(), given_on.to_string(), context.to_string());
        self.write(move |tx| tx.record_extra_dose(&who, &p, &v, &g, &x, today))
    }
    fn record_undated_dose(
        &self,
        who: &Principal,
        person_id: &str,
        dose: &str,
        undated: &str,
    ) -> Result<(), StoreError> {
        let (who, p, d, u) = (who.clone(), person_id.to_string(), dose.to_string(), undated.to_string());
        self.write(move |tx| tx.record_undated_dose(&who, &p, &d, &u))
    }
    fn state_vaccination_history(
        &self,
        who: &Principal,
        person_id: &str,
        history: &str,
        as_of: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let (who, p, h, a) = (who.clone(), person_id.to_string(), history.to_string(), as_of.to_string());
        self.write(move |tx| tx.state_vaccination_history(&who, &p, &h, &a, today))
    }
    fn vaccinate(
        &self,
        who: &Principal,
        person_id: &str,
        dose: &str,
        given_on: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let (who, p, d, g) = (who.clone(), person_id.to_string(), dose.to_string(), given_on.to_string());
        self.write(move |tx| tx.vaccinate(&who, &p, &d, &g, today))
    }
}
