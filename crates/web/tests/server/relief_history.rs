//! A household's relief page shows, per cycle, what it is owed and how
//! each entitlement was handed over (issue 15's walk-through), within
//! the reader's scope.

use crate::helpers::{spawn_app, ui_client};
use crate::relief_desk::{family, seed};
use dugu_storage::reads::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn the_household_page_shows_each_entitlement_and_its_receipt_or_that_it_is_not_handed_over() {
    let app = spawn_app().await;
    let s = seed(&app);
    let f = family(&app, &s, &s.sev, "Traoré", &[]);
    let officer = app.token("relief.mopti").await;
    let body = json!({"entitlement_id": f.cereal, "collector": "head", "client_uuid": dugu_storage::new_id()});
    let r = app.send(Method::POST, &officer, "/api/v1/relief/receipts", &body).await;
    assert_eq!(r.status(), 201);

    let ui = ui_client(&app, "relief.mopti").await;
    let page = app.html(&ui, &format!("/relief/households/{}", f.household)).await;
    let history = page.split("Droits et remises").nth(1).expect("the history's heading");
    assert!(history.contains("Cycle 3"), "the cycle");
    assert!(history.contains("84 kg") && history.contains("5,25 L"), "quantities with their units: {history}");
    assert!(history.contains("7 personnes"), "the inputs in words: {history}");
    let cereal = history.split("<tr>").find(|row| row.contains("84 kg")).expect("the cereal's row");
    assert!(cereal.contains("remis le "), "{cereal}");
    assert!(cereal.contains("Site de déplacés de Sévaré") && cereal.contains("Test relief.mopti"), "{cereal}");
    assert!(cereal.contains("Aminata Traoré (chef de ménage)"), "the collector: {cereal}");
    let oil = history.split("<tr>").find(|row| row.contains("5,25 L")).expect("the oil's row");
    assert!(oil.contains("pas encore remis"), "{oil}");

    // Out of scope is the same 404 as an unknown household.
    let elsewhere = ui_client(&app, "director.kita").await;
    let r = elsewhere.get(app.url(&format!("/relief/households/{}", f.household))).send().await.expect("page");
    assert_eq!(r.status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_history_read_is_scoped_and_audited() {
    let app = spawn_app().await;
    let s = seed(&app);
    let f = family(&app, &s, &s.sev, "Diarra", &[]);
    let in_scope = app.store.principal_of(&app.users["relief.mopti"]).expect("read").expect("principal");
    let lines = app.store.relief_history(&in_scope, &f.household).expect("history");
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l.receipt.is_none()));
    let views = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'view' AND record_type = 'entitlements'");
    assert!(views >= 1, "the view is audited");
    let kita = app.store.principal_of(&app.users["director.kita"]).expect("read").expect("principal");
    assert!(matches!(app.store.relief_history(&kita, &f.household), Err(dugu_storage::StoreError::NotFound)));
}
