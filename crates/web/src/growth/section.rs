//! A child's growth on its page (for those who read medical data): latest
//! status, charts, history and the measurement form; a measurement to take
//! again or overdue goes on the to-do list.

use super::pages::view;
use super::templates::GrowthView;
use crate::i18n::Tr;
use crate::pages::forms::Forms;
use crate::people::person::{Loaded, Page, PersonSection, Reader, Section, ToDo};
use crate::templates::Layout;
use askama::Template;
use dugu_domain::FieldGroup;
use dugu_storage::Person;

/// The growth section (`#growth`).
pub const GROWTH: PersonSection = PersonSection { id: "growth", load };

#[derive(Template)]
#[template(path = "growth/person_growth.html")]
struct GrowthHtml<'a> {
    l: &'a Layout,
    p: &'a Person,
    today: &'a str,
    forms: &'a Forms,
    g: &'a GrowthView,
}

fn load(r: &Reader<'_>) -> Loaded {
    let measurements = r.store.measurements_of(r.who, &r.person.id)?;
    let struck = r.store.struck_measurements_of(r.who, &r.person.id)?;
    let role = r.role;
    Ok(role.reads(FieldGroup::Medical).then(|| {
        let mut g = view(r.tr, r.person, &measurements, role.writes(FieldGroup::Medical));
        g.struck = struck.into_iter().map(|(m, _)| (m.id, dugu_domain::birth::iso_date(m.date))).collect();
        Box::new(g) as Box<dyn Section>
    }))
}

impl Section for GrowthView {
    fn render(&self, page: &Page<'_>) -> askama::Result<String> {
        GrowthHtml { l: page.l, p: page.p, today: page.today, forms: page.forms, g: self }.render()
    }

    fn to_do(&self, tr: &Tr, p: &Person) -> Vec<ToDo> {
        let mut out = Vec::new();
        let Some(latest) = self.latest.as_ref() else { return out };
        if latest.measure_again {
            out.push(ToDo { rank: 1, text: tr.get("growth-measure-again") });
        }
        let today = crate::today();
        let under_five = p.birth_date.is_some_and(|b| (today - b).whole_days() < 1827);
        if under_five && (today - latest.date).whole_days() > super::DUE_AFTER_DAYS {
            out.push(ToDo { rank: 1, text: format!("{} ({})", tr.get("todo-measure"), tr.day_plain(latest.date)) });
        }
        out
    }
}
