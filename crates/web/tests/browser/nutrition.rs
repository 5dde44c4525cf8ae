//! The nurse records a severely wasted child and finds it on Kita's
//! nutrition list; the social worker sees no diagnosis.

use crate::driver::Browser;
use crate::helpers::spawn_app;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn nurse_records_a_severely_wasted_child_and_finds_it_on_the_nutrition_list() {
    let app = spawn_app().await;
    // A girl of 18 months at Kita, registered by the director.
    let director = app.token("director.kita").await;
    let born = time::OffsetDateTime::now_utc().date() - time::Duration::days(548);
    let body = serde_json::json!({"given_name": "Kadidia", "family_name": "Coulibaly", "sex": "F", "birth_date": born.to_string(), "location_id": app.sites["KIT"]});
    let r = app.send(reqwest::Method::POST, &director, "/api/v1/people", &body).await;
    assert_eq!(r.status(), 201);
    let child: Value = r.json().await.expect("json");
    let child_url = format!("{}/people/{}", app.base, child["id"].as_str().expect("id"));

    let b = Browser::start().await;
    b.sign_in(&app.base, "nurse.kita").await;
    b.wait_for("Personnes").await;
    b.go(&child_url).await;
    b.wait_for("Enregistrer une mesure").await;
    b.click("#form-measurement summary").await;
    b.type_in("#measurement-weight_kg", "7,0").await;
    b.type_in("#measurement-length_height_cm", "78").await;
    b.click("input[name=measured][value=lying]").await;
    b.type_in("#measurement-muac_mm", "108").await;
    b.click("#growth form button[type=submit]").await;
    let page = b.wait_for("Malnutrition aiguë sévère").await;
    assert!(page.contains("Malnutrition aiguë sévère (MAS)"), "SAM is shown");
    assert!(page.contains("<svg") && page.contains("Poids pour l'âge"), "with the growth chart");
    b.shot("growth").await;
    // A visit for the same child, with its diagnosis.
    b.click("#form-medical-visit summary").await;
    b.type_in("#medical-visit-reason", "Amaigrissement").await;
    b.type_in("#medical-visit-diagnosis", "Malnutrition aiguë sans complication").await;
    b.type_in("#medical-visit-treatment", "ATPE, suivi hebdomadaire").await;
    b.click("#medical form button[type=submit]").await;
    let page = b.wait_for("ATPE, suivi hebdomadaire").await;
    assert!(page.contains("sans complication"), "the nurse sees the diagnosis");

    // Kita's nutrition list, reached from the locations page.
    b.go(&format!("{}/locations", app.base)).await;
    b.wait_for("Lieux").await;
    b.click(&format!("a[href='/locations/{}/nutrition']", app.sites["KIT"])).await;
    let page = b.wait_for("Suivi nutritionnel").await;
    assert!(page.contains("Kadidia Coulibaly"), "the child is on Kita's nutrition list");
    assert!(page.contains("Malnutrition aiguë sévère"));

    // A social worker of Kita sees the child, not the diagnosis.
    b.click("form.logout button").await;
    b.wait_for("Connexion").await;
    b.sign_in(&app.base, "social.kita").await;
    b.wait_for("Personnes").await;
    b.go(&child_url).await;
    let page = b.wait_for("Identité").await;
    assert!(page.contains("Kadidia"), "the record is in scope");
    assert!(
        !page.contains("sévère") && !page.contains("<svg") && !page.contains("108"),
        "no diagnosis, chart or measurement"
    );
    assert!(
        page.contains("Consultations") && !page.contains("ATPE") && !page.contains("complication"),
        "a visit, not its diagnosis"
    );
    b.go(&format!("{}/locations/{}/nutrition", app.base, app.sites["KIT"])).await;
    let page = b.source().await;
    assert!(!page.contains("Kadidia"), "no nutrition list for a social worker");
    b.quit().await;
}
