//! What people see of sync on pages: on the hub, `/sites` — every site,
//! its place, enrolment, last contact, what waits for it, its conflicts
//! and refused ops, and a form creating a site whose one-time code is
//! shown once; on a site, `/sync/refused` — the changes made here that
//! the hub refused, each with its reason in words.

use crate::conflicts::values;
use crate::i18n::Tr;
use crate::pages::{csrf_rejected, fail, fail_status, layout, location_choices, render_checked};
use crate::session::{Ctx, blocking};
use crate::templates::{Choice, Layout};
use askama::Template;
use axum::Form;
use axum::extract::Query;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::{EntityKind, Problem};
use dugu_storage::{Refusal, SiteRow, StoreError};
use dugu_sync::RefusalReason;

/// A refusal's reason in words: each [`RefusalReason`] has its message
/// (`sync-refused-{code}`, every one checked by `i18n_keys`); any other
/// code (from a newer hub) is said generically.
pub fn reason(tr: &Tr, code: &str) -> String {
    match RefusalReason::parse(code) {
        Some(known) => tr.code("sync-refused", known.code()),
        None => tr.get("sync-refused-other"),
    }
}

/// One site, in words.
pub struct SiteLine {
    pub place: String,
    /// Enrolled on…, or waiting for enrolment (with the code's expiry).
    pub enrolment: String,
    pub enrolled: bool,
    pub last_contact: String,
    pub pending: String,
    pub conflicts: u64,
    pub refused: u64,
}

/// A site just created: its code, said once.
pub struct NewCode {
    pub place: String,
    pub code: String,
    /// What to type on the site's laptop.
    pub command: String,
}

#[derive(Template)]
#[template(path = "sites/sites.html")]
pub struct SitesPage {
    pub l: Layout,
    pub sites: Vec<SiteLine>,
    /// Administrators create sites; the national director reads the list.
    pub can_create: bool,
    pub locations: Vec<Choice>,
    pub chosen: String,
    pub error: Option<String>,
    pub created: Option<NewCode>,
    /// The page was opened again after the code was shown.
    pub code_gone: bool,
}

/// The creation form.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub struct SiteForm {
    pub csrf: String,
    pub location_id: String,
}

/// `?created=`: the draft holding the code just made.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub struct Created {
    pub created: String,
}

/// Where the draft of a new site's code belongs.
const CODE_DRAFT: &str = "/sites";

fn site_line(tr: &Tr, s: &SiteRow) -> SiteLine {
    let instant = |ms: Option<i64>| ms.map_or_else(|| tr.get("sites-never"), |t| crate::format::instant_html(tr, t));
    SiteLine {
        place: format!("{} — {} ({})", s.location_name, tr.code("kind", &s.location_kind), s.location_code),
        enrolment: match (s.retired_at, s.enrolled_at, s.code_expires_at) {
            (Some(at), _, _) => tr.arg("sites-retired", "when", &crate::format::instant_html(tr, at)),
            (None, Some(at), _) => tr.arg("sites-enrolled", "when", &crate::format::instant_html(tr, at)),
            (None, None, Some(until)) => tr.arg("sites-waiting-until", "when", &crate::format::instant_html(tr, until)),
            (None, None, None) => tr.get("sites-waiting-expired"),
        },
        enrolled: s.enrolled_at.is_some() && s.retired_at.is_none(),
        last_contact: instant(s.last_contact),
        // An upper bound, said as one, except when nothing waits.
        pending: if s.pending_at_most == 0 {
            tr.whole(0)
        } else {
            tr.arg("sites-pending-at-most", "count", &tr.whole(s.pending_at_most as i64))
        },
        conflicts: s.conflicts,
        refused: s.refused,
    }
}

/// `GET /sites`.
pub async fn list(ctx: Ctx, Query(q): Query<Created>) -> Response {
    let mut created = None;
    let mut code_gone = false;
    if !q.created.is_empty()
        && let Some(me) = ctx.me()
    {
        let now = ctx.state.clock.now();
        match ctx.state.drafts.take(&q.created, &me.session.token_hash, now, CODE_DRAFT) {
            crate::pages::drafts::Taken::Fresh(kept) => {
                if let [place, code, hub] = kept.as_slice() {
                    created = Some(NewCode {
                        place: place.clone(),
                        code: code.clone(),
                        // `--code=`: a code may begin with "-", which would be read as a flag.
                        command: format!("dugu enrol --data DIR --hub {hub} --code={code}"),
                    });
                }
            }
            crate::pages::drafts::Taken::Already => code_gone = true,
            crate::pages::drafts::Taken::Unknown => {}
        }
    }
    page(&ctx, created, code_gone, String::new(), None).await
}

