//! `dugu bench load-people`: a fresh database with a national-scale
//! registry, written through the same write path as the application (scope
//! checks, change log, audit), for the server benchmark in
//! `bench/people.sh`.

use anyhow::Context as _;
use dugu_demo::SplitMix;
use dugu_demo::names::{FAMILY, FEMALE, MALE};
use dugu_storage::{PersonInput, Store, SystemTask};
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

/// Sites the people are spread over.
const SITES: [&str; 5] = ["SAN", "KIT", "SOC", "KHO", "MOP"];
/// People per write transaction.
const BATCH: usize = 10_000;

fn spelled(rng: &mut SplitMix, (name, alts): (&str, &[&str])) -> (String, Option<String>) {
    if !alts.is_empty() && rng.chance(30) {
        let alt = alts[rng.below(alts.len() as u64) as usize];
        return (alt.to_string(), Some(name.to_string()));
    }
    (name.to_string(), None)
}

fn person(rng: &mut SplitMix, location: &str) -> PersonInput {
    let female = rng.chance(50);
    let given = if female { rng.weighted(FEMALE) } else { rng.weighted(MALE) };
    let (given, g_other) = spelled(rng, given);
    let family = rng.weighted(FAMILY);
    let (family, f_other) = spelled(rng, family);
    let other: Vec<String> = g_other.into_iter().chain(f_other).collect();
    let year = 1950 + rng.below(75) as i32;
    let birth_date = match rng.below(10) {
        0..=4 => format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        5..=7 => year.to_string(),
        _ => String::new(),
    };
    PersonInput {
        given_name: given,
        family_name: family,
        other_names: other.join("\n"),
        sex: if female { "F".into() } else { "M".into() },
        age_years: birth_date.is_empty().then(|| 1 + rng.below(70) as i64),
        birth_date,
        location_id: location.to_string(),
        phone: if rng.chance(40) {
            format!("+223 7{} {:02} {:02} {:02}", rng.below(10), rng.below(100), rng.below(100), rng.below(100))
        } else {
            String::new()
        },
        ..Default::default()
    }
}

/// Loads `n` people into a fresh database in `dir`; writes the ids of a
/// sample to `ids_out` (one per line) for the read benchmark.
pub fn load(dir: &Path, n: usize, password: &str, ids_out: &Path) -> anyhow::Result<()> {
    if dir.join("dugu.sqlite").exists() {
        anyhow::bail!("{} already has a database: the benchmark needs a fresh one", dir.display());
    }
    let store = Store::open(dir)?;
    crate::server::prepare(&store, Some(&crate::server::Demo { password: password.to_string() }))?;
    // prepare() seeded the small demo; the benchmark counts only what it adds.
    let before: i64 = store.people_count()?;
    let sites: Vec<String> = SITES
        .iter()
        .map(|code| store.location_by_code(code).ok().flatten().map(|l| l.id).context("missing site"))
        .collect::<anyhow::Result<_>>()?;
    let admin = store.user_by_username("admin")?.context("no admin")?;
    let who = store.system_principal(&admin.id, SystemTask::BenchmarkLoad)?;
    // Two threads prepare batches (validation, folding, change-log values)
    // while the writer thread writes the previous one.
    let batches = n.div_ceil(BATCH);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let start = Instant::now();
    let ids = std::sync::Mutex::new(Vec::new());
    let failure = std::sync::Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let b = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if b >= batches {
                        break;
                    }
                    let mut rng = SplitMix(1_000_003 ^ (b as u64).wrapping_mul(0x9E37_79B9));
                    let size = BATCH.min(n - b * BATCH);
                    let batch: Vec<PersonInput> =
                        (0..size).map(|i| person(&mut rng, &sites[(b * BATCH + i) % sites.len()])).collect();
                    match store.create_people(&who, &batch) {
                        Ok(created) => {
                            if let Ok(mut all) = ids.lock() {
                                all.extend(created.into_iter().step_by(50));
                            }
                            if (b + 1).is_multiple_of(10) {
                                eprintln!("  {} people, {:.1} s", (b + 1) * BATCH, start.elapsed().as_secs_f64());
                            }
                        }
                        Err(e) => {
                            if let Ok(mut f) = failure.lock() {
                                *f = Some(e);
                            }
                            break;
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e.into());
    }
    let ids = ids.into_inner().unwrap_or_default();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "loaded {n} people in {secs:.1} s ({:.0} people/s); {before} demo people were there before",
        n as f64 / secs
    );
    let mut f = std::io::BufWriter::new(std::fs::File::create(ids_out)?);
    for id in ids {
        writeln!(f, "{id}")?;
    }
    f.flush()?;
    Ok(())
}
