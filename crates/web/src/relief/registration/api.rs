//! `/api/v1/relief/registrations` and the duplicate review's API.

use crate::api::json::{Body, JsonBody, field_names, object};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use dugu_domain::{Action, Invalid, Problem};
use dugu_storage::relief_registration::{MemberInput, RegistrationInput};
use dugu_storage::{DuplicatePairRow, PersonInput};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// A person of a registration: the head, or (with `relationship`) a
/// member. Fields a registration never holds (ethnicity, religion, armed
/// group, GBV, HIV…) are refused by name: 422 `forbidden`.
#[derive(Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PersonWrite {
    #[schema(required = true)]
    given_name: String,
    #[schema(required = true)]
    family_name: String,
    /// `F` or `M`.
    #[schema(required = true)]
    sex: String,
    /// `YYYY-MM-DD` or `YYYY`; or give `age_years`.
    birth_date: Option<String>,
    /// Age in whole years when the birth date is not known (an estimated
    /// birth date is kept).
    age_years: Option<i64>,
    /// Optional.
    phone: Option<String>,
    /// `head` for the head (implied); `spouse`, `child`, `grandchild`,
    /// `other` for a member.
    relationship: Option<String>,
    /// `pregnant_or_breastfeeding`, `unaccompanied_or_separated`,
    /// `chronic_illness`.
    flags: Vec<String>,
    /// The Washington Group short set, from age 5 only: six answers
    /// (seeing, hearing, walking, remembering, self-care, communicating),
    /// each `none`, `some`, `a_lot`, `cannot` (empty: not answered).
    wgss: Option<Vec<String>>,
    /// An adult member named as one of the household's (at most two)
    /// alternates.
    alternate: bool,
}

/// A displaced household's registration.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RegistrationWrite {
    #[schema(required = true, format = "uuid")]
    programme_id: String,
    /// The site where the household lives: the programme's place or a
    /// site below it.
    #[schema(required = true, format = "uuid")]
    location_id: String,
    /// `YYYY-MM-DD`, not in the future.
    #[schema(required = true)]
    arrival_date: String,
    /// `idp`, `returnee` or `host`.
    #[schema(required = true)]
    status: String,
    /// `conflict`, `insecurity`, `floods`, `drought`, `other`.
    #[schema(required = true)]
    reason: String,
    /// Lives with a host family.
    host_family: bool,
    /// The région's P-code (`ML05`), when given: the admin code must be
    /// within it.
    admin1_pcode: Option<String>,
    /// Where the household is: a P-code (`ML0506`), never an ISO code.
    #[schema(required = true)]
    admin_pcode: String,
    /// Where it comes from (a P-code).
    origin_pcode: Option<String>,
    /// `pre2023` or `2023`: needed for every code whose meaning changed
    /// (`ML09`) and for cercles and communes.
    pcode_edition: Option<String>,
    /// The information script was read to the household: required.
    #[schema(required = true)]
    script_read: bool,
    /// `vital_interest`, `public_interest` or `legitimate_interest`
    /// (consent is not a basis: aid never depends on it).
    #[schema(required = true)]
    lawful_basis: String,
    /// Optional sharing with other agencies; never gates assistance.
    sharing_consent: bool,
    /// `child_headed`, `single_female_headed`, `elderly_alone`.
    household_flags: Vec<String>,
    /// People already registered who may collect (adults, at most two
    /// with the members marked `alternate`).
    alternate_ids: Vec<String>,
    #[schema(required = true)]
    head: PersonWrite,
    members: Vec<PersonWrite>,
}

/// A household already registered that the new one may be.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PossibleDuplicateRecord {
    #[schema(format = "uuid")]
    household_id: String,
    /// `likely` (shown before saving) or `review` (a supervisor decides).
    band: String,
    /// `same_household`, `members_matched`, `household_size`, and
    /// `pairs`: which member (0 = the head) matched which person, with
    /// each field's level and weight — never a value.
    #[schema(value_type = Object)]
    evidence: Value,
}

