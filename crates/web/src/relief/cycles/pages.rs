//! `/relief/cycles`: a programme's cycles and the form that sets one up
//! (blank, WFP's full ration, or the three lean-season cycles at once);
//! the words both cycle pages use.

use crate::i18n::Tr;
use crate::pages::{csrf_rejected, fail, fail_status, layout, loaded, render_checked};
use crate::session::{Ctx, blocking};
use crate::templates::{Choice, Layout};
use askama::Template;
use axum::Form;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::{Action, Invalid, Problem};
use dugu_storage::{CycleInput, DurationRule, RationLine, StoreError};
use std::collections::HashMap;

/// Lines of the ration table the form offers.
const ROWS: usize = 6;

/// One line of the form's ration table, as typed.
#[derive(Default, Clone)]
pub struct Row {
    pub item: String,
    pub per_person: String,
    pub per_household: String,
    pub unit: String,
    pub cap: String,
    pub rounding: String,
    pub step: String,
    pub modality: String,
}

/// The creation form, as typed (or as a template fills it).
#[derive(Default, Clone)]
pub struct Typed {
    pub programme_id: String,
    pub name: String,
    pub start: String,
    pub end: String,
    /// `` or `wfp_mali_2022`.
    pub rule: String,
    pub carry_over: bool,
    pub rows: Vec<Row>,
}

/// A cycle in the list.
pub struct CycleLine {
    pub id: String,
    pub name: String,
    pub programme: String,
    pub start: time::Date,
    pub end: time::Date,
    pub status: String,
}

