//! `/` for each role: what is read for its blocks (on one blocking
//! thread), then the page in the reader's words.

use super::templates::{
    ChildBlock, ChildLine, DueLine, FigureLine, FiguresPage, HomePage, HouseLine, HouseholdLine, Link, Registrations,
    SyncBlock, VillageBlock,
};
use crate::growth::Watch;
use crate::i18n::Tr;
use crate::pages::{fail, fail_status, layout, render};
use crate::session::{Ctx, Current, blocking};
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::{FieldGroup, Role};
use dugu_storage::{
    Backend, DueHousehold, HouseholdRow, OverdueChild, Principal, Shown, StoreError, Village, VillagePlace,
};

/// Children named in a block of the home page; the rest are counted and
/// the full list is a link away.
const LINES: usize = 10;
/// A child placed in a house this recently is a recent arrival.
const ARRIVED_WITHIN_DAYS: i64 = 90;

/// What a role's home page shows.
#[derive(Clone, Copy, Default)]
struct Blocks {
    villages: bool,
    acute: bool,
    overdue: bool,
    family: bool,
    registrations: bool,
}

impl Blocks {
    /// What each role's day starts with, narrowed to the field groups it
    /// reads.
    fn of(role: Role) -> Blocks {
        let b = match role {
            Role::LocationDirector | Role::NationalDirector => {
                Blocks { villages: true, acute: true, family: true, ..Blocks::default() }
            }
            Role::SocialWorker => Blocks { family: true, ..Blocks::default() },
            Role::Nurse => Blocks { acute: true, overdue: true, ..Blocks::default() },
            _ => Blocks { registrations: true, ..Blocks::default() },
        };
        let (medical, protection) = (role.reads(FieldGroup::Medical), role.reads(FieldGroup::Protection));
        Blocks { acute: b.acute && medical, overdue: b.overdue && medical, family: b.family && protection, ..b }
    }
}

/// A child with SAM or MAM at their latest measurement.
struct Acute {
    person_id: String,
    /// 2 SAM, 1 MAM, 0 status to re-assess.
    rank: u8,
    zwfl: Option<f64>,
    /// The day of the status, when not re-assessed since.
    since: Option<time::Date>,
}

/// Record number and name by person id, as `Store::names_of` gives them.
type Names = std::collections::HashMap<String, (String, String)>;

/// What was read for the page.
#[derive(Default)]
struct Day {
    /// The places the lists are read for: `(id, "Kita (KIT)")`.
    roots: Vec<(String, String)>,
    villages: Vec<(VillagePlace, Village)>,
    acute: Option<(Vec<Acute>, Names)>,
    overdue: Option<Vec<OverdueChild>>,
    family: Option<Vec<DueHousehold>>,
    registrations: Option<(Vec<HouseholdRow>, u64)>,
}

