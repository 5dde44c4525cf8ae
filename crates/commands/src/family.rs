//! Family strengthening: a household's time in the programme, its needs
//! assessments, support plan, home visits and exit. Social data: written
//! by roles that write the protection group (directors, social workers);
//! the household must be in scope (else `NotFound`).

use crate::contract::Author;
use crate::{CommandError, Op, WriteTx, household_in_scope, new_id};
use dugu_domain::family::{AREAS, Exit};
use dugu_domain::{EntityKind, FieldGroup, Invalid, Problem};

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

/// The facts the family strengthening commands read.
pub trait FamilyTx: WriteTx {
    /// The id of the household's support that has not ended, if any.
    fn open_support(&self, household_id: &str) -> Result<Option<String>, CommandError>;
    /// If `action_id` is an action of the household's plan neither done
    /// nor struck out: the day it was planned (`YYYY-MM-DD`, the day the
    /// household's latest support began; empty if none is known).
    fn plan_action_planned(&self, action_id: &str, household_id: &str) -> Result<Option<String>, CommandError>;
}

fn required(v: &str) -> Result<String, Problem> {
    dugu_domain::person::optional_text(v).and_then(|t| t.ok_or(Problem::Required))
}

fn past_date(raw: &str, today: time::Date) -> Result<String, Problem> {
    dugu_domain::birth::event_date(raw, today, None)
}

/// Checks that the household is in scope and the role may work with
/// family strengthening; the open support's id, if any.
fn support_of<T: FamilyTx + ?Sized>(
    tx: &T,
    who: &T::Author,
    household_id: &str,
) -> Result<Option<String>, CommandError> {
    household_in_scope(tx, who, household_id)?;
    if !who.role().writes(FieldGroup::Protection) {
        return Err(CommandError::Forbidden);
    }
    tx.open_support(household_id)
}

/// [`support_of`], where a support must be open: else `field` is refused.
fn open_support<T: FamilyTx + ?Sized>(
    tx: &T,
    who: &T::Author,
    household_id: &str,
    field: &str,
) -> Result<String, CommandError> {
    support_of(tx, who, household_id)?.ok_or_else(|| {
        let mut inv = Invalid::new();
        inv.add(field, Problem::NotAllowed);
        inv.into()
    })
}

/// Enrols a household in family strengthening from `started_on`.
pub fn start_support<T: FamilyTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    household_id: &str,
    started_on: &str,
    today: time::Date,
) -> Result<(), CommandError> {
    let open = support_of(tx, who, household_id)?;
    let mut inv = Invalid::new();
    let date = inv.check("started_on", past_date(started_on, today));
    if open.is_some() {
        inv.add("started_on", Problem::Taken);
    }
    inv.clone().into_result()?;
    let Some(date) = date else { return Err(inv.into()) };
    let fields = vec![("household_id", serde_json::json!(household_id)), ("started_on", serde_json::json!(date))];
    tx.apply(Some(who), vec![Op::create(EntityKind::FamilySupport, &new_id(), fields)])
}

/// Records a needs assessment: every area scored 0–3; its id.
pub fn assess<T: FamilyTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    household_id: &str,
    assessed_on: &str,
    scores: &[Option<i64>; 7],
    today: time::Date,
) -> Result<String, CommandError> {
    let mut inv = Invalid::new();
    if support_of(tx, who, household_id)?.is_none() {
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
        ("assessor_id", serde_json::json!(who.user_id())),
    ];
    fields.extend(AREAS.iter().zip(&s).map(|(a, v)| (*a, serde_json::json!(v))));
    tx.apply(Some(who), vec![Op::create(EntityKind::Assessment, &id, fields)])?;
    Ok(id)
}

/// Adds an action to the support plan; its id.
pub fn add_plan_action<T: FamilyTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    household_id: &str,
    input: &PlanActionInput,
) -> Result<String, CommandError> {
    let mut inv = Invalid::new();
    if support_of(tx, who, household_id)?.is_none() {
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
    let fields = vec![
        ("household_id", serde_json::json!(household_id)),
        ("goal", serde_json::json!(goal)),
        ("action", serde_json::json!(action)),
        ("responsible", serde_json::json!(responsible)),
        ("due_on", serde_json::json!(due)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::PlanAction, &id, fields)])?;
    Ok(id)
}

