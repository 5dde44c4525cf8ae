//! Medical assistance: visits and vaccinations. Medical data: recorded by
//! roles that write the medical group (nurses, directors), read in full by
//! roles that read it; social workers see only that a visit happened (its
//! date); relief officers see nothing.

use crate::oplog::Op;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError, new_id};
use dugu_domain::{EntityKind, FieldGroup, Invalid, Problem};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

/// A medical visit as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MedicalVisit {
    /// Date.
    pub visited_on: String,
    /// Why (medical readers only; absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Diagnosis (medical readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<String>,
    /// Treatment (medical readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treatment: Option<String>,
    /// Referral (medical readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral: Option<String>,
}

/// A visit as entered.
#[derive(Debug, Clone, Default)]
pub struct VisitInput {
    /// `YYYY-MM-DD`.
    pub visited_on: String,
    /// Reason (required).
    pub reason: String,
    /// Diagnosis.
    pub diagnosis: String,
    /// Treatment.
    pub treatment: String,
    /// Referral.
    pub referral: String,
}

/// One dose of the schedule for one child.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dose {
    /// Dose code (`penta1`).
    pub code: String,
    /// Vaccine and dose, as the schedule names it.
    pub vaccine: String,
    /// Due date (birth date + the schedule's age).
    pub due_on: String,
    /// Given on, if given.
    pub given_on: Option<String>,
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
    /// `F` or `M`.
    pub sex: String,
    /// Birth date.
    pub birth_date: String,
    /// The dose codes due and not given.
    pub overdue: Vec<String>,
}

fn note(field: &str, raw: &str, inv: &mut Invalid) -> Option<String> {
    inv.check(field, dugu_domain::person::optional_note(raw)).flatten()
}

impl Tx<'_> {
    fn medical_child(&self, who: &Principal, person_id: &str) -> Result<Option<String>, StoreError> {
        let row: Option<(String, Option<String>)> = self
            .conn
            .query_row("SELECT location_id, birth_date FROM people WHERE id = ?1", [person_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((_, born)) = row.filter(|(l, _)| who.role.reads_people() && who.scope.contains(l)) else {
            return Err(StoreError::NotFound);
        };
        if !who.role.writes(FieldGroup::Medical) {
            return Err(StoreError::Forbidden);
        }
        Ok(born)
    }

    /// Records a medical visit of a person in scope.
    pub fn record_visit_medical(
        &mut self,
        who: &Principal,
        person_id: &str,
        input: &VisitInput,
        today: time::Date,
    ) -> Result<String, StoreError> {
        let born = self.medical_child(who, person_id)?;
        let mut inv = Invalid::new();
        let date =
            inv.check("visited_on", dugu_domain::birth::event_date(input.visited_on.trim(), today, born.as_deref()));
        let reason = note("reason", &input.reason, &mut inv);
        if reason.is_none() && inv.of("reason").is_none() {
            inv.add("reason", Problem::Required);
        }
        let diagnosis = note("diagnosis", &input.diagnosis, &mut inv);
        let treatment = note("treatment", &input.treatment, &mut inv);
        let referral = note("referral", &input.referral, &mut inv);
        inv.clone().into_result()?;
        let (Some(date), Some(reason)) = (date, reason) else { return Err(inv.into()) };
        let id = new_id();
        let fields = vec![
            ("person_id", serde_json::json!(person_id)),
            ("visited_on", serde_json::json!(date)),
            ("reason", serde_json::json!(reason)),
            ("diagnosis", serde_json::json!(diagnosis)),
            ("treatment", serde_json::json!(treatment)),
            ("referral", serde_json::json!(referral)),
        ];
        self.apply(Some(who), vec![Op::create(EntityKind::MedicalVisit, &id, fields)])?;
        Ok(id)
    }

    /// Records that a dose of the schedule was given.
    pub fn vaccinate(
        &mut self,
        who: &Principal,
        person_id: &str,
        dose: &str,
        given_on: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let born = self.medical_child(who, person_id)?;
        let mut inv = Invalid::new();
        let known: bool =
            self.conn
                .query_row("SELECT EXISTS(SELECT 1 FROM vaccine_schedule WHERE code = ?1)", [dose], |r| r.get(0))?;
        if !known {
            inv.add("dose", Problem::Unknown);
        }
        let date = inv.check("given_on", dugu_domain::birth::event_date(given_on.trim(), today, born.as_deref()));
        inv.clone().into_result()?;
        let Some(date) = date else { return Err(inv.into()) };
        let given: bool = self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM vaccinations WHERE person_id = ?1 AND dose_code = ?2 AND struck_out IS NULL)",
            params![person_id, dose],
            |r| r.get(0),
        )?;
        if given {
            let mut inv = Invalid::new();
            inv.add("dose", Problem::Taken);
            return Err(inv.into());
        }
        let fields = vec![
            ("person_id", serde_json::json!(person_id)),
            ("dose_code", serde_json::json!(dose)),
            ("given_on", serde_json::json!(date)),
        ];
        self.apply(Some(who), vec![Op::create(EntityKind::Vaccination, &new_id(), fields)])
    }
}

