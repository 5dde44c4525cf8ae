//! Relief offline at two desks that later sync (issue 15, requirements 8
//! and 9), with real processes: a hub (`dugu demo`) and two laptops
//! enrolled with `dugu enrol`, the Mopti relief office's (its officer)
//! and the Sévaré site's (Sévaré's own officer: accounts go to the sites
//! of their places, one laptop per place). A family is
//! registered and owed a ration on the hub; each laptop, with no link,
//! hands the same ration over; after `dugu sync` both receipts are kept,
//! the later one is a conflicting receipt in the supervisor's queue on the
//! hub and on the laptops (never a silent double, never a silent loss),
//! a round run again pushes nothing twice, and `dugu check` passes on
//! every replica.

use serde_json::{Value, json};
use std::path::Path;

mod common;
use common::{
    check, enrol_site as enrol, free_port, get, location_id, s, send, start_without_sync as start, text, token,
};

fn sync(dir: &Path) -> String {
    let o = common::sync(dir);
    assert!(o.status.success(), "{}", text(&o));
    text(&o)
}

/// A hand-over of `entitlement` to the head, at the laptop at `base`: the
/// answer's status and the receipt's number.
async fn hand_over(base: &str, officer: &str, entitlement: &str) -> (reqwest::StatusCode, String) {
    let officer = token(base, officer).await;
    let body = json!({"entitlement_id": entitlement, "collector": "head", "client_uuid": dugu_storage::new_id()});
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/relief/receipts"))
        .bearer_auth(officer)
        .json(&body)
        .send()
        .await
        .expect("post");
    let status = r.status();
    let answer: Value = r.json().await.expect("json");
    (status, answer["number"].as_str().unwrap_or_default().to_string())
}

