//! Medical assistance: visits (vaccinations are `vaccinations.rs`). Medical data: recorded by
//! roles that write the medical group (nurses, directors), read in full by
//! roles that read it; social workers see only that a visit happened (its
//! date); relief officers see nothing.

use crate::oplog::Op;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError, new_id};
use dugu_domain::{EntityKind, FieldGroup, Invalid, Problem};
use rusqlite::OptionalExtension;
use serde::Serialize;

/// A medical visit as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MedicalVisit {
    /// Id (its correction page; the API's answer has its own fields).
    #[serde(skip)]
    pub id: String,
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

fn note(field: &str, raw: &str, inv: &mut Invalid) -> Option<String> {
    inv.check(field, dugu_domain::person::optional_note(raw)).flatten()
}

impl Tx<'_> {
    pub(crate) fn medical_child(&self, who: &Principal, person_id: &str) -> Result<Option<String>, StoreError> {
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
                "SELECT visited_on, reason, diagnosis, treatment, referral, id FROM medical_visits
                 WHERE person_id = ?1 AND struck_out IS NULL ORDER BY visited_on DESC, created_at DESC",
            )?;
            let rows = st.query_map([person_id], |r| {
                Ok(MedicalVisit {
                    id: r.get(5)?,
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
}
