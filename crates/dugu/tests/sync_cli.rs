//! Sync rounds with real processes: a hub (`dugu demo`) and two sites
//! (Kita, Sanankoroba) on loopback, enrolled with `dugu enrol`, each edited
//! through its own server while the others are down, then `dugu sync`:
//! the edits converge, a field changed both at the Kita site and at the
//! hub is one conflict on each replica that holds the record (the same
//! id), `dugu check` passes everywhere, and an unreachable hub or a folder
//! that is not a site get their exit codes.

use serde_json::json;
use std::collections::BTreeSet;
use std::path::Path;

mod common;
use common::{check, enrol_site, free_port, get, location_id, s, send, start_without_sync as start, text, token};

/// Every person a user's list shows, with their phone.
async fn people(base: &str, token: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for p in common::all_people(base, token).await {
        let id = p["id"].as_str().expect("id").to_string();
        let full = get(base, token, &format!("/api/v1/people/{id}")).await;
        out.insert((id, full["phone"].as_str().unwrap_or("").to_string()));
    }
    out
}

/// The conflicts a user sees: (id, record, field).
async fn conflicts(base: &str, token: &str) -> Vec<(String, String, String)> {
    let list = get(base, token, "/api/v1/conflicts").await;
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| {
            let f = |k: &str| c[k].as_str().expect("text").to_string();
            (f("id"), f("entity_id"), f("field"))
        })
        .collect()
}

/// `dugu sync`: its exit code and its counts.
fn sync(dir: &Path) -> (Option<i32>, String) {
    let o = common::sync(dir);
    (o.status.code(), text(&o))
}

