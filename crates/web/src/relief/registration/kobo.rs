//! The KoBo import page (supervisors): the export's households sheet and
//! roster sheet uploaded as CSV, imported all or nothing, every problem
//! said by sheet, line and column in the reader's language.

use crate::pages::{csrf_rejected, fail, fail_status, layout, render, render_checked};
use crate::session::{Ctx, blocking};
use crate::templates::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::Response;
use dugu_domain::{Action, Problem};
use dugu_storage::StoreError;
use dugu_storage::relief_registration::{ImportProblem, KoboError, csv_sheet, xlsx_sheets};

#[derive(Template)]
#[template(path = "relief/registration/kobo.html")]
pub struct KoboPage {
    pub l: Layout,
    pub programme_id: String,
    pub sites: Vec<(String, String)>,
    /// What was imported, said.
    pub done: Option<String>,
    /// `(sheet, line, column, problem)` in words.
    pub problems: Vec<(String, String, String, String)>,
}

const READER: [(&str, &str); 6] = [
    ("empty", "relief-registration-import-empty"),
    ("missing_column", "relief-registration-import-missing_column"),
    ("forbidden", "relief-registration-import-forbidden"),
    ("no_uuid", "relief-registration-import-no_uuid"),
    ("duplicate_uuid", "relief-registration-import-duplicate_uuid"),
    ("orphan", "relief-registration-import-orphan"),
];

async fn page(ctx: &Ctx, id: String, done: Option<String>, problems: Vec<ImportProblem>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(ctx, StatusCode::UNAUTHORIZED);
    };
    if !me.user.role.may(Action::SuperviseRelief) {
        return fail_status(ctx, StatusCode::FORBIDDEN);
    }
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let programmes = match blocking(move || st.store.relief_programmes(&who)).await {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => return fail(ctx, e),
        Err(s) => return fail_status(ctx, s),
    };
    let Some(programme) = programmes.into_iter().find(|p| p.id == id) else {
        return fail(ctx, StoreError::NotFound);
    };
    let tr = &ctx.tr;
    let refused = !problems.is_empty();
    let problems = problems
        .into_iter()
        .map(|p| {
            let text = match READER.iter().find(|(code, _)| *code == p.problem) {
                Some((_, key)) => tr.get(key),
                None => Problem::ALL
                    .iter()
                    .find(|x| x.code() == p.problem)
                    .map_or_else(|| p.problem.clone(), |x| tr.problem(x)),
            };
            (p.sheet, p.line.to_string(), p.column, text)
        })
        .collect();
    let page = KoboPage {
        l: layout(tr, Some(me), tr.get("relief-registration-import-title"), refused),
        programme_id: programme.id,
        sites: programme.sites,
        done,
        problems,
    };
    if refused { render_checked(&page, true) } else { render(&page) }
}

/// `GET /relief/programmes/{id}/kobo`.
pub async fn form(ctx: Ctx, Path(id): Path<String>) -> Response {
    page(&ctx, id, None, Vec::new()).await
}

/// One part of a `multipart/form-data` body: its field name and file name.
struct Part {
    name: String,
    filename: String,
    body: Vec<u8>,
}

/// The parts of a `multipart/form-data` body (RFC 7578), as much as a
/// browser sends for text fields and files.
fn parts(content_type: &str, body: &[u8]) -> Vec<Part> {
    let Some(boundary) = content_type.split(';').find_map(|p| p.trim().strip_prefix("boundary=")) else {
        return Vec::new();
    };
    let delimiter = format!("--{}", boundary.trim_matches('"'));
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(at) = find(rest, delimiter.as_bytes()) {
        rest = &rest[at + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let rest_part = rest.strip_prefix(b"\r\n").unwrap_or(rest);
        let Some(head_end) = find(rest_part, b"\r\n\r\n") else { break };
        let head = String::from_utf8_lossy(&rest_part[..head_end]).into_owned();
        let content = &rest_part[head_end + 4..];
        let end = find(content, delimiter.as_bytes()).unwrap_or(content.len());
        let value = content[..end].strip_suffix(b"\r\n").unwrap_or(&content[..end]);
        let attr = |key: &str| {
            head.split(';')
                .find_map(|p| p.trim().strip_prefix(&format!("{key}=")).map(|v| v.trim_matches('"').to_owned()))
                .unwrap_or_default()
        };
        out.push(Part { name: attr("name"), filename: attr("filename"), body: value.to_vec() });
        rest = &content[end..];
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `POST /relief/programmes/{id}/kobo`.
pub async fn upload(ctx: Ctx, Path(id): Path<String>, body: Bytes) -> Response {
    let content_type = ctx.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let parts = parts(&content_type, &body);
    let field = |name: &str| parts.iter().find(|p| p.name == name);
    let text = |name: &str| field(name).map(|p| String::from_utf8_lossy(&p.body).into_owned()).unwrap_or_default();
    if let Some(r) = csrf_rejected(&ctx, &text("csrf")) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    if !me.user.role.may(Action::SuperviseRelief) {
        return fail_status(&ctx, StatusCode::FORBIDDEN);
    }
    let mut sheets = Vec::new();
    for name in ["households", "roster"] {
        let Some(part) = field(name).filter(|p| !p.body.is_empty()) else { continue };
        // An XLSX export holds every sheet (households, then the roster).
        if part.body.starts_with(b"PK\x03\x04") {
            match xlsx_sheets(&part.body) {
                Ok(all) => sheets.extend(all),
                Err(_) => {
                    let problem = ImportProblem {
                        sheet: part.filename.clone(),
                        line: 0,
                        column: String::new(),
                        problem: Problem::Malformed.code().to_owned(),
                    };
                    return page(&ctx, id, None, vec![problem]).await;
                }
            }
            continue;
        }
        let Ok(csv) = std::str::from_utf8(&part.body) else {
            let problem = ImportProblem {
                sheet: part.filename.clone(),
                line: 0,
                column: String::new(),
                problem: Problem::Malformed.code().to_owned(),
            };
            return page(&ctx, id, None, vec![problem]).await;
        };
        let stem = part.filename.rsplit_once('.').map_or(part.filename.as_str(), |(s, _)| s);
        sheets.push(csv_sheet(stem, csv));
    }
    if sheets.is_empty() {
        let problem =
            ImportProblem { sheet: String::new(), line: 0, column: String::new(), problem: "empty".to_owned() };
        return page(&ctx, id, None, vec![problem]).await;
    }
    let (st, who, pid, site) = (ctx.state.clone(), me.principal.clone(), id.clone(), text("site"));
    let result = blocking(move || {
        let (main, roster) = sheets.split_first().map(|(m, r)| (m.clone(), r.to_vec())).unwrap_or_default();
        st.store.import_kobo(&who, &pid, &site, &main, &roster)
    })
    .await;
    match result {
        Ok(Ok(done)) => {
            let said = ctx.tr.args(
                "relief-registration-imported",
                &[
                    ("households", &done.households.to_string()),
                    ("people", &done.people.to_string()),
                    ("already", &done.already.to_string()),
                    ("skipped", &done.not_approved.to_string()),
                    ("pairs", &done.pairs.to_string()),
                ],
            );
            page(&ctx, id, Some(said), Vec::new()).await
        }
        Ok(Err(KoboError::Problems(problems))) => page(&ctx, id, None, problems).await,
        Ok(Err(KoboError::Store(e))) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
