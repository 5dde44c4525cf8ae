//! `dugu enrol` as a site's laptop runs it: a real hub (`dugu demo`) on a
//! random port, the administrator's `POST /api/v1/sites`, then the binary
//! enrolling a Kita site over loopback. The site's database holds exactly
//! what the hub shows a Kita account, replays to itself (`dugu check`), and
//! `dugu serve` runs it with no link: the Kita nurse signs in there with
//! her own password. A second use of the code, or a wrong one, fails and
//! leaves nothing behind.

use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;

mod common;
use common::{check, dugu, location_id, s, start, text, token};

/// Every person a user's list shows.
async fn people(base: &str, token: &str) -> BTreeSet<String> {
    common::all_people(base, token).await.iter().map(|p| p["id"].as_str().expect("id").to_string()).collect()
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(".dugu-enrol"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_site_enrolled_from_a_hub_runs_alone_with_exactly_its_scope() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub_dir = dir.path().join("hub");
    let hub = start(&["demo", "--data", s(&hub_dir)]).await;
    let admin = token(&hub.base, "admin").await;
    let kita = location_id(&hub.base, &admin, "KIT").await;
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/sites", hub.base))
        .bearer_auth(&admin)
        .json(&json!({"location_id": kita}))
        .send()
        .await
        .expect("create site");
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.expect("json");
    let code = created["enrolment_code"].as_str().expect("code").to_string();
    let site_id = created["site_id"].as_str().expect("site id").to_string();

    // A wrong code: refused, clearly, and nothing made.
    let wrong = dir.path().join("wrong");
    let o = dugu(&["enrol", "--data", s(&wrong), "--hub", &hub.base, "--code", "not-the-code"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("wrong, already used or expired"), "{}", text(&o));
    assert!(!wrong.exists() && leftovers(dir.path()).is_empty());
    // Codes are URL-safe base64: one that begins with `-` is a code, not a flag.
    let o = dugu(&["enrol", "--data", s(&wrong), "--hub", &hub.base, "--code", "-x7Qk2"]);
    assert!(text(&o).contains("wrong, already used or expired"), "{}", text(&o));

    let site_dir = dir.path().join("kita");
    // A code may begin with "-": typed as the sites page prints it
    // (`--code=…`), it is the code, not a flag.
    let dashed = dir.path().join("dashed");
    let o = dugu(&["enrol", "--data", s(&dashed), "--hub", &hub.base, "--code=-Bnot-the-code"]);
    assert!(text(&o).contains("wrong, already used or expired"), "{}", text(&o));
    let typed = format!("--code={code}");
    let o = dugu(&["enrol", "--data", s(&site_dir), "--hub", &hub.base, &typed]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(&site_id), "{}", text(&o));
    assert!(leftovers(dir.path()).is_empty());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(site_dir.join("device.key")).expect("key file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the device key is its owner's only");
    }

    // The code works once.
    let again = dir.path().join("again");
    std::fs::create_dir(&again).expect("an empty folder");
    let o = dugu(&["enrol", "--data", s(&again), "--hub", &hub.base, &typed]);
    assert!(!o.status.success());
    assert!(text(&o).contains("wrong, already used or expired"), "{}", text(&o));
    assert_eq!(std::fs::read_dir(&again).expect("read").count(), 0, "left empty");
    assert!(leftovers(dir.path()).is_empty());

    check(&site_dir);

    // What a Kita nurse sees at the hub is what the site holds; the hub
    // is stopped first: the site needs no link.
    let nurse_at_hub = token(&hub.base, "nurse.kita").await;
    let seen_at_hub = people(&hub.base, &nurse_at_hub).await;
    assert!(!seen_at_hub.is_empty());
    drop(hub);
    let site = start(&["serve", "--data", s(&site_dir)]).await;
    let nurse_at_site = token(&site.base, "nurse.kita").await;
    assert_eq!(people(&site.base, &nurse_at_site).await, seen_at_hub);
    // No one from another site can sign in there.
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/login", site.base))
        .json(&json!({"username": "nurse.socoura", "password": common::PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 401);
    drop(site);
    check(&site_dir);
}
