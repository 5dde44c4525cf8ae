//! The registration pages: the form (checked against the programme's
//! population before saving: a household it likely is is shown, with a
//! link to open it instead, and saving then needs "register anyway"), a
//! household's relief page, and the supervisor's queue of pairs.

use super::form::{self, Posted, field_of};
use crate::pages::{csrf_rejected, fail, fail_status, layout, render, render_checked};
use crate::session::{Ctx, blocking};
use crate::templates::Layout;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::{Action, Invalid};
use dugu_storage::{DuplicatePairRow, ReliefHousehold, ReliefMember, StoreError};
use std::collections::HashMap;

/// A household the form's family likely is.
pub struct Likely {
    pub id: String,
    pub record_number: String,
    pub head: String,
    pub site: String,
    /// "4 of 5 members agree".
    pub matched: String,
    pub same_household: bool,
}

#[derive(Template)]
#[template(path = "relief/registration/register.html")]
pub struct RegisterPage {
    pub l: Layout,
    pub programmes: Vec<(String, String)>,
    pub sites: Vec<(String, String)>,
    pub posted: Posted,
    /// `(field id, "label: problem")`.
    pub errors: Vec<(String, String)>,
    pub rows: Vec<usize>,
    pub likely: Vec<Likely>,
    pub statuses: &'static [(&'static str, &'static str)],
    pub reasons: &'static [(&'static str, &'static str)],
    pub bases: &'static [(&'static str, &'static str)],
    pub editions: &'static [(&'static str, &'static str)],
    pub relationships: &'static [(&'static str, &'static str)],
    pub member_flags: &'static [(&'static str, &'static str)],
    pub household_flags: &'static [(&'static str, &'static str)],
    pub wg: &'static [(&'static str, &'static str)],
    pub answers: &'static [(&'static str, &'static str)],
    /// `(field, label key, datalist id)`.
    pub pcodes: &'static [(&'static str, &'static str, &'static str)],
    /// The posted edition's régions, `(code, label)`: the région field's
    /// suggestions.
    pub regions: Vec<(&'static str, String)>,
    /// Its régions and cercles, each région before its cercles: the
    /// other P-code fields' suggestions.
    pub places: Vec<(&'static str, String)>,
    /// The same, grouped for reading: `(région, its cercles)`, each as
    /// `code name`.
    pub known: Vec<(String, Vec<String>)>,
    /// The edition they are of, in words.
    pub known_edition: String,
    pub person_fields: &'static [(&'static str, &'static str)],
}

impl RegisterPage {
    /// The problem said beside a field.
    pub fn err(&self, field: &str) -> Option<String> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, text)| text.clone())
    }
}

const PCODES: [(&str, &str, &str); 3] = [
    ("admin1_pcode", "relief-registration-admin1", "pcode-regions"),
    ("admin_pcode", "relief-registration-admin", "pcode-places"),
    ("origin_pcode", "relief-registration-origin", "pcode-places"),
];

/// The known P-codes of the posted edition (the pre-2023 one unless
/// another is chosen): suggestions for the P-code fields — a
/// `<datalist>`, which a browser offers as the officer types, with no
/// script; a code typed by hand is read as before — and the same list
/// grouped by région to read.
#[allow(clippy::type_complexity)]
fn known_pcodes(
    tr: &crate::i18n::Tr,
    edition: &str,
) -> (Vec<(&'static str, String)>, Vec<(&'static str, String)>, Vec<(String, Vec<String>)>, String) {
    use dugu_relief::pcode::{Edition, Level, known};
    let edition = Edition::parse(edition).unwrap_or(Edition::Pre2023);
    let places = known(edition);
    let (mut regions, mut all, mut grouped) = (Vec::new(), Vec::new(), Vec::<(String, Vec<String>)>::new());
    for p in &places {
        match p.level {
            Level::Region => {
                let label = tr.arg("relief-registration-pcode-region", "name", p.name);
                regions.push((p.code, label.clone()));
                all.push((p.code, label));
                grouped.push((format!("{} {}", p.code, p.name), Vec::new()));
            }
            _ => {
                all.push((
                    p.code,
                    tr.args("relief-registration-pcode-cercle", &[("name", p.name), ("region", p.region)]),
                ));
                if let Some((_, cercles)) = grouped.last_mut() {
                    cercles.push(format!("{} {}", p.code, p.name));
                }
            }
        }
    }
    let words = form::EDITIONS.iter().find(|(c, _)| *c == edition.code()).map(|(_, k)| tr.get(k)).unwrap_or_default();
    (regions, all, grouped, words)
}

