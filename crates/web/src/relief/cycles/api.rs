//! `/api/v1/relief/cycles…` and a household's entitlements (issue 15,
//! item 9: the contract's paths, fields and statuses kept exactly).

use crate::api::json::{Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_domain::Problem;
use dugu_storage::{CycleInput, DurationRule, EntitlementView, RationLine, ReliefCycle, StepInput};
use std::collections::HashMap;

/// One line of a cycle's ration table.
#[derive(Default, Clone, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ItemWrite {
    /// The item's name ("céréales", "huile").
    #[schema(required = true)]
    item: String,
    /// The amount per person for the cycle, in `unit` (12000 g of cereal).
    #[schema(minimum = 1, maximum = 10_000_000)]
    per_person: Option<u64>,
    /// Instead of `per_person`: the same amount for every household (a cash
    /// tranche of 60000 XOF).
    #[schema(minimum = 1, maximum = 10_000_000)]
    per_household: Option<u64>,
    /// `g`, `ml`, `xof` or `piece`.
    #[schema(required = true)]
    unit: String,
    /// The most people counted per household; 0: no cap.
    #[schema(maximum = 100)]
    cap: u32,
    /// `up`, `down` or `nearest` to `step`; absent or empty: exact.
    rounding: String,
    /// The issue unit rounded to, in `unit` (500 for 0.5 L bottles).
    #[schema(minimum = 1, maximum = 10_000_000)]
    step: Option<u64>,
    /// `in_kind` (default) or `cash` (then `unit` is `xof`).
    modality: String,
}

impl From<ItemWrite> for RationLine {
    fn from(i: ItemWrite) -> RationLine {
        RationLine {
            item: i.item,
            per_person: i.per_person,
            per_household: i.per_household,
            unit: i.unit,
            cap: i.cap,
            rounding: i.rounding,
            step: i.step,
            modality: i.modality,
        }
    }
}

impl From<RationLine> for ItemWrite {
    fn from(i: RationLine) -> ItemWrite {
        ItemWrite {
            item: i.item,
            per_person: i.per_person,
            per_household: i.per_household,
            unit: i.unit,
            cap: i.cap,
            rounding: i.rounding,
            step: i.step,
            modality: i.modality,
        }
    }
}

/// The share of the ration due by month of displacement.
#[derive(Default, Clone, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RuleWrite {
    /// Steps for displaced and returning households, in month order.
    displaced: Vec<StepWrite>,
    /// Steps for host households, in month order.
    host: Vec<StepWrite>,
}

/// Up to and including `through_month` of displacement (1 = the month of
/// arrival), `percent` of the ration.
#[derive(Default, Clone, Copy, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepWrite {
    #[schema(minimum = 1, maximum = 120)]
    through_month: u32,
    #[schema(maximum = 100)]
    percent: u8,
}

impl From<RuleWrite> for DurationRule {
    fn from(r: RuleWrite) -> DurationRule {
        let of = |s: Vec<StepWrite>| {
            s.into_iter().map(|s| StepInput { through_month: s.through_month, percent: s.percent }).collect()
        };
        DurationRule { displaced: of(r.displaced), host: of(r.host) }
    }
}

impl From<DurationRule> for RuleWrite {
    fn from(r: DurationRule) -> RuleWrite {
        let of = |s: Vec<StepInput>| {
            s.into_iter().map(|s| StepWrite { through_month: s.through_month, percent: s.percent }).collect()
        };
        RuleWrite { displaced: of(r.displaced), host: of(r.host) }
    }
}

/// A new cycle of a relief programme.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CycleWrite {
    #[schema(required = true, format = "uuid")]
    programme_id: String,
    #[schema(required = true)]
    name: String,
    /// First day, `YYYY-MM-DD`.
    #[schema(required = true, format = Date)]
    start: String,
    /// Last day, `YYYY-MM-DD`.
    #[schema(required = true, format = Date)]
    end: String,
    /// The ration table (1 to 20 lines, one per item).
    #[schema(required = true)]
    items: Vec<ItemWrite>,
    /// The share by time since arrival; absent: the whole ration.
    duration_rule: Option<RuleWrite>,
    /// Whether what was not collected in the cycle before is carried in
    /// ("rattrapage").
    carry_over: bool,
    /// The sites served; absent or empty: the programme's sites.
    site_ids: Vec<String>,
}

/// A cycle as stored.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CycleRead {
    id: String,
    programme_id: String,
    name: String,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    start: time::Date,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    end: time::Date,
    /// `draft`, `approved` or `closed`.
    status: String,
    items: Vec<ItemWrite>,
    duration_rule: Option<RuleWrite>,
    carry_over: bool,
    site_ids: Vec<String>,
}

impl From<ReliefCycle> for CycleRead {
    fn from(c: ReliefCycle) -> CycleRead {
        CycleRead {
            id: c.id,
            programme_id: c.programme_id,
            name: c.name,
            start: c.start_date,
            end: c.end_date,
            status: c.status,
            items: c.items.into_iter().map(ItemWrite::from).collect(),
            duration_rule: c.duration_rule.map(RuleWrite::from),
            carry_over: c.carry_over,
            site_ids: c.site_ids,
        }
    }
}

/// Cycles in scope.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CyclesRead {
    items: Vec<CycleRead>,
}

/// A status change.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StatusWrite {
    /// `approved` (from `draft`) or `closed` (from `approved`).
    #[schema(required = true)]
    status: String,
}

/// What one run of generation did.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerationRead {
    /// Entitlements created by this run (0 when run again).
    generated: usize,
    /// Of those, carried over from the cycle before ("rattrapage").
    carried: usize,
    /// Households that got nothing, and why.
    exceptions: Vec<ExceptionRead>,
}

