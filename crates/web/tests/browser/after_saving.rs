//! Issue 12's leftovers as staff meet them, in French and English, on a
//! laptop and a phone: a record's own page names whose record it is; a
//! correction, a strike-out and a schedule change are said where the
//! reader lands; a plan action's text is corrected; the audit page finds a
//! record by its number and says when no record has it.

use crate::driver::Browser;
use crate::helpers::{TestApp, spawn_app};
use serde_json::{Value, json};

/// Both widths of the page as it is now.
async fn shots(b: &Browser, name: &str) {
    b.shot(&format!("{name}-1280")).await;
    b.set_width(360).await;
    b.shot(&format!("{name}-360")).await;
    b.set_width(1280).await;
}

/// Signs in as `username`, in `language`.
async fn browser(app: &TestApp, username: &str, language: &str) -> Browser {
    let b = Browser::start().await;
    b.set_width(1280).await;
    b.sign_in(&app.base, username).await;
    b.wait_for("Se déconnecter").await;
    // Accounts start in French; English is chosen on the account page.
    if language == "en" {
        b.go(&format!("{}/account", app.base)).await;
        b.click("input[name=language][value=en]").await;
        b.click("form[action='/account/language'] button[type=submit]").await;
        b.wait_for("Language").await;
    }
    b
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn saves_are_said_records_named_and_the_audit_finds_a_number() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let today = time::OffsetDateTime::now_utc().date();
    let born = (today - time::Duration::days(730)).to_string();
    let body = json!({"given_name": "Awa", "family_name": "Keïta", "sex": "F", "birth_date": born, "location_id": app.sites["KIT"]});
    let r = app.send(reqwest::Method::POST, &director, "/api/v1/people", &body).await;
    let child: Value = r.json().await.expect("json");
    let (child, number) = (child["id"].as_str().expect("id"), child["record_number"].as_str().expect("number"));
    let nurse = app.token("nurse.kita").await;
    let m = json!({"date": today.to_string(), "weight_kg": 10.5, "length_height_cm": 82.0, "measured": "lying"});
    let m = app.create(&nurse, &format!("/api/v1/people/{child}/measurements"), &m).await;
    let body = json!({"name": "Famille Keïta", "location_id": app.sites["KIT"], "members": [{"person_id": child, "relationship": "child"}]});
    let h = app.create(&director, "/api/v1/households", &body).await;
    let support = format!("/api/v1/households/{h}");
    let r = app
        .send(
            reqwest::Method::POST,
            &director,
            &format!("{support}/support"),
            &json!({"started_on": today.to_string()}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let action = json!({"goal": "Revenus stables", "action": "Formation au maraîchge", "responsible": "Mme Diarra", "due_on": today.to_string()});
    let v: Value = app
        .send(reqwest::Method::POST, &director, &format!("{support}/plan-actions"), &action)
        .await
        .json()
        .await
        .expect("json");
    let a = v["support"]["plan"][0]["id"].as_str().expect("id").to_string();

    for (language, corrected, said) in [
        ("fr", "Mesure corrigée.", "Action du plan corrigée."),
        ("en", "Measurement corrected.", "Plan action corrected."),
    ] {
        // A measurement's page names the child; its correction is said in
        // the growth section.
        let b = browser(&app, "nurse.kita", language).await;
        b.go(&format!("{}/people/{child}/measurements/{m}", app.base)).await;
        let page = b.wait_for(number).await;
        assert!(page.contains("Awa Keïta"), "names the child");
        shots(&b, &format!("amend-named-{language}")).await;
        b.script("document.querySelector('#weight_kg').value = ''; return 0;").await;
        b.type_in("#weight_kg", if language == "fr" { "10,6" } else { "10.7" }).await;
        b.type_in("#amend_reason", "Balance").await;
        b.click("#correct button[type=submit]").await;
        b.wait_for(corrected).await;
        assert!(b.url().await.ends_with("#growth"));
        shots(&b, &format!("amend-saved-{language}")).await;
        b.quit().await;

        // A plan action's text corrected, said on the household's page.
        let b = browser(&app, "director.kita", language).await;
        b.go(&format!("{}/households/{h}/plan-actions/{a}", app.base)).await;
        b.wait_for("Famille Keïta").await;
        shots(&b, &format!("plan-action-{language}")).await;
        b.script("document.querySelector('#action').value = ''; return 0;").await;
        // Each language corrects it once more (the same text again is no change).
        b.type_in("#action", if language == "fr" { "Formation au maraîchage" } else { "Market gardening training" })
            .await;
        b.type_in("#amend_reason", "Faute de frappe").await;
        b.click("#correct button[type=submit]").await;
        b.wait_for(said).await;
        shots(&b, &format!("plan-action-saved-{language}")).await;
        b.quit().await;

        // The schedule says its save once, with no ?saved= in the link.
        let b = browser(&app, "director.national", language).await;
        b.go(&format!("{}/vaccine-schedule", app.base)).await;
        b.click("tbody tr:first-child button[type=submit]").await;
        b.wait_for(if language == "fr" { "Calendrier enregistré." } else { "Schedule saved." }).await;
        assert!(!b.url().await.contains("saved="));
        shots(&b, &format!("schedule-saved-{language}")).await;
        b.quit().await;

        // The audit page finds a record by its number, or says none has it.
        let b = browser(&app, "auditor", language).await;
        b.go(&format!("{}/audit?record_id={}", app.base, number.to_lowercase())).await;
        b.wait_for(number).await;
        shots(&b, &format!("audit-number-{language}")).await;
        b.go(&format!("{}/audit?record_id=KIT-999999", app.base)).await;
        b.wait_for(if language == "fr" {
            "Aucun dossier ne porte le numéro KIT-999999."
        } else {
            "No record has the number KIT-999999."
        })
        .await;
        shots(&b, &format!("audit-unknown-{language}")).await;
        b.quit().await;
    }
}
