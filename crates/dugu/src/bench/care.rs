//! `dugu bench load-care`: a fresh database at the scale of a large
//! national programme — young children with growth measurements every
//! few months — written through the application's write path (checks,
//! change log, audit), for `bench/care.sh`.

use anyhow::Context as _;
use dugu_demo::SplitMix;
use dugu_demo::growth::GrowingChild;
use dugu_demo::names::{FAMILY, FEMALE, MALE};
use dugu_domain::Role;
use dugu_storage::{PersonInput, Principal, Scope, Store};
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

/// Sites the children are spread over; Kita (the benchmark's location) has
/// a fifth of them.
const SITES: [&str; 5] = ["SAN", "KIT", "SOC", "KHO", "MOP"];
/// Children per write transaction.
const BATCH: usize = 2_000;

/// Loads `children` children (ages 0–6) with `per_child` measurements each
/// (every ~3 months back from today, those under five on the day) into a
/// fresh database in `dir`; writes a sample of Kita children's ids to
/// `ids_out`.
pub fn load(dir: &Path, children: usize, per_child: usize, password: &str, ids_out: &Path) -> anyhow::Result<()> {
    if dir.join("dugu.sqlite").exists() {
        anyhow::bail!("{} already has a database: the benchmark needs a fresh one", dir.display());
    }
    let store = Store::open(dir)?;
    crate::server::prepare(&store, Some(&crate::server::Demo { password: password.to_string() }))?;
    let sites: Vec<(String, &str)> = SITES
        .iter()
        .map(|code| store.location_by_code(code).ok().flatten().map(|l| (l.id, *code)).context("missing site"))
        .collect::<anyhow::Result<_>>()?;
    let admin = store.user_by_username("admin")?.context("no admin")?;
    let who =
        Principal { user_id: admin.id, username: "bench".into(), role: Role::LocationDirector, scope: Scope::All };
    let today = time::OffsetDateTime::now_utc().date();
    let start = Instant::now();
    let mut measurements = 0usize;
    let mut sample = Vec::new();
    for b in 0..children.div_ceil(BATCH) {
        let mut rng = SplitMix(0xCA8E ^ (b as u64).wrapping_mul(0x9E37_79B9));
        let size = BATCH.min(children - b * BATCH);
        let batch: Vec<(PersonInput, &str, bool)> = (0..size)
            .map(|i| {
                let (location, site) = &sites[(b * BATCH + i) % sites.len()];
                let female = rng.chance(50);
                let born = today - time::Duration::days(30 + rng.below(2_400) as i64);
                let input = PersonInput {
                    given_name: if female { rng.weighted(FEMALE).0 } else { rng.weighted(MALE).0 }.into(),
                    family_name: rng.weighted(FAMILY).0.into(),
                    sex: if female { "F" } else { "M" }.into(),
                    birth_date: born.to_string(),
                    location_id: location.clone(),
                    ..Default::default()
                };
                (input, *site, female)
            })
            .collect();
        let inputs: Vec<PersonInput> = batch.iter().map(|(p, _, _)| p.clone()).collect();
        let ids = store.create_people(&who, &inputs)?;
        let who2 = who.clone();
        let plan: Vec<(String, String, bool, String)> = ids
            .iter()
            .zip(&batch)
            .map(|(id, (p, site, female))| (id.clone(), (*site).to_string(), *female, p.birth_date.clone()))
            .collect();
        let written = store.write(move |tx| {
            let mut n = 0usize;
            for (id, site, female, birth) in &plan {
                let born = dugu_domain::birth::parse_iso_date(birth).map_err(|_| dugu_storage::StoreError::NotFound)?;
                let child = GrowingChild::new(&mut rng, site, *female);
                let age = (today - born).whole_days();
                let mut day = age - rng.below(30) as i64;
                for _ in 0..per_child {
                    if day < 1 {
                        break;
                    }
                    if let Some(input) = child.measure(&mut rng, born, day, age) {
                        tx.record_measurement(&who2, id, &input, today)?;
                        n += 1;
                    }
                    day -= 80 + rng.below(30) as i64;
                }
            }
            Ok(n)
        })?;
        measurements += written;
        sample.extend(
            ids.iter().zip(&batch).filter(|(_, (_, site, _))| *site == "KIT").map(|(id, _)| id.clone()).step_by(20),
        );
        if (b + 1) % 10 == 0 {
            eprintln!(
                "  {} children, {measurements} measurements, {:.1} s",
                (b + 1) * BATCH,
                start.elapsed().as_secs_f64()
            );
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("loaded {children} children and {measurements} measurements in {secs:.1} s");
    let mut f = std::io::BufWriter::new(std::fs::File::create(ids_out)?);
    for id in sample {
        writeln!(f, "{id}")?;
    }
    f.flush()?;
    Ok(())
}
