//! A child's care on its page: admission, placements, siblings,
//! follow-ups after leaving, and the forms of those who handle care.

use super::pages::care_view;
use super::templates::CareView;
use crate::i18n::Tr;
use crate::pages::forms::Forms;
use crate::people::person::{Loaded, Page, PersonSection, Reader, Section, ToDo};
use crate::templates::Layout;
use askama::Template;
use dugu_storage::Person;

/// The care section (`#care`).
pub const CARE: PersonSection = PersonSection { id: "care", load };

#[derive(Template)]
#[template(path = "villages/person_care.html")]
struct CareHtml<'a> {
    l: &'a Layout,
    p: &'a Person,
    today: &'a str,
    forms: &'a Forms,
    cv: &'a CareView,
}

fn load(r: &Reader<'_>) -> Loaded {
    let care = r.store.care_of(r.who, &r.person.id)?;
    let houses = r.store.houses(r.who, &r.person.location_id)?;
    let Some(mut cv) = care_view(r.tr, r.person, care, &houses, r.role.handles_care()) else { return Ok(None) };
    cv.struck = crate::corrections::struck_in(r.store, r.who, r.tr, &r.person.id, "care")?;
    Ok(Some(Box::new(cv) as Box<dyn Section>))
}

impl Section for CareView {
    fn render(&self, page: &Page<'_>) -> askama::Result<String> {
        CareHtml { l: page.l, p: page.p, today: page.today, forms: page.forms, cv: self }.render()
    }

    fn to_do(&self, tr: &Tr, _: &Person) -> Vec<ToDo> {
        match self.care.as_ref().is_some_and(|c| c.siblings_split) {
            true => vec![ToDo { rank: 2, text: tr.get("care-siblings-split") }],
            false => Vec::new(),
        }
    }
}
