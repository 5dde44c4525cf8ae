//! Medical visits and vaccinations through the real server: the nurse
//! records, the social worker sees only that a visit happened, the relief
//! officer nothing; the card computes overdue doses; bad input is refused.

use crate::helpers::{spawn_app, ui_client};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
async fn the_nurse_records_the_social_worker_sees_only_a_visit() {
    let app = spawn_app().await;
    let today = time::OffsetDateTime::now_utc().date();
    let director = app.token("director.kita").await;
    let born = (today - time::Duration::days(120)).to_string();
    let body = json!({"given_name": "Bintou", "family_name": "Sidibé", "sex": "F", "birth_date": born, "location_id": app.sites["KIT"]});
    let baby =
        app.send(Method::POST, &director, "/api/v1/people", &body).await.json::<Value>().await.expect("json")["id"]
            .as_str()
            .expect("id")
            .to_string();
    let nurse = app.token("nurse.kita").await;
    let visit = json!({"visited_on": today.to_string(), "reason": "Fièvre", "diagnosis": "Paludisme simple", "treatment": "ACT 3 jours"});
    assert_eq!(
        app.send(Method::POST, &nurse, &format!("/api/v1/people/{baby}/medical-visits"), &visit).await.status(),
        201
    );
    for dose in ["bcg", "opv0", "penta1"] {
        let r = app
            .send(
                Method::POST,
                &nurse,
                &format!("/api/v1/people/{baby}/vaccinations"),
                &json!({"dose": dose, "given_on": born}),
            )
            .await;
        assert_eq!(r.status(), 201, "{dose}");
    }
    let card: Value = app.get(&nurse, &format!("/api/v1/people/{baby}/vaccinations")).await.json().await.expect("json");
    let items = card["items"].as_array().expect("items");
    assert_eq!(items.len(), 18, "Mali's routine schedule");
    assert_eq!(items[0]["given_on"], born);
    // Four months old: the 10- and 14-week doses are overdue (penta1 given).
    let overdue: Value = app
        .get(&nurse, &format!("/api/v1/locations/{}/vaccinations/overdue", app.sites["KIT"]))
        .await
        .json()
        .await
        .expect("json");
    let mine = overdue["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["person_id"] == baby.as_str())
        .cloned()
        .expect("listed");
    let doses: Vec<&str> = mine["overdue"].as_array().expect("doses").iter().filter_map(Value::as_str).collect();
    assert!(
        doses.contains(&"penta2") && doses.contains(&"penta3") && !doses.contains(&"penta1") && !doses.contains(&"mr1"),
        "{doses:?}"
    );

    let ui = ui_client(&app, "nurse.kita").await;
    let page = ui.get(app.url(&format!("/locations/{}/vaccinations", app.sites["KIT"]))).send().await.expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("Bintou Sidibé") && html.contains("penta2"), "on Kita's overdue page");
    let social_ui = ui_client(&app, "social.kita").await;
    let page =
        social_ui.get(app.url(&format!("/locations/{}/vaccinations", app.sites["KIT"]))).send().await.expect("page");
    assert_eq!(page.status(), 403, "not for a social worker");
    let social = app.token("social.kita").await;
    let seen: Value =
        app.get(&social, &format!("/api/v1/people/{baby}/medical-visits")).await.json().await.expect("json");
    assert_eq!(seen["items"], json!([{"visited_on": today.to_string()}]), "only that a visit happened");
    assert_eq!(app.get(&social, &format!("/api/v1/people/{baby}/vaccinations")).await.status(), 403);
    let ui = ui_client(&app, "social.kita").await;
    let html = ui.get(app.url(&format!("/people/{baby}"))).send().await.expect("page").text().await.expect("html");
    assert!(
        html.contains("Consultations") && !html.contains("Paludisme") && !html.contains("ACT 3 jours"),
        "no diagnosis"
    );
    let ui = ui_client(&app, "nurse.kita").await;
    let html = ui.get(app.url(&format!("/people/{baby}"))).send().await.expect("page").text().await.expect("html");
    assert!(
        html.contains("Paludisme simple") && html.contains("en retard"),
        "the nurse sees the diagnosis and overdue doses"
    );
    let relief = app.token("relief.mopti").await;
    assert_eq!(app.get(&relief, &format!("/api/v1/people/{baby}/medical-visits")).await.status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn only_medical_roles_record_and_bad_input_changes_nothing() {
    let app = spawn_app().await;
    let child = app.kita_child.clone();
    let path = format!("/api/v1/people/{child}/medical-visits");
    let good = json!({"visited_on": "2026-01-10", "reason": "Toux"});
    let before = (app.count("SELECT COUNT(*) FROM medical_visits"), app.count("SELECT COUNT(*) FROM ops"));
    for (user, status) in [("social.kita", 403), ("relief.mopti", 404), ("social.socoura", 404), ("admin", 404)] {
        let token = app.token(user).await;
        assert_eq!(app.send(Method::POST, &token, &path, &good).await.status(), status, "{user}");
    }
    let nurse = app.token("nurse.kita").await;
    for (body, field) in [
        (json!({"visited_on": "2026-01-10"}), "reason"),
        (json!({"visited_on": "2099-01-10", "reason": "Toux"}), "visited_on"),
        (json!({"visited_on": "2010-01-10", "reason": "Toux"}), "visited_on"),
        (json!({"visited_on": "2026-01-10", "reason": "Toux", "weight": 3}), "weight"),
    ] {
        let r = app.send(Method::POST, &nurse, &path, &body).await;
        assert_eq!(r.status(), 422, "{body}");
        assert!(r.text().await.expect("text").contains(field), "{field}");
    }
    let vac = format!("/api/v1/people/{child}/vaccinations");
    assert_eq!(
        app.send(Method::POST, &nurse, &vac, &json!({"dose": "smallpox", "given_on": "2019-01-01"})).await.status(),
        422
    );
    assert_eq!(
        app.send(Method::POST, &nurse, &vac, &json!({"dose": "bcg", "given_on": "2017-01-01"})).await.status(),
        422,
        "before birth"
    );
    assert_eq!(
        (app.count("SELECT COUNT(*) FROM medical_visits"), app.count("SELECT COUNT(*) FROM ops")),
        before,
        "nothing written"
    );
}
