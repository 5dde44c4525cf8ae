//! `/conflicts`: the fields in conflict in the reader's scope, each value
//! with who wrote it, where and when, the ones that decide a child's
//! safety first; and, for a role that may write the field, a form that
//! keeps one of the values or a new one typed (POST-redirect-GET, through
//! `Store::resolve_conflict`: an ordinary op whose parents are all the
//! heads, audited, that syncs like any other).

use super::values;
use crate::i18n::Tr;
use crate::pages::forms::{Forms, Saved, saved};
use crate::pages::{csrf_rejected, fail, fail_status, layout, render_checked};
use crate::session::{Ctx, Current, blocking};
use crate::templates::Layout;
use askama::Template;
use axum::Form;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use dugu_domain::{EntityKind, Problem};
use dugu_storage::{Conflict, Origin, StoreError};
use serde_json::Value;
use std::collections::HashMap;

/// The record a conflict is on, as the app names it.
pub struct RecordName {
    /// "KIT-000101 Awa Sangaré", or the household's record number.
    pub text: String,
    /// Its page (with the section the field shows in).
    pub href: Option<String>,
}

/// One value kept, in words.
pub struct ValueLine {
    /// The value as sent back by the form (JSON): the choice.
    pub json: String,
    /// The value as the record's page shows it.
    pub shown: String,
    /// Whether it is the record's removal.
    pub removed: bool,
    /// Who wrote it.
    pub who: String,
    /// Where: a site's place, "this site" or "the hub".
    pub place: String,
    /// When (HTML `<time>`).
    pub when: String,
}

/// One field in conflict.
pub struct ConflictLine {
    pub id: String,
    pub safety_critical: bool,
    pub record: RecordName,
    /// What kind of record ("Person", "Placement"…).
    pub kind: String,
    pub field: String,
    pub values: Vec<ValueLine>,
    pub can_resolve: bool,
    pub typed_allowed: bool,
    /// Why the form was refused, naming the field.
    pub error: Option<String>,
    /// What was typed in the refused form.
    pub typed: String,
}

#[derive(Template)]
#[template(path = "conflicts/conflicts.html")]
pub struct ConflictsPage {
    pub l: Layout,
    pub items: Vec<ConflictLine>,
    /// What was just saved.
    pub saved: Option<String>,
    /// Whether any conflict is offered for resolution to this reader.
    pub any_form: bool,
}

/// The form of one conflict.
#[derive(Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ResolveForm {
    pub csrf: String,
    /// A kept value (JSON, as the page sent it) or `new`.
    pub choice: String,
    /// The value typed, with `new`.
    pub typed: String,
}

/// Where a record opens: a person's page at the section the field shows
/// in, a household's page.
fn href_of(c: &Conflict) -> Option<String> {
    let section = match EntityKind::parse(&c.entity_type) {
        Some(EntityKind::Admission | EntityKind::Placement | EntityKind::CareFollowUp) => "#care",
        Some(EntityKind::Measurement) => "#growth",
        Some(EntityKind::MedicalVisit | EntityKind::Vaccination | EntityKind::ExtraDose) => "#medical",
        Some(EntityKind::SchoolYear) => "#school",
        Some(EntityKind::Enrolment) => "#programmes",
        _ => "",
    };
    match (&c.person_id, &c.household_id) {
        (Some(p), _) => Some(format!("/people/{p}{section}")),
        (None, Some(h)) => Some(format!("/households/{h}")),
        _ => None,
    }
}

/// What is read for the page: the conflicts, then the names of what they
/// name — people, households, places, sites.
pub(crate) struct Loaded {
    pub conflicts: Vec<Conflict>,
    people: HashMap<String, (String, String)>,
    numbers: HashMap<String, String>,
    places: HashMap<String, String>,
    origins: HashMap<String, Origin>,
    /// This database is a site (its own device is "this site", else "the hub").
    at_site: bool,
}

/// Reads what the conflicts name, on the blocking thread that read them.
pub(crate) fn read_names(
    store: &dyn dugu_storage::Backend,
    who: &dugu_storage::Principal,
    conflicts: Vec<Conflict>,
) -> Result<Loaded, StoreError> {
    let people: Vec<String> = conflicts.iter().filter_map(|c| c.person_id.clone()).collect();
    let households: Vec<String> =
        conflicts.iter().filter(|c| c.person_id.is_none()).filter_map(|c| c.household_id.clone()).collect();
    let mut place_ids = Vec::new();
    let mut devices = Vec::new();
    for c in &conflicts {
        let kind = EntityKind::parse(&c.entity_type);
        for v in &c.values {
            place_ids.extend(kind.and_then(|k| values::place_ids(k, &c.field, &v.value)));
            devices.push(v.site.clone());
        }
    }
    Ok(Loaded {
        people: if people.is_empty() { HashMap::new() } else { store.names_of(who, &people)? },
        numbers: if households.is_empty() { HashMap::new() } else { store.record_numbers_of(who, &households)? },
        places: store.place_names(&place_ids)?,
        origins: store.origins(&devices)?,
        at_site: store.site_link()?.is_some(),
        conflicts,
    })
}

