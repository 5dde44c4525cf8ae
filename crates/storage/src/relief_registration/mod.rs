//! Relief registration (issue 15): a displaced household registered with
//! the duplicate check ([`Store::register_displaced`]), the check alone
//! before saving ([`Store::relief_duplicates`]), a KoBo batch
//! ([`Store::import_registrations`]), the supervisor's queue of pairs and
//! decisions, and a household's relief page. The rules are
//! `dugu_commands::relief_registration`'s; the linkage is dugu-linkage's.

mod index;
mod kobo;
mod reads;

use crate::contract::fact;
use crate::people::today;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::relief_registration::{
    self as commands, CheckedRegistration, DuplicateDraft, DuplicateTx, Registered, ReliefRegistrationTx,
};
use dugu_linkage::cluster::Band;
use index::{Candidate, Found};
use rusqlite::OptionalExtension;
use serde_json::{Value, json};

pub use dugu_commands::relief_kobo::{Sheet, XlsxUnreadable, csv_sheet, xlsx_sheets};
pub use dugu_commands::relief_registration::{
    DECISIONS, HOUSEHOLD_FLAGS, LAWFUL_BASES, MEMBER_FLAGS, MemberInput, REASONS, RegistrationInput, forbidden,
};
pub use kobo::{ImportProblem, KoboError, KoboImport};
pub use reads::{DuplicatePairRow, RegistrationReads, ReliefHousehold, ReliefMember, ReliefProgramme};

/// A household already registered that a new registration may be.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PossibleDuplicate {
    /// The household already registered.
    pub household_id: String,
    /// `likely` or `review`: the best of its members' pairs.
    pub band: String,
    /// Which members matched whom, each field's level and weight (no
    /// value), and whether the household as a whole was registered twice.
    pub evidence: Value,
}

/// A registration written.
#[derive(Debug, Clone)]
pub struct Registration {
    /// The household.
    pub household_id: String,
    /// Its people, head first.
    pub people: Vec<String>,
    /// Households already registered it may be, in the author's scope.
    pub possible_duplicates: Vec<PossibleDuplicate>,
}

/// A batch's outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// Households written.
    pub households: usize,
    /// People written.
    pub people: usize,
    /// Submissions already imported (same `_uuid`), left alone.
    pub already: usize,
    /// Pairs sent to review or shown as likely.
    pub pairs: usize,
    /// Submissions marked not approved in KoBo, left out.
    pub not_approved: usize,
}

impl ReliefRegistrationTx for Tx<'_> {
    fn programme_place(&self, programme_id: &str) -> Result<Option<(String, String)>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT location_id, kind FROM programmes WHERE id = ?1")?
                .query_row([programme_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?)
        })
    }

    fn within(&self, ancestor: &str, descendant: &str) -> Result<bool, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT EXISTS(SELECT 1 FROM location_closure WHERE ancestor_id = ?1 AND descendant_id = ?2)",
                )?
                .query_row([ancestor, descendant], |r| r.get(0))?)
        })
    }

    fn kobo_household(&self, programme_id: &str, uuid: &str) -> Result<Option<String>, CommandError> {
        fact(|| kobo_household(self.conn, programme_id, uuid))
    }
}

fn kobo_household(c: &rusqlite::Connection, programme_id: &str, uuid: &str) -> Result<Option<String>, StoreError> {
    Ok(c.prepare_cached("SELECT household_id FROM displacements WHERE kobo_uuid = ?1 AND programme_id = ?2")?
        .query_row([uuid, programme_id], |r| r.get(0))
        .optional()?)
}

impl DuplicateTx for Tx<'_> {
    fn pair_households(&self, pair_id: &str) -> Result<Option<(String, String)>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT household_id, other_household_id FROM duplicate_pairs WHERE id = ?1")?
                .query_row([pair_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?)
        })
    }
}