const PERSON_FIELDS: [(&str, &str); 3] =
    [("given_name", "field-given_name"), ("family_name", "field-family_name"), ("birth", "relief-registration-birth")];

async fn form_page(ctx: &Ctx, posted: Posted, invalid: Option<(Invalid, Vec<usize>)>, likely: Vec<Likely>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(ctx, StatusCode::UNAUTHORIZED);
    };
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let programmes = match blocking(move || st.store.relief_programmes(&who)).await {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => return fail(ctx, e),
        Err(s) => return fail_status(ctx, s),
    };
    let chosen = programmes.iter().find(|p| p.id == posted.value("programme_id")).or(programmes.first());
    let sites = chosen.map(|p| p.sites.clone()).unwrap_or_default();
    let refused = invalid.is_some();
    let errors = invalid
        .map(|(inv, rows)| {
            inv.0
                .iter()
                .map(|e| {
                    let field = field_of(&e.field, &rows);
                    let base = e.field.rsplit('.').next().unwrap_or(&e.field).to_owned();
                    let label = ctx.tr.get(&field_key(&base));
                    // Five rows have the same fields: say whose it is.
                    let row = field
                        .strip_prefix('p')
                        .and_then(|r| r.split('_').next())
                        .and_then(|r| r.parse::<usize>().ok())
                        .map(|r| match r {
                            0 => format!("{} – ", ctx.tr.get("relief-registration-head")),
                            n => format!("{} – ", ctx.tr.arg("relief-registration-member", "n", &n.to_string())),
                        })
                        .unwrap_or_default();
                    (field, format!("{row}{label}{} {}", ctx.tr.colon(), ctx.tr.problem(&e.problem)))
                })
                .collect()
        })
        .unwrap_or_default();
    let (regions, places, known, known_edition) = known_pcodes(&ctx.tr, posted.value("pcode_edition"));
    let page = RegisterPage {
        l: layout(&ctx.tr, Some(me), ctx.tr.get("relief-registration-title"), refused),
        programmes: programmes.iter().map(|p| (p.id.clone(), p.name.clone())).collect(),
        sites,
        posted,
        errors,
        rows: (0..form::ROWS).collect(),
        likely,
        statuses: &form::STATUSES,
        reasons: &form::REASONS,
        bases: &form::BASES,
        editions: &form::EDITIONS,
        relationships: &form::RELATIONSHIPS,
        member_flags: &form::MEMBER_FLAGS,
        household_flags: &form::HOUSEHOLD_FLAGS,
        wg: &form::WG,
        answers: &form::ANSWERS,
        pcodes: &PCODES,
        regions,
        places,
        known,
        known_edition,
        person_fields: &PERSON_FIELDS,
    };
    render_checked(&page, refused)
}

/// The label key of a field the command named: the registration's own
/// fields have theirs, a person's are the people's.
fn field_key(field: &str) -> String {
    match field {
        "wgss" => "relief-registration-wgss".into(),
        "flags" => "relief-registration-flags".into(),
        "alternate" => "relief-registration-alternate".into(),
        // An error names a field by the label the form shows it with.
        "admin1_pcode" => "relief-registration-admin1".into(),
        "admin_pcode" => "relief-registration-admin".into(),
        "origin_pcode" => "relief-registration-origin".into(),
        "pcode_edition" => "relief-registration-edition".into(),
        "reason" => "relief-registration-reason".into(),
        "arrival_date" => "relief-registration-arrival".into(),
        "status" => "relief-registration-status".into(),
        "location_id" => "relief-registration-site".into(),
        "programme_id" => "relief-registration-programme".into(),
        "birth_date" | "age_years" | "birth_date_precision" => "relief-registration-birth".into(),
        "household_flags" => "field-household_flags".into(),
        other => format!("field-{other}"),
    }
}

