//! The households a person belongs to, on the person's page.

use crate::people::person::{Loaded, Page, PersonSection, Reader, Section};
use crate::templates::Layout;
use askama::Template;

/// The households section (`#households`).
pub const HOUSEHOLDS: PersonSection = PersonSection { id: "households", load };

/// (household id, record number, name, relationship code).
struct Memberships(Vec<(String, String, String, String)>);

#[derive(Template)]
#[template(path = "households/person_households.html")]
struct HouseholdsHtml<'a> {
    l: &'a Layout,
    households: &'a [(String, String, String, String)],
}

fn load(r: &Reader<'_>) -> Loaded {
    Ok(Some(Box::new(Memberships(r.store.households_of(r.who, &r.person.id)?))))
}

impl Section for Memberships {
    fn render(&self, page: &Page<'_>) -> askama::Result<String> {
        HouseholdsHtml { l: page.l, households: &self.0 }.render()
    }
}
