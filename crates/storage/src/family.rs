//! Family strengthening: a household's time in the programme, its needs
//! assessments, support plan, home visits and exit. Social data: read and
//! written by roles with the protection field group (directors, social
//! workers); the household must be in scope (else `NotFound`).

use crate::contract::fact;
use crate::decode;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::family::FamilyTx;
use dugu_domain::FieldGroup;
use dugu_domain::family::{Area, Change, Exit, Score};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// A needs assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// Id.
    pub id: String,
    /// The day of the assessment.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub assessed_on: time::Date,
    /// Who assessed (display name).
    pub assessor: String,
    /// Score per area, in [`Area::ALL`] order.
    pub scores: Vec<(Area, Score)>,
    /// Per area, the change since the assessment before (none for the first).
    pub changes: Vec<(Area, Change)>,
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
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub due_on: time::Date,
    /// When it was done.
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    pub done_on: Option<time::Date>,
}

/// A home visit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HomeVisit {
    /// Id (its correction page).
    #[serde(skip)]
    pub id: String,
    /// The day of the visit.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub visited_on: time::Date,
    /// Who visited (display name).
    pub visitor: String,
    /// Notes.
    pub notes: String,
}

/// A household's family strengthening, whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Support {
    /// The support's own id (its correction page).
    pub id: String,
    /// Started.
    #[serde(with = "dugu_domain::birth::iso_day")]
    pub started_on: time::Date,
    /// Ended, if it has.
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    pub ended_on: Option<time::Date>,
    /// Why it ended.
    pub exit_reason: Option<Exit>,
    /// Assessments, latest first.
    pub assessments: Vec<Assessment>,
    /// The support plan, by due date.
    pub plan: Vec<PlanAction>,
    /// Home visits, latest first.
    pub visits: Vec<HomeVisit>,
}

pub use dugu_commands::family::PlanActionInput;

impl Tx<'_> {
    /// Enrols a household in family strengthening from `started_on` (the
    /// command: [`dugu_commands::family::start_support`]).
    pub fn start_support(
        &mut self,
        who: &Principal,
        household_id: &str,
        started_on: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::family::start_support(self, who, household_id, started_on, today)?)
    }

    /// Records a needs assessment (the command:
    /// [`dugu_commands::family::assess`]).
    pub fn assess(
        &mut self,
        who: &Principal,
        household_id: &str,
        assessed_on: &str,
        scores: &[Option<i64>; 7],
        today: time::Date,
    ) -> Result<String, StoreError> {
        Ok(dugu_commands::family::assess(self, who, household_id, assessed_on, scores, today)?)
    }

    /// Adds an action to the support plan (the command:
    /// [`dugu_commands::family::add_plan_action`]).
    pub fn add_plan_action(
        &mut self,
        who: &Principal,
        household_id: &str,
        input: &PlanActionInput,
    ) -> Result<String, StoreError> {
        Ok(dugu_commands::family::add_plan_action(self, who, household_id, input)?)
    }

    /// Marks a plan action done (the command:
    /// [`dugu_commands::family::complete_plan_action`]).
    pub fn complete_plan_action(
        &mut self,
        who: &Principal,
        household_id: &str,
        action_id: &str,
        done_on: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::family::complete_plan_action(self, who, household_id, action_id, done_on, today)?)
    }

    /// Records a home visit (the command:
    /// [`dugu_commands::family::record_home_visit`]).
    pub fn record_visit(
        &mut self,
        who: &Principal,
        household_id: &str,
        visited_on: &str,
        notes: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::family::record_home_visit(self, who, household_id, visited_on, notes, today)?)
    }

    /// Ends the household's support (the command:
    /// [`dugu_commands::family::end_support`]).
    pub fn end_support(
        &mut self,
        who: &Principal,
        household_id: &str,
        ended_on: &str,
        reason: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::family::end_support(self, who, household_id, ended_on, reason, today)?)
    }
}

impl FamilyTx for Tx<'_> {
    fn open_support(&self, household_id: &str) -> Result<Option<String>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT id FROM family_support WHERE household_id = ?1 AND ended_on IS NULL AND struck_out IS NULL",
                )?
                .query_row([household_id], |r| r.get(0))
                .optional()?)
        })
    }

    fn plan_action_planned(&self, action_id: &str, household_id: &str) -> Result<Option<String>, CommandError> {
        // The day the household's latest support began (a plan written on
        // paper may be entered later, so not the day it was typed in).
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT (SELECT MAX(s.started_on) FROM family_support s WHERE s.household_id = a.household_id
                                AND s.struck_out IS NULL)
                       FROM plan_actions a WHERE a.id = ?1 AND a.household_id = ?2 AND a.done_on IS NULL
                        AND a.struck_out IS NULL",
                )?
                .query_row(params![action_id, household_id], |r| r.get::<_, Option<String>>(0))
                .optional()?
                .map(Option::unwrap_or_default))
        })
    }
}

/// Family strengthening: a household's support (protection data).
pub trait FamilyReads {
    /// A household's latest family strengthening, whole, for roles that
    /// read protection data (others: `None`); a household out of scope is
    /// `NotFound`. (The view is audited by [`Store::view_household`](crate::reads::HouseholdReads::view_household).)
    fn support_of(&self, who: &Principal, household_id: &str) -> Result<Option<Support>, StoreError>;
}

