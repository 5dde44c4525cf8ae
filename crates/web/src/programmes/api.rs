//! `/api/v1/programmes` and enrolments.

use crate::api::json::{Body, JsonBody};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_domain::programme::ProgrammeKind;
use dugu_storage::{Enrolment, Programme};

/// Programmes at locations in the caller's scope.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Programmes {
    /// The programmes.
    pub items: Vec<ProgrammeRead>,
}

/// A programme (a kindergarten, a school, a family strengthening
/// programme…) at a location.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeRead {
    id: String,
    #[schema(format = "uuid")]
    location_id: String,
    /// The kind's code.
    #[schema(value_type = String)]
    kind: ProgrammeKind,
    name: String,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    start_date: time::Date,
    /// Target number of people, if any.
    target: Option<i64>,
}

impl From<Programme> for ProgrammeRead {
    fn from(p: Programme) -> ProgrammeRead {
        ProgrammeRead {
            id: p.id,
            location_id: p.location_id,
            kind: p.kind,
            name: p.name,
            start_date: p.start_date,
            target: p.target,
        }
    }
}

/// A person's enrolment in a programme.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentRead {
    id: String,
    programme_id: String,
    programme_name: String,
    /// The programme's kind code.
    #[schema(value_type = String)]
    programme_kind: ProgrammeKind,
    #[schema(format = "uuid")]
    person_id: String,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day")]
    start_date: time::Date,
    /// Until, if ended.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(with = "dugu_domain::birth::iso_day_opt")]
    end_date: Option<time::Date>,
}

impl From<Enrolment> for EnrolmentRead {
    fn from(e: Enrolment) -> EnrolmentRead {
        EnrolmentRead {
            id: e.id,
            programme_id: e.programme_id,
            programme_name: e.programme_name,
            programme_kind: e.programme_kind,
            person_id: e.person_id,
            start_date: e.start_date,
            end_date: e.end_date,
        }
    }
}

/// An enrolment request.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EnrolmentWrite {
    #[schema(required = true)]
    programme_id: String,
    /// `YYYY-MM-DD`.
    #[schema(required = true)]
    start_date: String,
}

/// Lists programmes.
#[utoipa::path(get, path = "/api/v1/programmes", responses((status = 200, body = Programmes)), security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
) -> Result<Json<Programmes>, ApiError> {
    let me = me(current)?;
    let items = run(move || state.store.programmes(&me.principal)).await?;
    Ok(Json(Programmes { items: items.into_iter().map(ProgrammeRead::from).collect() }))
}

/// Enrols a person in scope in a programme in scope.
#[utoipa::path(post, path = "/api/v1/people/{id}/enrolments", params(("id" = String, Path)), request_body = EnrolmentWrite,
    responses((status = 201, body = EnrolmentRead), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn enrol(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<EnrolmentRead>), ApiError> {
    let me = me(current)?;
    let w = Body::<EnrolmentWrite>::read(&body)?.finish()?;
    let (programme_id, start_date) = (w.programme_id, w.start_date);
    let e = run(move || state.store.enrol(&me.principal, &programme_id, &id, &start_date)).await?;
    Ok((StatusCode::CREATED, Json(EnrolmentRead::from(e))))
}
