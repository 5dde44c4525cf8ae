//! Children's Villages pages: a village at a glance (houses, occupancy,
//! children by age and sex, this year's admissions and leavings), setting
//! up a house, and on a child's page its time in care with the forms to
//! admit, move and discharge.

use super::templates::{CareView, HouseView, VillagePage};
use crate::i18n::Tr;
use crate::pages::forms::{Forms, Saved};
use crate::pages::{csrf_rejected, fail, fail_status, layout, render_checked};
use crate::people::pick::{self, Chosen};
use crate::session::{Ctx, blocking};
use crate::templates::Choice;
use axum::Form;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::people_filter::AgeGroup;
use dugu_domain::village::AdmissionReason;
use dugu_domain::{Invalid, Problem, Sex};
use dugu_storage::{AdmissionInput, Care, House, HouseInput, Person, StoreError, TransferInput};
use serde::{Deserialize, Serialize};

use crate::today;

fn age_years(birth: Option<time::Date>, on: time::Date) -> Option<i64> {
    birth.map(|b| dugu_domain::people_filter::age_years(b, on))
}

/// `GET /locations/{id}/village`.
pub async fn show(ctx: Ctx, Path(id): Path<String>) -> Response {
    show_with(ctx, id, Forms::default()).await
}

/// The village page, with its house or group form refused (422).
pub(crate) async fn show_with(ctx: Ctx, id: String, forms: Forms) -> Response {
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let me = me.clone();
    let (st, who, loc) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let loaded = blocking(move || -> Result<_, StoreError> {
        let v = st.store.village(&who, &loc, today().year())?;
        let location = st.store.location(&loc)?.map(|l| format!("{} ({})", l.name, l.code)).unwrap_or_default();
        let groups = st.store.groups(&who, &loc)?;
        Ok((v, location, groups))
    })
    .await;
    let (v, location, groups) = match loaded {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let houses = v
        .houses
        .iter()
        .map(|h| HouseView {
            name: h.name.clone(),
            parent: h.sos_parent_name.clone().unwrap_or_else(|| "–".into()),
            occupancy: h.occupancy,
            capacity: h.capacity,
            over: h.occupancy > h.capacity,
            children: v
                .residents
                .iter()
                .filter(|r| r.house_id == h.id)
                .map(|r| Choice { id: r.person_id.clone(), label: r.name.clone() })
                .collect(),
        })
        .collect();
    let now = today();
    let by_age = AgeGroup::ALL
        .into_iter()
        .map(|group| {
            let count = |sex: Sex| {
                v.residents
                    .iter()
                    .filter(|r| r.sex == sex && age_years(r.birth_date, now).and_then(AgeGroup::of) == Some(group))
                    .count()
            };
            (ctx.tr.code("age-group", group.code()), count(Sex::Female), count(Sex::Male))
        })
        .collect();
    let left = v
        .left_this_year
        .iter()
        // Named in the plural when there were several ("Transferts 2").
        .map(|(by, n)| {
            let code = by.code();
            (ctx.tr.arg(&format!("left-count-{code}"), "count", &n.to_string()), *n)
        })
        .collect();
    let refused = forms.any_refused();
    let page = VillagePage {
        l: layout(&ctx.tr, Some(&me), ctx.tr.get("village-title"), refused),
        location,
        location_id: id,
        houses,
        by_age,
        admitted: v.admitted_this_year,
        left,
        can_manage: me.user.role.manages_village(),
        forms,
        groups,
    };
    render_checked(&page, refused)
}

/// The house form.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct HouseForm {
    csrf: String,
    location_id: String,
    name: String,
    capacity: String,
    /// A name or a record number; `sos_parent_pick` is the person chosen
    /// among the matches of a name.
    sos_parent: String,
    sos_parent_pick: String,
    find: String,
    step: String,
}

