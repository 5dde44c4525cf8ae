//! A nurse on a 360-pixel phone (issue 12 item 8): the nutrition list, the
//! people list and a child's page fit the screen — no sideways scrolling,
//! and the SAM/MAM column, the one that used to be cut off, in view.

use crate::driver::Browser;
use crate::helpers::spawn_app;
use serde_json::{Value, json};

/// Where the nutrition list's SAM/MAM cell lies against the window:
/// `[left, right, window width]` in CSS pixels.
const SAM_CELL: &str = "var c = document.querySelector('td.key'); var r = c.getBoundingClientRect(); \
    return [r.left, r.right, document.documentElement.clientWidth];";

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn a_nurse_reads_the_nutrition_list_the_people_and_a_child_on_a_phone() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let born = time::OffsetDateTime::now_utc().date() - time::Duration::days(548);
    let body = json!({"given_name": "Kadidia", "family_name": "Coulibaly", "sex": "F", "birth_date": born.to_string(), "location_id": app.sites["KIT"]});
    let child = app.create(&director, "/api/v1/people", &body).await;
    let nurse = app.token("nurse.kita").await;
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let wasted = json!({"date": today, "weight_kg": 7.0, "length_height_cm": 78.0, "measured": "lying", "oedema": false, "muac_mm": 108});
    app.create(&nurse, &format!("/api/v1/people/{child}/measurements"), &wasted).await;

    let b = Browser::start().await;
    b.sign_in(&app.base, "nurse.kita").await;
    b.wait_for("Personnes").await;
    b.set_width(360).await;

    b.go(&format!("{}/locations/{}/nutrition", app.base, app.sites["KIT"])).await;
    b.wait_for("Malnutrition aiguë sévère").await;
    assert_eq!(b.overflow_px().await, 0, "the nutrition list does not scroll sideways");
    let cell: Vec<f64> = match b.script(SAM_CELL).await {
        Value::Array(v) => v.iter().filter_map(Value::as_f64).collect(),
        other => panic!("no SAM/MAM cell: {other}"),
    };
    assert!(cell.len() == 3 && cell[0] >= 0.0 && cell[1] <= cell[2], "the SAM/MAM cell is in view: {cell:?}");
    b.shot("phone-nutrition-360").await;

    b.go(&format!("{}/people", app.base)).await;
    b.wait_for("Kadidia").await;
    assert_eq!(b.overflow_px().await, 0, "the people list does not scroll sideways");
    b.shot("phone-people-360").await;

    b.go(&format!("{}/people/{child}", app.base)).await;
    b.wait_for("Enregistrer une mesure").await;
    assert_eq!(b.overflow_px().await, 0, "the child's page does not scroll sideways");
    b.shot("phone-child-360").await;

    // The same pages on a laptop keep their tables.
    b.set_width(1280).await;
    b.go(&format!("{}/locations/{}/nutrition", app.base, app.sites["KIT"])).await;
    b.wait_for("Malnutrition aiguë sévère").await;
    assert_eq!(b.overflow_px().await, 0);
    b.shot("phone-nutrition-1280").await;
    b.go(&format!("{}/people/{child}", app.base)).await;
    b.wait_for("Enregistrer une mesure").await;
    assert_eq!(b.overflow_px().await, 0);
    b.shot("phone-child-1280").await;
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn the_registration_form_fits_a_phone_with_a_long_place_name() {
    let app = spawn_app().await;
    let b = Browser::start().await;
    b.sign_in(&app.base, "relief.mopti").await;
    b.wait_for("Personnes").await;
    b.set_width(360).await;
    b.go(&format!("{}/people/new", app.base)).await;
    b.wait_for("Lieu").await;
    assert_eq!(b.overflow_px().await, 0, "the place's long name does not widen the form");
    b.shot("phone-people-new-relief-360").await;
    b.quit().await;
}
