//! Family strengthening through the API: a household's support,
//! assessments, plan, visits and exit. Protection data: directors and
//! social workers only.

use crate::api::json::{JsonBody, Reader, object};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_domain::family::AREAS;
use dugu_storage::{PlanActionInput, Store, StoreError, Support};
use serde_json::{Value, json};

use crate::today;

/// A needs assessment: each area scored 0 (no need) to 3 (critical).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct AssessmentWrite {
    /// `YYYY-MM-DD`.
    assessed_on: String,
    food: i64,
    income: i64,
    housing: i64,
    health: i64,
    education: i64,
    child_care: i64,
    protection: i64,
}

/// An action of the support plan.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct PlanActionWrite {
    goal: String,
    action: String,
    responsible: String,
    /// `YYYY-MM-DD`.
    due_on: String,
}

/// The start of a household's support.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct SupportStartWrite {
    /// `YYYY-MM-DD`.
    started_on: String,
}

/// The day a plan action was done.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ActionDoneWrite {
    /// `YYYY-MM-DD`.
    done_on: String,
}

/// A home visit.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct HomeVisitWrite {
    /// `YYYY-MM-DD`.
    visited_on: String,
    notes: String,
}

/// The end of a household's support.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct SupportExitWrite {
    /// `YYYY-MM-DD`.
    ended_on: String,
    /// `graduated`, `moved`, `declined`, `alternative_care` or `other`.
    exit_reason: String,
}

/// Reads the household (scope, audited view) then its support.
fn whole(store: &Store, me: &Current, id: &str) -> Result<Support, StoreError> {
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
    change: impl FnOnce(&Store, &Current, &str) -> Result<(), StoreError> + Send + 'static,
) -> Result<Json<Value>, ApiError> {
    let support = run(move || {
        change(&state.store, &me, &id)?;
        whole(&state.store, &me, &id)
    })
    .await?;
    Ok(Json(json!({ "support": support })))
}

/// A household's family strengthening: assessments (latest first, with the
/// change of each area since the one before), plan, visits, exit.
#[utoipa::path(get, path = "/api/v1/households/{id}/support", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let support = run(move || whole(&state.store, &me, &id)).await?;
    Ok(Json(json!({ "support": support })))
}

/// Enrols a household in family strengthening.
#[utoipa::path(post, path = "/api/v1/households/{id}/support", params(("id" = String, Path)), request_body = SupportStartWrite,
    responses((status = 201, body = Object), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn start(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["started_on"]);
    let started = r.text("started_on");
    r.finish()?;
    let out =
        change_then_read(state, me, id, move |s, me, id| s.start_support(&me.principal, id, &started, today())).await?;
    Ok((StatusCode::CREATED, out))
}

/// Records a needs assessment.
#[utoipa::path(post, path = "/api/v1/households/{id}/assessments", params(("id" = String, Path)), request_body = AssessmentWrite,
    responses((status = 201, body = Object), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn assess(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut allowed = vec!["assessed_on"];
    allowed.extend(AREAS);
    let mut r = Reader::new(&map, &allowed);
    let on = r.text("assessed_on");
    let mut scores = [None; 7];
    for (slot, area) in scores.iter_mut().zip(AREAS) {
        *slot = r.integer(area);
    }
    r.finish()?;
    let out =
        change_then_read(state, me, id, move |s, me, id| s.assess(&me.principal, id, &on, scores, today()).map(|_| ()))
            .await?;
    Ok((StatusCode::CREATED, out))
}

/// Adds an action to the support plan.
#[utoipa::path(post, path = "/api/v1/households/{id}/plan-actions", params(("id" = String, Path)), request_body = PlanActionWrite,
    responses((status = 201, body = Object), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn add_action(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["goal", "action", "responsible", "due_on"]);
    let input = PlanActionInput {
        goal: r.text("goal"),
        action: r.text("action"),
        responsible: r.text("responsible"),
        due_on: r.text("due_on"),
    };
    r.finish()?;
    let out = change_then_read(state, me, id, move |s, me, id| s.add_plan_action(&me.principal, id, input).map(|_| ()))
        .await?;
    Ok((StatusCode::CREATED, out))
}

/// Marks a plan action done.
#[utoipa::path(post, path = "/api/v1/households/{id}/plan-actions/{action_id}/done",
    params(("id" = String, Path), ("action_id" = String, Path)), request_body = ActionDoneWrite,
    responses((status = 200, body = Object), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn complete_action(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path((id, action_id)): Path<(String, String)>,
    body: JsonBody,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["done_on"]);
    let done = r.text("done_on");
    r.finish()?;
    change_then_read(state, me, id, move |s, me, id| {
        s.complete_plan_action(&me.principal, id, &action_id, &done, today())
    })
    .await
}

/// Records a home visit.
#[utoipa::path(post, path = "/api/v1/households/{id}/visits", params(("id" = String, Path)), request_body = HomeVisitWrite,
    responses((status = 201, body = Object), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn visit(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["visited_on", "notes"]);
    let (on, notes) = (r.text("visited_on"), r.text("notes"));
    r.finish()?;
    let out = change_then_read(state, me, id, move |s, me, id| s.record_visit(&me.principal, id, &on, &notes, today()))
        .await?;
    Ok((StatusCode::CREATED, out))
}

/// Ends the support.
#[utoipa::path(post, path = "/api/v1/households/{id}/exit", params(("id" = String, Path)), request_body = SupportExitWrite,
    responses((status = 200, body = Object), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn exit(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["ended_on", "exit_reason"]);
    let (on, reason) = (r.text("ended_on"), r.text("exit_reason"));
    r.finish()?;
    change_then_read(state, me, id, move |s, me, id| s.end_support(&me.principal, id, &on, &reason, today())).await
}