/// Marks a plan action done on `done_on` (required, not in the future,
/// not before it was planned: `dugu_domain::family::action_done`).
pub fn complete_plan_action<T: FamilyTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    household_id: &str,
    action_id: &str,
    done_on: &str,
    today: time::Date,
) -> Result<(), CommandError> {
    open_support(tx, who, household_id, "done_on")?;
    let mut inv = Invalid::new();
    // The day it was done is asked, never assumed to be today.
    let typed = if done_on.trim().is_empty() { Err(Problem::Required) } else { past_date(done_on, today) };
    let date = inv.check("done_on", typed);
    match (&date, tx.plan_action_planned(action_id, household_id)?) {
        (_, None) => inv.add("action_id", Problem::Unknown),
        (Some(d), Some(planned)) => {
            inv.check("done_on", dugu_domain::family::action_done(d, &planned));
        }
        _ => {}
    }
    inv.clone().into_result()?;
    let Some(date) = date else { return Err(inv.into()) };
    tx.apply(Some(who), vec![Op::set(EntityKind::PlanAction, action_id, "done_on", serde_json::json!(date))])
}

/// Records a home visit (the author is the visitor).
pub fn record_home_visit<T: FamilyTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    household_id: &str,
    visited_on: &str,
    notes: &str,
    today: time::Date,
) -> Result<(), CommandError> {
    let mut inv = Invalid::new();
    if support_of(tx, who, household_id)?.is_none() {
        inv.add("visited_on", Problem::NotAllowed);
    }
    let date = inv.check("visited_on", past_date(visited_on, today));
    let notes = inv.check("notes", dugu_domain::person::optional_note(notes).and_then(|n| n.ok_or(Problem::Required)));
    inv.clone().into_result()?;
    let (Some(date), Some(notes)) = (date, notes) else { return Err(inv.into()) };
    let fields = vec![
        ("household_id", serde_json::json!(household_id)),
        ("visited_on", serde_json::json!(date)),
        ("visitor_id", serde_json::json!(who.user_id())),
        ("notes", serde_json::json!(notes)),
    ];
    tx.apply(Some(who), vec![Op::create(EntityKind::HomeVisit, &new_id(), fields)])
}

/// Ends the household's support: graduation, or another exit.
pub fn end_support<T: FamilyTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    household_id: &str,
    ended_on: &str,
    reason: &str,
    today: time::Date,
) -> Result<(), CommandError> {
    let support = open_support(tx, who, household_id, "ended_on")?;
    let mut inv = Invalid::new();
    let date = inv.check("ended_on", past_date(ended_on, today));
    let exit = inv.check("exit_reason", Exit::parse(reason.trim()));
    inv.clone().into_result()?;
    let (Some(date), Some(exit)) = (date, exit) else { return Err(inv.into()) };
    tx.apply(
        Some(who),
        vec![
            Op::set(EntityKind::FamilySupport, &support, "ended_on", serde_json::json!(date)),
            Op::set(EntityKind::FamilySupport, &support, "exit_reason", serde_json::json!(exit.code())),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fake, author};
    use dugu_domain::Role;
    use time::macros::date;

    fn supported(location: &str) -> Fake {
        let mut tx = Fake::default();
        tx.households.push(("household".into(), location.into()));
        tx.supports.push(("household".into(), "support".into()));
        tx
    }

    #[test]
    fn a_nurse_records_no_home_visit() {
        let mut tx = supported("kita");
        let nurse = author(Role::Nurse, "kita");
        let r = record_home_visit(&mut tx, &nurse, "household", "2025-06-01", "Visite", date!(2025 - 06 - 02));
        assert!(matches!(r, Err(CommandError::Forbidden)));
        assert!(tx.applied.is_empty());
    }

    #[test]
    fn a_household_out_of_scope_is_not_found() {
        let mut tx = supported("mopti");
        let worker = author(Role::SocialWorker, "kita");
        let r = record_home_visit(&mut tx, &worker, "household", "2025-06-01", "Visite", date!(2025 - 06 - 02));
        assert!(matches!(r, Err(CommandError::NotFound)));
    }

    #[test]
    fn a_household_is_supported_once_at_a_time() {
        let mut tx = supported("kita");
        let worker = author(Role::SocialWorker, "kita");
        let Err(CommandError::Invalid(inv)) =
            start_support(&mut tx, &worker, "household", "2025-06-01", date!(2025 - 06 - 02))
        else {
            panic!("a second support was started");
        };
        assert_eq!(inv.of("started_on"), Some(Problem::Taken));
    }

    #[test]
    fn the_visitor_is_the_author() {
        let mut tx = supported("kita");
        let worker = author(Role::SocialWorker, "kita");
        record_home_visit(&mut tx, &worker, "household", "2025-06-01", "Visite", date!(2025 - 06 - 02))
            .expect("recorded");
        let crate::Change::Create(fields) = &tx.applied[0].change else { panic!("not a creation") };
        assert!(fields.contains(&("visitor_id", serde_json::json!("author"))));
    }
}
