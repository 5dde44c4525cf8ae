//! The people list and the person form.
//! One struct per page, checked against its template at compile time.

use crate::templates::{Choice, FilterField, Layout};
use askama::Template;
use dugu_domain::Invalid;

/// A row of the people list.
pub struct PersonRow {
    pub id: String,
    pub record_number: String,
    pub family_name: String,
    pub given_name: String,
    pub sex: &'static str,
    pub birth: String,
}

#[derive(Template)]
#[template(path = "people/people.html")]
pub struct PeoplePage {
    pub l: Layout,
    pub q: String,
    pub filters: Vec<FilterField>,
    pub errors: Invalid,
    /// Said above the list (a search that is gone).
    pub notice: Option<String>,
    pub items: Vec<PersonRow>,
    pub count_text: String,
    pub can_write: bool,
    /// The previous and next pages' addresses (no name in them).
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// The values of the person form, as typed.
#[derive(Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct PersonForm {
    pub csrf: String,
    pub given_name: String,
    pub family_name: String,
    pub other_names: String,
    pub sex: String,
    pub birth_day: String,
    pub birth_month: String,
    pub birth_year: String,
    pub birth_estimated: String,
    pub age_years: String,
    pub location_id: String,
    pub national_id: String,
    pub birth_certificate: String,
    pub phone: String,
    pub address: String,
    pub medical_notes: String,
    pub protection_notes: String,
}

/// The person form as the template sees it.
pub struct PersonFormView {
    pub given_name: String,
    pub family_name: String,
    pub other_names: String,
    pub sex: String,
    pub birth_day: String,
    pub birth_month: String,
    pub birth_year: String,
    pub birth_estimated: bool,
    pub age_years: String,
    pub location_id: String,
    pub national_id: String,
    pub birth_certificate: String,
    pub phone: String,
    pub address: String,
    pub medical_notes: String,
    pub protection_notes: String,
}

impl From<&PersonForm> for PersonFormView {
    fn from(f: &PersonForm) -> Self {
        PersonFormView {
            given_name: f.given_name.clone(),
            family_name: f.family_name.clone(),
            other_names: f.other_names.clone(),
            sex: f.sex.clone(),
            birth_day: f.birth_day.clone(),
            birth_month: f.birth_month.clone(),
            birth_year: f.birth_year.clone(),
            birth_estimated: !f.birth_estimated.is_empty(),
            age_years: f.age_years.clone(),
            location_id: f.location_id.clone(),
            national_id: f.national_id.clone(),
            birth_certificate: f.birth_certificate.clone(),
            phone: f.phone.clone(),
            address: f.address.clone(),
            medical_notes: f.medical_notes.clone(),
            protection_notes: f.protection_notes.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "people/person_form.html")]
pub struct PersonFormPage {
    pub l: Layout,
    pub action: String,
    pub form: PersonFormView,
    pub errors: Invalid,
    pub locations: Vec<Choice>,
    pub writes_contact: bool,
    pub writes_medical: bool,
    pub writes_protection: bool,
}

/// The step that chooses a person among those a name matched
/// (`people::pick`): the form's other fields kept, hidden.
#[derive(Template)]
#[template(path = "people/pick.html")]
pub struct PickPage {
    pub l: Layout,
    pub summary: String,
    pub field: &'static str,
    pub only: &'static str,
    pub label: String,
    pub action: String,
    pub back: String,
    pub kept: Vec<(&'static str, String)>,
    pub typed: String,
    /// The match ticked when the step was sent, kept ticked.
    pub chosen: String,
    pub matches: Vec<super::pick::Match>,
    pub errors: Invalid,
}
