//! Demo relief in Mopti (issue 15, item 10): displaced households
//! registered at the two sites of Sévaré and Barbé — some registered again
//! at the other site with their names spelt another way, as happens —
//! two distribution cycles done and a third open, written with the relief
//! kinds of the foundation as the system principal. The writers below
//! are also what tests use to set up a programme's distributions.

use crate::SplitMix;
use crate::names::{FAMILY, FEMALE, MALE};
use crate::sites::Sites;
use dugu_domain::EntityKind;
use dugu_relief::displacement::{DurationRule, Status};
use dugu_relief::ration::{Basis, HouseholdFacts, RationItem};
use dugu_relief::{Modality, Unit};
use dugu_storage::{HouseholdInput, Op, PersonInput, PreparedPerson, Principal, StoreError, Tx};
use serde_json::{Value, json};
use time::{Date, Duration};

/// A member of a household being registered.
#[derive(Debug, Clone)]
pub struct NewMember {
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// `F` or `M`.
    pub sex: &'static str,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// `head`, `spouse`, `child`, `grandchild`, `other`.
    pub relationship: &'static str,
    /// Specific needs (`pregnant_or_breastfeeding`, `chronic_illness`…).
    pub flags: Vec<&'static str>,
    /// The six Washington Group answers, for members aged 5 and over.
    pub wgss: Option<[&'static str; 6]>,
}

/// A displaced household being registered in a relief programme.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    /// The programme.
    pub programme_id: String,
    /// The site it lives at (the household's location).
    pub location_id: String,
    /// `idp`, `returnee` or `host`.
    pub status: &'static str,
    /// Arrival day.
    pub arrival_date: Date,
    /// `conflict`, `insecurity`, `floods`.
    pub reason: &'static str,
    /// Where it lives now (P-code) and where it came from.
    pub admin_pcode: &'static str,
    /// Where it came from.
    pub origin_pcode: Option<&'static str>,
    /// The boundaries' edition of both codes.
    pub pcode_edition: &'static str,
    /// The day it was registered.
    pub registered_on: Date,
    /// Head first.
    pub members: Vec<NewMember>,
}

/// What a registration made.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The household.
    pub household_id: String,
    /// Its members, in the order given.
    pub people: Vec<String>,
}