/// The form's people as the linkage compares them.
fn candidates(reg: &CheckedRegistration, input: &RegistrationInput) -> Vec<Candidate> {
    let on = dugu_domain::birth::iso_date(today());
    std::iter::once(&input.head)
        .chain(&input.members)
        .zip(&reg.people)
        .enumerate()
        .map(|(i, (m, checked))| {
            let birth = checked.person.birth();
            Candidate {
                person_id: reg.person_ids.get(i).cloned().unwrap_or_default(),
                household_id: reg.household_id.clone(),
                given_name: m.person.given_name.clone(),
                family_name: m.person.family_name.clone(),
                sex: m.person.sex.trim().to_uppercase(),
                birth_date: birth.map(|b| b.iso()).unwrap_or_default(),
                precision: birth.map(|b| b.precision.code().to_owned()).unwrap_or_default(),
                phone: m.person.phone.clone(),
                site: reg.location_id.clone(),
                registered_on: on.clone(),
            }
        })
        .collect()
}

/// The pairs to keep with the registration.
fn drafts(found: &Found, form_size: usize) -> Vec<DuplicateDraft> {
    found
        .pairs
        .iter()
        .map(|p| DuplicateDraft {
            member: p.member,
            other_household_id: p.other_household_id.clone(),
            other_person_id: p.other_person_id.clone(),
            band: p.band.code().to_owned(),
            probability: p.probability,
            whole_household: found.whole_household(&p.other_household_id, form_size),
            evidence: p.evidence.clone(),
        })
        .collect()
}

/// Households found, in `who`'s scope, likely first.
fn possible(
    c: &rusqlite::Connection,
    who: &Principal,
    found: &Found,
    form_size: usize,
) -> Result<Vec<PossibleDuplicate>, StoreError> {
    let mut out = Vec::new();
    for (household, (band, matched, size)) in &found.households {
        let location: Option<String> = c
            .prepare_cached("SELECT location_id FROM households WHERE id = ?1")?
            .query_row([household], |r| r.get(0))
            .optional()?;
        if !location.is_some_and(|l| who.role.reads_people() && who.scope.contains(&l)) {
            continue;
        }
        let pairs: Vec<Value> = found
            .pairs
            .iter()
            .filter(|p| &p.other_household_id == household)
            .map(|p| {
                json!({"member": p.member, "person_id": p.other_person_id, "band": p.band.code(),
                       "probability": p.probability, "fields": p.evidence})
            })
            .collect();
        out.push(PossibleDuplicate {
            household_id: household.clone(),
            band: band.code().to_owned(),
            evidence: json!({
                "same_household": found.whole_household(household, form_size),
                "members_matched": matched,
                "household_size": size,
                "pairs": pairs,
            }),
        });
    }
    out.sort_by_key(|d| (d.band != Band::Likely.code(), d.household_id.clone()));
    Ok(out)
}

