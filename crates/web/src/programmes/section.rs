//! A person's enrolments on the person's page, and the form to enrol them
//! in a programme of the reader's scope.

use crate::pages::forms::Forms;
use crate::people::person::{Loaded, Page, PersonSection, Reader, Section};
use crate::templates::{Choice, Layout};
use askama::Template;
use dugu_storage::{Enrolment, Person};

/// The programmes section (`#programmes`).
pub const PROGRAMMES: PersonSection = PersonSection { id: "programmes", load };

struct Enrolments {
    enrolments: Vec<Enrolment>,
    /// Programmes of the reader's scope, to enrol in.
    programmes: Vec<Choice>,
    can_write: bool,
}

#[derive(Template)]
#[template(path = "programmes/person_programmes.html")]
struct ProgrammesHtml<'a> {
    l: &'a Layout,
    p: &'a Person,
    forms: &'a Forms,
    enrolments: &'a [Enrolment],
    programmes: &'a [Choice],
    can_write: bool,
}

fn load(r: &Reader<'_>) -> Loaded {
    let enrolments = r.store.enrolments_of(r.who, &r.person.id)?;
    let programmes = r
        .store
        .programmes(r.who)?
        .into_iter()
        .filter(|g| r.who.scope().contains(&g.location_id))
        .map(|g| Choice { label: format!("{} ({})", g.name, r.tr.code("programme", g.kind.code())), id: g.id })
        .collect();
    Ok(Some(Box::new(Enrolments { enrolments, programmes, can_write: r.role.writes_people() })))
}

impl Section for Enrolments {
    fn render(&self, page: &Page<'_>) -> askama::Result<String> {
        ProgrammesHtml {
            l: page.l,
            p: page.p,
            forms: page.forms,
            enrolments: &self.enrolments,
            programmes: &self.programmes,
            can_write: self.can_write,
        }
        .render()
    }
}
