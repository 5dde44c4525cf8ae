//! A family registered twice (two sites, the API keeps both) is served
//! once: while no supervisor has looked, the desk says it may be the same
//! household; once a supervisor decides it is, a cycle generated after
//! owes the later registration nothing, and what it was owed before is
//! refused at the desk, which points to the household that is served.

use crate::helpers::{TestApp, spawn_app, ui_client};
use crate::relief_registration::{family, mopti_programme, register};
use reqwest::Method;
use serde_json::{Value, json};

async fn cycle(app: &TestApp, token: &str, programme: &str, name: &str) -> String {
    let today = time::OffsetDateTime::now_utc().date();
    let body = json!({
        "programme_id": programme, "name": name,
        "start": (today - time::Duration::days(1)).to_string(), "end": (today + time::Duration::days(20)).to_string(),
        "items": [{"item": "céréales", "per_person": 12000, "unit": "g", "cap": 10, "modality": "in_kind"}],
        "site_ids": [app.sites["MOP-SEV"], app.sites["MOP-BAR"]]
    });
    let id = app.create(token, "/api/v1/relief/cycles", &body).await;
    let path = format!("/api/v1/relief/cycles/{id}/status");
    assert_eq!(app.send(Method::POST, token, &path, &json!({"status": "approved"})).await.status(), 200);
    let path = format!("/api/v1/relief/cycles/{id}/entitlements");
    assert_eq!(app.send(Method::POST, token, &path, &json!({})).await.status(), 200);
    id
}

fn owed(app: &TestApp, household: &str, cycle: &str) -> Vec<String> {
    app.store
        .inspect("SELECT id FROM entitlements WHERE household_id = ?1 AND cycle_id = ?2", &[household, cycle])
        .expect("read")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_family_registered_twice_is_served_once_after_a_supervisor_decides() {
    let app = spawn_app().await;
    let (officer, supervisor) = (app.token("relief.mopti").await, app.token("supervisor.mopti").await);
    let programme = mopti_programme(&app);
    let first: Value =
        register(&app, &officer, &family(&app, "MOP-SEV", ["Fatoumata", "Guindo"])).await.json().await.expect("json");
    let again: Value =
        register(&app, &officer, &family(&app, "MOP-BAR", ["Fatoumata", "Guindo"])).await.json().await.expect("json");
    let (first, again) = (
        first["household_id"].as_str().expect("id").to_owned(),
        again["household_id"].as_str().expect("id").to_owned(),
    );
    let before = cycle(&app, &supervisor, &programme, "Cycle 1").await;
    assert_eq!(owed(&app, &again, &before).len(), 1, "undecided, both are owed");
    // The desk says the family may be the other household.
    let ui = ui_client(&app, "relief.mopti").await;
    let page = app.html(&ui, &format!("/relief/desk?household={again}")).await;
    let number =
        app.store.inspect("SELECT record_number FROM households WHERE id = ?1", &[&first]).expect("read").remove(0);
    assert!(page.contains("Peut-être le même ménage que") && page.contains(&number), "{page}");

    // The supervisor decides the head's pair: the same household.
    let queue: Value = app
        .get(&supervisor, &format!("/api/v1/relief/programmes/{programme}/duplicates?open=true"))
        .await
        .json()
        .await
        .expect("json");
    let pair = queue["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|p| p["household_id"] == json!(again) && p["other_household_id"] == json!(first))
        .and_then(|p| p["id"].as_str())
        .expect("a pair")
        .to_owned();
    let path = format!("/api/v1/relief/duplicates/{pair}/decisions");
    let r = app.send(Method::POST, &supervisor, &path, &json!({"decision": "same_household"})).await;
    assert_eq!(r.status(), 201);

    // Owed before the decision: refused at the desk, the page says why.
    let entitlement = owed(&app, &again, &before).remove(0);
    let body = json!({"entitlement_id": entitlement, "collector": "head", "client_uuid": dugu_storage::new_id()});
    let r = app.send(Method::POST, &officer, "/api/v1/relief/receipts", &body).await;
    assert_eq!(r.status(), 422, "the later registration is not served");
    assert!(r.text().await.expect("body").contains("household_id"));
    let page = app.html(&ui, &format!("/relief/desk?household={again}")).await;
    assert!(page.contains("Le même ménage que") && page.contains(&number), "{page}");
    assert!(!page.contains("/relief/desk/serve"), "no hand-over form: {page}");
    let kept = owed(&app, &first, &before).remove(0);
    let body = json!({"entitlement_id": kept, "collector": "head", "client_uuid": dugu_storage::new_id()});
    assert_eq!(app.send(Method::POST, &officer, "/api/v1/relief/receipts", &body).await.status(), 201);
    // A cycle generated after the decision owes it nothing; undone, it would.
    let after = cycle(&app, &supervisor, &programme, "Cycle 2").await;
    assert!(owed(&app, &again, &after).is_empty(), "the duplicate is owed nothing");
    assert_eq!(owed(&app, &first, &after).len(), 1, "the household is");
}
