//! One struct per page, checked against its template at compile time.
//! Every page carries a `Layout` (`l` in templates) for the frame.

use crate::i18n::Tr;
use askama::Template;
use dugu_domain::Invalid;

/// The frame every page shares.
pub struct Layout {
    /// Translator.
    pub tr: Tr,
    /// Page title.
    pub title: String,
    /// The signed-in user's navigation, if any.
    pub user: Option<NavUser>,
    /// The session's form token.
    pub csrf: String,
    /// The page shows form errors (title gets "Erreur :").
    pub has_errors: bool,
}

/// What the navigation shows for a user.
pub struct NavUser {
    /// Name shown.
    pub name: String,
    /// May see people.
    pub people: bool,
    /// May see the audit trail.
    pub audit: bool,
    /// Administrator.
    pub admin: bool,
    /// Approves privilege grants (national director).
    pub approver: bool,
}

/// A `<select>` option.
pub struct Choice {
    /// Value.
    pub id: String,
    /// Label.
    pub label: String,
}

/// One select above a list.
pub struct FilterField {
    /// Form name (and the select's id).
    pub name: &'static str,
    /// Label.
    pub label: String,
    /// Options, "any" first.
    pub options: Vec<FilterOption>,
}

/// One option of a filter.
pub struct FilterOption {
    /// Value sent.
    pub value: String,
    /// Label.
    pub label: String,
    /// Currently chosen.
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "pages/login.html")]
pub struct LoginPage {
    pub l: Layout,
    pub csrf: String,
    pub username: String,
    pub message: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/totp.html")]
pub struct TotpPage {
    pub l: Layout,
    pub action: String,
    pub secret: Option<String>,
    pub uri: String,
    pub message: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/message.html")]
pub struct MessagePage {
    pub l: Layout,
    pub text: String,
}

/// A row of the people list.
pub struct PersonRow {
    pub id: String,
    pub record_number: String,
    pub family_name: String,
    pub given_name: String,
    pub sex: String,
    pub birth: String,
}

#[derive(Template)]
#[template(path = "pages/people.html")]
pub struct PeoplePage {
    pub l: Layout,
    pub q: String,
    pub filters: Vec<FilterField>,
    /// The filters set, carried by the pager's forms.
    pub hidden: Vec<(&'static str, String)>,
    pub errors: Invalid,
    pub items: Vec<PersonRow>,
    pub count_text: String,
    pub can_write: bool,
    pub prev_page: Option<u32>,
    pub next_page: Option<u32>,
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
#[template(path = "pages/person_form.html")]
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

#[derive(Template)]
#[template(path = "pages/person.html")]
pub struct PersonPage {
    pub l: Layout,
    pub p: dugu_storage::Person,
    pub birth: String,
    pub location: String,
    pub can_write: bool,
    pub sees_contact: bool,
    pub sees_medical: bool,
    pub sees_protection: bool,
    pub households: Vec<(String, String, String, String)>,
    pub enrolments: Vec<dugu_storage::Enrolment>,
    pub errors: Invalid,
    pub programmes: Vec<Choice>,
    pub today: String,
    pub growth: Option<GrowthView>,
    pub care: Option<CareView>,
    pub medical: Option<MedicalView>,
    pub school: Vec<dugu_storage::SchoolYear>,
    pub school_results: Vec<Choice>,
    pub writes_school: bool,
    /// Due and overdue items, computed for this view.
    pub todo: Vec<String>,
}

/// The medical section of a child's page.
pub struct MedicalView {
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
#[template(path = "pages/overdue.html")]
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
    pub due_on: String,
    /// Given on …, overdue, upcoming, or nothing.
    pub status: String,
    pub overdue: bool,
    /// Due within the coming month, not given.
    pub upcoming: bool,
}

/// The care section of a child's page.
pub struct CareView {
    pub care: Option<dugu_storage::Care>,
    /// Admission reason, translated (protection readers only).
    pub reason: Option<String>,
    /// Leaving reason, translated (protection readers only).
    pub leaving: Option<String>,
    pub can_admit: bool,
    pub can_change: bool,
    /// Left care and the viewer may record a follow-up.
    pub can_follow_up: bool,
    /// Houses the child may go to.
    pub houses: Vec<Choice>,
    pub reasons: Vec<Choice>,
    pub leavings: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "pages/village.html")]
pub struct VillagePage {
    pub l: Layout,
    pub location: String,
    pub location_id: String,
    pub houses: Vec<HouseView>,
    /// (age band, girls, boys).
    pub by_age: Vec<(String, usize, usize)>,
    pub admitted: i64,
    /// (how, count) this year.
    pub left: Vec<(String, i64)>,
    pub can_manage: bool,
    pub errors: Invalid,
    /// Day-care and kindergarten groups.
    pub groups: Vec<dugu_storage::CareGroup>,
}

#[derive(Template)]
#[template(path = "pages/register.html")]
pub struct RegisterPage {
    pub l: Layout,
    pub group: dugu_storage::CareGroup,
    pub lines: Vec<dugu_storage::RegisterLine>,
    pub day: String,
    /// The register was taken that day.
    pub taken: bool,
    /// Just saved.
    pub saved: bool,
    pub present_count: usize,
    pub can_write: bool,
    pub errors: Invalid,
}

/// A family house on the village page.
pub struct HouseView {
    pub name: String,
    pub parent: String,
    pub occupancy: i64,
    pub capacity: i64,
    pub over: bool,
    /// The children living there (id, name).
    pub children: Vec<Choice>,
}

/// The growth section of a child's page.
pub struct GrowthView {
    pub latest: Option<LatestGrowth>,
    pub rows: Vec<GrowthRow>,
    /// (title, inline SVG drawn by `growth_chart`, numbers only).
    pub charts: Vec<(String, String)>,
    pub can_record: bool,
}

/// The latest measurement's verdict.
pub struct LatestGrowth {
    pub date: String,
    pub acute: Option<String>,
    /// Stunting from length/height-for-age (none when not computable or
    /// implausible: `measure_again` says so).
    pub stunting: Option<String>,
    pub severe: bool,
    pub measure_again: bool,
    /// (indicator label, z-score as shown, flagged).
    pub scores: Vec<(String, String, bool)>,
}

/// One measurement in the history table.
pub struct GrowthRow {
    pub date: String,
    pub weight: String,
    pub height: String,
    pub muac: String,
    pub wfl: String,
    pub acute: String,
}

#[derive(Template)]
#[template(path = "pages/nutrition.html")]
pub struct NutritionPage {
    pub l: Layout,
    /// Where the filter form goes (this page).
    pub action: String,
    pub location: String,
    pub filters: Vec<FilterField>,
    pub errors: Invalid,
    /// (heading key, how many in all, this page's children): SAM/MAM now,
    /// falling weight-for-age, due.
    pub sections: Vec<(&'static str, usize, Vec<NutritionRow>)>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/prevalence.html")]
pub struct PrevalencePage {
    pub l: Layout,
    pub location: String,
    pub csv: String,
    /// (condition, rows).
    pub tables: Vec<(String, Vec<PrevalenceRow>)>,
}

/// An age group's row: (label, cells both/girls/boys × below −2/below −3).
pub type PrevalenceRow = (String, Vec<String>);

/// A child on a nutrition list.
pub struct NutritionRow {
    pub id: String,
    pub record_number: String,
    pub name: String,
    pub date: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "pages/households.html")]
pub struct HouseholdsPage {
    pub l: Layout,
    pub action: String,
    pub count: String,
    pub items: Vec<(String, String, String, i64)>,
    pub filters: Vec<FilterField>,
    pub errors: Invalid,
    pub can_write: bool,
    pub prev: Option<String>,
    pub next: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/household.html")]
pub struct HouseholdPage {
    pub l: Layout,
    pub h: dugu_storage::Household,
    pub location: String,
    pub can_write: bool,
    pub errors: Invalid,
    pub record_number: String,
    pub relationships: Vec<&'static str>,
    /// Family strengthening (protection readers only).
    pub support: Option<SupportView>,
}

/// The family-strengthening section of a household's page.
pub struct SupportView {
    pub support: Option<dugu_storage::Support>,
    /// Open (not ended).
    pub open: bool,
    /// The exit reason, translated.
    pub exit: Option<String>,
    pub can_write: bool,
    /// Plan actions past their due date and not done.
    pub overdue: Vec<String>,
    /// (code, label) of the seven areas.
    pub areas: Vec<Choice>,
    pub exits: Vec<Choice>,
    pub today: String,
}

#[derive(Template)]
#[template(path = "pages/household_form.html")]
pub struct HouseholdFormPage {
    pub l: Layout,
    pub errors: Invalid,
    pub household_name: String,
    pub location_id: String,
    pub head: String,
    pub locations: Vec<Choice>,
}

/// A row of the locations table.
pub struct LocationRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent: String,
}

#[derive(Template)]
#[template(path = "pages/locations.html")]
pub struct LocationsPage {
    pub l: Layout,
    pub items: Vec<LocationRow>,
    pub programmes: Vec<dugu_storage::Programme>,
    /// Whether to link each location's nutrition list (medical readers).
    pub sees_medical: bool,
}

/// The audit filter as typed.
#[derive(Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    pub record_id: String,
    pub user: String,
    pub action: String,
    pub from: String,
    pub until: String,
}

/// A row of the audit table.
pub struct AuditRow {
    pub seq: i64,
    pub when: String,
    pub username: String,
    pub role: String,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub fields: String,
    /// How many records a list showed.
    pub shown: usize,
}

#[derive(Template)]
#[template(path = "pages/audit.html")]
pub struct AuditPage {
    pub l: Layout,
    pub f: AuditFilter,
    pub items: Vec<AuditRow>,
    pub export_link: String,
    pub chain: String,
}

#[derive(Template)]
#[template(path = "pages/account.html")]
pub struct AccountPage {
    pub l: Layout,
    pub role: String,
    pub has_totp: bool,
    pub errors: Invalid,
    pub message: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/users.html")]
pub struct UsersPage {
    pub l: Layout,
    pub items: Vec<UserRow>,
    pub errors: Invalid,
    pub form: (String, String),
    pub roles: Vec<&'static str>,
    pub locations: Vec<Choice>,
    pub requests: Vec<dugu_storage::RoleRequest>,
    pub message: Option<String>,
}

/// A row of the users table.
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub disabled: bool,
    pub awaiting: bool,
}

#[derive(Template)]
#[template(path = "pages/vaccine_schedule.html")]
pub struct VaccineSchedulePage {
    pub l: Layout,
    pub doses: Vec<dugu_domain::vaccine::ScheduledDose>,
    pub can_edit: bool,
    pub form: crate::pages::vaccine_schedule::DoseFormView,
    pub errors: Invalid,
    pub saved: bool,
}
