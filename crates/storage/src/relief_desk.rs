//! The relief distribution desk (issue 15): the facts its commands read
//! (`dugu_commands::relief_desk`), the hand-over itself, and what the
//! desk's page reads of a household — its registration, its entitlements
//! in the cycles open today and how each was handed over. Relief data:
//! read by roles with the Relief field group, within scope (else
//! `NotFound`).

use crate::audit::AuditAction;
use crate::contract::fact;
use crate::decode;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError};
use dugu_commands::CommandError;
pub use dugu_commands::relief_desk::FirstReceipt;
use dugu_commands::relief_desk::{DisplacementFacts, EntitlementFacts, ReliefDeskTx};
use dugu_domain::FieldGroup;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

pub use dugu_commands::relief_desk::{Issued, ReceiptInput, Served};

const FIRST_RECEIPT: &str = "SELECT r.id, r.served_at, r.site_id, COALESCE(l.name, ''), r.served_by,
        COALESCE(u.display_name, ''), r.collector_role, r.number
   FROM receipts r LEFT JOIN locations l ON l.id = r.site_id LEFT JOIN users u ON u.id = r.served_by
  WHERE r.entitlement_id = ?1 AND r.voided IS NULL ORDER BY r.served_at, r.id LIMIT 1";

pub(crate) fn first_receipt(c: &Connection, entitlement_id: &str) -> Result<Option<FirstReceipt>, StoreError> {
    Ok(c.prepare_cached(FIRST_RECEIPT)?
        .query_row([entitlement_id], |r| {
            Ok(FirstReceipt {
                id: r.get(0)?,
                at: r.get(1)?,
                site_id: r.get(2)?,
                site: r.get(3)?,
                user_id: r.get(4)?,
                user: r.get(5)?,
                collector: r.get(6)?,
                number: r.get(7)?,
            })
        })
        .optional()?)
}

