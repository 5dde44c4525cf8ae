//! The family-strengthening section of a household's page (`#support`):
//! support from enrolment to exit, for those who read protection data.

use super::pages::view;
use super::templates::SupportView;
use crate::i18n::Tr;
use crate::templates::Layout;
use askama::Template;
use dugu_domain::{FieldGroup, Invalid, Role};
use dugu_storage::{Household, Principal, Store, StoreError};

#[derive(Template)]
#[template(path = "family/household_support.html")]
struct SupportHtml<'a> {
    l: &'a Layout,
    h: &'a Household,
    errors: &'a Invalid,
    sv: &'a SupportView,
}

/// Reads the household's support (on a blocking thread): `None` for a
/// reader of no protection data.
pub(crate) fn load(
    store: &Store,
    who: &Principal,
    role: Role,
    tr: &Tr,
    household_id: &str,
) -> Result<Option<SupportView>, StoreError> {
    let support = store.support_of(who, household_id)?;
    Ok(role.reads(FieldGroup::Protection).then(|| view(tr, support, role.writes(FieldGroup::Protection))))
}

/// The section's content, inside the household page's `<section>`.
pub(crate) fn render(sv: &SupportView, l: &Layout, h: &Household, errors: &Invalid) -> askama::Result<String> {
    SupportHtml { l, h, errors, sv }.render()
}
