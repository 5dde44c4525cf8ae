//! The supervisor's queue of conflicting receipts through the real server
//! (requirement 9). Two desks apart serving one household is tested across
//! real replicas in dugu-storage (`relief_desk_tests.rs`); here the second
//! receipt arrives as sync brings it — written as the foundation's kind,
//! past the desk's own refusal — and the supervisor sees and decides it.

use crate::helpers::{csrf_of, spawn_app, ui_client};
use crate::relief_desk::{family, seed, served_offline_at_barbe};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn requirement_9_a_receipt_synced_from_another_desk_waits_for_a_supervisor_who_voids_it_with_a_reason() {
    let app = spawn_app().await;
    let s = seed(&app);
    let f = family(&app, &s, &s.sev, "Diarra", &[]);
    let officer = app.token("relief.mopti").await;
    let r = app
        .send(
            Method::POST,
            &officer,
            "/api/v1/relief/receipts",
            &json!({"entitlement_id": f.cereal, "collector": "head", "client_uuid": dugu_storage::new_id()}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let first = r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string();
    let supervisor = app.token("supervisor.mopti").await;
    let queue = |token: String| {
        let app = &app;
        async move { app.get(&token, "/api/v1/relief/receipts/conflicts").await }
    };
    let empty: Value = queue(supervisor.clone()).await.json().await.expect("json");
    assert_eq!(empty["items"], json!([]));

    // Barbé's desk, offline, served the same household later: its receipt
    // arrives with the sync, as the other desk wrote it.
    let later = served_offline_at_barbe(&app, &s, &f, &f.cereal);

    // The officer does not decide; the supervisor sees both, first first.
    assert_eq!(queue(officer.clone()).await.status(), 403);
    let listed: Value = queue(supervisor.clone()).await.json().await.expect("json");
    let items = listed["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{listed}");
    let ids: Vec<&str> = items[0]["receipts"].as_array().expect("r").iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, vec![first.as_str(), later.as_str()]);
    assert_eq!(items[0]["receipts"][1]["site"], json!("Site de déplacés de Barbé"));
    // Both count until decided: nothing was dropped on its own.
    assert_eq!(app.count("SELECT COUNT(*) FROM receipts WHERE voided IS NULL"), 2);

    // The page says which is the conflicting receipt; a reason is needed.
    let ui = ui_client(&app, "supervisor.mopti").await;
    let page = app.html(&ui, "/relief/desk/conflicts").await;
    assert!(page.contains("reçu en conflit") && page.contains("Site de déplacés de Barbé"), "{page}");
    let post = |reason: &'static str, page: String| {
        let (ui, app, later) = (&ui, &app, later.clone());
        async move {
            let form = [("csrf", csrf_of(&page)), ("receipt", later), ("void_reason", reason.to_string())];
            ui.post(app.url("/relief/desk/conflicts/void")).form(&form).send().await.expect("void")
        }
    };
    let refused = post("  ", page.clone()).await.text().await.expect("html");
    assert!(refused.contains("role=\"alert\"") && refused.contains("Motif d&#39;annulation"), "{refused}");
    let done = post("Servi deux fois hors ligne", page).await.text().await.expect("html");
    assert!(done.contains("Reçu annulé") && done.contains("Aucun reçu en conflit"), "{done}");
    let kept = app.store.inspect("SELECT voided FROM receipts WHERE id = ?1", &[later.as_str()]).expect("receipt");
    assert_eq!(kept, vec!["Servi deux fois hors ligne".to_string()]);
    // Once voided, not again; through the API too.
    let r = app
        .send(Method::POST, &supervisor, &format!("/api/v1/relief/receipts/{later}/void"), &json!({"void_reason": "x"}))
        .await;
    assert_eq!(r.status(), 422);
    let r = app
        .send(Method::POST, &officer, &format!("/api/v1/relief/receipts/{first}/void"), &json!({"void_reason": "x"}))
        .await;
    assert_eq!(r.status(), 403, "a desk does not void");
    let social = app.token("social.kita").await;
    let r = app
        .send(Method::POST, &social, &format!("/api/v1/relief/receipts/{first}/void"), &json!({"void_reason": "x"}))
        .await;
    assert_eq!(r.status(), 404, "out of scope");
}
