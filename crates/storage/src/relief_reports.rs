//! What relief's reports read (issue 15): for one programme, what each
//! household was owed and whether it was served, where it was registered
//! (its P-code), and who its members are (sex and birth date only), so
//! the web crate can count unique people reached with dugu-relief's rules;
//! and the beneficiary lists those allowed may export (audited as an
//! export). Relief readers only, within their scope: a programme out of
//! scope is `NotFound`, a role that does not read the Relief group
//! `Forbidden`; households outside the scope are left out.

use crate::audit::AuditAction;
use crate::{Principal, Store, StoreError, decode};
use dugu_domain::{FieldGroup, Sex};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{BTreeSet, HashMap};
use time::Date;

/// A programme as its reports name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportProgramme {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Where it is run.
    pub location_id: String,
    /// How many people it aims to reach.
    pub target: Option<i64>,
}

/// A cycle of distributions, as reports need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportCycle {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// `draft`, `approved` or `closed`.
    pub status: String,
}

/// One entitlement and whether a receipt (not voided) served it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedEntitlement {
    /// The cycle.
    pub cycle_id: String,
    /// The household owed it.
    pub household_id: String,
    /// The site assigned to serve it.
    pub site_id: String,
    /// `in_kind` or `cash`.
    pub modality: String,
    /// Grams, millilitres or francs CFA.
    pub quantity: i64,
    /// Where its first receipt was made; `None` while it is not served.
    /// Two receipts of one entitlement (two offline desks) serve it once.
    pub served_at_site: Option<String>,
}

/// What relief registered about a household: where, and its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredHousehold {
    /// The administrative P-code it lives in.
    pub admin_pcode: String,
    /// The boundaries' edition of that P-code.
    pub pcode_edition: String,
    /// `idp`, `returnee` or `host`.
    pub status: String,
}

/// A member of a household that was owed something: what a count needs
/// and nothing else (no name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedMember {
    /// The household.
    pub household_id: String,
    /// The person: counted once however many households or cycles.
    pub person_id: String,
    /// Sex.
    pub sex: Sex,
    /// Birth date (exact, or the estimate an age gave); `None` if unknown.
    pub birth_date: Option<Date>,
}

/// Everything a programme's progress, 5W and aggregate exports count.
#[derive(Debug, Clone)]
pub struct ReliefServed {
    /// The programme.
    pub programme: ReportProgramme,
    /// Its cycles, oldest first.
    pub cycles: Vec<ReportCycle>,
    /// Every entitlement of those cycles to a household in scope.
    pub entitlements: Vec<ServedEntitlement>,
    /// Households registered in the programme (not struck out), by id.
    pub registered: HashMap<String, RegisteredHousehold>,
    /// The current members of every household owed something.
    pub members: Vec<CountedMember>,
    /// The names of the sites named above.
    pub site_names: HashMap<String, String>,
}

/// A member on a beneficiary list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeneficiaryMember {
    /// The person's id.
    pub person_id: String,
    /// Their record number.
    pub record_number: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Sex.
    pub sex: Sex,
    /// Birth date, if known.
    pub birth_date: Option<Date>,
    /// How much of it is known (a day derived from a year or an age is
    /// written as the year, « vers 2019 »).
    pub birth_date_precision: Option<dugu_domain::birth::DatePrecision>,
    /// Relationship to the head (`head`, `spouse`, `child`…).
    pub relationship: String,
}

/// A household on a beneficiary list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beneficiary {
    /// The household's id.
    pub household_id: String,
    /// Its record number.
    pub record_number: String,
    /// Its name.
    pub name: String,
    /// The site that serves it (in the cycle asked, else where it lives).
    pub site_id: String,
    /// That site's name.
    pub site_name: String,
    /// `idp`, `returnee` or `host`.
    pub status: String,
    /// Arrival day.
    pub arrival_date: Date,
    /// Its members, the head first.
    pub members: Vec<BeneficiaryMember>,
}

