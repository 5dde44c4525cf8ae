//! Children's Villages: family houses, admissions, placements, leaving
//! care, and a village at a glance.

use crate::api::json::{self, Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_storage::{AdmissionInput, Care, House, HouseInput, StoreError};

use super::care_answer::CareAnswer;
use crate::today;

/// A new family house.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HouseWrite {
    #[schema(required = true)]
    location_id: String,
    #[schema(required = true)]
    name: String,
    /// 1–15 children.
    #[schema(required = true, value_type = i64)]
    capacity: Option<i64>,
    /// The SOS parent (a person in scope), optional.
    sos_parent_id: Option<String>,
}

/// An admission: the child goes to `house_id`.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AdmissionWrite {
    /// `YYYY-MM-DD`.
    #[schema(required = true)]
    admitted_on: String,
    /// `orphaned_aids`, `orphaned_disaster`, `orphaned_conflict`,
    /// `relinquished_poverty`, `separated_conflict`, `abandoned`, `other`.
    #[schema(required = true)]
    reason: String,
    referred_by: Option<String>,
    #[schema(required = true)]
    house_id: String,
    /// A brother or sister already admitted, with whom the child came.
    sibling_id: Option<String>,
    /// `true` to place the child in a house that is full (at or over its
    /// capacity); without it such an admission is refused with `full` on
    /// `house_id`.
    confirm_over_capacity: Option<bool>,
}

/// A move to another house.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PlacementWrite {
    #[schema(required = true)]
    house_id: String,
    /// `YYYY-MM-DD`.
    #[schema(required = true)]
    from_date: String,
    /// `true` to move the child to a house that is full (at or over its
    /// capacity); without it such a move is refused with `full` on
    /// `house_id`.
    confirm_over_capacity: Option<bool>,
}

/// A transfer to another village: the current placement ends on the day,
/// the child's place becomes the receiving village, and a placement in
/// `house_id` (one of that village's houses) opens if given.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TransferWrite {
    /// The receiving village.
    #[schema(required = true)]
    location_id: String,
    /// A house of the receiving village; none: not placed yet.
    house_id: Option<String>,
    /// `YYYY-MM-DD`.
    #[schema(required = true)]
    transferred_on: String,
}

/// Leaving care.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LeavingWrite {
    /// `YYYY-MM-DD`.
    #[schema(required = true)]
    left_on: String,
    /// `reintegration`, `independent_life`, `transfer`, `adoption`,
    /// `death`, `other`.
    #[schema(required = true)]
    leaving_reason: String,
}

/// The family houses of a location and below, with occupancy.
#[utoipa::path(get, path = "/api/v1/locations/{id}/houses", params(("id" = String, Path)),
    responses((status = 200, body = Houses), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn houses(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<Houses>, ApiError> {
    let me = me(current)?;
    let items = run(move || state.store.houses(&me.principal, &id)).await?;
    Ok(Json(Houses { items: items.into_iter().map(HouseRead::from).collect() }))
}

/// The family houses of a location and below.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Houses {
    items: Vec<HouseRead>,
}

/// A family house and how many children live there now.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HouseRead {
    #[schema(format = "uuid")]
    id: String,
    /// The village.
    #[schema(format = "uuid")]
    location_id: String,
    /// `Maison Baobab`.
    name: String,
    /// How many children it is set up for.
    capacity: i64,
    /// The SOS parent (a person), if named.
    #[schema(format = "uuid")]
    sos_parent_id: Option<String>,
    sos_parent_name: Option<String>,
    /// Children living there now.
    occupancy: i64,
}

impl From<House> for HouseRead {
    fn from(h: House) -> HouseRead {
        HouseRead {
            id: h.id,
            location_id: h.location_id,
            name: h.name,
            capacity: h.capacity,
            sos_parent_id: h.sos_parent_id,
            sos_parent_name: h.sos_parent_name,
            occupancy: h.occupancy,
        }
    }
}

