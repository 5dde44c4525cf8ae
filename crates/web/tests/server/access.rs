//! The access-control matrix: every contract route, every role, in and out
//! of scope (security requirements 1–3).

use crate::helpers::{USERS, client, spawn_app};
use dugu_domain::Role;
use reqwest::Method;
use serde_json::{Value, json};

fn site_of(username: &str) -> Option<&'static str> {
    USERS.iter().find(|u| u.0 == username).and_then(|u| u.2)
}

fn role_of(username: &str) -> Role {
    USERS.iter().find(|u| u.0 == username).map(|u| u.1).expect("known user")
}

/// Whether `user` may see a record at `site`.
fn sees(user: &str, site: &str) -> bool {
    let role = role_of(user);
    role.reads_people() && (role.sees_all_locations() || site_of(user) == Some(site))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_role_sees_only_its_scope() {
    let app = spawn_app().await;
    // A household at Kita to read back.
    let dk = app.token("director.kita").await;
    let r = app
        .send(Method::POST, &dk, "/api/v1/households", &json!({"name": "Famille Sangaré", "location_id": app.sites["KIT"], "members": [{"person_id": app.kita_child, "relationship": "child"}]}))
        .await;
    assert_eq!(r.status(), 201);
    let household: Value = r.json().await.expect("json");
    let household_id = household["id"].as_str().expect("id").to_string();

    for (user, role, _) in USERS {
        let token = app.token(user).await;
        let reads = role.reads_people();

        // Lists and counts: only what is in scope.
        let r = app.get(&token, "/api/v1/people?q=").await;
        if reads {
            assert_eq!(r.status(), 200, "{user} list");
            let body: Value = r.json().await.expect("json");
            let items = body["items"].as_array().expect("items");
            let ids: Vec<&str> = items.iter().filter_map(|i| i["id"].as_str()).collect();
            if let Some(site) = site_of(user) {
                let allowed = app.sites[site].as_str();
                assert!(items.iter().all(|i| i["location_id"] == allowed), "{user}: every item in scope");
                assert_eq!(body["total"].as_u64(), Some(items.len() as u64), "{user}: the count is of the scope only");
            }
            assert_eq!(ids.contains(&app.kita_child.as_str()), sees(user, "KIT"), "{user} list kita");
            assert_eq!(ids.contains(&app.mopti_child.as_str()), sees(user, "MOP"), "{user} list mopti");
            let found: Value = app.get(&token, "/api/v1/people?q=sangare").await.json().await.expect("json");
            assert_eq!(found["total"].as_u64(), Some(u64::from(sees(user, "KIT"))), "{user} search count");
        } else {
            assert_eq!(r.status(), 403, "{user} list");
        }

        // Records: 200 in scope, 404 otherwise — never 403.
        for (site, id) in [("KIT", &app.kita_child), ("MOP", &app.mopti_child)] {
            let r = app.get(&token, &format!("/api/v1/people/{id}")).await;
            let want = if sees(user, site) { 200 } else { 404 };
            assert_eq!(r.status(), want, "{user} GET person at {site}");
            if want == 404 {
                let unknown = app.get(&token, &format!("/api/v1/people/{}", uuid_like())).await;
                assert_eq!(
                    r.text().await.expect("body"),
                    unknown.text().await.expect("body"),
                    "{user}: same body as a random id"
                );
            }
            let r =
                app.send(Method::PATCH, &token, &format!("/api/v1/people/{id}"), &json!({"national_id": "123"})).await;
            let want = match (sees(user, site), role.writes_people()) {
                (false, _) => 404,
                (true, false) => 403,
                (true, true) => 200,
            };
            assert_eq!(r.status(), want, "{user} PATCH person at {site}");
        }
        let r = app.get(&token, &format!("/api/v1/households/{household_id}")).await;
        assert_eq!(r.status(), if sees(user, "KIT") { 200 } else { 404 }, "{user} GET household");

        // Creating at Kita: writers of Kita only; other writers are told the
        // location is unknown.
        let new = json!({"given_name": "Test", "family_name": "Diarra", "sex": "M", "birth_date": "2020", "location_id": app.sites["KIT"]});
        let r = app.send(Method::POST, &token, "/api/v1/people", &new).await;
        let want = if !role.writes_people() {
            403
        } else if sees(user, "KIT") {
            201
        } else {
            422
        };
        assert_eq!(r.status(), want, "{user} POST person at KIT");
        let new_h = json!({"name": "Famille Test", "location_id": app.sites["KIT"], "members": []});
        let r = app.send(Method::POST, &token, "/api/v1/households", &new_h).await;
        assert_eq!(r.status(), want, "{user} POST household at KIT");

        // Locations: everyone, but scoped users see only their branch.
        let r = app.get(&token, "/api/v1/locations").await;
        assert_eq!(r.status(), 200, "{user} locations");
        let locs: Value = r.json().await.expect("json");
        let codes: Vec<&str> =
            locs["items"].as_array().expect("items").iter().filter_map(|l| l["code"].as_str()).collect();
        match site_of(user) {
            Some(site) => {
                assert!(codes.contains(&site) && codes.contains(&"ML"), "{user} sees its site and Mali");
                for other in ["KIT", "SOC", "MOP", "SAN", "KHO"].iter().filter(|s| **s != site) {
                    assert!(!codes.contains(other), "{user} must not see {other}");
                }
            }
            None => assert!(codes.len() > 10),
        }

        // The audit trail: administrators and auditors only.
        let r = app.get(&token, &format!("/api/v1/audit?record_id={}", app.kita_child)).await;
        assert_eq!(r.status(), if role.reads_audit() { 200 } else { 403 }, "{user} audit");
        assert_eq!(client().get(app.url("/healthz")).send().await.expect("health").status(), 200);
    }
}

fn uuid_like() -> String {
    "01a220c0-0000-7000-8000-000000000000".to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn field_groups_follow_the_role() {
    let app = spawn_app().await;
    let path = format!("/api/v1/people/{}", app.kita_child);
    let keys = |v: &Value| v.as_object().expect("object").keys().cloned().collect::<Vec<_>>();
    let nurse: Value = app.get(&app.token("nurse.kita").await, &path).await.json().await.expect("json");
    assert!(keys(&nurse).contains(&"medical_notes".into()) && !keys(&nurse).contains(&"protection_notes".into()));
    let social: Value = app.get(&app.token("social.kita").await, &path).await.json().await.expect("json");
    assert!(keys(&social).contains(&"protection_notes".into()) && !keys(&social).contains(&"medical_notes".into()));
    assert_eq!(social["protection_notes"], "Risque signalé");
    let relief = app.token("relief.mopti").await;
    let mopti: Value =
        app.get(&relief, &format!("/api/v1/people/{}", app.mopti_child)).await.json().await.expect("json");
    assert!(!keys(&mopti).iter().any(|k| k == "medical_notes" || k == "protection_notes"), "absent, not null");
    assert!(keys(&mopti).contains(&"phone".into()));
    // Writing a group the role may not write: 403, nothing changed.
    let before = app.count("SELECT COUNT(*) FROM ops");
    let r = app
        .send(Method::PATCH, &relief, &format!("/api/v1/people/{}", app.mopti_child), &json!({"medical_notes": "x"}))
        .await;
    assert_eq!(r.status(), 403);
    let r = app
        .send(
            Method::PATCH,
            &app.token("social.kita").await,
            &path,
            &json!({"medical_notes": "x", "given_name": "Awa B"}),
        )
        .await;
    assert_eq!(r.status(), 403);
    assert_eq!(before, app.count("SELECT COUNT(*) FROM ops"));
    let national: Value = app.get(&app.token("director.national").await, &path).await.json().await.expect("json");
    assert_eq!(national["given_name"], "Awa", "unchanged");
    assert!(keys(&national).contains(&"medical_notes".into()) && keys(&national).contains(&"protection_notes".into()));
}

#[tokio::test(flavor = "multi_thread")]
async fn every_route_refuses_anonymous_callers() {
    let app = spawn_app().await;
    let mut checked = 0;
    for route in dugu_web::routes::table() {
        if route.policy == dugu_web::session::Policy::Public {
            continue;
        }
        let path = route.path.replace("{id}", &app.kita_child);
        let method = Method::from_bytes(route.method.as_bytes()).expect("method");
        let r = client()
            .request(method, app.url(&path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("csrf=x")
            .send()
            .await
            .expect("send");
        assert_eq!(r.status(), 401, "{} {} without a session", route.method, route.path);
        checked += 1;
    }
    assert!(checked > 30, "walked {checked} routes");
    // A bearer token never opens pages, a cookie never opens the API.
    let token = app.token("social.kita").await;
    assert_eq!(app.get(&token, "/people").await.status(), 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn enrolments_stay_within_scope() {
    let app = spawn_app().await;
    let token = app.token("social.kita").await;
    let programmes: Value = app.get(&token, "/api/v1/programmes").await.json().await.expect("json");
    let items = programmes["items"].as_array().expect("items");
    assert!(!items.is_empty() && items.iter().all(|p| p["location_id"] == app.sites["KIT"]), "only Kita's programmes");
    let kita_programme = items[0]["id"].as_str().expect("id").to_string();
    let body = json!({"programme_id": kita_programme, "start_date": "2025-09-01"});
    let r = app.send(Method::POST, &token, &format!("/api/v1/people/{}/enrolments", app.kita_child), &body).await;
    assert_eq!(r.status(), 201);
    let again = app.send(Method::POST, &token, &format!("/api/v1/people/{}/enrolments", app.kita_child), &body).await;
    assert_eq!(again.status(), 422, "the same enrolment twice");
    let r = app.send(Method::POST, &token, &format!("/api/v1/people/{}/enrolments", app.mopti_child), &body).await;
    assert_eq!(r.status(), 404, "a child out of scope");
    let relief = app.token("relief.mopti").await;
    let r = app.send(Method::POST, &relief, &format!("/api/v1/people/{}/enrolments", app.mopti_child), &body).await;
    assert_eq!(r.status(), 422, "a programme out of scope is unknown");
    let bad = json!({"programme_id": kita_programme, "start_date": "1/9/2025"});
    let r = app.send(Method::POST, &token, &format!("/api/v1/people/{}/enrolments", app.kita_child), &bad).await;
    assert_eq!(r.status(), 422);
}