/// `/`: a visitor signs in; each role starts where its day does.
pub async fn show(ctx: Ctx) -> Response {
    let Some(me) = ctx.me() else {
        return Redirect::to("/login").into_response();
    };
    let me = me.clone();
    let role = me.user.role;
    if role.administers() {
        return Redirect::to("/admin/users").into_response();
    }
    if !role.reads_people() {
        return if role.reads_audit() { Redirect::to("/audit").into_response() } else { figures(ctx, me).await };
    }
    let blocks = Blocks::of(role);
    let (st, who, places, villages) =
        (ctx.state.clone(), me.principal.clone(), me.user.location_ids.clone(), me.villages.clone());
    let read = blocking(move || -> Result<_, StoreError> {
        let day = read_day(&*st.store, &who, &places, villages, blocks, crate::today())?;
        // Conflicts wait for someone who decides: a director's day shows them.
        let conflicts = if blocks.villages { st.store.conflicts_waiting(&who)? } else { 0 };
        Ok((day, st.store.site_status()?, conflicts))
    })
    .await;
    let (day, site, conflicts) = match read {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let tr = &ctx.tr;
    let lead = tr.arg("home-lead", "places", &day.roots.iter().map(|r| r.1.as_str()).collect::<Vec<_>>().join(", "));
    render(&HomePage {
        l: layout(tr, Some(&me), tr.get("home-title"), false),
        lead,
        villages: day.villages.iter().map(|(p, v)| village_block(tr, p, v)).collect(),
        village_links: if blocks.villages || me.villages.len() < 2 {
            Vec::new()
        } else {
            me.villages
                .iter()
                .map(|v| Link {
                    href: format!("/locations/{}/village", v.location_id),
                    label: format!("{} ({})", v.name, v.code),
                })
                .collect()
        },
        acute: day.acute.as_ref().map(|(rows, names)| acute_block(tr, rows, names, &day.roots)),
        overdue: day.overdue.as_ref().map(|rows| overdue_block(tr, rows, &day.roots)),
        family: day.family.as_ref().map(|rows| rows.iter().map(|h| due_line(tr, h)).collect()),
        registrations: day.registrations.as_ref().map(|(rows, total)| Registrations {
            lines: rows
                .iter()
                .map(|(id, record_number, name, members)| HouseholdLine {
                    id: id.clone(),
                    record_number: record_number.clone(),
                    name: name.clone(),
                    members: tr.arg("home-members", "count", &members.to_string()),
                })
                .collect(),
            count_text: tr.arg("households-count", "count", &total.to_string()),
        }),
        writes_people: role.writes_people(),
        sync: site.map(|s| SyncBlock {
            last: match s.last_sync {
                Some(at) => tr.arg("home-sync-last", "when", &crate::format::instant_html(tr, at)),
                None => tr.get("home-sync-never"),
            },
            waiting: tr.arg("home-sync-waiting", "count", &s.waiting.to_string()),
            refused: (s.refused > 0).then(|| tr.arg("home-sync-refused", "count", &s.refused.to_string())),
        }),
        conflicts: (conflicts > 0).then(|| tr.arg("home-conflicts", "count", &conflicts.to_string())),
    })
}

/// The places a user's lists start from: their own, or the country's top
/// for a national role.
fn roots(store: &dyn Backend, who: &Principal, assigned: &[String]) -> Result<Vec<(String, String)>, StoreError> {
    let all = store.locations(who)?;
    let label = |l: &dugu_storage::Location| (l.id.clone(), format!("{} ({})", l.name, l.code));
    Ok(if assigned.is_empty() {
        all.iter().filter(|l| l.parent_id.is_none()).map(label).collect()
    } else {
        all.iter().filter(|l| assigned.contains(&l.id)).map(label).collect()
    })
}

fn read_day(
    store: &dyn Backend,
    who: &Principal,
    assigned: &[String],
    villages: Vec<VillagePlace>,
    blocks: Blocks,
    today: time::Date,
) -> Result<Day, StoreError> {
    let mut day = Day { roots: roots(store, who, assigned)?, ..Day::default() };
    if blocks.villages {
        for place in villages {
            let v = store.village(who, &place.location_id, today.year())?;
            day.villages.push((place, v));
        }
    }
    if blocks.acute {
        let mut acute = Vec::new();
        for (root, _) in &day.roots {
            let latest = store.latest_measurements(who, root)?;
            for (i, w) in crate::growth::watch(&latest, today) {
                let person_id = latest[i].person_id.clone();
                match w {
                    Watch::Acute { severe, zwfl, since } => {
                        acute.push(Acute { person_id, rank: 1 + u8::from(severe), zwfl, since });
                    }
                    Watch::Reassess => acute.push(Acute { person_id, rank: 0, zwfl: None, since: None }),
                    _ => {}
                }
            }
        }
        // The most urgent first, as on the nutrition list: SAM, then the thinnest.
        acute.sort_by(|x, y| y.rank.cmp(&x.rank).then(x.zwfl.unwrap_or(0.0).total_cmp(&y.zwfl.unwrap_or(0.0))));
        let named: Vec<String> = acute.iter().take(LINES).map(|a| a.person_id.clone()).collect();
        let names = store.names_of(who, &named)?;
        day.acute = Some((acute, names));
    }
    if blocks.overdue {
        let mut rows = Vec::new();
        for (root, _) in &day.roots {
            rows.extend(store.overdue_vaccinations(who, root, today)?);
        }
        let shown = rows.iter().take(LINES).map(|c| c.person_id.clone()).collect();
        store.audit_shown(who, "overdue_vaccinations", "home", shown)?;
        day.overdue = Some(rows);
    }
    if blocks.family {
        day.family = Some(store.family_due(who, today)?);
    }
    if blocks.registrations {
        day.registrations = Some(store.households(who, None, None, LINES as u32, 0)?);
    }
    Ok(day)
}

fn village_block(tr: &Tr, place: &VillagePlace, v: &Village) -> VillageBlock {
    let since = crate::today() - time::Duration::days(ARRIVED_WITHIN_DAYS);
    let mut arrivals: Vec<_> = v.residents.iter().filter(|r| r.since >= since).collect();
    arrivals.sort_by_key(|r| std::cmp::Reverse(r.since));
    VillageBlock {
        location_id: place.location_id.clone(),
        name: format!("{} ({})", place.name, place.code),
        houses: v
            .houses
            .iter()
            .map(|h| HouseLine {
                name: h.name.clone(),
                parent: h.sos_parent_name.clone().unwrap_or_else(|| "–".into()),
                occupancy: h.occupancy,
                capacity: h.capacity,
                over: h.occupancy > h.capacity,
            })
            .collect(),
        arrivals: arrivals
            .into_iter()
            .map(|r| ChildLine {
                id: r.person_id.clone(),
                record_number: String::new(),
                name: r.name.clone(),
                detail: tr.arg("home-arrived", "date", &tr.day_plain(r.since)),
            })
            .collect(),
        admitted_text: tr.arg("home-admitted-this-year", "count", &v.admitted_this_year.to_string()),
    }
}

fn list_links(roots: &[(String, String)], path: &str) -> Vec<Link> {
    roots.iter().map(|(id, label)| Link { href: format!("/locations/{id}/{path}"), label: label.clone() }).collect()
}

fn acute_block(tr: &Tr, rows: &[Acute], names: &Names, roots: &[(String, String)]) -> ChildBlock {
    ChildBlock {
        heading: tr.arg("home-acute", "count", &rows.len().to_string()),
        lines: rows
            .iter()
            .take(LINES)
            .map(|a| {
                let (record_number, name) = names.get(&a.person_id).cloned().unwrap_or_default();
                let detail = crate::growth::acute_text(tr, a.rank, a.since);
                ChildLine { id: a.person_id.clone(), record_number, name, detail }
            })
            .collect(),
        links: list_links(roots, "nutrition"),
    }
}

fn overdue_block(tr: &Tr, rows: &[OverdueChild], roots: &[(String, String)]) -> ChildBlock {
    ChildBlock {
        heading: tr.arg("home-overdue", "count", &rows.len().to_string()),
        lines: rows
            .iter()
            .take(LINES)
            .map(|c| ChildLine {
                id: c.person_id.clone(),
                record_number: c.record_number.clone(),
                name: c.name.clone(),
                detail: tr.arg("home-doses-overdue", "count", &c.overdue.len().to_string()),
            })
            .collect(),
        links: list_links(roots, "vaccinations"),
    }
}

fn due_line(tr: &Tr, h: &DueHousehold) -> DueLine {
    let soon = crate::today() + time::Duration::days(dugu_storage::ACTION_SOON_DAYS);
    let mut what = Vec::new();
    if h.overdue_actions > 0 {
        what.push(tr.arg("home-actions-overdue", "count", &h.overdue_actions.to_string()));
    } else if let Some(next) = h.next_action.filter(|d| *d <= soon) {
        what.push(tr.arg("home-action-soon", "date", &tr.day_plain(next)));
    }
    if h.visit_due {
        what.push(match &h.last_visit {
            Some(last) => tr.arg("home-visit-due", "date", &tr.day_plain(last)),
            None => tr.get("home-visit-never"),
        });
    }
    DueLine {
        id: h.household_id.clone(),
        record_number: h.record_number.clone(),
        name: h.name.clone(),
        what,
        late: h.overdue_actions > 0 || h.visit_due,
    }
}

/// A count that may be withheld, in words.
fn count(tr: &Tr, n: Shown) -> String {
    match n {
        Some(n) => n.to_string(),
        None => tr.arg("home-fewer-than", "count", &dugu_storage::SMALLEST_SHOWN_COUNT.to_string()),
    }
}

/// The fundraiser's home page: the work in figures, naming no one.
async fn figures(ctx: Ctx, me: Current) -> Response {
    let (st, who) = (ctx.state.clone(), me.principal.clone());
    let f = match blocking(move || st.store.figures(&who)).await {
        Ok(Ok(f)) => f,
        Ok(Err(e)) => return fail(&ctx, e),
        Err(s) => return fail_status(&ctx, s),
    };
    let tr = &ctx.tr;
    render(&FiguresPage {
        l: layout(tr, Some(&me), tr.get("home-figures-title"), false),
        villages: f
            .villages
            .iter()
            .map(|v| FigureLine { name: v.name.clone(), houses: v.houses, children: count(tr, v.children_in_care) })
            .collect(),
        children: match f.children_in_care {
            Some(n) if f.children_in_care_partial => tr.arg("home-at-least", "count", &n.to_string()),
            n => count(tr, n),
        },
        households: count(tr, f.households_supported),
    })
}