#[derive(Template)]
#[template(path = "relief/cycles/cycles.html")]
pub struct CyclesPage {
    pub l: Layout,
    pub cycles: Vec<CycleLine>,
    pub can_create: bool,
    pub programmes: Vec<Choice>,
    pub typed: Typed,
    pub errors: Vec<String>,
    pub year: String,
    pub units: Vec<(&'static str, String)>,
    pub roundings: Vec<(&'static str, String)>,
    pub modalities: Vec<(&'static str, String)>,
}

pub(super) fn status_label(tr: &Tr, status: &str) -> String {
    match status {
        "draft" => tr.get("relief-cycles-status-draft"),
        "approved" => tr.get("relief-cycles-status-approved"),
        _ => tr.get("relief-cycles-status-closed"),
    }
}

pub(super) fn unit_label(tr: &Tr, unit: &str) -> String {
    match unit {
        "g" => tr.get("relief-cycles-unit-g"),
        "ml" => tr.get("relief-cycles-unit-ml"),
        "xof" => tr.get("relief-cycles-unit-xof"),
        _ => tr.get("relief-cycles-unit-piece"),
    }
}

fn units(tr: &Tr) -> Vec<(&'static str, String)> {
    ["g", "ml", "xof", "piece"].into_iter().map(|u| (u, unit_label(tr, u))).collect()
}

pub(super) fn roundings(tr: &Tr) -> Vec<(&'static str, String)> {
    vec![
        ("", tr.get("relief-cycles-rounding-none")),
        ("up", tr.get("relief-cycles-rounding-up")),
        ("down", tr.get("relief-cycles-rounding-down")),
        ("nearest", tr.get("relief-cycles-rounding-nearest")),
    ]
}

pub(super) fn modalities(tr: &Tr) -> Vec<(&'static str, String)> {
    vec![("in_kind", tr.get("relief-cycles-modality-in_kind")), ("cash", tr.get("relief-cycles-modality-cash"))]
}

pub(super) fn reason_label(tr: &Tr, code: &str) -> String {
    match code {
        "household_size_missing" => tr.get("relief-cycles-exception-household_size_missing"),
        "arrival_date_missing" => tr.get("relief-cycles-exception-arrival_date_missing"),
        _ => tr.get("relief-cycles-exception-status_unknown"),
    }
}

/// A field of the form in words, for the list of problems above it.
fn field_label(tr: &Tr, field: &str) -> String {
    let (line, name) = match field.split_once("].") {
        Some((head, name)) => (head.trim_start_matches("items[").parse::<usize>().ok(), name),
        None => (None, field),
    };
    let label = match name {
        "programme_id" => tr.get("relief-cycles-programme"),
        "name" => tr.get("relief-cycles-name"),
        "start" => tr.get("relief-cycles-start"),
        "end" => tr.get("relief-cycles-end"),
        "items" | "item" => tr.get("relief-cycles-item"),
        "per_person" => tr.get("relief-cycles-per-person"),
        "per_household" => tr.get("relief-cycles-per-household"),
        "unit" => tr.get("relief-cycles-unit"),
        "cap" => tr.get("relief-cycles-cap"),
        "rounding" => tr.get("relief-cycles-rounding"),
        "step" => tr.get("relief-cycles-step"),
        "modality" => tr.get("relief-cycles-modality"),
        "site_ids" => tr.get("relief-cycles-sites"),
        "status" => tr.get("relief-cycles-status"),
        _ => field.to_string(),
    };
    match line {
        Some(i) => tr.args("relief-cycles-line-field", &[("line", &(i + 1).to_string()), ("field", &label)]),
        None => label,
    }
}

fn problems(tr: &Tr, inv: &Invalid) -> Vec<String> {
    inv.0.iter().map(|e| format!("{}{} {}", field_label(tr, &e.field), tr.colon(), tr.problem(&e.problem))).collect()
}

/// WFP's full general food distribution basket for a 30-day cycle, cap 10
/// (relief.md 1.1 and requirement 1), oil in 0.5 L bottles.
fn wfp_rows() -> Vec<Row> {
    let row = |item: &str, amount: &str, unit: &str, rounding: &str, step: &str| Row {
        item: item.into(),
        per_person: amount.into(),
        unit: unit.into(),
        cap: "10".into(),
        rounding: rounding.into(),
        step: step.into(),
        modality: "in_kind".into(),
        ..Row::default()
    };
    vec![
        row("céréales", "12000", "g", "", ""),
        row("légumineuses", "1800", "g", "", ""),
        row("huile", "750", "ml", "up", "500"),
        row("sel", "150", "g", "", ""),
    ]
}

/// `?template=wfp|lean_season&programme_id=`.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    template: String,
    programme_id: String,
}

/// `GET /relief/cycles`.
pub async fn list(ctx: Ctx, Query(q): Query<ListQuery>) -> Response {
    if let Some(refused) = crate::relief::not_for(&ctx) {
        return refused;
    }
    let mut typed = Typed { programme_id: q.programme_id, ..Typed::default() };
    match q.template.as_str() {
        "wfp" => {
            typed.rows = wfp_rows();
            typed.rule = "wfp_mali_2022".into();
        }
        "lean_season" => {
            let cycles = dugu_storage::lean_season_cycles(&typed.programme_id, crate::today().year());
            if let Some(first) = cycles.into_iter().next() {
                typed.name = first.name;
                typed.start = first.start;
                typed.end = first.end;
                typed.rows = first
                    .items
                    .into_iter()
                    .map(|i| Row {
                        item: i.item,
                        per_person: i.per_person.map(|p| p.to_string()).unwrap_or_default(),
                        per_household: i.per_household.map(|p| p.to_string()).unwrap_or_default(),
                        unit: i.unit,
                        cap: i.cap.to_string(),
                        rounding: i.rounding,
                        step: i.step.map(|s| s.to_string()).unwrap_or_default(),
                        modality: i.modality,
                    })
                    .collect();
            }
        }
        _ => {}
    }
    page(&ctx, typed, Vec::new(), StatusCode::OK).await
}

async fn page(ctx: &Ctx, mut typed: Typed, errors: Vec<String>, status: StatusCode) -> Response {
    let Some(me) = ctx.me() else { return fail_status(ctx, StatusCode::UNAUTHORIZED) };
    let me = me.clone();
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let read = blocking(move || Ok::<_, StoreError>((st.store.relief_cycles(&who, None)?, st.store.programmes(&who)?)));
    let (cycles, programmes) = match loaded(ctx, read.await) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let names: HashMap<&str, &str> = programmes.iter().map(|p| (p.id.as_str(), p.name.as_str())).collect();
    let tr = &ctx.tr;
    let lines = cycles
        .iter()
        .map(|c| CycleLine {
            id: c.id.clone(),
            name: c.name.clone(),
            programme: names.get(c.programme_id.as_str()).copied().unwrap_or_default().to_string(),
            start: c.start_date,
            end: c.end_date,
            status: status_label(tr, &c.status),
        })
        .collect();
    while typed.rows.len() < ROWS {
        typed.rows.push(Row { cap: "0".into(), ..Row::default() });
    }
    let refused = !errors.is_empty();
    let mut answer = render_checked(
        &CyclesPage {
            l: layout(tr, Some(&me), tr.get("relief-cycles-title"), refused),
            cycles: lines,
            can_create: me.user.role.may(Action::SuperviseRelief),
            programmes: programmes.iter().map(|p| Choice { id: p.id.clone(), label: p.name.clone() }).collect(),
            typed,
            errors,
            year: crate::today().year().to_string(),
            units: units(tr),
            roundings: roundings(tr),
            modalities: modalities(tr),
        },
        refused,
    );
    if status != StatusCode::OK && !refused {
        *answer.status_mut() = status;
    }
    answer
}

/// A number typed in the form: empty is none; anything else that is not a
/// whole number names the field.
fn number<T: std::str::FromStr>(inv: &mut Invalid, field: String, raw: &str) -> Option<T> {
    let raw = raw.trim().replace([' ', '\u{a0}', '\u{202f}'], "");
    if raw.is_empty() {
        return None;
    }
    let parsed = raw.parse().ok();
    if parsed.is_none() {
        inv.add(&field, Problem::Malformed);
    }
    parsed
}

/// `POST /relief/cycles`: a cycle from the form; its page on success, the
/// form again with every problem otherwise.
pub async fn create(ctx: Ctx, Form(form): Form<HashMap<String, String>>) -> Response {
    let text = |k: &str| form.get(k).cloned().unwrap_or_default();
    if let Some(r) = csrf_rejected(&ctx, &text("csrf")) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, StatusCode::UNAUTHORIZED) };
    let mut typed = Typed {
        programme_id: text("programme_id"),
        name: text("name"),
        start: crate::format::day_from_form(&text("start")),
        end: crate::format::day_from_form(&text("end")),
        rule: text("rule"),
        carry_over: !text("carry_over").is_empty(),
        rows: Vec::new(),
    };
    let mut inv = Invalid::new();
    let mut items = Vec::new();
    for i in 0..ROWS {
        let row = Row {
            item: text(&format!("item_{i}")),
            per_person: text(&format!("per_person_{i}")),
            per_household: text(&format!("per_household_{i}")),
            unit: text(&format!("unit_{i}")),
            cap: text(&format!("cap_{i}")),
            rounding: text(&format!("rounding_{i}")),
            step: text(&format!("step_{i}")),
            modality: text(&format!("modality_{i}")),
        };
        typed.rows.push(row.clone());
        if row.item.trim().is_empty() && row.per_person.trim().is_empty() && row.per_household.trim().is_empty() {
            continue;
        }
        // Problems name the form's line, whatever blank lines came before.
        let field = |name: &str| format!("items[{i}].{name}");
        items.push(RationLine {
            item: row.item.clone(),
            per_person: number(&mut inv, field("per_person"), &row.per_person),
            per_household: number(&mut inv, field("per_household"), &row.per_household),
            unit: row.unit.clone(),
            cap: number(&mut inv, field("cap"), &row.cap).unwrap_or(0),
            rounding: row.rounding.clone(),
            step: number(&mut inv, field("step"), &row.step),
            modality: row.modality.clone(),
        });
    }
    let duration_rule = match typed.rule.as_str() {
        "wfp_mali_2022" => Some(DurationRule::wfp_mali_2022()),
        _ => None,
    };
    if !inv.is_empty() {
        let errors = problems(&ctx.tr, &inv);
        return page(&ctx, typed, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let input = CycleInput {
        programme_id: typed.programme_id.clone(),
        name: typed.name.clone(),
        start: typed.start.clone(),
        end: typed.end.clone(),
        items,
        duration_rule,
        carry_over: typed.carry_over,
        site_ids: Vec::new(),
    };
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    match blocking(move || st.store.create_relief_cycle(&who, input)).await {
        Ok(Ok(c)) => Redirect::to(&format!("/relief/cycles/{}", c.id)).into_response(),
        Ok(Err(StoreError::Invalid(inv))) => {
            // The form's lines are numbered as typed: a blank line skipped
            // before shifts the command's index, so name lines as typed.
            let typed_lines: Vec<usize> = (0..ROWS)
                .filter(|i| {
                    let r = &typed.rows[*i];
                    !(r.item.trim().is_empty() && r.per_person.trim().is_empty() && r.per_household.trim().is_empty())
                })
                .collect();
            let renamed = Invalid(
                inv.0
                    .into_iter()
                    .map(|mut e| {
                        if let Some((head, rest)) = e.field.split_once("].")
                            && let Some(n) = head.strip_prefix("items[").and_then(|n| n.parse::<usize>().ok())
                            && let Some(line) = typed_lines.get(n)
                        {
                            e.field = format!("items[{line}].{rest}");
                        }
                        e
                    })
                    .collect(),
            );
            let errors = problems(&ctx.tr, &renamed);
            page(&ctx, typed, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// The lean-season form: a programme and a year.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct LeanSeasonForm {
    csrf: String,
    programme_id: String,
    year: String,
}

/// `POST /relief/cycles/lean-season`: the state's lean-season ration as
/// three cycles (July, August, September; 9 kg of cereal per person per
/// month, no cap, no rule by arrival: requirement 4), all or none.
pub async fn lean_season(ctx: Ctx, Form(form): Form<LeanSeasonForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, StatusCode::UNAUTHORIZED) };
    let year = form.year.trim().parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
    let Some(year) = year else {
        let why =
            format!("{}{} {}", ctx.tr.get("relief-cycles-year"), ctx.tr.colon(), ctx.tr.problem(&Problem::OutOfRange));
        let typed = Typed { programme_id: form.programme_id, ..Typed::default() };
        return page(&ctx, typed, vec![why], StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let inputs = dugu_storage::lean_season_cycles(&form.programme_id, year);
    let (st, who, programme) = (ctx.state.clone(), me.principal.clone(), form.programme_id.clone());
    let made = blocking(move || st.store.create_relief_cycles(&who, inputs));
    match made.await {
        Ok(Ok(_)) => Redirect::to(&format!("/relief/cycles?programme_id={programme}")).into_response(),
        Ok(Err(StoreError::Invalid(inv))) => {
            let errors = problems(&ctx.tr, &inv);
            let typed = Typed { programme_id: form.programme_id, ..Typed::default() };
            page(&ctx, typed, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