/// A household left out of a cycle, and why.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExceptionRead {
    #[schema(format = "uuid")]
    household_id: String,
    /// `household_size_missing`, `arrival_date_missing` or `status_unknown`.
    reason: String,
}

/// A household's entitlements.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntitlementsRead {
    items: Vec<EntitlementRead>,
}

/// What a household is owed of one item in one cycle.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntitlementRead {
    id: String,
    cycle_id: String,
    item: String,
    /// An exact integer in `unit`.
    quantity: i64,
    /// `g`, `ml`, `xof` or `piece`.
    unit: String,
    /// `in_kind` or `cash`.
    modality: String,
    /// What it was computed from: `size`, `used`, `capped`, `fraction`
    /// (percent), `month`, `arrival_date`, `before_rounding`, `rounding`;
    /// for a carried one, `rattrapage` and `from_cycle`.
    #[schema(value_type = Object)]
    inputs: serde_json::Value,
    /// `approved`, `draft` (cycle not approved) or `expired` (cycle closed).
    status: String,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    valid_from: time::Date,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    valid_until: time::Date,
    /// Whether it may be handed over today.
    redeemable: bool,
    /// The one site that serves it this cycle.
    site_id: String,
    /// The entitlement it carries over ("rattrapage"), if any.
    carried_from: Option<String>,
}

impl EntitlementRead {
    fn of(e: EntitlementView, today: time::Date) -> EntitlementRead {
        EntitlementRead {
            redeemable: e.redeemable(today),
            id: e.id,
            cycle_id: e.cycle_id,
            item: e.item,
            quantity: e.quantity,
            unit: e.unit,
            modality: e.modality,
            inputs: e.inputs,
            status: e.status,
            valid_from: e.valid_from,
            valid_until: e.valid_until,
            site_id: e.site_id,
            carried_from: e.carried_from,
        }
    }
}

/// The new cycle.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CycleCreated {
    id: String,
    /// `draft`: approved by `POST /api/v1/relief/cycles/{id}/status`.
    status: String,
    /// The sites it serves.
    site_ids: Vec<String>,
}

/// Creates a draft cycle (relief supervisors and directors).
#[utoipa::path(post, path = "/api/v1/relief/cycles", request_body = CycleWrite,
    responses((status = 201, body = CycleCreated), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<CycleCreated>), ApiError> {
    let me = me(current)?;
    let w = Body::<CycleWrite>::read(&body)?.finish()?;
    let input = CycleInput {
        programme_id: w.programme_id,
        name: w.name,
        start: w.start,
        end: w.end,
        items: w.items.into_iter().map(RationLine::from).collect(),
        duration_rule: w.duration_rule.map(DurationRule::from),
        carry_over: w.carry_over,
        site_ids: w.site_ids,
    };
    let c = run(move || state.store.create_relief_cycle(&me.principal, input)).await?;
    Ok((StatusCode::CREATED, Json(CycleCreated { id: c.id, status: c.status, site_ids: c.site_ids })))
}

/// Lists cycles of programmes in scope, latest first.
#[utoipa::path(get, path = "/api/v1/relief/cycles",
    params(("programme_id" = Option<String>, Query, description = "one programme's cycles")),
    responses((status = 200, body = CyclesRead)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<CyclesRead>, ApiError> {
    let me = me(current)?;
    let programme = params.get("programme_id").cloned();
    let cycles = run(move || state.store.relief_cycles(&me.principal, programme.as_deref())).await?;
    Ok(Json(CyclesRead { items: cycles.into_iter().map(CycleRead::from).collect() }))
}

/// Approves (`draft` → `approved`) or closes (`approved` → `closed`) a
/// cycle; closing expires what was not collected.
#[utoipa::path(post, path = "/api/v1/relief/cycles/{id}/status", params(("id" = String, Path)),
    request_body = StatusWrite,
    responses((status = 200, body = CycleRead), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn status(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<Json<CycleRead>, ApiError> {
    let me = me(current)?;
    let w = Body::<StatusWrite>::read(&body)?.finish()?;
    let c = run(move || state.store.set_relief_cycle_status(&me.principal, &id, &w.status)).await?;
    Ok(Json(CycleRead::from(c)))
}

/// Generates the cycle's missing entitlements: idempotent (a second run
/// generates 0), households with no size listed as exceptions.
#[utoipa::path(post, path = "/api/v1/relief/cycles/{id}/entitlements", params(("id" = String, Path)),
    responses((status = 200, body = GenerationRead), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn generate(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<GenerationRead>, ApiError> {
    let me = me(current)?;
    let g = run(move || state.store.generate_entitlements(&me.principal, &id)).await?;
    Ok(Json(GenerationRead {
        generated: g.generated,
        carried: g.carried,
        exceptions: g
            .exceptions
            .into_iter()
            .map(|(household_id, why)| ExceptionRead { household_id, reason: why.code().into() })
            .collect(),
    }))
}

/// A household's entitlements, of one cycle or of all (audited).
#[utoipa::path(get, path = "/api/v1/relief/households/{id}/entitlements",
    params(("id" = String, Path), ("cycle_id" = Option<String>, Query, description = "one cycle's")),
    responses((status = 200, body = EntitlementsRead), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn of_household(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<EntitlementsRead>, ApiError> {
    let me = me(current)?;
    let cycle = params.get("cycle_id").cloned();
    if cycle.as_deref() == Some("") {
        let mut inv = dugu_domain::Invalid::new();
        inv.add("cycle_id", Problem::NotAllowed);
        return Err(ApiError::Invalid(inv));
    }
    let today = crate::today();
    let items = run(move || state.store.entitlements_of(&me.principal, &id, cycle.as_deref())).await?;
    Ok(Json(EntitlementsRead { items: items.into_iter().map(|e| EntitlementRead::of(e, today)).collect() }))
}
