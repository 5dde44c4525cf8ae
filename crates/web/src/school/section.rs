//! A child's school years on its page, and the form of those who handle
//! care.

use crate::pages::forms::Forms;
use crate::people::person::{Loaded, Page, PersonSection, Reader, Section};
use crate::templates::{Choice, Layout};
use askama::Template;
use dugu_storage::{Person, SchoolYear};

/// The schooling section (`#school`).
pub const SCHOOL: PersonSection = PersonSection { id: "school", load };

struct Schooling {
    school: Vec<SchoolYear>,
    school_results: Vec<Choice>,
    writes_school: bool,
}

#[derive(Template)]
#[template(path = "school/person_school.html")]
struct SchoolHtml<'a> {
    l: &'a Layout,
    p: &'a Person,
    school: &'a [SchoolYear],
    school_results: &'a [Choice],
    writes_school: bool,
    forms: &'a Forms,
}

fn load(r: &Reader<'_>) -> Loaded {
    let school = r.store.school_years_of(r.who, &r.person.id)?;
    let writes_school = r.role.handles_care();
    if school.is_empty() && !writes_school {
        return Ok(None);
    }
    let school_results = dugu_storage::SCHOOL_RESULTS
        .iter()
        .map(|code| Choice { id: (*code).into(), label: r.tr.code("result", code) })
        .collect();
    Ok(Some(Box::new(Schooling { school, school_results, writes_school })))
}

impl Section for Schooling {
    fn render(&self, page: &Page<'_>) -> askama::Result<String> {
        SchoolHtml {
            l: page.l,
            p: page.p,
            school: &self.school,
            school_results: &self.school_results,
            forms: page.forms,
            writes_school: self.writes_school,
        }
        .render()
    }
}
