//! The desk's page: find a household (its card's text, typed or read by a
//! USB barcode reader, which types it; or a name or record number), see
//! its entitlements for the cycles open today, hand one over to its head
//! or an alternate, and read the receipt — or, for one already handed
//! over, when, where, by whom and to which collector.

use super::cards::Scanned;
use crate::i18n::Tr;
use crate::pages::{csrf_rejected, fail, fail_status, layout, render};
use crate::session::{Ctx, blocking};
use crate::templates::Layout;
use crate::today;
use askama::Template;
use axum::Form;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use dugu_storage::{DeskHousehold, FirstReceipt, ReceiptInput, Served, StoreError};
use serde::Deserialize;

/// `?q=` (what was typed or scanned) or `?household=` (one chosen).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeskQuery {
    q: String,
    household: String,
}

/// A hand-over from the page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ServeForm {
    csrf: String,
    household: String,
    entitlement_id: String,
    collector: String,
    client_uuid: String,
    override_reason: String,
}

/// A household found by name.
pub struct Hit {
    pub id: String,
    pub label: String,
}

/// One entitlement's line.
pub struct Line {
    pub id: String,
    pub what: String,
    pub site: String,
    /// « déjà servi le … » when it was handed over.
    pub served: Option<String>,
    /// A fresh client UUID for its hand-over form: a form sent twice
    /// (a double click, a reload) is one receipt.
    pub client_uuid: String,
}

/// A collector to choose.
pub struct Collector {
    pub id: String,
    pub label: String,
}

/// The household at the desk.
pub struct AtDesk {
    pub id: String,
    pub title: String,
    pub replaced: Option<String>,
    /// « le même ménage que … »: a supervisor's decision; nothing is
    /// handed over to this registration.
    pub duplicate_of: Option<String>,
    /// « peut-être le même ménage que … », not yet decided.
    pub likely: Option<String>,
    /// The reader hands over here (the forms are shown).
    pub serves: bool,
    pub collectors: Vec<Collector>,
    pub lines: Vec<Line>,
}

#[derive(Template)]
#[template(path = "relief/desk/desk.html")]
pub struct DeskPage {
    pub l: Layout,
    pub q: String,
    pub hits: Vec<Hit>,
    pub searched: bool,
    pub household: Option<AtDesk>,
    pub notice: Option<String>,
    pub refusal: Option<String>,
    /// A supervisor sees the way to the conflicting receipts.
    pub supervisor: bool,
}

/// When a receipt was made: the day the reader's way (03/12/2026), then
/// the time (UTC, what a Malian clock shows).
pub(crate) fn when(tr: &Tr, first: &FirstReceipt) -> String {
    match (first.at.get(..10), first.at.get(11..16)) {
        (Some(day), Some(time)) => format!("{} {time}", tr.date_plain(day)),
        _ => first.at.clone(),
    }
}

/// When, where, by whom and to whom a receipt was handed over (UTC).
fn receipt_args(tr: &Tr, first: &FirstReceipt, key: &str) -> String {
    let at = when(tr, first);
    let collector = match first.collector.as_str() {
        "head" => tr.get("relief-desk-collector-head"),
        _ => tr.get("relief-desk-collector-alternate"),
    };
    let number = receipt_number(&first.id, first.number.as_deref());
    tr.args(
        key,
        &[
            ("at", at.as_str()),
            ("site", &first.site),
            ("user", &first.user),
            ("collector", &collector),
            ("receipt", &number),
        ],
    )
}

/// « déjà servi le 2026-08-04 10:42 à Socoura par A. Traoré, collecteur :
/// suppléant ».
pub fn already_served(tr: &Tr, first: &FirstReceipt) -> String {
    receipt_args(tr, first, "relief-desk-already-served")
}

/// « servi le 2026-08-04 10:42 à Socoura par A. Traoré, collecteur :
/// suppléant ».
pub fn served_on(tr: &Tr, receipt: &FirstReceipt) -> String {
    receipt_args(tr, receipt, "relief-desk-served-on")
}

/// A receipt as the desk says it: its number (`MOP-SEV-R000042`, the
/// site's code and a per-site counter, read over the phone); a receipt
/// made before receipts were numbered, by the end of its id (its random
/// part), as the desk said it then.
pub(crate) fn receipt_number(id: &str, number: Option<&str>) -> String {
    match number {
        Some(n) => n.to_string(),
        None => {
            let hex: String = id.chars().filter(char::is_ascii_hexdigit).collect();
            hex[hex.len().saturating_sub(8)..].to_uppercase()
        }
    }
}

