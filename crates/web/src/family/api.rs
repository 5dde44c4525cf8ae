//! Family strengthening through the API: a household's support,
//! assessments, plan, visits and exit. Protection data: directors and
//! social workers only.

use crate::api::json::{Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_storage::{Backend, PlanActionInput, StoreError, Support};

use super::support_answer::SupportAnswer;
use crate::today;

/// A needs assessment: each area scored 0 (no need) to 3 (critical).
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AssessmentWrite {
    /// `YYYY-MM-DD`.
    #[schema(required = true)]
    assessed_on: String,
    #[schema(required = true, value_type = i64)]
    food: Option<i64>,
    #[schema(required = true, value_type = i64)]
    income: Option<i64>,
    #[schema(required = true, value_type = i64)]
    housing: Option<i64>,
    #[schema(required = true, value_type = i64)]
    health: Option<i64>,
    #[schema(required = true, value_type = i64)]
    education: Option<i64>,
    #[schema(required = true, value_type = i64)]
    child_care: Option<i64>,
    #[schema(required = true, value_type = i64)]
    protection: Option<i64>,
}

/// An action of the support plan.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PlanActionWrite {
    #[schema(required = true)]
    goal: String,
    #[schema(required = true)]
    action: String,
    #[schema(required = true)]
    responsible: String,
    /// `YYYY-MM-DD`.
    #[schema(required = true)]
    due_on: String,
}

/// The start of a household's support.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SupportStartWrite {
    /// `YYYY-MM-DD`.
    #[schema(required = true)]
    started_on: String,
}

/// The day a plan action was done.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ActionDoneWrite {
    /// `YYYY-MM-DD`.
    #[schema(required = true)]
    done_on: String,
}

/// A home visit.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HomeVisitWrite {
    /// `YYYY-MM-DD`.
    #[schema(required = true)]
    visited_on: String,
    #[schema(required = true)]
    notes: String,
}

/// The end of a household's support.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SupportExitWrite {
    /// `YYYY-MM-DD`.
    #[schema(required = true)]
    ended_on: String,
    /// `graduated`, `moved`, `declined`, `alternative_care` or `other`.
    #[schema(required = true)]
    exit_reason: String,
}

/// Reads the household (scope, audited view) then its support.
fn whole(store: &dyn Backend, me: &Current, id: &str) -> Result<Support, StoreError> {
    store.view_household(&me.principal, id)?;
    if !me.principal.role().reads(dugu_domain::FieldGroup::Protection) {
        return Err(StoreError::Forbidden);
    }
    store.support_of(&me.principal, id)?.ok_or(StoreError::NotFound)
}

async fn change_then_read(
    state: AppState,
    me: Current,
    id: String,
    change: impl FnOnce(&dyn Backend, &Current, &str) -> Result<(), StoreError> + Send + 'static,
) -> Result<Json<SupportAnswer>, ApiError> {
    let support = run(move || {
        change(&*state.store, &me, &id)?;
        whole(&*state.store, &me, &id)
    })
    .await?;
    Ok(Json(SupportAnswer::from(support)))
}

/// A household's family strengthening: assessments (latest first, with the
/// change of each area since the one before), plan, visits, exit.
#[utoipa::path(get, path = "/api/v1/households/{id}/support", params(("id" = String, Path)),
    responses((status = 200, body = SupportAnswer), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<SupportAnswer>, ApiError> {
    let me = me(current)?;
    let support = run(move || whole(&*state.store, &me, &id)).await?;
    Ok(Json(SupportAnswer::from(support)))
}

/// Enrols a household in family strengthening.
#[utoipa::path(post, path = "/api/v1/households/{id}/support", params(("id" = String, Path)), request_body = SupportStartWrite,
    responses((status = 201, body = SupportAnswer), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn start(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<SupportAnswer>), ApiError> {
    let me = me(current)?;
    let started = Body::<SupportStartWrite>::read(&body)?.finish()?.started_on;
    let out =
        change_then_read(state, me, id, move |s, me, id| s.start_support(&me.principal, id, &started, today())).await?;
    Ok((StatusCode::CREATED, out))
}

/// Records a needs assessment.
#[utoipa::path(post, path = "/api/v1/households/{id}/assessments", params(("id" = String, Path)), request_body = AssessmentWrite,
    responses((status = 201, body = SupportAnswer), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn assess(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<SupportAnswer>), ApiError> {
    let me = me(current)?;
    let w = Body::<AssessmentWrite>::read(&body)?.finish()?;
    let on = w.assessed_on;
    // In the order of `AREAS`, as the store scores them.
    let scores = [w.food, w.income, w.housing, w.health, w.education, w.child_care, w.protection];
    let out =
        change_then_read(state, me, id, move |s, me, id| s.assess(&me.principal, id, &on, scores, today()).map(|_| ()))
            .await?;
    Ok((StatusCode::CREATED, out))
}

/// Adds an action to the support plan.
#[utoipa::path(post, path = "/api/v1/households/{id}/plan-actions", params(("id" = String, Path)), request_body = PlanActionWrite,
    responses((status = 201, body = SupportAnswer), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn add_action(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<SupportAnswer>), ApiError> {
    let me = me(current)?;
    let w = Body::<PlanActionWrite>::read(&body)?.finish()?;
    let input = PlanActionInput { goal: w.goal, action: w.action, responsible: w.responsible, due_on: w.due_on };
    let out = change_then_read(state, me, id, move |s, me, id| s.add_plan_action(&me.principal, id, input).map(|_| ()))
        .await?;
    Ok((StatusCode::CREATED, out))
}

/// Marks a plan action done.
#[utoipa::path(post, path = "/api/v1/households/{id}/plan-actions/{action_id}/done",
    params(("id" = String, Path), ("action_id" = String, Path)), request_body = ActionDoneWrite,
    responses((status = 200, body = SupportAnswer), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn complete_action(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path((id, action_id)): Path<(String, String)>,
    body: JsonBody,
) -> Result<Json<SupportAnswer>, ApiError> {
    let me = me(current)?;
    let done = Body::<ActionDoneWrite>::read(&body)?.finish()?.done_on;
    change_then_read(state, me, id, move |s, me, id| {
        s.complete_plan_action(&me.principal, id, &action_id, &done, today())
    })
    .await
}

/// Records a home visit.
#[utoipa::path(post, path = "/api/v1/households/{id}/visits", params(("id" = String, Path)), request_body = HomeVisitWrite,
    responses((status = 201, body = SupportAnswer), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn visit(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<SupportAnswer>), ApiError> {
    let me = me(current)?;
    let w = Body::<HomeVisitWrite>::read(&body)?.finish()?;
    let (on, notes) = (w.visited_on, w.notes);
    let out = change_then_read(state, me, id, move |s, me, id| s.record_visit(&me.principal, id, &on, &notes, today()))
        .await?;
    Ok((StatusCode::CREATED, out))
}

/// Ends the support.
#[utoipa::path(post, path = "/api/v1/households/{id}/exit", params(("id" = String, Path)), request_body = SupportExitWrite,
    responses((status = 200, body = SupportAnswer), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn exit(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<Json<SupportAnswer>, ApiError> {
    let me = me(current)?;
    let w = Body::<SupportExitWrite>::read(&body)?.finish()?;
    let (on, reason) = (w.ended_on, w.exit_reason);
    change_then_read(state, me, id, move |s, me, id| s.end_support(&me.principal, id, &on, &reason, today())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assessment_body_has_every_area_in_the_stores_order() {
        let fields = crate::api::json::field_names::<AssessmentWrite>();
        assert_eq!(fields[1..], dugu_domain::family::AREAS);
    }
}
