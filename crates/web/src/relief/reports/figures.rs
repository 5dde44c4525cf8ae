//! A programme's figures from what the store read: unique people and
//! households reached overall, per site and per cycle (dugu-relief's
//! `Reach`: a person counts once however many cycles served them, banded
//! at the date of the first cycle that reached them), and the rows of the
//! 5W matrix (one per cycle and P-code).

use dugu_relief::fivew::{self, Activity, Figures};
use dugu_relief::pcode::{Edition, Level};
use dugu_relief::reach::{Member, Reach};
use dugu_relief::sadd::{Birth, Sadd, Sex};
use dugu_storage::{CountedMember, ReliefServed, ReportCycle};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use time::Date;

/// People and households reached in one part of a programme.
#[derive(Debug, Clone, Default)]
pub struct Reached {
    /// Unique people.
    pub people: u64,
    /// Unique households.
    pub households: u64,
    /// People by sex and UNHCR band.
    pub sadd: Sadd,
}

impl<P: Eq + std::hash::Hash + Clone, H: Eq + std::hash::Hash + Clone> From<&Reach<P, H>> for Reached {
    fn from(r: &Reach<P, H>) -> Reached {
        Reached { people: r.people(), households: r.households(), sadd: *r.sadd() }
    }
}

/// A site's or a cycle's line.
#[derive(Debug, Clone)]
pub struct Line {
    /// The site's or cycle's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What was reached there.
    pub reached: Reached,
}

/// A programme's progress.
#[derive(Debug, Clone)]
pub struct Progress {
    /// The target in people, if set.
    pub target: Option<i64>,
    /// Overall.
    pub overall: Reached,
    /// By the site that served (a household served at two sites counts at
    /// each, once overall).
    pub sites: Vec<Line>,
    /// By cycle, oldest first, ages at each cycle's start.
    pub cycles: Vec<Line>,
}

fn sex(s: dugu_domain::Sex) -> Sex {
    match s {
        dugu_domain::Sex::Female => Sex::Female,
        dugu_domain::Sex::Male => Sex::Male,
    }
}

/// Members by household, as dugu-relief counts them. A member without a
/// birth date or age cannot be banded and is left out of the counts
/// (registration asks for one or the other).
fn members_by_household(members: &[CountedMember]) -> HashMap<&str, Vec<Member<&str>>> {
    let mut by: HashMap<&str, Vec<Member<&str>>> = HashMap::new();
    for m in members {
        if let Some(born) = m.birth_date {
            by.entry(m.household_id.as_str()).or_default().push(Member {
                person: m.person_id.as_str(),
                sex: sex(m.sex),
                birth: Birth::Date(born),
            });
        }
    }
    by
}

/// `(cycle, household) → site that served it` for every served entitlement
/// (the first receipt's site), in cycle order.
fn served(s: &ReliefServed) -> BTreeMap<(usize, &str), &str> {
    let order: HashMap<&str, usize> = s.cycles.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let mut out = BTreeMap::new();
    for e in &s.entitlements {
        if let (Some(site), Some(i)) = (&e.served_at_site, order.get(e.cycle_id.as_str())) {
            out.entry((*i, e.household_id.as_str())).or_insert(site.as_str());
        }
    }
    out
}

/// The programme's progress (requirements 16 and 17).
pub fn progress(s: &ReliefServed) -> Progress {
    let members = members_by_household(&s.members);
    let none = Vec::new();
    let of = |h: &str| members.get(h).unwrap_or(&none).iter().copied();
    let served = served(s);
    let last = s.cycles.last().map_or(Date::MIN, |c| c.start);
    let mut overall: Reach<&str, &str> = Reach::on(last);
    let mut sites: BTreeMap<&str, Reach<&str, &str>> = BTreeMap::new();
    let mut cycles: Vec<Reach<&str, &str>> = s.cycles.iter().map(|c| Reach::on(c.start)).collect();
    for ((i, household), site) in &served {
        let on = s.cycles[*i].start;
        overall.served_on(on, *household, of(household));
        sites.entry(site).or_insert_with(|| Reach::on(on)).served_on(on, *household, of(household));
        cycles[*i].served(*household, of(household));
    }
    Progress {
        target: s.programme.target,
        overall: Reached::from(&overall),
        sites: sites
            .iter()
            .map(|(id, r)| Line {
                id: (*id).to_string(),
                name: s.site_names.get(*id).cloned().unwrap_or_default(),
                reached: Reached::from(r),
            })
            .collect(),
        cycles: s
            .cycles
            .iter()
            .zip(&cycles)
            .map(|(c, r)| Line { id: c.id.clone(), name: c.name.clone(), reached: Reached::from(r) })
            .collect(),
    }
}