impl ReliefDeskTx for Tx<'_> {
    fn entitlement(&self, id: &str) -> Result<Option<EntitlementFacts>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT e.household_id, c.programme_id, e.cycle_id, c.status, c.start_date, c.end_date, e.status,
                            e.site_id
                       FROM entitlements e JOIN relief_cycles c ON c.id = e.cycle_id WHERE e.id = ?1",
                )?
                .query_row([id], |r| {
                    Ok(EntitlementFacts {
                        household_id: r.get(0)?,
                        programme_id: r.get(1)?,
                        cycle_id: r.get(2)?,
                        cycle_status: r.get(3)?,
                        start_date: crate::decode::date(r, 4)?,
                        end_date: crate::decode::date(r, 5)?,
                        status: r.get(6)?,
                        site_id: r.get(7)?,
                    })
                })
                .optional()?)
        })
    }

    fn receipt_by_client_uuid(&self, client_uuid: &str) -> Result<Option<(Issued, String)>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT id, number, entitlement_id FROM receipts WHERE client_uuid = ?1 ORDER BY id LIMIT 1",
                )?
                .query_row([client_uuid], |r| Ok((Issued { id: r.get(0)?, number: r.get(1)? }, r.get(2)?)))
                .optional()?)
        })
    }

    fn receipt_number(&mut self, site_id: &str) -> Result<String, CommandError> {
        fact(|| {
            // Numbered like records: per site (the one the desk's place
            // belongs to), in the replica's series or the hub's.
            let (site, code) = self.record_site(site_id)?;
            let n = self.take_numbers(&site, 1, dugu_domain::record_number::RECEIPT_SERIES)?;
            Ok(dugu_domain::record_number::receipt(&code, n))
        })
    }

    fn first_receipt(&self, entitlement_id: &str) -> Result<Option<FirstReceipt>, CommandError> {
        fact(|| first_receipt(self.conn, entitlement_id))
    }

    fn household_head(&self, household_id: &str) -> Result<Option<String>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT person_id FROM household_members WHERE household_id = ?1 AND relationship = 'head'
                      ORDER BY person_id LIMIT 1",
                )?
                .query_row([household_id], |r| r.get(0))
                .optional()?)
        })
    }

    fn displacement(&self, household_id: &str, programme_id: &str) -> Result<Option<DisplacementFacts>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT alternate_ids, struck_out IS NOT NULL FROM displacements
                      WHERE household_id = ?1 AND programme_id = ?2 ORDER BY struck_out IS NOT NULL, registered_on DESC
                      LIMIT 1",
                )?
                .query_row(params![household_id, programme_id], |r| {
                    let lines: String = r.get(0)?;
                    Ok(DisplacementFacts {
                        alternate_ids: lines.lines().filter(|l| !l.is_empty()).map(str::to_string).collect(),
                        struck_out: r.get(1)?,
                        duplicate_of: None,
                    })
                })
                .optional()?
                .map(|mut facts| -> Result<DisplacementFacts, rusqlite::Error> {
                    facts.duplicate_of = duplicate_of(self.conn, household_id)?.map(|(number, _)| number);
                    Ok(facts)
                })
                .transpose()?)
        })
    }

    fn collected_for(&self, person_id: &str, cycle_id: &str, except: &str) -> Result<Vec<String>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT DISTINCT r.household_id FROM receipts r JOIN entitlements e ON e.id = r.entitlement_id
                      WHERE r.collector_id = ?1 AND r.collector_role = 'alternate' AND e.cycle_id = ?2
                        AND r.household_id <> ?3 AND r.voided IS NULL",
                )?
                .query_map(params![person_id, cycle_id, except], |r| r.get(0))?
                .collect::<Result<_, _>>()?)
        })
    }

    fn card_of(&self, household_id: &str) -> Result<Option<(String, i64)>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT id, card_serial FROM displacements WHERE household_id = ?1 AND struck_out IS NULL
                      ORDER BY registered_on DESC, id LIMIT 1",
                )?
                .query_row([household_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?)
        })
    }

    fn receipt(&self, id: &str) -> Result<Option<(String, bool)>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT household_id, voided IS NOT NULL FROM receipts WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?)
        })
    }

    fn note_refused_receipt(&mut self, who: &Principal, entitlement_id: &str) -> Result<(), CommandError> {
        fact(|| self.audit(Some(who), AuditAction::Refused, "entitlement", entitlement_id, &["receipt"]))
    }
}

impl Tx<'_> {
    /// Hands an entitlement over at the desk (the command:
    /// [`dugu_commands::relief_desk::serve`]).
    pub fn serve_relief(
        &mut self,
        who: &Principal,
        input: &ReceiptInput,
        now: time::OffsetDateTime,
    ) -> Result<Served, StoreError> {
        Ok(dugu_commands::relief_desk::serve(self, who, input, now)?)
    }

    /// The next `n` receipt numbers of the site a desk at `location_id`
    /// serves (`MOP-SEV-R000042`…), in order, taken at once from the
    /// counter the desk's hand-overs take theirs from: for receipts
    /// written without the desk's command — the demo's seeding — which
    /// must be numbered like real ones, never twice.
    pub fn take_receipt_numbers(&mut self, location_id: &str, n: u64) -> Result<Vec<String>, StoreError> {
        if n == 0 {
            // Taking none would still create the counter at zero, which
            // the counters rebuilt from the receipts would not have.
            return Ok(Vec::new());
        }
        let (site, code) = self.record_site(location_id)?;
        let first = self.take_numbers(&site, n, dugu_domain::record_number::RECEIPT_SERIES)?;
        Ok((first..first + n).map(|k| dugu_domain::record_number::receipt(&code, k)).collect())
    }
}

/// One entitlement as the desk shows it, with its first receipt if it
/// was handed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeskEntitlement {
    /// Id.
    pub id: String,
    /// The cycle's id.
    pub cycle_id: String,
    /// The cycle's name.
    pub cycle: String,
    /// Item (`cereal`, `oil`…).
    pub item: String,
    /// Exact integer quantity in `unit`.
    pub quantity: i64,
    /// `g`, `mL` or `XOF`.
    pub unit: String,
    /// `in_kind` or `cash`.
    pub modality: String,
    /// The site assigned to serve it.
    pub site_id: String,
    /// That site's name.
    pub site: String,
    /// Carried from an earlier cycle ("rattrapage").
    pub carried: bool,
    /// How it was first handed over, if it was.
    pub served: Option<FirstReceipt>,
}

