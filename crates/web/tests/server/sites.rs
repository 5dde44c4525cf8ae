//! `POST /api/v1/sites` (the contract of issue 14), the enrolment that
//! registers a site's device key, and the signed export: only an
//! administrator creates a site, a code works once, an unsigned or
//! wrongly signed request learns nothing, a Kita site's pull holds
//! Kita's child and no op of Mopti's, and its push is answered per op; a
//! second laptop enrolled for Kita retires the first (410 on all it asks,
//! "retired" on `/sites`).

use crate::helpers::{client, spawn_app, ui_client};
use dugu_sync::VersionVector;
use dugu_sync::signature::{DeviceKey, SIGNATURE_HEADER, to_hex};
use dugu_sync::wire::{self, Payload};
use reqwest::Method;
use serde_json::{Value, json};

async fn signed(base: &str, key: &DeviceKey, path: &str, body: &[u8]) -> reqwest::Response {
    client()
        .post(format!("{base}{path}"))
        .header("content-type", "application/json")
        .header(SIGNATURE_HEADER, to_hex(&key.sign_request("POST", path, body)))
        .body(body.to_vec())
        .send()
        .await
        .expect("send")
}

#[tokio::test(flavor = "multi_thread")]
async fn an_administrator_creates_a_site_whose_device_pulls_its_scope_signed() {
    let app = spawn_app().await;
    let kita = app.sites["KIT"].clone();
    let director = app.token("director.kita").await;
    let r = app.send(Method::POST, &director, "/api/v1/sites", &json!({"location_id": kita})).await;
    assert_eq!(r.status(), 403, "administrators only");
    let admin = app.token("admin").await;
    let r = app.send(Method::POST, &admin, "/api/v1/sites", &json!({"location_id": "nowhere"})).await;
    assert_eq!(r.status(), 422);
    let r = app.send(Method::POST, &admin, "/api/v1/sites", &json!({"location_id": kita})).await;
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.expect("json");
    let keys: Vec<&String> = created.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["enrolment_code", "site_id"]);
    let (site, code) = (created["site_id"].as_str().expect("id"), created["enrolment_code"].as_str().expect("code"));
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'site' AND action = 'create'"), 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM enrolment_codes WHERE code_hash = code_hash AND length(code_hash) = 64"),
        1
    );

    let key = DeviceKey::from_secret(&[5; 32]);
    let url = app.url("/api/v1/sites/enrol");
    let enrol = |body: Value| client().post(&url).json(&body).send();
    let r = enrol(json!({"code": code, "public_key": "abc"})).await.expect("send");
    assert_eq!(r.status(), 422, "a key that is not 32 bytes of hex");
    let r = enrol(json!({"code": code, "public_key": to_hex(&key.public())})).await.expect("send");
    assert_eq!(r.status(), 200);
    let enrolled: Value = r.json().await.expect("json");
    assert_eq!((enrolled["site_id"].as_str(), enrolled["location_id"].as_str()), (Some(site), Some(kita.as_str())));
    // Where the new laptop numbers on from: Kita's own series so far.
    assert_eq!(enrolled["last_record_numbers"], json!([{"location_id": kita, "last": 1}]));
    assert_eq!(enrolled["last_receipt_numbers"], json!([]), "no receipt given at Kita yet");
    let r = enrol(json!({"code": code, "public_key": to_hex(&key.public())})).await.expect("send");
    assert_eq!(r.status(), 404, "a code works once");

    let path = format!("/api/v1/sites/{site}/export");
    let body = serde_json::to_vec(&json!({"after": {}, "limit": 50_000})).expect("body");
    let unsigned = client().post(app.url(&path)).header("content-type", "application/json").body(body.clone());
    assert_eq!(unsigned.send().await.expect("send").status(), 404);
    let stranger = DeviceKey::from_secret(&[6; 32]);
    assert_eq!(signed(&app.base, &stranger, &path, &body).await.status(), 404);
    let r = signed(&app.base, &key, &path, &body).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/octet-stream");
    let said = r.headers()[wire::CREDENTIALS_HEADER].to_str().expect("text").to_string();
    let Ok(Payload::Page(page)) = wire::decode(&r.bytes().await.expect("bytes")) else { panic!("a page") };
    assert!(!page.more);
    assert!(page.ops.iter().any(|o| o.entity_id == app.kita_child));
    assert!(page.ops.iter().all(|o| o.entity_id != app.mopti_child), "no op of a Mopti child");
    assert!(page.ops.iter().all(|o| o.entity_id != app.users["social.socoura"]), "no account from elsewhere");
    // From the cursor and the page's offer epoch, nothing more.
    assert!(page.epoch > 0, "the people of the scope were offered");
    let body = serde_json::to_vec(&json!({"after": page.cursor.0, "epoch": page.epoch})).expect("body");
    let Ok(Payload::Page(rest)) = wire::decode(&signed(&app.base, &key, &path, &body).await.bytes().await.expect("b"))
    else {
        panic!("a page")
    };
    assert!(rest.ops.is_empty() && rest.cursor == page.cursor && rest.cursor != VersionVector::default());

    let r = signed(&app.base, &key, &format!("/api/v1/sites/{site}/credentials"), b"").await;
    let bytes = r.bytes().await.expect("bytes");
    // The last page named exactly these credentials, so a site that took
    // them need not ask again while they stay the same.
    assert_eq!(said, wire::credentials_digest(&bytes));
    let Ok(Payload::Credentials(list)) = wire::decode(&bytes) else { panic!("credentials") };
    let holders: Vec<&str> = list.iter().map(|c| c.user_id.as_str()).collect();
    assert!(holders.contains(&app.users["nurse.kita"].as_str()));
    assert!(
        !holders.contains(&app.users["social.socoura"].as_str()) && !holders.contains(&app.users["admin"].as_str())
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'site' AND action = 'export'"), 3);
    // A password changed at the hub changes what the last page says.
    let nurse = app.users["nurse.kita"].clone();
    app.store
        .write(move |tx| tx.set_password(None, &nurse, "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"))
        .expect("set");
    let body = serde_json::to_vec(&json!({"after": page.cursor.0, "epoch": page.epoch})).expect("body");
    let r = signed(&app.base, &key, &format!("/api/v1/sites/{site}/export"), &body).await;
    let now = r.headers()[wire::CREDENTIALS_HEADER].to_str().expect("text").to_string();
    assert_ne!(now, said, "the nurse's new password is news for the site");
    let r = signed(&app.base, &key, &format!("/api/v1/sites/{site}/credentials"), b"").await;
    assert_eq!(now, wire::credentials_digest(&r.bytes().await.expect("bytes")));

    // The push: signed as the export; a body that is not a push payload is
    // 422; an op of another device is not the site's to push.
    let path = format!("/api/v1/sites/{site}/push");
    let push = wire::encode(&Payload::Push(vec![page.ops[0].clone()]));
    assert_eq!(signed(&app.base, &stranger, &path, &push).await.status(), 404);
    assert_eq!(signed(&app.base, &key, &path, b"{}").await.status(), 422);
    let r = signed(&app.base, &key, &path, &push).await;
    assert_eq!(r.status(), 200);
    let Ok(Payload::Verdicts(verdicts)) = wire::decode(&r.bytes().await.expect("bytes")) else { panic!("verdicts") };
    assert_eq!(verdicts, [(page.ops[0].seq, dugu_sync::Verdict::Rejected("other_device".into()))]);
    assert_eq!(app.count("SELECT COUNT(*) FROM refused_ops"), 0, "not an answer: nothing filed");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_laptop_enrolled_for_a_place_retires_the_first() {
    let app = spawn_app().await;
    let kita = app.sites["KIT"].clone();
    let admin = app.token("admin").await;
    let mut sites = Vec::new();
    for secret in [1u8, 2] {
        let r = app.send(Method::POST, &admin, "/api/v1/sites", &json!({"location_id": kita})).await;
        let created: Value = r.json().await.expect("json");
        let code = created["enrolment_code"].as_str().expect("code").to_string();
        let key = DeviceKey::from_secret(&[secret; 32]);
        let body = json!({"code": code, "public_key": to_hex(&key.public())});
        let r = client().post(app.url("/api/v1/sites/enrol")).json(&body).send().await.expect("send");
        assert_eq!(r.status(), 200);
        sites.push((created["site_id"].as_str().expect("id").to_string(), key));
    }
    let ask = |site: &str, what: &str| format!("/api/v1/sites/{site}/{what}");
    let export = serde_json::to_vec(&json!({"after": {}})).expect("body");
    let push = wire::encode(&Payload::Push(Vec::new()));
    let (old, old_key) = &sites[0];
    let (new, new_key) = &sites[1];
    for (what, body) in [("export", &export[..]), ("credentials", b""), ("push", &push[..])] {
        let r = signed(&app.base, old_key, &ask(old, what), body).await;
        assert_eq!(r.status(), 410, "{what}");
        let answer: Value = r.json().await.expect("json");
        assert_eq!(answer["error"], "site_retired");
        assert_eq!(signed(&app.base, new_key, &ask(new, what), body).await.status(), 200, "{what}");
    }
    // Someone else's signature still learns nothing, retired or not.
    assert_eq!(signed(&app.base, new_key, &ask(old, "export"), &export).await.status(), 404);
    let national = ui_client(&app, "director.national").await;
    let page = app.html(&national, "/sites").await;
    assert_eq!(page.matches("retiré le").count(), 1, "the old laptop is retired, the new one is not");
}