fn at_desk(tr: &Tr, h: DeskHousehold, may_serve: bool) -> AtDesk {
    let collectors = h
        .collectors
        .iter()
        .map(|c| Collector {
            id: c.person_id.clone(),
            label: match c.role.as_str() {
                "head" => tr.arg("relief-desk-as-head", "name", &c.name),
                _ => tr.arg("relief-desk-as-alternate", "name", &c.name),
            },
        })
        .collect();
    let lines = h
        .entitlements
        .iter()
        .map(|e| Line {
            id: e.id.clone(),
            what: format!(
                "{} — {} {} {}{}",
                e.cycle,
                e.item,
                tr.whole(e.quantity),
                e.unit,
                if e.carried { format!(" ({})", tr.get("relief-desk-carried")) } else { String::new() }
            ),
            site: e.site.clone(),
            served: e.served.as_ref().map(|f| already_served(tr, f)),
            client_uuid: dugu_storage::new_id(),
        })
        .collect();
    AtDesk {
        id: h.household_id.clone(),
        title: format!("{} — {}", h.name, h.record_number),
        replaced: h.card_replaced_on.map(|d| tr.arg("relief-desk-card-replaced", "date", &tr.day_plain(d))),
        serves: may_serve && h.duplicate_of.is_none(),
        duplicate_of: h.duplicate_of.as_ref().map(|n| match n {
            Some(number) => tr.arg("relief-desk-duplicate-of", "number", number),
            None => tr.get("relief-desk-duplicate-elsewhere"),
        }),
        likely: if !h.likely_same_as.is_empty() {
            Some(tr.arg("relief-desk-likely-same", "numbers", &h.likely_same_as.join(", ")))
        } else {
            h.likely_elsewhere.then(|| tr.get("relief-desk-likely-elsewhere"))
        },
        collectors,
        lines,
    }
}

async fn page(ctx: &Ctx, q: String, household: String, notice: Option<String>, refusal: Option<String>) -> Response {
    let Some(me) = ctx.me() else { return fail_status(ctx, StatusCode::UNAUTHORIZED) };
    let me = me.clone();
    if !me.user.role.reads(dugu_domain::FieldGroup::Relief) {
        return fail_status(ctx, StatusCode::FORBIDDEN);
    }
    let (st, who, query) = (ctx.state.clone(), me.principal.clone(), q.trim().to_string());
    #[allow(clippy::type_complexity)]
    let found =
        blocking(move || -> Result<(Vec<Hit>, Option<DeskHousehold>, Option<Result<(), String>>), StoreError> {
            let mut hits = Vec::new();
            let mut chosen = (!household.is_empty()).then_some(household);
            let mut card_refusal = None;
            if chosen.is_none() && !query.is_empty() {
                match super::cards::read_card(&*st.store, &who, &query)? {
                    Some(Scanned::Household(id)) => chosen = Some(id),
                    Some(Scanned::Replaced(on)) => card_refusal = Some(Err(on)),
                    Some(Scanned::Invalid) => card_refusal = Some(Ok(())),
                    None => {}
                }
            }
            if chosen.is_none() && card_refusal.is_none() && !query.is_empty() {
                // The number printed on the card (the household's, or a
                // member's), then names; only households registered for
                // relief, which are the desk's.
                chosen = st.store.household_by_record_number(&who, &query)?;
                if chosen.is_none()
                    && let Some(person) = st.store.person_by_record_number(&who, &query)?
                {
                    for (id, ..) in st.store.households_of(&who, &person)? {
                        if st.store.desk_household(&who, &id, today())?.is_some() {
                            chosen = Some(id);
                            break;
                        }
                    }
                }
            }
            if chosen.is_none() && card_refusal.is_none() && !query.is_empty() {
                let (rows, _) = st.store.search_households(&who, &query, None, None, 40, 0)?;
                // One read for the page of hits, not one per hit.
                let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
                let relief = st.store.relief_registered(&who, &ids)?;
                let registered: Vec<_> = rows.into_iter().filter(|r| relief.contains(&r.0)).collect();
                if let [(id, _, _, _)] = registered.as_slice() {
                    chosen = Some(id.clone());
                } else {
                    hits = registered
                        .into_iter()
                        .map(|(id, number, name, _)| Hit { id, label: format!("{name} — {number}") })
                        .collect();
                }
            }
            let desk = match chosen {
                Some(id) => {
                    st.store.view_household(&who, &id)?;
                    st.store.desk_household(&who, &id, today())?
                }
                None => None,
            };
            Ok((hits, desk, card_refusal))
        })
        .await;
    let (hits, desk, card_refusal) = match found {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return fail(ctx, e),
        Err(s) => return fail_status(ctx, s),
    };
    // A card refused says why, in place of a search.
    let refusal = match card_refusal {
        Some(Err(on)) => Some(ctx.tr.arg("relief-desk-card-replaced", "date", &ctx.tr.date_plain(&on))),
        Some(Ok(())) => Some(ctx.tr.get("relief-desk-card-invalid")),
        None => refusal,
    };
    let searched = !q.trim().is_empty() && refusal.is_none();
    let role = me.user.role;
    let serves = role.writes_people() && role.may(dugu_domain::Action::DistributeRelief);
    render(&DeskPage {
        l: layout(&ctx.tr, Some(&me), ctx.tr.get("relief-desk-title"), refusal.is_some()),
        q,
        hits,
        searched,
        household: desk.map(|h| at_desk(&ctx.tr, h, serves)),
        notice,
        refusal,
        supervisor: me.user.role.may(dugu_domain::Action::SuperviseRelief),
    })
}

