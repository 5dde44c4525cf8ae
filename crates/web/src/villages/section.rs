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
    let house = care.as_ref().and_then(|c| c.placements.iter().find(|pl| pl.to_date.is_none()));
    let village = match house.and_then(|pl| houses.iter().find(|h| h.id == pl.house_id)) {
        Some(h) => r.store.location(&h.location_id)?.map(|l| l.name),
        None => None,
    };
    let Some(cv) = care_view(r.tr, r.person, care, &houses, r.role.handles_care()) else { return Ok(None) };
    let struck = crate::corrections::struck_in(r.store, r.who, r.tr, &r.person.id, "care")?;
    Ok(Some(Box::new(CareView { village, struck, ..cv }) as Box<dyn Section>))
}

impl Section for CareView {
    fn render(&self, page: &Page<'_>) -> askama::Result<String> {
        CareHtml { l: page.l, p: page.p, today: page.today, forms: page.forms, cv: self }.render()
    }

    /// In care, in which house and village; or the day care ended. Where a
    /// child lives is for every people reader (why it left is not).
    fn summary(&self, tr: &Tr) -> Vec<String> {
        let Some(c) = &self.care else { return Vec::new() };
        if let Some(left) = &c.left_on {
            return vec![tr.arg("person-summary-left-care", "date", &tr.date_plain(left))];
        }
        match c.placements.iter().find(|pl| pl.to_date.is_none()) {
            Some(pl) => vec![match &self.village {
                Some(v) => tr.args("person-summary-in-care", &[("house", &pl.house_name), ("village", v)]),
                None => tr.arg("person-summary-in-care-house", "house", &pl.house_name),
            }],
            None => Vec::new(),
        }
    }

    fn to_do(&self, tr: &Tr, _: &Person) -> Vec<ToDo> {
        match self.care.as_ref().is_some_and(|c| c.siblings_split) {
            true => vec![ToDo { rank: 2, text: tr.get("care-siblings-split") }],
            false => Vec::new(),
        }
    }
}
