//! Conflict review through the real server: a child's date of birth
//! changed at two other sites without either seeing the other's change is
//! listed — values, who, where, when — to those who may read it, flagged
//! safety-critical, resolved once by a role that writes it, and gone.

use crate::helpers::spawn_app;
use dugu_sync::{Verdict, WireOp};
use reqwest::Method;
use serde_json::{Value, json};

/// A change of `field` made at another site (`device`), having seen the
/// record's creation only.
pub fn made_elsewhere(device: &str, entity: &str, creation: &[u8], field: &str, value: &str) -> WireOp {
    let hlc = (dugu_storage::now_millis() as u64 / 1000) << 32;
    let op = WireOp {
        op_id: Vec::new(),
        device: device.to_string(),
        seq: 1,
        hlc,
        entity_type: "person".into(),
        entity_id: entity.to_string(),
        field: Some(field.into()),
        value: value.into(),
        user_id: None,
        parents: creation.to_vec(),
    };
    WireOp { op_id: op.content_id(), ..op }
}

pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).filter_map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_date_of_birth_changed_at_two_sites_is_reviewed_and_resolved_once() {
    let app = spawn_app().await;
    let child = app.kita_child.clone();
    let creation = app
        .store
        .inspect("SELECT hex(op_id) FROM ops WHERE entity_id = ?1 AND field IS NULL", &[&child])
        .expect("creation");
    let creation = unhex(&creation[0]);
    let (kita, socoura) = (dugu_storage::new_id(), dugu_storage::new_id());
    // The second change's author is known here: the page names them as
    // colleagues know them, not by their login.
    let by_socoura = WireOp {
        user_id: Some(app.users["social.socoura"].clone()),
        ..made_elsewhere(&socoura, &child, &creation, "birth_date", "\"2019-04-01\"")
    };
    let ops = vec![
        made_elsewhere(&kita, &child, &creation, "birth_date", "\"2019-03-01\""),
        WireOp { op_id: by_socoura.content_id(), ..by_socoura },
    ];
    assert_eq!(app.store.receive(ops).expect("receive"), vec![Verdict::Accepted, Verdict::Accepted]);

    let social = app.token("social.kita").await;
    let list: Value = app.get(&social, "/api/v1/conflicts").await.json().await.expect("json");
    assert_eq!(list["total"], 1);
    let item = &list["items"][0];
    assert_eq!(
        (&item["entity_type"], &item["entity_id"], &item["field"]),
        (&json!("person"), &json!(child), &json!("birth_date"))
    );
    assert_eq!(item["safety_critical"], true);
    let values: Vec<&Value> = item["values"].as_array().expect("values").iter().map(|v| &v["value"]).collect();
    assert_eq!(values.len(), 2);
    assert!(values.contains(&&json!("2019-03-01")) && values.contains(&&json!("2019-04-01")));
    let sites: Vec<&Value> = item["values"].as_array().expect("values").iter().map(|v| &v["site"]).collect();
    assert!(sites.contains(&&json!(kita)) && sites.contains(&&json!(socoura)));
    let id = item["id"].as_str().expect("id").to_string();
    let ui = crate::helpers::ui_client(&app, "social.kita").await;
    let page = app.html(&ui, "/conflicts").await;
    assert!(page.contains(">Test social.socoura<"), "{page}");

    // Out of scope: absent from the list, 404 to resolve.
    let relief = app.token("relief.mopti").await;
    let theirs: Value = app.get(&relief, "/api/v1/conflicts").await.json().await.expect("json");
    assert_eq!(theirs, json!({"items": [], "total": 0}));
    let resolve = format!("/api/v1/conflicts/{id}/resolve");
    assert_eq!(app.send(Method::POST, &relief, &resolve, &json!({"value": "2019-03-01"})).await.status(), 404);
    assert_eq!(app.send(Method::POST, &social, &resolve, &json!({"value": 2019})).await.status(), 422);
    assert_eq!(app.send(Method::POST, &social, &resolve, &json!({"value": "2019-03-01", "x": 1})).await.status(), 422);

    let ops_before = app.count("SELECT COUNT(*) FROM ops");
    assert_eq!(app.send(Method::POST, &social, &resolve, &json!({"value": "2019-03-01"})).await.status(), 200);
    assert_eq!(app.count("SELECT COUNT(*) FROM ops"), ops_before + 1, "one ordinary op");
    let after: Value = app.get(&social, "/api/v1/conflicts").await.json().await.expect("json");
    assert_eq!(after["total"], 0);
    let born = app.store.inspect("SELECT birth_date FROM people WHERE id = ?1", &[&child]).expect("born");
    assert_eq!(born, vec!["2019-03-01".to_string()]);
    assert_eq!(
        app.send(Method::POST, &social, &resolve, &json!({"value": "2019-03-01"})).await.status(),
        404,
        "resolved"
    );
}