/// `GET /relief/desk`.
pub async fn desk(ctx: Ctx, Query(q): Query<DeskQuery>) -> Response {
    page(&ctx, q.q, q.household, None, None).await
}

/// `POST /relief/desk/serve`: hands an entitlement over, then shows the
/// household again with the receipt, or why it was refused.
pub async fn serve(ctx: Ctx, Form(form): Form<ServeForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, StatusCode::UNAUTHORIZED) };
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let input = ReceiptInput {
        entitlement_id: form.entitlement_id,
        collector: form.collector,
        client_uuid: form.client_uuid,
        site_id: None,
        override_reason: Some(form.override_reason),
    };
    let now = time::OffsetDateTime::now_utc();
    let tr = &ctx.tr;
    let (notice, refusal) = match blocking(move || st.store.serve_relief(&who, input, now)).await {
        Ok(Ok(Served::New(r))) => {
            (Some(tr.arg("relief-desk-served", "receipt", &receipt_number(&r.id, r.number.as_deref()))), None)
        }
        Ok(Ok(Served::Replayed(r))) => {
            (Some(tr.arg("relief-desk-replayed", "receipt", &receipt_number(&r.id, r.number.as_deref()))), None)
        }
        Ok(Ok(Served::AlreadyServed(first))) => (None, Some(already_served(tr, &first))),
        Ok(Err(StoreError::Invalid(inv))) => {
            let why = inv
                .0
                .iter()
                .map(|e| format!("{}{} {}", tr.code("field", &e.field), tr.colon(), tr.problem(&e.problem)))
                .collect::<Vec<_>>()
                .join(" ");
            (None, Some(why))
        }
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    page(&ctx, String::new(), form.household, notice, refusal).await
}

/// `?household=ID` (repeated): the households whose cards to print.
fn households_asked(query: Option<&str>) -> Vec<String> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .filter(|(k, v)| k == "household" && !v.is_empty())
        .map(|(_, v)| v.into_owned())
        .take(400)
        .collect()
}

/// `GET /relief/desk/cards.pdf?household=…`: a sheet of the households'
/// current cards to print (each view audited, as the household's page).
pub async fn cards_pdf(ctx: Ctx, axum::extract::RawQuery(query): axum::extract::RawQuery) -> Response {
    let Some(me) = ctx.me() else { return fail_status(&ctx, StatusCode::UNAUTHORIZED) };
    if !me.user.role.reads(dugu_domain::FieldGroup::Relief) {
        return fail_status(&ctx, StatusCode::FORBIDDEN);
    }
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let asked = households_asked(query.as_deref());
    let printed = blocking(move || {
        asked
            .iter()
            .map(|id| {
                st.store.view_household(&who, id)?;
                super::cards::card_of(&*st.store, &who, id)
            })
            .collect::<Result<Vec<_>, StoreError>>()
    })
    .await;
    let cards = match crate::pages::loaded(&ctx, printed) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let pdf =
        super::cards::sheet(&cards, &ctx.tr.get("relief-desk-card-title"), &ctx.tr.get("relief-desk-card-serial"));
    let mut answer = Response::new(axum::body::Body::from(pdf));
    let headers = answer.headers_mut();
    headers.insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static("application/pdf"));
    headers.insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    answer
}

/// The card replacement form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CardForm {
    csrf: String,
    household: String,
}

/// `POST /relief/desk/card`: replaces the household's card; the page
/// again, saying the old one is refused from now on.
pub async fn replace_card(ctx: Ctx, Form(form): Form<CardForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else { return fail_status(&ctx, StatusCode::UNAUTHORIZED) };
    let (st, who, id) = (ctx.state.clone(), me.principal.clone(), form.household.clone());
    match blocking(move || st.store.replace_relief_card(&who, &id, today())).await {
        Ok(Ok(serial)) => {
            let notice = ctx.tr.arg("relief-desk-card-new", "serial", &serial.to_string());
            page(&ctx, String::new(), form.household, Some(notice), None).await
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// `GET /static/relief-desk.js`: the optional camera (never required).
pub async fn script() -> Response {
    use axum::response::IntoResponse as _;
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../../static/relief-desk.js"),
    )
        .into_response()
}
