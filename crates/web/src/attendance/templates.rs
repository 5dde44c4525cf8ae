//! The attendance register's page.
//! One struct per page, checked against its template at compile time.

use crate::templates::Layout;
use askama::Template;
use dugu_domain::Invalid;

#[derive(Template)]
#[template(path = "attendance/register.html")]
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
