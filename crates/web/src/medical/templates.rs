//! The medical section of a child's page, the overdue list and the vaccination schedule.
//! One struct per page, checked against its template at compile time.

use crate::templates::{Choice, FilterField, Layout};
use askama::Template;
use dugu_domain::Invalid;

/// The medical section of a child's page.
pub struct MedicalView {
    /// Struck-out records of the section, each linking its own page:
    /// `(link, day, what)`.
    pub struck: Vec<(String, String, String)>,
    /// Visits (details only when `full`).
    pub visits: Vec<dugu_storage::MedicalVisit>,
    /// The viewer reads medical data (else: dates of visits only).
    pub full: bool,
    pub doses: Vec<DoseRow>,
    /// Doses overdue.
    pub overdue: usize,
    pub can_write: bool,
    /// Doses not yet given, for the form.
    pub choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "medical/overdue.html")]
pub struct OverduePage {
    pub l: Layout,
    pub action: String,
    pub location: String,
    pub count: String,
    pub filters: Vec<FilterField>,
    pub errors: Invalid,
    pub rows: Vec<dugu_storage::OverdueChild>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// One dose on a vaccination card.
pub struct DoseRow {
    pub vaccine: String,
    pub due_on: time::Date,
    /// Given on …, overdue, upcoming, or nothing.
    pub status: String,
    pub overdue: bool,
    /// The record of it, if any (its correction page).
    pub record_id: Option<String>,
    /// Due within the coming month, not given.
    pub upcoming: bool,
}

#[derive(Template)]
#[template(path = "medical/vaccine_schedule.html")]
pub struct VaccineSchedulePage {
    pub l: Layout,
    pub doses: Vec<dugu_domain::vaccine::ScheduledDose>,
    pub can_edit: bool,
    pub form: super::vaccine_schedule::DoseFormView,
    pub errors: Invalid,
    pub saved: bool,
}

/// A child's vaccination card, with what can be told of its history.
#[derive(Template)]
#[template(path = "medical/card.html")]
pub struct CardPage {
    pub l: Layout,
    pub person: String,
    pub name: String,
    /// A full birth date is known (else there is no card to draw).
    pub born: bool,
    pub mv: MedicalView,
    /// What was just saved, said at the top of the card.
    pub saved: Option<String>,
    pub extras: Vec<ExtraRow>,
    /// An extra dose's contexts.
    pub contexts: Vec<Choice>,
    /// What was typed in the form sent (`form.action` names it).
    pub form: super::card::CardForm,
    pub errors: Invalid,
}

/// A dose given outside the schedule.
pub struct ExtraRow {
    pub id: String,
    pub vaccine: String,
    /// The day as HTML (a `<time>` element).
    pub given_on: String,
    pub context: String,
}
