//! Family strengthening: a household's time in the programme, its needs
//! assessments, support plan, home visits and exit. Social data: read and
//! written by roles with the protection field group (directors, social
//! workers); the household must be in scope (else `NotFound`).

use crate::oplog::Op;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError, new_id};
use dugu_domain::family::{AREAS, Change, Exit};
use dugu_domain::{EntityKind, FieldGroup, Invalid, Problem};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// A needs assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// Id.
    pub id: String,
    /// `YYYY-MM-DD`.
    pub assessed_on: String,
    /// Who assessed (username).
    pub assessor: String,
    /// Score per area, in [`AREAS`] order.
    pub scores: Vec<(String, i64)>,
    /// Per area, the change since the assessment before (none for the first).
    pub changes: Vec<(String, String)>,
}

/// An action of the support plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanAction {
    /// Id.
    pub id: String,
    /// The goal it serves.
    pub goal: String,
    /// What is to be done.
    pub action: String,
    /// Who does it.
    pub responsible: String,
    /// By when.
    pub due_on: String,
    /// When it was done.
    pub done_on: Option<String>,
}

/// A home visit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HomeVisit {
    /// Id (its correction page).
    #[serde(skip)]
    pub id: String,
    /// `YYYY-MM-DD`.
    pub visited_on: String,
    /// Who visited (username).
    pub visitor: String,
    /// Notes.
    pub notes: String,
}

/// A household's family strengthening, whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Support {
    /// Started.
    pub started_on: String,
    /// Ended, if it has.
    pub ended_on: Option<String>,
    /// Why it ended.
    pub exit_reason: Option<String>,
    /// Assessments, latest first.
    pub assessments: Vec<Assessment>,
    /// The support plan, by due date.
    pub plan: Vec<PlanAction>,
    /// Home visits, latest first.
    pub visits: Vec<HomeVisit>,
}

/// A plan action as entered.
#[derive(Debug, Clone, Default)]
pub struct PlanActionInput {
    /// Goal.
    pub goal: String,
    /// Action.
    pub action: String,
    /// Responsible person.
    pub responsible: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
}

fn required(v: &str) -> Result<String, Problem> {
    dugu_domain::person::optional_text(v).and_then(|t| t.ok_or(Problem::Required))
}

fn past_date(raw: &str, today: time::Date) -> Result<String, Problem> {
    dugu_domain::birth::event_date(raw, today, None)
}

