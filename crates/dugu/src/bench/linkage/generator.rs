//! Generator 1: a synthetic Malian registration set with known truth.
//! Households are registered on one form (the head's phone for members
//! who have none, the parents' names, one origin); some are registered
//! again at another site on another day — whole or in part — and some
//! people again on their own. The second registration carries what the
//! field does to it: other spellings, aliases and nicknames nobody listed,
//! a typing slip, names written family name first, a married woman under
//! her husband's family name, a changed phone (about 40 %), the cercle for
//! the commune, an age (heaped on multiples of five for adults) for a date.

use dugu_demo::SplitMix;
use dugu_demo::names::{FAMILY, FEMALE, MALE};
use dugu_linkage::record::{Day, RawRecord};

type Name = (&'static str, &'static [&'static str]);

/// Communes of origin: (commune, its cercle, other spellings).
const COMMUNES: [(&str, &str, &[&str]); 24] = [
    ("Douentza", "Douentza", &["Douenza"]),
    ("Hombori", "Douentza", &[]),
    ("Boni", "Douentza", &[]),
    ("Bandiagara", "Bandiagara", &["Bandjagara"]),
    ("Sangha", "Bandiagara", &["Sanga"]),
    ("Dourou", "Bandiagara", &[]),
    ("Socoura", "Mopti", &["Sokoura"]),
    ("Konna", "Mopti", &["Kona"]),
    ("Fatoma", "Mopti", &[]),
    ("Tenenkou", "Ténenkou", &["Ténenkou"]),
    ("Diafarabé", "Ténenkou", &["Diafarabe"]),
    ("Bankass", "Bankass", &["Bankas"]),
    ("Baye", "Bankass", &[]),
    ("Koro", "Koro", &[]),
    ("Dinangourou", "Koro", &[]),
    ("Djenné", "Djenné", &["Djenne", "Jenne"]),
    ("Niono", "Niono", &[]),
    ("Diabaly", "Niono", &["Diabali"]),
    ("Gao", "Gao", &[]),
    ("Ansongo", "Ansongo", &["Asongo"]),
    ("Tombouctou", "Tombouctou", &["Tomboutou"]),
    ("Sanankoroba", "Kati", &["Sanakoroba"]),
    ("Siby", "Kati", &["Sibi"]),
    ("Khouloum", "Kayes", &["Kouloum"]),
];
const SITES: [&str; 6] = ["Mopti", "Sévaré", "Socoura", "Bandiagara", "Sanankoroba", "Kati"];

/// Nicknames the alias table does not list, as staff hear them.
const NICKNAMES: [(&str, &str); 12] = [
    ("Fatoumata", "Toumani"),
    ("Aminata", "Minè"),
    ("Kadiatou", "Kadia"),
    ("Mariam", "Mami"),
    ("Mamadou", "Madi"),
    ("Ibrahim", "Bra"),
    ("Boubacar", "Babou"),
    ("Seydou", "Sedou"),
    ("Moussa", "Mousso"),
    ("Oumar", "Oumi"),
    ("Rokia", "Roki"),
    ("Salimata", "Salim"),
];

/// A person of the synthetic population.
#[derive(Clone)]
pub(super) struct Person {
    pub given: Name,
    pub family: Name,
    /// A married woman's husband's family name.
    pub husband_family: Option<Name>,
    pub female: bool,
    pub birth: Day,
    pub phone: Option<String>,
    pub father: String,
    pub mother: String,
    pub origin: usize,
    pub household: usize,
}

/// How well a record's birth date is known, for recall by date quality.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) enum DateQuality {
    Exact,
    Year,
    Age,
    Missing,
}

pub(super) struct Row {
    pub raw: RawRecord,
    pub person: usize,
    pub quality: DateQuality,
}

fn typo(rng: &mut SplitMix, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 4 {
        return s.to_string();
    }
    let i = 1 + rng.below(c.len() as u64 - 2) as usize;
    match rng.below(3) {
        0 => c.swap(i, i + 1),
        1 => {
            c.remove(i);
        }
        _ => c.insert(i, c[i]),
    }
    c.into_iter().collect()
}

/// A name as an enumerator writes it: often as usual, sometimes another
/// spelling, an alias, a nickname nobody listed, a typing slip.
fn written(rng: &mut SplitMix, name: Name, variation: u64) -> String {
    let (base, alts) = name;
    let r = rng.below(100);
    let nickname = NICKNAMES.iter().find(|(n, _)| *n == base).map(|(_, k)| *k);
    if r < variation / 2 && !alts.is_empty() {
        alts[rng.below(alts.len() as u64) as usize].to_string()
    } else if r < variation * 2 / 3 && nickname.is_some() {
        nickname.unwrap_or(base).to_string()
    } else if r < variation {
        typo(rng, base)
    } else {
        base.to_string()
    }
}

fn phone_of(rng: &mut SplitMix) -> String {
    format!("7{}{:06}", rng.below(10), rng.below(1_000_000))
}

fn day_in(rng: &mut SplitMix, year: i32) -> Day {
    let start = Day { year, month: 1, day: 1 }.days_since_epoch();
    Day::from_days_since_epoch(start + rng.below(365) as i64)
}

pub(super) fn population(n_people: usize, rng: &mut SplitMix) -> Vec<Person> {
    let mut people = Vec::with_capacity(n_people);
    let mut household = 0;
    while people.len() < n_people {
        household += 1;
        let family = rng.weighted(FAMILY);
        let origin = rng.below(COMMUNES.len() as u64) as usize;
        let father_given = rng.weighted(MALE).0;
        let mother_name = (rng.weighted(FEMALE), rng.weighted(FAMILY));
        let mother = format!("{} {}", mother_name.0.0, mother_name.1.0);
        let father = format!("{father_given} {}", family.0);
        let base_year = 1960 + rng.below(40) as i32;
        // The parents.
        for female in [false, true] {
            let given = if female { rng.weighted(FEMALE) } else { rng.weighted(MALE) };
            let fam = if female { rng.weighted(FAMILY) } else { family };
            let year = base_year + rng.below(8) as i32;
            people.push(Person {
                given,
                family: fam,
                husband_family: female.then_some(family),
                female,
                birth: day_in(rng, year),
                phone: rng.chance(if female { 40 } else { 75 }).then(|| phone_of(rng)),
                father: format!("{} {}", rng.weighted(MALE).0, fam.0),
                mother: format!("{} {}", rng.weighted(FEMALE).0, rng.weighted(FAMILY).0),
                origin,
                household,
            });
        }
        // The children: no two living siblings share a given name; now and
        // then twins (born the same day), now and then a child named after
        // a grandparent of the same sex.
        let children = 1 + rng.below(5) as usize;
        let mut used: Vec<&'static str> = Vec::new();
        let mut k = 0;
        while k < children {
            let female = rng.chance(50);
            let pick = |rng: &mut SplitMix, used: &[&'static str]| loop {
                let g = if female { rng.weighted(FEMALE) } else { rng.weighted(MALE) };
                if !used.contains(&g.0) {
                    break g;
                }
            };
            let given = if rng.chance(8) {
                let grandparent = if female { mother_name.0.0 } else { father_given };
                let table = if female { FEMALE } else { MALE };
                table
                    .iter()
                    .find(|(n, _, _)| *n == grandparent)
                    .map(|(n, a, _)| (*n, *a))
                    .filter(|g| !used.contains(&g.0))
                    .unwrap_or_else(|| pick(rng, &used))
            } else {
                pick(rng, &used)
            };
            used.push(given.0);
            let year = (base_year + 20 + rng.below(20) as i32).min(2023);
            let child = Person {
                given,
                family,
                husband_family: None,
                female,
                birth: day_in(rng, year),
                phone: None,
                father: father.clone(),
                mother: mother.clone(),
                origin,
                household,
            };
            if rng.chance(3) {
                let mut twin = child.clone();
                twin.given = pick(rng, &used);
                used.push(twin.given.0);
                people.push(twin);
                k += 1;
            }
            people.push(child);
            k += 1;
        }
    }
    people.truncate(n_people);
    people
}

/// One registration of a person on a form. `again` adds the noise of a
/// second enumerator; `head_phone` is the number the form gives for
/// members without one.
pub(super) struct Form<'a> {
    pub id: String,
    pub day: Day,
    pub site: &'static str,
    pub head_phone: Option<&'a str>,
    pub again: bool,
}

