//! What relief registration reads: the programmes and sites a relief
//! officer registers at, a household's relief page, and the supervisor's
//! queue of pairs, and the duplicate check before saving. Scoped like
//! every read of people; views of people are audited.

use super::{PossibleDuplicate, RegistrationInput, candidates, commands, index, possible};
use crate::decode;
use crate::people::today;
use crate::writes::AuditWrites;
use crate::{AuditAction, Principal, Store, StoreError};
use dugu_domain::birth::DatePrecision;
use dugu_domain::{Action, FieldGroup, Sex};
use rusqlite::OptionalExtension;
use serde_json::Value;

/// A relief programme and the sites in scope a household may be
/// registered at.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReliefProgramme {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its place.
    pub location_id: String,
    /// `(location id, name)` of the places a household may live at: the
    /// programme's place and the sites below it, in scope.
    pub sites: Vec<(String, String)>,
}

/// A member on a household's relief page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReliefMember {
    /// Person id.
    pub person_id: String,
    /// Record number.
    pub record_number: String,
    /// Given name(s).
    pub given_name: String,
    /// Family name(s).
    pub family_name: String,
    /// Sex (`F` / `M` in JSON).
    pub sex: Sex,
    /// Birth date, if known (1 January when only the year is).
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    pub birth_date: Option<time::Date>,
    /// How well it is known.
    pub birth_date_precision: Option<DatePrecision>,
    /// Relationship to the head.
    pub relationship: String,
    /// Vulnerability flags.
    pub flags: Vec<String>,
    /// The Washington Group cut-off.
    pub disability: bool,
    /// The six answers as kept, if asked.
    pub wgss: Option<String>,
}

/// A registered household's relief page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReliefHousehold {
    /// Household id.
    pub id: String,
    /// Record number.
    pub record_number: String,
    /// Where it lives.
    pub location_id: String,
    /// The place's name.
    pub location_name: String,
    /// The programme.
    pub programme_id: String,
    /// `idp`, `returnee`, `host`.
    pub status: String,
    /// The day it arrived.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub arrival_date: time::Date,
    /// Why it left.
    pub reason: String,
    /// Lives with a host family.
    pub host_family: bool,
    /// P-code where it is.
    pub admin_pcode: String,
    /// P-code it comes from.
    pub origin_pcode: Option<String>,
    /// Their edition.
    pub pcode_edition: String,
    /// The lawful basis.
    pub lawful_basis: String,
    /// Sharing with other agencies.
    pub sharing_consent: bool,
    /// Household flags.
    pub household_flags: Vec<String>,
    /// The card's serial.
    pub card_serial: i64,
    /// Alternates' person ids.
    pub alternate_ids: Vec<String>,
    /// Registered on.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub registered_on: time::Date,
    /// Members in scope, head first.
    pub members: Vec<ReliefMember>,
}

/// A pair in the supervisor's queue.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DuplicatePairRow {
    /// Pair id.
    pub id: String,
    /// The new registration's household, record number.
    pub household_id: String,
    /// Its record number.
    pub household_number: String,
    /// The person, record number, name.
    pub person_id: String,
    /// Record number.
    pub person_number: String,
    /// Name as typed.
    pub person_name: String,
    /// The household already registered.
    pub other_household_id: String,
    /// Its record number.
    pub other_household_number: String,
    /// The person already registered.
    pub other_person_id: String,
    /// Record number.
    pub other_person_number: String,
    /// Name as typed.
    pub other_name: String,
    /// `likely` / `review`.
    pub band: String,
    /// Probability.
    pub probability: Option<f64>,
    /// Most of both households matched.
    pub whole_household: bool,
    /// Each field's level and weight.
    pub evidence: Value,
    /// The latest decision, if any (`undone` counts as none).
    pub decision: Option<String>,
    /// When it was taken.
    pub decided_at: Option<String>,
}

const PAIRS: &str = "
SELECT x.id, x.household_id, h.record_number, x.person_id, p.record_number, p.given_name || ' ' || p.family_name,
       x.other_household_id, k.record_number, x.other_person_id, q.record_number,
       q.given_name || ' ' || q.family_name, x.band, x.probability, x.whole_household, x.evidence,
       (SELECT d.decision FROM duplicate_decisions d WHERE d.pair_id = x.id ORDER BY d.created_at DESC, d.id DESC LIMIT 1),
       (SELECT d.decided_at FROM duplicate_decisions d WHERE d.pair_id = x.id ORDER BY d.created_at DESC, d.id DESC LIMIT 1),
       h.location_id, k.location_id, p.location_id, q.location_id
  FROM duplicate_pairs x
  JOIN households h ON h.id = x.household_id
  JOIN households k ON k.id = x.other_household_id
  JOIN people p ON p.id = x.person_id
  JOIN people q ON q.id = x.other_person_id
 WHERE x.programme_id = ?1
 ORDER BY x.created_at, x.id";

