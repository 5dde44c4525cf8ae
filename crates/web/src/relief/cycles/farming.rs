//! `/relief/farming`: Khouloum's farming households — a season declared
//! (area, harvest, months of stock), inputs received in kind, and the list
//! of those who will run out before the next harvest (issue 15, item 7).

use crate::pages::{csrf_rejected, fail, fail_status, layout, loaded, render_checked};
use crate::session::{Ctx, blocking};
use crate::templates::{Choice, Layout};
use askama::Template;
use axum::Form;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::{Action, Invalid, Problem};
use dugu_storage::{FARM_INPUTS, FarmInputInput, SeasonInput, StoreError};

/// A household short of food, in words.
pub struct ShortLine {
    pub href: String,
    pub record_number: String,
    pub place: String,
    pub season: String,
    pub stock: String,
    pub runs_out: String,
    pub harvest: String,
    pub short: String,
    pub inputs: i64,
}

#[derive(Template)]
#[template(path = "relief/cycles/farming.html")]
pub struct FarmingPage {
    pub l: Layout,
    pub programmes: Vec<Choice>,
    pub programme_id: String,
    pub lines: Vec<ShortLine>,
    pub can_write: bool,
    pub errors: Vec<String>,
    pub inputs: Vec<(&'static str, String)>,
    pub year: String,
}

/// `?programme_id=`.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct FarmingQuery {
    programme_id: String,
}

fn input_label(tr: &crate::i18n::Tr, code: &str) -> String {
    match code {
        "seed" => tr.get("relief-cycles-farm-input-seed"),
        "fertiliser" => tr.get("relief-cycles-farm-input-fertiliser"),
        _ => tr.get("relief-cycles-farm-input-small_livestock"),
    }
}

/// `GET /relief/farming`.
pub async fn show(ctx: Ctx, Query(q): Query<FarmingQuery>) -> Response {
    if let Some(refused) = crate::relief::not_for(&ctx) {
        return refused;
    }
    page(&ctx, q.programme_id, Vec::new()).await
}

async fn page(ctx: &Ctx, programme_id: String, errors: Vec<String>) -> Response {
    let Some(me) = ctx.me() else { return fail_status(ctx, StatusCode::UNAUTHORIZED) };
    let me = me.clone();
    let (st, who, chosen) = (ctx.state.clone(), me.principal.clone(), programme_id.clone());
    let read = blocking(move || {
        let programmes = st.store.programmes(&who)?;
        let lines = if chosen.is_empty() { Vec::new() } else { st.store.farm_shortfall(&who, &chosen)? };
        Ok::<_, StoreError>((programmes, lines))
    });
    let (programmes, lines) = match loaded(ctx, read.await) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let tr = &ctx.tr;
    let refused = !errors.is_empty();
    render_checked(
        &FarmingPage {
            l: layout(tr, Some(&me), tr.get("relief-cycles-farm-title"), refused),
            programmes: programmes.into_iter().map(|p| Choice { id: p.id, label: p.name }).collect(),
            programme_id,
            lines: lines
                .into_iter()
                .map(|s| ShortLine {
                    href: format!("/households/{}", s.household_id),
                    record_number: s.record_number,
                    place: s.location_name,
                    season: s.season,
                    stock: tr.arg("relief-cycles-farm-months", "count", &s.stock_months.to_string()),
                    runs_out: tr.day(s.runs_out_on),
                    harvest: tr.day(s.next_harvest),
                    short: tr.arg("relief-cycles-farm-months", "count", &s.months_short.to_string()),
                    inputs: s.inputs,
                })
                .collect(),
            can_write: me.user.role.may(Action::DistributeRelief),
            errors,
            inputs: FARM_INPUTS.into_iter().map(|c| (c, input_label(tr, c))).collect(),
            year: crate::today().year().to_string(),
        },
        refused,
    )
}

/// The page's two forms: a season declared, or an input received.
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct FarmingForm {
    csrf: String,
    /// `season` or `input`.
    action: String,
    programme_id: String,
    record_number: String,
    season: String,
    area_ha: String,
    harvest_kg: String,
    stock_months: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    declared_on: String,
    input: String,
    description: String,
    quantity: String,
    unit: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    received_on: String,
}