impl Store {
    /// Registers a KoBo batch all or nothing: every submission checked
    /// first (problems by row: `(row, field, problem)`), those already
    /// imported (same `_uuid` in the programme) left alone, each new one
    /// through the duplicate check — against the programme and the
    /// batch's earlier households — and all written in one transaction.
    pub fn import_registrations(
        &self,
        who: &Principal,
        programme_id: &str,
        rows: Vec<(usize, RegistrationInput)>,
    ) -> Result<Imported, ImportError> {
        // Refused before anything is read, even a batch already imported.
        if !(who.role.writes_people() && who.role.may(dugu_domain::Action::DistributeRelief)) {
            return Err(ImportError::Store(StoreError::Forbidden));
        }
        let mut problems = Vec::new();
        let mut checked = Vec::new();
        let mut imported = Imported::default();
        for (row, input) in rows {
            if let Some(uuid) = &input.kobo_uuid
                && self.read(|c| kobo_household(c, programme_id, uuid))?.is_some()
            {
                imported.already += 1;
                continue;
            }
            match commands::check_registration(who, &input, today()) {
                Ok(reg) => checked.push((row, input, reg)),
                Err(CommandError::Invalid(inv)) => {
                    problems.extend(inv.0.into_iter().map(|e| (row, e.field, e.problem)));
                }
                Err(e) => return Err(ImportError::Store(e.into())),
            }
        }
        let mut seen = std::collections::HashMap::new();
        for (row, input, _) in &checked {
            if let Some(uuid) = &input.kobo_uuid
                && seen.insert(uuid.clone(), *row).is_some()
            {
                problems.push((*row, "kobo_uuid".to_owned(), dugu_domain::Problem::Taken));
            }
        }
        if !problems.is_empty() {
            return Err(ImportError::Rows(problems));
        }
        let shared = index::of(self.path(), programme_id);
        let mut index = shared.lock().unwrap_or_else(|e| e.into_inner());
        self.read(|c| index.refresh(c, programme_id))?;
        // Each household is checked against those before it in the batch
        // too (their ids were minted by the check), so the index learns
        // each before the write; if the write fails it is built again.
        let mut batch = Vec::with_capacity(checked.len());
        for (row, input, reg) in checked {
            let form = candidates(&reg, &input);
            let found = index.check(&form);
            let drafts = drafts(&found, form.len());
            imported.pairs += drafts.len();
            index.add(&form);
            batch.push((row, reg, drafts));
        }
        let w = who.clone();
        let written = self.write(move |tx| {
            let mut made = Vec::with_capacity(batch.len());
            for (row, reg, drafts) in &batch {
                match commands::register(tx, &w, reg, drafts, today()) {
                    Ok(r) => made.push(r),
                    Err(CommandError::Invalid(inv)) => {
                        let rows = inv.0.into_iter().map(|e| (*row, e.field, e.problem)).collect();
                        return Ok(Err(rows));
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            Ok(Ok(made))
        });
        let written = match written {
            Ok(Ok(made)) => made,
            failed => {
                index.forget();
                return match failed? {
                    Err(rows) => Err(ImportError::Rows(rows)),
                    Ok(_) => Err(ImportError::Store(StoreError::Integrity("an import half done".into()))),
                };
            }
        };
        imported.households = written.len();
        imported.people = written.iter().map(|r| r.people.len()).sum();
        Ok(imported)
    }
}

/// Why a batch was not imported.
#[derive(Debug)]
pub enum ImportError {
    /// Problems by row: `(row, field, problem)`; nothing written.
    Rows(Vec<(usize, String, dugu_domain::Problem)>),
    /// The store failed (or the author may not register).
    Store(StoreError),
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> ImportError {
        ImportError::Store(e)
    }
}

/// Registering displaced households and deciding possible duplicates:
/// `dugu_commands::relief_registration`, each in one write.
pub trait RegistrationWrites {
    /// Records a supervisor's decision on a pair
    /// ([`commands::decide_pair`]); its id.
    fn decide_duplicate(
        &self,
        who: &Principal,
        pair_id: &str,
        decision: &str,
        note: &str,
    ) -> Result<String, StoreError>;
    /// Registers a displaced household ([`commands::register`]) with the
    /// pairs the linkage found kept for review, in one transaction; the
    /// households it may be (likely first) come back with it.
    fn register_displaced(&self, who: &Principal, input: RegistrationInput) -> Result<Registration, StoreError>;
}

impl RegistrationWrites for Store {
    fn decide_duplicate(
        &self,
        who: &Principal,
        pair_id: &str,
        decision: &str,
        note: &str,
    ) -> Result<String, StoreError> {
        let (w, p, d, n) = (who.clone(), pair_id.to_owned(), decision.to_owned(), note.to_owned());
        let now =
            time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
        self.write(move |tx| Ok(commands::decide_pair(tx, &w, &p, &d, &n, &now)?))
    }
    fn register_displaced(&self, who: &Principal, input: RegistrationInput) -> Result<Registration, StoreError> {
        let reg = commands::check_registration(who, &input, today())?;
        let shared = index::of(self.path(), &reg.programme_id);
        let mut index = shared.lock().unwrap_or_else(|e| e.into_inner());
        self.read(|c| index.refresh(c, &reg.programme_id))?;
        let form = candidates(&reg, &input);
        let found = index.check(&form);
        let drafts = drafts(&found, form.len());
        let w = who.clone();
        let Registered { household_id, people } =
            self.write(move |tx| Ok(commands::register(tx, &w, &reg, &drafts, today())?))?;
        index.add(&form);
        let possible_duplicates = self.read(|c| possible(c, who, &found, form.len()))?;
        Ok(Registration { household_id, people, possible_duplicates })
    }
}
