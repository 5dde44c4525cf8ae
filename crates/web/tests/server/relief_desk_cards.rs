//! Household cards through the real server (requirement 11): the QR text
//! holds only opaque ids, a serial and an Ed25519 signature, verifies
//! offline with the programme's public key, finds the household when
//! typed at the desk, and a replaced card is refused with the day.

use crate::helpers::{csrf_of, spawn_app, ui_client};
use crate::relief_desk::{family, seed};
use dugu_relief::card::Card;
use serde_json::Value;

#[tokio::test]
async fn requirement_11_a_signed_minimal_card_verifies_offline_finds_its_household_and_is_refused_once_replaced() {
    let app = spawn_app().await;
    let s = seed(&app);
    let f = family(&app, &s, &s.sev, "Samaké", &[]);
    let officer = app.token("relief.mopti").await;
    let r = app.get(&officer, &format!("/api/v1/relief/households/{}/card", f.household)).await;
    assert_eq!(r.status(), 200);
    let card: Value = r.json().await.expect("json");
    let text = card["text"].as_str().expect("text").to_string();
    assert_eq!(text.len(), 162, "{text}");
    assert_eq!(card["serial"], 1);
    // Offline: the public key alone verifies it, and it names the
    // household and programme by id only.
    let public = dugu_sync::signature::from_hex(card["public_key"].as_str().expect("key")).expect("hex");
    let key = ed25519_dalek::VerifyingKey::from_bytes(&<[u8; 32]>::try_from(public.as_slice()).expect("32 bytes"))
        .expect("a key");
    let read = Card::verify(&text, &key).expect("verifies offline");
    let hex = |id: &str| dugu_sync::signature::from_hex(&id.replace('-', "")).expect("uuid");
    assert_eq!(read.household.to_vec(), hex(&f.household));
    assert_eq!(read.programme.to_vec(), hex(&s.programme));
    assert_eq!(read.serial, 1);
    // The same card again: the programme's key is kept, not made anew.
    let again: Value =
        app.get(&officer, &format!("/api/v1/relief/households/{}/card", f.household)).await.json().await.expect("j");
    assert_eq!(again["text"].as_str(), Some(text.as_str()));

    // Typed at the desk (a USB reader types it; by hand, in lower case).
    let ui = ui_client(&app, "relief.mopti").await;
    let page = app.html(&ui, &format!("/relief/desk?q={}", text.to_lowercase())).await;
    assert!(page.contains("Famille Samaké"), "{page}");
    // Altered: refused as not valid, no household shown.
    let mut forged = text.clone().into_bytes();
    forged[60] = if forged[60] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).expect("ascii");
    let page = app.html(&ui, &format!("/relief/desk?q={forged}")).await;
    assert!(page.contains("Carte non valide") && !page.contains("Famille Samaké"), "{page}");

    // Replaced (lost): the next serial; the old card is refused with the day.
    let html = app.html(&ui, &format!("/relief/desk?household={}", f.household)).await;
    let r = ui
        .post(app.url("/relief/desk/card"))
        .form(&[("csrf", csrf_of(&html)), ("household", f.household.clone())])
        .send()
        .await
        .expect("replace");
    assert_eq!(r.status(), 200);
    assert!(r.text().await.expect("html").contains("Nouvelle carte n° 2"));
    let d = time::OffsetDateTime::now_utc().date();
    // The day as French readers write it.
    let today = format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year());
    let page = app.html(&ui, &format!("/relief/desk?q={text}")).await;
    assert!(page.contains(&format!("carte remplacée le {today}")), "{page}");
    assert!(!page.contains("name=\"entitlement_id\""), "nothing to hand over on an old card: {page}");
    let new: Value =
        app.get(&officer, &format!("/api/v1/relief/households/{}/card", f.household)).await.json().await.expect("j");
    assert_eq!(new["serial"], 2);
    let page = app.html(&ui, &format!("/relief/desk?q={}", new["text"].as_str().expect("text"))).await;
    assert!(page.contains("Famille Samaké") && page.contains("name=\"entitlement_id\""), "{page}");
    // The API replaces too, and answers the new serial.
    let r = app
        .send(
            reqwest::Method::POST,
            &officer,
            &format!("/api/v1/relief/households/{}/card/replacement", f.household),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(r.json::<Value>().await.expect("json")["serial"], 3);
}

#[tokio::test]
async fn requirement_11_the_card_sheet_prints_as_a_pdf_for_relief_staff_in_scope_only() {
    let app = spawn_app().await;
    let s = seed(&app);
    let a = family(&app, &s, &s.sev, "Bagayoko", &[]);
    let b = family(&app, &s, &s.bar, "Kanté", &[]);
    let ui = ui_client(&app, "relief.mopti").await;
    let r = ui
        .get(app.url(&format!("/relief/desk/cards.pdf?household={}&household={}", a.household, b.household)))
        .send()
        .await
        .expect("pdf");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.expect("bytes");
    assert!(pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF\n"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("Carte de m") && !text.contains("Bagayoko"), "no name on a card");
    // A nurse reads no relief data; out of scope is not found.
    let nurse = ui_client(&app, "nurse.kita").await;
    let r = nurse.get(app.url(&format!("/relief/desk/cards.pdf?household={}", a.household))).send().await.expect("r");
    assert_eq!(r.status(), 403);
    let social = app.token("social.kita").await;
    assert_eq!(app.get(&social, &format!("/api/v1/relief/households/{}/card", a.household)).await.status(), 404);
}
