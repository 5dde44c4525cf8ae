//! The sign-in and account pages.
//! One struct per page, checked against its template at compile time.

use crate::templates::Layout;
use askama::Template;
use dugu_domain::Invalid;

#[derive(Template)]
#[template(path = "sign_in/login.html")]
pub struct LoginPage {
    pub l: Layout,
    pub csrf: String,
    pub username: String,
    pub message: Option<String>,
    /// Where to go once signed in (a path of dugu's, or empty).
    pub next: String,
}

#[derive(Template)]
#[template(path = "sign_in/totp.html")]
pub struct TotpPage {
    pub l: Layout,
    pub action: String,
    pub secret: Option<String>,
    pub uri: String,
    pub message: Option<String>,
}

#[derive(Template)]
#[template(path = "sign_in/account.html")]
pub struct AccountPage {
    pub l: Layout,
    pub role: String,
    pub has_totp: bool,
    pub errors: Invalid,
    pub message: Option<String>,
}