/// What a beneficiary list is of: its programme, and the cycle or the
/// site it is narrowed to (names only, no person).
#[derive(Debug, Clone)]
pub struct BeneficiaryListOf {
    /// The programme.
    pub programme: ReportProgramme,
    /// The cycle asked, if one was.
    pub cycle: Option<ReportCycle>,
    /// The site asked, if one was: its name.
    pub site: Option<String>,
}

/// The programme, checked: the role reads relief data, the programme is
/// in scope.
fn programme(c: &Connection, who: &Principal, programme_id: &str) -> Result<ReportProgramme, StoreError> {
    if !who.role.reads(FieldGroup::Relief) {
        return Err(StoreError::Forbidden);
    }
    let p = c
        .prepare_cached("SELECT id, name, location_id, target FROM programmes WHERE id = ?1")?
        .query_row([programme_id], |r| {
            Ok(ReportProgramme { id: r.get(0)?, name: r.get(1)?, location_id: r.get(2)?, target: r.get(3)? })
        })
        .optional()?
        .ok_or(StoreError::NotFound)?;
    if !who.scope.contains(&p.location_id) {
        return Err(StoreError::NotFound);
    }
    Ok(p)
}

fn site_names(c: &Connection, ids: impl IntoIterator<Item = String>) -> Result<HashMap<String, String>, StoreError> {
    let mut st = c.prepare_cached("SELECT name FROM locations WHERE id = ?1")?;
    let mut names = HashMap::new();
    for id in ids {
        if let Some(name) = st.query_row([&id], |r| r.get::<_, String>(0)).optional()? {
            names.insert(id, name);
        }
    }
    Ok(names)
}

/// A relief programme's reports: who was served, the beneficiary lists.
pub trait ReliefReportReads {
    /// What a beneficiary list is of, checked as the list is: the
    /// programme in scope (else `NotFound`) for a relief reader (else
    /// `Forbidden`), the cycle one of its own, the site in scope (else
    /// `NotFound`).
    fn relief_list_of(
        &self,
        who: &Principal,
        programme_id: &str,
        cycle_id: Option<&str>,
        site_id: Option<&str>,
    ) -> Result<BeneficiaryListOf, StoreError>;

    /// What a programme's reports count (see [`ReliefServed`]): relief
    /// readers in scope; households out of the caller's scope left out.
    fn relief_served(&self, who: &Principal, programme_id: &str) -> Result<ReliefServed, StoreError>;

    /// The households (with their members, names included) registered in
    /// a programme, or owed something in one of its cycles, optionally at
    /// one site; for relief readers in scope, and audited as an export
    /// naming every household and person listed before it is returned.
    fn relief_beneficiaries(
        &self,
        who: &Principal,
        programme_id: &str,
        cycle_id: Option<&str>,
        site_id: Option<&str>,
    ) -> Result<Vec<Beneficiary>, StoreError>;
}

impl ReliefReportReads for Store {
    fn relief_list_of(
        &self,
        who: &Principal,
        programme_id: &str,
        cycle_id: Option<&str>,
        site_id: Option<&str>,
    ) -> Result<BeneficiaryListOf, StoreError> {
        self.read(|c| {
            let programme = programme(c, who, programme_id)?;
            let cycle = match cycle_id {
                Some(id) => Some(
                    c.prepare_cached(
                        "SELECT id, name, start_date, end_date, status FROM relief_cycles
                          WHERE id = ?1 AND programme_id = ?2",
                    )?
                    .query_row([id, programme_id], |r| {
                        Ok(ReportCycle {
                            id: r.get(0)?,
                            name: r.get(1)?,
                            start: decode::date(r, 2)?,
                            end: decode::date(r, 3)?,
                            status: r.get(4)?,
                        })
                    })
                    .optional()?
                    .ok_or(StoreError::NotFound)?,
                ),
                None => None,
            };
            let site = match site_id {
                Some(id) if who.scope.contains(id) => {
                    Some(site_names(c, [id.to_string()])?.remove(id).ok_or(StoreError::NotFound)?)
                }
                Some(_) => return Err(StoreError::NotFound),
                None => None,
            };
            Ok(BeneficiaryListOf { programme, cycle, site })
        })
    }

