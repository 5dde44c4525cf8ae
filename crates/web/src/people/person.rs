//! A person's page: a header, the to-do list, then one section per
//! capability that has something to show about the person. Each section
//! loads and renders itself; the page only lists them, in the order a
//! reader meets them. Every section is a `<section id=…>`, so a link may
//! point at it (`/people/{id}#care`).

use crate::i18n::Tr;
use crate::pages::{fail, fail_status, layout, render};
use crate::session::{Ctx, blocking};
use crate::templates::Layout;
use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dugu_domain::{Invalid, Role};
use dugu_storage::{Person, Principal, Store, StoreError};

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
    pub store: &'a Store,
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
    /// A form's refused input, shown by the section whose form it was.
    pub errors: &'a Invalid,
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
}

#[derive(Template)]
#[template(path = "people/person.html")]
struct PersonPage {
    l: Layout,
    p: Person,
    can_write: bool,
    todo: Vec<String>,
    /// (id, content) of each section shown.
    sections: Vec<(&'static str, String)>,
}

/// `GET /people/{id}`.
pub async fn show(ctx: Ctx, Path(id): Path<String>) -> Response {
    show_with(ctx, id, Invalid::new()).await
}

/// The page, with the refused input of a form posted from it.
pub(crate) async fn show_with(ctx: Ctx, id: String, errors: Invalid) -> Response {
    let Some(me) = ctx.me() else {
        return fail_status(&ctx, StatusCode::UNAUTHORIZED);
    };
    let me = me.clone();
    let (st, who, tr, role) = (ctx.state.clone(), me.principal.clone(), ctx.tr.clone(), me.user.role);
    let loaded = blocking(move || -> Result<_, StoreError> {
        let person = st.store.view_person(&who, &id)?;
        let reader = Reader { store: &st.store, who: &who, role, person: &person, tr: &tr };
        let mut shown = Vec::new();
        for section in SECTIONS {
            if let Some(loaded) = (section.load)(&reader)? {
                shown.push((section.id, loaded));
            }
        }
        Ok((person, shown))
    })
    .await;
    let (p, shown) = match loaded {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let mut todo: Vec<ToDo> = shown.iter().flat_map(|(_, s)| s.to_do(&ctx.tr, &p)).collect();
    todo.sort_by_key(|t| t.rank);
    let l = layout(&ctx.tr, Some(&me), format!("{} {}", p.given_name, p.family_name), !errors.is_empty());
    let today = dugu_domain::birth::iso_date(crate::today());
    let page = Page { l: &l, p: &p, today: &today, errors: &errors };
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
    render(&PersonPage {
        can_write: me.user.role.writes_people(),
        todo: todo.into_iter().map(|t| t.text).collect(),
        sections,
        l,
        p,
    })
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
