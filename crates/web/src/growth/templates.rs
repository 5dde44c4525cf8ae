//! The growth section of a child's page, the nutrition list and prevalence.
//! One struct per page, checked against its template at compile time.

use crate::templates::{FilterField, Layout};
use askama::Template;
use dugu_domain::Invalid;

/// The growth section of a child's page.
pub struct GrowthView {
    pub latest: Option<LatestGrowth>,
    pub rows: Vec<GrowthRow>,
    /// (title, inline SVG drawn by `chart`, numbers only; whether a point
    /// lies beyond its scale).
    pub charts: Vec<(String, String, bool)>,
    pub can_record: bool,
    /// The struck-out measurements (id, date): not drawn nor counted, each
    /// with its page still reachable.
    pub struck: Vec<(String, String)>,
}

/// The latest measurement's verdict.
pub struct LatestGrowth {
    pub date: time::Date,
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
    /// The measurement's id (its correction page).
    pub id: String,
    pub date: String,
    pub weight: String,
    pub height: String,
    pub muac: String,
    pub wfl: String,
    pub acute: String,
}

#[derive(Template)]
#[template(path = "growth/nutrition.html")]
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
#[template(path = "growth/prevalence.html")]
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

/// A measurement's correction page.
#[derive(Template)]
#[template(path = "growth/amend.html")]
pub struct AmendPage {
    pub l: Layout,
    pub person: String,
    /// Whose measurement: the child's name and record number.
    pub about: String,
    pub id: String,
    /// The day it was recorded for (the heading).
    pub recorded: String,
    pub date: String,
    /// (field, value as typed or stored): weight, length/height, MUAC, head.
    pub numbers: Vec<(&'static str, String)>,
    pub measured: String,
    pub oedema: bool,
    pub reason: String,
    /// The strike-out form was the one sent (its reason is kept there).
    pub striking: bool,
    /// A value is flagged implausible: the box to confirm it is shown.
    pub confirming: bool,
    /// May correct or strike out (never a struck-out measurement).
    pub can_write: bool,
    /// (label, value) of each field as recorded.
    pub shown: Vec<(String, String)>,
    /// Why it was struck out, if it was: then the page is read-only.
    pub struck: Option<String>,
    pub history: Vec<RevisionRow>,
    pub errors: Invalid,
}

impl AmendPage {
    /// Where the measurement's forms post.
    pub fn action(&self) -> String {
        format!("/people/{}/measurements/{}", self.person, self.id)
    }
}

/// One change in a record's history.
pub struct RevisionRow {
    pub at: String,
    pub by: String,
    pub created: bool,
    pub changes: String,
}

/// A measurement sent with values the WHO flags as implausible: the form
/// again, values kept, asking to check them or confirm.
#[derive(Template)]
#[template(path = "growth/confirm.html")]
pub struct ConfirmPage {
    pub l: Layout,
    pub person: String,
    /// The one-time token its confirm sends (`pages::drafts`).
    pub once: String,
    pub date: String,
    /// (field, value as typed, why it is flagged or empty).
    pub numbers: Vec<(&'static str, String, String)>,
    pub measured: String,
    pub oedema: bool,
    pub errors: Invalid,
}