    fn relief_served(&self, who: &Principal, programme_id: &str) -> Result<ReliefServed, StoreError> {
        self.read(|c| {
            let programme = programme(c, who, programme_id)?;
            let (all, ids) = who.scope.sql();
            let cycles = c
                .prepare_cached(
                    "SELECT id, name, start_date, end_date, status FROM relief_cycles
                     WHERE programme_id = ?1 ORDER BY start_date, id",
                )?
                .query_map([programme_id], |r| {
                    Ok(ReportCycle {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        start: decode::date(r, 2)?,
                        end: decode::date(r, 3)?,
                        status: r.get(4)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let entitlements = c
                .prepare_cached(
                    "SELECT e.cycle_id, e.household_id, e.site_id, e.modality, e.quantity,
                            (SELECT r.site_id FROM receipts r WHERE r.entitlement_id = e.id AND r.voided IS NULL
                             ORDER BY r.served_at, r.id LIMIT 1)
                     FROM entitlements e JOIN relief_cycles c ON c.id = e.cycle_id
                     JOIN households h ON h.id = e.household_id
                     WHERE c.programme_id = ?1 AND (?3 = 1 OR h.location_id IN rarray(?2))",
                )?
                .query_map(params![programme_id, ids, all], |r| {
                    Ok(ServedEntitlement {
                        cycle_id: r.get(0)?,
                        household_id: r.get(1)?,
                        site_id: r.get(2)?,
                        modality: r.get(3)?,
                        quantity: r.get(4)?,
                        served_at_site: r.get(5)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let registered = c
                .prepare_cached(
                    "SELECT d.household_id, d.admin_pcode, d.pcode_edition, d.status
                     FROM displacements d JOIN households h ON h.id = d.household_id
                     WHERE d.programme_id = ?1 AND d.struck_out IS NULL AND (?3 = 1 OR h.location_id IN rarray(?2))",
                )?
                .query_map(params![programme_id, ids, all], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        RegisteredHousehold { admin_pcode: r.get(1)?, pcode_edition: r.get(2)?, status: r.get(3)? },
                    ))
                })?
                .collect::<Result<HashMap<_, _>, _>>()?;
            let owed: BTreeSet<&str> = entitlements.iter().map(|e| e.household_id.as_str()).collect();
            let mut members = Vec::new();
            let mut st = c.prepare_cached(
                "SELECT m.household_id, p.id, p.sex, p.birth_date
                 FROM household_members m JOIN people p ON p.id = m.person_id WHERE m.household_id = ?1",
            )?;
            for household in &owed {
                let rows = st.query_map([household], |r| {
                    Ok(CountedMember {
                        household_id: r.get(0)?,
                        person_id: r.get(1)?,
                        sex: decode::sex(r, 2)?,
                        birth_date: decode::opt_date(r, 3)?,
                    })
                })?;
                for row in rows {
                    members.push(row?);
                }
            }
            let sites: BTreeSet<String> = entitlements
                .iter()
                .flat_map(|e| std::iter::once(e.site_id.clone()).chain(e.served_at_site.clone()))
                .collect();
            let site_names = site_names(c, sites)?;
            Ok(ReliefServed { programme, cycles, entitlements, registered, members, site_names })
        })
    }

    fn relief_beneficiaries(
        &self,
        who: &Principal,
        programme_id: &str,
        cycle_id: Option<&str>,
        site_id: Option<&str>,
    ) -> Result<Vec<Beneficiary>, StoreError> {
        let list = self.read(|c| {
            programme(c, who, programme_id)?;
            if let Some(cycle) = cycle_id {
                let of: Option<String> = c
                    .prepare_cached("SELECT programme_id FROM relief_cycles WHERE id = ?1")?
                    .query_row([cycle], |r| r.get(0))
                    .optional()?;
                if of.as_deref() != Some(programme_id) {
                    return Err(StoreError::NotFound);
                }
            }
            if let Some(site) = site_id
                && !who.scope.contains(site)
            {
                return Err(StoreError::NotFound);
            }
            let (all, ids) = who.scope.sql();
            // In a cycle, the site is the one assigned to serve the
            // household; otherwise where it lives.
            let mut st = c.prepare_cached(
                "SELECT h.id, h.record_number, h.name,
                        COALESCE((SELECT MIN(e.site_id) FROM entitlements e
                                  WHERE e.household_id = h.id AND e.cycle_id = ?2), h.location_id),
                        d.status, d.arrival_date
                 FROM displacements d JOIN households h ON h.id = d.household_id
                 WHERE d.programme_id = ?1 AND d.struck_out IS NULL
                   AND (?2 IS NULL OR EXISTS (SELECT 1 FROM entitlements e
                                              WHERE e.household_id = h.id AND e.cycle_id = ?2))
                   AND (?5 = 1 OR h.location_id IN rarray(?4))
                 ORDER BY h.record_number",
            )?;
            let rows = st.query_map(params![programme_id, cycle_id, site_id, ids, all], |r| {
                Ok(Beneficiary {
                    household_id: r.get(0)?,
                    record_number: r.get(1)?,
                    name: r.get(2)?,
                    site_id: r.get(3)?,
                    site_name: String::new(),
                    status: r.get(4)?,
                    arrival_date: decode::date(r, 5)?,
                    members: Vec::new(),
                })
            })?;
            let mut list = Vec::new();
            for row in rows {
                let b = row?;
                if site_id.is_none_or(|s| s == b.site_id) {
                    list.push(b);
                }
            }
            let names = site_names(c, list.iter().map(|b| b.site_id.clone()).collect::<BTreeSet<_>>())?;
            for b in &mut list {
                b.site_name = names.get(&b.site_id).cloned().unwrap_or_default();
            }
            let mut st = c.prepare_cached(
                "SELECT p.id, p.record_number, p.given_name, p.family_name, p.sex, p.birth_date, m.relationship,
                        p.location_id, p.birth_date_precision
                 FROM household_members m JOIN people p ON p.id = m.person_id
                 WHERE m.household_id = ?1 ORDER BY m.relationship <> 'head', p.birth_date, p.id",
            )?;
            for b in &mut list {
                let rows = st.query_map([&b.household_id], |r| {
                    Ok((
                        BeneficiaryMember {
                            person_id: r.get(0)?,
                            record_number: r.get(1)?,
                            given_name: r.get(2)?,
                            family_name: r.get(3)?,
                            sex: decode::sex(r, 4)?,
                            birth_date: decode::opt_date(r, 5)?,
                            birth_date_precision: decode::opt_precision(r, 8)?,
                            relationship: r.get(6)?,
                        },
                        r.get::<_, String>(7)?,
                    ))
                })?;
                for row in rows {
                    let (member, location) = row?;
                    // A member who moved out of the caller's scope is not
                    // listed, as on the household's own page.
                    if who.scope.contains(&location) {
                        b.members.push(member);
                    }
                }
            }
            Ok(list)
        })?;
        let shown: Vec<String> = list
            .iter()
            .flat_map(|b| std::iter::once(b.household_id.clone()).chain(b.members.iter().map(|m| m.person_id.clone())))
            .collect();
        if !shown.is_empty() {
            let (who, context) = (who.clone(), programme_id.to_string());
            self.write(move |tx| tx.audit_shown(&who, AuditAction::Export, "relief_beneficiaries", &context, &shown))?;
        }
        Ok(list)
    }
}