impl FamilyReads for Store {
    fn support_of(&self, who: &Principal, household_id: &str) -> Result<Option<Support>, StoreError> {
        self.read(|c| {
            who.may_see_household(c, household_id)?;
            if !who.role.reads(FieldGroup::Protection) {
                return Ok(None);
            }
            let head: Option<(time::Date, Option<time::Date>, Option<Exit>, String)> = c
                .prepare_cached(
                    "SELECT started_on, ended_on, exit_reason, id FROM family_support WHERE household_id = ?1
                     AND struck_out IS NULL ORDER BY started_on DESC LIMIT 1",
                )?
                .query_row([household_id], |r| {
                    Ok((decode::date(r, 0)?, decode::opt_date(r, 1)?, decode::opt_exit(r, 2)?, r.get(3)?))
                })
                .optional()?;
            let Some((started_on, ended_on, exit_reason, id)) = head else { return Ok(None) };
            let mut st = c.prepare_cached(
                "SELECT a.id, a.assessed_on, u.display_name, a.food, a.income, a.housing, a.health, a.education, a.child_care, a.protection
                 FROM assessments a JOIN users u ON u.id = a.assessor_id
                 WHERE a.household_id = ?1 AND a.struck_out IS NULL ORDER BY a.assessed_on DESC, a.created_at DESC",
            )?;
            // The columns are the areas, in `Area::ALL` order.
            let rows: Vec<(String, time::Date, String, Vec<Score>)> = st
                .query_map([household_id], |r| {
                    let scores = (3..10).map(|i| decode::score(r, i)).collect::<rusqlite::Result<Vec<Score>>>()?;
                    Ok((r.get(0)?, decode::date(r, 1)?, r.get(2)?, scores))
                })?
                .collect::<Result<_, _>>()?;
            let assessments = rows
                .iter()
                .enumerate()
                .map(|(i, (id, on, by, scores))| Assessment {
                    id: id.clone(),
                    assessed_on: *on,
                    assessor: by.clone(),
                    scores: Area::ALL.into_iter().zip(scores.iter().copied()).collect(),
                    changes: rows
                        .get(i + 1)
                        .map(|(_, _, _, before)| {
                            Area::ALL
                                .into_iter()
                                .zip(before.iter().zip(scores))
                                .map(|(a, (b, n))| (a, Change::between(*b, *n)))
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
                        due_on: decode::date(r, 4)?,
                        done_on: decode::opt_date(r, 5)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            let visits = c
                .prepare_cached(
                    "SELECT v.visited_on, u.display_name, v.notes, v.id FROM home_visits v JOIN users u ON u.id = v.visitor_id
                     WHERE v.household_id = ?1 AND v.struck_out IS NULL ORDER BY v.visited_on DESC, v.created_at DESC",
                )?
                .query_map([household_id], |r| {
                    Ok(HomeVisit { id: r.get(3)?, visited_on: decode::date(r, 0)?, visitor: r.get(1)?, notes: r.get(2)? })
                })?
                .collect::<Result<_, _>>()?;
            Ok(Some(Support { id, started_on, ended_on, exit_reason, assessments, plan, visits }))
        })
    }
}

/// Family strengthening's plan actions and end of support:
/// `dugu_commands::family`, each in one write.
pub trait FamilyWrites {
    /// Marks a plan action done (see [`Tx::complete_plan_action`]).
    fn complete_plan_action(
        &self,
        who: &Principal,
        household_id: &str,
        action_id: &str,
        done_on: &str,
        today: time::Date,
    ) -> Result<(), StoreError>;
    /// Ends the support (see [`Tx::end_support`]).
    fn end_support(
        &self,
        who: &Principal,
        household_id: &str,
        ended_on: &str,
        reason: &str,
        today: time::Date,
    ) -> Result<(), StoreError>;
    /// Enrols a household (see [`Tx::start_support`]).
    fn start_support(
        &self,
        who: &Principal,
        household_id: &str,
        started_on: &str,
        today: time::Date,
    ) -> Result<(), StoreError>;
    /// Records an assessment (see [`Tx::assess`]).
    fn assess(
        &self,
        who: &Principal,
        household_id: &str,
        assessed_on: &str,
        scores: [Option<i64>; 7],
        today: time::Date,
    ) -> Result<String, StoreError>;
    /// Adds a plan action (see [`Tx::add_plan_action`]).
    fn add_plan_action(
        &self,
        who: &Principal,
        household_id: &str,
        input: PlanActionInput,
    ) -> Result<String, StoreError>;
    /// Records a home visit (see [`Tx::record_visit`]).
    fn record_visit(
        &self,
        who: &Principal,
        household_id: &str,
        visited_on: &str,
        notes: &str,
        today: time::Date,
    ) -> Result<(), StoreError>;
}

impl FamilyWrites for Store {
    fn complete_plan_action(
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
    fn end_support(
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
    fn start_support(
        &self,
        who: &Principal,
        household_id: &str,
        started_on: &str,
        today: time::Date,
    ) -> Result<(), StoreError> {
        let (who, h, d) = (who.clone(), household_id.to_string(), started_on.to_string());
        self.write(move |tx| tx.start_support(&who, &h, &d, today))
    }
    fn assess(
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
    fn add_plan_action(
        &self,
        who: &Principal,
        household_id: &str,
        input: PlanActionInput,
    ) -> Result<String, StoreError> {
        let (who, h) = (who.clone(), household_id.to_string());
        self.write(move |tx| tx.add_plan_action(&who, &h, &input))
    }
    fn record_visit(
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
}