pub(super) fn register(rng: &mut SplitMix, p: &Person, index: usize, form: &Form<'_>, id: usize) -> Row {
    let again = form.again;
    let variation = if again { 30 } else { 5 };
    let mut given = written(rng, p.given, variation);
    let family_name = match p.husband_family {
        Some(husband) if rng.chance(if again { 30 } else { 10 }) => husband,
        _ => p.family,
    };
    let mut family = written(rng, family_name, variation);
    if again && rng.chance(10) {
        std::mem::swap(&mut given, &mut family);
    }
    let age = form.day.age_of(p.birth).max(0);
    let full = format!("{}-{:02}-{:02}", p.birth.year, p.birth.month, p.birth.day);
    let q = rng.below(100);
    let (birth_date, age_years, quality) = if q < 40 {
        (full, String::new(), DateQuality::Exact)
    } else if q < 62 {
        (p.birth.year.to_string(), String::new(), DateQuality::Year)
    } else if q < 72 {
        (format!("{}-01-01", p.birth.year), String::new(), DateQuality::Year)
    } else if q < 90 {
        // Adults' ages are heaped on multiples of five; children's are
        // known to a year.
        let given_age =
            if age >= 15 && rng.chance(60) { (age + 2) / 5 * 5 } else { (age + rng.below(3) as i32 - 1).max(0) };
        (String::new(), given_age.to_string(), DateQuality::Age)
    } else {
        (String::new(), String::new(), DateQuality::Missing)
    };
    let own = match &p.phone {
        // People change numbers between registrations, or borrow one.
        Some(_) if again && rng.chance(35) => Some(phone_of(rng)),
        Some(ph) if again && rng.chance(10) => Some(typo(rng, ph)),
        Some(ph) => Some(ph.clone()),
        None => None,
    };
    let phone = match own.as_deref().or(form.head_phone.filter(|_| rng.chance(70))) {
        Some(ph) if !again || rng.chance(85) => {
            if rng.chance(50) && ph.len() == 8 {
                format!("+223 {} {} {} {}", &ph[0..2], &ph[2..4], &ph[4..6], &ph[6..8])
            } else {
                ph.to_string()
            }
        }
        _ => String::new(),
    };
    let (commune, cercle, spellings) = COMMUNES[p.origin];
    let origin = match rng.below(100) {
        0..20 => String::new(),
        20..35 if again => cercle.to_string(),
        35..45 if again && !spellings.is_empty() => spellings[rng.below(spellings.len() as u64) as usize].to_string(),
        _ => commune.to_string(),
    };
    Row {
        raw: RawRecord {
            id: format!("R{id:07}"),
            given_name: given,
            family_name: family,
            sex: if rng.chance(2) {
                String::new()
            } else if p.female {
                "F".into()
            } else {
                "M".into()
            },
            birth_date,
            age_years,
            phone,
            id_document: String::new(),
            father_name: if rng.chance(60) { p.father.clone() } else { String::new() },
            mother_name: if rng.chance(70) {
                if again && rng.chance(20) { typo(rng, &p.mother) } else { p.mother.clone() }
            } else {
                String::new()
            },
            origin_commune: origin,
            current_site: form.site.into(),
            household_id: form.id.clone(),
            registered_on: format!("{:04}-{:02}-{:02}", form.day.year, form.day.month, form.day.day),
        },
        person: index,
        quality,
    }
}