/// Sets up a family house (the village director).
#[utoipa::path(post, path = "/api/v1/houses", request_body = HouseWrite,
    responses((status = 201, body = HouseRead), (status = 403), (status = 422)), security(("bearer" = [])))]
pub async fn create_house(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<HouseRead>), ApiError> {
    let me = me(current)?;
    let mut body = Body::<HouseWrite>::read(&body)?;
    json::code(&mut body.invalid, "sos_parent_id", body.value.sos_parent_id.as_deref());
    let w = body.finish()?;
    let input = HouseInput {
        location_id: w.location_id,
        name: w.name,
        capacity: w.capacity,
        sos_parent_id: w.sos_parent_id.unwrap_or_default(),
    };
    let house = run(move || state.store.create_house(&me.principal, input)).await?;
    Ok((StatusCode::CREATED, Json(HouseRead::from(house))))
}

/// A village at a glance: houses and occupancy, the children living there,
/// this year's admissions and leavings.
#[utoipa::path(get, path = "/api/v1/locations/{id}/village", params(("id" = String, Path)),
    responses((status = 200, body = VillageRead), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn village(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<VillageRead>, ApiError> {
    let me = me(current)?;
    let v = run(move || state.store.village(&me.principal, &id, today().year())).await?;
    Ok(Json(VillageRead::from(v)))
}

/// A village at a glance.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VillageRead {
    /// The houses with their occupancy.
    houses: Vec<HouseRead>,
    /// The children living in them.
    residents: Vec<ResidentRead>,
    /// Admissions this year.
    admitted_this_year: i64,
    /// Leavings this year as `[reason, count]` pairs, by reason for
    /// protection readers, otherwise one total under `left`.
    #[schema(value_type = Vec<Vec<serde_json::Value>>)]
    left_this_year: Vec<(dugu_domain::village::LeftBy, i64)>,
}

/// A child living in a family house.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResidentRead {
    #[schema(format = "uuid")]
    person_id: String,
    #[schema(format = "uuid")]
    house_id: String,
    name: String,
    /// `F` or `M`.
    #[schema(value_type = String)]
    sex: dugu_domain::Sex,
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    birth_date: Option<time::Date>,
    /// Living there since.
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    since: time::Date,
}

impl From<dugu_storage::Village> for VillageRead {
    fn from(v: dugu_storage::Village) -> VillageRead {
        VillageRead {
            houses: v.houses.into_iter().map(HouseRead::from).collect(),
            residents: v
                .residents
                .into_iter()
                .map(|r| ResidentRead {
                    person_id: r.person_id,
                    house_id: r.house_id,
                    name: r.name,
                    sex: r.sex,
                    birth_date: r.birth_date,
                    since: r.since,
                })
                .collect(),
            admitted_this_year: v.admitted_this_year,
            left_this_year: v.left_this_year,
        }
    }
}

/// A child's time in care (admission, houses, siblings), as the caller may
/// see it: the reasons are protection data.
#[utoipa::path(get, path = "/api/v1/people/{id}/care", params(("id" = String, Path)),
    responses((status = 200, body = CareAnswer), (status = 404)), security(("bearer" = [])))]
