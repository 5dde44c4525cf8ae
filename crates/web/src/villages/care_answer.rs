//! What the care routes answer: a child's time in care as the caller may
//! see it, one `Serialize + ToSchema` struct per object, made from the
//! store's [`Care`] — the JSON is the one these routes always answered
//! (the reasons absent for a reader who may not see protection data).

use dugu_domain::village::{AdmissionReason, LeavingReason};
use dugu_storage::{Care, Placement, Sibling, Stay};

/// A child's time in care, or `null` for a child never admitted.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CareAnswer {
    /// The latest admission and what followed it.
    care: Option<CareRead>,
}

impl From<Option<Care>> for CareAnswer {
    fn from(care: Option<Care>) -> CareAnswer {
        CareAnswer { care: care.map(CareRead::from) }
    }
}

/// The latest time in care: admission, houses, siblings, leaving,
/// follow-ups, and the stays before it.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CareRead {
    #[schema(format = "uuid")]
    admission_id: String,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    admitted_on: time::Date,
    /// Why (protection readers only; absent otherwise): an admission
    /// reason's code.
    #[schema(value_type = Option<String>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<AdmissionReason>,
    /// Who referred the child (protection readers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    referred_by: Option<String>,
    /// When the child left, if it has.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    left_on: Option<time::Date>,
    /// How (protection readers only): a leaving reason's code.
    #[schema(value_type = Option<String>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    leaving_reason: Option<LeavingReason>,
    /// Where the child lived, latest first.
    placements: Vec<PlacementRead>,
    /// Brothers and sisters admitted together, with their current house.
    siblings: Vec<SiblingRead>,
    /// A sibling admitted together lives in another house now.
    siblings_split: bool,
    /// Follow-up visits after leaving, latest first, as
    /// `[YYYY-MM-DD, notes]` pairs (protection readers only; empty
    /// otherwise).
    #[schema(value_type = Vec<Vec<String>>)]
    follow_ups: Vec<(dugu_storage::FollowUpDay, String)>,
    /// Earlier times in care (before a re-admission), latest first.
    earlier_stays: Vec<StayRead>,
}

impl From<Care> for CareRead {
    fn from(c: Care) -> CareRead {
        CareRead {
            admission_id: c.admission_id,
            admitted_on: c.admitted_on,
            reason: c.reason,
            referred_by: c.referred_by,
            left_on: c.left_on,
            leaving_reason: c.leaving_reason,
            placements: c.placements.into_iter().map(PlacementRead::from).collect(),
            siblings: c.siblings.into_iter().map(SiblingRead::from).collect(),
            siblings_split: c.siblings_split,
            follow_ups: c.follow_ups,
            earlier_stays: c.earlier_stays.into_iter().map(StayRead::from).collect(),
        }
    }
}

/// A stay in a family house.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlacementRead {
    #[schema(format = "uuid")]
    house_id: String,
    house_name: String,
    /// The house's SOS parent then, if named and held here.
    sos_parent_name: Option<String>,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    from_date: time::Date,
    /// None while it lasts.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    to_date: Option<time::Date>,
}

impl From<Placement> for PlacementRead {
    fn from(p: Placement) -> PlacementRead {
        PlacementRead {
            house_id: p.house_id,
            house_name: p.house_name,
            sos_parent_name: p.sos_parent_name,
            from_date: p.from_date,
            to_date: p.to_date,
        }
    }
}

/// A brother or sister admitted together.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SiblingRead {
    #[schema(format = "uuid")]
    person_id: String,
    name: String,
    /// Their house now, if still in care.
    house_name: Option<String>,
}

impl From<Sibling> for SiblingRead {
    fn from(s: Sibling) -> SiblingRead {
        SiblingRead { person_id: s.person_id, name: s.name, house_name: s.house_name }
    }
}

/// An earlier time in care: admission to leaving, and its houses.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StayRead {
    #[schema(format = "uuid")]
    admission_id: String,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    admitted_on: time::Date,
    /// Why (protection readers only; absent otherwise): an admission
    /// reason's code.
    #[schema(value_type = Option<String>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<AdmissionReason>,
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    left_on: Option<time::Date>,
    /// How (protection readers only): a leaving reason's code.
    #[schema(value_type = Option<String>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    leaving_reason: Option<LeavingReason>,
    /// The houses of that stay, latest first.
    placements: Vec<PlacementRead>,
}

impl From<Stay> for StayRead {
    fn from(s: Stay) -> StayRead {
        StayRead {
            admission_id: s.admission_id,
            admitted_on: s.admitted_on,
            reason: s.reason,
            left_on: s.left_on,
            leaving_reason: s.leaving_reason,
            placements: s.placements.into_iter().map(PlacementRead::from).collect(),
        }
    }
}
