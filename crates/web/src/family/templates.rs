//! The family-strengthening section of a household's page.
//! One struct per page, checked against its template at compile time.

use crate::templates::Choice;

/// The family-strengthening section of a household's page.
pub struct SupportView {
    /// Struck-out records of the section, each linking its own page:
    /// `(link, day, what)`.
    pub struck: Vec<(String, String, String)>,
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
    pub today: String,
}
