//! A child transferred from Kita to Socoura from its page (issue 14), by
//! a village director of both, in French and English, on a laptop and a
//! phone: the form under the care section, then the save said there.

use crate::driver::Browser;
use crate::helpers::{TestApp, shared_hash, spawn_app};
use dugu_domain::Role;
use dugu_storage::NewUser;
use serde_json::{Value, json};

async fn shots(b: &Browser, name: &str) {
    b.shot(&format!("{name}-1280")).await;
    b.set_width(360).await;
    b.shot(&format!("{name}-360")).await;
    b.set_width(1280).await;
}

/// A child admitted to a Kita house; its id.
async fn child_in_kita(app: &TestApp, token: &str, given: &str, house: &str) -> String {
    let body = json!({"given_name": given, "family_name": "Sidibé", "sex": "F", "birth_date": "2018-03-01", "location_id": app.sites["KIT"]});
    let r = app.send(reqwest::Method::POST, token, "/api/v1/people", &body).await;
    let id = r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string();
    let admission = json!({"admitted_on": "2026-01-10", "reason": "orphaned_aids", "house_id": house});
    let r = app.send(reqwest::Method::POST, token, &format!("/api/v1/people/{id}/admission"), &admission).await;
    assert_eq!(r.status(), 201);
    id
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn a_village_director_transfers_a_child_from_its_page() {
    let app = spawn_app().await;
    let new = NewUser {
        username: "director.region".into(),
        display_name: "Directeur régional".into(),
        role: Role::LocationDirector,
        password_hash: shared_hash().to_string(),
        language: "fr".into(),
        location_ids: vec![app.sites["KIT"].clone(), app.sites["SOC"].clone()],
    };
    app.store.write(move |tx| tx.create_user(None, &new)).expect("account");
    let token = app.token("director.region").await;
    let mut houses = Vec::new();
    for (site, name) in [("KIT", "Maison Baobab"), ("SOC", "Maison Karité")] {
        let body = json!({"location_id": app.sites[site], "name": name, "capacity": 8});
        houses.push(app.create(&token, "/api/v1/houses", &body).await);
    }
    for (language, given, said) in [
        ("fr", "Nènè", "Transfert dans l'autre village enregistré."),
        ("en", "Kadia", "Transfer to the other village saved."),
    ] {
        let child = child_in_kita(&app, &token, given, &houses[0]).await;
        let b = Browser::start().await;
        b.set_width(1280).await;
        b.sign_in(&app.base, "director.region").await;
        b.wait_for("Se déconnecter").await;
        if language == "en" {
            b.go(&format!("{}/account", app.base)).await;
            b.click("input[name=language][value=en]").await;
            b.click("form[action='/account/language'] button[type=submit]").await;
            b.wait_for("Language").await;
        }
        b.go(&format!("{}/people/{child}#care", app.base)).await;
        b.click("#form-transfer summary").await;
        b.wait_for(if language == "fr" { "Village qui accueille l'enfant" } else { "Village receiving the child" })
            .await;
        let pick = format!(
            "document.querySelector('#transfer-location_id').value = '{}'; \
             document.querySelector('#transfer-house_id').value = '{}'; return 0;",
            app.sites["SOC"], houses[1]
        );
        b.script(&pick).await;
        b.type_in("#transfer-transferred_on", "01/06/2026").await;
        shots(&b, &format!("transfer-form-{language}")).await;
        b.click("#form-transfer button[type=submit]").await;
        b.wait_for(said).await;
        assert!(b.url().await.ends_with("#care"));
        assert!(b.source().await.contains("Maison Karité"), "the new house is shown");
        shots(&b, &format!("transfer-saved-{language}")).await;
        b.quit().await;
    }
}