/// What a registration made.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Registered {
    #[schema(format = "uuid")]
    household_id: String,
    /// The people, head first.
    people: Vec<String>,
    possible_duplicates: Vec<PossibleDuplicateRecord>,
}

/// The problems of the nested objects, and the fields never collected at
/// any level: `head.ethnie` → `forbidden`, `members[1].x` →
/// `unknown_field`. They are taken out so the rest is read as usual.
fn nested(map: &mut Map<String, Value>, inv: &mut Invalid) {
    let top = field_names::<RegistrationWrite>();
    map.retain(|k, _| {
        let bad = !top.contains(&k.as_str()) && dugu_storage::relief_registration::forbidden(&[k]).is_some();
        if bad {
            inv.add(k, Problem::Forbidden);
        }
        !bad
    });
    let person = field_names::<PersonWrite>();
    let mut clean = |at: String, v: &mut Value| {
        if let Value::Object(fields) = v {
            fields.retain(|k, _| {
                if person.contains(&k.as_str()) {
                    return true;
                }
                let forbidden = dugu_storage::relief_registration::forbidden(&[k]).is_some();
                inv.add(&format!("{at}.{k}"), if forbidden { Problem::Forbidden } else { Problem::UnknownField });
                false
            });
        }
    };
    if let Some(head) = map.get_mut("head") {
        clean("head".into(), head);
    }
    if let Some(Value::Array(members)) = map.get_mut("members") {
        for (i, m) in members.iter_mut().enumerate() {
            clean(format!("members[{i}]"), m);
        }
    }
}

fn member(p: PersonWrite) -> MemberInput {
    let mut sent = vec!["given_name".to_owned(), "family_name".to_owned(), "sex".to_owned()];
    if p.phone.is_some() {
        sent.push("phone".into());
    }
    MemberInput {
        person: PersonInput {
            given_name: p.given_name,
            family_name: p.family_name,
            sex: p.sex,
            birth_date: p.birth_date.unwrap_or_default(),
            age_years: p.age_years,
            phone: p.phone.unwrap_or_default(),
            sent,
            ..PersonInput::default()
        },
        relationship: p.relationship.unwrap_or_default(),
        flags: p.flags,
        wgss: p.wgss.unwrap_or_default(),
        alternate: p.alternate,
    }
}

/// Reads a registration body: 422 naming every field refused.
pub(super) fn read(body: &[u8]) -> Result<RegistrationInput, ApiError> {
    let mut map = object(body)?;
    let mut inv = Invalid::new();
    nested(&mut map, &mut inv);
    let cleaned = serde_json::to_vec(&Value::Object(map)).map_err(|_| ApiError::Malformed)?;
    let read = Body::<RegistrationWrite>::read(&cleaned)?;
    inv.0.extend(read.invalid.0.iter().cloned());
    if !inv.is_empty() {
        return Err(ApiError::Invalid(inv));
    }
    let w = read.value;
    if w.head.relationship.as_deref().is_some_and(|r| r != "head") {
        return Err(crate::error::invalid("head.relationship", Problem::NotAllowed));
    }
    Ok(RegistrationInput {
        programme_id: w.programme_id,
        location_id: w.location_id,
        arrival_date: w.arrival_date,
        status: w.status,
        reason: w.reason,
        host_family: w.host_family,
        admin1_pcode: w.admin1_pcode.unwrap_or_default(),
        admin_pcode: w.admin_pcode,
        origin_pcode: w.origin_pcode.unwrap_or_default(),
        pcode_edition: w.pcode_edition.unwrap_or_default(),
        script_read: w.script_read,
        lawful_basis: w.lawful_basis,
        sharing_consent: w.sharing_consent,
        household_flags: w.household_flags,
        alternate_ids: w.alternate_ids,
        kobo_uuid: None,
        head: member(w.head),
        members: w.members.into_iter().map(member).collect(),
    })
}