impl Store {
    /// Records a medical visit (see [`Tx::record_visit_medical`]).
    pub fn record_medical_visit(
        &self,
        who: &Principal,
        person_id: &str,
        input: VisitInput,
        today: time::Date,
    ) -> Result<String, StoreError> {
        let (who, p) = (who.clone(), person_id.to_string());
        self.write(move |tx| tx.record_visit_medical(&who, &p, &input, today))
    }

    /// Records a vaccination (see [`Tx::vaccinate`]).
    pub fn vaccinate(
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

    /// A person's medical visits, latest first, as `who` may see them: in
    /// full for medical readers, dates only for social workers, none for
    /// others. A person out of scope is `NotFound`.
    pub fn medical_visits_of(&self, who: &Principal, person_id: &str) -> Result<Vec<MedicalVisit>, StoreError> {
        let full = who.role.reads(FieldGroup::Medical);
        self.read(|c| {
            who.may_see_person(c, person_id)?;
            if !full && !who.role.reads(FieldGroup::Protection) {
                return Ok(Vec::new());
            }
            let mut st = c.prepare_cached(
                "SELECT visited_on, reason, diagnosis, treatment, referral FROM medical_visits
                 WHERE person_id = ?1 AND struck_out IS NULL ORDER BY visited_on DESC, created_at DESC",
            )?;
            let rows = st.query_map([person_id], |r| {
                Ok(MedicalVisit {
                    visited_on: r.get(0)?,
                    reason: if full { Some(r.get(1)?) } else { None },
                    diagnosis: if full { r.get(2)? } else { None },
                    treatment: if full { r.get(3)? } else { None },
                    referral: if full { r.get(4)? } else { None },
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// A child's vaccination card against the schedule (medical readers
    /// only; empty without a full birth date). A person out of scope is
    /// `NotFound`.
    pub fn vaccination_card(
        &self,
        who: &Principal,
        person_id: &str,
        birth_date: Option<&str>,
    ) -> Result<Vec<Dose>, StoreError> {
        self.read(|c| {
            who.may_see_person(c, person_id)?;
            let Some(born) = birth_date.and_then(|b| dugu_domain::birth::parse_iso_date(b).ok()) else {
                return Ok(Vec::new());
            };
            if !who.role.reads(FieldGroup::Medical) {
                return Ok(Vec::new());
            }
            let mut st = c.prepare_cached(
                "SELECT s.code, s.vaccine, s.due_days, v.given_on FROM vaccine_schedule s
                 LEFT JOIN vaccinations v ON v.dose_code = s.code AND v.person_id = ?1 AND v.struck_out IS NULL
                 WHERE s.active = 1 OR v.given_on IS NOT NULL ORDER BY s.position, s.code",
            )?;
            let rows = st.query_map([person_id], |r| {
                let due: i64 = r.get(2)?;
                Ok(Dose {
                    code: r.get(0)?,
                    vaccine: r.get(1)?,
                    due_on: (born + time::Duration::days(due)).to_string(),
                    given_on: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Children of `location_id` and below, within scope, under two years
    /// (or older while a dose of the schedule is due, and a year after it)
    /// on `today`, with doses due and not given.
    pub fn overdue_vaccinations(
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
            // Under two, or as long as the latest dose of the schedule is
            // due plus a year of catching up.
            let latest_due = schedule.iter().map(|(_, d)| *d).max().unwrap_or(0);
            let since = (today - time::Duration::days((latest_due + 365).max(730))).to_string();
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
                    sex: r.get(3)?,
                    birth_date: r.get(4)?,
                    overdue: Vec::new(),
                };
                children.push((child, r.get(5)?));
            }
            drop(rows);
            let index: HashMap<&str, usize> =
                children.iter().enumerate().map(|(i, c)| (c.0.person_id.as_str(), i)).collect();
            // Child by child, dose by dose of `schedule`: given?
            let width = schedule.len();
            let mut given = vec![false; children.len() * width];
            // Probed in id order (the IN list is sorted), read without
            // allocating: 180,000 doses for Kita's under-twos.
            let mut st = c.prepare_cached(
                "SELECT v.person_id, v.dose_code FROM vaccinations v
                 WHERE v.person_id IN (SELECT p.id FROM location_closure lc JOIN people p ON p.location_id = lc.descendant_id
                                       WHERE lc.ancestor_id = ?1 AND p.birth_date >= ?2)
                   AND v.struck_out IS NULL",
            )?;
            let mut rows = st.query(params![location_id, since])?;
            while let Some(r) = rows.next()? {
                let (Ok(person), Ok(dose)) = (r.get_ref(0)?.as_str(), r.get_ref(1)?.as_str()) else { continue };
                if let (Some(&i), Some(k)) = (index.get(person), schedule.iter().position(|(code, _)| code == dose)) {
                    given[i * width + k] = true;
                }
            }
            drop(rows);
            drop(index);
            let mut out: Vec<(OverdueChild, String)> = Vec::new();
            for (i, (mut child, sort_name)) in children.into_iter().enumerate() {
                let Ok(born) = dugu_domain::birth::parse_iso_date(&child.birth_date) else { continue };
                child.overdue = schedule
                    .iter()
                    .enumerate()
                    .filter(|(k, (_, due))| born + time::Duration::days(*due) < today && !given[i * width + k])
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
