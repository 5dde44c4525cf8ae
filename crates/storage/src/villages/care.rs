//! A child's time in care: admission, moves between houses, leaving care
//! and follow-up visits after it, and how a reader sees it.

use super::{AdmissionInput, Care, FollowUpDay, Placement, Sibling, Stay, TransferInput};
use crate::decode;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError};
use dugu_domain::FieldGroup;
use dugu_domain::village::{AdmissionReason, LeavingReason};
use rusqlite::{OptionalExtension, params};

/// An admission row as stored.
struct AdmissionRow {
    id: String,
    admitted_on: time::Date,
    reason: AdmissionReason,
    referred_by: Option<String>,
    group: String,
    left_on: Option<time::Date>,
    leaving_reason: Option<LeavingReason>,
}

impl Tx<'_> {
    /// Admits a child in scope to a village and places it in a house (the
    /// command: [`dugu_commands::villages::admit`]).
    pub fn admit(
        &mut self,
        who: &Principal,
        person_id: &str,
        input: &AdmissionInput,
        today: time::Date,
    ) -> Result<String, StoreError> {
        Ok(dugu_commands::villages::admit(self, who, person_id, input, today)?)
    }

    /// Moves a child in care to another house (the command:
    /// [`dugu_commands::villages::move_child`]).
    pub fn move_child(
        &mut self,
        who: &Principal,
        person_id: &str,
        house_id: &str,
        from: &str,
        confirm_over_capacity: bool,
        today: time::Date,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::villages::move_child(self, who, person_id, house_id, from, confirm_over_capacity, today)?)
    }

    /// Transfers a child in care to another village (the command:
    /// [`dugu_commands::villages::transfer_child`]).
    pub fn transfer_child(
        &mut self,
        who: &Principal,
        person_id: &str,
        input: &TransferInput,
        today: time::Date,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::villages::transfer_child(self, who, person_id, input, today)?)
    }

    /// Records that a child left care (the command:
    /// [`dugu_commands::villages::leave_care`]).
    pub fn leave_care(
        &mut self,
        who: &Principal,
        person_id: &str,
        on: &str,
        reason: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::villages::leave_care(self, who, person_id, on, reason, today)?)
    }

    /// Records a follow-up visit of a child who left care (the command:
    /// [`dugu_commands::villages::follow_up`]).
    pub fn follow_up(
        &mut self,
        who: &Principal,
        person_id: &str,
        visited_on: &str,
        notes: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::villages::follow_up(self, who, person_id, visited_on, notes, today)?)
    }
}

/// A child's care in a village: admission, houses, leaving, follow-ups.
pub trait CareReads {
    /// A child's latest time in care, as `who` may see it; a child out of
    /// scope is `NotFound`.
    fn care_of(&self, who: &Principal, person_id: &str) -> Result<Option<Care>, StoreError>;
}

