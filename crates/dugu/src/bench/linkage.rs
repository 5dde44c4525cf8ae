//! `dugu bench linkage`: a synthetic Malian registration set with known
//! truth, dugu's record linkage run on it, and the quality and speed
//! measures the linkage issue asks for. The files it writes are the ones
//! the peers (Splink, recordlinkage) are to be run on.

use crate::cli::LinkageBenchArgs;
use anyhow::Context as _;
use dugu_linkage::cluster::Band;
use dugu_linkage::record::{Day, RawRecord, Record};
use dugu_linkage::{Linker, blocking};
use generator::{DateQuality, Row};
use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

mod generator;

/// The day ages are taken on when a row has no `registered_on` (generator
/// 1 always writes it; another generator may not).
const AS_OF: Day = Day { year: 2026, month: 1, day: 1 };

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// Reads another generator's people.csv and truth.csv (`id` and a person
/// column): the rows, and each row's person. How well a date is known is
/// read off the cells.
fn read_set(out: &Path) -> anyhow::Result<(Vec<Row>, Vec<String>)> {
    let mut people = csv::Reader::from_path(out.join("people.csv")).context("people.csv")?;
    let headers = people.headers()?.clone();
    let at = |name: &str| headers.iter().position(|h| h == name);
    let mut truth_file = csv::Reader::from_path(out.join("truth.csv")).context("truth.csv")?;
    let mut person_of: HashMap<String, String> = HashMap::new();
    for row in truth_file.records() {
        let row = row?;
        person_of.insert(row.get(0).unwrap_or("").to_string(), row.get(1).unwrap_or("").to_string());
    }
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut person_names = Vec::new();
    let mut rows = Vec::new();
    for row in people.records() {
        let row = row?;
        let cell = |c: &str| at(c).and_then(|i| row.get(i)).unwrap_or("").to_string();
        let raw = RawRecord::from_cells(cell);
        let label = person_of.get(&raw.id).cloned().unwrap_or_else(|| format!("alone:{}", raw.id));
        let next = names.len();
        let person = *names.entry(label.clone()).or_insert(next);
        if person == next {
            person_names.push(label);
        }
        let quality = match (raw.birth_date.len(), raw.age_years.is_empty()) {
            (10, _) if !raw.birth_date.ends_with("-01-01") && !raw.birth_date.ends_with("-12-31") => DateQuality::Exact,
            (4 | 10, _) => DateQuality::Year,
            (_, false) => DateQuality::Age,
            _ => DateQuality::Missing,
        };
        rows.push(Row { raw, person, quality });
    }
    Ok((rows, person_names))
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

/// Generates a registration set (or reads one, `--existing`), runs dugu's
/// linkage, prints the measures; writes the files to `--out`.
pub fn run(args: &LinkageBenchArgs) -> anyhow::Result<()> {
    let out = args.out.as_path();
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let (rows, family_of): (Vec<Row>, Vec<String>) = if args.existing {
        let (rows, persons) = read_set(out)?;
        (rows, vec![String::new(); persons.len()])
    } else {
        let (people, rows) = generator::generate(args.records, args.seed);
        write_set(out, &rows)?;
        (rows, people.iter().map(|p| p.family.0.to_string()).collect())
    };
    let start = Instant::now();
    let parsed: Vec<Record> = rows
        .iter()
        .map(|r| Record::parse(&r.raw, AS_OF))
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
    let common_recall = recall_where(&|r: &Row| common.contains(family_of[r.person].as_str()));
    let rare_recall = recall_where(&|r: &Row| !common.contains(family_of[r.person].as_str()));
    let mut by_quality = Vec::new();
    for q in [DateQuality::Exact, DateQuality::Year, DateQuality::Age, DateQuality::Missing] {
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
    let probe = Record::parse(&rows[0].raw, AS_OF).map_err(|e| anyhow::anyhow!("{e:?}"))?;
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
    // Pairs on one household form and across forms, apart: on one form,
    // a false merge is a sibling or a twin.
    for (label, on_one_form) in [("on one household form", true), ("across forms", false)] {
        let same_form = |p: &&(u32, u32)| {
            let (x, y) = (&rows[p.0 as usize].raw.household_id, &rows[p.1 as usize].raw.household_id);
            (!x.is_empty() && x == y) == on_one_form
        };
        let found: Vec<&(u32, u32)> = predicted.iter().filter(same_form).collect();
        let right = found.iter().filter(|p| truth_set.contains(p)).count();
        let wanted = truth.iter().filter(same_form).count();
        println!(
            "  {label}: {} pairs proposed, precision {:.4}; {wanted} true pairs, recall {:.4}",
            found.len(),
            if found.is_empty() { 1.0 } else { right as f64 / found.len() as f64 },
            if wanted == 0 { 1.0 } else { right as f64 / wanted as f64 }
        );
    }
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

/// Writes people.csv (the input contract and `registered_on`) and
/// truth.csv.
fn write_set(out: &Path, rows: &[Row]) -> anyhow::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(out.join("people.csv"))?);
    writeln!(
        f,
        "id,given_name,family_name,sex,birth_date,age_years,phone,id_document,father_name,mother_name,origin_commune,current_site,household_id,registered_on"
    )?;
    let mut t = std::io::BufWriter::new(std::fs::File::create(out.join("truth.csv"))?);
    writeln!(t, "id,person_id")?;
    for r in rows {
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
            &x.registered_on,
        ];
        writeln!(f, "{}", cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","))?;
        writeln!(t, "{},P{}", x.id, r.person)?;
    }
    f.flush()?;
    t.flush()?;
    Ok(())
}