/// A person who may collect for the household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeskCollector {
    /// Person id.
    pub person_id: String,
    /// Name as typed.
    pub name: String,
    /// `head` or `alternate`.
    pub role: String,
}

/// What the desk shows of a household registered in a relief programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeskHousehold {
    /// Household id.
    pub household_id: String,
    /// Its record number.
    pub record_number: String,
    /// Its name.
    pub name: String,
    /// The programme it is registered in (its latest registration).
    pub programme_id: String,
    /// The current card's serial.
    pub card_serial: i64,
    /// The day the current card replaced an older one.
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    pub card_replaced_on: Option<time::Date>,
    /// Struck out: served no more.
    pub struck_out: bool,
    /// A supervisor decided this is the same household as an earlier one
    /// (then it is served no more: that one is): its record number, or
    /// `None` inside when that household is outside the reader's scope.
    pub duplicate_of: Option<Option<String>>,
    /// Households it is likely the same as, not yet decided on: the desk
    /// says so, and the officer may check with the family. Record numbers
    /// in the reader's scope only.
    pub likely_same_as: Vec<String>,
    /// Some of those households are outside the reader's scope (named by
    /// no number).
    pub likely_elsewhere: bool,
    /// The head, then the alternates.
    pub collectors: Vec<DeskCollector>,
    /// Its entitlements in the cycles open on the day asked about.
    pub entitlements: Vec<DeskEntitlement>,
}