/// A round that says how many requests it made (what the benchmark
/// reads): its exit code, its line, and what it said of the wire.
fn sync_counted(dir: &Path) -> (Option<i32>, String, String) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dugu"))
        .args(["sync", "--data", s(dir)])
        .env("DUGU_SYNC_BYTES", "1")
        .env_remove("DUGU_DATA")
        .output()
        .expect("run dugu");
    (o.status.code(), String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

fn counts(line: &str) -> (u64, u64, u64) {
    let line = line.trim();
    let parts: Vec<u64> = line
        .split(", ")
        .zip(["pushed ", "pulled ", "conflicts "])
        .map(|(part, word)| part.strip_prefix(word).and_then(|n| n.parse().ok()).expect("the contract's line"))
        .collect();
    assert_eq!(parts.len(), 3, "{line}");
    (parts[0], parts[1], parts[2])
}

#[tokio::test(flavor = "multi_thread")]
async fn two_sites_and_a_hub_converge_and_a_same_field_edit_is_one_conflict_everywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (hub_dir, kita_dir, san_dir) = (dir.path().join("hub"), dir.path().join("kita"), dir.path().join("san"));
    let hub_port = free_port();
    let hub = start(&["demo", "--data", s(&hub_dir)], hub_port).await;
    let admin = token(&hub.base, "admin").await;
    let (kita, san) = (location_id(&hub.base, &admin, "KIT").await, location_id(&hub.base, &admin, "SAN").await);
    enrol_site(&hub.base, &admin, &kita, &kita_dir).await;
    enrol_site(&hub.base, &admin, &san, &san_dir).await;
    let kita_child =
        people(&hub.base, &token(&hub.base, "director.kita").await).await.first().expect("a Kita child").0.clone();
    let san_child =
        people(&hub.base, &token(&hub.base, "director.sanankoroba").await).await.first().expect("a child").0.clone();
    drop(hub);

    // Not a site, or no hub: exit 2, then 3 — and nothing lost.
    let (code, out) = sync(&hub_dir);
    assert_eq!(code, Some(2), "{out}");
    let (code, out) = sync(&dir.path().join("nowhere"));
    assert_eq!(code, Some(2), "{out}");

    // Each site edited while the hub and the other site are down.
    let kita_port = free_port();
    let site = start(&["serve", "--data", s(&kita_dir)], kita_port).await;
    let director = token(&site.base, "director.kita").await;
    let phone = |n: &str| json!({"phone": format!("+223 70 00 00 {n}")});
    send(&site.base, &director, reqwest::Method::PATCH, &format!("/api/v1/people/{kita_child}"), phone("01")).await;
    let new_child = send(
        &site.base,
        &director,
        reqwest::Method::POST,
        "/api/v1/people",
        json!({"given_name": "Sitan", "family_name": "Keïta", "sex": "F", "birth_date": "2025-02-03", "location_id": kita}),
    )
    .await["id"]
        .as_str()
        .expect("id")
        .to_string();
    drop(site);
    let (code, out) = sync(&kita_dir);
    assert_eq!(code, Some(3), "the hub is down: {out}");

    let san_port = free_port();
    let site = start(&["serve", "--data", s(&san_dir)], san_port).await;
    let director = token(&site.base, "director.sanankoroba").await;
    send(&site.base, &director, reqwest::Method::PATCH, &format!("/api/v1/people/{san_child}"), phone("03")).await;
    drop(site);

    // At the hub (the Kita director, there for a day), the sites down:
    // the same field of the same child.
    let hub = start(&["demo", "--data", s(&hub_dir)], hub_port).await;
    let national_at_hub = token(&hub.base, "director.national").await;
    let kita_at_hub = token(&hub.base, "director.kita").await;
    send(&hub.base, &kita_at_hub, reqwest::Method::PATCH, &format!("/api/v1/people/{kita_child}"), phone("02")).await;

    let (code, out) = sync(&kita_dir);
    assert_eq!(code, Some(0), "{out}");
    let (pushed, pulled, in_conflict) = counts(&out);
    assert!(pushed >= 2, "the phone and the new child: {out}");
    assert!(pulled >= 1, "the hub's phone: {out}");
    assert_eq!(in_conflict, 1, "{out}");
    let (code, out) = sync(&san_dir);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(counts(&out).2, 0, "{out}");
    // A second round has nothing to do, in one request: the hub's last
    // page says the accounts are what the site took last.
    for d in [&kita_dir, &san_dir] {
        let (code, out, wire) = sync_counted(d);
        assert_eq!(code, Some(0), "{out}{wire}");
        assert_eq!(counts(&out).0 + counts(&out).1, 0, "{out}");
        assert!(wire.contains("dugu: 1 requests,"), "{wire}");
    }

    // The hub holds everything; each site exactly its scope as the hub
    // shows it, with the same values.
    let at_hub_kita = people(&hub.base, &token(&hub.base, "director.kita").await).await;
    let at_hub_san = people(&hub.base, &token(&hub.base, "director.sanankoroba").await).await;
    assert!(at_hub_kita.iter().any(|(id, _)| *id == new_child), "the site's new child reached the hub");
    assert!(at_hub_san.contains(&(san_child.clone(), "+223 70 00 00 03".to_string())));
    let hub_conflicts = conflicts(&hub.base, &national_at_hub).await;
    assert_eq!(hub_conflicts.len(), 1, "{hub_conflicts:?}");
    assert_eq!((hub_conflicts[0].1.as_str(), hub_conflicts[0].2.as_str()), (kita_child.as_str(), "phone"));
    drop(hub);

    let site = start(&["serve", "--data", s(&kita_dir)], kita_port).await;
    let director = token(&site.base, "director.kita").await;
    assert_eq!(people(&site.base, &director).await, at_hub_kita, "Kita converged");
    assert_eq!(conflicts(&site.base, &director).await, hub_conflicts, "the same one conflict at Kita");
    drop(site);
    let site = start(&["serve", "--data", s(&san_dir)], san_port).await;
    let director = token(&site.base, "director.sanankoroba").await;
    assert_eq!(people(&site.base, &director).await, at_hub_san, "Sanankoroba converged");
    assert!(conflicts(&site.base, &director).await.is_empty(), "the Kita child is not Sanankoroba's");
    drop(site);

    for d in [&hub_dir, &kita_dir, &san_dir] {
        check(d);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_laptop_replaced_is_retired_and_says_what_it_never_sent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (hub_dir, old_dir, new_dir) = (dir.path().join("hub"), dir.path().join("old"), dir.path().join("new"));
    let hub = start(&["demo", "--data", s(&hub_dir)], free_port()).await;
    let admin = token(&hub.base, "admin").await;
    let kita = location_id(&hub.base, &admin, "KIT").await;
    enrol_site(&hub.base, &admin, &kita, &old_dir).await;

    // The old laptop registers a child, then is replaced before it syncs.
    let site = start(&["serve", "--data", s(&old_dir)], free_port()).await;
    let director = token(&site.base, "director.kita").await;
    let child = json!({"given_name": "Sitan", "family_name": "Keïta", "sex": "F", "birth_date": "2025-02-03", "location_id": kita});
    send(&site.base, &director, reqwest::Method::POST, "/api/v1/people", child).await;
    drop(site);
    enrol_site(&hub.base, &admin, &kita, &new_dir).await;

    let (code, out) = sync(&old_dir);
    assert_eq!(code, Some(4), "{out}");
    assert!(out.contains("retired") && out.contains("never sent"), "{out}");
    // Said again the next time, the same: nothing was taken nor changed.
    let (again, out_again) = sync(&old_dir);
    assert_eq!((again, out_again), (code, out));
    let (code, out) = sync(&new_dir);
    assert_eq!(code, Some(0), "{out}");
    let at_hub = people(&hub.base, &token(&hub.base, "director.kita").await).await;
    drop(hub);
    let site = start(&["serve", "--data", s(&new_dir)], free_port()).await;
    let director = token(&site.base, "director.kita").await;
    assert_eq!(people(&site.base, &director).await, at_hub, "the new laptop holds what the hub holds");
    drop(site);
    for d in [&hub_dir, &old_dir, &new_dir] {
        check(d);
    }
}
