//! The home pages' structs, checked against their templates at compile
//! time.

use crate::templates::Layout;
use askama::Template;

/// A child on the home page, linked to their record.
pub struct ChildLine {
    pub id: String,
    pub record_number: String,
    pub name: String,
    /// Why they are listed ("MAS", the doses overdue, the day they came).
    pub detail: String,
}

/// A list of children with how many there are in all and where the
/// whole list is.
pub struct ChildBlock {
    /// What the block is, with how many children.
    pub heading: String,
    pub lines: Vec<ChildLine>,
    /// `(href, label)` of each location's full list.
    pub links: Vec<Link>,
}

/// A link.
pub struct Link {
    pub href: String,
    pub label: String,
}

/// A family house's occupancy.
pub struct HouseLine {
    pub name: String,
    pub parent: String,
    pub occupancy: i64,
    pub capacity: i64,
    pub over: bool,
}

/// A village at a glance, on its director's home page.
pub struct VillageBlock {
    pub location_id: String,
    pub name: String,
    pub houses: Vec<HouseLine>,
    /// Children who came to a house in the last weeks.
    pub arrivals: Vec<ChildLine>,
    /// "Admissions this year: 3".
    pub admitted_text: String,
}

/// A supported household with something due.
pub struct DueLine {
    pub id: String,
    pub record_number: String,
    pub name: String,
    /// What is due, said in words.
    pub what: Vec<String>,
    /// Something is late (not only coming up).
    pub late: bool,
}

/// A household on the relief officer's page.
pub struct HouseholdLine {
    pub id: String,
    pub record_number: String,
    pub name: String,
    /// "4 members".
    pub members: String,
}

/// The households registered at the relief officer's locations.
pub struct Registrations {
    pub lines: Vec<HouseholdLine>,
    /// "12 ménages".
    pub count_text: String,
}

#[derive(Template)]
#[template(path = "home/home.html")]
pub struct HomePage {
    pub l: Layout,
    /// Who and where, under the title.
    pub lead: String,
    pub villages: Vec<VillageBlock>,
    /// The villages as links, where the navigation points to this page
    /// for several villages but the role's page does not show them whole.
    pub village_links: Vec<Link>,
    pub acute: Option<ChildBlock>,
    pub overdue: Option<ChildBlock>,
    pub family: Option<Vec<DueLine>>,
    pub registrations: Option<Registrations>,
    pub writes_people: bool,
    /// On a site: its sync with the hub.
    pub sync: Option<SyncBlock>,
    /// For a director: how many fields in conflict wait for a decision.
    pub conflicts: Option<String>,
}

/// A site's sync with its hub, at a glance.
pub struct SyncBlock {
    /// When it last synced (HTML), or "never since enrolment".
    pub last: String,
    /// How many changes wait to be sent.
    pub waiting: String,
    /// How many the hub refused, when any.
    pub refused: Option<String>,
}

/// One village in aggregate.
pub struct FigureLine {
    pub name: String,
    pub houses: i64,
    pub children: String,
}

#[derive(Template)]
#[template(path = "home/figures.html")]
pub struct FiguresPage {
    pub l: Layout,
    pub villages: Vec<FigureLine>,
    pub children: String,
    pub households: String,
}
