//! `dugu bench linkage`: a synthetic Malian registration set with known
//! truth, dugu's record linkage run on it, and the quality and speed
//! measures the linkage issue asks for. The files it writes are the ones
//! the peers (Splink, recordlinkage) are to be run on.

use anyhow::Context as _;
use dugu_demo::SplitMix;
use dugu_demo::names::{FAMILY, FEMALE, MALE};
use dugu_linkage::cluster::Band;
use dugu_linkage::record::{RawRecord, Record};
use dugu_linkage::{Linker, blocking};
use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

const COMMUNES: [&str; 10] =
    ["Douentza", "Tenenkou", "Gao", "Tombouctou", "Bandiagara", "Ansongo", "Niono", "Bankass", "Koro", "Djenné"];
const SITES: [&str; 4] = ["Mopti", "Sévaré", "Socoura", "Bandiagara"];

/// A person of the synthetic population.
#[derive(Clone)]
struct Person {
    given: (&'static str, &'static [&'static str]),
    family: (&'static str, &'static [&'static str]),
    female: bool,
    year: i32,
    month: u8,
    day: u8,
    phone: Option<String>,
    father: String,
    mother: String,
    origin: &'static str,
    household: usize,
}

/// How well a record's birth date is known, for recall by date quality.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum DateQuality {
    Exact,
    Year,
    Approximate,
    Missing,
}

struct Row {
    raw: RawRecord,
    person: usize,
    quality: DateQuality,
}

fn typo(rng: &mut SplitMix, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 4 {
        return s.to_string();
    }
    let i = 1 + rng.below(c.len() as u64 - 2) as usize;
    match rng.below(3) {
        0 => {
            c.swap(i, i + 1);
        }
        1 => {
            c.remove(i);
        }
        _ => c.insert(i, c[i]),
    }
    c.into_iter().collect()
}

/// A name as an enumerator writes it: often as usual, sometimes another
/// spelling, an alias, a typing slip.
fn written(rng: &mut SplitMix, name: (&'static str, &'static [&'static str]), variation: u64) -> String {
    let (base, alts) = name;
    let r = rng.below(100);
    if r < variation / 2 && !alts.is_empty() {
        alts[rng.below(alts.len() as u64) as usize].to_string()
    } else if r < variation {
        typo(rng, base)
    } else {
        base.to_string()
    }
}

fn phone_of(rng: &mut SplitMix) -> String {
    format!("7{}{:06}", rng.below(10), rng.below(1_000_000))
}

fn population(n_people: usize, rng: &mut SplitMix) -> Vec<Person> {
    let mut people = Vec::with_capacity(n_people);
    let mut household = 0;
    while people.len() < n_people {
        household += 1;
        let family = rng.weighted(FAMILY);
        let origin = COMMUNES[rng.below(COMMUNES.len() as u64) as usize];
        let father_given = rng.weighted(MALE).0;
        let mother = format!("{} {}", rng.weighted(FEMALE).0, rng.weighted(FAMILY).0);
        let father = format!("{father_given} {}", family.0);
        let base_year = 1960 + rng.below(40) as i32;
        // The parents.
        for female in [false, true] {
            let given = if female { rng.weighted(FEMALE) } else { rng.weighted(MALE) };
            let fam = if female { rng.weighted(FAMILY) } else { family };
            people.push(Person {
                given,
                family: fam,
                female,
                year: base_year + rng.below(8) as i32,
                month: 1 + rng.below(12) as u8,
                day: 1 + rng.below(28) as u8,
                phone: rng.chance(70).then(|| phone_of(rng)),
                father: format!("{} {}", rng.weighted(MALE).0, fam.0),
                mother: format!("{} {}", rng.weighted(FEMALE).0, rng.weighted(FAMILY).0),
                origin,
                household,
            });
        }
        // The children: no two living siblings share a given name; now and
        // then twins (two names), now and then a child named after a
        // grandparent of the same sex (the father's father, the mother's
        // mother).
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
                let grandparent = if female { mother.split(' ').next().unwrap_or("") } else { father_given };
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
            let year = (base_year + 20 + rng.below(20) as i32).min(2025);
            let child = Person {
                given,
                family,
                female,
                year,
                month: 1 + rng.below(12) as u8,
                day: 1 + rng.below(28) as u8,
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

/// One registration of a person; `again` adds the noise of a second
/// enumerator on another day at another site.
fn register(rng: &mut SplitMix, p: &Person, index: usize, again: bool, id: usize, year_now: i32) -> Row {
    let variation = if again { 30 } else { 5 };
    let mut given = written(rng, p.given, variation);
    let mut family = written(rng, p.family, variation);
    if again && rng.chance(10) {
        std::mem::swap(&mut given, &mut family);
    }
    let q = rng.below(100);
    let (birth_date, age_years, quality) = if q < 40 {
        (format!("{}-{:02}-{:02}", p.year, p.month, p.day), String::new(), DateQuality::Exact)
    } else if q < 65 {
        (p.year.to_string(), String::new(), DateQuality::Year)
    } else if q < 75 {
        (format!("{}-01-01", p.year), String::new(), DateQuality::Year)
    } else if q < 90 {
        let off = rng.below(3) as i32 - 1;
        (String::new(), (year_now - p.year + off).max(0).to_string(), DateQuality::Approximate)
    } else {
        (String::new(), String::new(), DateQuality::Missing)
    };
    let phone = match &p.phone {
        Some(ph) if !again || rng.chance(70) => {
            let ph = if again && rng.chance(10) { typo(rng, ph) } else { ph.clone() };
            if rng.chance(50) {
                format!("+223 {} {} {} {}", &ph[0..2], &ph[2..4], &ph[4..6], &ph[6..8.min(ph.len())])
            } else {
                ph
            }
        }
        _ => String::new(),
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
            origin_commune: if rng.chance(80) { p.origin.into() } else { String::new() },
            current_site: SITES[rng.below(SITES.len() as u64) as usize].into(),
            household_id: if again {
                format!("H{}-{}", p.household, rng.below(9))
            } else {
                format!("H{}", p.household)
            },
        },
        person: index,
        quality,
    }
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// Peak memory of this process so far, in MB.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Generates `records` registrations, runs dugu's linkage, prints the
/// measures; writes the files to `out`.
pub fn run(records: usize, out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut rng = SplitMix(0x4C49_4E4B);
    let year_now = 2026;
    // About 30 % of people register twice: records ≈ people × 1.3.
    let people = population(records * 10 / 13, &mut rng);
    let mut rows = Vec::with_capacity(records);
    for (i, p) in people.iter().enumerate() {
        rows.push(register(&mut rng, p, i, false, rows.len(), year_now));
        if rng.chance(30) && rows.len() < records {
            rows.push(register(&mut rng, p, i, true, rows.len(), year_now));
        }
    }
    // Shuffle so re-registrations are not next to their first one.
    for i in (1..rows.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        rows.swap(i, j);
    }
    let mut f = std::io::BufWriter::new(std::fs::File::create(out.join("people.csv"))?);
    writeln!(
        f,
        "id,given_name,family_name,sex,birth_date,age_years,phone,id_document,father_name,mother_name,origin_commune,current_site,household_id"
    )?;
    let mut t = std::io::BufWriter::new(std::fs::File::create(out.join("truth.csv"))?);
    writeln!(t, "id,person_id")?;
    for r in &rows {
        let x = &r.raw;
        let cells = [
            &x.id,
            &x.given_name,
            &x.family_name,
            &x.sex,
            &x.birth_date,
            &x.age_years,
            &x.phone,
            &x.id_document,
            &x.father_name,
            &x.mother_name,
            &x.origin_commune,
            &x.current_site,
            &x.household_id,
        ];
        writeln!(f, "{}", cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","))?;
        writeln!(t, "{},P{}", x.id, r.person)?;
    }
    f.flush()?;
    t.flush()?;

    let start = Instant::now();
    let parsed: Vec<Record> = rows
        .iter()
        .map(|r| Record::parse(&r.raw, year_now))
        .collect::<Result<_, _>>()
        .map_err(|e| anyhow::anyhow!("generator wrote a bad row: {e:?}"))?;
    let mut linker = Linker::build(parsed);
    let pairs = linker.pairs();
    let clusters = linker.clusters(&pairs, dugu_linkage::cluster::LIKELY);
    let secs = start.elapsed().as_secs_f64();

    // Truth.
    let mut by_person: HashMap<usize, Vec<u32>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_person.entry(r.person).or_default().push(i as u32);
    }
    let mut truth: Vec<(u32, u32)> = Vec::new();
    for members in by_person.values() {
        for (a, &i) in members.iter().enumerate() {
            for &j in &members[a + 1..] {
                truth.push((i.min(j), i.max(j)));
            }
        }
    }
    let truth_set: HashSet<(u32, u32)> = truth.iter().copied().collect();
    let candidates: Vec<(u32, u32)> = linker.candidates().collect();
    let blocking_recall = blocking::recall(&candidates, &truth);

    let mut by_cluster: HashMap<u32, Vec<u32>> = HashMap::new();
    for (i, c) in clusters.iter().enumerate() {
        by_cluster.entry(*c).or_default().push(i as u32);
    }
    let mut predicted: HashSet<(u32, u32)> = HashSet::new();
    for members in by_cluster.values() {
        for (a, &i) in members.iter().enumerate() {
            for &j in &members[a + 1..] {
                predicted.insert((i.min(j), i.max(j)));
            }
        }
    }
    let tp = predicted.intersection(&truth_set).count() as f64;
    let precision = if predicted.is_empty() { 1.0 } else { tp / predicted.len() as f64 };
    let recall = if truth.is_empty() { 1.0 } else { tp / truth.len() as f64 };
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    let likely: Vec<&dugu_linkage::ScoredPair> = pairs.iter().filter(|p| p.band == Band::Likely).collect();
    let likely_precision = if likely.is_empty() {
        1.0
    } else {
        likely.iter().filter(|p| truth_set.contains(&(p.a, p.b))).count() as f64 / likely.len() as f64
    };
    let review = pairs.iter().filter(|p| p.band == Band::Review).count();
    // DUGU_BENCH_SHOW=wrong|missed prints 40 wrongly "likely" or missed
    // true pairs with their evidence (synthetic people only): how the
    // rules and weights get tuned.
    if let Ok(what) = std::env::var("DUGU_BENCH_SHOW") {
        let show = |r: &RawRecord| {
            [
                &r.given_name,
                &r.family_name,
                &r.sex,
                &r.birth_date,
                &r.age_years,
                &r.phone,
                &r.father_name,
                &r.mother_name,
                &r.origin_commune,
                &r.current_site,
                &r.household_id,
            ]
            .map(|c| c.as_str())
            .join("|")
        };
        let wanted = |p: &&dugu_linkage::ScoredPair| {
            let true_pair = truth_set.contains(&(p.a, p.b));
            if what == "wrong" { p.band == Band::Likely && !true_pair } else { p.band != Band::Likely && true_pair }
        };
        for p in pairs.iter().filter(wanted).take(40) {
            let evidence: Vec<String> =
                linker.evidence(p).iter().map(|e| format!("{}={}({:+.1})", e.field, e.level, e.weight)).collect();
            println!(
                "{what} {:.3}\n  {}\n  {}\n  {}",
                p.probability,
                show(&rows[p.a as usize].raw),
                show(&rows[p.b as usize].raw),
                evidence.join(" ")
            );
        }
    }

    // Pairwise quality of the clusters at other thresholds (peers are
    // reported at their best threshold, so dugu is too).
    let mut sweep = Vec::new();
    for t in [0.5, 0.7, 0.8, 0.9, 0.95, 0.99] {
        let c = linker.clusters(&pairs, t);
        let mut groups: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, k) in c.iter().enumerate() {
            groups.entry(*k).or_default().push(i as u32);
        }
        let (mut found, mut right) = (0usize, 0usize);
        for members in groups.values() {
            for (a, &i) in members.iter().enumerate() {
                for &j in &members[a + 1..] {
                    found += 1;
                    right += usize::from(truth_set.contains(&(i.min(j), i.max(j))));
                }
            }
        }
        let p = if found == 0 { 1.0 } else { right as f64 / found as f64 };
        let r = if truth.is_empty() { 1.0 } else { right as f64 / truth.len() as f64 };
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        sweep.push((t, p, r, f));
    }
    // B-cubed.
    let (mut bp, mut br) = (0.0, 0.0);
    for (i, r) in rows.iter().enumerate() {
        let cluster = &by_cluster[&clusters[i]];
        let person = &by_person[&r.person];
        let both = cluster.iter().filter(|x| rows[**x as usize].person == r.person).count() as f64;
        bp += both / cluster.len() as f64;
        br += both / person.len() as f64;
    }
    let n = rows.len() as f64;
    let (bp, br) = (bp / n, br / n);

    // Recall by family-name frequency and by date quality.
    let common: HashSet<&str> = ["Traoré", "Coulibaly", "Diarra", "Keïta", "Diallo"].into_iter().collect();
    let recall_where = |keep: &dyn Fn(&Row) -> bool| {
        let wanted: Vec<&(u32, u32)> =
            truth.iter().filter(|(a, b)| keep(&rows[*a as usize]) && keep(&rows[*b as usize])).collect();
        if wanted.is_empty() {
            return f64::NAN;
        }
        wanted.iter().filter(|p| predicted.contains(p)).count() as f64 / wanted.len() as f64
    };
    let common_recall = recall_where(&|r: &Row| common.contains(people[r.person].family.0));
    let rare_recall = recall_where(&|r: &Row| !common.contains(people[r.person].family.0));
    let mut by_quality = Vec::new();
    for q in [DateQuality::Exact, DateQuality::Year, DateQuality::Approximate, DateQuality::Missing] {
        let wanted: Vec<&(u32, u32)> =
            truth.iter().filter(|(a, b)| rows[*a as usize].quality == q || rows[*b as usize].quality == q).collect();
        let r = if wanted.is_empty() {
            f64::NAN
        } else {
            wanted.iter().filter(|p| predicted.contains(p)).count() as f64 / wanted.len() as f64
        };
        by_quality.push(format!("{q:?} {r:.3}"));
    }

    // One new registration against the population.
    let probe = Record::parse(&rows[0].raw, year_now).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let t0 = Instant::now();
    let checks = 200;
    for _ in 0..checks {
        std::hint::black_box(linker.check(&probe));
    }
    let check_ms = t0.elapsed().as_secs_f64() * 1000.0 / f64::from(checks);

    println!("records: {}  people: {}  true pairs: {}", rows.len(), by_person.len(), truth.len());
    println!("linkage: {secs:.2} s, peak RSS {:.0} MB (this process)", peak_rss_mb());
    println!(
        "candidate pairs: {} ({} kept)  blocking recall: {blocking_recall:.4}  windowed blocks: {}",
        candidates.len(),
        pairs.len(),
        linker.windowed_blocks
    );
    println!("pairwise precision {precision:.4}  recall {recall:.4}  F1 {f1:.4}");
    println!("likely band: {} pairs, precision {likely_precision:.4}", likely.len());
    for (t, p, r, f) in &sweep {
        println!("  clusters at threshold {t:.2}: precision {p:.4} recall {r:.4} F1 {f:.4}");
    }
    println!("B-cubed precision {bp:.4}  recall {br:.4}");
    println!("review load: {:.1} pairs per 1,000 records", review as f64 * 1000.0 / n);
    println!("recall, common family names {common_recall:.3}, others {rare_recall:.3}");
    println!("recall by date quality: {}", by_quality.join(", "));
    println!("one new registration checked in {check_ms:.2} ms");
    println!("model: lambda {:.5}", linker.model.lambda);
    for (f, name) in dugu_linkage::scoring::FIELDS.iter().enumerate() {
        let levels = dugu_linkage::scoring::LEVEL_NAMES[f];
        let w: Vec<String> = (0..levels.len() - 1)
            .map(|l| {
                format!(
                    "{}={:+.1} (m {:.3} u {:.4})",
                    levels[l],
                    linker.model.weight(f, l as u8, None),
                    linker.model.m[f][l],
                    linker.model.u[f][l]
                )
            })
            .collect();
        println!("  {name}: {}", w.join(", "));
    }
    println!("files: {}/people.csv, {}/truth.csv", out.display(), out.display());
    Ok(())
}
