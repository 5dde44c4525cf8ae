//! Household pages.
//! One struct per page, checked against its template at compile time.

use crate::templates::{Choice, FilterField, Layout};
use askama::Template;
use dugu_domain::Invalid;

#[derive(Template)]
#[template(path = "households/households.html")]
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
    /// The words of a name search (kept out of URLs: sent by POST, kept
    /// on the server under an id).
    pub q: String,
    /// The filters a search keeps, as hidden fields.
    pub hidden: Vec<(String, String)>,
    /// Said above the list: a kept search that is no longer available.
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "households/household.html")]
pub struct HouseholdPage {
    pub l: Layout,
    pub h: dugu_storage::Household,
    pub location: String,
    pub can_write: bool,
    /// The refused form or what was just saved.
    pub forms: crate::pages::forms::Forms,
    /// What was just saved: (section, message).
    pub saved: Option<(&'static str, String)>,
    pub relationships: Vec<&'static str>,
    /// Family strengthening (protection readers only).
    pub support: Option<String>,
    /// Fields in conflict on the household or its records.
    pub conflicts: Vec<crate::conflicts::on_record::ConflictNote>,
    /// On a site: how far the changes made here have gone.
    pub sync: Option<Vec<String>>,
}

#[derive(Template)]
#[template(path = "households/household_form.html")]
pub struct HouseholdFormPage {
    pub l: Layout,
    pub errors: Invalid,
    pub household_name: String,
    pub location_id: String,
    pub head: String,
    pub locations: Vec<Choice>,
}
