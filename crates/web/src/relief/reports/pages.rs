//! The programme's page (progress to its target, by sex and age, per
//! site and cycle, with a chart drawn as inline SVG: no script, no
//! external file) and its downloads: the 5W and the progress by site and
//! cycle as aggregates (counts of 1 to 4 suppressed), and beneficiary
//! lists as XLSX and PDF (names: a bulk export, so only with the password
//! given in the last 15 minutes, and audited as an export).

use super::figures::{Progress, Reached};
use super::files::{self, Cell, PdfLine};
use crate::format::birth_plain;
use crate::i18n::Tr;
use crate::pages::{fail_status, layout, loaded, render};
use crate::session::{Ctx, blocking};
use crate::templates::Layout;
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use dugu_relief::fivew::SmallCells;
use dugu_relief::sadd::{AgeBand, Sex};
use dugu_storage::{Beneficiary, BeneficiaryListOf, ReliefServed};

/// A programme on the list, with the work on it the reader's role does.
pub struct ProgrammeLink {
    pub href: String,
    pub name: String,
    /// The supervisor's: the duplicate queue and the KoBo import.
    pub queue: Option<String>,
    pub kobo: Option<String>,
}

/// The relief landing page: what the reader's role does (register, the
/// desk, cycles) above the programmes in scope; links only to work the
/// role may do, the store refusing the rest anyway.
#[derive(Template)]
#[template(path = "relief/reports/programmes.html")]
pub struct ProgrammesPage {
    pub l: Layout,
    pub programmes: Vec<ProgrammeLink>,
    /// Registers and serves (officers, supervisors, directors).
    pub distributes: bool,
    /// Sets up cycles, reviews duplicates and conflicting receipts.
    pub supervises: bool,
}

/// One bar of the chart: its label, count and width in the SVG's units.
pub struct Bar {
    pub label: String,
    pub count: String,
    pub width: u32,
    pub y: u32,
    pub female: bool,
}

/// A line of the sites' or cycles' table.
pub struct Row {
    pub name: String,
    /// The cycle's own page, for those who set cycles up.
    pub href: Option<String>,
    pub people: String,
    pub households: String,
    /// The beneficiary list of this line (XLSX, PDF).
    pub list: String,
}

#[derive(Template)]
#[template(path = "relief/reports/programme.html")]
pub struct ProgrammePage {
    pub l: Layout,
    pub people: String,
    pub households: String,
    /// "n of target", or none.
    pub of_target: Option<String>,
    /// The progress bar's width (0–300).
    pub progress_width: u32,
    pub bars: Vec<Bar>,
    pub chart_height: u32,
    pub bands: Vec<(String, String, String)>,
    pub sites: Vec<Row>,
    pub cycles: Vec<Row>,
    pub base: String,
}

/// `GET /relief/programmes`: the relief programmes in scope.
pub async fn list(ctx: Ctx) -> Response {
    if let Some(refused) = crate::relief::not_for(&ctx) {
        return refused;
    }
    let Some(me) = ctx.me().cloned() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let st = ctx.state.clone();
    let who = me.principal.clone();
    let programmes = match loaded(&ctx, blocking(move || st.store.programmes(&who)).await) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let role = me.user.role;
    let distributes = role.writes_people() && role.may(dugu_domain::Action::DistributeRelief);
    let supervises = distributes && role.may(dugu_domain::Action::SuperviseRelief);
    let programmes = programmes
        .into_iter()
        .filter(|p| p.kind == dugu_domain::programme::ProgrammeKind::EmergencyRelief)
        .map(|p| ProgrammeLink {
            href: format!("/relief/programmes/{}", p.id),
            queue: supervises.then(|| format!("/relief/programmes/{}/duplicates", p.id)),
            kobo: supervises.then(|| format!("/relief/programmes/{}/kobo", p.id)),
            name: p.name,
        })
        .collect();
    render(&ProgrammesPage {
        l: layout(&ctx.tr, Some(&me), ctx.tr.get("relief-reports-list-title"), false),
        programmes,
        distributes,
        supervises,
    })
}