/// `POST /houses`: a new family house (the SOS parent by name or record
/// number).
pub async fn create_house(ctx: Ctx, Form(form): Form<HouseForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let typed_values = Forms::typed(&form);
    let location = form.location_id.clone();
    let step = pick::Step {
        field: "sos_parent",
        label: ctx.tr.get("field-sos_parent"),
        action: "/houses".into(),
        back: format!("/locations/{location}/village"),
        kept: vec![
            ("location_id", form.location_id.clone()),
            ("name", form.name.clone()),
            ("capacity", form.capacity.clone()),
        ],
        in_care: false,
    };
    let typed =
        pick::Typed { text: &form.sos_parent, chosen: &form.sos_parent_pick, find: &form.find, step: &form.step };
    let parent = match pick::person(&ctx, typed, step).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let done = blocking(move || -> Result<House, StoreError> {
        let mut inv = Invalid::new();
        let capacity = match form.capacity.trim() {
            "" => None,
            t => match t.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    inv.add("capacity", Problem::Malformed);
                    None
                }
            },
        };
        let sos_parent_id = match parent {
            Chosen::Nobody => String::new(),
            Chosen::Person(id) => id,
            Chosen::Unknown | Chosen::NotInCare => {
                inv.add("sos_parent", Problem::Unknown);
                String::new()
            }
        };
        inv.into_result()?;
        st.store
            .create_house(&who, HouseInput { location_id: form.location_id, name: form.name, capacity, sos_parent_id })
    })
    .await;
    match done {
        Ok(Ok(_)) => Redirect::to(&format!("/locations/{location}/village")).into_response(),
        Ok(Err(StoreError::Invalid(inv))) => show_with(ctx, location, Forms::refused("house", inv, typed_values)).await,
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// The care section of a child's page.
pub fn care_view(tr: &Tr, p: &Person, care: Option<Care>, houses: &[House], handles_care: bool) -> Option<CareView> {
    let child = age_years(p.birth_date, today()).is_none_or(|a| a < 18);
    if care.is_none() && !(handles_care && child && !houses.is_empty()) {
        return None;
    }
    let in_care = care.as_ref().is_some_and(|c| c.left_on.is_none());
    let can_follow_up = handles_care && care.as_ref().is_some_and(|c| c.left_on.is_some());
    let current =
        care.as_ref().and_then(|c| c.placements.iter().find(|pl| pl.to_date.is_none()).map(|pl| pl.house_id.clone()));
    Some(CareView {
        struck: Vec::new(),
        reason: care.as_ref().and_then(|c| c.reason).map(|r| tr.code("reason", r.code())),
        leaving: care.as_ref().and_then(|c| c.leaving_reason).map(|r| tr.code("leaving", r.code())),
        care,
        can_admit: handles_care && !in_care && child && !houses.is_empty(),
        can_change: handles_care && in_care,
        can_follow_up,
        houses: houses
            .iter()
            .filter(|h| current.as_deref() != Some(h.id.as_str()))
            .map(|h| Choice { id: h.id.clone(), label: format!("{} ({}/{})", h.name, h.occupancy, h.capacity) })
            .collect(),
        reasons: AdmissionReason::ALL
            .iter()
            .map(|r| Choice { id: r.code().into(), label: tr.code("reason", r.code()) })
            .collect(),
        village: None,
        transfer_villages: Vec::new(),
        transfer_houses: Vec::new(),
    })
}

/// The admission form.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct AdmissionForm {
    csrf: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    admitted_on: String,
    reason: String,
    referred_by: String,
    house_id: String,
    /// A name or a record number; `sibling_pick` is the person chosen
    /// among the matches of a name.
    sibling: String,
    sibling_pick: String,
    /// Ticked once the house was found full: the director places the child
    /// there anyway.
    confirm_over_capacity: Option<String>,
    find: String,
    step: String,
}

