//! A child's schooling: school years with grade and result.

use crate::api::json::{self, Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_domain::school::{SchoolResult, SchoolYear as Year};
use dugu_storage::{SchoolYear, SchoolYearInput};

/// A school year (a second write for the same year corrects it).
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SchoolYearWrite {
    /// `2025-2026`.
    #[schema(required = true)]
    year: String,
    #[schema(required = true)]
    school: String,
    #[schema(required = true)]
    grade: String,
    /// `passed`, `repeated` or `dropped_out`, at the end of the year.
    result: Option<String>,
    /// Out of 20.
    average: Option<f64>,
}

/// A child's school years, latest first.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolYears {
    /// The years.
    items: Vec<SchoolYearRecord>,
}

/// A school year as recorded.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolYearRecord {
    /// `2025-2026`.
    #[schema(value_type = String)]
    year: Year,
    school: String,
    grade: String,
    /// `passed`, `repeated`, `dropped_out`, or null before the year ends.
    #[schema(value_type = Option<String>)]
    result: Option<SchoolResult>,
    /// Out of 20.
    average: Option<f64>,
}

impl From<SchoolYear> for SchoolYearRecord {
    fn from(y: SchoolYear) -> SchoolYearRecord {
        SchoolYearRecord { year: y.year, school: y.school, grade: y.grade, result: y.result, average: y.average }
    }
}

/// A child's school years, latest first.
#[utoipa::path(get, path = "/api/v1/people/{id}/school-years", params(("id" = String, Path)),
    responses((status = 200, body = SchoolYears), (status = 404)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<SchoolYears>, ApiError> {
    let me = me(current)?;
    let items = run(move || {
        state.store.view_person(&me.principal, &id)?;
        state.store.school_years_of(&me.principal, &id)
    })
    .await?;
    Ok(Json(SchoolYears { items: items.into_iter().map(SchoolYearRecord::from).collect() }))
}

/// Records or corrects a school year.
#[utoipa::path(post, path = "/api/v1/people/{id}/school-years", params(("id" = String, Path)), request_body = SchoolYearWrite,
    responses((status = 201), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn save(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<StatusCode, ApiError> {
    let me = me(current)?;
    let mut body = Body::<SchoolYearWrite>::read(&body)?;
    json::code(&mut body.invalid, "result", body.value.result.as_deref());
    let w = body.finish()?;
    let y = SchoolYearInput { year: w.year, school: w.school, grade: w.grade, result: w.result, average: w.average };
    run(move || state.store.save_school_year(&me.principal, &id, y)).await?;
    Ok(StatusCode::CREATED)
}