/// Relief registration: programmes, a household's relief page, the duplicate check and queue.
pub trait RegistrationReads {
    /// The relief programmes `who` registers for, with their sites in
    /// scope (reference data: not audited).
    fn relief_programmes(&self, who: &Principal) -> Result<Vec<ReliefProgramme>, StoreError>;

    /// A registered household's relief page, if in scope and `who` reads
    /// relief data; the view is audited with the members it shows.
    fn relief_household(&self, who: &Principal, id: &str) -> Result<ReliefHousehold, StoreError>;

    /// The supervisor's queue: the pairs of a programme whose two people
    /// and households are in scope, with each one's latest decision
    /// (`undone` reads as none); `open_only` leaves out decided pairs.
    /// Only roles that supervise relief; the list is audited with the
    /// people it names.
    fn duplicate_queue(
        &self,
        who: &Principal,
        programme_id: &str,
        open_only: bool,
    ) -> Result<Vec<DuplicatePairRow>, StoreError>;

    /// Checks a registration (every field, then the linkage) without
    /// writing it: the households already registered it may be, in
    /// `who`'s scope — what the form shows before saving.
    fn relief_duplicates(
        &self,
        who: &Principal,
        input: &RegistrationInput,
    ) -> Result<Vec<PossibleDuplicate>, StoreError>;
}