/// `POST /people/{id}/admission`.
pub async fn admit(ctx: Ctx, Path(id): Path<String>, Form(form): Form<AdmissionForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let mut typed_values = Forms::typed(&form);
    let step = pick::Step {
        field: "sibling",
        label: ctx.tr.get("field-sibling"),
        // Back to the form on the child's page, not to its top.
        action: format!("/people/{id}/admission#form-admission"),
        back: format!("/people/{id}#care"),
        kept: vec![
            ("admitted_on", form.admitted_on.clone()),
            ("reason", form.reason.clone()),
            ("referred_by", form.referred_by.clone()),
            ("house_id", form.house_id.clone()),
            ("confirm_over_capacity", form.confirm_over_capacity.clone().unwrap_or_default()),
        ],
        in_care: true,
    };
    let typed = pick::Typed { text: &form.sibling, chosen: &form.sibling_pick, find: &form.find, step: &form.step };
    let sibling = match pick::person(&ctx, typed, step).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    // A refused form keeps the person chosen (id, and as the reader saw
    // them), not only the name typed, which would ask to choose again.
    if let Chosen::Person(chosen) = &sibling {
        let (st, who, ids) = (ctx.state.clone(), me.principal.clone(), vec![chosen.clone()]);
        let shown = match blocking(move || st.store.names_of(&who, &ids)).await {
            Ok(Ok(names)) => names.into_values().next().map(|(number, name)| format!("{name} ({number})")),
            Ok(Err(e)) => return fail(&ctx, e),
            Err(s) => return fail_status(&ctx, s),
        };
        typed_values.retain(|(k, _)| k != "sibling_pick");
        typed_values.push(("sibling_pick".into(), chosen.clone()));
        typed_values.push(("sibling_shown".into(), shown.unwrap_or_default()));
    }
    let (st, who, pid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let done = blocking(move || -> Result<String, StoreError> {
        // A sibling the field could not take is one problem among the
        // form's others: the command reports it with every other one.
        let (sibling_id, sibling_not_taken) = match sibling {
            Chosen::Nobody => (String::new(), None),
            Chosen::Person(s) => (s, None),
            Chosen::Unknown => (String::new(), Some(Problem::Unknown)),
            Chosen::NotInCare => (String::new(), Some(Problem::NotInCare)),
        };
        let input = AdmissionInput {
            admitted_on: form.admitted_on,
            reason: form.reason,
            referred_by: form.referred_by,
            house_id: form.house_id,
            sibling_id,
            sibling_not_taken,
            confirm_over_capacity: form.confirm_over_capacity.is_some_and(|c| !c.is_empty()),
        };
        st.store.admit(&who, &pid, input, today())
    })
    .await;
    after_change(ctx, id, done.map(|r| r.map(|_| ())), Saved::Admission, "admission", typed_values).await
}

/// The move form.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct MoveForm {
    csrf: String,
    house_id: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    from_date: String,
    /// Ticked once the house was found full.
    confirm_over_capacity: Option<String>,
}

/// `POST /people/{id}/placements`.
pub async fn place(ctx: Ctx, Path(id): Path<String>, Form(form): Form<MoveForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who, pid, typed) = (ctx.state.clone(), me.principal.clone(), id.clone(), Forms::typed(&form));
    let confirmed = form.confirm_over_capacity.as_ref().is_some_and(|c| !c.is_empty());
    let done =
        blocking(move || st.store.move_child(&who, &pid, &form.house_id, &form.from_date, confirmed, today())).await;
    after_change(ctx, id, done, Saved::Placement, "move", typed).await
}

/// The transfer form: the receiving village, a house there (optional),
/// the day.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct TransferForm {
    csrf: String,
    location_id: String,
    house_id: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    transferred_on: String,
}

/// `POST /people/{id}/transfer`: one command — the placement ends, the
/// child's place becomes the receiving village, a placement there opens.
pub async fn transfer(ctx: Ctx, Path(id): Path<String>, Form(form): Form<TransferForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who, pid, typed) = (ctx.state.clone(), me.principal.clone(), id.clone(), Forms::typed(&form));
    let input =
        TransferInput { location_id: form.location_id, house_id: form.house_id, transferred_on: form.transferred_on };
    let done = blocking(move || st.store.transfer_child(&who, &pid, input, today())).await;
    after_change(ctx, id, done, Saved::Transfer, "transfer", typed).await
}

/// Back to the child's page: at the care section saying what was saved,
/// or at the refused form, open, with what was typed.
async fn after_change(
    ctx: Ctx,
    id: String,
    done: Result<Result<(), StoreError>, axum::http::StatusCode>,
    what: Saved,
    form: &'static str,
    typed: Vec<(String, String)>,
) -> Response {
    crate::people::person::after_form(ctx, id, done, what, form, typed).await
}

/// The follow-up form.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct FollowUpForm {
    csrf: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    visited_on: String,
    notes: String,
}

/// `POST /people/{id}/follow-ups`.
pub async fn follow_up(ctx: Ctx, Path(id): Path<String>, Form(form): Form<FollowUpForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, axum::http::StatusCode::UNAUTHORIZED) };
    let (st, who, pid, typed) = (ctx.state.clone(), me.principal.clone(), id.clone(), Forms::typed(&form));
    let done = blocking(move || st.store.follow_up(&who, &pid, &form.visited_on, &form.notes, today())).await;
    after_change(ctx, id, done, Saved::FollowUp, "follow-up", typed).await
}
