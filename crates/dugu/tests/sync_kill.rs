//! Issue 14, test (c): a sync round killed at any moment loses nothing and
//! duplicates nothing. A real hub (`dugu demo`, later `dugu serve`) and a
//! real Kita site (`dugu enrol`); people registered at the site, and one
//! registered at the hub before each of the 50
//! runs, in which `dugu sync` is started and either it (the site) or the
//! hub is killed with SIGKILL after a random delay — before, during or
//! after the round. Then both databases pass `dugu check` (SQLite's
//! `PRAGMA integrity_check`, the audit chain, the log's replay), a final round completes, a second one has nothing to do,
//! and each side holds every person registered on either, exactly once —
//! the hub's in the national series (900,000 on), the site's from 1, so
//! the two never share a record number (migration 0027).
//!
//! The random delays come from a seed printed at the start (set
//! `DUGU_KILL_SEED` to replay a failure).

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::Duration;

const RUNS: usize = 50;

mod common;
use common::{check, dugu, enrol_site, free_port, location_id, s, start_on, text, token};

/// Registers a Kita child; its record number.
async fn register(base: &str, token: &str, kita: &str, given: &str) -> String {
    let body = json!({"given_name": given, "family_name": "Keïta", "sex": "F", "birth_date": "2019-05-04",
        "location_id": kita});
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/people"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("register");
    assert_eq!(r.status(), 201, "{given} registered at {base}");
    r.json::<Value>().await.expect("json")["record_number"].as_str().expect("record number").to_string()
}

/// How many times each given name of the people the Kita nurse sees.
async fn given_names(base: &str, token: &str) -> BTreeMap<String, usize> {
    let mut names = BTreeMap::new();
    for p in common::all_people(base, token).await {
        *names.entry(p["given_name"].as_str().unwrap_or_default().to_string()).or_insert(0) += 1;
    }
    names
}

/// A small deterministic generator (xorshift): the delays are replayable
/// from the printed seed, with no dependency for it.
struct Delays(u64);

impl Delays {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sync_killed_at_any_moment_loses_and_duplicates_nothing() {
    let seed = std::env::var("DUGU_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1
    });
    eprintln!("DUGU_KILL_SEED={seed}");
    let mut delays = Delays(seed);
    let dir = tempfile::tempdir().expect("tempdir");
    let hub_dir = dir.path().join("hub");
    let site_dir = dir.path().join("kita");
    let hub_port = free_port();
    let mut hub = start_on(&["demo", "--data", s(&hub_dir)], hub_port).await;
    let admin = token(&hub.base, "admin").await;
    let kita = location_id(&hub.base, &admin, "KIT").await;
    enrol_site(&hub.base, &admin, &kita, &site_dir).await;

    // Work done at the site with no link: 30 children registered there.
    {
        let site = start_on(&["serve", "--data", s(&site_dir)], free_port()).await;
        let director = token(&site.base, "director.kita").await;
        for i in 0..30 {
            let number = register(&site.base, &director, &kita, &format!("Site{i:02}")).await;
            assert!(number.strip_prefix("KIT-").and_then(|n| n.parse::<u64>().ok()) < Some(900_000), "{number}");
        }
        // Beside a running server (which syncs on its own), a second
        // process writing the same database is refused, not let in.
        let o = common::sync(&site_dir);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(text(&o).contains("another dugu is using"), "{}", text(&o));
        let o = dugu(&["serve", "--data", s(&site_dir), "--listen", "127.0.0.1:0"]);
        assert!(!o.status.success() && text(&o).contains("already serving or syncing"), "{}", text(&o));
    }

    let mut hub_director = token(&hub.base, "director.kita").await;
    let mut registered_at_hub = 0;
    let mut hub_kills = 0;
    for run in 0..RUNS {
        // Something new at the hub for every round to pull: a child
        // registered there while the site registers its own.
        let number = register(&hub.base, &hub_director, &kita, &format!("Hub{registered_at_hub:03}")).await;
        assert!(number.strip_prefix("KIT-").and_then(|n| n.parse::<u64>().ok()) >= Some(900_000), "{number}");
        registered_at_hub += 1;
        let mut sync = Command::new(env!("CARGO_BIN_EXE_dugu"))
            .args(["sync", "--data", s(&site_dir)])
            .env_remove("DUGU_DATA")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dugu sync");
        tokio::time::sleep(Duration::from_millis(delays.next(600))).await;
        if delays.next(3) == 0 {
            // The hub dies mid-round; the site's round ends on its own
            // (unreachable, exit 3), then the hub comes back.
            let _ = hub.child.kill();
            let _ = hub.child.wait();
            hub_kills += 1;
            let status = sync.wait().expect("wait for dugu sync");
            assert!(
                matches!(status.code(), Some(0) | Some(3)),
                "run {run}: a round whose hub died ends complete or unreachable, not {status:?}"
            );
            hub = start_on(&["serve", "--data", s(&hub_dir)], hub_port).await;
            hub_director = token(&hub.base, "director.kita").await;
        } else {
            let _ = sync.kill();
            let _ = sync.wait();
        }
    }
    eprintln!("{RUNS} runs, the hub killed in {hub_kills}");

    drop(hub);
    // `dugu check` runs SQLite's `PRAGMA integrity_check`, the audit
    // chain, and the replay of the log against the tables.
    for d in [&hub_dir, &site_dir] {
        check(d);
    }

    let hub = start_on(&["serve", "--data", s(&hub_dir)], hub_port).await;
    let o = common::sync(&site_dir);
    assert!(o.status.success(), "the final round completes: {}", text(&o));
    let o = common::sync(&site_dir);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "pushed 0, pulled 0, conflicts 0",
        "a round after a complete one has nothing to do"
    );

    let nurse = token(&hub.base, "nurse.kita").await;
    let at_hub = given_names(&hub.base, &nurse).await;
    drop(hub);
    let site = start_on(&["serve", "--data", s(&site_dir)], free_port()).await;
    let nurse = token(&site.base, "nurse.kita").await;
    let at_site = given_names(&site.base, &nurse).await;
    drop(site);
    assert_eq!(at_hub, at_site, "the hub and the site hold the same Kita people");
    for i in 0..30 {
        assert_eq!(at_hub.get(&format!("Site{i:02}")), Some(&1), "Site{i:02}: registered at the site, held once");
    }
    for i in 0..registered_at_hub {
        assert_eq!(at_hub.get(&format!("Hub{i:03}")), Some(&1), "Hub{i:03}: registered at the hub, held once");
    }
    for d in [&hub_dir, &site_dir] {
        check(d);
    }
}