async fn conflicting(base: &str) -> Vec<Value> {
    let supervisor = token(base, "supervisor.mopti").await;
    get(base, &supervisor, "/api/v1/relief/receipts/conflicts").await["items"].as_array().expect("items").clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_offline_desks_that_served_one_family_leave_a_conflicting_receipt_after_sync() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (hub_dir, a_dir, b_dir) = (dir.path().join("hub"), dir.path().join("desk-a"), dir.path().join("desk-b"));
    let hub_port = free_port();
    let hub = start(&["demo", "--data", s(&hub_dir)], hub_port).await;
    let admin = token(&hub.base, "admin").await;
    let officer = token(&hub.base, "relief.mopti").await;
    let supervisor = token(&hub.base, "supervisor.mopti").await;
    let (mopti, sevare) =
        (location_id(&hub.base, &admin, "MOP").await, location_id(&hub.base, &admin, "MOP-SEV").await);
    let programme = get(&hub.base, &admin, "/api/v1/programmes").await["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|p| p["kind"] == "emergency_relief" && p["location_id"] == json!(mopti))
        .and_then(|p| p["id"].as_str())
        .expect("the Mopti programme")
        .to_string();

    // A family arrives and is registered at Sévaré; the open cycle is
    // generated again (only the new family is new) and owes it a ration.
    let family = json!({
        "programme_id": programme, "location_id": sevare, "arrival_date": "2026-11-02", "status": "idp",
        "reason": "insecurity", "admin_pcode": "ML0506", "pcode_edition": "pre2023", "script_read": true,
        "lawful_basis": "vital_interest",
        "head": {"given_name": "Mariam", "family_name": "Tembély", "sex": "F", "birth_date": "1991-03-08"},
        "members": [{"given_name": "Ousmane", "family_name": "Tembély", "sex": "M", "birth_date": "2016-05-30",
                     "relationship": "child"}]
    });
    let registered = send(&hub.base, &officer, reqwest::Method::POST, "/api/v1/relief/registrations", family).await;
    let household = registered["household_id"].as_str().expect("household").to_string();
    let cycles = get(&hub.base, &supervisor, &format!("/api/v1/relief/cycles?programme_id={programme}")).await;
    let open = cycles["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["status"] == "approved")
        .and_then(|c| c["id"].as_str())
        .expect("the demo's open cycle")
        .to_string();
    let path = format!("/api/v1/relief/cycles/{open}/entitlements");
    let generated = send(&hub.base, &supervisor, reqwest::Method::POST, &path, json!({})).await;
    assert!(generated["generated"].as_u64().unwrap_or(0) >= 1, "{generated}");
    let owed =
        get(&hub.base, &officer, &format!("/api/v1/relief/households/{household}/entitlements?cycle_id={open}")).await;
    let entitlement = owed["items"][0]["id"].as_str().expect("an entitlement").to_string();

    // Sévaré's own officer, whose account the Sévaré laptop receives
    // (accounts go to the sites of their places), made while the hub is
    // stopped, as an administrator's page would.
    drop(hub);
    {
        let store = dugu_storage::Store::open(&hub_dir).expect("open the hub");
        let user = dugu_storage::NewUser {
            username: "desk.sevare".into(),
            display_name: "Guichet de Sévaré".into(),
            role: dugu_domain::Role::ReliefOfficer,
            password_hash: dugu_web::hash_password(common::PASSWORD).expect("hash"),
            language: "fr".into(),
            location_ids: vec![sevare.clone()],
        };
        store.write(move |tx| tx.create_user(None, &user)).expect("account");
    }
    let hub = start(&["demo", "--data", s(&hub_dir)], hub_port).await;

    // Two laptops that both hold the family: the relief office's (Mopti
    // and its sites) and the Sévaré site's desk (one laptop per place: a
    // second one for the same place would replace the first). Then the
    // hub goes down.
    enrol(&hub.base, &admin, &mopti, &a_dir).await;
    enrol(&hub.base, &admin, &sevare, &b_dir).await;
    drop(hub);

    // Each desk, alone, hands the same ration over: neither can know.
    // Each numbers its receipt in the series of its own place (the
    // office's laptop `MOP-R…`, Sévaré's `MOP-SEV-R…`): both number
    // Sévaré's receipts otherwise, from the same point.
    let mut numbers = Vec::new();
    for (desk, officer) in [(&a_dir, "relief.mopti"), (&b_dir, "desk.sevare")] {
        let laptop = start(&["serve", "--data", s(desk)], free_port()).await;
        let (status, number) = hand_over(&laptop.base, officer, &entitlement).await;
        assert_eq!(status, reqwest::StatusCode::CREATED);
        numbers.push(number);
    }
    assert!(numbers[0].starts_with("MOP-R") && numbers[1].starts_with("MOP-SEV-R"), "{numbers:?}");

    // The link returns: each laptop syncs, the first again to pull the other.
    let hub = start(&["demo", "--data", s(&hub_dir)], hub_port).await;
    sync(&a_dir);
    sync(&b_dir);
    sync(&a_dir);
    let on_hub = conflicting(&hub.base).await;
    assert_eq!(on_hub.len(), 1, "one conflicting receipt on the hub: {on_hub:?}");
    assert_eq!(on_hub[0]["entitlement_id"], json!(entitlement));
    assert_eq!(on_hub[0]["receipts"].as_array().map(Vec::len), Some(2), "both receipts kept: {on_hub:?}");
    // Nothing pushed twice: another round has nothing to send.
    let again = sync(&a_dir);
    assert!(again.contains("pushed 0"), "{again}");
    drop(hub);
    // The office's laptop, where the supervisor works, sees it too.
    let laptop = start(&["serve", "--data", s(&a_dir)], free_port()).await;
    let seen = conflicting(&laptop.base).await;
    assert_eq!(seen.len(), 1, "the office's supervisor sees it too: {seen:?}");
    drop(laptop);
    for replica in [&hub_dir, &a_dir, &b_dir] {
        check(replica);
    }
}
