//! A child's care on its page: admission, placements, siblings,
//! follow-ups after leaving, and the forms of those who handle care.

use super::pages::care_view;
use super::templates::CareView;
use crate::i18n::Tr;
use crate::pages::forms::Forms;
use crate::people::person::{Loaded, Page, PersonSection, Reader, Section, ToDo};
use crate::templates::{Choice, Layout};
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
    let (transfer_villages, transfer_houses) =
        if cv.can_change && r.role.manages_village() { transfer_choices(r)? } else { (Vec::new(), Vec::new()) };
    Ok(Some(Box::new(CareView { village, struck, transfer_villages, transfer_houses, ..cv }) as Box<dyn Section>))
}

/// The other villages in the reader's scope, and their houses labelled
/// with their village: where a village director may transfer the child.
fn transfer_choices(r: &Reader<'_>) -> Result<(Vec<Choice>, Vec<Choice>), dugu_storage::StoreError> {
    let mut villages = Vec::new();
    let mut houses = Vec::new();
    for v in r.store.villages_in_scope(r.who)? {
        if v.location_id == r.person.location_id {
            continue;
        }
        for h in r.store.houses(r.who, &v.location_id)? {
            let label = format!("{} — {} ({}/{})", v.name, h.name, h.occupancy, h.capacity);
            houses.push(Choice { id: h.id, label });
        }
        villages.push(Choice { id: v.location_id, label: v.name });
    }
    Ok((villages, houses))
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
            return vec![tr.arg("person-summary-left-care", "date", &crate::format::day_plain(tr, *left))];
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