/// The conflicts in the reader's words.
pub(crate) fn lines(tr: &Tr, me: &Current, loaded: Loaded) -> Vec<ConflictLine> {
    let Loaded { conflicts, people, numbers, places, origins, at_site } = loaded;
    conflicts
        .into_iter()
        .filter_map(|c| {
            let kind = EntityKind::parse(&c.entity_type)?;
            let record = match (&c.person_id, &c.household_id) {
                (Some(p), _) => people.get(p).map(|(number, name)| format!("{number} {name}")),
                (None, Some(h)) => numbers.get(h).cloned(),
                _ => None,
            }
            .unwrap_or_else(|| tr.label("record", &c.entity_type));
            let values = c
                .values
                .iter()
                .map(|v| ValueLine {
                    json: v.value.to_string(),
                    shown: if v.removed {
                        tr.get("conflict-value-removed")
                    } else {
                        values::show(tr, kind, &c.field, &v.value, &places)
                    },
                    removed: v.removed,
                    who: v.user.clone().unwrap_or_else(|| tr.get("conflict-who-unknown")),
                    place: match origins.get(&v.site) {
                        Some(Origin::Here) if at_site => tr.get("conflict-where-this-site"),
                        Some(Origin::Here) => tr.get("conflict-where-hub"),
                        Some(Origin::Site(name)) => name.clone(),
                        None => tr.get("conflict-where-elsewhere"),
                    },
                    when: crate::format::instant_html(tr, v.at),
                })
                .collect();
            Some(ConflictLine {
                can_resolve: values::may_resolve(me.user.role, kind, &c.field),
                typed_allowed: values::typed_allowed(kind, &c.field) && !c.values.iter().any(|v| v.removed),
                record: RecordName { text: record, href: href_of(&c) },
                kind: tr.label("record", &c.entity_type),
                field: values::label(tr, &c.field),
                safety_critical: c.safety_critical,
                id: c.id,
                values,
                error: None,
                typed: String::new(),
            })
        })
        .collect()
}

/// `GET /conflicts`.
pub async fn list(ctx: Ctx) -> Response {
    let (forms, clearing) = (Forms::after(&ctx), Forms::clearing(&ctx, "/conflicts"));
    let saved = forms.saved.map(|s| ctx.tr.code("saved", s.code()));
    Forms::said(clearing, page(&ctx, saved, None).await)
}

/// The page, with one conflict's form refused: `(id, why, typed)`.
async fn page(ctx: &Ctx, saved: Option<String>, refused: Option<(String, String, String)>) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let loaded = blocking(move || -> Result<_, StoreError> {
        let list = st.store.conflicts(&who)?;
        read_names(&*st.store, &who, list)
    })
    .await;
    let loaded = match loaded {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return fail(ctx, e),
        Err(s) => return fail_status(ctx, s),
    };
    let mut items = lines(&ctx.tr, &me, loaded);
    let is_refused = refused.is_some();
    if let Some((id, why, typed)) = refused {
        for item in items.iter_mut().filter(|i| i.id == id) {
            item.error = Some(why.clone());
            item.typed = typed.clone();
        }
    }
    let any_form = items.iter().any(|i| i.can_resolve);
    render_checked(
        &ConflictsPage {
            l: layout(&ctx.tr, Some(&me), ctx.tr.get("conflicts-title"), is_refused),
            items,
            saved,
            any_form,
        },
        is_refused,
    )
}

/// `POST /conflicts/{id}`: keeps the value chosen, or the one typed.
pub async fn resolve(ctx: Ctx, Path(id): Path<String>, Form(form): Form<ResolveForm>) -> Response {
    if let Some(r) = csrf_rejected(&ctx, &form.csrf) {
        return r;
    }
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let (st, who, role) = (ctx.state.clone(), me.principal.clone(), me.user.role);
    let (conflict_id, choice, typed) = (id.clone(), form.choice.clone(), form.typed.clone());
    // The value is decided on the same thread that reads the conflict, so
    // a choice is one of the values kept now.
    let done = blocking(move || -> Result<Result<(), (String, Problem)>, StoreError> {
        let found = st.store.conflicts(&who)?.into_iter().find(|c| c.id == conflict_id);
        let Some(c) = found else { return Err(StoreError::NotFound) };
        let kind = EntityKind::parse(&c.entity_type).ok_or(StoreError::NotFound)?;
        if !values::may_resolve(role, kind, &c.field) {
            return Err(StoreError::Forbidden);
        }
        let value = if choice == "new" || (choice.is_empty() && !typed.trim().is_empty()) {
            match values::parse_typed(kind, &c.field, &typed) {
                Ok(v) => v,
                Err(p) => return Ok(Err((c.field, p))),
            }
        } else {
            let chosen: Option<Value> = serde_json::from_str(&choice).ok();
            match chosen.filter(|v| c.values.iter().any(|k| k.value == *v)) {
                Some(v) => v,
                None => return Ok(Err((c.field, Problem::Required))),
            }
        };
        match st.store.resolve_conflict(&who, &conflict_id, value) {
            Ok(()) => Ok(Ok(())),
            Err(StoreError::Invalid(_)) => Ok(Err((c.field, Problem::Malformed))),
            Err(e) => Err(e),
        }
    })
    .await;
    match done {
        Ok(Ok(Ok(()))) => saved(&ctx, "/conflicts", Saved::Resolved),
        Ok(Ok(Err((field, problem)))) => {
            // The error names the field, as a form's own error does.
            let why = format!("{}{} {}", values::label(&ctx.tr, &field), ctx.tr.colon(), ctx.tr.problem(&problem));
            page(&ctx, None, Some((id, why, form.typed))).await
        }
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}
