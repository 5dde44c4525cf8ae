//! What the family-strengthening routes answer: a household's support,
//! whole, one `Serialize + ToSchema` struct per object made from the
//! store's [`Support`] — the JSON is the one these routes always answered.

use dugu_domain::family::{Area, Change, Exit, Score};
use dugu_storage::{Assessment, HomeVisit, PlanAction, Support};

/// A household's family strengthening.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportAnswer {
    /// The support, whole.
    support: SupportRead,
}

impl From<Support> for SupportAnswer {
    fn from(s: Support) -> SupportAnswer {
        SupportAnswer { support: SupportRead::from(s) }
    }
}

/// A household's support: its days, assessments, plan and home visits.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportRead {
    #[schema(format = "uuid")]
    id: String,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    started_on: time::Date,
    /// None while it lasts.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    ended_on: Option<time::Date>,
    /// `graduated`, `moved`, `declined`, `alternative_care` or `other`,
    /// once it has ended.
    #[schema(value_type = Option<String>)]
    exit_reason: Option<Exit>,
    /// Assessments, latest first.
    assessments: Vec<AssessmentRead>,
    /// The support plan, by due day.
    plan: Vec<PlanActionRead>,
    /// Home visits, latest first.
    visits: Vec<HomeVisitRead>,
}

impl From<Support> for SupportRead {
    fn from(s: Support) -> SupportRead {
        SupportRead {
            id: s.id,
            started_on: s.started_on,
            ended_on: s.ended_on,
            exit_reason: s.exit_reason,
            assessments: s.assessments.into_iter().map(AssessmentRead::from).collect(),
            plan: s.plan.into_iter().map(PlanActionRead::from).collect(),
            visits: s.visits.into_iter().map(HomeVisitRead::from).collect(),
        }
    }
}

/// A needs assessment.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRead {
    #[schema(format = "uuid")]
    id: String,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    assessed_on: time::Date,
    /// Who assessed (display name).
    assessor: String,
    /// `[area, score]` pairs, score 0 (no need) to 3 (critical), in the
    /// areas' order (`food`, `income`, `housing`, `health`, `education`,
    /// `child_care`, `protection`).
    #[schema(value_type = Vec<Vec<serde_json::Value>>)]
    scores: Vec<(Area, Score)>,
    /// `[area, change]` pairs since the assessment before (`better`,
    /// `same`, `worse`); empty for the first.
    #[schema(value_type = Vec<Vec<String>>)]
    changes: Vec<(Area, Change)>,
}

impl From<Assessment> for AssessmentRead {
    fn from(a: Assessment) -> AssessmentRead {
        AssessmentRead {
            id: a.id,
            assessed_on: a.assessed_on,
            assessor: a.assessor,
            scores: a.scores,
            changes: a.changes,
        }
    }
}

/// An action of the support plan.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanActionRead {
    #[schema(format = "uuid")]
    id: String,
    goal: String,
    action: String,
    responsible: String,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    due_on: time::Date,
    /// None until it is done.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    done_on: Option<time::Date>,
}

impl From<PlanAction> for PlanActionRead {
    fn from(p: PlanAction) -> PlanActionRead {
        PlanActionRead {
            id: p.id,
            goal: p.goal,
            action: p.action,
            responsible: p.responsible,
            due_on: p.due_on,
            done_on: p.done_on,
        }
    }
}

/// A home visit.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HomeVisitRead {
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    visited_on: time::Date,
    /// Who visited (display name).
    visitor: String,
    notes: String,
}

impl From<HomeVisit> for HomeVisitRead {
    fn from(v: HomeVisit) -> HomeVisitRead {
        HomeVisitRead { visited_on: v.visited_on, visitor: v.visitor, notes: v.notes }
    }
}
