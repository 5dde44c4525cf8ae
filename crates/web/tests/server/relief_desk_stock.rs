//! A relief site's stock through the real server (requirement 14):
//! waybills, losses and returns recorded; issues are the receipts;
//! opening + received − distributed − losses − returned against the
//! count; a difference only with an explanation; the next cycle does not
//! open at the site until the supervisor has validated it.

use crate::helpers::spawn_app;
use crate::relief_desk::{cycle, family, seed};
use dugu_storage::reads::*;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn requirement_14_the_books_balance_or_are_explained_before_the_next_cycle_opens() {
    let app = spawn_app().await;
    let s = seed(&app);
    let f = family(&app, &s, &s.sev, "Konaté", &[]);
    let officer = app.token("relief.mopti").await;
    let supervisor = app.token("supervisor.mopti").await;
    let post = |token: &str, path: &str, body: Value| {
        let (app, token, path) = (&app, token.to_string(), path.to_string());
        async move {
            let r = app.send(Method::POST, &token, &path, &body).await;
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let movement = |kind: &str, quantity: i64, reference: &str, note: &str| {
        json!({"site_id": s.sev, "cycle_id": s.cycle, "item": "cereal", "movement": kind, "quantity": quantity,
               "unit": "g", "reference": reference, "note": note})
    };
    // A waybill needs its number, a loss what happened; quantities are whole and above 0.
    let (status, body) = post(&officer, "/api/v1/relief/stock/movements", movement("waybill", 1_000_000, "", "")).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("reference"), "{body}");
    let (status, body) = post(&officer, "/api/v1/relief/stock/movements", movement("loss", 6_000, "", "")).await;
    assert!(status == 422 && body.to_string().contains("note"), "{body}");
    let (status, body) = post(&officer, "/api/v1/relief/stock/movements", movement("loss", 0, "", "sac percé")).await;
    assert!(status == 422 && body.to_string().contains("quantity"), "{body}");
    for (kind, quantity, reference, note) in [
        ("waybill", 1_000_000, "BL-2026-081", ""),
        ("loss", 6_000, "", "Sac percé par les rats"),
        ("return", 10_000, "", ""),
    ] {
        let (status, body) =
            post(&officer, "/api/v1/relief/stock/movements", movement(kind, quantity, reference, note)).await;
        assert_eq!(status, 201, "{kind}: {body}");
    }
    // Issues are the receipts: one hand-over of 84 kg.
    let (status, _) = post(
        &officer,
        "/api/v1/relief/receipts",
        json!({"entitlement_id": f.cereal, "collector": "head", "client_uuid": dugu_storage::new_id()}),
    )
    .await;
    assert_eq!(status, 201);
    let books = |token: String, cycle: String| {
        let (app, sev) = (&app, s.sev.clone());
        async move {
            let r = app.get(&token, &format!("/api/v1/relief/stock?site_id={sev}&cycle_id={cycle}")).await;
            (r.status().as_u16(), r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (status, stock) = books(officer.clone(), s.cycle.clone()).await;
    assert_eq!(status, 200);
    let cereal = &stock["items"][0];
    assert_eq!(cereal["item"], "cereal");
    assert_eq!(
        [&cereal["opening"], &cereal["received"], &cereal["distributed"], &cereal["losses"], &cereal["returned"]],
        [&json!(0), &json!(1_000_000), &json!(84_000), &json!(6_000), &json!(10_000)]
    );
    assert_eq!(cereal["expected_closing"], 900_000);
    assert_eq!(cereal["counted"], Value::Null);
    // The gate: nothing reconciled, so no next cycle opens at Sévaré.
    let open = app.store.reconciliation_open(&s.sev, &s.programme).expect("gate");
    assert_eq!(open, vec![(s.cycle.clone(), "cereal".to_string())]);
    assert!(app.store.reconciliation_open(&s.bar, &s.programme).expect("gate").is_empty(), "Barbé had no stock");

    // The officer does not validate; a count that differs needs why.
    let reconcile = |counted: i64, explanation: &str| {
        json!({"site_id": s.sev, "cycle_id": s.cycle, "item": "cereal", "unit": "g", "counted": counted,
               "explanation": explanation})
    };
    let (status, _) = post(&officer, "/api/v1/relief/stock/reconciliations", reconcile(900_000, "")).await;
    assert_eq!(status, 403);
    let (status, body) = post(&supervisor, "/api/v1/relief/stock/reconciliations", reconcile(895_000, "  ")).await;
    assert!(status == 422 && body.to_string().contains("explanation"), "{body}");
    assert_eq!(app.store.reconciliation_open(&s.sev, &s.programme).expect("gate").len(), 1, "still open");
    let (status, body) = post(
        &supervisor,
        "/api/v1/relief/stock/reconciliations",
        reconcile(895_000, "5 kg renversés au déchargement, constatés par le magasinier"),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = post(&supervisor, "/api/v1/relief/stock/reconciliations", reconcile(895_000, "encore")).await;
    assert_eq!(status, 422, "once per site, cycle and item: {body}");
    assert!(app.store.reconciliation_open(&s.sev, &s.programme).expect("gate").is_empty(), "the next cycle may open");
    let (_, stock) = books(officer.clone(), s.cycle.clone()).await;
    assert_eq!(stock["items"][0]["counted"], 895_000);

    // The next cycle opens with what was counted.
    let next = cycle(&app, &s, "Cycle 4", 26, 56, "approved");
    let (status, body) = post(
        &officer,
        "/api/v1/relief/stock/movements",
        json!({"site_id": s.sev, "cycle_id": next, "item": "cereal", "movement": "waybill", "quantity": 500_000,
               "unit": "g", "reference": "BL-2026-090"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let (_, stock) = books(officer.clone(), next.clone()).await;
    assert_eq!(stock["items"][0]["opening"], 895_000);
    assert_eq!(stock["items"][0]["expected_closing"], 1_395_000);

    // Stock is relief staff's, within scope.
    let social = app.token("social.socoura").await;
    assert_eq!(books(social, s.cycle.clone()).await.0, 403);
    let kita = app.token("director.kita").await;
    assert_eq!(books(kita.clone(), s.cycle.clone()).await.0, 404);
    let (status, _) = post(&kita, "/api/v1/relief/stock/movements", movement("loss", 1, "", "x")).await;
    assert_eq!(status, 422, "a site out of scope is unknown");
    let r = app.get(&officer, "/api/v1/relief/stock?site_id=").await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.expect("json");
    assert!(body.to_string().contains("site_id") && body.to_string().contains("cycle_id"), "{body}");
}
