//! `dugu bench relief-registration` (issue 15 item 12): a KoBo export of N
//! fictional displaced households (about five people each, a tenth of
//! them registered again at the other site with names spelt another way)
//! imported with the duplicate check, timed; then the population grown to
//! the people wanted and single registrations with their duplicate check
//! timed one by one (p50, p95, max). Everything goes through the same
//! store calls as the page and the API.

use anyhow::Context;
use dugu_demo::SplitMix;
use dugu_demo::names::{FAMILY, FEMALE, MALE};
use dugu_storage::reads::*;
use dugu_storage::relief_registration::{MemberInput, RegistrationInput, csv_sheet};
use dugu_storage::writes::{KoboImport, RegistrationWrites};
use dugu_storage::{PersonInput, Store};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

type Names = &'static [(&'static str, &'static [&'static str], u32)];

fn pick(rng: &mut SplitMix, names: Names) -> (&'static str, &'static [&'static str]) {
    let total: u64 = names.iter().map(|n| u64::from(n.2)).sum();
    let mut at = rng.below(total);
    for (name, alts, weight) in names {
        if at < u64::from(*weight) {
            return (name, alts);
        }
        at -= u64::from(*weight);
    }
    (names[0].0, names[0].1)
}

/// One fictional person: `(given, family, sex, birth or "", age or "", relationship)`.
#[derive(Clone)]
struct Someone {
    given: (&'static str, &'static [&'static str]),
    family: (&'static str, &'static [&'static str]),
    sex: &'static str,
    birth: String,
    relationship: &'static str,
}

fn household(rng: &mut SplitMix) -> Vec<Someone> {
    let family = pick(rng, FAMILY);
    let size = 1 + rng.below(8) as usize;
    let head_female = rng.chance(40);
    let mut out = Vec::with_capacity(size);
    for i in 0..size {
        let female = if i == 0 { head_female } else { rng.chance(50) };
        let given = pick(rng, if female { FEMALE } else { MALE });
        let year = if i == 0 { 1950 + rng.below(50) } else { 2000 + rng.below(26) } as i32;
        let birth = format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
        out.push(Someone {
            given,
            family,
            sex: if female { "F" } else { "M" },
            birth,
            relationship: if i == 0 { "head" } else { "child" },
        });
    }
    out
}

/// How the field writes a name a second time: another spelling, now and
/// then.
fn spelt(rng: &mut SplitMix, (name, alts): (&'static str, &'static [&'static str]), again: bool) -> String {
    if again && !alts.is_empty() && rng.chance(50) { alts[rng.below(alts.len() as u64) as usize] } else { name }
        .to_owned()
}

/// The export's two sheets as CSV text (`;`, as French Excel saves them).
fn export(n: usize, seed: u64) -> (String, String) {
    let mut rng = SplitMix(seed);
    let mut made: Vec<Vec<Someone>> = Vec::with_capacity(n);
    let mut main = String::from(
        "menage/statut;menage/date_arrivee;menage/motif;menage/edition_pcode;menage/region_pcode;menage/lieu_pcode;\
         consent/script_lu;consent/base_legale;chef/chef_prenom;chef/chef_nom;chef/chef_sexe;chef/chef_naissance;\
         _uuid;_index\n",
    );
    let mut roster =
        String::from("membres/prenom;membres/nom;membres/sexe;membres/naissance;membres/lien;_index;_parent_index\n");
    let mut member_index = 0;
    for i in 0..n {
        let again = !made.is_empty() && rng.chance(10);
        let people = if again { made[rng.below(made.len() as u64) as usize].clone() } else { household(&mut rng) };
        let head = &people[0];
        let _ = writeln!(
            main,
            "pdi;2026-0{}-1{};conflit;avant_2023;ML05;ML0506;OK;interet_vital;{};{};{};{};bench-{seed}-{i};{}",
            1 + rng.below(6),
            rng.below(9),
            spelt(&mut rng, head.given, again),
            spelt(&mut rng, head.family, again),
            head.sex,
            head.birth,
            i + 1
        );
        for p in &people[1..] {
            member_index += 1;
            let _ = writeln!(
                roster,
                "{};{};{};{};enfant;{member_index};{}",
                spelt(&mut rng, p.given, again),
                spelt(&mut rng, p.family, again),
                p.sex,
                p.birth,
                i + 1
            );
        }
        if !again {
            made.push(people);
        }
    }
    (main, roster)
}

/// Runs the benchmark on a fresh database in `dir`.
pub fn run(dir: &Path, households: usize, people: usize, registrations: usize) -> anyhow::Result<()> {
    if dir.join("dugu.sqlite").exists() {
        anyhow::bail!("{} already has a database: the benchmark needs a fresh one", dir.display());
    }
    let store = Store::open(dir)?;
    crate::server::prepare(&store, Some(&crate::server::Demo { password: "dugu-bench-relief".into() }))?;
    let supervisor = store.user_by_username("supervisor.mopti")?.context("no supervisor.mopti")?;
    let who = store.principal_of(&supervisor.id)?.context("supervisor may not sign in")?;
    let programme = store
        .relief_programmes(&who)?
        .into_iter()
        .find(|p| p.sites.len() > 1)
        .context("no relief programme with sites")?;
    let site = |code: &str| -> anyhow::Result<String> {
        Ok(store.location_by_code(code)?.with_context(|| format!("no {code}"))?.id)
    };
    let (sev, bar) = (site("MOP-SEV")?, site("MOP-BAR")?);

    let (main, roster) = export(households, 1);
    let started = Instant::now();
    let sheets = (csv_sheet("menages", &main), csv_sheet("membres", &roster));
    let done = store
        .import_kobo(&who, &programme.id, &sev, &sheets.0, std::slice::from_ref(&sheets.1))
        .map_err(|e| anyhow::anyhow!("import refused: {e:?}"))?;
    println!(
        "import: {} households, {} people, {} pairs found, in {:.1} s (CSV read, checks, duplicate check, one write)",
        done.households,
        done.people,
        done.pairs,
        started.elapsed().as_secs_f64()
    );
    // Grow the population to `people` with further batches at the other site.
    let mut held = done.people;
    let mut seed = 2;
    while held < people {
        let want = ((people - held) / 5).clamp(1, households);
        let (main, roster) = export(want, seed);
        let t = Instant::now();
        let batch = store
            .import_kobo(&who, &programme.id, &bar, &csv_sheet("menages", &main), &[csv_sheet("membres", &roster)])
            .map_err(|e| anyhow::anyhow!("import refused: {e:?}"))?;
        held += batch.people;
        seed += 1;
        println!("  grown to {held} people ({:.1} s)", t.elapsed().as_secs_f64());
    }
    let mut rng = SplitMix(99);
    let mut took = Vec::with_capacity(registrations);
    let mut checks = Vec::with_capacity(registrations);
    for _ in 0..registrations {
        let people = household(&mut rng);
        let member = |p: &Someone| MemberInput {
            person: PersonInput {
                given_name: p.given.0.into(),
                family_name: p.family.0.into(),
                sex: p.sex.into(),
                birth_date: p.birth.clone(),
                sent: vec!["given_name".into(), "family_name".into(), "sex".into()],
                ..PersonInput::default()
            },
            relationship: p.relationship.into(),
            ..MemberInput::default()
        };
        let input = RegistrationInput {
            programme_id: programme.id.clone(),
            location_id: sev.clone(),
            arrival_date: "2026-06-01".into(),
            status: "idp".into(),
            reason: "conflict".into(),
            admin_pcode: "ML0506".into(),
            pcode_edition: "pre2023".into(),
            script_read: true,
            lawful_basis: "vital_interest".into(),
            head: member(&people[0]),
            members: people[1..].iter().map(member).collect(),
            ..RegistrationInput::default()
        };
        // The check alone (what the form does before saving), then the
        // registration with its own check and the write.
        let t = Instant::now();
        store.relief_duplicates(&who, &input)?;
        checks.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        store.register_displaced(&who, input)?;
        took.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    for (what, times) in [("duplicate check alone", &mut checks), ("registration with its duplicate check", &mut took)]
    {
        times.sort_by(f64::total_cmp);
        let at =
            |q: f64| times.get(((times.len() as f64 * q).ceil() as usize).saturating_sub(1)).copied().unwrap_or(0.0);
        println!(
            "{what} at {held} people: {} households, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            times.len(),
            at(0.5),
            at(0.95),
            at(1.0)
        );
    }
    Ok(())
}