impl RegistrationReads for Store {
    fn relief_programmes(&self, who: &Principal) -> Result<Vec<ReliefProgramme>, StoreError> {
        if !who.role.may(Action::DistributeRelief) {
            return Ok(Vec::new());
        }
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, name, location_id FROM programmes WHERE kind = 'emergency_relief' ORDER BY name, id",
            )?;
            let all: Vec<(String, String, String)> =
                st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
            let mut places = c.prepare_cached(
                "SELECT l.id, l.name FROM location_closure c JOIN locations l ON l.id = c.descendant_id
                  WHERE c.ancestor_id = ?1 AND (l.kind = 'site' OR l.id = ?1) ORDER BY l.id = ?1 DESC, l.name",
            )?;
            let mut out = Vec::new();
            for (id, name, location_id) in all {
                let mut sites: Vec<(String, String)> = places
                    .query_map([&location_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                    .collect::<Result<Vec<_>, _>>()?
                    .into_iter()
                    .filter(|(l, _)| who.scope.contains(l.as_str()))
                    .collect();
                // Cycles serve sites: where a programme has sites, a
                // household registered at the programme's own place
                // would be owed nothing. Its place is offered only when
                // it has none (it comes first).
                if sites.len() > 1 && sites[0].0 == location_id {
                    sites.remove(0);
                }
                if !sites.is_empty() {
                    out.push(ReliefProgramme { id, name, location_id, sites });
                }
            }
            Ok(out)
        })
    }

    fn relief_household(&self, who: &Principal, id: &str) -> Result<ReliefHousehold, StoreError> {
        if !who.role.reads(FieldGroup::Relief) {
            return Err(StoreError::NotFound);
        }
        let household = self.read(|c| {
            let h = c
                .prepare_cached(
                    "SELECT h.id, h.record_number, h.location_id, l.name, d.programme_id, d.status, d.arrival_date,
                            d.reason, d.host_family, d.admin_pcode, d.origin_pcode, d.pcode_edition, d.lawful_basis,
                            d.sharing_consent, d.household_flags, d.card_serial, d.alternate_ids, d.registered_on
                       FROM households h JOIN locations l ON l.id = h.location_id
                       JOIN displacements d ON d.household_id = h.id
                      WHERE h.id = ?1 ORDER BY d.created_at LIMIT 1",
                )?
                .query_row([id], |r| {
                    Ok(ReliefHousehold {
                        id: r.get(0)?,
                        record_number: r.get(1)?,
                        location_id: r.get(2)?,
                        location_name: r.get(3)?,
                        programme_id: r.get(4)?,
                        status: r.get(5)?,
                        arrival_date: decode::date(r, 6)?,
                        reason: r.get(7)?,
                        host_family: r.get(8)?,
                        admin_pcode: r.get(9)?,
                        origin_pcode: r.get(10)?,
                        pcode_edition: r.get(11)?,
                        lawful_basis: r.get(12)?,
                        sharing_consent: r.get(13)?,
                        household_flags: lines(r.get(14)?),
                        card_serial: r.get(15)?,
                        alternate_ids: lines(r.get(16)?),
                        registered_on: decode::date(r, 17)?,
                        members: Vec::new(),
                    })
                })
                .optional()?;
            let Some(mut h) = h.filter(|h| who.scope.contains(&h.location_id)) else {
                return Ok(None);
            };
            let mut st = c.prepare_cached(
                "SELECT p.id, p.record_number, p.given_name, p.family_name, p.sex, p.birth_date,
                        p.birth_date_precision, m.relationship, n.flags, n.disability, n.wgss, p.location_id
                   FROM household_members m JOIN people p ON p.id = m.person_id
                   LEFT JOIN member_needs n ON n.household_id = m.household_id AND n.person_id = m.person_id
                  WHERE m.household_id = ?1
                  ORDER BY m.relationship <> 'head', p.birth_date, p.id",
            )?;
            let rows = st.query_map([id], |r| {
                Ok((
                    ReliefMember {
                        person_id: r.get(0)?,
                        record_number: r.get(1)?,
                        given_name: r.get(2)?,
                        family_name: r.get(3)?,
                        sex: decode::sex(r, 4)?,
                        birth_date: decode::opt_date(r, 5)?,
                        birth_date_precision: decode::opt_precision(r, 6)?,
                        relationship: r.get(7)?,
                        flags: lines(r.get::<_, Option<String>>(8)?.unwrap_or_default()),
                        disability: r.get::<_, Option<bool>>(9)?.unwrap_or(false),
                        wgss: r.get(10)?,
                    },
                    r.get::<_, String>(11)?,
                ))
            })?;
            for row in rows {
                let (member, location) = row?;
                if who.scope.contains(&location) {
                    h.members.push(member);
                }
            }
            Ok(Some(h))
        })?;
        let household = household.ok_or(StoreError::NotFound)?;
        let (w, hid) = (who.clone(), household.id.clone());
        let shown: Vec<String> = household.members.iter().map(|m| m.person_id.clone()).collect();
        self.write(move |tx| tx.audit_shown(&w, AuditAction::View, "household", &hid, &shown))?;
        Ok(household)
    }

    fn duplicate_queue(
        &self,
        who: &Principal,
        programme_id: &str,
        open_only: bool,
    ) -> Result<Vec<DuplicatePairRow>, StoreError> {
        if !who.role.may(Action::SuperviseRelief) {
            return Err(StoreError::Forbidden);
        }
        let rows = self.read(|c| {
            // A programme that is not a relief programme in scope is not
            // found, like any record (not an empty queue).
            let place: Option<String> = c
                .prepare_cached("SELECT location_id FROM programmes WHERE id = ?1 AND kind = 'emergency_relief'")?
                .query_row([programme_id], |r| r.get(0))
                .optional()?;
            if !place.is_some_and(|l| who.scope.contains(l.as_str())) {
                return Err(StoreError::NotFound);
            }
            let mut st = c.prepare_cached(PAIRS)?;
            let rows = st.query_map([programme_id], |r| {
                let decision: Option<String> = r.get(15)?;
                let undone = decision.as_deref() == Some("undone");
                let evidence: String = r.get(14)?;
                Ok((
                    DuplicatePairRow {
                        id: r.get(0)?,
                        household_id: r.get(1)?,
                        household_number: r.get(2)?,
                        person_id: r.get(3)?,
                        person_number: r.get(4)?,
                        person_name: r.get(5)?,
                        other_household_id: r.get(6)?,
                        other_household_number: r.get(7)?,
                        other_person_id: r.get(8)?,
                        other_person_number: r.get(9)?,
                        other_name: r.get(10)?,
                        band: r.get(11)?,
                        probability: r.get(12)?,
                        whole_household: r.get(13)?,
                        evidence: serde_json::from_str(&evidence).unwrap_or(Value::Null),
                        decided_at: if undone { None } else { r.get(16)? },
                        decision: if undone { None } else { decision },
                    },
                    [r.get::<_, String>(17)?, r.get(18)?, r.get(19)?, r.get(20)?],
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (pair, places) = row?;
                if places.iter().all(|l| who.scope.contains(l)) && !(open_only && pair.decision.is_some()) {
                    out.push(pair);
                }
            }
            Ok(out)
        })?;
        let shown: Vec<String> = rows.iter().flat_map(|p| [p.person_id.clone(), p.other_person_id.clone()]).collect();
        self.audit_shown(who, "person_list", programme_id, shown)?;
        Ok(rows)
    }

    fn relief_duplicates(
        &self,
        who: &Principal,
        input: &RegistrationInput,
    ) -> Result<Vec<PossibleDuplicate>, StoreError> {
        let reg = commands::check_registration(who, input, today())?;
        // Only for a site of the author's: the check says who is
        // registered where, within the author's scope alone.
        if !who.scope.contains(&reg.location_id) {
            let mut inv = dugu_domain::Invalid::new();
            inv.add("location_id", dugu_domain::Problem::Unknown);
            return Err(inv.into());
        }
        let shared = index::of(self.path(), &reg.programme_id);
        let mut index = shared.lock().unwrap_or_else(|e| e.into_inner());
        self.read(|c| index.refresh(c, &reg.programme_id))?;
        let form = candidates(&reg, input);
        let found = index.check(&form);
        self.read(|c| possible(c, who, &found, form.len()))
    }
}

fn lines(text: String) -> Vec<String> {
    text.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect()
}
