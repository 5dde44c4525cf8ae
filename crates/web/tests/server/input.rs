//! Bad and hostile input through the API: a clear 4xx naming each field,
//! never a 500, never a partial write (security requirements 16 and 17).

use crate::helpers::{spawn_app, ui_client};
use reqwest::Method;
use serde_json::{Value, json};

fn fields(v: &Value) -> Vec<(String, String)> {
    v["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (f["field"].as_str().unwrap_or("").to_string(), f["problem"].as_str().unwrap_or("").to_string())
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_field_by_field_and_writes_nothing() {
    let app = spawn_app().await;
    let token = app.token("social.kita").await;
    let kit = app.sites["KIT"].clone();
    let before = (app.count("SELECT COUNT(*) FROM people"), app.count("SELECT COUNT(*) FROM ops"));
    let raw = |body: &'static str| {
        let (url, token) = (app.url("/api/v1/people"), token.clone());
        async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .expect("send")
        }
    };
    assert_eq!(raw("{\"given_name\": ").await.status(), 400, "malformed JSON");
    assert_eq!(raw("not json at all").await.status(), 400);
    assert_eq!(raw("[1, 2]").await.status(), 422, "not an object");

    let cases: Vec<(Value, &str, &str)> = vec![
        (
            json!({"given_name": "Awa", "family_name": "Traoré", "sex": "F", "location_id": kit, "colour": "red"}),
            "colour",
            "unknown_field",
        ),
        (json!({"given_name": 5, "family_name": "Traoré", "sex": "F", "location_id": kit}), "given_name", "malformed"),
        (json!({"given_name": "", "family_name": "Traoré", "sex": "F", "location_id": kit}), "given_name", "required"),
        (
            json!({"given_name": "a".repeat(201), "family_name": "Traoré", "sex": "F", "location_id": kit}),
            "given_name",
            "too_long",
        ),
        (
            json!({"given_name": "Awa\u{0007}", "family_name": "Traoré", "sex": "F", "location_id": kit}),
            "given_name",
            "control_characters",
        ),
        (
            json!({"given_name": "Awa", "family_name": "Traoré", "sex": "F", "birth_date": "2999-01-01", "location_id": kit}),
            "birth_date",
            "future_date",
        ),
        (
            json!({"given_name": "Awa", "family_name": "Traoré", "sex": "F", "birth_date": "31/12/2019", "location_id": kit}),
            "birth_date",
            "invalid_date",
        ),
        (json!({"given_name": "Awa", "family_name": "Traoré", "sex": "X", "location_id": kit}), "sex", "not_allowed"),
        (
            json!({"given_name": "Awa", "family_name": "Traoré", "sex": "F", "location_id": "no-such-place"}),
            "location_id",
            "unknown",
        ),
        (
            json!({"given_name": "Awa", "family_name": "Traoré", "sex": "F", "location_id": app.sites["MOP"]}),
            "location_id",
            "unknown",
        ),
        (
            json!({"given_name": "Awa", "family_name": "Traoré", "sex": "F", "age_years": "seven", "location_id": kit}),
            "age_years",
            "malformed",
        ),
        (
            json!({"given_name": "Awa", "family_name": "Traoré", "sex": "F", "age_years": 500, "location_id": kit}),
            "age_years",
            "out_of_range",
        ),
    ];
    for (body, field, problem) in cases {
        let r = app.send(Method::POST, &token, "/api/v1/people", &body).await;
        assert_eq!(r.status(), 422, "{field}: {problem}");
        let v: Value = r.json().await.expect("json");
        assert!(fields(&v).contains(&(field.to_string(), problem.to_string())), "{field}: {problem} in {v}");
    }
    // Every problem at once, not one at a time.
    let r = app
        .send(Method::POST, &token, "/api/v1/people", &json!({"given_name": "", "family_name": "", "sex": ""}))
        .await;
    let v: Value = r.json().await.expect("json");
    let f: Vec<String> = fields(&v).into_iter().map(|(f, _)| f).collect();
    for want in ["given_name", "family_name", "sex", "location_id"] {
        assert!(f.contains(&want.to_string()), "{want} in {v}");
    }
    // PATCH: the same rules.
    let path = format!("/api/v1/people/{}", app.kita_child);
    assert_eq!(app.send(Method::PATCH, &token, &path, &json!({"family_name": ""})).await.status(), 422);
    assert_eq!(app.send(Method::PATCH, &token, &path, &json!({"shoe_size": 3})).await.status(), 422);
    assert_eq!(app.send(Method::PATCH, &token, &path, &json!({"birth_date": "2030-01-01"})).await.status(), 422);
    let r = app.get(&token, "/api/v1/people?limit=abc").await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        (app.count("SELECT COUNT(*) FROM people"), app.count("SELECT COUNT(*) FROM ops")),
        before,
        "nothing written"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_names_round_trip_are_searchable_and_escaped() {
    let app = spawn_app().await;
    let token = app.token("social.kita").await;
    let names = ["N'Diaye", "Traoré'); DROP TABLE cases;--", "<img src=x onerror=alert(1)>"];
    let mut ids = Vec::new();
    for n in names {
        let body = json!({"given_name": n, "family_name": n, "other_names": [n], "sex": "F", "birth_date": "2015", "location_id": app.sites["KIT"]});
        let r = app.send(Method::POST, &token, "/api/v1/people", &body).await;
        assert_eq!(r.status(), 201, "{n}");
        let v: Value = r.json().await.expect("json");
        assert_eq!(v["given_name"], n, "stored exactly as typed");
        assert_eq!(v["birth_date_precision"], "year");
        ids.push(v["id"].as_str().expect("id").to_string());
    }
    let found: Value = app.get(&token, "/api/v1/people?q=diaye").await.json().await.expect("json");
    assert_eq!(found["total"], 1);
    let found: Value = app.get(&token, "/api/v1/people?q=drop%20table").await.json().await.expect("json");
    assert_eq!(found["total"], 1);
    assert!(app.count("SELECT COUNT(*) FROM people") >= 5, "the table is still there");

    let ui = ui_client(&app, "social.kita").await;
    let html = ui.get(app.url(&format!("/people/{}", ids[2]))).send().await.expect("page").text().await.expect("html");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;") || html.contains("&#60;img src=x onerror=alert(1)&#62;"),
        "escaped: {html}"
    );
    assert!(!html.contains("<img src=x"), "never raw");
}
