//! What the pages people use share — the frame, rendering, failures as
//! pages, the form token, list filters, proof of identity (`reauth`). Every action is a
//! link or a form post that works without JavaScript; each capability's
//! own pages live in its folder.

pub mod confirm;
pub mod drafts;
pub mod filters;
pub mod forms;
pub mod reauth;

use crate::i18n::Tr;
use crate::session::{Ctx, Current, language};
use crate::state::AppState;
use crate::templates::{Choice, Layout, MessagePage, NavLink, NavUser};
use askama::Template;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use dugu_storage::StoreError;

/// The frame of a page for the caller.
pub fn layout(tr: &Tr, current: Option<&Current>, title: String, has_errors: bool) -> Layout {
    Layout {
        tr: tr.clone(),
        title,
        user: current.filter(|c| !c.pending_second_factor()).map(|c| NavUser {
            name: c.user.display_name.clone(),
            people: c.user.role.reads_people(),
            audit: c.user.role.reads_audit(),
            admin: c.user.role.administers(),
            approver: c.user.role.approves_privileges(),
            conflicts: c.user.role.reads_people() && c.user.role.writes_people(),
            relief: c.user.role.reads(dugu_domain::FieldGroup::Relief),
            sites: c.user.role.administers() || c.user.role.approves_privileges(),
            // One village: its page; several: the list of them on the home page.
            village: match c.villages.as_slice() {
                [] => None,
                [one] => Some((format!("/locations/{}/village", one.location_id), tr.get("nav-village"))),
                _ => Some(("/#villages".into(), tr.get("nav-villages"))),
            }
            .map(|(href, label)| NavLink { href, label }),
        }),
        csrf: current.map(|c| c.session.csrf_token.clone()).unwrap_or_default(),
        has_errors,
    }
}

/// Renders a template as an HTML response.
pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error.cause = %e, "template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Renders a page whose input may have been refused: then it answers 422
/// (the page names the fields; a list lists nobody).
pub fn render_checked(t: &impl Template, refused: bool) -> Response {
    let mut response = render(t);
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    response
}

/// A short page for a status (404, 403, 500…) in the caller's language.
pub fn status_page(state: &AppState, current: Option<&Current>, headers: &HeaderMap, status: StatusCode) -> Response {
    let tr = Tr::new(state.i18n.clone(), language(current, headers));
    let key = match status {
        StatusCode::NOT_FOUND => "not-found",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::TOO_MANY_REQUESTS => "too-many",
        _ => "internal",
    };
    let page = MessagePage {
        l: layout(&tr, current, tr.get(&format!("status-{key}-title")), false),
        text: tr.get(&format!("status-{key}-text")),
    };
    (status, render(&page)).into_response()
}

/// A store failure as a page (validation errors are handled by each form).
pub fn fail(ctx: &Ctx, e: StoreError) -> Response {
    let status = match e {
        StoreError::NotFound => StatusCode::NOT_FOUND,
        StoreError::Forbidden => StatusCode::FORBIDDEN,
        other => {
            tracing::error!(error.cause = %other, "page failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    status_page(&ctx.state, ctx.current.as_ref(), &ctx.headers, status)
}

/// The failure, as a page, of store work run with `blocking` (logged by
/// `fail`, or by `blocking` for a task that failed); `None` if it worked.
pub fn failure(ctx: &Ctx, outcome: Result<Result<(), StoreError>, StatusCode>) -> Option<Response> {
    match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(fail(ctx, e)),
        Err(s) => Some(fail_status(ctx, s)),
    }
}

/// What a page loaded on a blocking thread, or the page that says why it
/// could not (not found, forbidden, or a logged server error).
#[allow(clippy::result_large_err)] // the page to answer, built once, returned at once
pub fn loaded<T>(ctx: &Ctx, r: Result<Result<T, StoreError>, StatusCode>) -> Result<T, Response> {
    match r {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(fail(ctx, e)),
        Err(s) => Err(fail_status(ctx, s)),
    }
}

/// A blocking-pool failure as a page.
pub fn fail_status(ctx: &Ctx, s: StatusCode) -> Response {
    status_page(&ctx.state, ctx.current.as_ref(), &ctx.headers, s)
}

/// Checks a form's token against the session's: `Some(page)` refuses the
/// request.
pub fn csrf_rejected(ctx: &Ctx, token: &str) -> Option<Response> {
    match &ctx.current {
        Some(c) if crate::auth::same(&c.session.csrf_token, token) => None,
        _ => Some(status_page(&ctx.state, ctx.current.as_ref(), &ctx.headers, StatusCode::FORBIDDEN)),
    }
}

/// Locations in the caller's scope as choices, "Kita — cercle (KTA-KITA)"
/// (read off the async threads): a région, a cercle and a commune often
/// share a name, and only their kind tells staff which is which.
pub async fn location_choices(ctx: &Ctx, me: &Current, only_in_scope: bool) -> Result<Vec<Choice>, StoreError> {
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let all = crate::session::blocking(move || st.store.locations(&who))
        .await
        .map_err(|_| StoreError::Io("a blocking task failed".into()))??;
    Ok(all
        .into_iter()
        .filter(|l| !only_in_scope || me.principal.scope().contains(&l.id))
        .map(|l| Choice { label: format!("{} — {} ({})", l.name, ctx.tr.code("kind", &l.kind), l.code), id: l.id })
        .collect())
}

/// A birth date as HTML (print it with `|safe`): the day written the
/// reader's way (`crate::format`), or the year alone, or "about" a year,
/// each in a `<time>` element.
pub fn show_birth(tr: &Tr, date: Option<time::Date>, precision: Option<dugu_domain::birth::DatePrecision>) -> String {
    use dugu_domain::birth::DatePrecision;
    let Some(d) = date else { return "–".into() };
    let y = format!("{:04}", d.year());
    match precision {
        Some(DatePrecision::Year) => crate::format::year_html(&y),
        Some(DatePrecision::Estimated) => tr.arg("birth-estimated", "year", &crate::format::year_html(&y)),
        _ => tr.day(d),
    }
}

/// The stylesheet: small, hand-written, cached.
pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=86400")],
        include_str!("../../static/style.css"),
    )
        .into_response()
}

/// `/healthz`: the server is up, its database answers reads, and its
/// writer thread is alive with its last commit kept. A dead writer would
/// otherwise leave a server that shows pages but saves nothing.
pub async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    let writer = state.store.writer_health();
    let reads = crate::session::blocking(move || state.store.is_empty()).await;
    let ok = match reads {
        Ok(Ok(_)) => true,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "health: the database does not answer");
            false
        }
        Err(_) => false,
    };
    if !writer.alive || writer.failing {
        tracing::error!(writer.alive = writer.alive, writer.failing = writer.failing, "health: the writer is not well");
    }
    if ok && writer.alive && !writer.failing {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable").into_response()
    }
}
