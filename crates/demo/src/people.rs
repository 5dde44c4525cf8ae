//! Fictional people and households for the demo, the same every time.

use crate::names::{FAMILY, FEMALE, MALE};
use crate::sites::Sites;
use dugu_storage::{HouseholdInput, PersonInput, StoreError, SystemTask, Tx};

/// A small deterministic generator (SplitMix64): the demo is the same on
/// every machine.
pub struct SplitMix(pub u64);

impl SplitMix {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// A weighted pick of a name and its other spellings.
    pub fn weighted(
        &mut self,
        items: &[(&'static str, &'static [&'static str], u32)],
    ) -> (&'static str, &'static [&'static str]) {
        let total: u64 = items.iter().map(|i| u64::from(i.2)).sum();
        let mut x = self.below(total);
        for (v, alts, w) in items {
            if x < u64::from(*w) {
                return (v, alts);
            }
            x -= u64::from(*w);
        }
        items.last().map_or(("", &[]), |l| (l.0, l.1))
    }
}

/// How many people the demo made.
#[derive(Debug, Default, Clone, Copy)]
pub struct DemoSummary {
    /// Children (under 18).
    pub children: u32,
    /// Adults.
    pub adults: u32,
    /// Households.
    pub households: u32,
    /// Growth measurements.
    pub measurements: u32,
    /// Children admitted to a village.
    pub admissions: u32,
    /// Households in family strengthening.
    pub supported: u32,
    /// Medical visits.
    pub medical_visits: u32,
    /// School years.
    pub school_years: u32,
}

/// A name as written on this record (sometimes a variant spelling) and the
/// other spellings recorded with it.
fn spelled(rng: &mut SplitMix, name: &str, alts: &[&str]) -> (String, Vec<String>) {
    if alts.is_empty() || !rng.chance(35) {
        return (name.to_string(), Vec::new());
    }
    let alt = alts[rng.below(alts.len() as u64) as usize];
    if rng.chance(40) { (alt.to_string(), vec![name.to_string()]) } else { (name.to_string(), vec![alt.to_string()]) }
}

struct NewPerson<'a> {
    female: bool,
    family: (&'a str, &'a [&'a str]),
    age: u32,
    location: &'a str,
    adult: bool,
}

fn person_input(rng: &mut SplitMix, p: &NewPerson<'_>, year_now: i32) -> PersonInput {
    let (given, galts) = if p.female { rng.weighted(FEMALE) } else { rng.weighted(MALE) };
    let (given, mut other) = spelled(rng, given, galts);
    let (family, fother) = spelled(rng, p.family.0, p.family.1);
    other.extend(fother);
    let year = year_now - p.age as i32;
    let mut input = PersonInput {
        given_name: given,
        family_name: family,
        other_names: other.join("\n"),
        sex: if p.female { "F".into() } else { "M".into() },
        location_id: p.location.to_string(),
        ..Default::default()
    };
    // Birth dates as they are known in the field: a certificate for some,
    // the year for others, often only an age.
    let kind = rng.below(100);
    if p.adult {
        if kind < 45 {
            input.birth_date = year.to_string();
        } else if kind < 60 {
            input.birth_date = format!("{year}-01-01");
        } else {
            input.age_years = Some(i64::from(p.age));
        }
        if rng.chance(70) {
            input.phone = format!(
                "+223 {} {:02} {:02} {:02}",
                [66, 76, 79, 65, 90, 70][rng.below(6) as usize],
                rng.below(100),
                rng.below(100),
                rng.below(100)
            );
        }
        if rng.chance(30) {
            input.national_id = format!("{}{:09}", 1 + rng.below(9), rng.below(1_000_000_000));
        }
    } else {
        if kind < 60 {
            // A full date in the current year could lie ahead of today.
            let year = if p.age == 0 { year - 1 } else { year };
            input.birth_date = format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
            if rng.chance(50) {
                input.birth_certificate = format!("AN-{year}-{:05}", rng.below(100_000));
            }
        } else if kind < 85 {
            input.birth_date = year.to_string();
        } else {
            input.age_years = Some(i64::from(p.age));
        }
        if rng.chance(15) {
            input.medical_notes = [
                "Suivi nutritionnel mensuel.",
                "Vaccinations à compléter.",
                "Paludisme traité (démo).",
                "Allergie signalée (démo).",
            ][rng.below(4) as usize]
                .into();
        }
        if rng.chance(10) {
            input.protection_notes = [
                "Suivi de protection en cours (démo).",
                "Recherche familiale ouverte (démo).",
                "Visite à domicile prévue (démo).",
            ][rng.below(3) as usize]
                .into();
        }
    }
    input.sent = [
        "given_name",
        "family_name",
        "other_names",
        "sex",
        "birth_date",
        "age_years",
        "location_id",
        "phone",
        "national_id",
        "birth_certificate",
        "medical_notes",
        "protection_notes",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    input
}

/// `(site, households, children living in the village's family houses)`.
const PLAN: &[(&str, u32, u32)] = &[("SAN", 35, 30), ("KIT", 35, 30), ("SOC", 30, 25), ("KHO", 25, 20), ("MOP", 25, 0)];

/// The town a site's children go to school in.
fn school_town(site: &str) -> &'static str {
    match site {
        "SAN" => "Sanankoroba",
        "KIT" => "Kita",
        "SOC" => "Socoura",
        "KHO" => "Kayes",
        _ => "Mopti",
    }
}

/// Creates the demo's people, households and enrolments as `admin_id`.
pub fn seed_demo(tx: &mut Tx<'_>, sites: &Sites, admin_id: &str, year_now: i32) -> Result<DemoSummary, StoreError> {
    // The demo writes at every site, as the administrator: an audited
    // system principal, the only kind not made from a sign-in.
    let who = tx.system_principal(admin_id, SystemTask::DemoSeeding)?;
    let programmes = tx.programmes_by_site()?;
    let programme = |site: &str, kind: &str| {
        programmes.iter().find(|(_, k, s)| s == site && k == kind).map(|(id, _, _)| id.clone())
    };
    let mut rng = SplitMix(0x5050_4D41_4C49);
    // A stream of its own, so measurements never change who the demo's
    // people are.
    let mut growth_rng = SplitMix(0x4752_4F57);
    let today = time::OffsetDateTime::now_utc().date();
    let mut village_rng = SplitMix(0x5649_4C4C);
    let mut family_rng = SplitMix(0x4641_4D49);
    let mut medical_rng = SplitMix(0x4D45_4449);
    let mut school_rng = SplitMix(0x5343_484F);
    let mut sum = DemoSummary::default();
    for (site, households, village_children) in PLAN {
        let loc = sites.id(site)?.to_string();
        for _ in 0..*households {
            let family = rng.weighted(FAMILY);
            let head_female = rng.chance(30);
            let head_age = 25 + rng.below(35) as u32;
            let head = tx.create_person(
                &who,
                &person_input(
                    &mut rng,
                    &NewPerson { female: head_female, family, age: head_age, location: &loc, adult: true },
                    year_now,
                ),
            )?;
            sum.adults += 1;
            let mut members = vec![(head.id.clone(), "head".to_string())];
            if rng.chance(65) {
                let other_family = rng.weighted(FAMILY);
                let spouse_age = head_age.saturating_sub(rng.below(10) as u32).max(20);
                let spouse = tx.create_person(
                    &who,
                    &person_input(
                        &mut rng,
                        &NewPerson {
                            female: !head_female,
                            family: other_family,
                            age: spouse_age,
                            location: &loc,
                            adult: true,
                        },
                        year_now,
                    ),
                )?;
                sum.adults += 1;
                members.push((spouse.id, "spouse".into()));
            }
            let n_children = 1 + rng.below(3);
            for _ in 0..n_children {
                let grandchild = head_age > 50 && rng.chance(40);
                let (female, age) = (rng.chance(50), rng.below(16) as u32);
                let child = tx.create_person(
                    &who,
                    &person_input(&mut rng, &NewPerson { female, family, age, location: &loc, adult: false }, year_now),
                )?;
                sum.children += 1;
                sum.measurements += crate::growth::measure_child(tx, &who, &mut growth_rng, site, &child, today)?;
                sum.medical_visits += crate::medical::seed_child(tx, &who, &mut medical_rng, &child, today)?;
                sum.school_years += crate::school::seed_child(
                    tx,
                    &who,
                    &mut school_rng,
                    &child,
                    &format!("École fondamentale de {}", school_town(site)),
                    today,
                )?;
                let kind = if *site == "MOP" { "emergency_relief" } else { "family_strengthening" };
                if let Some(p) = programme(site, kind) {
                    tx.enrol(&who, &p, &child.id, &format!("{}-09-01", year_now - 1 - rng.below(4) as i32))?;
                }
                members.push((child.id, if grandchild { "grandchild".into() } else { "child".into() }));
            }
            if *site == "MOP"
                && let Some(p) = programme(site, "emergency_relief")
            {
                tx.enrol(&who, &p, &head.id, &format!("{}-03-15", year_now - 1))?;
            }
            let name = format!("Famille {}", head.family_name);
            let household = tx.create_household(&who, &HouseholdInput { name, location_id: loc.clone(), members })?;
            sum.households += 1;
            if *site != "MOP" {
                sum.supported += crate::family::support_household(tx, &who, &mut family_rng, &household.id, today)?;
            }
        }
        let houses = crate::villages::build_houses(tx, &who, &mut village_rng, &loc, *village_children, year_now)?;
        let mut previous: Option<dugu_storage::Person> = None;
        for _ in 0..*village_children {
            let family = rng.weighted(FAMILY);
            let (female, age) = (rng.chance(50), rng.below(17) as u32);
            let child = tx.create_person(
                &who,
                &person_input(&mut rng, &NewPerson { female, family, age, location: &loc, adult: false }, year_now),
            )?;
            sum.children += 1;
            sum.measurements += crate::growth::measure_child(tx, &who, &mut growth_rng, site, &child, today)?;
            if let Some(p) = programme(site, "childrens_village") {
                tx.enrol(&who, &p, &child.id, &format!("{}-01-15", year_now - 1 - rng.below(8) as i32))?;
            }
            sum.admissions +=
                crate::villages::admit_child(tx, &who, &mut village_rng, &houses, &child, previous.as_ref(), today)?;
            previous = Some(child.clone());
            if rng.chance(30)
                && let Some(p) = programme(site, "kindergarten")
            {
                tx.enrol(&who, &p, &child.id, &format!("{}-10-01", year_now - 1))?;
            }
        }
    }
    Ok(sum)
}

/// A demo person's birth date when it is known to the day (growth and the
/// vaccination schedule need the exact age).
pub(crate) fn exact_birth(person: &dugu_storage::Person) -> Option<time::Date> {
    person.birth_date.filter(|_| person.birth_date_precision == Some(dugu_domain::birth::DatePrecision::Exact))
}
