//! The API keeps its contract: names kept item by item, bodies that are
//! not JSON refused with 415, path and query values checked like body
//! fields, and a 201 that says what it recorded.

use crate::helpers::{client, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

fn problems(v: &Value) -> Vec<(String, String)> {
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
async fn other_names_round_trip_item_by_item_exactly() {
    let app = spawn_app().await;
    let token = app.token("social.kita").await;
    let names = json!(["Traoré'); DROP TABLE people;--", "Kulibali, Coulibaly; Koulibaly", " Tarawélé "]);
    let body = json!({"given_name": "Awa", "family_name": "Traoré", "other_names": names, "sex": "F", "location_id": app.sites["KIT"]});
    let r = app.send(Method::POST, &token, "/api/v1/people", &body).await;
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.expect("json");
    assert_eq!(created["other_names"], names, "POST answers the list as sent");
    let path = format!("/api/v1/people/{}", created["id"].as_str().expect("id"));
    let read: Value = app.get(&token, &path).await.json().await.expect("json");
    assert_eq!(read["other_names"], names, "GET reads the list as sent");

    let changed = json!(["N'Diaye; Ndiaye", "Diallo,Dialo"]);
    let r = app.send(Method::PATCH, &token, &path, &json!({"other_names": changed})).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.expect("json")["other_names"], changed, "PATCH answers the list as sent");
    let read: Value = app.get(&token, &path).await.json().await.expect("json");
    assert_eq!(read["other_names"], changed, "GET after PATCH");

    let refused = [
        (json!([""]), "required"),
        (json!(["   "]), "required"),
        (json!(["Awa\nFanta"]), "control_characters"),
        (json!(["a".repeat(201)]), "too_long"),
        (json!("Kulibali, Coulibaly"), "malformed"),
        (json!([5]), "malformed"),
        (json!(vec!["Kulibali"; 21]), "too_long"),
    ];
    for (value, problem) in refused {
        let r = app.send(Method::PATCH, &token, &path, &json!({"other_names": value})).await;
        assert_eq!(r.status(), 422, "{value}");
        let v: Value = r.json().await.expect("json");
        assert!(problems(&v).contains(&("other_names".into(), problem.into())), "{value}: {v}");
    }
    let read: Value = app.get(&token, &path).await.json().await.expect("json");
    assert_eq!(read["other_names"], changed, "a refused change changes nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_not_declared_json_is_415() {
    let app = spawn_app().await;
    let token = app.token("social.kita").await;
    let before = app.count("SELECT COUNT(*) FROM people");
    let form = client()
        .post(app.url("/api/v1/people"))
        .bearer_auth(&token)
        .form(&[
            ("given_name", "Awa"),
            ("family_name", "Traoré"),
            ("sex", "F"),
            ("location_id", app.sites["KIT"].as_str()),
        ])
        .send()
        .await
        .expect("send");
    assert_eq!(form.status(), 415);
    assert_eq!(form.json::<Value>().await.expect("json")["error"], "unsupported_media_type");
    let body = json!({"given_name": "Awa", "family_name": "Traoré", "sex": "F", "location_id": app.sites["KIT"]});
    let untyped =
        client().post(app.url("/api/v1/people")).bearer_auth(&token).body(body.to_string()).send().await.expect("send");
    assert_eq!(untyped.status(), 415, "no Content-Type at all");
    let login = client()
        .post(app.url("/api/v1/login"))
        .header("content-type", "text/plain")
        .body(json!({"username": "social.kita", "password": crate::helpers::PASSWORD}).to_string())
        .send()
        .await
        .expect("send");
    assert_eq!(login.status(), 415);
    let charset = client()
        .post(app.url("/api/v1/people"))
        .bearer_auth(&token)
        .header("content-type", "application/json; charset=utf-8")
        .body(body.to_string())
        .send()
        .await
        .expect("send");
    assert_eq!(charset.status(), 201, "JSON with a charset is JSON");
    assert_eq!(app.count("SELECT COUNT(*) FROM people"), before + 1, "only the JSON body was stored");
}

#[tokio::test(flavor = "multi_thread")]
async fn path_and_query_values_are_checked_and_named() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let group = app
        .create(
            &director,
            "/api/v1/groups",
            &json!({"location_id": app.sites["KIT"], "name": "Petite section", "kind": "daycare"}),
        )
        .await;
    for path in
        [format!("/api/v1/groups/{group}/attendance/2026-02-30"), format!("/api/v1/groups/{group}/attendance/hier")]
    {
        let r = app.get(&director, &path).await;
        assert_eq!(r.status(), 422, "{path}");
        let v: Value = r.json().await.expect("json");
        assert!(problems(&v).contains(&("day".into(), "invalid_date".into())), "{v}");
        let r = app.send(Method::PUT, &director, &path, &json!({"present": []})).await;
        assert_eq!(r.status(), 422, "PUT {path}");
    }
    assert_eq!(app.get(&director, &format!("/api/v1/groups/{group}/attendance/2026-02-28")).await.status(), 200);

    let kit = &app.sites["KIT"];
    for (query, field) in [
        ("/api/v1/people?offset=2147483648".to_string(), "offset"),
        ("/api/v1/people?offset=-1".to_string(), "offset"),
        ("/api/v1/people?limit=".to_string(), "limit"),
        ("/api/v1/people?limit=0".to_string(), "limit"),
        ("/api/v1/people?limit=201".to_string(), "limit"),
        ("/api/v1/people?sex=".to_string(), "sex"),
        (format!("/api/v1/locations/{kit}/nutrition?offset=2147483648"), "offset"),
        (format!("/api/v1/locations/{kit}/nutrition?limit="), "limit"),
        (format!("/api/v1/locations/{kit}/vaccinations/overdue?limit="), "limit"),
        (format!("/api/v1/locations/{kit}/vaccinations/overdue?offset=2147483648"), "offset"),
        ("/api/v1/audit?limit=".to_string(), "limit"),
    ] {
        let token = if query.starts_with("/api/v1/audit") { app.token("auditor").await } else { director.clone() };
        let r = app.get(&token, &query).await;
        assert_eq!(r.status(), 422, "{query}");
        let v: Value = r.json().await.expect("json");
        assert!(problems(&v).iter().any(|(f, _)| f == field), "{query}: {v}");
    }
    let r = app.get(&director, "/api/v1/people?offset=2147483647&limit=200").await;
    assert_eq!(r.status(), 200, "the largest values allowed");
}

#[tokio::test(flavor = "multi_thread")]
async fn adding_a_member_answers_the_membership() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let group = app
        .create(
            &director,
            "/api/v1/groups",
            &json!({"location_id": app.sites["KIT"], "name": "Moyenne section", "kind": "kindergarten"}),
        )
        .await;
    let r = app
        .send(
            Method::POST,
            &director,
            &format!("/api/v1/groups/{group}/members"),
            &json!({"person_id": app.kita_child, "from_date": "2026-09-01"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    assert!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"))
    );
    let v: Value = r.json().await.expect("json");
    assert_eq!(v, json!({"group_id": group, "person_id": app.kita_child, "from_date": "2026-09-01"}));
}