/// Registers a displaced household: its people, members, displacement
/// and needs in one transaction, checked against everyone registered in
/// the programme. Households it likely is come back (in the caller's
/// scope); pairs to review go to the supervisor's queue.
#[utoipa::path(post, path = "/api/v1/relief/registrations", request_body = RegistrationWrite,
    responses((status = 201, body = Registered), (status = 400), (status = 403), (status = 422)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Registered>), ApiError> {
    let me = me(current)?;
    if !me.user.role.may(Action::DistributeRelief) {
        return Err(ApiError::Forbidden);
    }
    let input = read(&body)?;
    let r = run(move || state.store.register_displaced(&me.principal, input)).await?;
    let possible_duplicates = r
        .possible_duplicates
        .into_iter()
        .map(|d| PossibleDuplicateRecord { household_id: d.household_id, band: d.band, evidence: d.evidence })
        .collect();
    Ok((StatusCode::CREATED, Json(Registered { household_id: r.household_id, people: r.people, possible_duplicates })))
}

/// A pair in the supervisor's queue.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PairRecord {
    #[schema(format = "uuid")]
    id: String,
    #[schema(format = "uuid")]
    household_id: String,
    #[schema(format = "uuid")]
    person_id: String,
    #[schema(format = "uuid")]
    other_household_id: String,
    #[schema(format = "uuid")]
    other_person_id: String,
    /// `likely` or `review`.
    band: String,
    probability: Option<f64>,
    /// Most of both households matched: one household registered twice.
    whole_household: bool,
    #[schema(value_type = Object)]
    evidence: Value,
    /// The latest decision (`same_person`, `same_household`, `different`),
    /// none while open.
    decision: Option<String>,
}

impl From<DuplicatePairRow> for PairRecord {
    fn from(p: DuplicatePairRow) -> PairRecord {
        PairRecord {
            id: p.id,
            household_id: p.household_id,
            person_id: p.person_id,
            other_household_id: p.other_household_id,
            other_person_id: p.other_person_id,
            band: p.band,
            probability: p.probability,
            whole_household: p.whole_household,
            evidence: p.evidence,
            decision: p.decision,
        }
    }
}

/// The pairs.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PairList {
    items: Vec<PairRecord>,
}

/// The programme's pairs in the caller's scope (supervisors; audited);
/// `?open=true` leaves out decided ones.
#[utoipa::path(get, path = "/api/v1/relief/programmes/{id}/duplicates",
    params(("id" = String, Path), ("open" = Option<bool>, Query)),
    responses((status = 200, body = PairList), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn pairs(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<PairList>, ApiError> {
    let me = me(current)?;
    let open = match q.get("open").map(String::as_str) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(crate::error::invalid("open", Problem::Malformed)),
    };
    let rows = run(move || state.store.duplicate_queue(&me.principal, &id, open)).await?;
    Ok(Json(PairList { items: rows.into_iter().map(PairRecord::from).collect() }))
}

/// A supervisor's decision on a pair.
#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DecisionWrite {
    /// `same_person`, `same_household`, `different`, or `undone` (back to
    /// the queue).
    #[schema(required = true)]
    decision: String,
    note: Option<String>,
}

/// The new record's id.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Created {
    #[schema(format = "uuid")]
    id: String,
}

/// Records a decision on a pair: a link a later decision undoes, never a
/// merge (supervisors; audited).
#[utoipa::path(post, path = "/api/v1/relief/duplicates/{id}/decisions", params(("id" = String, Path)),
    request_body = DecisionWrite,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn decide(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let me = me(current)?;
    if !me.user.role.may(Action::SuperviseRelief) {
        return Err(ApiError::Forbidden);
    }
    let w = Body::<DecisionWrite>::read(&body)?.finish()?;
    let note = w.note.unwrap_or_default();
    let id = run(move || state.store.decide_duplicate(&me.principal, &id, &w.decision, &note)).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}
