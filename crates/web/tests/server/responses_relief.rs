//! Real answers of the relief desk, stock and conflicts routes hold to
//! the closed schemas the server publishes (as `responses.rs` checks the
//! main routes): a hand-over made, replayed and refused, a household at
//! the desk, its card, stock recorded and read, a conflict listed and
//! voided.

use crate::helpers::spawn_app;
use crate::relief_desk::{family, seed, served_offline_at_barbe};
use crate::responses::Contract;
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn the_relief_desk_routes_answer_what_the_document_publishes() {
    let app = spawn_app().await;
    let mut c = Contract::of(&app).await;
    let s = seed(&app);
    let f = family(&app, &s, &s.sev, "Traoré", &[]);
    let officer = app.token("relief.mopti").await;
    let supervisor = app.token("supervisor.mopti").await;

    // A hand-over: made, the same client UUID again, then refused.
    let receipts = (Method::POST, "/api/v1/relief/receipts");
    let url = "/api/v1/relief/receipts";
    let body = json!({"entitlement_id": f.cereal, "collector": "head", "client_uuid": dugu_storage::new_id()});
    let made = c.answer(&app, &officer, receipts.clone(), url, Some(body.clone()), 201).await;
    assert!(made["number"].is_string(), "a numbered receipt: {made}");
    c.answer(&app, &officer, receipts.clone(), url, Some(body), 200).await;
    let again = json!({"entitlement_id": f.cereal, "collector": "head", "client_uuid": dugu_storage::new_id()});
    let refused = c.answer(&app, &supervisor, receipts.clone(), url, Some(again), 409).await;
    assert_eq!(refused["first"]["id"], made["id"]);

    // The household at the desk (an entitlement served, one not), its card.
    let url = format!("/api/v1/relief/desk/households/{}", f.household);
    let desk = (Method::GET, "/api/v1/relief/desk/households/{id}");
    let read = c.answer(&app, &officer, desk, &url, None, 200).await;
    let entitlements = read["household"]["entitlements"].as_array().expect("entitlements");
    assert!(entitlements.iter().any(|e| e["served"].is_object()), "a first receipt to check: {read}");
    assert!(entitlements.iter().any(|e| e["served"].is_null()), "{read}");
    assert!(!read["household"]["collectors"].as_array().expect("collectors").is_empty(), "{read}");
    let url = format!("/api/v1/relief/households/{}/card", f.household);
    c.answer(&app, &officer, (Method::GET, "/api/v1/relief/households/{id}/card"), &url, None, 200).await;
    let replacement = (Method::POST, "/api/v1/relief/households/{id}/card/replacement");
    let url = format!("/api/v1/relief/households/{}/card/replacement", f.household);
    let replaced = c.answer(&app, &officer, replacement, &url, Some(json!({})), 201).await;
    assert_eq!(replaced["serial"], 2);

    // Stock: a waybill, the count validated, the books read.
    let waybill = json!({"site_id": s.sev, "cycle_id": s.cycle, "item": "cereal", "movement": "waybill",
                         "quantity": 1_000_000, "unit": "g", "reference": "BL-2026-081"});
    let movements = (Method::POST, "/api/v1/relief/stock/movements");
    c.answer(&app, &officer, movements, "/api/v1/relief/stock/movements", Some(waybill), 201).await;
    let count = json!({"site_id": s.sev, "cycle_id": s.cycle, "item": "cereal", "unit": "g", "counted": 900_000,
                       "explanation": "16 kg renversés au déchargement"});
    let reconciliations = (Method::POST, "/api/v1/relief/stock/reconciliations");
    c.answer(&app, &supervisor, reconciliations, "/api/v1/relief/stock/reconciliations", Some(count), 201).await;
    let url = format!("/api/v1/relief/stock?site_id={}&cycle_id={}", s.sev, s.cycle);
    let books = c.answer(&app, &officer, (Method::GET, "/api/v1/relief/stock"), &url, None, 200).await;
    assert_eq!(books["items"][0]["counted"], 900_000, "a count and its explanation to check: {books}");

    // A conflict: the oil served here, and at Barbé by a desk offline (its
    // receipt arrives with the sync); the supervisor voids the later one.
    let oil = json!({"entitlement_id": f.oil, "collector": "head", "client_uuid": dugu_storage::new_id()});
    c.answer(&app, &officer, receipts, "/api/v1/relief/receipts", Some(oil), 201).await;
    let later = served_offline_at_barbe(&app, &s, &f, &f.oil);
    let conflicts = (Method::GET, "/api/v1/relief/receipts/conflicts");
    let listed = c.answer(&app, &supervisor, conflicts, "/api/v1/relief/receipts/conflicts", None, 200).await;
    assert_eq!(listed["items"][0]["receipts"].as_array().map(Vec::len), Some(2), "{listed}");
    let void = (Method::POST, "/api/v1/relief/receipts/{id}/void");
    let url = format!("/api/v1/relief/receipts/{later}/void");
    let voided = c.answer(&app, &supervisor, void, &url, Some(json!({"void_reason": "Servi deux fois"})), 200).await;
    assert_eq!(voided["id"], later.as_str());

    for route in [
        "post /api/v1/relief/receipts",
        "get /api/v1/relief/desk/households/{id}",
        "get /api/v1/relief/households/{id}/card",
        "post /api/v1/relief/households/{id}/card/replacement",
        "post /api/v1/relief/stock/movements",
        "post /api/v1/relief/stock/reconciliations",
        "get /api/v1/relief/stock",
        "get /api/v1/relief/receipts/conflicts",
        "post /api/v1/relief/receipts/{id}/void",
    ] {
        assert!(c.checked.iter().any(|r| r == route), "{route} was checked");
    }
}
