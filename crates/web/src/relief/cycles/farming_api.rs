//! `/api/v1/relief/farming/…`: a farming household's season and the
//! inputs it received, and the households that will run out before the
//! next harvest (issue 15, item 7).

use crate::api::json::{Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_storage::{FarmInputInput, SeasonInput, Shortfall};

/// A season declared, or what changed in it.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SeasonWrite {
    #[schema(required = true, format = "uuid")]
    household_id: String,
    #[schema(required = true, format = "uuid")]
    programme_id: String,
    /// The season's year (`2026`).
    #[schema(required = true)]
    season: String,
    /// Area farmed, hectares.
    #[schema(exclusive_minimum = 0, maximum = 1000)]
    area_ha: Option<f64>,
    /// Harvest, kg.
    #[schema(minimum = 0, maximum = 1_000_000)]
    harvest_kg: Option<i64>,
    /// Months the food stock will last, declared after the harvest.
    #[schema(minimum = 0, maximum = 36)]
    stock_months: Option<i64>,
    /// Day of that declaration (required with `stock_months`).
    #[schema(format = Date)]
    declared_on: String,
    /// The next harvest; absent: 1 October of the year after the season.
    #[schema(format = Date)]
    next_harvest: String,
}

/// An input received in kind.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct InputWrite {
    /// The household's season (`POST /api/v1/relief/farming/seasons`).
    #[schema(required = true, format = "uuid")]
    season_id: String,
    /// `seed`, `fertiliser` or `small_livestock`.
    #[schema(required = true)]
    input: String,
    #[schema(required = true)]
    description: String,
    #[schema(required = true, minimum = 1, maximum = 1_000_000)]
    quantity: i64,
    /// `g` or `piece`.
    #[schema(required = true)]
    unit: String,
    #[schema(required = true, format = Date)]
    received_on: String,
}

/// The new record.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Created {
    id: String,
}

/// Households that will run out before the next harvest.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShortfallRead {
    items: Vec<ShortRead>,
}

/// One household short of food before its harvest.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShortRead {
    household_id: String,
    record_number: String,
    season: String,
    area_ha: Option<f64>,
    harvest_kg: Option<i64>,
    stock_months: i64,
    #[schema(format = Date)]
    runs_out_on: String,
    #[schema(format = Date)]
    next_harvest: String,
    /// Whole months without stock before the harvest.
    months_short: u32,
    /// Inputs received this season.
    inputs: i64,
}

impl From<Shortfall> for ShortRead {
    fn from(s: Shortfall) -> ShortRead {
        ShortRead {
            household_id: s.household_id,
            record_number: s.record_number,
            season: s.season,
            area_ha: s.area_ha,
            harvest_kg: s.harvest_kg,
            stock_months: s.stock_months,
            runs_out_on: s.runs_out_on.to_string(),
            next_harvest: s.next_harvest.to_string(),
            months_short: s.months_short,
            inputs: s.inputs,
        }
    }
}

/// Declares a farming household's season, or what changed in it (harvest,
/// stock): one record per household, programme and season.
#[utoipa::path(post, path = "/api/v1/relief/farming/seasons", request_body = SeasonWrite,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn season(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let me = me(current)?;
    let w = Body::<SeasonWrite>::read(&body)?.finish()?;
    let input = SeasonInput {
        household_id: w.household_id,
        programme_id: w.programme_id,
        season: w.season,
        area_ha: w.area_ha,
        harvest_kg: w.harvest_kg,
        stock_months: w.stock_months,
        declared_on: w.declared_on,
        next_harvest: w.next_harvest,
    };
    let id = run(move || state.store.record_farm_season(&me.principal, input)).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Records an input received in kind (seed, fertiliser, small livestock).
#[utoipa::path(post, path = "/api/v1/relief/farming/inputs", request_body = InputWrite,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn input(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let me = me(current)?;
    let w = Body::<InputWrite>::read(&body)?.finish()?;
    let input = FarmInputInput {
        season_id: w.season_id,
        input: w.input,
        description: w.description,
        quantity: w.quantity,
        unit: w.unit,
        received_on: w.received_on,
    };
    let id = run(move || state.store.record_farm_input(&me.principal, input)).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The programme's farming households that will run out before their next
/// harvest, the longest gap first (audited).
#[utoipa::path(get, path = "/api/v1/relief/programmes/{id}/farming/shortfall", params(("id" = String, Path)),
    responses((status = 200, body = ShortfallRead), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn shortfall(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<ShortfallRead>, ApiError> {
    let me = me(current)?;
    let items = run(move || state.store.farm_shortfall(&me.principal, &id)).await?;
    Ok(Json(ShortfallRead { items: items.into_iter().map(ShortRead::from).collect() }))
}
