//! Medical assistance: visits (vaccinations are `vaccinations.rs`). Medical data: recorded by
//! roles that write the medical group (nurses, directors), read in full by
//! roles that read it; social workers see only that a visit happened (its
//! date); relief officers see nothing.

use crate::writer::Tx;
use crate::{Principal, Store, StoreError};
use dugu_domain::FieldGroup;
use serde::Serialize;

/// A medical visit as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MedicalVisit {
    /// Id (its correction page; the API's answer has its own fields).
    #[serde(skip)]
    pub id: String,
    /// The day of the visit.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub visited_on: time::Date,
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

pub use dugu_commands::medical::VisitInput;

impl Tx<'_> {
    /// Records a medical visit of a person in scope (the command:
    /// [`dugu_commands::medical::record_medical_visit`]).
    pub fn record_visit_medical(
        &mut self,
        who: &Principal,
        person_id: &str,
        input: &VisitInput,
        today: time::Date,
    ) -> Result<String, StoreError> {
        Ok(dugu_commands::medical::record_medical_visit(self, who, person_id, input, today)?)
    }
}

/// A person's medical visits (details for medical readers only).
pub trait MedicalReads {
    /// A person's medical visits, latest first, as `who` may see them: in
    /// full for medical readers, dates only for social workers, none for
    /// others. A person out of scope is `NotFound`.
    fn medical_visits_of(&self, who: &Principal, person_id: &str) -> Result<Vec<MedicalVisit>, StoreError>;
}

impl MedicalReads for Store {
    fn medical_visits_of(&self, who: &Principal, person_id: &str) -> Result<Vec<MedicalVisit>, StoreError> {
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
                    visited_on: crate::decode::date(r, 0)?,
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

/// A medical visit recorded: `dugu_commands::medical`, in one write.
pub trait MedicalWrites {
    /// Records a medical visit (see [`Tx::record_visit_medical`]).
    fn record_medical_visit(
        &self,
        who: &Principal,
        person_id: &str,
        input: VisitInput,
        today: time::Date,
    ) -> Result<String, StoreError>;
}

impl MedicalWrites for Store {
    fn record_medical_visit(
        &self,
        who: &Principal,
        person_id: &str,
        input: VisitInput,
        today: time::Date,
    ) -> Result<String, StoreError> {
        let (who, p) = (who.clone(), person_id.to_string());
        self.write(move |tx| tx.record_visit_medical(&who, &p, &input, today))
    }
}
