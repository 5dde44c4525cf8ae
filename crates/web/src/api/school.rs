//! A child's schooling: school years with grade and result.

use crate::api::json::{JsonBody, Reader, object};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_storage::SchoolYear;
use serde_json::{Value, json};

/// A school year (a second write for the same year corrects it).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct SchoolYearWrite {
    /// `2025-2026`.
    year: String,
    school: String,
    grade: String,
    /// `passed`, `repeated` or `dropped_out`, at the end of the year.
    result: Option<String>,
    /// Out of 20.
    average: Option<f64>,
}

/// A child's school years, latest first.
#[utoipa::path(get, path = "/api/v1/people/{id}/school-years", params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 404)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let me = me(current)?;
    let items = run(move || {
        state.store.view_person(&me.principal, &id)?;
        state.store.school_years_of(&me.principal, &id)
    })
    .await?;
    Ok(Json(json!({ "items": items })))
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
    let map = object(&body)?;
    let mut r = Reader::new(&map, &["year", "school", "grade", "result", "average"]);
    let result = r.code("result");
    let y = SchoolYear {
        year: r.text("year"),
        school: r.text("school"),
        grade: r.text("grade"),
        result: (!result.is_empty()).then_some(result),
        average: r.number("average"),
    };
    r.finish()?;
    run(move || state.store.save_school_year(&me.principal, &id, y)).await?;
    Ok(StatusCode::CREATED)
}
