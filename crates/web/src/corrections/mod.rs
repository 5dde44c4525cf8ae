//! Correcting or striking out what was recorded about a child or a
//! household — a dose, a visit, an admission and its leaving (struck out
//! if entered by mistake), a follow-up, a family's support and its end
//! (corrected only), an assessment — on a page of
//! its own per record, linked from its row ("Corriger"). Each needs a
//! reason; nothing is deleted; the history from the change log keeps
//! every value. (Measurements have theirs in `growth::amend`.)

mod pages;
pub(crate) mod strike;

use crate::routes::{Route, r};
use crate::session::Policy::PeopleRecord;
use axum::routing::{get, post};
use dugu_domain::EntityKind;
use pages::{amend, show};

/// Where a kind's records hang, and how a page names them.
#[derive(Clone, Copy)]
pub(crate) struct Amendable {
    pub kind: EntityKind,
    /// `people` or `households`.
    pub owner: &'static str,
    /// The path segment after the owner's id.
    pub segment: &'static str,
    /// The section of the owner's page the record is shown in.
    pub section: &'static str,
    /// The field naming the owner, checked against the path (`None`: the
    /// record hangs on something in between, an admission).
    pub owner_field: Option<&'static str>,
}

const VACCINATION: Amendable = Amendable {
    kind: EntityKind::Vaccination,
    owner: "people",
    segment: "vaccinations",
    section: "medical",
    owner_field: Some("person_id"),
};
const EXTRA_DOSE: Amendable = Amendable {
    kind: EntityKind::ExtraDose,
    owner: "people",
    segment: "extra-doses",
    section: "medical",
    owner_field: Some("person_id"),
};
const MEDICAL_VISIT: Amendable = Amendable {
    kind: EntityKind::MedicalVisit,
    owner: "people",
    segment: "medical-visits",
    section: "medical",
    owner_field: Some("person_id"),
};
const FOLLOW_UP: Amendable = Amendable {
    kind: EntityKind::CareFollowUp,
    owner: "people",
    segment: "follow-ups",
    section: "care",
    owner_field: None,
};
const ADMISSION: Amendable = Amendable {
    kind: EntityKind::Admission,
    owner: "people",
    segment: "admissions",
    section: "care",
    owner_field: Some("person_id"),
};
const HOME_VISIT: Amendable = Amendable {
    kind: EntityKind::HomeVisit,
    owner: "households",
    segment: "home-visits",
    section: "support",
    owner_field: Some("household_id"),
};
const PLAN_ACTION: Amendable = Amendable {
    kind: EntityKind::PlanAction,
    owner: "households",
    segment: "plan-actions",
    section: "support",
    owner_field: Some("household_id"),
};
const SUPPORT: Amendable = Amendable {
    kind: EntityKind::FamilySupport,
    owner: "households",
    segment: "support",
    section: "support",
    owner_field: Some("household_id"),
};
const ASSESSMENT: Amendable = Amendable {
    kind: EntityKind::Assessment,
    owner: "households",
    segment: "assessments",
    section: "support",
    owner_field: Some("household_id"),
};

/// Every kind with a page here, as the sections list their struck-out
/// records.
pub(crate) const ALL: [Amendable; 9] =
    [VACCINATION, EXTRA_DOSE, MEDICAL_VISIT, ADMISSION, FOLLOW_UP, SUPPORT, HOME_VISIT, ASSESSMENT, PLAN_ACTION];

/// The struck-out records a section of a person's or household's page
/// (`medical`, `care`, `support`) ends with, so each can be found again:
/// `(link to its own page, day, what)`, oldest first per kind. Read on the
/// page's blocking thread, scoped in the store.
pub(crate) fn struck_in(
    store: &dyn dugu_storage::Backend,
    who: &dugu_storage::Principal,
    tr: &crate::i18n::Tr,
    owner_id: &str,
    section: &str,
) -> Result<Vec<(String, String, String)>, dugu_storage::StoreError> {
    let here: Vec<&Amendable> = ALL.iter().filter(|a| a.section == section).collect();
    let kinds: Vec<EntityKind> = here.iter().map(|a| a.kind).collect();
    let mut out = Vec::new();
    for (kind, id, day) in store.struck_records(who, &kinds, owner_id)? {
        let Some(a) = here.iter().find(|a| a.kind == kind) else { continue };
        out.push((format!("/{}/{owner_id}/{}/{id}", a.owner, a.segment), day, tr.code("amend-kind", kind.name())));
    }
    Ok(out)
}

/// Every kind with a page here, and the measurement, whose strike-out's
/// check page names it too (the `amend-kind` family of messages).
#[cfg(test)]
pub(crate) const KINDS: [&str; 10] = [
    "measurement",
    "vaccination",
    "extra_dose",
    "medical_visit",
    "admission",
    "care_follow_up",
    "family_support",
    "home_visit",
    "assessment",
    "plan_action",
];

macro_rules! amend_routes {
    ($path:literal, $what:expr) => {
        [
            r("GET", $path, PeopleRecord, get(|ctx, path, query| show(ctx, path, query, $what))),
            r("POST", $path, PeopleRecord, post(|ctx, path, form| amend(ctx, path, form, $what))),
        ]
    };
}

/// The routes: one page per record (GET shows it, or with `?strike=` the
/// check page of a strike-out; POST corrects, or strikes out through that
/// check page).
pub fn routes() -> Vec<Route> {
    [
        amend_routes!("/people/{id}/vaccinations/{r}", VACCINATION),
        amend_routes!("/people/{id}/extra-doses/{r}", EXTRA_DOSE),
        amend_routes!("/people/{id}/medical-visits/{r}", MEDICAL_VISIT),
        amend_routes!("/people/{id}/admissions/{r}", ADMISSION),
        amend_routes!("/people/{id}/follow-ups/{r}", FOLLOW_UP),
        amend_routes!("/households/{id}/support/{r}", SUPPORT),
        amend_routes!("/households/{id}/home-visits/{r}", HOME_VISIT),
        amend_routes!("/households/{id}/assessments/{r}", ASSESSMENT),
        amend_routes!("/households/{id}/plan-actions/{action_id}", PLAN_ACTION),
    ]
    .into_iter()
    .flatten()
    .collect()
}
