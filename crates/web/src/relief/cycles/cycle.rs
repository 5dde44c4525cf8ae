//! `/relief/cycles/{id}`: a cycle's table, rule and figures per site;
//! approve, close and generate, and the households a run left out (shown
//! once, from the session's drafts).

use super::pages::{modalities, reason_label, roundings, status_label, unit_label};
use crate::pages::drafts::Taken;
use crate::pages::{csrf_rejected, fail, fail_status, layout, loaded, render};
use crate::session::{Ctx, blocking};
use crate::templates::Layout;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::Action;
use dugu_storage::{ReliefCycle, StoreError};

/// A ration line in words.
pub struct ItemLine {
    pub item: String,
    pub amount: String,
    pub rounding: String,
    pub modality: String,
}

/// A site's figures.
pub struct SiteLine {
    pub name: String,
    pub households: i64,
    pub entitlements: i64,
    pub served: i64,
}

/// A household left out by the run just made.
pub struct Left {
    pub href: String,
    pub record_number: String,
    pub reason: String,
}

/// The run just made.
pub struct Run {
    pub generated: String,
    pub carried: String,
    pub left: Vec<Left>,
}

#[derive(Template)]
#[template(path = "relief/cycles/cycle.html")]
pub struct CyclePage {
    pub l: Layout,
    pub id: String,
    pub programme: String,
    pub dates: String,
    pub status: String,
    pub status_code: String,
    pub can_supervise: bool,
    pub items: Vec<ItemLine>,
    pub rule: Vec<String>,
    pub carry_over: bool,
    pub sites: Vec<SiteLine>,
    pub run: Option<Run>,
    pub error: Option<String>,
}

/// `?generated=`: the draft holding the run just made.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ShowQuery {
    generated: String,
}

fn action_of(id: &str) -> String {
    format!("/relief/cycles/{id}")
}

/// `GET /relief/cycles/{id}`.
pub async fn show(ctx: Ctx, Path(id): Path<String>, Query(q): Query<ShowQuery>) -> Response {
    let Some(me) = ctx.me() else { return fail_status(&ctx, StatusCode::UNAUTHORIZED) };
    let mut kept = None;
    if !q.generated.is_empty()
        && let Taken::Fresh(values) =
            ctx.state.drafts.take(&q.generated, &me.session.token_hash, ctx.state.clock.now(), &action_of(&id))
    {
        kept = Some(values);
    }
    cycle_page(&ctx, &id, kept, None).await
}