/// `records` registrations of a population drawn from `seed`: every
/// household on a first form; a fifth registered again at another site
/// within months (each member with 85 %), and a tenth of people again on
/// their own. Shuffled, so a re-registration is not next to its first.
pub(super) fn generate(records: usize, seed: u64) -> (Vec<Person>, Vec<Row>) {
    let mut rng = SplitMix(seed);
    let people = population(records * 100 / 128, &mut rng);
    let mut rows: Vec<Row> = Vec::with_capacity(records + 16);
    let mut start = 0;
    while start < people.len() && rows.len() < records {
        let h = people[start].household;
        let end = start + people[start..].iter().take_while(|p| p.household == h).count();
        let members = &people[start..end];
        let head_phone = members.iter().find_map(|p| p.phone.clone());
        let year = 2024 + rng.below(2) as i32;
        let first = Form {
            id: format!("H{h}"),
            day: day_in(&mut rng, year),
            site: SITES[rng.below(SITES.len() as u64) as usize],
            head_phone: head_phone.as_deref(),
            again: false,
        };
        for (k, p) in members.iter().enumerate() {
            let id = rows.len();
            rows.push(register(&mut rng, p, start + k, &first, id));
        }
        let later = |rng: &mut SplitMix, id: String| Form {
            id,
            day: Day::from_days_since_epoch(first.day.days_since_epoch() + 3 + rng.below(240) as i64),
            site: SITES[rng.below(SITES.len() as u64) as usize],
            head_phone: head_phone.as_deref(),
            again: true,
        };
        if rng.chance(20) {
            let form = later(&mut rng, format!("H{h}-2"));
            for (k, p) in members.iter().enumerate() {
                if rng.chance(85) {
                    let id = rows.len();
                    rows.push(register(&mut rng, p, start + k, &form, id));
                }
            }
        }
        for (k, p) in members.iter().enumerate() {
            if rng.chance(10) {
                let form = later(&mut rng, format!("H{h}-{}", 3 + k));
                let id = rows.len();
                rows.push(register(&mut rng, p, start + k, &form, id));
            }
        }
        start = end;
    }
    rows.truncate(records);
    for i in (1..rows.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        rows.swap(i, j);
    }
    (people, rows)
}
