//! Growth monitoring pages: the growth section of a child's page (latest
//! status, charts, history, the measurement form), recording a
//! measurement, and a location's prevalence figures.

use super::chart::Chart;
use super::templates::{GrowthRow, GrowthView, LatestGrowth};
use crate::growth::{Assessment, INDICATORS, assess, can_judge, standing};
use crate::i18n::Tr;
use crate::pages::drafts::Taken;
use crate::pages::forms::{Forms, Saved};
use crate::pages::{csrf_rejected, fail_status, layout, render};
use crate::session::{Ctx, blocking};
use axum::Form;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use dugu_domain::measurement::MeasurementInput;
use dugu_domain::{Invalid, Problem};
use dugu_growth::classify::{self, Grade};
use dugu_growth::{Curve, DAYS_PER_MONTH, Sex};
use dugu_storage::{Person, StoreError, StoredMeasurement};
use serde::Deserialize;

fn z_text(tr: &Tr, a: &Assessment, i: &str) -> (String, bool) {
    match a.z(i) {
        Some(z) => (crate::format::z_score(tr, z.z), z.flag),
        None => ("–".into(), false),
    }
}

/// WHO's name for a low length/height-for-age: stunting below −2 SD,
/// severe below −3 SD.
fn stunting(tr: &Tr, a: &Assessment) -> Option<String> {
    match classify::under5(&a.scores, None).stunting? {
        Grade::No => Some(tr.get("stunting-no")),
        Grade::Moderate => Some(tr.get("stunting-moderate")),
        Grade::Severe => Some(tr.get("stunting-severe")),
        Grade::Implausible => None,
    }
}

/// The growth section of a child's page (for roles that read medical data).
pub fn view(tr: &Tr, p: &Person, ms: &[StoredMeasurement], can_record: bool) -> GrowthView {
    let assessed: Vec<(Assessment, &StoredMeasurement)> =
        ms.iter().map(|m| (assess(p.sex, p.birth_date, m), m)).collect();
    // Acute malnutrition as the latest measurement that can judge it says,
    // as on the nutrition list.
    let judged = ms.last().and_then(|m| standing(p.sex, p.birth_date, m, ms.iter().rev().find(|m| can_judge(m))));
    let latest = assessed.last().map(|(a, m)| LatestGrowth {
        date: m.date,
        acute: judged.as_ref().map(|s| match s.code {
            "reassess" => tr.get("growth-reassess"),
            code => super::acute_since(tr, tr.code("acute", code), s.since),
        }),
        stunting: stunting(tr, a),
        severe: judged.as_ref().is_some_and(|s| s.code == "sam"),
        measure_again: a.implausible(),
        scores: INDICATORS
            .iter()
            .filter(|i| a.z(i).is_some())
            .map(|i| {
                let (v, f) = z_text(tr, a, i);
                (tr.code("z", i), v, f)
            })
            .collect(),
    });
    let rows = assessed
        .iter()
        .rev()
        .map(|(a, m)| GrowthRow {
            id: m.id.clone(),
            date: dugu_domain::birth::iso_date(m.date),
            weight: tr.number(m.weight_kg),
            height: tr.number(m.length_height_cm),
            muac: tr.number(m.muac_mm),
            wfl: z_text(tr, a, "zwfl").0,
            acute: a.acute_code().map_or("–".into(), |c| tr.code("acute", c)),
        })
        .collect();
    let sex = super::assessment::who_sex(p.sex);
    let ages: Vec<(i64, &StoredMeasurement)> =
        assessed.iter().filter_map(|(a, m)| a.scores.age_days.filter(|d| *d <= 1826).map(|d| (d, *m))).collect();
    let last_age = ages.iter().map(|(d, _)| *d).max().unwrap_or(0);
    let span = (last_age + 180).clamp(730, 1826);
    let mut charts = Vec::new();
    if !ages.is_empty() {
        for (curve, key, value) in [
            (Curve::WeightForAge, "chart-wfa", (|m: &StoredMeasurement| m.weight_kg) as fn(&StoredMeasurement) -> _),
            (Curve::LengthHeightForAge, "chart-lhfa", |m: &StoredMeasurement| m.length_height_cm),
        ] {
            let points: Vec<(i64, f64)> = ages.iter().filter_map(|(d, m)| Some((*d, value(m)?))).collect();
            if points.is_empty() {
                continue;
            }
            let chart =
                Chart { curve, from: 0, to: span, points, x_per_unit: DAYS_PER_MONTH, x_step: 6.0, title: tr.get(key) };
            charts.push((tr.get(key), chart.svg(sex), chart.has_outside(sex)));
        }
    }
    let wfl: Vec<(i64, f64)> =
        ms.iter().filter_map(|m| Some(((m.length_height_cm? * 10.0).round() as i64, m.weight_kg?))).collect();
    if !wfl.is_empty() {
        let lo = wfl.iter().map(|p| p.0).min().unwrap_or(450);
        let hi = wfl.iter().map(|p| p.0).max().unwrap_or(1100);
        let chart = Chart {
            curve: Curve::WeightForLength,
            from: (lo - 100).max(450),
            to: (hi + 100).min(1100),
            points: wfl,
            x_per_unit: 10.0,
            x_step: 5.0,
            title: tr.get("chart-wfl"),
        };
        charts.push((tr.get("chart-wfl"), chart.svg(sex), chart.has_outside(sex)));
    }
    GrowthView { latest, rows, charts, can_record, struck: Vec::new() }
}

