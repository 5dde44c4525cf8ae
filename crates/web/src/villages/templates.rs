//! The village page and the care section of a child's page.
//! One struct per page, checked against its template at compile time.

use crate::templates::{Choice, Layout};
use askama::Template;

/// The care section of a child's page.
pub struct CareView {
    /// Struck-out records of the section, each linking its own page:
    /// `(link, day, what)`.
    pub struck: Vec<(String, String, String)>,
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
    /// Other villages in the reader's scope a child may be transferred
    /// to (filled by the section for a village director), and their
    /// houses, each labelled with its village.
    pub transfer_villages: Vec<Choice>,
    pub transfer_houses: Vec<Choice>,
    pub reasons: Vec<Choice>,
    /// The village of the house the child lives in now (filled by the
    /// person page's section, for its summary).
    pub village: Option<String>,
}

#[derive(Template)]
#[template(path = "villages/village.html")]
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
    /// The refused form (house or group), if any.
    pub forms: crate::pages::forms::Forms,
    /// Day-care and kindergarten groups.
    pub groups: Vec<dugu_storage::CareGroup>,
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
