//! A person's page: a header, the to-do list, then one section per
//! capability that has something to show about the person. Each section
//! loads and renders itself; the page only lists them, in the order a
//! reader meets them. Every section is a `<section id=…>`, so a link may
//! point at it (`/people/{id}#care`).

use crate::i18n::Tr;
use crate::pages::forms::{Forms, Saved, saved};
use crate::pages::{fail, fail_status, layout, render_checked};
use crate::session::{Ctx, blocking};
use crate::templates::Layout;
use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dugu_domain::Role;
use dugu_storage::{Backend, Person, Principal, StoreError};

/// The person page's sections, top to bottom: one line per capability
/// section.
pub const SECTIONS: &[PersonSection] = &[
    super::sections::IDENTITY,
    super::sections::CONTACT,
    super::sections::MEDICAL_NOTES,
    crate::villages::section::CARE,
    crate::school::section::SCHOOL,
    crate::medical::section::MEDICAL,
    crate::growth::section::GROWTH,
    super::sections::PROTECTION_NOTES,
    crate::households::section::HOUSEHOLDS,
    crate::programmes::section::PROGRAMMES,
];

/// One section of the person page, as its capability declares it.
pub struct PersonSection {
    /// Its anchor on the page, unique among the sections.
    pub id: &'static str,
    /// Reads what the section shows (on a blocking thread): `None` when
    /// there is nothing to show to this reader.
    pub load: fn(&Reader<'_>) -> Loaded,
}

/// A section as loaded: `None` when it has nothing for this reader.
pub type Loaded = Result<Option<Box<dyn Section>>, StoreError>;

/// Who reads whose page, for a section to load itself.
pub struct Reader<'a> {
    /// The store.
    pub store: &'a dyn Backend,
    /// Who asks (the store applies its scope).
    pub who: &'a Principal,
    /// The reader's role (what the section offers to write).
    pub role: Role,
    /// The person, with the field groups the reader may not read blanked.
    pub person: &'a Person,
    /// The reader's language.
    pub tr: &'a Tr,
}

/// What a section's template is given besides its own data.
pub struct Page<'a> {
    /// The page frame (translations, form token).
    pub l: &'a Layout,
    /// The person.
    pub p: &'a Person,
    /// Today, as a form's default date.
    pub today: &'a str,
    /// The refused form (shown open, beside its fields, by the section
    /// whose form it was) or what was just saved.
    pub forms: &'a Forms,
}

/// Something due about the person, put on the to-do list at the top of
/// the page; lower `rank` first (doses, then growth, then care).
pub struct ToDo {
    /// Where it goes in the list.
    pub rank: u8,
    /// What it says.
    pub text: String,
}