pub async fn care(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<CareAnswer>, ApiError> {
    let me = me(current)?;
    let care = run(move || {
        state.store.view_person(&me.principal, &id)?;
        state.store.care_of(&me.principal, &id)
    })
    .await?;
    Ok(Json(CareAnswer::from(care)))
}

async fn care_after(
    state: AppState,
    me: Current,
    id: String,
    change: impl FnOnce(&AppState, &Current, &str) -> Result<(), StoreError> + Send + 'static,
) -> Result<Option<Care>, ApiError> {
    run(move || {
        change(&state, &me, &id)?;
        state.store.care_of(&me.principal, &id)
    })
    .await
}

/// Admits a child in scope and places it in a house.
#[utoipa::path(post, path = "/api/v1/people/{id}/admission", params(("id" = String, Path)), request_body = AdmissionWrite,
    responses((status = 201, body = CareAnswer), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn admit(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<CareAnswer>), ApiError> {
    let me = me(current)?;
    let mut body = Body::<AdmissionWrite>::read(&body)?;
    json::code(&mut body.invalid, "sibling_id", body.value.sibling_id.as_deref());
    let w = body.finish()?;
    let input = AdmissionInput {
        admitted_on: w.admitted_on,
        reason: w.reason,
        referred_by: w.referred_by.unwrap_or_default(),
        house_id: w.house_id,
        sibling_id: w.sibling_id.unwrap_or_default(),
        sibling_not_taken: None,
        confirm_over_capacity: w.confirm_over_capacity.unwrap_or(false),
    };
    let care = care_after(state, me, id, move |s, me, id| s.store.admit(&me.principal, id, input, today()).map(|_| ()))
        .await?;
    Ok((StatusCode::CREATED, Json(CareAnswer::from(care))))
}

/// Moves a child in care to another house.
#[utoipa::path(post, path = "/api/v1/people/{id}/placements", params(("id" = String, Path)), request_body = PlacementWrite,
    responses((status = 201, body = CareAnswer), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn place(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<CareAnswer>), ApiError> {
    let me = me(current)?;
    let w = Body::<PlacementWrite>::read(&body)?.finish()?;
    let (house, from, confirmed) = (w.house_id, w.from_date, w.confirm_over_capacity.unwrap_or(false));
    let care = care_after(state, me, id, move |s, me, id| {
        s.store.move_child(&me.principal, id, &house, &from, confirmed, today())
    })
    .await?;
    Ok((StatusCode::CREATED, Json(CareAnswer::from(care))))
}

/// Transfers a child in care to another village in the caller's scope,
/// as one change (a village director: a role that sets up villages and
/// handles care). The child's record goes to the receiving village's site
/// at its next sync and leaves the other's.
#[utoipa::path(post, path = "/api/v1/people/{id}/transfer", params(("id" = String, Path)), request_body = TransferWrite,
    responses((status = 201, body = CareAnswer), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn transfer(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<CareAnswer>), ApiError> {
    let me = me(current)?;
    let w = Body::<TransferWrite>::read(&body)?.finish()?;
    let input = dugu_storage::TransferInput {
        location_id: w.location_id,
        house_id: w.house_id.unwrap_or_default(),
        transferred_on: w.transferred_on,
    };
    let care =
        care_after(state, me, id, move |s, me, id| s.store.transfer_child(&me.principal, id, input, today())).await?;
    Ok((StatusCode::CREATED, Json(CareAnswer::from(care))))
}

/// Records that a child left care.
#[utoipa::path(post, path = "/api/v1/people/{id}/leaving", params(("id" = String, Path)), request_body = LeavingWrite,
    responses((status = 200, body = CareAnswer), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn leave(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<Json<CareAnswer>, ApiError> {
    let me = me(current)?;
    let w = Body::<LeavingWrite>::read(&body)?.finish()?;
    let (on, reason) = (w.left_on, w.leaving_reason);
    let care = care_after(state, me, id, move |s, me, id| s.store.leave_care(&me.principal, id, &on, &reason, today()))
        .await?;
    Ok(Json(CareAnswer::from(care)))
}

/// A follow-up visit after leaving care.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FollowUpWrite {
    /// `YYYY-MM-DD`, not before the leaving.
    #[schema(required = true)]
    visited_on: String,
    #[schema(required = true)]
    notes: String,
}

/// Records a follow-up visit of a child who left care.
#[utoipa::path(post, path = "/api/v1/people/{id}/follow-ups", params(("id" = String, Path)), request_body = FollowUpWrite,
    responses((status = 201, body = CareAnswer), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn follow_up(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<CareAnswer>), ApiError> {
    let me = me(current)?;
    let w = Body::<FollowUpWrite>::read(&body)?.finish()?;
    let (on, notes) = (w.visited_on, w.notes);
    let care =
        care_after(state, me, id, move |s, me, id| s.store.follow_up(&me.principal, id, &on, &notes, today())).await?;
    Ok((StatusCode::CREATED, Json(CareAnswer::from(care))))
}
