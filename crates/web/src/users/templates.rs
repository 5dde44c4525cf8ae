//! The pages of user administration.
//! One struct per page, checked against its template at compile time.

use crate::templates::{Choice, Layout};
use askama::Template;
use dugu_domain::Invalid;

#[derive(Template)]
#[template(path = "users/users.html")]
pub struct UsersPage {
    pub l: Layout,
    pub items: Vec<UserRow>,
    pub errors: Invalid,
    /// What was typed: username, display name, role, location.
    pub form: (String, String, String, String),
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
