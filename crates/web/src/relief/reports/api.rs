//! `/api/v1/relief/programmes/{id}/…`: a programme's progress (exact
//! counts, for relief staff and directors in scope) and its 5W matrix as
//! CSV and XLSX (an aggregate that leaves the charity: counts of 1 to 4
//! suppressed).

use super::figures::{Progress, Reached};
use super::files::{self, Cell};
use crate::api::{me, run};
use crate::error::ApiError;
use crate::session::Current;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::{Extension, Json};
use dugu_relief::fivew::SmallCells;
use dugu_relief::sadd::{AgeBand, Sadd, Sex};

/// People reached by sex and UNHCR age band, at the date of the cycle
/// that first reached each person.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BySexAge {
    f_0_4: u64,
    f_5_11: u64,
    f_12_17: u64,
    f_18_59: u64,
    f_60_plus: u64,
    m_0_4: u64,
    m_5_11: u64,
    m_12_17: u64,
    m_18_59: u64,
    m_60_plus: u64,
}

impl From<&Sadd> for BySexAge {
    fn from(s: &Sadd) -> BySexAge {
        let f = |band| s.get(Sex::Female, band);
        let m = |band| s.get(Sex::Male, band);
        BySexAge {
            f_0_4: f(AgeBand::Under5),
            f_5_11: f(AgeBand::From5To11),
            f_12_17: f(AgeBand::From12To17),
            f_18_59: f(AgeBand::From18To59),
            f_60_plus: f(AgeBand::From60),
            m_0_4: m(AgeBand::Under5),
            m_5_11: m(AgeBand::From5To11),
            m_12_17: m(AgeBand::From12To17),
            m_18_59: m(AgeBand::From18To59),
            m_60_plus: m(AgeBand::From60),
        }
    }
}

/// What a site or a cycle reached.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReachLine {
    /// The site's or the cycle's id.
    id: String,
    /// Its name.
    name: String,
    people_reached: u64,
    households_reached: u64,
    by_sex_age: BySexAge,
}

/// A programme's progress toward its target: unique people and
/// households reached (a person served in three cycles counts once).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressRead {
    /// The programme's target in people, if set.
    target: Option<i64>,
    people_reached: u64,
    households_reached: u64,
    by_sex_age: BySexAge,
    /// By the site that served.
    sites: Vec<ReachLine>,
    /// By cycle, oldest first (ages at each cycle's start).
    cycles: Vec<ReachLine>,
}

fn line(id: String, name: String, r: &Reached) -> ReachLine {
    ReachLine {
        id,
        name,
        people_reached: r.people,
        households_reached: r.households,
        by_sex_age: BySexAge::from(&r.sadd),
    }
}

impl From<Progress> for ProgressRead {
    fn from(p: Progress) -> ProgressRead {
        ProgressRead {
            target: p.target,
            people_reached: p.overall.people,
            households_reached: p.overall.households,
            by_sex_age: BySexAge::from(&p.overall.sadd),
            sites: p.sites.into_iter().map(|l| line(l.id, l.name, &l.reached)).collect(),
            cycles: p.cycles.into_iter().map(|l| line(l.id, l.name, &l.reached)).collect(),
        }
    }
}

/// A programme's progress.
#[utoipa::path(get, path = "/api/v1/relief/programmes/{id}/progress", params(("id" = String, Path)),
    responses((status = 200, body = ProgressRead), (status = 403)), security(("bearer" = [])))]
pub async fn progress(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Json<ProgressRead>, ApiError> {
    let me = me(current)?;
    let served = run(move || state.store.relief_served(&me.principal, &id)).await?;
    Ok(Json(ProgressRead::from(super::figures::progress(&served))))
}

/// The 5W table as cells, small counts suppressed.
async fn five_w_cells(state: AppState, me: Current, id: String) -> Result<Vec<Vec<Cell>>, ApiError> {
    let today = crate::today();
    let served = run(move || state.store.relief_served(&me.principal, &id)).await?;
    let table = dugu_relief::fivew::table(&super::figures::five_w(&served, today), SmallCells::Suppressed);
    Ok(table.iter().map(|row| row.iter().map(|t| Cell::of(t)).collect()).collect())
}

/// The 5W matrix as CSV: French headers, the HXL hashtags as its second
/// line, one row per cycle and P-code.
#[utoipa::path(get, path = "/api/v1/relief/programmes/{id}/5w.csv", params(("id" = String, Path)),
    responses((status = 200, description = "The 5W CSV, HXL hashtags on line 2", content_type = "text/csv", body = String), (status = 403)),
    security(("bearer" = [])))]
pub async fn five_w_csv(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let me = me(current)?;
    let cells = five_w_cells(state, me, id).await?;
    Ok(files::download(files::CSV, "5w.csv", files::csv(&cells).into_bytes()))
}

/// The same 5W matrix as an XLSX workbook.
#[utoipa::path(get, path = "/api/v1/relief/programmes/{id}/5w.xlsx", params(("id" = String, Path)),
    responses((status = 200, description = "The 5W workbook, HXL hashtags on row 2",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 403)),
    security(("bearer" = [])))]
pub async fn five_w_xlsx(
    State(state): State<AppState>,
    current: Option<Extension<Current>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let me = me(current)?;
    let cells = five_w_cells(state, me, id).await?;
    let book = files::xlsx("5W", &cells).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(files::download(files::XLSX, "5w.xlsx", book))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_keys_are_dugu_relief_s() {
        let mut sadd = Sadd::default();
        for (i, (sex, band)) in
            [Sex::Female, Sex::Male].into_iter().flat_map(|s| AgeBand::ALL.map(|b| (s, b))).enumerate()
        {
            for _ in 0..=i {
                sadd.add(sex, band);
            }
        }
        let json = serde_json::to_value(BySexAge::from(&sadd)).expect("json");
        for (key, n) in sadd.cells() {
            assert_eq!(json[&key], n, "{key}");
        }
        assert_eq!(json.as_object().map(|o| o.len()), Some(10));
    }
}