/// A loaded section.
pub trait Section: Send {
    /// The section's content (inside its `<section>`).
    fn render(&self, page: &Page<'_>) -> askama::Result<String>;
    /// What this section puts on the to-do list.
    fn to_do(&self, _tr: &Tr, _p: &Person) -> Vec<ToDo> {
        Vec::new()
    }
    /// What this section adds to the summary line at the top of the page
    /// (where the child lives, the family's support), from what it loaded
    /// for this reader: nothing it may not read.
    fn summary(&self, _tr: &Tr) -> Vec<String> {
        Vec::new()
    }
}

#[derive(Template)]
#[template(path = "people/person.html")]
struct PersonPage {
    l: Layout,
    p: Person,
    can_write: bool,
    /// Sex, age and place, at a glance, then what sections add (in care
    /// where, family support).
    summary: Vec<String>,
    todo: Vec<String>,
    /// (id, content) of each section shown.
    sections: Vec<(&'static str, String)>,
    /// What was just saved, said in its section.
    saved: Option<(&'static str, String)>,
    /// Fields in conflict that decide the child's safety (at the top).
    critical: Vec<crate::conflicts::on_record::ConflictNote>,
    /// Other fields in conflict.
    conflicts: Vec<crate::conflicts::on_record::ConflictNote>,
    /// On a site: how far the changes made here have gone.
    sync: Option<Vec<String>>,
}

/// `GET /people/{id}`.
pub async fn show(ctx: Ctx, Path(id): Path<String>) -> Response {
    let (forms, clearing) = (Forms::after(&ctx), Forms::clearing(&ctx, &format!("/people/{id}")));
    Forms::said(clearing, show_with(ctx, id, forms).await)
}

/// The page, with a form posted from it refused (422) or just saved.
pub(crate) async fn show_with(ctx: Ctx, id: String, forms: Forms) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let (st, who, tr, role) = (ctx.state.clone(), me.principal.clone(), ctx.tr.clone(), me.user.role);
    let loaded = blocking(move || -> Result<_, StoreError> {
        let person = st.store.view_person(&who, &id)?;
        let reader = Reader { store: &*st.store, who: &who, role, person: &person, tr: &tr };
        let mut shown = Vec::new();
        for section in SECTIONS {
            if let Some(loaded) = (section.load)(&reader)? {
                shown.push((section.id, loaded));
            }
        }
        let place = st.store.location(&person.location_id)?.map(|l| l.name);
        let state = crate::conflicts::on_record::read_state(&*st.store, &who, &id)?;
        Ok((person, shown, place, state))
    })
    .await;
    let (p, shown, place, state) = match loaded {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let mut todo: Vec<ToDo> = shown.iter().flat_map(|(_, s)| s.to_do(&ctx.tr, &p)).collect();
    todo.sort_by_key(|t| t.rank);
    let refused = forms.any_refused();
    let l = layout(&ctx.tr, Some(&me), format!("{} {}", p.given_name, p.family_name), refused);
    let today = dugu_domain::birth::iso_date(crate::today());
    let page = Page { l: &l, p: &p, today: &today, forms: &forms };
    let mut sections = Vec::with_capacity(shown.len());
    for (id, section) in &shown {
        match section.render(&page) {
            Ok(html) => sections.push((*id, html)),
            Err(e) => {
                tracing::error!(error.cause = %e, section = id, "template failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    }
    let saved = forms.saved.map(|s| (s.anchor(), ctx.tr.code("saved", s.code())));
    let (critical, conflicts, sync) = crate::conflicts::on_record::words(&ctx.tr, &state);
    let page = PersonPage {
        critical,
        conflicts,
        sync,
        can_write: me.user.role.writes_people(),
        summary: summary(&ctx.tr, &p, place)
            .into_iter()
            .chain(shown.iter().flat_map(|(_, s)| s.summary(&ctx.tr)))
            .collect(),
        todo: todo.into_iter().map(|t| t.text).collect(),
        sections,
        saved,
        l,
        p,
    };
    render_checked(&page, refused)
}

/// The answer to a form posted from the person page: back to the page
/// at the form's section saying what was saved, or the page with the form
/// refused (open, its errors beside its fields, what was typed kept).
pub(crate) async fn after_form(
    ctx: Ctx,
    id: String,
    done: Result<Result<(), StoreError>, StatusCode>,
    what: Saved,
    form: &'static str,
    typed: Vec<(String, String)>,
) -> Response {
    match done {
        Ok(Ok(())) => saved(&ctx, &format!("/people/{id}"), what),
        Ok(Err(StoreError::Invalid(inv))) => show_with(ctx, id, Forms::refused(form, inv, typed)).await,
        Ok(Err(e)) => fail(&ctx, e),
        Err(s) => fail_status(&ctx, s),
    }
}

/// What a reader needs before scrolling: sex, age (or birth year) and
/// where the person is registered.
fn summary(tr: &Tr, p: &Person, place: Option<String>) -> Vec<String> {
    let mut out = vec![tr.code("sex", p.sex.code())];
    if let Some(born) = p.birth_date {
        let years = dugu_domain::people_filter::age_years(born, crate::today());
        out.push(tr.arg("person-age", "years", &years.to_string()));
    }
    out.extend(place);
    out
}

#[cfg(test)]
mod tests {
    use super::SECTIONS;

    #[test]
    fn every_section_has_its_own_anchor() {
        let mut ids: Vec<&str> = SECTIONS.iter().map(|s| s.id).collect();
        assert!(ids.iter().all(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')));
        assert!(!ids.contains(&"todo"), "the to-do list is the page's own");
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "two sections share an anchor");
    }
}
