//! A child in care transferred from Kita to Socoura from its page (issue
//! 14): one command that ends the Kita placement, makes Socoura the
//! child's place and opens the Socoura placement — offered only to a
//! village director of both villages; refused whole, naming the field,
//! on bad input; out of scope is 404; audited.

use crate::helpers::{TestApp, csrf_of, shared_hash, spawn_app, ui_client};
use dugu_domain::Role;
use dugu_storage::NewUser;
use reqwest::Method;
use serde_json::{Value, json};

/// A village director of Kita and Socoura.
fn regional(app: &TestApp) -> String {
    let new = NewUser {
        username: "director.region".into(),
        display_name: "Directeur régional".into(),
        role: Role::LocationDirector,
        password_hash: shared_hash().to_string(),
        language: "fr".into(),
        location_ids: vec![app.sites["KIT"].clone(), app.sites["SOC"].clone()],
    };
    app.store.write(move |tx| tx.create_user(None, &new)).expect("account").id
}

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> String {
    let r = app.send(Method::POST, token, path, &body).await;
    assert_eq!(r.status(), 201, "{path}");
    let v: Value = r.json().await.expect("json");
    v["id"].as_str().map(str::to_string).unwrap_or_default()
}

fn one(app: &TestApp, sql: &str, id: &str) -> String {
    app.store.inspect(sql, &[id]).expect("read").into_iter().next().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_village_director_transfers_a_child_to_another_village_in_one_change() {
    let app = spawn_app().await;
    regional(&app);
    let token = app.token("director.region").await;
    let (kita, socoura) = (app.sites["KIT"].clone(), app.sites["SOC"].clone());
    let house = |village: &str, name: &str| json!({"location_id": village, "name": name, "capacity": 8});
    let baobab = created(&app, &token, "/api/v1/houses", house(&kita, "Maison Baobab")).await;
    let karite = created(&app, &token, "/api/v1/houses", house(&socoura, "Maison Karité")).await;
    let child = json!({"given_name": "Nènè", "family_name": "Sidibé", "sex": "F", "birth_date": "2018-03-01", "location_id": kita});
    let child = created(&app, &token, "/api/v1/people", child).await;
    let admission = json!({"admitted_on": "2026-01-10", "reason": "orphaned_aids", "house_id": baobab});
    created(&app, &token, &format!("/api/v1/people/{child}/admission"), admission).await;

    // The form is the village director's; a social worker of Kita moves
    // the child between Kita's houses only.
    let ui = ui_client(&app, "director.region").await;
    let page = app.html(&ui, &format!("/people/{child}")).await;
    assert!(page.contains("Transférer dans un autre village") && page.contains("Socoura — Maison Karité"));
    let social = ui_client(&app, "social.kita").await;
    assert!(!app.html(&social, &format!("/people/{child}")).await.contains("form-transfer"));

    // Refused whole, each problem beside its field, nothing written.
    let ops = app.count("SELECT count(*) FROM ops");
    let csrf = csrf_of(&page);
    let post = |form: Vec<(&'static str, String)>| {
        let (ui, url) = (ui.clone(), app.url(&format!("/people/{child}/transfer")));
        async move { ui.post(url).form(&form).send().await.expect("post") }
    };
    let r = post(vec![("csrf", csrf.clone()), ("location_id", kita.clone()), ("transferred_on", "31/02/2026".into())])
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(
        html.contains("id=\"transfer-location_id-error\"") && html.contains("id=\"transfer-transferred_on-error\"")
    );
    assert!(html.contains("Date du transfert"), "the summary names the field");
    // A house of another village than the one chosen is not taken.
    let wrong = vec![
        ("csrf", csrf.clone()),
        ("location_id", socoura.clone()),
        ("house_id", baobab.clone()),
        ("transferred_on", "01/06/2026".into()),
    ];
    assert_eq!(post(wrong).await.status(), 422);
    assert_eq!(app.count("SELECT count(*) FROM ops"), ops, "nothing changed");

    // Who may not: out of scope is 404, a role without it 403, a village
    // out of the director's scope unknown.
    let body = json!({"location_id": socoura, "house_id": karite, "transferred_on": "2026-06-01"});
    let path = format!("/api/v1/people/{child}/transfer");
    let relief = app.token("relief.mopti").await;
    assert_eq!(app.send(Method::POST, &relief, &path, &body).await.status(), 404);
    let social_token = app.token("social.kita").await;
    assert_eq!(app.send(Method::POST, &social_token, &path, &body).await.status(), 403);
    let kita_director = app.token("director.kita").await;
    let r = app.send(Method::POST, &kita_director, &path, &body).await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.expect("json")["fields"][0]["field"], "location_id");
    assert_eq!(app.count("SELECT count(*) FROM ops"), ops, "nothing changed");

    // The transfer.
    let ok = vec![
        ("csrf", csrf.clone()),
        ("location_id", socoura.clone()),
        ("house_id", karite.clone()),
        ("transferred_on", "01/06/2026".into()),
    ];
    let r = post(ok).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], format!("/people/{child}#care").as_str());
    assert_eq!(one(&app, "SELECT location_id FROM people WHERE id = ?1", &child), socoura);
    let stays = app
        .store
        .inspect(
            "SELECT h.name || ' ' || p.from_date || ' ' || COALESCE(p.to_date, '-') FROM placements p
               JOIN family_houses h ON h.id = p.house_id WHERE p.person_id = ?1 ORDER BY p.from_date, h.name",
            &[&child],
        )
        .expect("placements");
    assert_eq!(stays, ["Maison Baobab 2026-01-10 2026-06-01", "Maison Karité 2026-06-01 -"]);
    assert_eq!(one(&app, "SELECT count(*) FROM admissions WHERE person_id = ?1 AND left_on IS NULL", &child), "1");
    let writes = one(
        &app,
        "SELECT count(*) FROM audit_log WHERE action IN ('create', 'update') AND record_id IN
           (SELECT ?1 UNION SELECT id FROM placements WHERE person_id = ?1)",
        &child,
    );
    assert!(writes.parse::<i64>().expect("a count") >= 3, "audited: {writes}");
    let page = app.html(&ui, &format!("/people/{child}")).await;
    assert!(page.contains("Transfert dans l&#39;autre village enregistré") || page.contains("Transfert dans l'autre"));
    // Kita's director no longer sees the child; the regional one does.
    assert_eq!(app.get(&kita_director, &format!("/api/v1/people/{child}")).await.status(), 404);
    assert_eq!(app.get(&token, &format!("/api/v1/people/{child}")).await.status(), 200);
}