async fn page(ctx: &Ctx, created: Option<NewCode>, code_gone: bool, chosen: String, error: Option<String>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let sites = match blocking(move || st.store.sites_overview(&who)).await {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return fail(ctx, e),
        Err(s) => return fail_status(ctx, s),
    };
    let can_create = me.user.role.administers();
    let locations = if can_create {
        match location_choices(ctx, &me, false).await {
            Ok(l) => l,
            Err(e) => return fail(ctx, e),
        }
    } else {
        Vec::new()
    };
    let refused = error.is_some();
    let mut answer = render_checked(
        &SitesPage {
            l: layout(&ctx.tr, Some(&me), ctx.tr.get("sites-title"), refused),
            sites: sites.iter().map(|s| site_line(&ctx.tr, s)).collect(),
            can_create,
            locations,
            chosen,
            error,
            created,
            code_gone,
        },
        refused,
    );
    // The code is on this answer only: nothing may keep it.
    answer.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    answer
}

/// `POST /sites`: creates a site (as `POST /api/v1/sites`), then shows its
/// code once, on a GET reached by a redirect (the code waits in the
/// session's drafts, taken by the first showing).
pub async fn create(ctx: Ctx, Form(form): Form<SiteForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let location = form.location_id.trim().to_string();
    if location.is_empty() {
        let why =
            format!("{}{} {}", ctx.tr.code("field", "location_id"), ctx.tr.colon(), ctx.tr.problem(&Problem::Required));
        return page(&ctx, None, false, location, Some(why)).await;
    }
    let code = crate::auth::enrolment_code();
    let hash = crate::auth::token_hash(&code);
    let (st, who, loc) = (ctx.state.clone(), me.principal.clone(), location.clone());
    let done = blocking(move || -> Result<_, StoreError> {
        st.store.create_site(&who, &loc, &hash)?;
        Ok(st.store.location(&loc)?.map(|l| l.name).unwrap_or_default())
    })
    .await;
    match done {
        Ok(Ok(place)) => {
            let scheme = if ctx.state.config.secure_cookies { "https" } else { "http" };
            let host = ctx.headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("HUB");
            let hub = format!("{scheme}://{host}");
            let draft = ctx.state.drafts.keep(
                &me.session.token_hash,
                ctx.state.clock.now(),
                CODE_DRAFT,
                vec![place, code, hub],
            );
            Redirect::to(&format!("/sites?created={draft}#new-site")).into_response()
        }
        Ok(Err(StoreError::Invalid(inv))) => {
            let problem = inv.of("location_id").unwrap_or(Problem::Unknown);
            let why = format!("{}{} {}", ctx.tr.code("field", "location_id"), ctx.tr.colon(), ctx.tr.problem(&problem));
            page(&ctx, None, false, location, Some(why)).await
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// A refused change, in words.
pub struct RefusedLine {
    pub record: String,
    pub href: Option<String>,
    pub field: String,
    pub reason: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "sites/refused.html")]
pub struct RefusedPage {
    pub l: Layout,
    pub items: Vec<RefusedLine>,
}

/// `GET /sync/refused`: the changes made at this site that the hub
/// refused, on records in the reader's scope.
pub async fn refused(ctx: Ctx) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let loaded = blocking(move || -> Result<_, StoreError> {
        let list = st.store.refused_changes(&who)?;
        let people: Vec<String> = list.iter().filter_map(|r| r.person_id.clone()).collect();
        let households: Vec<String> =
            list.iter().filter(|r| r.person_id.is_none()).filter_map(|r| r.household_id.clone()).collect();
        let names = if people.is_empty() { Default::default() } else { st.store.names_of(&who, &people)? };
        let numbers =
            if households.is_empty() { Default::default() } else { st.store.record_numbers_of(&who, &households)? };
        Ok((list, names, numbers))
    })
    .await;
    let (list, names, numbers) = match loaded {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let tr = &ctx.tr;
    let items = list
        .iter()
        .map(|r: &Refusal| RefusedLine {
            record: match (&r.person_id, &r.household_id) {
                (Some(p), _) => names.get(p).map(|(n, name)| format!("{n} {name}")),
                (None, Some(h)) => numbers.get(h).cloned(),
                _ => None,
            }
            .unwrap_or_else(|| tr.label("record", &r.entity_type)),
            href: match (&r.person_id, &r.household_id) {
                (Some(p), _) => Some(format!("/people/{p}")),
                (None, Some(h)) => Some(format!("/households/{h}")),
                _ => None,
            },
            field: match &r.field {
                Some(f) => values::label(tr, f),
                None => match EntityKind::parse(&r.entity_type) {
                    Some(_) => tr.label("record", &r.entity_type),
                    None => tr.get("conflict-field-record"),
                },
            },
            reason: reason(tr, &r.reason),
            when: crate::format::instant_html(tr, r.at),
        })
        .collect();
    render_checked(&RefusedPage { l: layout(tr, Some(&me), tr.get("sync-refused-title"), false), items }, false)
}
