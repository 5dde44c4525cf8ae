//! The households a person belongs to, on the person's page.

use crate::i18n::Tr;
use crate::people::person::{Loaded, Page, PersonSection, Reader, Section};
use crate::templates::Layout;
use askama::Template;
use dugu_domain::FieldGroup;
use dugu_domain::household::Relationship;

/// The households section (`#households`).
pub const HOUSEHOLDS: PersonSection = PersonSection { id: "households", load };

/// The person's households: (household id, record number, name,
/// relationship), and the family support of each that has one, for
/// protection readers only: (started, ended).
struct Memberships {
    households: Vec<(String, String, String, Relationship)>,
    support: Vec<(time::Date, Option<time::Date>)>,
}

#[derive(Template)]
#[template(path = "households/person_households.html")]
struct HouseholdsHtml<'a> {
    l: &'a Layout,
    households: &'a [(String, String, String, Relationship)],
}

fn load(r: &Reader<'_>) -> Loaded {
    let households = r.store.households_of(r.who, &r.person.id)?;
    let mut support = Vec::new();
    // Family support is protection data: others are not even asked (the
    // store would answer them nothing).
    if r.role.reads(FieldGroup::Protection) {
        for (id, ..) in &households {
            support.extend(r.store.support_of(r.who, id)?.map(|s| (s.started_on, s.ended_on)));
        }
    }
    Ok(Some(Box::new(Memberships { households, support })))
}

impl Section for Memberships {
    fn render(&self, page: &Page<'_>) -> askama::Result<String> {
        HouseholdsHtml { l: page.l, households: &self.households }.render()
    }

    /// The family's support: going on (since when) or ended (when).
    fn summary(&self, tr: &Tr) -> Vec<String> {
        self.support
            .iter()
            .map(|(since, ended)| match ended {
                Some(d) => tr.arg("person-summary-support-ended", "date", &crate::format::day_plain(tr, *d)),
                None => tr.arg("person-summary-supported", "date", &crate::format::day_plain(tr, *since)),
            })
            .collect()
    }
}