async fn cycle_page(ctx: &Ctx, id: &str, kept: Option<Vec<String>>, error: Option<String>) -> Response {
    let Some(me) = ctx.me() else { return fail_status(ctx, StatusCode::UNAUTHORIZED) };
    let me = me.clone();
    let (st, who, cid) = (ctx.state.clone(), me.principal.clone(), id.to_string());
    let left_ids: Vec<String> =
        kept.as_ref().map(|k| k.iter().skip(2).step_by(2).cloned().collect()).unwrap_or_default();
    let read = blocking(move || {
        let summary = st.store.relief_cycle(&who, &cid)?;
        let numbers = st.store.record_numbers_of(&who, &left_ids)?;
        Ok::<_, StoreError>((summary, numbers))
    });
    let (summary, numbers) = match loaded(ctx, read.await) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let tr = &ctx.tr;
    let c: &ReliefCycle = &summary.cycle;
    let items = c
        .items
        .iter()
        .map(|i| {
            let unit = unit_label(tr, &i.unit);
            let amount = match (i.per_person, i.per_household) {
                (Some(p), _) if i.cap > 0 => tr.args(
                    "relief-cycles-per-person-capped",
                    &[("amount", &tr.whole(p as i64)), ("unit", &unit), ("cap", &i.cap.to_string())],
                ),
                (Some(p), _) => {
                    tr.args("relief-cycles-per-person-amount", &[("amount", &tr.whole(p as i64)), ("unit", &unit)])
                }
                (None, h) => tr.args(
                    "relief-cycles-per-household-amount",
                    &[("amount", &tr.whole(h.unwrap_or(0) as i64)), ("unit", &unit)],
                ),
            };
            let rounding = match (i.rounding.as_str(), i.step) {
                ("", _) | (_, None) => tr.get("relief-cycles-rounding-none"),
                (direction, Some(step)) => {
                    let how = roundings(tr).into_iter().find(|(c, _)| *c == direction).map(|(_, l)| l);
                    tr.args(
                        "relief-cycles-rounding-to",
                        &[("how", &how.unwrap_or_default()), ("step", &tr.whole(step as i64)), ("unit", &unit)],
                    )
                }
            };
            let modality = modalities(tr).into_iter().find(|(m, _)| *m == i.modality).map(|(_, l)| l);
            ItemLine { item: i.item.clone(), amount, rounding, modality: modality.unwrap_or_default() }
        })
        .collect();
    let step_lines = |steps: &[dugu_storage::StepInput], key: &str| -> Vec<String> {
        let mut from = 1;
        steps
            .iter()
            .map(|s| {
                let line = tr.args(
                    key,
                    &[
                        ("from", &from.to_string()),
                        ("through", &s.through_month.to_string()),
                        ("percent", &s.percent.to_string()),
                    ],
                );
                from = s.through_month + 1;
                line
            })
            .collect()
    };
    let rule = match &c.duration_rule {
        None => vec![tr.get("relief-cycles-rule-none")],
        Some(r) => {
            let mut lines = step_lines(&r.displaced, "relief-cycles-rule-displaced");
            lines.extend(step_lines(&r.host, "relief-cycles-rule-host"));
            lines
        }
    };
    let run = kept.map(|values| {
        let count = |i: usize| values.get(i).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
        let left = values
            .iter()
            .skip(2)
            .collect::<Vec<_>>()
            .chunks(2)
            .filter_map(|pair| match pair {
                [household, reason] => Some(Left {
                    href: format!("/households/{household}"),
                    record_number: numbers.get(household.as_str()).cloned().unwrap_or_default(),
                    reason: reason_label(tr, reason),
                }),
                _ => None,
            })
            .collect();
        Run { generated: tr.whole(count(0)), carried: tr.whole(count(1)), left }
    });
    let title = c.name.clone();
    render(&CyclePage {
        l: layout(tr, Some(&me), title, error.is_some()),
        id: c.id.clone(),
        programme: summary.programme_name.clone(),
        dates: tr.args("relief-cycles-dates", &[("start", &tr.day(c.start_date)), ("end", &tr.day(c.end_date))]),
        status: status_label(tr, &c.status),
        status_code: c.status.clone(),
        can_supervise: me.user.role.may(Action::SuperviseRelief),
        items,
        rule,
        carry_over: c.carry_over,
        sites: summary
            .sites
            .iter()
            .map(|s| SiteLine {
                name: s.name.clone(),
                households: s.households,
                entitlements: s.entitlements,
                served: s.served,
            })
            .collect(),
        run,
        error,
    })
}

/// The buttons of a cycle's page.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ActForm {
    csrf: String,
    /// `approve`, `close` or `generate`.
    action: String,
}

/// `POST /relief/cycles/{id}`: approve, close or generate, then the page
/// again (a run's result kept for the next GET only).
pub async fn act(ctx: Ctx, Path(id): Path<String>, Form(form): Form<ActForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, StatusCode::UNAUTHORIZED) };
    let me = me.clone();
    let (st, who, cid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let outcome = match form.action.as_str() {
        "approve" | "close" => {
            let status = if form.action == "approve" { "approved" } else { "closed" };
            blocking(move || st.store.set_relief_cycle_status(&who, &cid, status).map(|_| None)).await
        }
        "generate" => blocking(move || st.store.generate_entitlements(&who, &cid).map(Some)).await,
        _ => return fail_status(&ctx, StatusCode::BAD_REQUEST),
    };
    match outcome {
        Ok(Ok(None)) => Redirect::to(&action_of(&id)).into_response(),
        Ok(Ok(Some(g))) => {
            let mut values = vec![g.generated.to_string(), g.carried.to_string()];
            for (household, why) in g.exceptions {
                values.extend([household, why.code().to_string()]);
            }
            let draft = ctx.state.drafts.keep(&me.session.token_hash, ctx.state.clock.now(), &action_of(&id), values);
            Redirect::to(&format!("{}?generated={draft}", action_of(&id))).into_response()
        }
        Ok(Err(StoreError::Invalid(_))) => {
            let why = ctx.tr.get("relief-cycles-not-now");
            let mut answer = cycle_page(&ctx, &id, None, Some(why)).await;
            if answer.status() == StatusCode::OK {
                *answer.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            }
            answer
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
