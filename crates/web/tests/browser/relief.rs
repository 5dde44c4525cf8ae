//! Relief in Mopti (issue 15): the officer registers a displaced family of
//! five at Sévaré from the keyboard and is warned, before saving, that the
//! mother was registered at Barbé last month under another spelling, and
//! opens that household instead; the supervisor sets up a cycle and
//! generates what each household is owed; at the desk the officer types
//! the card's text, hands the ration over, and a second hand-over of the
//! same entitlement is refused with who, where and when the first was.

use crate::driver::Browser;
use crate::helpers::{TestApp, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

fn mopti_programme(app: &TestApp) -> String {
    app.store
        .inspect("SELECT id FROM programmes WHERE kind = 'emergency_relief' AND location_id = ?1", &[&app.sites["MOP"]])
        .expect("read")
        .remove(0)
}

/// The mother and two children as registered at Barbé, through the API.
async fn registered_at_barbe(app: &TestApp, programme: &str) -> String {
    let token = app.token("relief.mopti").await;
    let body = json!({
        "programme_id": programme, "location_id": app.sites["MOP-BAR"], "arrival_date": "2026-10-20",
        "status": "idp", "reason": "insecurity", "admin_pcode": "ML0506", "origin_pcode": "ML0501",
        "pcode_edition": "pre2023", "script_read": true, "lawful_basis": "vital_interest",
        "head": {"given_name": "Fatoumata", "family_name": "Guindo", "sex": "F", "birth_date": "1988-04-02"},
        "members": [
            {"given_name": "Hamadoun", "family_name": "Guindo", "sex": "M", "birth_date": "2012-09-20",
             "relationship": "child"},
            {"given_name": "Aïssata", "family_name": "Guindo", "sex": "F", "birth_date": "2015-01-11",
             "relationship": "child"}
        ]
    });
    let r = app.send(Method::POST, &token, "/api/v1/relief/registrations", &body).await;
    assert_eq!(r.status(), 201, "registered at Barbé");
    let v: Value = r.json().await.expect("json");
    v["household_id"].as_str().expect("household").to_owned()
}

/// Sets a form control's value as a keyboard would leave it (a date
/// input's typed text depends on the browser's locale).
async fn set(b: &Browser, id: &str, value: &str) {
    b.script(&format!("document.getElementById('{id}').value = '{value}'; return true;")).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn an_officer_registers_a_family_is_warned_of_the_mother_and_serves_a_ration_once() {
    let app = spawn_app().await;
    let programme = mopti_programme(&app);
    let at_barbe = registered_at_barbe(&app, &programme).await;
    let b = Browser::start().await;

    // From the navigation to the form.
    b.sign_in(&app.base, "relief.mopti").await;
    b.wait_for("Secours").await;
    b.click("nav a[href='/relief/programmes']").await;
    b.wait_for("Programmes d'urgence").await;
    b.shot("relief-programmes").await;
    b.click("a.button[href='/relief/registrations/new']").await;
    b.wait_for("Enregistrer un ménage déplacé").await;

    set(&b, "location_id", &app.sites["MOP-SEV"]).await;
    b.type_in("#arrival_date", "24/11/2026").await;
    set(&b, "reason", "insecurity").await;
    b.type_in("#admin_pcode", "ML0506").await;
    b.type_in("#origin_pcode", "ML0501").await;
    // The mother's name spelt another way; four children, two by age only.
    let people = [
        ("Fatoumata", "Guindou", "02/04/1988", "F"),
        ("Hamadoun", "Guindou", "20/09/2012", "M"),
        ("Aissata", "Guindou", "11/01/2015", "F"),
        ("Boubacar", "Guindou", "6", "M"),
        ("Kadidia", "Guindou", "2", "F"),
    ];
    for (i, (given, family, birth, sex)) in people.iter().enumerate() {
        b.type_in(&format!("#p{i}_given_name"), given).await;
        b.type_in(&format!("#p{i}_family_name"), family).await;
        b.type_in(&format!("#p{i}_birth"), birth).await;
        set(&b, &format!("p{i}_sex"), sex).await;
        if i > 0 {
            set(&b, &format!("p{i}_relationship"), "child").await;
        }
    }
    b.click("input[name=script_read]").await;
    b.shot("relief-register-filled").await;
    b.click("form.registration > button[type=submit]").await;

    // Warned before anything is saved, with the household it may be.
    let page = b.wait_for("Ce ménage est peut-être déjà enregistré").await;
    b.shot("relief-register-likely").await;
    b.set_width(360).await;
    b.shot("relief-register-likely-360").await;
    assert!(b.overflow_px().await <= 0, "the warning fits a phone");
    b.set_width(1280).await;
    assert!(page.contains(&format!("/relief/households/{at_barbe}")), "the Barbé household is offered");
    let households =
        app.store.inspect("SELECT COUNT(*) FROM households WHERE location_id = ?1", &[&app.sites["MOP-SEV"]]);
    assert_eq!(households.expect("read"), vec!["0".to_string()], "nothing saved before the officer decides");
    // The officer opens it instead of registering the family again.
    b.click("#likely a.button").await;
    let page = b.wait_for("Fatoumata").await;
    assert!(b.url().await.ends_with(&format!("/relief/households/{at_barbe}")));
    assert!(page.contains("Guindo"), "the existing household's page");
    b.shot("relief-household").await;

    // The supervisor sets up a cycle that is open today and generates it.
    let token = app.token("supervisor.mopti").await;
    let today = time::OffsetDateTime::now_utc().date();
    let cycle = json!({
        "programme_id": programme, "name": "Cycle de décembre",
        "start": (today - time::Duration::days(1)).to_string(), "end": (today + time::Duration::days(20)).to_string(),
        "items": [{"item": "céréales", "per_person": 12000, "unit": "g", "cap": 10, "modality": "in_kind"}],
        "site_ids": [app.sites["MOP-SEV"], app.sites["MOP-BAR"]]
    });
    let cycle = app.create(&token, "/api/v1/relief/cycles", &cycle).await;
    let r = app
        .send(Method::POST, &token, &format!("/api/v1/relief/cycles/{cycle}/status"), &json!({"status": "approved"}))
        .await;
    assert_eq!(r.status(), 200, "approved");
    let r = app.send(Method::POST, &token, &format!("/api/v1/relief/cycles/{cycle}/entitlements"), &json!({})).await;
    assert_eq!(r.status(), 200, "generated");
    let card: Value =
        app.get(&token, &format!("/api/v1/relief/households/{at_barbe}/card")).await.json().await.expect("card");
    let text = card["text"].as_str().expect("the card's text").to_owned();

    // At the desk: the card's text typed (what a USB reader types too).
    b.go(&format!("{}/relief/desk", app.base)).await;
    b.wait_for("Guichet de distribution").await;
    b.type_in("#desk-q", &text).await;
    b.click("form.desk-find button").await;
    let page = b.wait_for("Cycle de décembre").await;
    assert!(page.contains("céréales") && page.contains("36"), "what the household of three is owed: {page}");
    b.shot("relief-desk-owed").await;
    b.click(".desk-line form button[type=submit]").await;
    let page = b.wait_for("Remis.").await;
    b.shot("relief-desk-served").await;
    assert!(page.contains("servi le"), "the line now says when it was served");

    // Another desk (the supervisor's session) tries to hand it over again.
    b.click("form.logout button").await;
    b.wait_for("Connexion").await;
    b.sign_in(&app.base, "supervisor.mopti").await;
    b.wait_for("Secours").await;
    let entitlement =
        app.store.inspect("SELECT id FROM entitlements WHERE household_id = ?1", &[&at_barbe]).expect("read").remove(0);
    let r = app
        .send(
            Method::POST,
            &token,
            "/api/v1/relief/receipts",
            &json!({"entitlement_id": entitlement, "client_uuid": dugu_storage::new_id(), "collector": "head",
                    "site_id": app.sites["MOP-BAR"]}),
        )
        .await;
    assert_eq!(r.status(), 409, "a second hand-over is refused");
    let first: Value = r.json().await.expect("json");
    assert!(first.to_string().contains("Test relief.mopti"), "it names who served first: {first}");
    b.go(&format!("{}/relief/desk?household={at_barbe}", app.base)).await;
    let page = b.wait_for("servi le").await;
    assert!(page.contains("Test relief.mopti") && !page.contains("Remettre"), "nothing left to hand over: {page}");
    b.shot("relief-desk-already").await;
    b.quit().await;
}
