//! A child's time in care: admission, moves between houses, leaving care
//! and follow-up visits after it, and how a reader sees it.

use super::{AdmissionInput, Care, Placement, Sibling, Stay, text};
use crate::oplog::Op;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError, new_id};
use dugu_domain::village::{AdmissionReason, LeavingReason};
use dugu_domain::{EntityKind, FieldGroup, Invalid, Problem};
use rusqlite::{OptionalExtension, params};

/// An admission row as stored.
struct AdmissionRow {
    id: String,
    admitted_on: String,
    reason: String,
    referred_by: Option<String>,
    group: String,
    left_on: Option<String>,
    leaving_reason: Option<String>,
}

impl Tx<'_> {
    /// The location of a child whose care `who` may change: out of scope
    /// is `NotFound`, a role that does not handle care `Forbidden`.
    fn care_child(&self, who: &Principal, person_id: &str) -> Result<String, StoreError> {
        let location = self.person_location(who, person_id)?;
        if !who.role.handles_care() {
            return Err(StoreError::Forbidden);
        }
        Ok(location)
    }

    fn current_placement(&self, person_id: &str) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, house_id FROM placements WHERE person_id = ?1 AND to_date IS NULL",
                [person_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The day the child came to its current house, if it has one.
    fn placed_from(&self, person_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT from_date FROM placements WHERE person_id = ?1 AND to_date IS NULL", [person_id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    fn open_admission(&self, person_id: &str) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, admitted_on FROM admissions WHERE person_id = ?1 AND left_on IS NULL",
                [person_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// True when the house has as many children living there as its
    /// capacity, or more.
    fn house_full(&self, house_id: &str, capacity: i64) -> Result<bool, StoreError> {
        let living: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM placements WHERE house_id = ?1 AND to_date IS NULL",
            [house_id],
            |r| r.get(0),
        )?;
        Ok(living >= capacity)
    }

    fn insert_placement(
        &mut self,
        who: &Principal,
        person_id: &str,
        house_id: &str,
        from: &str,
    ) -> Result<(), StoreError> {
        let fields = vec![
            ("person_id", serde_json::json!(person_id)),
            ("house_id", serde_json::json!(house_id)),
            ("from_date", serde_json::json!(from)),
        ];
        self.apply(Some(who), vec![Op::create(EntityKind::Placement, &new_id(), fields)])
    }

    /// Ends a placement on `on`; never before it began (refused as
    /// `field`'s problem), whatever path asks.
    fn close_placement(
        &mut self,
        who: &Principal,
        placement_id: &str,
        on: &str,
        field: &str,
    ) -> Result<(), StoreError> {
        let from: Option<String> = self
            .conn
            .query_row("SELECT from_date FROM placements WHERE id = ?1", [placement_id], |r| r.get(0))
            .optional()?;
        if from.is_some_and(|from| on < from.as_str()) {
            let mut inv = Invalid::new();
            inv.add(field, Problem::BeforePlacement);
            return Err(inv.into());
        }
        self.apply(Some(who), vec![Op::set(EntityKind::Placement, placement_id, "to_date", serde_json::json!(on))])
    }

    /// Admits a child in scope to a village and places it in a house.
    pub fn admit(
        &mut self,
        who: &Principal,
        person_id: &str,
        input: &AdmissionInput,
        today: time::Date,
    ) -> Result<String, StoreError> {
        let location = self.care_child(who, person_id)?;
        let born: Option<String> =
            self.conn.query_row("SELECT birth_date FROM people WHERE id = ?1", [person_id], |r| r.get(0))?;
        let mut inv = Invalid::new();
        let date = inv.check("admitted_on", dugu_domain::birth::event_date(&input.admitted_on, today, born.as_deref()));
        let reason = inv.check("reason", AdmissionReason::parse(input.reason.trim()));
        let referred_by = inv.check("referred_by", dugu_domain::person::optional_text(&input.referred_by)).flatten();
        match self.house_in(who, &input.house_id)? {
            None => {
                inv.add("house_id", if input.house_id.trim().is_empty() { Problem::Required } else { Problem::Unknown })
            }
            Some((_, capacity)) if !input.confirm_over_capacity && self.house_full(&input.house_id, capacity)? => {
                inv.add("house_id", Problem::Full)
            }
            Some(_) => {}
        }
        if self.open_admission(person_id)?.is_some() {
            inv.add("admitted_on", Problem::Taken);
        }
        let mut group = None;
        if let Some(sibling) = text(&input.sibling_id) {
            let g: Option<String> = self
                .conn
                .query_row(
                    "SELECT a.sibling_group FROM admissions a JOIN people p ON p.id = a.person_id
                     WHERE a.person_id = ?1 ORDER BY a.admitted_on DESC LIMIT 1",
                    [&sibling],
                    |r| r.get(0),
                )
                .optional()?;
            match (g, self.person_location(who, &sibling)) {
                (Some(g), Ok(_)) if sibling != person_id => group = Some(g),
                // In scope but never admitted: say so, not "unknown".
                (None, Ok(_)) if sibling != person_id => inv.add("sibling_id", Problem::NotInCare),
                _ => inv.add("sibling_id", Problem::Unknown),
            }
        }
        inv.clone().into_result()?;
        let (Some(date), Some(reason)) = (date, reason) else { return Err(inv.into()) };
        let id = new_id();
        let group = group.unwrap_or_else(|| id.clone());
        let fields = vec![
            ("person_id", serde_json::json!(person_id)),
            ("location_id", serde_json::json!(location)),
            ("admitted_on", serde_json::json!(date)),
            ("reason", serde_json::json!(reason.code())),
            ("referred_by", serde_json::json!(referred_by)),
            ("sibling_group", serde_json::json!(group)),
        ];
        self.apply(Some(who), vec![Op::create(EntityKind::Admission, &id, fields)])?;
        self.insert_placement(who, person_id, &input.house_id, &date)?;
        Ok(id)
    }

    /// Moves a child in care to another house from `from`; a house that is
    /// full is refused unless `confirm_over_capacity`.
    pub fn move_child(
        &mut self,
        who: &Principal,
        person_id: &str,
        house_id: &str,
        from: &str,
        confirm_over_capacity: bool,
        today: time::Date,
    ) -> Result<(), StoreError> {
        self.care_child(who, person_id)?;
        let mut inv = Invalid::new();
        let date = inv.check("from_date", parse_past(from, today));
        let house = self.house_in(who, house_id)?;
        if house.is_none() {
            inv.add("house_id", if house_id.trim().is_empty() { Problem::Required } else { Problem::Unknown });
        }
        let current = self.current_placement(person_id)?;
        let open = self.open_admission(person_id)?;
        if let (Some(d), Some((_, admitted))) = (&date, &open) {
            inv.check(
                "from_date",
                dugu_domain::village::stay_change(d, admitted, self.placed_from(person_id)?.as_deref()),
            );
        }
        match (&current, open) {
            (_, None) => inv.add("house_id", Problem::NotAllowed),
            (Some((_, h)), _) if h == house_id => inv.add("house_id", Problem::Taken),
            _ => {
                if let Some((_, capacity)) = house
                    && !confirm_over_capacity
                    && self.house_full(house_id, capacity)?
                {
                    inv.add("house_id", Problem::Full);
                }
            }
        }
        inv.clone().into_result()?;
        let Some(date) = date else { return Err(inv.into()) };
        if let Some((placement, _)) = current {
            self.close_placement(who, &placement, &date, "from_date")?;
        }
        self.insert_placement(who, person_id, house_id, &date)
    }

    /// Records that a child left care: the admission and the placement end.
    pub fn leave_care(
        &mut self,
        who: &Principal,
        person_id: &str,
        on: &str,
        reason: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        self.care_child(who, person_id)?;
        let mut inv = Invalid::new();
        let date = inv.check("left_on", parse_past(on, today));
        let reason = inv.check("leaving_reason", LeavingReason::parse(reason.trim()));
        let open = self.open_admission(person_id)?;
        match &open {
            None => inv.add("left_on", Problem::NotAllowed),
            Some((_, admitted)) if date.as_deref().is_some_and(|d| d < admitted.as_str()) => {
                inv.add("left_on", Problem::BeforeAdmission)
            }
            Some((_, admitted)) => {
                if let Some(d) = &date {
                    let placed_from = self.placed_from(person_id)?;
                    inv.check("left_on", dugu_domain::village::stay_change(d, admitted, placed_from.as_deref()));
                }
            }
        }
        inv.clone().into_result()?;
        let (Some(date), Some(reason), Some((admission, _))) = (date, reason, open) else { return Err(inv.into()) };
        self.apply(
            Some(who),
            vec![
                Op::set(EntityKind::Admission, &admission, "left_on", serde_json::json!(date)),
                Op::set(EntityKind::Admission, &admission, "leaving_reason", serde_json::json!(reason.code())),
            ],
        )?;
        if let Some((placement, _)) = self.current_placement(person_id)? {
            self.close_placement(who, &placement, &date, "left_on")?;
        }
        Ok(())
    }
}

impl Tx<'_> {
    /// Records a follow-up visit of a child who left care (its latest
    /// admission must have ended, and the visit cannot precede the leaving).
    pub fn follow_up(
        &mut self,
        who: &Principal,
        person_id: &str,
        visited_on: &str,
        notes: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        self.care_child(who, person_id)?;
        let left: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT id, left_on FROM admissions WHERE person_id = ?1 ORDER BY admitted_on DESC LIMIT 1",
                [person_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let mut inv = Invalid::new();
        let date = inv.check("visited_on", parse_past(visited_on, today));
        let notes =
            inv.check("notes", dugu_domain::person::optional_note(notes).and_then(|n| n.ok_or(Problem::Required)));
        let admission = match &left {
            Some((id, Some(left_on))) => {
                if date.as_deref().is_some_and(|d| d < left_on.as_str()) {
                    inv.add("visited_on", Problem::OutOfRange);
                }
                Some(id.clone())
            }
            _ => {
                inv.add("visited_on", Problem::NotAllowed);
                None
            }
        };
        inv.clone().into_result()?;
        let (Some(date), Some(notes), Some(admission)) = (date, notes, admission) else { return Err(inv.into()) };
        let fields = vec![
            ("admission_id", serde_json::json!(admission)),
            ("visited_on", serde_json::json!(date)),
            ("notes", serde_json::json!(notes)),
        ];
        self.apply(Some(who), vec![Op::create(EntityKind::CareFollowUp, &new_id(), fields)])
    }
}

impl Store {
    /// Records a follow-up after leaving care (see [`Tx::follow_up`]).
    pub fn follow_up(
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
}

fn parse_past(raw: &str, today: time::Date) -> Result<String, Problem> {
    dugu_domain::birth::event_date(raw, today, None)
}

impl Store {
    /// Admits a child (see [`Tx::admit`]).
    pub fn admit(
        &self,
        who: &Principal,
        person_id: &str,
        input: AdmissionInput,
        today: time::Date,
    ) -> Result<String, StoreError> {
        let (who, person_id) = (who.clone(), person_id.to_string());
        self.write(move |tx| tx.admit(&who, &person_id, &input, today))
    }

    /// Moves a child (see [`Tx::move_child`]).
    pub fn move_child(
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

    /// Records a leaving (see [`Tx::leave_care`]).
    pub fn leave_care(
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

    /// A child's latest time in care, as `who` may see it; a child out of
    /// scope is `NotFound`.
    pub fn care_of(&self, who: &Principal, person_id: &str) -> Result<Option<Care>, StoreError> {
        let protection = who.role.reads(FieldGroup::Protection);
        self.read(|c| {
            who.may_see_person(c, person_id)?;
            let admission = c
                .prepare_cached(
                    "SELECT id, admitted_on, reason, referred_by, sibling_group, left_on, leaving_reason
                     FROM admissions WHERE person_id = ?1 ORDER BY admitted_on DESC LIMIT 1",
                )?
                .query_row([person_id], |r| {
                    Ok(AdmissionRow {
                        id: r.get(0)?,
                        admitted_on: r.get(1)?,
                        reason: r.get(2)?,
                        referred_by: r.get(3)?,
                        group: r.get(4)?,
                        left_on: r.get(5)?,
                        leaving_reason: r.get(6)?,
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
                        from_date: r.get(3)?,
                        to_date: r.get(4)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            let siblings: Vec<(Sibling, Option<String>)> = c
                .prepare_cached(
                    "SELECT p.id, p.given_name || ' ' || p.family_name, h.name, h.id
                     FROM admissions a JOIN people p ON p.id = a.person_id
                     LEFT JOIN placements pl ON pl.person_id = p.id AND pl.to_date IS NULL
                     LEFT JOIN family_houses h ON h.id = pl.house_id
                     WHERE a.sibling_group = ?1 AND a.person_id <> ?2 AND (?4 = 1 OR p.location_id IN rarray(?3))
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
                .query_map([&id], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
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
                      WHERE person_id = ?1 AND id <> ?2 ORDER BY admitted_on DESC, created_at DESC",
                )?
                .query_map(params![person_id, id], |r| {
                    Ok(Stay {
                        admission_id: r.get(0)?,
                        admitted_on: r.get(1)?,
                        reason: r.get::<_, Option<String>>(2)?.filter(|_| protection),
                        left_on: r.get(3)?,
                        leaving_reason: r.get::<_, Option<String>>(4)?.filter(|_| protection),
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