async fn served(ctx: &Ctx, id: String) -> Result<ReliefServed, Response> {
    let Some(me) = ctx.me() else {
        return Err(fail_status(ctx, StatusCode::UNAUTHORIZED));
    };
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    loaded(ctx, blocking(move || st.store.relief_served(&who, &id)).await)
}

const BAR_MAX: u32 = 240;
const BAR_STEP: u32 = 22;

fn band_label(tr: &Tr, band: AgeBand) -> String {
    match band {
        AgeBand::Under5 => tr.get("relief-reports-band-0-4"),
        AgeBand::From5To11 => tr.get("relief-reports-band-5-11"),
        AgeBand::From12To17 => tr.get("relief-reports-band-12-17"),
        AgeBand::From18To59 => tr.get("relief-reports-band-18-59"),
        AgeBand::From60 => tr.get("relief-reports-band-60-plus"),
    }
}

fn chart(tr: &Tr, r: &Reached) -> (Vec<Bar>, Vec<(String, String, String)>) {
    let most =
        [Sex::Female, Sex::Male].iter().flat_map(|s| AgeBand::ALL.map(|b| r.sadd.get(*s, b))).max().unwrap_or(0).max(1);
    let mut bars = Vec::new();
    let mut bands = Vec::new();
    for (i, band) in AgeBand::ALL.into_iter().enumerate() {
        let (f, m) = (r.sadd.get(Sex::Female, band), r.sadd.get(Sex::Male, band));
        let label = band_label(tr, band);
        bands.push((label.clone(), tr.whole(f as i64), tr.whole(m as i64)));
        for (j, (n, female)) in [(f, true), (m, false)].into_iter().enumerate() {
            bars.push(Bar {
                label: label.clone(),
                count: tr.whole(n as i64),
                width: u32::try_from(n * u64::from(BAR_MAX) / most).unwrap_or(BAR_MAX),
                y: (2 * i as u32 + j as u32) * BAR_STEP + 4,
                female,
            });
        }
    }
    (bars, bands)
}

