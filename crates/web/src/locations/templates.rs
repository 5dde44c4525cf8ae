//! The locations page.
//! One struct per page, checked against its template at compile time.

use crate::templates::Layout;
use askama::Template;

/// A row of the locations table.
pub struct LocationRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent: String,
    /// It has family houses in the reader's scope: a village page to link.
    pub village: bool,
    /// It is inside the reader's scope, so its lists (nutrition,
    /// prevalence, overdue doses) open; a place above it is listed only to
    /// show the hierarchy, and its lists would answer 404.
    pub in_scope: bool,
}

#[derive(Template)]
#[template(path = "locations/locations.html")]
pub struct LocationsPage {
    pub l: Layout,
    pub items: Vec<LocationRow>,
    pub programmes: Vec<dugu_storage::Programme>,
    /// Whether to link each location's nutrition list (medical readers).
    pub sees_medical: bool,
}
