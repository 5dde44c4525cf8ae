//! The medical section of a child's page: visits (in full for nurses and
//! directors, dates only for social workers), the vaccination card with
//! overdue and upcoming doses computed from due dates, and the forms.

use super::templates::{DoseRow, MedicalView};
use crate::i18n::Tr;
use crate::pages::filters::{child_selects, page_link, select};
use crate::pages::forms::{Forms, Saved};
use crate::pages::{csrf_rejected, fail, fail_status};
use crate::people::person::after_form;
use crate::session::{Ctx, blocking};
use crate::templates::Choice;
use axum::Form;
use axum::extract::{Path, Query};
use axum::response::Response;
use dugu_domain::vaccine::DoseState;
use dugu_storage::{Dose, MedicalVisit, StoreError, VisitInput};
use serde::{Deserialize, Serialize};

use crate::today;

/// Doses due within this many days are "upcoming".
const UPCOMING_DAYS: i64 = 30;

/// The section, or `None` for roles that see nothing of it.
pub fn view(
    tr: &Tr,
    visits: Vec<MedicalVisit>,
    card: Vec<Dose>,
    full: bool,
    sees_dates: bool,
    can_write: bool,
) -> Option<MedicalView> {
    if !full && !sees_dates {
        return None;
    }
    let now = today();
    let soon = now + time::Duration::days(UPCOMING_DAYS);
    let doses: Vec<DoseRow> = card
        .iter()
        .map(|d| {
            // The store's state, by the rule the overdue list applies too.
            let upcoming = d.state == DoseState::NotYetDue && d.due_on <= soon;
            let status = match (d.state, d.given_on) {
                (DoseState::Given, Some(g)) => format!("{} {}", tr.get("dose-given"), tr.day_plain(g)),
                (DoseState::NotYetDue, _) if upcoming => tr.get("dose-upcoming"),
                (DoseState::NotYetDue, _) => String::new(),
                (state, _) => tr.code("dose", state.code()),
            };
            DoseRow {
                vaccine: crate::format::vaccine_name(tr, &d.code, &d.vaccine),
                due_on: d.due_on,
                status,
                overdue: d.state == DoseState::Overdue,
                record_id: d.record_id.clone(),
                upcoming,
            }
        })
        .collect();
    let choices = card
        .iter()
        .filter(|d| !matches!(d.state, DoseState::Given | DoseState::GivenUndated))
        .map(|d| Choice {
            id: d.code.clone(),
            label: format!("{} ({})", crate::format::vaccine_name(tr, &d.code, &d.vaccine), tr.day_plain(d.due_on)),
        })
        .collect();
    Some(MedicalView {
        struck: Vec::new(),
        visits,
        full,
        overdue: doses.iter().filter(|d| d.overdue).count(),
        doses,
        can_write,
        choices,
    })
}

/// The visit form.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct VisitForm {
    csrf: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    visited_on: String,
    reason: String,
    diagnosis: String,
    treatment: String,
    referral: String,
}

/// `POST /people/{id}/medical-visits`.
pub async fn record(ctx: Ctx, Path(id): Path<String>, Form(form): Form<VisitForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who, pid, typed) = (ctx.state.clone(), me.principal.clone(), id.clone(), Forms::typed(&form));
    let input = VisitInput {
        visited_on: form.visited_on,
        reason: form.reason,
        diagnosis: form.diagnosis,
        treatment: form.treatment,
        referral: form.referral,
    };
    let done = blocking(move || st.store.record_medical_visit(&who, &pid, input, today()).map(|_| ())).await;
    after_form(ctx, id, done, Saved::MedicalVisit, "medical-visit", typed).await
}

/// The dose form.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct DoseForm {
    csrf: String,
    dose: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    given_on: String,
}

/// `POST /people/{id}/vaccinations`.
pub async fn vaccinate(ctx: Ctx, Path(id): Path<String>, Form(form): Form<DoseForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who, pid, typed) = (ctx.state.clone(), me.principal.clone(), id.clone(), Forms::typed(&form));
    let done = blocking(move || st.store.vaccinate(&who, &pid, &form.dose, &form.given_on, today())).await;
    after_form(ctx, id, done, Saved::Dose, "dose", typed).await
}