/// `GET /relief/programmes/{id}`.
pub async fn show(ctx: Ctx, Path(id): Path<String>) -> Response {
    let s = match served(&ctx, id.clone()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let tr = &ctx.tr;
    let p: Progress = super::figures::progress(&s);
    let base = format!("/relief/programmes/{id}");
    let (bars, bands) = chart(tr, &p.overall);
    let supervises = me.user.role.may(dugu_domain::Action::SuperviseRelief);
    let row = |name: &str, r: &Reached, list: String| Row {
        name: name.to_string(),
        href: None,
        people: tr.whole(r.people as i64),
        households: tr.whole(r.households as i64),
        list,
    };
    let target = p.target.filter(|t| *t > 0);
    render(&ProgrammePage {
        l: layout(tr, Some(me), s.programme.name.clone(), false),
        people: tr.whole(p.overall.people as i64),
        households: tr.whole(p.overall.households as i64),
        of_target: target.map(|t| {
            let (reached, target) = (tr.whole(p.overall.people as i64), tr.whole(t));
            tr.args("relief-reports-of-target", &[("reached", reached.as_str()), ("target", target.as_str())])
        }),
        progress_width: target.map_or(0, |t| u32::try_from((p.overall.people as i64 * 300 / t).min(300)).unwrap_or(0)),
        chart_height: AgeBand::ALL.len() as u32 * 2 * BAR_STEP + 8,
        bars,
        bands,
        sites: p
            .sites
            .iter()
            .map(|l| row(&l.name, &l.reached, format!("{base}/beneficiaries?site_id={}", l.id)))
            .collect(),
        cycles: p
            .cycles
            .iter()
            .map(|l| Row {
                href: supervises.then(|| format!("/relief/cycles/{}", l.id)),
                ..row(&l.name, &l.reached, format!("{base}/beneficiaries?cycle_id={}", l.id))
            })
            .collect(),
        base,
    })
}

/// `GET /relief/programmes/{id}/5w.csv` for the page's session (the
/// API's are for bearer tokens).
pub async fn five_w_csv(ctx: Ctx, Path(id): Path<String>) -> Response {
    five_w(ctx, id, "csv").await
}

/// `GET /relief/programmes/{id}/5w.xlsx`.
pub async fn five_w_xlsx(ctx: Ctx, Path(id): Path<String>) -> Response {
    five_w(ctx, id, "xlsx").await
}

async fn five_w(ctx: Ctx, id: String, format: &str) -> Response {
    let s = match served(&ctx, id).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let table = dugu_relief::fivew::table(&super::figures::five_w(&s, crate::today()), SmallCells::Suppressed);
    let cells: Vec<Vec<Cell>> = table.iter().map(|row| row.iter().map(|t| Cell::of(t)).collect()).collect();
    spreadsheet(&ctx, format, "5w", "5W", &cells)
}

fn spreadsheet(ctx: &Ctx, format: &str, name: &str, sheet: &str, cells: &[Vec<Cell>]) -> Response {
    match format {
        "csv" => files::download(files::CSV, &format!("{name}.csv"), files::csv(cells).into_bytes()),
        "xlsx" => match files::xlsx(sheet, cells) {
            Ok(book) => files::download(files::XLSX, &format!("{name}.xlsx"), book),
            Err(e) => {
                tracing::error!(error.cause = %e, "a workbook failed");
                fail_status(ctx, StatusCode::INTERNAL_SERVER_ERROR)
            }
        },
        _ => fail_status(ctx, StatusCode::NOT_FOUND),
    }
}

/// A count in an aggregate export: 1 to 4 become `<5`.
fn suppressed(n: u64) -> Cell {
    if (1..5).contains(&n) { Cell::Text("<5".into()) } else { Cell::Count(n) }
}

/// The progress CSV's header in the reader's language (« Personnes
/// atteintes », « Femmes et filles, 0 à 4 ans »…), the sex and age
/// columns in the order `Sadd::cells` gives their counts.
fn progress_header(tr: &Tr) -> Vec<Cell> {
    let mut header: Vec<Cell> = [
        "relief-reports-csv-part",
        "relief-reports-csv-id",
        "relief-reports-csv-name",
        "relief-reports-people",
        "relief-reports-households",
    ]
    .iter()
    .map(|k| Cell::Text(tr.get(k)))
    .collect();
    for sex in [Sex::Female, Sex::Male] {
        let sex = match sex {
            Sex::Female => tr.get("relief-reports-female"),
            Sex::Male => tr.get("relief-reports-male"),
        };
        for band in AgeBand::ALL {
            let band = band_label(tr, band);
            header.push(Cell::Text(tr.args("relief-reports-csv-band", &[("sex", sex.as_str()), ("band", &band)])));
        }
    }
    header
}

/// `GET /relief/programmes/{id}/progress.csv`: overall, by site and by
/// cycle, with sex and age, small counts suppressed; headers in the
/// reader's language (a spreadsheet opened by people, not a contract:
/// the 5W is the cluster's file, with its HXL row).
pub async fn progress_csv(ctx: Ctx, Path(id): Path<String>) -> Response {
    let s = match served(&ctx, id).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let p = super::figures::progress(&s);
    let tr = &ctx.tr;
    let mut rows = vec![progress_header(tr)];
    let mut add = |part: &str, id: &str, name: &str, r: &Reached| {
        let part = tr.get(match part {
            "programme" => "relief-reports-csv-part-programme",
            "site" => "relief-reports-csv-part-site",
            _ => "relief-reports-csv-part-cycle",
        });
        let mut row = vec![Cell::Text(part), Cell::Text(id.into()), Cell::Text(name.into())];
        row.extend([suppressed(r.people), suppressed(r.households)]);
        row.extend(r.sadd.cells().into_iter().map(|(_, n)| suppressed(n)));
        rows.push(row);
    };
    add("programme", &s.programme.id, &s.programme.name, &p.overall);
    for l in &p.sites {
        add("site", &l.id, &l.name, &l.reached);
    }
    for l in &p.cycles {
        add("cycle", &l.id, &l.name, &l.reached);
    }
    spreadsheet(&ctx, "csv", "progress", "progress", &rows)
}

/// `?cycle_id=&site_id=` of a beneficiary list.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub cycle_id: String,
    pub site_id: String,
}

