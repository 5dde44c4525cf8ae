//! The daily register through the real server: a group of 40 saved in one
//! request, re-saved the same day, read back; who may; bad input.

use crate::helpers::{csrf_of, spawn_app, ui_client};
use reqwest::Method;
use serde_json::{Value, json};

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_register_of_forty_is_taken_in_one_request() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let r = app
        .send(
            Method::POST,
            &director,
            "/api/v1/groups",
            &json!({"location_id": app.sites["KIT"], "name": "Petite section", "kind": "kindergarten"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let group = r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string();
    let mut children = Vec::new();
    for i in 0..40 {
        let body = json!({"given_name": format!("Enfant {i}"), "family_name": "Coulibaly", "sex": "F", "birth_date": "2021-03-04", "location_id": app.sites["KIT"]});
        let id = app.send(Method::POST, &director, "/api/v1/people", &body).await.json::<Value>().await.expect("json")
            ["id"]
            .as_str()
            .expect("id")
            .to_string();
        let r = app
            .send(
                Method::POST,
                &director,
                &format!("/api/v1/groups/{group}/members"),
                &json!({"person_id": id, "from_date": "2026-09-01"}),
            )
            .await;
        assert_eq!(r.status(), 201);
        children.push(id);
    }
    let social = app.token("social.kita").await;
    let path = format!("/api/v1/groups/{group}/attendance/{}", today());
    let ops = app.count("SELECT COUNT(*) FROM ops");
    let present: Vec<&String> = children.iter().take(33).collect();
    let r = app.send(Method::PUT, &social, &path, &json!({"present": present})).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.expect("json"), json!({"members": 40, "present": 33}));
    assert_eq!(app.count("SELECT COUNT(*) FROM ops"), ops + 1, "one register, one change-log op");
    // Corrected the same day: one more child came.
    let present: Vec<&String> = children.iter().take(34).collect();
    assert_eq!(app.send(Method::PUT, &social, &path, &json!({"present": present})).await.status(), 200);
    let v: Value = app.get(&social, &path).await.json().await.expect("json");
    let marked = v["items"].as_array().expect("items");
    assert_eq!(marked.len(), 40);
    assert_eq!(marked.iter().filter(|c| c["present"] == true).count(), 34);
    assert_eq!(marked.iter().filter(|c| c["present"] == false).count(), 6);
    let yesterday = (time::OffsetDateTime::now_utc().date() - time::Duration::days(1)).to_string();
    let v: Value =
        app.get(&social, &format!("/api/v1/groups/{group}/attendance/{yesterday}")).await.json().await.expect("json");
    assert!(v["items"].as_array().expect("items").iter().all(|c| c["present"].is_null()), "not taken that day");

    // Bad input changes nothing.
    let before = (app.count("SELECT COUNT(*) FROM attendance"), app.count("SELECT COUNT(*) FROM ops"));
    for (p, body) in [
        (path.clone(), json!({"present": [app.mopti_child]})),
        (path.clone(), json!({"present": "everyone"})),
        (path.clone(), json!({})),
        (format!("/api/v1/groups/{group}/attendance/2999-01-01"), json!({"present": []})),
    ] {
        assert_eq!(app.send(Method::PUT, &social, &p, &body).await.status(), 422, "{p} {body}");
    }
    for (user, status) in [("social.socoura", 404), ("fundraiser", 403), ("relief.mopti", 404)] {
        let token = app.token(user).await;
        assert_eq!(app.send(Method::PUT, &token, &path, &json!({"present": []})).await.status(), status, "{user}");
    }
    assert_eq!((app.count("SELECT COUNT(*) FROM attendance"), app.count("SELECT COUNT(*) FROM ops")), before);

    // The register page: one tap per child, one save.
    let ui = ui_client(&app, "social.kita").await;
    let page =
        ui.get(app.url(&format!("/groups/{group}/register"))).send().await.expect("page").text().await.expect("html");
    assert_eq!(page.matches("type=\"checkbox\" name=\"present\"").count(), 40);
    assert_eq!(page.matches(" checked").count(), 34);
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf_of(&page).leak()), ("day", today().leak())];
    form.extend(children.iter().take(10).map(|c| ("present", c.as_str())));
    let r = ui.post(app.url(&format!("/groups/{group}/register"))).form(&form).send().await.expect("post");
    let html = r.text().await.expect("html");
    assert!(html.contains("Présences enregistrées : 10 / 40"), "saved");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_register_of_one_says_one_child() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let body = json!({"location_id": app.sites["KIT"], "name": "Bébés", "kind": "daycare"});
    let group = app.create(&director, "/api/v1/groups", &body).await;
    let member = json!({"person_id": app.kita_child, "from_date": "2026-09-01"});
    assert_eq!(
        app.send(Method::POST, &director, &format!("/api/v1/groups/{group}/members"), &member).await.status(),
        201
    );
    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/groups/{group}/register")).await;
    assert!(page.contains("1 enfant<") || page.contains("1 enfant\n"), "one child, not « 1 enfants »");
    assert!(!page.contains("1 enfants"));
}