/// Registers a household: its people, the household, its displacement
/// record and each member's needs — one transaction, as the system.
pub fn register(tx: &mut Tx<'_>, who: &Principal, r: &NewRegistration) -> Result<Registered, StoreError> {
    let prepared = r
        .members
        .iter()
        .map(|m| {
            PreparedPerson::new(
                who,
                &PersonInput {
                    given_name: m.given_name.clone(),
                    family_name: m.family_name.clone(),
                    sex: m.sex.into(),
                    birth_date: m.birth_date.clone(),
                    location_id: r.location_id.clone(),
                    sent: ["given_name", "family_name", "sex", "birth_date", "location_id"].map(String::from).to_vec(),
                    ..Default::default()
                },
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let people = tx.insert_people(who, &prepared)?;
    let head = r.members.first().map_or("", |m| m.family_name.as_str());
    let household = tx.create_household(
        who,
        &HouseholdInput {
            name: format!("Famille {head}"),
            location_id: r.location_id.clone(),
            members: people.iter().zip(&r.members).map(|(id, m)| (id.clone(), m.relationship.to_string())).collect(),
        },
    )?;
    let female_head = r.members.first().is_some_and(|m| m.sex == "F");
    let household_flags: Vec<&str> = if female_head && !r.members.iter().any(|m| m.relationship == "spouse") {
        vec!["single_female_headed"]
    } else {
        Vec::new()
    };
    let mut ops = vec![Op::create(
        EntityKind::Displacement,
        &dugu_storage::new_id(),
        vec![
            ("household_id", json!(household.id)),
            ("programme_id", json!(r.programme_id)),
            ("status", json!(r.status)),
            ("arrival_date", json!(r.arrival_date.to_string())),
            ("reason", json!(r.reason)),
            ("host_family", json!(r.status == "host")),
            ("admin_pcode", json!(r.admin_pcode)),
            ("origin_pcode", json!(r.origin_pcode)),
            ("pcode_edition", json!(r.pcode_edition)),
            ("script_read", json!(true)),
            ("lawful_basis", json!("public_interest")),
            ("sharing_consent", json!(false)),
            ("household_flags", json!(household_flags)),
            ("alternate_ids", json!(Vec::<String>::new())),
            ("card_serial", json!(1)),
            ("registered_on", json!(r.registered_on.to_string())),
        ],
    )];
    for (person, m) in people.iter().zip(&r.members) {
        let disability = m.wgss.is_some_and(|w| w.iter().any(|a| *a == "a_lot" || *a == "cannot"));
        ops.push(Op::create(
            EntityKind::MemberNeeds,
            &dugu_storage::new_id(),
            vec![
                ("household_id", json!(household.id)),
                ("person_id", json!(person)),
                ("flags", json!(m.flags)),
                ("wgss", m.wgss.map_or(Value::Null, |w| json!(w.join(" ")))),
                ("disability", json!(disability)),
            ],
        ));
    }
    tx.apply(Some(who), ops)?;
    Ok(Registered { household_id: household.id, people })
}

/// A demo registration as the registration command takes it (the form's
/// and the API's input).
pub fn registration_input(r: &NewRegistration) -> dugu_storage::relief_registration::RegistrationInput {
    use dugu_storage::relief_registration::{MemberInput, RegistrationInput};
    let member = |m: &NewMember| MemberInput {
        person: PersonInput {
            given_name: m.given_name.clone(),
            family_name: m.family_name.clone(),
            sex: m.sex.to_string(),
            birth_date: m.birth_date.clone(),
            sent: vec!["given_name".into(), "family_name".into(), "sex".into()],
            ..Default::default()
        },
        relationship: m.relationship.to_string(),
        flags: m.flags.iter().map(|f| f.to_string()).collect(),
        wgss: m.wgss.map(|w| w.iter().map(|a| a.to_string()).collect()).unwrap_or_default(),
        alternate: false,
    };
    let mut people = r.members.iter().map(member);
    RegistrationInput {
        programme_id: r.programme_id.clone(),
        location_id: r.location_id.clone(),
        arrival_date: r.arrival_date.to_string(),
        status: r.status.to_string(),
        reason: r.reason.to_string(),
        host_family: r.status == "host",
        admin_pcode: r.admin_pcode.to_string(),
        origin_pcode: r.origin_pcode.unwrap_or_default().to_string(),
        pcode_edition: r.pcode_edition.to_string(),
        script_read: true,
        lawful_basis: "public_interest".into(),
        head: people.next().unwrap_or_default(),
        members: people.collect(),
        ..Default::default()
    }
}

/// A distribution cycle.
#[derive(Debug, Clone)]
pub struct NewCycle {
    /// The programme.
    pub programme_id: String,
    /// Its name.
    pub name: String,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// `draft`, `approved` or `closed`.
    pub status: &'static str,
    /// The ration table, as the API's `items`.
    pub items: Value,
    /// The sites it serves.
    pub site_ids: Vec<String>,
}

/// Creates a cycle; returns its id.
pub fn create_cycle(tx: &mut Tx<'_>, who: &Principal, c: &NewCycle) -> Result<String, StoreError> {
    let id = dugu_storage::new_id();
    tx.apply(
        Some(who),
        vec![Op::create(
            EntityKind::ReliefCycle,
            &id,
            vec![
                ("programme_id", json!(c.programme_id)),
                ("name", json!(c.name)),
                ("start_date", json!(c.start.to_string())),
                ("end_date", json!(c.end.to_string())),
                ("status", json!(c.status)),
                ("items", c.items.clone()),
                ("duration_rule", Value::Null),
                ("carry_over", json!(false)),
                ("site_ids", json!(c.site_ids)),
            ],
        )],
    )?;
    Ok(id)
}

/// One entitlement to write.
#[derive(Debug, Clone)]
pub struct NewEntitlement<'a> {
    /// The cycle.
    pub cycle_id: &'a str,
    /// The household.
    pub household_id: &'a str,
    /// The item (`cereal`…).
    pub item: &'a str,
    /// Grams, millilitres or francs CFA.
    pub quantity: u64,
    /// `g`, `ml`, `xof`, `piece`.
    pub unit: &'a str,
    /// `in_kind` or `cash`.
    pub modality: &'a str,
    /// What it was computed from.
    pub inputs: Value,
    /// The site assigned to serve it.
    pub site_id: &'a str,
}

/// Writes an approved entitlement; returns its id.
pub fn entitle(tx: &mut Tx<'_>, who: &Principal, e: &NewEntitlement<'_>) -> Result<String, StoreError> {
    let (id, op) = entitlement_op(e);
    tx.apply(Some(who), vec![op])?;
    Ok(id)
}

/// An approved entitlement's creation and its id (a batch is one apply).
pub fn entitlement_op(e: &NewEntitlement<'_>) -> (String, Op) {
    let id = dugu_storage::new_id();
    let op = Op::create(
        EntityKind::Entitlement,
        &id,
        vec![
            ("cycle_id", json!(e.cycle_id)),
            ("household_id", json!(e.household_id)),
            ("item", json!(e.item)),
            ("quantity", json!(e.quantity)),
            ("unit", json!(e.unit)),
            ("modality", json!(e.modality)),
            ("inputs", e.inputs.clone()),
            ("status", json!("approved")),
            ("site_id", json!(e.site_id)),
            ("carried_from", Value::Null),
        ],
    );
    (id, op)
}

/// Writes a receipt of an entitlement, collected by the household's head
/// at `site_id` at `served_at` (RFC 3339 UTC), numbered as the desk
/// numbers one (the site's next receipt number); returns its id.
pub fn receive(
    tx: &mut Tx<'_>,
    who: &Principal,
    entitlement_id: &str,
    household_id: &str,
    site_id: &str,
    served_at: &str,
) -> Result<String, StoreError> {
    let number = tx.take_receipt_numbers(site_id, 1)?.pop();
    let (id, op) = receipt_op(who, entitlement_id, household_id, site_id, served_at, number.as_deref());
    tx.apply(Some(who), vec![op])?;
    Ok(id)
}

/// A receipt's creation and its id (see [`receive`]); `number` from
/// [`Tx::take_receipt_numbers`] (`None`: a receipt made before receipts
/// were numbered).
pub fn receipt_op(
    who: &Principal,
    entitlement_id: &str,
    household_id: &str,
    site_id: &str,
    served_at: &str,
    number: Option<&str>,
) -> (String, Op) {
    let id = dugu_storage::new_id();
    let op = Op::create(
        EntityKind::Receipt,
        &id,
        vec![
            ("entitlement_id", json!(entitlement_id)),
            ("household_id", json!(household_id)),
            ("client_uuid", json!(dugu_storage::new_id())),
            ("collector_role", json!("head")),
            ("collector_id", Value::Null),
            ("site_id", json!(site_id)),
            ("served_by", json!(who.user_id())),
            ("served_at", json!(served_at)),
            ("override_reason", Value::Null),
            ("voided", Value::Null),
            ("number", json!(number)),
        ],
    );
    (id, op)
}

/// WFP's full general food distribution basket for a 30-day cycle, capped
/// at 10 people (relief.md 1.1): cereal 12 kg, pulses 1.8 kg, oil 0.75 L,
/// salt 0.15 kg per person.
fn wfp_basket() -> Vec<RationItem> {
    let item = |item: &str, unit, per_person| RationItem {
        item: item.to_string(),
        unit,
        basis: Basis::PerPerson { per_person, cap: 10 },
        rounding: None,
        modality: Modality::InKind,
    };
    vec![
        item("céréales", Unit::Gram, 12_000),
        item("légumineuses", Unit::Gram, 1_800),
        item("huile", Unit::Millilitre, 750),
        item("sel", Unit::Gram, 150),
    ]
}

fn items_json(items: &[RationItem]) -> Value {
    // The shape of `dugu_commands::relief_cycles::ItemInput`, which the
    // cycles' reads decode: an exact amount has an empty rounding.
    Value::Array(
        items
            .iter()
            .map(|i| {
                let (per_person, per_household, cap) = match i.basis {
                    Basis::PerPerson { per_person, cap } => (Some(per_person), None, cap),
                    Basis::PerHousehold { amount } => (None, Some(amount), 0),
                };
                json!({"item": i.item, "per_person": per_person, "per_household": per_household,
                       "unit": i.unit.code(), "cap": cap, "rounding": "", "step": null,
                       "modality": i.modality.code()})
            })
            .collect(),
    )
}

/// How much relief demo data was written, and the families to register
/// again at the other site (see [`ReliefSummary::again`]).
#[derive(Debug, Default, Clone)]
pub struct ReliefSummary {
    /// Households registered (re-registrations included).
    pub households: u32,
    /// People registered.
    pub people: u32,
    /// Households registered a second time at the other site.
    pub registered_twice: u32,
    /// Families registered again, later, at the other site, with names
    /// spelt another way: registered after the seeding through
    /// `Store::register_displaced`, as an officer would, so the linkage
    /// finds them and the supervisor's queue holds real pairs.
    pub again: Vec<dugu_storage::relief_registration::RegistrationInput>,
    /// Entitlements.
    pub entitlements: u32,
    /// Receipts.
    pub receipts: u32,
}

/// Households registered per site.
const PLAN: [(&str, u32); 2] = [("MOP-SEV", 200), ("MOP-BAR", 140)];

/// Farming households Khouloum supports through the lean season.
const KHOULOUM: u32 = 40;

/// Where displaced households came from (pre-2023 cercles of Mopti).
const ORIGINS: [&str; 5] = ["ML0501", "ML0502", "ML0503", "ML0504", "ML0505"];

fn spell(rng: &mut SplitMix, name: &'static str, alts: &'static [&'static str]) -> String {
    if alts.is_empty() || !rng.chance(25) {
        name.to_string()
    } else {
        alts[rng.below(alts.len() as u64) as usize].to_string()
    }
}

/// Another way of writing a name: a listed variant when there is one.
fn respelt(name: &str, list: &[(&'static str, &'static [&'static str], u32)]) -> String {
    list.iter()
        .find(|(n, alts, _)| *n == name || alts.contains(&name))
        .and_then(|(n, alts, _)| if *n == name { alts.first().copied() } else { Some(*n) })
        .unwrap_or(name)
        .to_string()
}

fn member(
    rng: &mut SplitMix,
    female: bool,
    family: &str,
    age: u32,
    relationship: &'static str,
    today: Date,
) -> NewMember {
    let (given, alts) = rng.weighted(if female { FEMALE } else { MALE });
    let born = today - Duration::days(i64::from(age) * 365 + rng.below(365) as i64);
    let mut flags = Vec::new();
    if female && (18..45).contains(&age) && rng.chance(12) {
        flags.push("pregnant_or_breastfeeding");
    }
    if age >= 50 && rng.chance(15) {
        flags.push("chronic_illness");
    }
    let wgss = (age >= 5).then(|| {
        let mut answers = ["none"; 6];
        if age >= 60 && rng.chance(30) {
            answers[rng.below(6) as usize] = "a_lot";
        } else if rng.chance(8) {
            answers[rng.below(6) as usize] = "some";
        }
        answers
    });
    NewMember {
        given_name: spell(rng, given, alts),
        family_name: family.to_string(),
        sex: if female { "F" } else { "M" },
        birth_date: born.to_string(),
        relationship,
        flags,
        wgss,
    }
}

fn household(rng: &mut SplitMix, today: Date) -> Vec<NewMember> {
    let (family, alts) = rng.weighted(FAMILY);
    let family = spell(rng, family, alts);
    let head_female = rng.chance(30);
    let head_age = 22 + rng.below(45) as u32;
    let mut members = vec![member(rng, head_female, &family, head_age, "head", today)];
    if rng.chance(70) {
        let (other, _) = rng.weighted(FAMILY);
        let age = head_age.saturating_sub(rng.below(12) as u32).max(18);
        members.push(member(rng, !head_female, other, age, "spouse", today));
    }
    for _ in 0..1 + rng.below(7) {
        let (age, female) = (rng.below(18) as u32, rng.chance(50));
        members.push(member(rng, female, &family, age, "child", today));
    }
    if rng.chance(15) {
        let (age, female) = (60 + rng.below(25) as u32, rng.chance(60));
        members.push(member(rng, female, &family, age, "other", today));
    }
    members
}

/// Seeds the Mopti programme's relief: about 340 households (~2,000
/// people) at Sévaré and Barbé, a few registered again at the other site
/// with names spelt differently, two cycles done (most households served)
/// and a third open (few served yet); and Khouloum's lean-season support
/// to 40 farming households. Dates follow `today`.
pub fn seed_relief(tx: &mut Tx<'_>, sites: &Sites, admin_id: &str, today: Date) -> Result<ReliefSummary, StoreError> {
    seed_relief_sized(tx, sites, admin_id, today, PLAN.map(|(_, n)| n), KHOULOUM)
}

/// [`seed_relief`] with `households` registered at Sévaré and at Barbé,
/// and `khouloum` farming households (tests that walk every person of the
/// demo want fewer).
pub fn seed_relief_sized(
    tx: &mut Tx<'_>,
    sites: &Sites,
    admin_id: &str,
    today: Date,
    households: [u32; 2],
    khouloum: u32,
) -> Result<ReliefSummary, StoreError> {
    let who = tx.system_principal(admin_id, dugu_storage::SystemTask::DemoSeeding)?;
    let Some(programme_id) = tx
        .programmes_by_site()?
        .into_iter()
        .find(|(_, kind, site)| kind == "emergency_relief" && site == "MOP")
        .map(|(id, _, _)| id)
    else {
        return Ok(ReliefSummary::default());
    };
    let mut rng = SplitMix(0x5245_4C49_4546);
    let mut sum = ReliefSummary::default();
    // (household, site, size, status, arrival)
    let mut registered: Vec<(String, String, u32, Status, Date)> = Vec::new();
    for ((site, _), count) in PLAN.into_iter().zip(households) {
        let location = sites.id(site)?.to_string();
        let other = sites.id(if site == "MOP-SEV" { "MOP-BAR" } else { "MOP-SEV" })?.to_string();
        for _ in 0..count {
            let members = household(&mut rng, today);
            let status = match rng.below(100) {
                0..=84 => "idp",
                85..=89 => "returnee",
                _ => "host",
            };
            let arrival = today - Duration::days(100 + rng.below(200) as i64);
            let reg = NewRegistration {
                programme_id: programme_id.clone(),
                location_id: location.clone(),
                status,
                arrival_date: arrival,
                reason: ["conflict", "conflict", "insecurity", "floods"][rng.below(4) as usize],
                admin_pcode: "ML0506",
                origin_pcode: (status != "host").then(|| ORIGINS[rng.below(ORIGINS.len() as u64) as usize]),
                pcode_edition: "pre2023",
                registered_on: arrival + Duration::days(rng.below(10) as i64),
                members,
            };
            let made = register(tx, &who, &reg)?;
            sum.households += 1;
            sum.people += reg.members.len() as u32;
            let parsed = Status::parse(status).unwrap_or(Status::Idp);
            registered.push((made.household_id, location.clone(), reg.members.len() as u32, parsed, arrival));
            // One household in twenty registered again later at the other
            // site: the mother and some children, names spelt another way.
            if rng.chance(5) {
                let mut again: Vec<NewMember> = reg
                    .members
                    .iter()
                    .filter(|m| m.relationship != "other" && (m.relationship != "child" || rng.chance(70)))
                    .cloned()
                    .collect();
                for m in &mut again {
                    m.family_name = respelt(&m.family_name, FAMILY);
                    m.given_name = respelt(&m.given_name, if m.sex == "F" { FEMALE } else { MALE });
                }
                let again = NewRegistration { location_id: other.clone(), members: again, ..reg };
                sum.registered_twice += 1;
                sum.again.push(registration_input(&again));
            }
        }
    }
    let basket = wfp_basket();
    let site_ids: Vec<String> = PLAN.iter().map(|(s, _)| sites.id(s).map(str::to_string)).collect::<Result<_, _>>()?;
    for (n, (days_ago, status, served_percent)) in
        [(75i64, "closed", 92u64), (45, "closed", 88), (5, "approved", 15)].into_iter().enumerate()
    {
        let start = today - Duration::days(days_ago);
        let cycle = NewCycle {
            programme_id: programme_id.clone(),
            name: format!("Distribution générale – cycle {}", n + 1),
            start,
            end: start + Duration::days(29),
            status,
            items: items_json(&basket),
            site_ids: site_ids.clone(),
        };
        let days = days_ago.clamp(1, 20) as u64;
        distribute(tx, &who, &mut rng, &cycle, &basket, &registered, (served_percent, days), &mut sum)?;
    }
    lean_season(tx, &who, sites, &mut rng, today, khouloum, &mut sum)?;
    Ok(sum)
}

/// A cycle and its entitlements (dugu-relief's ration rule), `served.0`
/// percent of households served within `served.1` days of its start: one
/// apply for the whole cycle.
#[allow(clippy::too_many_arguments)]
fn distribute(
    tx: &mut Tx<'_>,
    who: &Principal,
    rng: &mut SplitMix,
    cycle: &NewCycle,
    basket: &[RationItem],
    registered: &[(String, String, u32, Status, Date)],
    served: (u64, u64),
    sum: &mut ReliefSummary,
) -> Result<(), StoreError> {
    let cycle_id = create_cycle(tx, who, cycle)?;
    let rule = DurationRule::default();
    let mut ops = Vec::new();
    // (site, item) → (unit, entitled, handed over), for the stock books.
    let mut books: std::collections::BTreeMap<(String, String), (&'static str, i64, i64)> = Default::default();
    // (site, served at, entitlement, household): numbered once all are
    // known, in the order the desks would have handed them over.
    let mut served_here: Vec<(&str, String, String, &str)> = Vec::new();
    for (household, site, size, status, arrival) in registered {
        let facts = HouseholdFacts { size: Some(*size), status: *status, arrival: Some(*arrival) };
        let is_served = rng.chance(served.0);
        let at = cycle.start + Duration::days(rng.below(served.1) as i64);
        let served_at = format!("{at}T{:02}:{:02}:00Z", 8 + rng.below(8), rng.below(60));
        for item in basket {
            let Ok(Some(e)) = item.entitlement(facts, &rule, cycle.start) else { continue };
            let inputs = json!({"size": e.inputs.size, "used": e.inputs.used, "capped": e.inputs.capped,
                                "percent": e.inputs.percent, "arrival_date": arrival.to_string()});
            let (id, op) = entitlement_op(&NewEntitlement {
                cycle_id: &cycle_id,
                household_id: household,
                item: &e.item,
                quantity: e.quantity,
                unit: e.unit.code(),
                modality: e.modality.code(),
                inputs,
                site_id: site,
            });
            ops.push(op);
            sum.entitlements += 1;
            let line = books.entry((site.clone(), e.item.clone())).or_insert((e.unit.code(), 0, 0));
            line.1 += e.quantity as i64;
            if is_served {
                line.2 += e.quantity as i64;
                served_here.push((site.as_str(), served_at.clone(), id, household.as_str()));
                sum.receipts += 1;
            }
        }
    }
    // Each site's receipts numbered from its counter as its desk would
    // have numbered them: by the time they were handed over (a stable
    // sort keeps a household's items in the basket's order).
    served_here.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    for at_site in served_here.chunk_by(|a, b| a.0 == b.0) {
        let Some(&(site, ..)) = at_site.first() else { continue };
        let numbers = tx.take_receipt_numbers(site, at_site.len() as u64)?;
        for ((site, served_at, entitlement, household), number) in at_site.iter().zip(&numbers) {
            ops.push(receipt_op(who, entitlement, household, site, served_at, Some(number)).1);
        }
    }
    tx.apply(Some(who), ops)?;
    stock(tx, who, &cycle_id, cycle, &books)
}

/// A cycle's stock at each site, as the storekeepers would have kept it:
/// a waybill for what was owed; once the cycle is closed, a loss on the
/// cereal (rain), what was not collected returned to the warehouse, and
/// the supervisor's reconciliation, balanced.
fn stock(
    tx: &mut Tx<'_>,
    who: &Principal,
    cycle_id: &str,
    cycle: &NewCycle,
    books: &std::collections::BTreeMap<(String, String), (&'static str, i64, i64)>,
) -> Result<(), StoreError> {
    let movement =
        |site: &str, item: &str, kind: &str, quantity: i64, unit: &str, reference: Value, note: Value, on: Date| {
            Op::create(
                EntityKind::StockMovement,
                &dugu_storage::new_id(),
                vec![
                    ("site_id", json!(site)),
                    ("cycle_id", json!(cycle_id)),
                    ("item", json!(item)),
                    ("movement", json!(kind)),
                    ("quantity", json!(quantity)),
                    ("unit", json!(unit)),
                    ("reference", reference),
                    ("note", note),
                    ("recorded_on", json!(on.to_string())),
                    ("recorded_by", json!(who.user_id())),
                ],
            )
        };
    let mut ops = Vec::new();
    for (n, ((site, item), (unit, owed, handed))) in books.iter().enumerate() {
        if *owed <= 0 {
            continue;
        }
        let waybill = json!(format!("BL-{}-{:03}", cycle.start.year(), n + 1));
        ops.push(movement(site, item, "waybill", *owed, unit, waybill, Value::Null, cycle.start - Duration::days(2)));
        if cycle.status != "closed" {
            continue;
        }
        let lost = if item == "céréales" { (owed - handed) / 20 } else { 0 };
        if lost > 0 {
            let note = json!("Sacs mouillés par la pluie dans le magasin");
            ops.push(movement(site, item, "loss", lost, unit, Value::Null, note, cycle.end));
        }
        let returned = owed - handed - lost;
        if returned > 0 {
            ops.push(movement(site, item, "return", returned, unit, Value::Null, Value::Null, cycle.end));
        }
        ops.push(Op::create(
            EntityKind::StockReconciliation,
            &dugu_storage::new_id(),
            vec![
                ("site_id", json!(site)),
                ("cycle_id", json!(cycle_id)),
                ("item", json!(item)),
                ("unit", json!(unit)),
                ("opening", json!(0)),
                ("received", json!(owed)),
                ("distributed", json!(handed)),
                ("losses", json!(lost)),
                ("returned", json!(returned.max(0))),
                ("counted", json!(0)),
                ("explanation", Value::Null),
                ("validated_by", json!(who.user_id())),
                ("validated_on", json!((cycle.end + Duration::days(1)).to_string())),
            ],
        ));
    }
    if ops.is_empty() { Ok(()) } else { tx.apply(Some(who), ops) }
}

/// Khouloum's farmers: for most households the last season's area, its
/// harvest and the months of stock declared after it, and the seed,
/// fertiliser or goats they received in kind.
fn farming(
    tx: &mut Tx<'_>,
    who: &Principal,
    rng: &mut SplitMix,
    programme_id: &str,
    year: i32,
    today: Date,
    households: &[(String, String, u32, Status, Date)],
) -> Result<(), StoreError> {
    let declared = Date::from_calendar_date(year, time::Month::October, 20).unwrap_or(today).min(today);
    let sown = Date::from_calendar_date(year, time::Month::June, 10).unwrap_or(today);
    let mut ops = Vec::new();
    for (household, _, size, _, _) in households {
        if !rng.chance(85) {
            continue;
        }
        let season = dugu_storage::new_id();
        let area = (5 + rng.below(30)) as f64 / 10.0;
        let harvest = (area * (350 + rng.below(500)) as f64) as i64;
        // A person eats about 15 kg of cereal a month.
        let months = (harvest / (15 * i64::from((*size).max(1)))).min(12);
        ops.push(Op::create(
            EntityKind::FarmSeason,
            &season,
            vec![
                ("household_id", json!(household)),
                ("programme_id", json!(programme_id)),
                ("season", json!(year.to_string())),
                ("area_ha", json!(area)),
                ("harvest_kg", json!(harvest)),
                ("stock_months", json!(months)),
                ("declared_on", json!(declared.to_string())),
                ("next_harvest", json!(format!("{}-10-01", year + 1))),
            ],
        ));
        let input = |input: &str, description: &str, quantity: i64, unit: &str| {
            Op::create(
                EntityKind::FarmInput,
                &dugu_storage::new_id(),
                vec![
                    ("household_id", json!(household)),
                    ("season_id", json!(season)),
                    ("input", json!(input)),
                    ("description", json!(description)),
                    ("quantity", json!(quantity)),
                    ("unit", json!(unit)),
                    ("received_on", json!(sown.to_string())),
                ],
            )
        };
        ops.push(input("seed", "Semences de sorgho améliorées", 10_000, "g"));
        ops.push(input("fertiliser", "Engrais NPK", 50_000, "g"));
        if rng.chance(30) {
            ops.push(input("small_livestock", "Chèvres", 2, "piece"));
        }
    }
    if ops.is_empty() { Ok(()) } else { tx.apply(Some(who), ops) }
}

/// Khouloum's farming households (the host community, cercle of Kayes)
/// and the state's lean-season ration for the last July–September past:
/// 9 kg of cereal a person a month (dugu-relief's template), and their
/// last season's harvest, declared stock and inputs.
fn lean_season(
    tx: &mut Tx<'_>,
    who: &Principal,
    sites: &Sites,
    rng: &mut SplitMix,
    today: Date,
    households: u32,
    sum: &mut ReliefSummary,
) -> Result<(), StoreError> {
    let Some(programme_id) = tx
        .programmes_by_site()?
        .into_iter()
        .find(|(_, kind, site)| kind == "emergency_relief" && site == "KHO")
        .map(|(id, _, _)| id)
    else {
        return Ok(());
    };
    let year = if today.month() >= time::Month::October { today.year() } else { today.year() - 1 };
    let (items, cycles) = dugu_relief::cycle::lean_season(year);
    let site = sites.id("KHO")?.to_string();
    let settled = Date::from_calendar_date(year - 20, time::Month::January, 1).unwrap_or(today);
    let mut registered = Vec::new();
    for _ in 0..households {
        let reg = NewRegistration {
            programme_id: programme_id.clone(),
            location_id: site.clone(),
            status: "host",
            arrival_date: settled,
            reason: "drought",
            admin_pcode: "ML0103",
            origin_pcode: None,
            pcode_edition: "pre2023",
            registered_on: Date::from_calendar_date(year, time::Month::June, 1 + rng.below(28) as u8).unwrap_or(today),
            members: household(rng, today),
        };
        let made = register(tx, who, &reg)?;
        sum.households += 1;
        sum.people += reg.members.len() as u32;
        registered.push((made.household_id, site.clone(), reg.members.len() as u32, Status::Host, settled));
    }
    for dates in cycles {
        let cycle = NewCycle {
            programme_id: programme_id.clone(),
            name: dates.name,
            start: dates.start,
            end: dates.end,
            status: "closed",
            items: items_json(&items),
            site_ids: vec![site.clone()],
        };
        distribute(tx, who, rng, &cycle, &items, &registered, (95, 20), sum)?;
    }
    farming(tx, who, rng, &programme_id, year, today, &registered)
}
