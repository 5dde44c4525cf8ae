//! Issue 12 items 3 and 4: a value the WHO flags as implausible is saved
//! only once confirmed (page and API); records of every kind corrected or
//! struck out with a reason; what a vaccination card can say.

use crate::growth::{today, toddler, wasted};
use crate::helpers::{client, csrf_of, spawn_app, ui_client};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
async fn an_implausible_weight_is_saved_only_once_confirmed_on_the_page_and_in_the_api() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let nurse = ui_client(&app, "nurse.kita").await;
    let page = app.html(&nurse, &format!("/people/{child}")).await;
    let csrf = csrf_of(&page);
    let form = |confirm: bool| {
        let mut f = vec![
            ("csrf", csrf.clone()),
            ("date", today()),
            ("weight_kg", "95".to_string()),
            ("length_height_cm", "78".to_string()),
            ("measured", "lying".to_string()),
        ];
        if confirm {
            f.push(("confirm_implausible", "1".to_string()));
        }
        f
    };
    let before = app.count("SELECT COUNT(*) FROM measurements");
    let r =
        nurse.post(app.url(&format!("/people/{child}/measurements"))).form(&form(false)).send().await.expect("post");
    assert_eq!(r.status(), 422, "not saved: asked");
    let html = r.text().await.expect("html");
    assert!(html.contains("Poids très improbable pour l&#39;âge : vérifiez"), "the field and the reason: {html}");
    assert!(html.contains("href=\"#weight_kg\"") && html.contains("value=\"95\"") && html.contains("value=\"78\""));
    assert!(html.contains("name=\"confirm_implausible\""), "a box to confirm");
    assert_eq!(app.count("SELECT COUNT(*) FROM measurements"), before, "nothing saved");

    // Confirmed: saved as typed.
    let r = nurse.post(app.url(&format!("/people/{child}/measurements"))).form(&form(true)).send().await.expect("post");
    assert_eq!(r.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM measurements"), before + 1);

    // A plausible weight is saved at once, as before.
    let mut fine = form(false);
    fine[2].1 = "9,5".into();
    let r = nurse.post(app.url(&format!("/people/{child}/measurements"))).form(&fine).send().await.expect("post");
    assert_eq!(r.status(), 303);

    // The API: 422 naming the field, then 201 with `confirm_implausible`.
    let token = app.token("nurse.kita").await;
    let mut body = wasted();
    body["weight_kg"] = json!(95.0);
    let path = format!("/api/v1/people/{child}/measurements");
    let r = app.send(Method::POST, &token, &path, &body).await;
    assert_eq!(r.status(), 422);
    let err: Value = r.json().await.expect("json");
    assert!(err.to_string().contains("implausible") && err.to_string().contains("weight_kg"), "{err}");
    body["confirm_implausible"] = json!(true);
    let r = app.send(Method::POST, &token, &path, &body).await;
    assert_eq!(r.status(), 201);
    let saved: Value = r.json().await.expect("json");
    assert_eq!(saved["measure_again"], true, "{saved}");
    assert_eq!(app.count("SELECT COUNT(*) FROM measurements"), before + 3);

    // The API document says so.
    let doc: Value =
        client().get(app.url("/api/v1/openapi.json")).send().await.expect("doc").json().await.expect("json");
    let schema = &doc["components"]["schemas"]["MeasurementWrite"]["properties"]["confirm_implausible"];
    assert!(schema["description"].as_str().is_some_and(|d| d.contains("implausible")), "{schema}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_correction_to_an_implausible_value_asks_too() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let token = app.token("nurse.kita").await;
    let id = app.create(&token, &format!("/api/v1/people/{child}/measurements"), &wasted()).await;
    let nurse = ui_client(&app, "nurse.kita").await;
    let amend = format!("/people/{child}/measurements/{id}");
    let html = app.html(&nurse, &amend).await;
    let mut form = vec![
        ("csrf", csrf_of(&html)),
        ("action", "correct".to_string()),
        ("date", today()),
        ("weight_kg", "70".to_string()),
        ("length_height_cm", "78".to_string()),
        ("measured", "lying".to_string()),
        ("amend_reason", "Balance".to_string()),
    ];
    let r = nurse.post(app.url(&amend)).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("html");
    assert!(body.contains("name=\"confirm_implausible\"") && body.contains("value=\"70\""), "{body}");
    form.push(("confirm_implausible", "1".to_string()));
    let r = nurse.post(app.url(&amend)).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 303);
}