#[derive(Template)]
#[template(path = "relief/reports/beneficiaries.html")]
pub struct BeneficiariesPage {
    pub l: Layout,
    /// What the list is of: the programme, and its cycle or site.
    pub of: String,
    pub xlsx: String,
    pub pdf: String,
    pub back: String,
}

/// A list's title and what it is of, in words: « Liste des bénéficiaires
/// — Cycle 1 — Site de déplacés de Sévaré », and « Mopti : Cycle 1, du
/// 01/08/2026 au 30/08/2026, les ménages qui y ont un droit… ».
fn list_words(tr: &Tr, of: &BeneficiaryListOf) -> (String, String) {
    let mut title = vec![tr.get("relief-reports-beneficiaries-title")];
    title.extend(of.cycle.as_ref().map(|c| c.name.clone()));
    title.extend(of.site.clone());
    let programme = of.programme.name.as_str();
    let intro = match (&of.cycle, &of.site) {
        (Some(c), site) => {
            let (start, end) = (tr.day_plain(c.start), tr.day_plain(c.end));
            let args = [("programme", programme), ("cycle", c.name.as_str()), ("start", &start), ("end", &end)];
            let cycle = tr.args("relief-reports-list-of-cycle", &args);
            match site {
                Some(site) => format!("{cycle} {}", tr.arg("relief-reports-list-of-at", "site", site)),
                None => cycle,
            }
        }
        (None, Some(site)) => tr.args("relief-reports-list-of-site", &[("programme", programme), ("site", site)]),
        (None, None) => tr.arg("relief-reports-list-of-all", "programme", programme),
    };
    (title.join(" — "), intro)
}

fn list_of_asked(q: &ListQuery) -> (Option<String>, Option<String>) {
    (Some(q.cycle_id.clone()).filter(|c| !c.is_empty()), Some(q.site_id.clone()).filter(|s| !s.is_empty()))
}