impl CareReads for Store {
    fn care_of(&self, who: &Principal, person_id: &str) -> Result<Option<Care>, StoreError> {
        let protection = who.role.reads(FieldGroup::Protection);
        self.read(|c| {
            who.may_see_person(c, person_id)?;
            let admission = c
                .prepare_cached(
                    "SELECT id, admitted_on, reason, referred_by, sibling_group, left_on, leaving_reason
                     FROM admissions WHERE person_id = ?1 AND struck_out IS NULL ORDER BY admitted_on DESC LIMIT 1",
                )?
                .query_row([person_id], |r| {
                    Ok(AdmissionRow {
                        id: r.get(0)?,
                        admitted_on: decode::date(r, 1)?,
                        reason: decode::admission_reason(r, 2)?,
                        referred_by: r.get(3)?,
                        group: r.get(4)?,
                        left_on: decode::opt_date(r, 5)?,
                        leaving_reason: decode::opt_leaving_reason(r, 6)?,
                    })
                })
                .optional()?;
            let Some(AdmissionRow { id, admitted_on, reason, referred_by, group, left_on, leaving_reason }) = admission
            else {
                return Ok(None);
            };
            let (all, ids) = who.scope.sql();
            // An SOS parent registered outside the caller's scope is not named.
            let placements: Vec<Placement> = c
                .prepare_cached(
                    "SELECT h.id, h.name, sp.given_name || ' ' || sp.family_name, pl.from_date, pl.to_date
                     FROM placements pl JOIN family_houses h ON h.id = pl.house_id
                     LEFT JOIN people sp ON sp.id = h.sos_parent_id AND (?3 = 1 OR sp.location_id IN rarray(?2))
                     WHERE pl.person_id = ?1 ORDER BY pl.from_date DESC, pl.created_at DESC",
                )?
                .query_map(params![person_id, ids.clone(), all], |r| {
                    Ok(Placement {
                        house_id: r.get(0)?,
                        house_name: r.get(1)?,
                        sos_parent_name: r.get(2)?,
                        from_date: decode::date(r, 3)?,
                        to_date: decode::opt_date(r, 4)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            let siblings: Vec<(Sibling, Option<String>)> = c
                .prepare_cached(
                    "SELECT p.id, p.given_name || ' ' || p.family_name, h.name, h.id
                     FROM admissions a JOIN people p ON p.id = a.person_id
                     LEFT JOIN placements pl ON pl.person_id = p.id AND pl.to_date IS NULL
                     LEFT JOIN family_houses h ON h.id = pl.house_id
                     WHERE a.sibling_group = ?1 AND a.person_id <> ?2 AND a.struck_out IS NULL AND (?4 = 1 OR p.location_id IN rarray(?3))
                     ORDER BY p.sort_name",
                )?
                .query_map(params![group, person_id, ids, all], |r| {
                    Ok((Sibling { person_id: r.get(0)?, name: r.get(1)?, house_name: r.get(2)? }, r.get(3)?))
                })?
                .collect::<Result<_, _>>()?;
            let here = placements.iter().find(|p| p.to_date.is_none()).map(|p| p.house_id.clone());
            let siblings_split =
                here.as_ref().is_some_and(|h| {
                    dugu_domain::village::siblings_split(std::iter::once(("self", h.as_str())).chain(
                        siblings.iter().filter_map(|(s, house)| Some((s.person_id.as_str(), house.as_deref()?))),
                    ))
                });
            let follow_ups = if protection {
                c.prepare_cached(
                    "SELECT visited_on, notes, id FROM care_follow_ups WHERE admission_id = ?1 AND struck_out IS NULL
                     ORDER BY visited_on DESC, created_at DESC",
                )?
                .query_map([&id], |r| Ok(((FollowUpDay(decode::date(r, 0)?), r.get(1)?), r.get(2)?)))?
                .collect::<Result<Vec<_>, _>>()?
            } else {
                Vec::new()
            };
            let (follow_ups, follow_up_ids) = follow_ups.into_iter().unzip();
            // The stays before this one, each with the houses it began in
            // (a placement belongs to the stay it started in).
            let earlier_stays = c
                .prepare_cached(
                    "SELECT id, admitted_on, reason, left_on, leaving_reason FROM admissions
                      WHERE person_id = ?1 AND id <> ?2 AND struck_out IS NULL ORDER BY admitted_on DESC, created_at DESC",
                )?
                .query_map(params![person_id, id], |r| {
                    Ok(Stay {
                        admission_id: r.get(0)?,
                        admitted_on: decode::date(r, 1)?,
                        reason: Some(decode::admission_reason(r, 2)?).filter(|_| protection),
                        left_on: decode::opt_date(r, 3)?,
                        leaving_reason: decode::opt_leaving_reason(r, 4)?.filter(|_| protection),
                        placements: Vec::new(),
                    })
                })?
                .collect::<Result<Vec<Stay>, _>>()?
                .into_iter()
                .map(|mut s| {
                    s.placements = placements
                        .iter()
                        .filter(|p| {
                            p.from_date >= s.admitted_on && s.left_on.as_ref().is_none_or(|l| p.from_date <= *l)
                        })
                        .cloned()
                        .collect();
                    s
                })
                .collect();
            Ok(Some(Care {
                follow_ups,
                follow_up_ids,
                admission_id: id,
                admitted_on,
                reason: protection.then_some(reason),
                referred_by: if protection { referred_by } else { None },
                left_on,
                leaving_reason: if protection { leaving_reason } else { None },
                placements,
                siblings: siblings.into_iter().map(|(s, _)| s).collect(),
                siblings_split,
                earlier_stays,
            }))
        })
    }
}

/// A child's time in a Children's Village — admission, moves, leaving care,
/// follow-ups, transfer: `dugu_commands::villages`, each in one write.
pub trait CareWrites {
    /// Admits a child (see [`Tx::admit`]).
    fn admit(
        &self,
        who: &Principal,
        person_id: &str,
        input: AdmissionInput,
        today: time::Date,
    ) -> Result<String, StoreError>;
    /// Records a follow-up after leaving care (see [`Tx::follow_up`]).
    fn follow_up(
        &self,
        who: &Principal,
        person_id: &str,
        visited_on: &str,
        notes: &str,
        today: time::Date,
    ) -> Result<(), StoreError>;
    /// Records a leaving (see [`Tx::leave_care`]).
    fn leave_care(
        &self,
        who: &Principal,
        person_id: &str,
        on: &str,
        reason: &str,
        today: time::Date,
    ) -> Result<(), StoreError>;
    /// Moves a child (see [`Tx::move_child`]).
    fn move_child(
        &self,
        who: &Principal,
        person_id: &str,
        house_id: &str,
        from: &str,
        confirm_over_capacity: bool,
        today: time::Date,
    ) -> Result<(), StoreError>;
    /// Transfers a child to another village, all or nothing (see
    /// [`Tx::transfer_child`]).
    fn transfer_child(
        &self,
        who: &Principal,
        person_id: &str,
        input: TransferInput,
        today: time::Date,
    ) -> Result<(), StoreError>;
}

impl CareWrites for Store {
    fn admit(
        &self,
        who: &Principal,
        person_id: &str,
        input: AdmissionInput,
        today: time::Date,
    ) -> Result<String, StoreError> {
        let (who, person_id) = (who.clone(), person_id.to_string());
        self.write(move |tx| tx.admit(&who, &person_id, &input, today))
    }
    fn follow_up(
        &self,
        who: &Principal,
        person_id: &str,
        visited_on: &str,
        notes: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let (who, p, d, n) = (who.clone(), person_id.to_string(), visited_on.to_string(), notes.to_string());
        self.write(move |tx| tx.follow_up(&who, &p, &d, &n, today))
    }
    fn leave_care(
        &self,
        who: &Principal,
        person_id: &str,
        on: &str,
        reason: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let (who, p, o, r) = (who.clone(), person_id.to_string(), on.to_string(), reason.to_string());
        self.write(move |tx| tx.leave_care(&who, &p, &o, &r, today))
    }
    fn move_child(
        &self,
        who: &Principal,
        person_id: &str,
        house_id: &str,
        from: &str,
        confirm_over_capacity: bool,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let (who, p, h, f) = (who.clone(), person_id.to_string(), house_id.to_string(), from.to_string());
        self.write(move |tx| tx.move_child(&who, &p, &h, &f, confirm_over_capacity, today))
    }
    fn transfer_child(
        &self,
        who: &Principal,
        person_id: &str,
        input: TransferInput,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let (who, p) = (who.clone(), person_id.to_string());
        self.write(move |tx| tx.transfer_child(&who, &p, &input, today))
    }
}
