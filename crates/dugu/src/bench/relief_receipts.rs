//! `dugu bench relief-receipts` (issue 15, item 12): a receipt at the
//! distribution desk with N registered households. Loads a fresh demo
//! database with N households at the two Mopti sites, each registered
//! for relief with one entitlement in an open cycle, through the write
//! path; then hands M of them over as the relief officer — the command,
//! its checks (scope, cycle, collector, site, double receipt) and the
//! commit, in process — and prints the latencies, then the same for
//! replays (same client UUID) and refused second hand-overs.

use anyhow::Context;
use dugu_domain::EntityKind;
use dugu_storage::reads::*;
use dugu_storage::writes::DeskWrites;
use dugu_storage::{HouseholdInput, Op, ReceiptInput, Served, Store, SystemTask};
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let at = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[at].as_secs_f64() * 1000.0
}

fn line(what: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "| {what} | {} | {:.2} | {:.2} | {:.2} | {:.2} |",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 0.99),
        times.last().map_or(0.0, |t| t.as_secs_f64() * 1000.0)
    );
}

/// Loads `households` and measures `serves` hand-overs.
pub fn receipts(dir: &Path, households: usize, serves: usize, password: &str) -> anyhow::Result<()> {
    if dir.join("dugu.sqlite").exists() {
        anyhow::bail!("{} already has a database: the benchmark needs a fresh one", dir.display());
    }
    let store = Store::open(dir)?;
    crate::server::prepare(&store, Some(&crate::server::Demo { password: password.to_string() }))?;
    let site = |code: &str| store.location_by_code(code).ok().flatten().map(|l| l.id).context("missing site");
    let (mopti, sev, bar) = (site("MOP")?, site("MOP-SEV")?, site("MOP-BAR")?);
    let admin = store.user_by_username("admin")?.context("no admin")?;
    let who = store.system_principal(&admin.id, SystemTask::BenchmarkLoad)?;
    let programme =
        store.programmes(&who)?.into_iter().find(|p| p.location_id == mopti).context("no Mopti programme")?.id;
    let today = time::OffsetDateTime::now_utc().date();
    let cycle = dugu_storage::new_id();
    let fields = vec![
        ("programme_id", json!(programme)),
        ("name", json!("Cycle de banc d'essai")),
        ("start_date", json!((today - time::Duration::days(5)).to_string())),
        ("end_date", json!((today + time::Duration::days(25)).to_string())),
        ("status", json!("approved")),
        ("items", json!([])),
        ("carry_over", json!(false)),
        ("site_ids", json!([sev, bar])),
    ];
    let (w, c) = (who.clone(), cycle.clone());
    store.write(move |tx| tx.apply(Some(&w), vec![Op::create(EntityKind::ReliefCycle, &c, fields)]))?;
    let started = Instant::now();
    let mut entitlements: Vec<String> = Vec::with_capacity(households);
    while entitlements.len() < households {
        let from = entitlements.len();
        let n = (households - from).min(2_000);
        let (w, c, p, sites) = (who.clone(), cycle.clone(), programme.clone(), [sev.clone(), bar.clone()]);
        let made = store.write(move |tx| {
            let mut made = Vec::with_capacity(n);
            let mut ops = Vec::with_capacity(2 * n);
            for i in from..from + n {
                let site = &sites[i % 2];
                let input = HouseholdInput { name: format!("Ménage {i}"), location_id: site.clone(), members: vec![] };
                let household = tx.create_household(&w, &input)?.id;
                let registration = vec![
                    ("household_id", json!(household)),
                    ("programme_id", json!(p)),
                    ("status", json!("idp")),
                    ("arrival_date", json!("2026-01-10")),
                    ("reason", json!("conflict")),
                    ("host_family", json!(false)),
                    ("admin_pcode", json!("ML0506")),
                    ("pcode_edition", json!("pre2023")),
                    ("script_read", json!(true)),
                    ("lawful_basis", json!("vital_interest")),
                    ("sharing_consent", json!(false)),
                    ("household_flags", json!([])),
                    ("alternate_ids", json!([])),
                    ("card_serial", json!(1)),
                    ("registered_on", json!("2026-01-10")),
                ];
                let entitlement = dugu_storage::new_id();
                let owed = vec![
                    ("cycle_id", json!(c)),
                    ("household_id", json!(household)),
                    ("item", json!("cereal")),
                    ("quantity", json!(12_000 * (1 + i % 10))),
                    ("unit", json!("g")),
                    ("modality", json!("in_kind")),
                    ("inputs", json!({"size": 1 + i % 10})),
                    ("status", json!("approved")),
                    ("site_id", json!(site)),
                ];
                ops.push(Op::create(EntityKind::Displacement, &dugu_storage::new_id(), registration));
                ops.push(Op::create(EntityKind::Entitlement, &entitlement, owed));
                made.push(entitlement);
            }
            tx.apply(Some(&w), ops)?;
            Ok(made)
        })?;
        entitlements.extend(made);
    }
    eprintln!(
        "dugu: {households} households registered with an entitlement in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let officer = store.user_by_username("relief.mopti")?.context("no relief.mopti")?;
    let officer = store.principal_of(&officer.id)?.context("relief.mopti may not sign in")?;
    let chosen: Vec<&String> = (0..serves).map(|k| &entitlements[(k * 7_919) % entitlements.len()]).collect();
    let mut made = Vec::with_capacity(serves);
    let mut served = Vec::with_capacity(serves);
    for e in &chosen {
        let input = ReceiptInput {
            entitlement_id: (*e).clone(),
            collector: "head".into(),
            client_uuid: dugu_storage::new_id(),
            ..Default::default()
        };
        let at = Instant::now();
        let answer = store.serve_relief(&officer, input.clone(), time::OffsetDateTime::now_utc())?;
        made.push(at.elapsed());
        anyhow::ensure!(matches!(answer, Served::New(_)), "a new receipt expected");
        served.push(input);
    }
    let (mut replays, mut refusals) = (Vec::new(), Vec::new());
    for input in served.iter().take(1_000) {
        let at = Instant::now();
        let answer = store.serve_relief(&officer, input.clone(), time::OffsetDateTime::now_utc())?;
        replays.push(at.elapsed());
        anyhow::ensure!(matches!(answer, Served::Replayed(_)), "a replay expected");
        let again = ReceiptInput { client_uuid: dugu_storage::new_id(), ..input.clone() };
        let at = Instant::now();
        let answer = store.serve_relief(&officer, again, time::OffsetDateTime::now_utc())?;
        refusals.push(at.elapsed());
        anyhow::ensure!(matches!(answer, Served::AlreadyServed(_)), "a refusal expected");
    }
    println!("| what ({households} households) | n | p50 ms | p95 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|");
    line("new receipt", made);
    line("replay (same client UUID)", replays);
    line("second hand-over refused (audited)", refusals);
    Ok(())
}