fn number<T: std::str::FromStr>(inv: &mut Invalid, field: &str, raw: &str) -> Option<T> {
    let raw = raw.trim().replace(',', ".");
    if raw.is_empty() {
        return None;
    }
    let parsed = raw.parse().ok();
    if parsed.is_none() {
        inv.add(field, Problem::Malformed);
    }
    parsed
}

fn field_label(tr: &crate::i18n::Tr, field: &str) -> String {
    match field {
        "programme_id" => tr.get("relief-cycles-programme"),
        "household_id" | "record_number" => tr.get("relief-cycles-farm-household"),
        "season" => tr.get("relief-cycles-farm-season"),
        "area_ha" => tr.get("relief-cycles-farm-area"),
        "harvest_kg" => tr.get("relief-cycles-farm-harvest"),
        "stock_months" => tr.get("relief-cycles-farm-stock"),
        "declared_on" => tr.get("relief-cycles-farm-declared"),
        "next_harvest" => tr.get("relief-cycles-farm-next-harvest"),
        "input" => tr.get("relief-cycles-farm-input"),
        "description" => tr.get("relief-cycles-farm-description"),
        "quantity" => tr.get("relief-cycles-farm-quantity"),
        "unit" => tr.get("relief-cycles-unit"),
        _ => tr.get("relief-cycles-farm-received"),
    }
}

/// `POST /relief/farming`: declares a season (or its harvest and stock),
/// or records an input; the list again.
pub async fn record(ctx: Ctx, Form(form): Form<FarmingForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, StatusCode::UNAUTHORIZED) };
    let mut inv = Invalid::new();
    let area_ha = number(&mut inv, "area_ha", &form.area_ha);
    let harvest_kg = number(&mut inv, "harvest_kg", &form.harvest_kg);
    let stock_months = number(&mut inv, "stock_months", &form.stock_months);
    let quantity = number::<i64>(&mut inv, "quantity", &form.quantity);
    let (st, who, f) = (ctx.state.clone(), me.principal.clone(), form);
    let programme = f.programme_id.clone();
    let done = if inv.is_empty() {
        blocking(move || {
            let Some(household_id) = st.store.record_of_number(&who, f.record_number.trim())? else {
                let mut inv = Invalid::new();
                inv.add("record_number", Problem::Unknown);
                return Err(StoreError::Invalid(inv));
            };
            let season_of = |area_ha, harvest_kg, stock_months, declared_on: String| SeasonInput {
                household_id: household_id.clone(),
                programme_id: f.programme_id.clone(),
                season: f.season.clone(),
                area_ha,
                harvest_kg,
                stock_months,
                declared_on,
                next_harvest: String::new(),
            };
            if f.action == "input" {
                // The season (opened if need be) and its input: one write.
                let season = season_of(None, None, None, String::new());
                let (who, f) = (who.clone(), f.clone());
                let input = FarmInputInput {
                    season_id: String::new(),
                    input: f.input.clone(),
                    description: f.description.clone(),
                    quantity: quantity.unwrap_or(0),
                    unit: f.unit.clone(),
                    received_on: f.received_on.clone(),
                };
                st.store.record_farm_input_in_season(&who, season, input)?;
            } else {
                st.store
                    .record_farm_season(&who, season_of(area_ha, harvest_kg, stock_months, f.declared_on.clone()))?;
            }
            Ok(())
        })
        .await
    } else {
        Ok(Err(StoreError::Invalid(inv)))
    };
    match done {
        Ok(Ok(())) => Redirect::to(&format!("/relief/farming?programme_id={programme}")).into_response(),
        Ok(Err(StoreError::Invalid(inv))) => {
            let tr = &ctx.tr;
            let errors =
                inv.0.iter().map(|e| format!("{}{} {}", field_label(tr, &e.field), tr.colon(), tr.problem(&e.problem)));
            let mut answer = page(&ctx, programme, errors.collect()).await;
            *answer.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            answer
        }
        Ok(Err(StoreError::NotFound)) => {
            let why = format!(
                "{}{} {}",
                ctx.tr.get("relief-cycles-farm-household"),
                ctx.tr.colon(),
                ctx.tr.problem(&Problem::Unknown)
            );
            let mut answer = page(&ctx, programme, vec![why]).await;
            *answer.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            answer
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
