//! `dugu bench load-people`: a fresh database with a national-scale
//! registry, written through the same write path as the application (scope
//! checks, change log, audit), for the server benchmark in
//! `bench/people.sh`.

use anyhow::Context as _;
use dugu_demo::SplitMix;
use dugu_demo::names::{FAMILY, FEMALE, MALE};
use dugu_storage::reads::*;
use dugu_storage::{BulkLoad, Deferred, PersonInput, PreparedPerson, Principal, Store, StoreError, SystemTask};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

/// Sites the people are spread over.
const SITES: [&str; 5] = ["SAN", "KIT", "SOC", "KHO", "MOP"];

fn spelled(rng: &mut SplitMix, (name, alts): (&str, &[&str])) -> (String, Option<String>) {
    if !alts.is_empty() && rng.chance(30) {
        let alt = alts[rng.below(alts.len() as u64) as usize];
        return (alt.to_string(), Some(name.to_string()));
    }
    (name.to_string(), None)
}

pub(crate) fn person(rng: &mut SplitMix, location: &str) -> PersonInput {
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

/// Loads `n` people into a fresh database in `dir`, `batch` per write
/// transaction; writes the ids of a sample to `ids_out` (one per line) for
/// the read benchmark.
pub fn load(
    dir: &Path,
    n: usize,
    batch: usize,
    deferred: Deferred,
    password: &str,
    ids_out: &Path,
) -> anyhow::Result<()> {
    if dir.join("dugu.sqlite").exists() {
        anyhow::bail!("{} already has a database: the benchmark needs a fresh one", dir.display());
    }
    let batch = batch.max(1);
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
    // The time counts dropping the people indexes and building them again.
    let start = Instant::now();
    let load = BulkLoad::deferring(store, deferred)?;
    let loaded = write_batches(&load, &who, &sites, n, batch, start);
    // Finished even after a failed batch, so the database is whole (an
    // open would build the indexes otherwise).
    let finished = load.finish();
    let ids = loaded?;
    finished?;
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

/// Two threads make batches (generation, validation, folding, change-log
/// values: `PreparedPerson`) while this one hands the previous batch to the
/// bulk load's writer — one caller, so each write group is one job and needs no
/// savepoint. Returns a sample of the ids.
fn write_batches(
    load: &BulkLoad,
    who: &Principal,
    sites: &[String],
    n: usize,
    batch: usize,
    start: Instant,
) -> anyhow::Result<Vec<String>> {
    let batches = n.div_ceil(batch);
    let next = AtomicUsize::new(0);
    // Two made batches at most wait for the writer: memory stays flat.
    let (made, ready) = mpsc::sync_channel::<(usize, Result<Vec<PreparedPerson>, StoreError>)>(2);
    std::thread::scope(|s| {
        for _ in 0..2 {
            let made = made.clone();
            let next = &next;
            s.spawn(move || {
                loop {
                    let b = next.fetch_add(1, Ordering::Relaxed);
                    if b >= batches {
                        break;
                    }
                    let mut rng = SplitMix(1_000_003 ^ (b as u64).wrapping_mul(0x9E37_79B9));
                    let size = batch.min(n - b * batch);
                    let people = (0..size)
                        .map(|i| PreparedPerson::new(who, &person(&mut rng, &sites[(b * batch + i) % sites.len()])))
                        .collect();
                    // The receiver is gone only after a failed write.
                    if made.send((b, people)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(made);
        // Batches come in whichever order they were made; they are written
        // in their own order, so a load is the same every time.
        let mut waiting = BTreeMap::new();
        let mut ids = Vec::new();
        let mut written = 0;
        while written < batches {
            let Ok((b, people)) = ready.recv() else { anyhow::bail!("a batch maker stopped") };
            waiting.insert(b, people);
            while let Some(people) = waiting.remove(&written) {
                let created = load.insert_people(who, people?)?;
                ids.extend(created.into_iter().step_by(50));
                written += 1;
                if (written * batch).is_multiple_of(100_000) || written == batches {
                    eprintln!("  {} people, {:.1} s", (written * batch).min(n), start.elapsed().as_secs_f64());
                }
            }
        }
        Ok(ids)
    })
}
