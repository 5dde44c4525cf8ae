//! Schooling through the real server: a year recorded then corrected at the
//! end of the year; who may write; bad input changes nothing.

use crate::helpers::{spawn_app, ui_client};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
async fn a_school_year_is_recorded_and_completed() {
    let app = spawn_app().await;
    let child = app.kita_child.clone();
    let path = format!("/api/v1/people/{child}/school-years");
    let social = app.token("social.kita").await;
    let year = json!({"year": "2025-2026", "school": "École fondamentale de Kita", "grade": "2e année"});
    assert_eq!(app.send(Method::POST, &social, &path, &year).await.status(), 201);
    let done = json!({"year": "2025-2026", "school": "École fondamentale de Kita", "grade": "2e année", "result": "passed", "average": 13.5});
    assert_eq!(app.send(Method::POST, &social, &path, &done).await.status(), 201);
    let nurse = app.token("nurse.kita").await;
    let v: Value = app.get(&nurse, &path).await.json().await.expect("json");
    assert_eq!(
        v["items"],
        json!([{"year": "2025-2026", "school": "École fondamentale de Kita", "grade": "2e année", "result": "passed", "average": 13.5}])
    );
    let ui = ui_client(&app, "social.kita").await;
    let html = ui.get(app.url(&format!("/people/{child}"))).send().await.expect("page").text().await.expect("html");
    assert!(html.contains("Scolarité") && html.contains("Admis") && html.contains("13,5"), "French: a decimal comma");

    let before = (app.count("SELECT COUNT(*) FROM school_years"), app.count("SELECT COUNT(*) FROM ops"));
    assert_eq!(app.send(Method::POST, &nurse, &path, &year).await.status(), 403, "a nurse reads, does not write");
    let relief = app.token("relief.mopti").await;
    assert_eq!(app.send(Method::POST, &relief, &path, &year).await.status(), 404);
    for (body, field) in [
        (json!({"year": "2025-2027", "school": "X", "grade": "1"}), "year"),
        (json!({"year": "2025-2026", "school": "", "grade": "1"}), "school"),
        (json!({"year": "2025-2026", "school": "X", "grade": "1", "result": "expelled"}), "result"),
        (json!({"year": "2025-2026", "school": "X", "grade": "1", "average": 21}), "average"),
    ] {
        let r = app.send(Method::POST, &social, &path, &body).await;
        assert_eq!(r.status(), 422, "{body}");
        assert!(r.text().await.expect("text").contains(field), "{field}");
    }
    assert_eq!((app.count("SELECT COUNT(*) FROM school_years"), app.count("SELECT COUNT(*) FROM ops")), before);
}
