//! A location's nutrition list: children with SAM or MAM now, children
//! whose weight-for-age fell by more than 1 SD, under-fives not measured
//! for 90 days (or never) — each section most urgent first, paged, and
//! narrowed by sex, WHO age group and section.

use super::templates::{NutritionPage, NutritionRow};
use crate::growth::Watch;
use crate::lists::{ChildFilter, SECTIONS};
use crate::pages::filters::{child_selects, page_link, select};
use crate::pages::{fail, fail_status, layout, render_checked};
use crate::session::{Ctx, blocking};
use axum::extract::{Path, Query};
use axum::response::Response;
use dugu_domain::Invalid;
use dugu_storage::StoreError;
use serde::Deserialize;

/// Children shown per section of a nutrition page.
const PAGE: usize = 50;

/// `?page=N&sex=&age_group=&status=`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NutritionQuery {
    page: usize,
    sex: String,
    age_group: String,
    status: String,
}

/// A child due for a measurement: measured long ago (index into the
/// latest measurements) or never (index into the never-measured).
enum Due {
    Measured(usize),
    Never(usize),
}

/// `GET /locations/{id}/nutrition`.
pub async fn show(ctx: Ctx, Path(id): Path<String>, Query(q): Query<NutritionQuery>) -> Response {
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let me = me.clone();
    let today = crate::today();
    let mut errors = Invalid::new();
    let filter = ChildFilter::parse(&q.sex, &q.age_group, &mut errors);
    let section = match q.status.trim() {
        "" => None,
        raw => errors.check("status", SECTIONS.into_iter().find(|s| *s == raw).ok_or(dugu_domain::Problem::NotAllowed)),
    };
    // With a bad filter, the page says which and lists nobody.
    let shows = |s: &str| errors.is_empty() && section.is_none_or(|x| x == s);
    let (st, who, loc) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let wants_due = shows("due");
    let loaded = blocking(move || -> Result<_, StoreError> {
        let latest = st.store.latest_measurements(&who, &loc)?;
        let never = if wants_due { st.store.never_measured(&who, &loc, today)? } else { Vec::new() };
        let location = st.store.location(&loc)?.map(|l| format!("{} ({})", l.name, l.code)).unwrap_or_default();
        Ok((latest, never, location))
    })
    .await;
    let (latest, never, location) = match loaded {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let (mut acute, mut falling, mut due) = (Vec::new(), Vec::new(), Vec::new());
    for (i, w) in crate::growth::watch(&latest, today) {
        let l = &latest[i];
        if !filter.keeps(l.sex, l.birth_date, today) {
            continue;
        }
        match w {
            // SAM, then MAM, then a status to re-assess.
            Watch::Acute { severe, zwfl, since } if shows("acute") => {
                acute.push((i, 1 + u8::from(severe), zwfl, since))
            }
            Watch::Reassess if shows("acute") => acute.push((i, 0, None, None)),
            Watch::Falling { before, now } if shows("falling") => falling.push((i, before, now)),
            Watch::Due { days } if wants_due => due.push((Due::Measured(i), days)),
            _ => {}
        }
    }
    for (j, (_, sex, born)) in never.iter().enumerate() {
        let days = (today - *born).whole_days();
        // Birth is the last time anyone saw the child's size.
        if days > crate::growth::DUE_AFTER_DAYS && filter.keeps(*sex, Some(*born), today) {
            due.push((Due::Never(j), days));
        }
    }
    // The most urgent first: SAM before MAM, then the thinnest; the
    // steepest fall; the longest without a measurement.
    acute.sort_by(|x, y| y.1.cmp(&x.1).then(x.2.unwrap_or(0.0).total_cmp(&y.2.unwrap_or(0.0))));
    falling.sort_by(|x, y| (x.2 - x.1).total_cmp(&(y.2 - y.1)));
    due.sort_by_key(|x| std::cmp::Reverse(x.1));
    let page = q.page;
    let skip = page.saturating_mul(PAGE);
    let window = |n: usize| skip.min(n)..(skip + PAGE).min(n);
    let (ra, rf, rd) = (window(acute.len()), window(falling.len()), window(due.len()));
    let id_of = |d: &Due| match d {
        Due::Measured(i) => latest[*i].person_id.clone(),
        Due::Never(j) => never[*j].0.clone(),
    };
    let shown: Vec<String> = acute[ra.clone()]
        .iter()
        .map(|x| latest[x.0].person_id.clone())
        .chain(falling[rf.clone()].iter().map(|x| latest[x.0].person_id.clone()))
        .chain(due[rd.clone()].iter().map(|x| id_of(&x.0)))
        .collect();
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let names = match blocking(move || st.store.names_of(&who, &shown)).await {
        Ok(Ok(n)) => n,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let row = |person_id: &str, date: String, detail: String| {
        let (record_number, name) = names.get(person_id).cloned().unwrap_or_default();
        NutritionRow { id: person_id.to_string(), record_number, name, date, detail }
    };
    let measured = |i: usize, detail: String| {
        row(&latest[i].person_id, dugu_domain::birth::iso_date(latest[i].measurement.date), detail)
    };
    let tr = &ctx.tr;
    let more = [acute.len(), falling.len(), due.len()].iter().any(|n| *n > skip + PAGE);
    let mut sections = Vec::new();
    if shows("acute") {
        let rows =
            acute[ra].iter().map(|(i, rank, _, since)| measured(*i, super::acute_text(tr, *rank, *since))).collect();
        sections.push(("nutrition-acute", acute.len(), rows));
    }
    if shows("falling") {
        let rows = falling[rf].iter().map(|(i, b, n)| measured(*i, tr.decimal(format!("{b:+.2} → {n:+.2}")))).collect();
        sections.push(("nutrition-falling", falling.len(), rows));
    }
    if wants_due {
        let rows = due[rd]
            .iter()
            .map(|(d, days)| match d {
                Due::Measured(i) => measured(*i, tr.arg("nutrition-days", "days", &days.to_string())),
                Due::Never(j) => row(&never[*j].0, "–".into(), tr.get("nutrition-never")),
            })
            .collect();
        sections.push(("nutrition-due", due.len(), rows));
    }
    let [sex, age] = child_selects(tr, &q.sex, &q.age_group);
    let section_choices = SECTIONS.into_iter().map(|s| (s.into(), tr.code("nutrition-section", s)));
    let filters = vec![sex, age, select(tr, "status", section_choices, &q.status)];
    let kept = [("sex", q.sex.as_str()), ("age_group", q.age_group.as_str()), ("status", q.status.as_str())];
    let kept: &[(&str, &str)] = if errors.is_empty() { &kept } else { &[] };
    let base = format!("/locations/{id}/nutrition");
    let link = |p: usize| page_link(&base, kept, p);
    let has_errors = !errors.is_empty();
    render_checked(
        &NutritionPage {
            l: layout(tr, Some(&me), tr.get("nutrition-title"), has_errors),
            action: base.clone(),
            location,
            filters,
            errors,
            sections,
            prev: (page > 0).then(|| link(page - 1)),
            next: more.then(|| link(page + 1)),
        },
        has_errors,
    )
}