/// `GET /relief/registrations/new`: the form, its first site and the
/// pre-2023 edition chosen (what OCHA's 3W still uses).
pub async fn new(ctx: Ctx) -> Response {
    if !ctx.me().is_some_and(|m| m.user.role.may(Action::DistributeRelief)) {
        return fail_status(&ctx, StatusCode::FORBIDDEN);
    }
    let posted = Posted::new(vec![
        ("pcode_edition".into(), "pre2023".into()),
        ("status".into(), "idp".into()),
        ("lawful_basis".into(), "vital_interest".into()),
    ]);
    form_page(&ctx, posted, None, Vec::new()).await
}

/// `POST /relief/registrations`: checked, then compared with everyone
/// registered in the programme; a likely household stops the save once,
/// shown with a link to open it; "register anyway" saves.
pub async fn create(ctx: Ctx, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let posted = Posted::new(pairs);
    if let Some(r) = csrf_rejected(&ctx, posted.value("csrf")) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    if !me.user.role.may(Action::DistributeRelief) {
        return fail_status(&ctx, StatusCode::FORBIDDEN);
    }
    let (input, rows) = posted.input();
    let anyway = posted.value("confirm") == "anyway";
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let tr = ctx.tr.clone();
    let checked = blocking(move || -> Result<_, StoreError> {
        if !anyway {
            let found = st.store.relief_duplicates(&who, &input)?;
            let likely: Vec<_> = found.into_iter().filter(|d| d.band == "likely").collect();
            if !likely.is_empty() {
                let mut shown = Vec::new();
                for d in likely {
                    let h = st.store.relief_household(&who, &d.household_id)?;
                    let head = h.members.iter().find(|m| m.relationship == "head").or(h.members.first());
                    let matched = d.evidence["members_matched"].as_u64().unwrap_or(0).to_string();
                    let size = h.members.len().to_string();
                    shown.push(Likely {
                        id: h.id.clone(),
                        record_number: h.record_number.clone(),
                        head: head.map(|m| format!("{} {}", m.given_name, m.family_name)).unwrap_or_default(),
                        site: h.location_name.clone(),
                        matched: tr.args("relief-registration-matched", &[("matched", &matched), ("size", &size)]),
                        same_household: d.evidence["same_household"].as_bool().unwrap_or(false),
                    });
                }
                return Ok(Err(shown));
            }
        }
        Ok(Ok(st.store.register_displaced(&who, input)?))
    })
    .await;
    match checked {
        Ok(Ok(Ok(r))) => Redirect::to(&format!("/relief/households/{}?saved=1", r.household_id)).into_response(),
        Ok(Ok(Err(likely))) => form_page(&ctx, posted, None, likely).await,
        Ok(Err(StoreError::Invalid(inv))) => form_page(&ctx, posted, Some((inv, rows)), Vec::new()).await,
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

#[derive(Template)]
#[template(path = "relief/registration/household.html")]
pub struct HouseholdPage {
    pub l: Layout,
    pub h: ReliefHousehold,
    pub status: String,
    pub reason: String,
    pub edition: String,
    pub household_flags: Vec<String>,
    /// Each member, their needs in words and their birth as HTML (a
    /// year, or « vers 2019 », when that is all that is known).
    pub members: Vec<(ReliefMember, String, String)>,
    /// Each cycle's entitlements and their receipts.
    pub history: Vec<super::history::Cycle>,
    pub saved: bool,
}

fn label(tr: &crate::i18n::Tr, table: &[(&str, &str)], code: &str) -> String {
    table.iter().find(|(c, _)| *c == code).map_or_else(|| code.to_owned(), |(_, key)| tr.get(key))
}

/// `GET /relief/households/{id}`: members, displacement, card serial
/// (audited; out of scope is 404).
pub async fn household(ctx: Ctx, Path(id): Path<String>, Query(q): Query<HashMap<String, String>>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let read = blocking(move || -> Result<_, StoreError> {
        let h = st.store.relief_household(&who, &id)?;
        Ok((h, st.store.relief_history(&who, &id)?))
    });
    let (h, history) = match read.await {
        Ok(Ok(read)) => read,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let tr = &ctx.tr;
    let members = h
        .members
        .iter()
        .map(|m| {
            let mut needs: Vec<String> = m.flags.iter().map(|f| label(tr, &form::MEMBER_FLAGS, f)).collect();
            if m.disability {
                needs.push(tr.get("relief-registration-disability"));
            }
            (m.clone(), needs.join(", "), crate::pages::show_birth(tr, m.birth_date, m.birth_date_precision))
        })
        .collect();
    let page = HouseholdPage {
        l: layout(tr, Some(me), h.members.first().map(|m| m.family_name.clone()).unwrap_or_default(), false),
        status: label(tr, &form::STATUSES, &h.status),
        reason: label(tr, &form::REASONS, &h.reason),
        edition: label(tr, &form::EDITIONS, &h.pcode_edition),
        household_flags: h.household_flags.iter().map(|f| label(tr, &form::HOUSEHOLD_FLAGS, f)).collect(),
        members,
        history: super::history::cycles(tr, &history),
        saved: q.contains_key("saved"),
        h,
    };
    render(&page)
}

/// A pair as the queue shows it.
pub struct QueueRow {
    pub p: DuplicatePairRow,
    pub band: String,
    /// Each field's level, in words the supervisor reads.
    pub evidence: String,
    pub decision: Option<String>,
}

#[derive(Template)]
#[template(path = "relief/registration/queue.html")]
pub struct QueuePage {
    pub l: Layout,
    pub programme_id: String,
    pub pairs: Vec<QueueRow>,
    pub open_only: bool,
    pub decisions: &'static [(&'static str, &'static str)],
    pub error: Option<String>,
}

const DECISIONS: [(&str, &str); 4] = [
    ("same_person", "relief-registration-decision-same_person"),
    ("same_household", "relief-registration-decision-same_household"),
    ("different", "relief-registration-decision-different"),
    ("undone", "relief-registration-decision-undone"),
];

const BANDS: [(&str, &str); 2] =
    [("likely", "relief-registration-band-likely"), ("review", "relief-registration-band-review")];

/// `GET /relief/programmes/{id}/duplicates`: the pairs waiting for a
/// decision (`?all=1`: decided ones too), each with a decision form.
pub async fn queue(ctx: Ctx, Path(id): Path<String>, Query(q): Query<HashMap<String, String>>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let open_only = !q.contains_key("all");
    let (st, who, pid) = (ctx.state.clone(), me.principal.clone(), id.clone());
    let rows = match blocking(move || st.store.duplicate_queue(&who, &pid, open_only)).await {
        Ok(Ok(rows)) => rows,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let tr = &ctx.tr;
    let pairs = rows
        .into_iter()
        .map(|p| {
            let evidence = super::evidence::text(tr, &p.evidence);
            QueueRow {
                band: label(tr, &BANDS, &p.band),
                decision: p.decision.as_deref().map(|d| label(tr, &DECISIONS, d)),
                evidence,
                p,
            }
        })
        .collect();
    let page = QueuePage {
        l: layout(tr, Some(me), tr.get("relief-registration-queue"), false),
        programme_id: id,
        pairs,
        open_only,
        decisions: &DECISIONS,
        error: None,
    };
    render(&page)
}

/// `POST /relief/duplicates/{id}/decision`.
pub async fn decide(ctx: Ctx, Path(id): Path<String>, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let posted = Posted::new(pairs);
    if let Some(r) = csrf_rejected(&ctx, posted.value("csrf")) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let (decision, note) = (posted.value("decision").to_owned(), posted.value("note").to_owned());
    let programme = posted.value("programme_id").to_owned();
    match blocking(move || st.store.decide_duplicate(&who, &id, &decision, &note)).await {
        Ok(Ok(_)) => Redirect::to(&format!("/relief/programmes/{programme}/duplicates")).into_response(),
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