/// Children shown per page of the overdue list.
const OVERDUE_PAGE: usize = 50;

/// `?page=N&sex=&age_group=&status=` (status: a dose code).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OverdueQuery {
    page: usize,
    sex: String,
    age_group: String,
    status: String,
}

/// `GET /locations/{id}/vaccinations`: children behind on the schedule,
/// the most behind first.
pub async fn overdue(ctx: Ctx, Path(id): Path<String>, Query(q): Query<OverdueQuery>) -> Response {
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let me = me.clone();
    let (st, who, loc) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let loaded = blocking(move || -> Result<_, StoreError> {
        let rows = st.store.overdue_vaccinations(&who, &loc, today())?;
        let schedule = st.store.vaccine_schedule()?;
        let location = st.store.location(&loc)?.map(|l| format!("{} ({})", l.name, l.code)).unwrap_or_default();
        Ok((rows, schedule, location))
    })
    .await;
    let (rows, schedule, location) = match loaded {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let (rows, errors) = match crate::lists::narrow_overdue(rows, &schedule, &q.sex, &q.age_group, &q.status) {
        Ok(r) => (r, dugu_domain::Invalid::new()),
        Err(inv) => (Vec::new(), inv),
    };
    let tr = &ctx.tr;
    let [sex, age] = child_selects(tr, &q.sex, &q.age_group);
    let doses = schedule
        .iter()
        .filter(|d| d.active)
        .map(|d| (d.code.clone(), crate::format::vaccine_name(tr, &d.code, &d.vaccine)));
    let filters = vec![sex, age, select(tr, "status", doses, &q.status)];
    let total = rows.len();
    let skip = q.page.saturating_mul(OVERDUE_PAGE).min(total);
    let mut shown: Vec<_> = rows.into_iter().skip(skip).take(OVERDUE_PAGE).collect();
    // The list names doses as the card does, never by their codes.
    for child in &mut shown {
        for code in &mut child.overdue {
            if let Some(d) = schedule.iter().find(|d| &d.code == code) {
                *code = crate::format::vaccine_name(tr, &d.code, &d.vaccine);
            }
        }
    }
    let (st, who, ids) = (ctx.state.clone(), me.principal.clone(), shown.iter().map(|c| c.person_id.clone()).collect());
    let context = id.clone();
    match blocking(move || st.store.audit_shown(&who, "overdue_vaccinations", &context, ids)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    }
    let kept = [("sex", q.sex.as_str()), ("age_group", q.age_group.as_str()), ("status", q.status.as_str())];
    let kept: &[(&str, &str)] = if errors.is_empty() { &kept } else { &[] };
    let base = format!("/locations/{id}/vaccinations");
    let link = |p: usize| page_link(&base, kept, p);
    let has_errors = !errors.is_empty();
    crate::pages::render_checked(
        &super::templates::OverduePage {
            l: crate::pages::layout(tr, Some(&me), tr.get("overdue-title"), has_errors),
            action: base.clone(),
            location,
            count: tr.arg("people-count", "count", &total.to_string()),
            filters,
            errors,
            rows: shown,
            prev: (q.page > 0).then(|| link(q.page - 1)),
            next: (skip + OVERDUE_PAGE < total).then(|| link(q.page + 1)),
        },
        has_errors,
    )
}

#[cfg(test)]
mod tests {
    use crate::format::vaccine_name;
    use crate::i18n::{I18n, Lang, Tr};

    #[test]
    fn vaccines_are_named_in_english_and_in_the_schedules_own_words_in_french() {
        let i18n = I18n::new().expect("messages");
        let en = Tr::new(i18n.clone(), Lang::En);
        let fr = Tr::new(i18n, Lang::Fr);
        assert_eq!(vaccine_name(&en, "yf", "Fièvre jaune"), "Yellow fever");
        assert_eq!(vaccine_name(&fr, "yf", "Fièvre jaune (VAA)"), "Fièvre jaune (VAA)");
        assert_eq!(vaccine_name(&en, "hpv1", "HPV 1"), "HPV 1", "a dose added later keeps its name");
    }
}