/// The record number of the household a supervisor decided `household_id`
/// is the same as (its latest decision on a pair where it is the later
/// registration).
pub(crate) fn duplicate_of(c: &Connection, household_id: &str) -> Result<Option<(String, String)>, rusqlite::Error> {
    c.prepare_cached(
        "SELECT k.record_number, k.location_id FROM duplicate_pairs x JOIN households k ON k.id = x.other_household_id
          WHERE x.household_id = ?1
            AND (SELECT d.decision FROM duplicate_decisions d WHERE d.pair_id = x.id
                  ORDER BY d.created_at DESC, d.id DESC LIMIT 1) = 'same_household'
          ORDER BY k.record_number LIMIT 1",
    )?
    .query_row([household_id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

/// The record numbers and places of the households `household_id` is
/// likely the same as and no supervisor has decided on yet (either side
/// of a pair).
fn likely_pending(c: &Connection, household_id: &str) -> Result<Vec<(String, String)>, rusqlite::Error> {
    c.prepare_cached(
        "SELECT DISTINCT k.record_number, k.location_id FROM duplicate_pairs x
           JOIN households k ON k.id = CASE WHEN x.household_id = ?1 THEN x.other_household_id
                                            ELSE x.household_id END
          WHERE (x.household_id = ?1 OR x.other_household_id = ?1) AND x.band = 'likely'
            AND COALESCE((SELECT d.decision FROM duplicate_decisions d WHERE d.pair_id = x.id
                           ORDER BY d.created_at DESC, d.id DESC LIMIT 1), 'undone') = 'undone'
          ORDER BY k.record_number",
    )?
    .query_map([household_id], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

fn name_of(c: &Connection, person_id: &str) -> Result<Option<String>, StoreError> {
    Ok(c.prepare_cached("SELECT given_name || ' ' || family_name FROM people WHERE id = ?1")?
        .query_row([person_id], |r| r.get(0))
        .optional()?)
}

/// What the relief desk reads: who is registered, a household at the desk.
pub trait DeskReads {
    /// Of `household_ids`, those registered for relief (what the desk
    /// serves: [`Store::desk_household`] reads them) and in the reader's
    /// scope, for a role that reads relief — one read for a whole page of
    /// search results; for another role, none.
    fn relief_registered(
        &self,
        who: &Principal,
        household_ids: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError>;

    /// A household as the desk shows it on `today`: its registration,
    /// who may collect, its entitlements in the cycles open that day. A
    /// household out of scope is `NotFound`; `None` for a role that does
    /// not read relief data or a household never registered for relief.
    /// (The caller audits the view, as [`Store::view_household`](crate::reads::HouseholdReads::view_household) does.)
    fn desk_household(
        &self,
        who: &Principal,
        household_id: &str,
        today: time::Date,
    ) -> Result<Option<DeskHousehold>, StoreError>;
}

impl DeskReads for Store {
    fn relief_registered(
        &self,
        who: &Principal,
        household_ids: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        if !who.role.reads(FieldGroup::Relief) || household_ids.is_empty() {
            return Ok(Default::default());
        }
        let asked = crate::pool::text_array(household_ids);
        let (all, ids) = who.scope.sql();
        self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT DISTINCT h.id FROM households h
                  WHERE h.id IN rarray(?1) AND (?3 = 1 OR h.location_id IN rarray(?2))
                    AND EXISTS (SELECT 1 FROM displacements d WHERE d.household_id = h.id)",
            )?
            .query_map(params![asked, ids, all], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
        })
    }

    fn desk_household(
        &self,
        who: &Principal,
        household_id: &str,
        today: time::Date,
    ) -> Result<Option<DeskHousehold>, StoreError> {
        self.read(|c| {
            who.may_see_household(c, household_id)?;
            if !who.role.reads(FieldGroup::Relief) {
                return Ok(None);
            }
            let found: Option<(DeskHousehold, String)> = c
                .prepare_cached(
                    "SELECT h.record_number, h.name, d.programme_id, d.card_serial, d.card_replaced_on,
                            d.struck_out IS NOT NULL, d.alternate_ids
                       FROM displacements d JOIN households h ON h.id = d.household_id
                      WHERE d.household_id = ?1 ORDER BY d.struck_out IS NOT NULL, d.registered_on DESC LIMIT 1",
                )?
                .query_row([household_id], |r| {
                    let desk = DeskHousehold {
                        household_id: household_id.to_string(),
                        record_number: r.get(0)?,
                        name: r.get(1)?,
                        programme_id: r.get(2)?,
                        card_serial: r.get(3)?,
                        card_replaced_on: decode::opt_date(r, 4)?,
                        struck_out: r.get(5)?,
                        duplicate_of: None,
                        likely_same_as: Vec::new(),
                        likely_elsewhere: false,
                        collectors: Vec::new(),
                        entitlements: Vec::new(),
                    };
                    Ok((desk, r.get(6)?))
                })
                .optional()?;
            let Some((mut desk, alternates)) = found else { return Ok(None) };
            // Another household is named only if the reader may see it.
            desk.duplicate_of =
                duplicate_of(c, household_id)?.map(|(number, place)| who.scope.contains(&place).then_some(number));
            for (number, place) in likely_pending(c, household_id)? {
                if who.scope.contains(&place) {
                    desk.likely_same_as.push(number);
                } else {
                    desk.likely_elsewhere = true;
                }
            }
            let mut collectors = Vec::new();
            let heads: Vec<String> = c
                .prepare_cached(
                    "SELECT person_id FROM household_members WHERE household_id = ?1 AND relationship = 'head'
                      ORDER BY person_id LIMIT 1",
                )?
                .query_map([household_id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let listed = heads
                .iter()
                .map(|p| (p.as_str(), "head"))
                .chain(alternates.lines().filter(|l| !l.is_empty()).map(|p| (p, "alternate")));
            for (person_id, role) in listed {
                // An alternate out of scope (living elsewhere) is named by
                // no one here; the desk still serves the head.
                if who.may_see_person(c, person_id).is_ok()
                    && let Some(name) = name_of(c, person_id)?
                {
                    collectors.push(DeskCollector { person_id: person_id.into(), name, role: role.into() });
                }
            }
            let day = today.to_string();
            let mut entitlements: Vec<DeskEntitlement> = c
                .prepare_cached(
                    "SELECT e.id, e.cycle_id, c.name, e.item, e.quantity, e.unit, e.modality, e.site_id,
                            COALESCE(l.name, ''), e.carried_from IS NOT NULL
                       FROM entitlements e JOIN relief_cycles c ON c.id = e.cycle_id
                       LEFT JOIN locations l ON l.id = e.site_id
                      WHERE e.household_id = ?1 AND c.status = 'approved' AND e.status = 'approved'
                        AND c.start_date <= ?2 AND ?2 <= c.end_date
                      ORDER BY c.start_date, e.item, e.id",
                )?
                .query_map(params![household_id, day], |r| {
                    Ok(DeskEntitlement {
                        id: r.get(0)?,
                        cycle_id: r.get(1)?,
                        cycle: r.get(2)?,
                        item: r.get(3)?,
                        quantity: r.get(4)?,
                        unit: r.get(5)?,
                        modality: r.get(6)?,
                        site_id: r.get(7)?,
                        site: r.get(8)?,
                        carried: r.get(9)?,
                        served: None,
                    })
                })?
                .collect::<Result<_, _>>()?;
            for e in &mut entitlements {
                e.served = first_receipt(c, &e.id)?;
            }
            desk.collectors = collectors;
            desk.entitlements = entitlements;
            Ok(Some(desk))
        })
    }
}

/// The relief desk: hand-overs, replaced cards, and the programme's card
/// key: `dugu_commands::relief_desk`, each in one write.
pub trait DeskWrites {
    /// The programme's card signing key: the one kept, or `fresh` (32
    /// random bytes the caller drew) kept now if it has none yet. Never in
    /// the change log: it does not travel to sites.
    fn card_secret(&self, programme_id: &str, fresh: [u8; 32]) -> Result<[u8; 32], StoreError>;
    /// Replaces a household's card; the new serial (the command:
    /// [`dugu_commands::relief_desk::replace_card`]).
    fn replace_relief_card(&self, who: &Principal, household_id: &str, today: time::Date) -> Result<i64, StoreError>;
    /// Hands an entitlement over (see [`Tx::serve_relief`]).
    fn serve_relief(
        &self,
        who: &Principal,
        input: ReceiptInput,
        now: time::OffsetDateTime,
    ) -> Result<Served, StoreError>;
}

impl DeskWrites for Store {
    fn card_secret(&self, programme_id: &str, fresh: [u8; 32]) -> Result<[u8; 32], StoreError> {
        let programme = programme_id.to_string();
        self.write(move |tx| {
            tx.conn
                .prepare_cached(
                    "INSERT INTO relief_card_keys (programme_id, secret, created_at)
                     SELECT id, ?2, ?3 FROM programmes WHERE id = ?1
                     ON CONFLICT (programme_id) DO NOTHING",
                )?
                .execute(params![programme, &fresh[..], crate::now_millis()])?;
            let kept: Option<Vec<u8>> = tx
                .conn
                .prepare_cached("SELECT secret FROM relief_card_keys WHERE programme_id = ?1")?
                .query_row([&programme], |r| r.get(0))
                .optional()?;
            kept.and_then(|k| <[u8; 32]>::try_from(k.as_slice()).ok()).ok_or(StoreError::NotFound)
        })
    }
    fn replace_relief_card(&self, who: &Principal, household_id: &str, today: time::Date) -> Result<i64, StoreError> {
        let (who, h) = (who.clone(), household_id.to_string());
        self.write(move |tx| Ok(dugu_commands::relief_desk::replace_card(tx, &who, &h, today)?))
    }
    fn serve_relief(
        &self,
        who: &Principal,
        input: ReceiptInput,
        now: time::OffsetDateTime,
    ) -> Result<Served, StoreError> {
        let who = who.clone();
        self.write(move |tx| tx.serve_relief(&who, &input, now))
    }
}