/// A cycle's status in the words of a 5W.
fn status(c: &ReportCycle, today: Date) -> &'static str {
    match c.status.as_str() {
        "draft" => "Planifié",
        "closed" => "Terminé",
        _ if c.end < today => "Terminé",
        _ => "En cours",
    }
}

/// The 5W's place columns from a stored P-code and its edition: région,
/// cercle and commune, each name and code. A name dugu's tables do not
/// hold (communes, the reform's cercles) is left blank, never guessed.
fn places(pcode: &str, edition: &str) -> [(String, String); 3] {
    let mut out: [(String, String); 3] = Default::default();
    let Ok(place) = dugu_relief::pcode::resolve(pcode, Edition::parse(edition)) else {
        return out;
    };
    out[0] = (place.region.to_string(), place.code[..4].to_string());
    if matches!(place.level, Level::Cercle | Level::Commune) {
        out[1] = (place.cercle.unwrap_or_default().to_string(), place.code[..6].to_string());
    }
    if place.level == Level::Commune {
        out[2] = (String::new(), place.code.clone());
    }
    out
}

/// The 5W rows: one per cycle and household P-code (with its edition),
/// cycles oldest first. Targeted = owed something in the cycle; reached =
/// served at least once in it, unique people banded at the cycle's start;
/// the amount sums the cash entitlements served.
pub fn five_w(s: &ReliefServed, today: Date) -> Vec<(Activity, Figures)> {
    let members = members_by_household(&s.members);
    let none = Vec::new();
    let of = |h: &str| members.get(h).unwrap_or(&none).iter().copied();
    let mut rows = Vec::new();
    for cycle in &s.cycles {
        // (P-code, edition) → the cycle's entitlements of households there.
        let mut by_place: BTreeMap<(&str, &str), Vec<&dugu_storage::ServedEntitlement>> = BTreeMap::new();
        for e in s.entitlements.iter().filter(|e| e.cycle_id == cycle.id) {
            let place = s
                .registered
                .get(&e.household_id)
                .map_or(("", ""), |h| (h.admin_pcode.as_str(), h.pcode_edition.as_str()));
            by_place.entry(place).or_default().push(e);
        }
        for ((pcode, edition), owed) in by_place {
            let mut targeted: Reach<&str, &str> = Reach::on(cycle.start);
            let mut reached: Reach<&str, &str> = Reach::on(cycle.start);
            let mut idps: BTreeSet<&str> = BTreeSet::new();
            let (mut in_kind, mut cash, mut amount) = (false, false, 0u64);
            for e in &owed {
                targeted.served(e.household_id.as_str(), of(&e.household_id));
                in_kind |= e.modality != "cash";
                cash |= e.modality == "cash";
                if e.served_at_site.is_none() {
                    continue;
                }
                reached.served(e.household_id.as_str(), of(&e.household_id));
                if e.modality == "cash" {
                    amount += u64::try_from(e.quantity).unwrap_or(0);
                }
                if s.registered.get(&e.household_id).is_some_and(|h| h.status == "idp") {
                    idps.extend(of(&e.household_id).map(|m| m.person));
                }
            }
            let (modality, activity) = match (in_kind, cash) {
                (true, true) => {
                    ("En nature et espèces", format!("{} ; {}", fivew::ACTIVITY_IN_KIND, fivew::ACTIVITY_CASH))
                }
                (false, true) => ("Espèces", fivew::ACTIVITY_CASH.to_string()),
                _ => ("En nature", fivew::ACTIVITY_IN_KIND.to_string()),
            };
            let [org, acronym, kind, partner] = fivew::ORGANISATION;
            let activity = Activity {
                organisation: [org, acronym, kind, partner, ""].map(str::to_string),
                sector: fivew::SECTOR.to_string(),
                activity,
                modality: modality.to_string(),
                places: places(pcode, edition),
                status: status(cycle, today).to_string(),
                start: cycle.start.to_string(),
                end: cycle.end.to_string(),
            };
            let figures = Figures {
                targeted_households: targeted.households(),
                targeted_people: targeted.people(),
                reached_households: reached.households(),
                reached: *reached.sadd(),
                reached_idps: idps.len() as u64,
                amount_xof: amount,
            };
            rows.push((activity, figures));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_come_from_the_stored_pcode_and_edition() {
        let [region, cercle, commune] = places("ML050601", "pre2023");
        assert_eq!(region, ("Mopti".to_string(), "ML05".to_string()));
        assert_eq!(cercle, ("Mopti".to_string(), "ML0506".to_string()));
        assert_eq!(commune, (String::new(), "ML050601".to_string()));
        let [region, cercle, _] = places("ML09", "2023");
        assert_eq!((region.0.as_str(), cercle.1.as_str()), ("Taoudenni", ""));
        assert_eq!(places("ML-5", "pre2023")[0], (String::new(), String::new()), "never guessed");
    }
}