impl Tx<'_> {
    /// Checks that the household is in scope and the role may work with
    /// family strengthening; returns the open support's id, if any.
    fn support_of(&self, who: &Principal, household_id: &str) -> Result<Option<String>, StoreError> {
        let loc: Option<String> = self
            .conn
            .query_row("SELECT location_id FROM households WHERE id = ?1", [household_id], |r| r.get(0))
            .optional()?;
        if !loc.is_some_and(|l| who.role.reads_people() && who.scope.contains(&l)) {
            return Err(StoreError::NotFound);
        }
        if !who.role.writes(FieldGroup::Protection) {
            return Err(StoreError::Forbidden);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM family_support WHERE household_id = ?1 AND ended_on IS NULL",
                [household_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn open_support(&self, who: &Principal, household_id: &str, field: &str) -> Result<String, StoreError> {
        self.support_of(who, household_id)?.ok_or_else(|| {
            let mut inv = Invalid::new();
            inv.add(field, Problem::NotAllowed);
            inv.into()
        })
    }

    fn created(
        &mut self,
        who: &Principal,
        kind: EntityKind,
        id: &str,
        fields: Vec<(&'static str, serde_json::Value)>,
    ) -> Result<(), StoreError> {
        self.apply(Some(who), vec![Op::create(kind, id, fields)])
    }

    /// Enrols a household in family strengthening from `started_on`.
    pub fn start_support(
        &mut self,
        who: &Principal,
        household_id: &str,
        started_on: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let open = self.support_of(who, household_id)?;
        let mut inv = Invalid::new();
        let date = inv.check("started_on", past_date(started_on, today));
        if open.is_some() {
            inv.add("started_on", Problem::Taken);
        }
        inv.clone().into_result()?;
        let Some(date) = date else { return Err(inv.into()) };
        let id = new_id();
        self.created(
            who,
            EntityKind::FamilySupport,
            &id,
            vec![("household_id", serde_json::json!(household_id)), ("started_on", serde_json::json!(date))],
        )
    }

    /// Records a needs assessment: every area scored 0–3.
    pub fn assess(
        &mut self,
        who: &Principal,
        household_id: &str,
        assessed_on: &str,
        scores: &[Option<i64>; 7],
        today: time::Date,
    ) -> Result<String, StoreError> {
        let mut inv = Invalid::new();
        let open = self.support_of(who, household_id)?;
        if open.is_none() {
            inv.add("assessed_on", Problem::NotAllowed);
        }
        let date = inv.check("assessed_on", past_date(assessed_on, today));
        let checked: Vec<Option<i64>> =
            AREAS.iter().zip(scores).map(|(a, s)| inv.check(a, dugu_domain::family::score(*s))).collect();
        inv.clone().into_result()?;
        let (Some(date), Some(s)) = (date, checked.into_iter().collect::<Option<Vec<i64>>>()) else {
            return Err(inv.into());
        };
        let id = new_id();
        let mut fields = vec![
            ("household_id", serde_json::json!(household_id)),
            ("assessed_on", serde_json::json!(date)),
            ("assessor_id", serde_json::json!(who.user_id)),
        ];
        fields.extend(AREAS.iter().zip(&s).map(|(a, v)| (*a, serde_json::json!(v))));
        self.created(who, EntityKind::Assessment, &id, fields)?;
        Ok(id)
    }

    /// Adds an action to the support plan.
    pub fn add_plan_action(
        &mut self,
        who: &Principal,
        household_id: &str,
        input: &PlanActionInput,
    ) -> Result<String, StoreError> {
        let mut inv = Invalid::new();
        if self.support_of(who, household_id)?.is_none() {
            inv.add("goal", Problem::NotAllowed);
        }
        let goal = inv.check("goal", required(&input.goal));
        let action = inv.check("action", required(&input.action));
        let responsible = inv.check("responsible", required(&input.responsible));
        let due = inv.check("due_on", dugu_domain::birth::parse_iso_date(input.due_on.trim()).map(|d| d.to_string()));
        inv.clone().into_result()?;
        let (Some(goal), Some(action), Some(responsible), Some(due)) = (goal, action, responsible, due) else {
            return Err(inv.into());
        };
        let id = new_id();
        self.created(
            who,
            EntityKind::PlanAction,
            &id,
            vec![
                ("household_id", serde_json::json!(household_id)),
                ("goal", serde_json::json!(goal)),
                ("action", serde_json::json!(action)),
                ("responsible", serde_json::json!(responsible)),
                ("due_on", serde_json::json!(due)),
            ],
        )?;
        Ok(id)
    }

    /// Marks a plan action done on `done_on`.
    pub fn complete_plan_action(
        &mut self,
        who: &Principal,
        household_id: &str,
        action_id: &str,
        done_on: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        self.open_support(who, household_id, "done_on")?;
        let mut inv = Invalid::new();
        let typed = if done_on.trim().is_empty() { Err(Problem::Required) } else { past_date(done_on, today) };
        let date = inv.check("done_on", typed);
        // Planned no earlier than the support its plan belongs to began (a
        // plan written on paper may be entered later, so not the day it
        // was typed in).
        let planned: Option<String> = self
            .conn
            .query_row(
                "SELECT (SELECT MAX(s.started_on) FROM family_support s WHERE s.household_id = a.household_id)
                   FROM plan_actions a WHERE a.id = ?1 AND a.household_id = ?2 AND a.done_on IS NULL
                    AND a.struck_out IS NULL",
                params![action_id, household_id],
                |r| r.get(0),
            )
            .optional()?;
        match (&date, planned) {
            (_, None) => inv.add("action_id", Problem::Unknown),
            (Some(d), Some(p)) => {
                inv.check("done_on", dugu_domain::family::action_done(d, &p));
            }
            _ => {}
        }
        inv.clone().into_result()?;
        let Some(date) = date else { return Err(inv.into()) };
        self.apply(Some(who), vec![Op::set(EntityKind::PlanAction, action_id, "done_on", serde_json::json!(date))])
    }

    /// Records a home visit.
    pub fn record_visit(
        &mut self,
        who: &Principal,
        household_id: &str,
        visited_on: &str,
        notes: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let mut inv = Invalid::new();
        if self.support_of(who, household_id)?.is_none() {
            inv.add("visited_on", Problem::NotAllowed);
        }
        let date = inv.check("visited_on", past_date(visited_on, today));
        let notes =
            inv.check("notes", dugu_domain::person::optional_note(notes).and_then(|n| n.ok_or(Problem::Required)));
        inv.clone().into_result()?;
        let (Some(date), Some(notes)) = (date, notes) else { return Err(inv.into()) };
        let id = new_id();
        self.created(
            who,
            EntityKind::HomeVisit,
            &id,
            vec![
                ("household_id", serde_json::json!(household_id)),
                ("visited_on", serde_json::json!(date)),
                ("visitor_id", serde_json::json!(who.user_id)),
                ("notes", serde_json::json!(notes)),
            ],
        )
    }

    /// Ends the household's support: graduation, or another exit.
    pub fn end_support(
        &mut self,
        who: &Principal,
        household_id: &str,
        ended_on: &str,
        reason: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let support = self.open_support(who, household_id, "ended_on")?;
        let mut inv = Invalid::new();
        let date = inv.check("ended_on", past_date(ended_on, today));
        let exit = inv.check("exit_reason", Exit::parse(reason.trim()));
        inv.clone().into_result()?;
        let (Some(date), Some(exit)) = (date, exit) else { return Err(inv.into()) };
        self.apply(
            Some(who),
            vec![
                Op::set(EntityKind::FamilySupport, &support, "ended_on", serde_json::json!(date)),
                Op::set(EntityKind::FamilySupport, &support, "exit_reason", serde_json::json!(exit.code())),
            ],
        )
    }
}

impl Store {
    /// A household's latest family strengthening, whole, for roles that
    /// read protection data (others: `None`); a household out of scope is
    /// `NotFound`. (The view is audited by [`Store::view_household`].)
    pub fn support_of(&self, who: &Principal, household_id: &str) -> Result<Option<Support>, StoreError> {
        self.read(|c| {
            who.may_see_household(c, household_id)?;
            if !who.role.reads(FieldGroup::Protection) {
                return Ok(None);
            }
            let head: Option<(String, Option<String>, Option<String>)> = c
                .prepare_cached(
                    "SELECT started_on, ended_on, exit_reason FROM family_support WHERE household_id = ?1
                     ORDER BY started_on DESC LIMIT 1",
                )?
                .query_row([household_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            let Some((started_on, ended_on, exit_reason)) = head else { return Ok(None) };
            let mut st = c.prepare_cached(
                "SELECT a.id, a.assessed_on, u.username, a.food, a.income, a.housing, a.health, a.education, a.child_care, a.protection
                 FROM assessments a JOIN users u ON u.id = a.assessor_id
                 WHERE a.household_id = ?1 AND a.struck_out IS NULL ORDER BY a.assessed_on DESC, a.created_at DESC",
            )?;
            let rows: Vec<(String, String, String, Vec<i64>)> = st
                .query_map([household_id], |r| {
                    let scores = (3..10).map(|i| r.get(i)).collect::<rusqlite::Result<Vec<i64>>>()?;
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, scores))
                })?
                .collect::<Result<_, _>>()?;
            let assessments = rows
                .iter()
                .enumerate()
                .map(|(i, (id, on, by, scores))| Assessment {
                    id: id.clone(),
                    assessed_on: on.clone(),
                    assessor: by.clone(),
                    scores: AREAS.iter().zip(scores).map(|(a, s)| ((*a).to_string(), *s)).collect(),
                    changes: rows
                        .get(i + 1)
                        .map(|(_, _, _, before)| {
                            AREAS
                                .iter()
                                .zip(before.iter().zip(scores))
                                .map(|(a, (b, n))| ((*a).to_string(), Change::between(*b, *n).code().to_string()))
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect();
            let plan = c
                .prepare_cached(
                    "SELECT id, goal, action, responsible, due_on, done_on FROM plan_actions
                      WHERE household_id = ?1 AND struck_out IS NULL
                     ORDER BY done_on IS NOT NULL, due_on",
                )?
                .query_map([household_id], |r| {
                    Ok(PlanAction {
                        id: r.get(0)?,
                        goal: r.get(1)?,
                        action: r.get(2)?,
                        responsible: r.get(3)?,
                        due_on: r.get(4)?,
                        done_on: r.get(5)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            let visits = c
                .prepare_cached(
                    "SELECT v.visited_on, u.username, v.notes, v.id FROM home_visits v JOIN users u ON u.id = v.visitor_id
                     WHERE v.household_id = ?1 AND v.struck_out IS NULL ORDER BY v.visited_on DESC, v.created_at DESC",
                )?
                .query_map([household_id], |r| Ok(HomeVisit { id: r.get(3)?, visited_on: r.get(0)?, visitor: r.get(1)?, notes: r.get(2)? }))?
                .collect::<Result<_, _>>()?;
            Ok(Some(Support { started_on, ended_on, exit_reason, assessments, plan, visits }))
        })
    }

    /// Enrols a household (see [`Tx::start_support`]).
    pub fn start_support(
        &self,
        who: &Principal,
        household_id: &str,
        started_on: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let (who, h, d) = (who.clone(), household_id.to_string(), started_on.to_string());
        self.write(move |tx| tx.start_support(&who, &h, &d, today))
    }

    /// Records an assessment (see [`Tx::assess`]).
    pub fn assess(
        &self,
        who: &Principal,
        household_id: &str,
        assessed_on: &str,
        scores: [Option<i64>; 7],
        today: time::Date,
    ) -> Result<String, StoreError> {
        let (who, h, d) = (who.clone(), household_id.to_string(), assessed_on.to_string());
        self.write(move |tx| tx.assess(&who, &h, &d, &scores, today))
    }

    /// Adds a plan action (see [`Tx::add_plan_action`]).
    pub fn add_plan_action(
        &self,
        who: &Principal,
        household_id: &str,
        input: PlanActionInput,
    ) -> Result<String, StoreError> {
        let (who, h) = (who.clone(), household_id.to_string());
        self.write(move |tx| tx.add_plan_action(&who, &h, &input))
    }

    /// Marks a plan action done (see [`Tx::complete_plan_action`]).
    pub fn complete_plan_action(
        &self,
        who: &Principal,
        household_id: &str,
        action_id: &str,
        done_on: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let (who, h, a, d) = (who.clone(), household_id.to_string(), action_id.to_string(), done_on.to_string());
        self.write(move |tx| tx.complete_plan_action(&who, &h, &a, &d, today))
    }

    /// Records a home visit (see [`Tx::record_visit`]).
    pub fn record_visit(
        &self,
        who: &Principal,
        household_id: &str,
        visited_on: &str,
        notes: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let (who, h, d, n) = (who.clone(), household_id.to_string(), visited_on.to_string(), notes.to_string());
        self.write(move |tx| tx.record_visit(&who, &h, &d, &n, today))
    }

    /// Ends the support (see [`Tx::end_support`]).
    pub fn end_support(
        &self,
        who: &Principal,
        household_id: &str,
        ended_on: &str,
        reason: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let (who, h, d, r) = (who.clone(), household_id.to_string(), ended_on.to_string(), reason.to_string());
        self.write(move |tx| tx.end_support(&who, &h, &d, &r, today))
    }
}
