//! The audit trail's page.
//! One struct per page, checked against its template at compile time.

use crate::templates::{Choice, Layout};
use askama::Template;

/// The audit filter as typed.
#[derive(Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    pub record_id: String,
    pub user: String,
    pub action: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    pub from: String,
    #[serde(deserialize_with = "crate::format::form_day")]
    pub until: String,
}

/// A row of the audit table.
pub struct AuditRow {
    pub seq: i64,
    pub when: String,
    pub username: String,
    pub role: String,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    /// A person's or household's record number (`KIT-000101`), shown
    /// instead of its id.
    pub record_number: Option<String>,
    /// Where the record opens, for a reader who may open it.
    pub link: Option<String>,
    /// The name a place, site, house, programme, group or account is known
    /// by, shown instead of its id (never a person's: a person is shown by
    /// record number, in scope).
    pub record_name: Option<String>,
    /// The fields, in words.
    pub fields: String,
    /// How many records a list showed.
    pub shown: usize,
}

#[derive(Template)]
#[template(path = "audit/audit.html")]
pub struct AuditPage {
    pub l: Layout,
    pub f: AuditFilter,
    pub items: Vec<AuditRow>,
    /// The actions the filter offers, in words.
    pub actions: Vec<Choice>,
    pub export_link: String,
    pub chain: String,
    /// Said when the record number typed is no record's (in scope).
    pub unknown: Option<String>,
}
