//! A child's medical section on its page: visits, the vaccination card and
//! the forms; overdue and upcoming doses go on the to-do list.

use super::pages::view;
use super::templates::{DoseRow, MedicalView};
use crate::i18n::Tr;
use crate::pages::forms::Forms;
use crate::people::person::{Loaded, Page, PersonSection, Reader, Section, ToDo};
use crate::templates::Layout;
use askama::Template;
use dugu_domain::FieldGroup;
use dugu_storage::Person;

/// The medical section (`#medical`).
pub const MEDICAL: PersonSection = PersonSection { id: "medical", load };

#[derive(Template)]
#[template(path = "medical/person_medical.html")]
struct MedicalHtml<'a> {
    l: &'a Layout,
    p: &'a Person,
    today: &'a str,
    forms: &'a Forms,
    mv: &'a MedicalView,
}

fn load(r: &Reader<'_>) -> Loaded {
    let p = r.person;
    let visits = r.store.medical_visits_of(r.who, &p.id)?;
    let card = r.store.vaccination_card(r.who, &p.id, p.birth_date, crate::today())?;
    let role = r.role;
    let full = role.reads(FieldGroup::Medical);
    let shown = view(r.tr, visits, card, full, role.reads(FieldGroup::Protection), role.writes(FieldGroup::Medical));
    let Some(mut mv) = shown else { return Ok(None) };
    mv.struck = crate::corrections::struck_in(r.store, r.who, r.tr, &p.id, "medical")?;
    Ok(Some(Box::new(mv) as Box<dyn Section>))
}

impl Section for MedicalView {
    fn render(&self, page: &Page<'_>) -> askama::Result<String> {
        MedicalHtml { l: page.l, p: page.p, today: page.today, forms: page.forms, mv: self }.render()
    }

    fn to_do(&self, tr: &Tr, _: &Person) -> Vec<ToDo> {
        let on = |d: &DoseRow| tr.day_plain(d.due_on);
        let due = |d: &DoseRow, what: String| ToDo { rank: 0, text: format!("{} — {what} ({})", d.vaccine, on(d)) };
        let mut out: Vec<ToDo> =
            self.doses.iter().filter(|d| d.overdue).map(|d| due(d, tr.get("dose-overdue"))).collect();
        out.extend(self.doses.iter().filter(|d| d.upcoming).map(|d| due(d, tr.get("dose-upcoming"))));
        out
    }
}
