//! The family-strengthening section of a household's page (`#support`):
//! support from enrolment to exit, for those who read protection data.

use super::pages::view;
use super::templates::SupportView;
use crate::i18n::Tr;
use crate::pages::forms::Forms;
use crate::templates::Layout;
use askama::Template;
use dugu_domain::{FieldGroup, Role};
use dugu_storage::{Backend, Household, Principal, StoreError};

#[derive(Template)]
#[template(path = "family/household_support.html")]
struct SupportHtml<'a> {
    l: &'a Layout,
    h: &'a Household,
    forms: &'a Forms,
    sv: &'a SupportView,
    /// Each score of the 0–3 scale with its words.
    scores: [(&'static str, &'static str); 4],
}

/// Reads the household's support (on a blocking thread): `None` for a
/// reader of no protection data.
pub(crate) fn load(
    store: &dyn Backend,
    who: &Principal,
    role: Role,
    tr: &Tr,
    household_id: &str,
) -> Result<Option<SupportView>, StoreError> {
    let support = store.support_of(who, household_id)?;
    if !role.reads(FieldGroup::Protection) {
        return Ok(None);
    }
    let mut sv = view(tr, support, role.writes(FieldGroup::Protection));
    sv.struck = crate::corrections::struck_in(store, who, tr, household_id, "support")?;
    Ok(Some(sv))
}

/// The section's content, inside the household page's `<section>`.
pub(crate) fn render(sv: &SupportView, l: &Layout, h: &Household, forms: &Forms) -> askama::Result<String> {
    let scores = [("0", "score-0"), ("1", "score-1"), ("2", "score-2"), ("3", "score-3")];
    SupportHtml { l, h, forms, sv, scores }.render()
}