/// The measurement form (numbers as typed: a French decimal comma is fine).
#[derive(Deserialize, serde::Serialize, Default)]
#[serde(default)]
pub struct MeasurementForm {
    pub(crate) csrf: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    pub(crate) date: String,
    pub(crate) weight_kg: String,
    pub(crate) length_height_cm: String,
    pub(crate) measured: String,
    pub(crate) oedema: Option<String>,
    pub(crate) muac_mm: String,
    pub(crate) head_cm: String,
    /// Ticked on the second sending: the values flagged implausible are
    /// right (see `plausible`).
    pub(crate) confirm_implausible: Option<String>,
    /// The confirmation page's one-time token (`pages::drafts`): its
    /// confirm writes once, however often it is sent.
    pub(crate) once: String,
}

fn number(inv: &mut Invalid, field: &str, raw: &str) -> Option<f64> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    match t.replace(',', ".").parse::<f64>() {
        Ok(v) => Some(v),
        Err(_) => {
            inv.add(field, Problem::Malformed);
            None
        }
    }
}

/// The measurement a form holds; numbers that do not read are named in `inv`.
pub(crate) fn measurement_input(form: &MeasurementForm, inv: &mut Invalid) -> MeasurementInput {
    MeasurementInput {
        date: form.date.clone(),
        weight_kg: number(inv, "weight_kg", &form.weight_kg),
        length_height_cm: number(inv, "length_height_cm", &form.length_height_cm),
        measured: form.measured.clone(),
        oedema: form.oedema.is_some(),
        muac_mm: number(inv, "muac_mm", &form.muac_mm),
        head_cm: number(inv, "head_cm", &form.head_cm),
    }
}