/// `GET /relief/programmes/{id}/beneficiaries`: the two formats of one
/// list, behind a proof of identity, saying which programme, cycle and
/// site it is of (a programme, cycle or site out of scope is 404).
pub async fn beneficiaries(ctx: Ctx, Path(id): Path<String>, Query(q): Query<ListQuery>) -> Response {
    if let Some(refused) = crate::relief::not_for(&ctx) {
        return refused;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let query = list_query(&q);
    let base = format!("/relief/programmes/{id}");
    let (st, who, (cycle, site)) = (ctx.state.clone(), me.principal.clone(), list_of_asked(&q));
    let of = match loaded(
        &ctx,
        blocking(move || st.store.relief_list_of(&who, &id, cycle.as_deref(), site.as_deref())).await,
    ) {
        Ok(of) => of,
        Err(r) => return r,
    };
    let (title, of) = list_words(&ctx.tr, &of);
    render(&BeneficiariesPage {
        l: layout(&ctx.tr, Some(me), title, false),
        of,
        xlsx: format!("{base}/beneficiaries.xlsx{query}"),
        pdf: format!("{base}/beneficiaries.pdf{query}"),
        back: base,
    })
}

fn list_query(q: &ListQuery) -> String {
    let plain = |v: &str| v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let mut parts = Vec::new();
    if !q.cycle_id.is_empty() && plain(&q.cycle_id) {
        parts.push(format!("cycle_id={}", q.cycle_id));
    }
    if !q.site_id.is_empty() && plain(&q.site_id) {
        parts.push(format!("site_id={}", q.site_id));
    }
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

/// `GET /relief/programmes/{id}/beneficiaries.xlsx`.
pub async fn beneficiaries_xlsx(ctx: Ctx, Path(id): Path<String>, Query(q): Query<ListQuery>) -> Response {
    beneficiaries_file(ctx, id, q, false).await
}

/// `GET /relief/programmes/{id}/beneficiaries.pdf`.
pub async fn beneficiaries_pdf(ctx: Ctx, Path(id): Path<String>, Query(q): Query<ListQuery>) -> Response {
    beneficiaries_file(ctx, id, q, true).await
}

async fn beneficiaries_file(ctx: Ctx, id: String, q: ListQuery, pdf: bool) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let back = format!("/relief/programmes/{id}/beneficiaries{}", list_query(&q));
    if let Some(r) = crate::pages::reauth::demand(&ctx, &back) {
        return r;
    }
    let (st, who, (cycle, site)) = (ctx.state.clone(), me.principal.clone(), list_of_asked(&q));
    let programme = id.clone();
    let read = blocking(move || -> Result<_, dugu_storage::StoreError> {
        let of = st.store.relief_list_of(&who, &programme, cycle.as_deref(), site.as_deref())?;
        Ok((of, st.store.relief_beneficiaries(&who, &programme, cycle.as_deref(), site.as_deref())?))
    });
    let (of, list) = match loaded(&ctx, read.await) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let tr = &ctx.tr;
    let (title, _) = list_words(tr, &of);
    if pdf {
        return files::download(files::PDF, "beneficiaires.pdf", files::pdf(&title, &pdf_lines(tr, &list)));
    }
    match files::xlsx_titled("beneficiaires", Some(&title), &list_rows(tr, &list)) {
        Ok(book) => files::download(files::XLSX, "beneficiaires.xlsx", book),
        Err(e) => {
            tracing::error!(error.cause = %e, "a workbook failed");
            fail_status(&ctx, StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// One row per member, the household's columns repeated (a sheet a
/// distribution team can sort and filter).
fn list_rows(tr: &Tr, list: &[Beneficiary]) -> Vec<Vec<Cell>> {
    let header = [
        "relief-reports-col-household",
        "relief-reports-col-household-name",
        "relief-reports-col-site",
        "relief-reports-col-status",
        "relief-reports-col-arrival",
        "relief-reports-col-person",
        "relief-reports-col-family-name",
        "relief-reports-col-given-name",
        "relief-reports-col-sex",
        "relief-reports-col-birth",
        "relief-reports-col-relationship",
    ];
    let mut rows = vec![header.iter().map(|k| Cell::Text(tr.get(k))).collect()];
    for b in list {
        for m in &b.members {
            rows.push(vec![
                Cell::Text(b.record_number.clone()),
                Cell::Text(b.name.clone()),
                Cell::Text(b.site_name.clone()),
                Cell::Text(status_label(tr, &b.status)),
                Cell::Text(crate::format::day_plain(tr, b.arrival_date)),
                Cell::Text(m.record_number.clone()),
                Cell::Text(m.family_name.clone()),
                Cell::Text(m.given_name.clone()),
                Cell::Text(tr.code("sex", m.sex.code())),
                Cell::Text(birth_plain(tr, m.birth_date, m.birth_date_precision)),
                Cell::Text(tr.code("relationship", &m.relationship)),
            ]);
        }
    }
    rows
}

/// A registration status in words.
fn status_label(tr: &Tr, code: &str) -> String {
    match code {
        "idp" => tr.get("relief-reports-status-idp"),
        "returnee" => tr.get("relief-reports-status-returnee"),
        "host" => tr.get("relief-reports-status-host"),
        other => other.to_string(),
    }
}

fn pdf_lines(tr: &Tr, list: &[Beneficiary]) -> Vec<PdfLine> {
    let mut lines = Vec::new();
    for b in list {
        lines.push(PdfLine {
            indent: 0.0,
            bold: true,
            text: format!(
                "{} — {} — {} — {} — {} {}",
                b.record_number,
                b.name,
                b.site_name,
                status_label(tr, &b.status),
                tr.get("relief-reports-col-arrival"),
                crate::format::day_plain(tr, b.arrival_date)
            ),
        });
        for m in &b.members {
            lines.push(PdfLine {
                indent: 16.0,
                bold: false,
                text: format!(
                    "{}  {} {}  {}  {}  {}",
                    m.record_number,
                    m.family_name,
                    m.given_name,
                    tr.code("sex", m.sex.code()),
                    birth_plain(tr, m.birth_date, m.birth_date_precision),
                    tr.code("relationship", &m.relationship)
                ),
            });
        }
    }
    if lines.is_empty() {
        lines.push(PdfLine { indent: 0.0, bold: false, text: tr.get("relief-reports-list-empty") });
    }
    lines
}
