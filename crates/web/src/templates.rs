//! What every page shares — the frame (`Layout`, `l` in templates),
//! choices and filters. Each capability keeps its own page structs in its
//! folder (`people/templates.rs`, …). One struct per page, checked
//! against its template at compile time.

use crate::i18n::Tr;
use askama::Template;

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
    /// May resolve conflicts between sites (writes people's records).
    pub conflicts: bool,
    /// Reads relief records: the relief programmes' page.
    pub relief: bool,
    /// Oversees the hub's sites (administrators, national director).
    pub sites: bool,
    /// The village page, or the list of villages, for a user with a
    /// village in scope (never where there is none).
    pub village: Option<NavLink>,
}

/// A link of the navigation.
pub struct NavLink {
    /// Where it goes.
    pub href: String,
    /// What it says.
    pub label: String,
}

/// A `<select>` option.
#[derive(Clone)]
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
#[template(path = "pages/message.html")]
pub struct MessagePage {
    pub l: Layout,
    pub text: String,
}