/// `POST /people/{id}/measurements`.
pub async fn record(ctx: Ctx, Path(id): Path<String>, Form(form): Form<MeasurementForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let typed = Forms::typed(&form);
    let mut inv = Invalid::new();
    let input = measurement_input(&form, &mut inv);
    if !inv.is_empty() {
        return crate::people::person::show_with(ctx, id, Forms::refused("measurement", inv, typed)).await;
    }
    if form.confirm_implausible.is_none() {
        let child = match super::plausible::child(&ctx, &id).await {
            Ok(p) => p,
            Err(r) => return r,
        };
        let flags = super::plausible::flags(child.sex, child.birth_date, &input);
        if !flags.is_empty() {
            return super::plausible::ask(&ctx, &child, &form, &flags);
        }
    }
    // A confirmed value sent again (a double tap, Back then confirm) is
    // not a second measurement.
    let (drafts, session, now) = (&ctx.state.drafts, me.session.token_hash.as_str(), ctx.state.clock.now());
    let once = Some(form.once.as_str()).filter(|t| form.confirm_implausible.is_some() && !t.is_empty());
    if let Some(token) = once
        && matches!(drafts.take(token, session, now, &super::plausible::action(&id)), Taken::Already)
    {
        return crate::pages::forms::saved(&ctx, &format!("/people/{id}"), Saved::Measurement);
    }
    let (st, who, pid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let today = crate::today();
    let done = blocking(move || st.store.record_measurement(&who, &pid, input, today).map(|_| ())).await;
    if let Some(token) = once
        && !matches!(done, Ok(Ok(())))
    {
        drafts.release(token);
    }
    crate::people::person::after_form(ctx, id, done, Saved::Measurement, "measurement", typed).await
}

fn groups() -> Vec<Option<dugu_growth::prevalence::AgeGroup>> {
    dugu_growth::prevalence::AgeGroup::ALL.iter().copied().map(Some).chain(std::iter::once(None)).collect()
}

const SEXES: [Option<Sex>; 3] = [None, Some(Sex::Female), Some(Sex::Male)];

fn percent(tr: &Tr, e: &dugu_growth::prevalence::Estimate) -> String {
    if e.n == 0 {
        return "–".into();
    }
    tr.decimal(format!("{:.1} % ({:.1}–{:.1}) n={}", e.percent, e.ci_low, e.ci_high, e.n))
}

async fn load_prevalence(ctx: &Ctx, id: &str) -> Result<(dugu_growth::prevalence::Prevalence, String), Response> {
    let Some(me) = ctx.me() else { return Err(fail_status(ctx, axum::http::StatusCode::UNAUTHORIZED)) };
    let (st, who, loc) = (ctx.state.clone(), me.principal.clone(), id.to_string());
    let loaded = blocking(move || -> Result<_, StoreError> {
        let latest = st.store.latest_measurements(&who, &loc)?;
        let location = st.store.location(&loc)?.map(|l| format!("{} ({})", l.name, l.code)).unwrap_or_default();
        Ok((latest, location))
    })
    .await;
    let (latest, location) = crate::pages::loaded(ctx, loaded)?;
    Ok((crate::growth::prevalence(&latest, crate::today()), location))
}

/// `GET /locations/{id}/prevalence`: stunting, underweight and wasting by
/// WHO age group and sex, with 95 % intervals.
pub async fn prevalence(ctx: Ctx, Path(id): Path<String>) -> Response {
    let (p, location) = match load_prevalence(&ctx, &id).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let tables = crate::growth::PREVALENCE_INDICATORS
        .iter()
        .map(|(indicator, key)| {
            let rows = groups()
                .into_iter()
                .map(|g| {
                    let label = g.map_or_else(
                        || ctx.tr.get("prevalence-all-ages"),
                        |g| format!("{} {}", g.label().trim_end_matches(" mo"), ctx.tr.get("prevalence-months")),
                    );
                    let cells = SEXES
                        .iter()
                        .flat_map(|x| {
                            let c = p.counts(g, *x, *indicator);
                            [percent(&ctx.tr, &c.below_2()), percent(&ctx.tr, &c.below_3())]
                        })
                        .collect();
                    (label, cells)
                })
                .collect();
            (ctx.tr.get(key), rows)
        })
        .collect();
    render(&super::templates::PrevalencePage {
        l: layout(&ctx.tr, Some(&me.clone()), ctx.tr.get("prevalence-title"), false),
        location,
        csv: format!("/locations/{id}/prevalence.csv"),
        tables,
    })
}

/// `GET /locations/{id}/prevalence.csv`: the same figures, one row per
/// indicator × age group × sex × threshold (counts only: no child).
pub async fn prevalence_csv(ctx: Ctx, Path(id): Path<String>) -> Response {
    let (p, _) = match load_prevalence(&ctx, &id).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut out = String::from("indicator,age_group,sex,threshold,n,count,percent,ci_low,ci_high\n");
    let num = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
    for f in crate::growth::prevalence_figures(&p) {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\n",
            f.indicator,
            f.age_group,
            f.sex,
            f.threshold,
            f.n,
            f.count,
            num(f.percent),
            num(f.ci_low),
            num(f.ci_high)
        ));
    }
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (axum::http::header::CONTENT_DISPOSITION, "attachment; filename=\"prevalence.csv\""),
        ],
        out,
    )
        .into_response()
}
