//! `dugu bench load-care`: a fresh database at the scale of a large
//! national programme — young children with growth measurements every
//! few months, vaccinations, medical visits, day-care and kindergarten
//! groups with a daily register — written through the application's write
//! path (checks, change log, audit), for `bench/care.sh`.

use anyhow::Context as _;
use dugu_demo::SplitMix;
use dugu_demo::growth::GrowingChild;
use dugu_demo::names::{FAMILY, FEMALE, MALE};
use dugu_storage::reads::*;
use dugu_storage::{PersonInput, Principal, Store, SystemTask};
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

/// Sites the children are spread over; Kita (the benchmark's location) has
/// a fifth of them.
const SITES: [&str; 5] = ["SAN", "KIT", "SOC", "KHO", "MOP"];
/// Children per write transaction.
const BATCH: usize = 2_000;
/// Children in a day-care or kindergarten group.
const GROUP: usize = 40;
/// Groups whose register one write transaction saves.
const REGISTERS_PER_WRITE: usize = 100;

/// How much to load.
pub struct Scale {
    /// Children (ages 0–6, over five sites).
    pub children: usize,
    /// Growth measurements per child at most.
    pub per_child: usize,
    /// Medical visits in all (spread evenly over the children).
    pub visits: usize,
    /// Attendance marks in all (children from one year old, in groups of
    /// 40, on as many past weekdays as it takes).
    pub marks: usize,
}

/// Loads `scale.children` children (ages 0–6) with up to `per_child`
/// measurements each (every ~2–3 months back from today, those under five
/// on the day), the under-fives' vaccinations, medical visits and
/// attendance registers into a fresh database in `dir`; writes a sample of
/// Kita children's ids to `ids_out`.
pub fn load(dir: &Path, scale: &Scale, password: &str, ids_out: &Path) -> anyhow::Result<()> {
    let Scale { children, per_child, .. } = *scale;
    let visits_per_child = scale.visits.div_ceil(children.max(1));
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
    let who = store.system_principal(&admin.id, SystemTask::BenchmarkLoad)?;
    let today = time::OffsetDateTime::now_utc().date();
    let start = Instant::now();
    let mut measurements = 0usize;
    let mut vaccinations = 0usize;
    let mut visits = 0usize;
    let mut sample = Vec::new();
    // (site index, born, id) of every child, for the groups.
    let mut everyone: Vec<(usize, time::Date, String)> = Vec::with_capacity(children);
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
        let visits_left = scale.visits.saturating_sub(visits);
        let (n, v, doses) = store.write(move |tx| {
            let (mut n, mut v, mut doses) = (0usize, 0usize, 0usize);
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
                    day -= 70 + rng.below(30) as i64;
                }
                if age < 1826 {
                    doses += dugu_demo::medical::vaccinate_child(tx, &who2, &mut rng, id, born, today)? as usize;
                }
                let k = visits_per_child.min(visits_left - v);
                dugu_demo::medical::visit_child(tx, &who2, &mut rng, id, born, k as u32, today)?;
                v += k;
            }
            Ok((n, v, doses))
        })?;
        measurements += n;
        visits += v;
        vaccinations += doses;
        for (id, (p, site, _)) in ids.iter().zip(&batch) {
            let born = dugu_domain::birth::parse_iso_date(&p.birth_date).ok().context("birth date")?;
            let s = SITES.iter().position(|c| c == site).unwrap_or(0);
            everyone.push((s, born, id.clone()));
        }
        sample.extend(
            ids.iter().zip(&batch).filter(|(_, (_, site, _))| *site == "KIT").map(|(id, _)| id.clone()).step_by(20),
        );
        if (b + 1) % 10 == 0 {
            eprintln!(
                "  {} children, {measurements} measurements, {vaccinations} doses, {visits} visits, {:.1} s",
                (b + 1) * BATCH,
                start.elapsed().as_secs_f64()
            );
        }
    }
    let people_secs = start.elapsed().as_secs_f64();
    let (groups, marks) = attendance(&store, &who, &sites, everyone, scale.marks, today)?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "loaded {children} children, {measurements} measurements, {vaccinations} vaccinations, {visits} medical visits \
         in {people_secs:.0} s; {groups} groups and {marks} attendance marks in {:.0} s",
        secs - people_secs
    );
    let mut f = std::io::BufWriter::new(std::fs::File::create(ids_out)?);
    for id in sample {
        writeln!(f, "{id}")?;
    }
    f.flush()?;
    Ok(())
}

/// Puts every child from one year old in a group of 40 of its site (by
/// age, so a group is day-care or kindergarten), then saves each group's
/// register on past weekdays, oldest first, until `marks` marks exist.
fn attendance(
    store: &Store,
    who: &Principal,
    sites: &[(String, &str)],
    mut everyone: Vec<(usize, time::Date, String)>,
    marks: usize,
    today: time::Date,
) -> anyhow::Result<(usize, usize)> {
    let start = Instant::now();
    everyone.retain(|(_, born, _)| (today - *born).whole_days() >= 365);
    everyone.sort();
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for (s, (location, code)) in sites.iter().enumerate() {
        let here: Vec<&(usize, time::Date, String)> = everyone.iter().filter(|(site, _, _)| *site == s).collect();
        for (n, chunk) in here.chunks(GROUP).enumerate() {
            let members: Vec<String> = chunk.iter().map(|(_, _, id)| id.clone()).collect();
            let kind = if (today - chunk[0].1).whole_days() >= 3 * 365 { "kindergarten" } else { "daycare" };
            let (who2, loc, name) = (who.clone(), location.clone(), format!("{code} groupe {:04}", n + 1));
            let m = members.clone();
            let id = store.write(move |tx| {
                let g = tx.create_group(&who2, &loc, &name, kind)?;
                for p in &m {
                    tx.add_to_group(&who2, &g.id, p, "2020-01-06")?;
                }
                Ok(g.id)
            })?;
            groups.push((id, members));
        }
    }
    let members: usize = groups.iter().map(|(_, m)| m.len()).sum();
    eprintln!("  {} groups, {members} children, {:.1} s", groups.len(), start.elapsed().as_secs_f64());
    let days = marks.div_ceil(members.max(1));
    let mut weekdays = Vec::with_capacity(days);
    let mut day = today;
    while weekdays.len() < days {
        day = day.previous_day().context("calendar")?;
        if !matches!(day.weekday(), time::Weekday::Saturday | time::Weekday::Sunday) {
            weekdays.push(day);
        }
    }
    let mut rng = SplitMix(0xA77E);
    let mut written = 0usize;
    for (d, day) in weekdays.iter().rev().enumerate() {
        let day = day.to_string();
        for chunk in groups.chunks(REGISTERS_PER_WRITE) {
            let registers: Vec<(String, Vec<String>)> = chunk
                .iter()
                .map(|(g, m)| (g.clone(), m.iter().filter(|_| rng.chance(88)).cloned().collect()))
                .collect();
            let (who2, day2) = (who.clone(), day.clone());
            written += store.write(move |tx| {
                let mut n = 0;
                for (g, present) in &registers {
                    n += tx.save_register(&who2, g, &day2, present, today)?;
                }
                Ok(n)
            })?;
        }
        if (d + 1) % 10 == 0 {
            eprintln!("  {} days, {written} marks, {:.1} s", d + 1, start.elapsed().as_secs_f64());
        }
    }
    Ok((groups.len(), written))
}
