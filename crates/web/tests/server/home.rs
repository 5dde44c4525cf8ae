//! Where each role's day starts (`/`), the village reached from the
//! navigation only where there is one, searches kept under an address
//! without a name, and status filters that fit the reader's locations.

use crate::helpers::{TestApp, csrf_of, spawn_app, ui_client};
use reqwest::Method;
use serde_json::{Value, json};

fn day(offset: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(offset)).to_string()
}

async fn created(app: &TestApp, user: &str, path: &str, body: Value) -> String {
    let token = app.token(user).await;
    let r = app.send(Method::POST, &token, path, &body).await;
    assert_eq!(r.status(), 201, "{path}");
    r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string()
}

/// Kita gets a family house with one child admitted, a severely wasted
/// toddler, and a supported household whose plan action is late.
async fn kitas_day(app: &TestApp) -> String {
    let kita = app.sites["KIT"].clone();
    let house = created(
        app,
        "director.kita",
        "/api/v1/houses",
        json!({"location_id": kita, "name": "Maison Baobab", "capacity": 8}),
    )
    .await;
    let toddler = created(app, "director.kita", "/api/v1/people", json!({"given_name": "Kadidia", "family_name": "Coulibaly", "sex": "F", "birth_date": day(-548), "location_id": kita})).await;
    let social = app.token("social.kita").await;
    let admission =
        json!({"admitted_on": day(-10), "reason": "orphaned_aids", "referred_by": "Service social", "house_id": house});
    assert_eq!(
        app.send(Method::POST, &social, &format!("/api/v1/people/{toddler}/admission"), &admission).await.status(),
        201
    );
    let nurse = app.token("nurse.kita").await;
    let wasted = json!({"date": day(0), "weight_kg": 7.0, "length_height_cm": 78.0, "measured": "lying", "oedema": false, "muac_mm": 108});
    assert_eq!(
        app.send(Method::POST, &nurse, &format!("/api/v1/people/{toddler}/measurements"), &wasted).await.status(),
        201
    );
    let household = created(app, "director.kita", "/api/v1/households", json!({"name": "Famille Sangaré", "location_id": kita, "members": [{"person_id": app.kita_child, "relationship": "child"}]})).await;
    let base = format!("/api/v1/households/{household}");
    assert_eq!(
        app.send(Method::POST, &social, &format!("{base}/support"), &json!({"started_on": day(-100)})).await.status(),
        201
    );
    let action = json!({"goal": "Revenus stables", "action": "Formation au maraîchage", "responsible": "Mme Diarra", "due_on": day(-5)});
    assert_eq!(app.send(Method::POST, &social, &format!("{base}/plan-actions"), &action).await.status(), 201);
    toddler
}

async fn home(app: &TestApp, user: &str) -> (u16, String, String) {
    let ui = ui_client(app, user).await;
    let r = ui.get(app.url("/")).send().await.expect("home");
    let to = r.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or("").to_string();
    (r.status().as_u16(), to, r.text().await.expect("html"))
}

#[tokio::test(flavor = "multi_thread")]
async fn each_role_lands_on_what_its_day_starts_with() {
    let app = spawn_app().await;
    kitas_day(&app).await;
    let village = format!("/locations/{}/village", app.sites["KIT"]);

    let (status, _, page) = home(&app, "director.kita").await;
    assert_eq!(status, 200);
    for seen in
        ["Kadidia Coulibaly", "(MAS)", "Famille Sangaré", "1 action du plan en retard", "Maison Baobab", "1 / 8"]
    {
        assert!(page.contains(seen), "the director sees {seen}");
    }
    assert!(page.contains(&format!("href=\"{village}\">Village</a>")), "the village in the navigation");
    assert!(page.contains("arrivé") && !page.contains("&lt;time"), "the arrival date is written, not its markup");

    let (status, _, page) = home(&app, "social.kita").await;
    assert_eq!(status, 200);
    assert!(page.contains("Famille Sangaré") && page.contains("visite à faire (aucune visite encore)"));
    assert!(!page.contains("(MAS)"), "no diagnosis for the social worker");

    let (status, _, page) = home(&app, "nurse.kita").await;
    assert_eq!(status, 200);
    assert!(page.contains("Kadidia Coulibaly") && page.contains("(MAS)") && page.contains("Vaccinations en retard"));
    assert!(!page.contains("Famille Sangaré"), "no family strengthening for the nurse");
    // The auditor reads where those lists were shown as words.
    let trail = app.html(&ui_client(&app, "auditor").await, "/audit").await;
    assert!(trail.contains("(page d&#39;accueil)") && !trail.contains("> home<") && !trail.contains(" home</td>"));

    let (status, _, page) = home(&app, "relief.mopti").await;
    assert_eq!(status, 200);
    assert!(page.contains("Enregistrements") && !page.contains("Kadidia") && !page.contains("Sangaré"));
    assert!(!page.contains("/village\""), "no village at the relief office");

    let (status, _, page) = home(&app, "fundraiser").await;
    assert_eq!(status, 200);
    assert!(page.contains("Nos chiffres") && page.contains("moins de 5"), "one child in care is too few to count");
    // The total would give a withheld village's count back by subtraction.
    assert!(page.contains("au moins 1"), "the total says only what the villages shown allow");
    assert!(!page.contains("Kadidia") && !page.contains("Sangaré") && !page.contains("/people/"), "names no one");

    assert_eq!(home(&app, "admin").await.0, 303);
    assert_eq!(home(&app, "admin").await.1, "/admin/users", "the administrator starts on the accounts");
    assert_eq!(home(&app, "auditor").await.1, "/audit");
    let (status, _, page) = home(&app, "director.national").await;
    assert_eq!(status, 200);
    assert!(page.contains("Maison Baobab") && page.contains("Kadidia Coulibaly"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_village_is_linked_only_where_there_is_one() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "director.kita").await;
    let village = format!("/locations/{}/village", app.sites["KIT"]);
    for page in ["/", "/locations"] {
        assert!(!app.html(&ui, page).await.contains("/village\""), "{page}: no house yet, no village");
    }
    created(
        &app,
        "director.kita",
        "/api/v1/houses",
        json!({"location_id": app.sites["KIT"], "name": "Maison Néré", "capacity": 8}),
    )
    .await;
    for page in ["/", "/locations"] {
        assert!(app.html(&ui, page).await.contains(&format!("href=\"{village}\"")), "{page} links the village");
    }
    let relief = ui_client(&app, "relief.mopti").await;
    assert!(!app.html(&relief, "/locations").await.contains("/village\""), "none at Mopti");
}

async fn search(app: &TestApp, ui: &reqwest::Client, form: &[(&str, &str)]) -> reqwest::Response {
    let csrf = csrf_of(&app.html(ui, "/people").await);
    let mut fields = vec![("csrf", csrf.as_str())];
    fields.extend_from_slice(form);
    ui.post(app.url("/people/search")).form(&fields).send().await.expect("search")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_is_kept_for_its_session_only_for_half_an_hour_without_the_name_in_its_address() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "director.kita").await;
    let r = search(&app, &ui, &[("q", "Sangaré")]).await;
    assert_eq!(r.status(), 303, "post, then redirect");
    let found = r.headers()["location"].to_str().expect("location").to_string();
    assert!(found.starts_with("/people/search/") && found.len() > "/people/search/".len() + 40, "{found}");
    assert!(!found.to_lowercase().contains("sangar"), "no name in the address");
    let page = app.html(&ui, &found).await;
    assert!(page.contains("Awa") && page.contains("1 personne."), "the results, read again by GET");

    // Another session, even of the same account, cannot read it.
    let other = ui_client(&app, "director.kita").await;
    let r = other.get(app.url(&found)).send().await.expect("other");
    assert_eq!(r.status(), 404);
    let page = r.text().await.expect("html");
    assert!(!page.contains("Awa") && page.contains("plus disponible") && page.contains("name=\"q\""));

    // Half an hour later it is gone, though the session lives on.
    app.state.clock.advance(20 * 60 * 1000);
    assert_eq!(ui.get(app.url(&found)).send().await.expect("later").status(), 200);
    app.state.clock.advance(11 * 60 * 1000);
    let r = ui.get(app.url(&found)).send().await.expect("expired");
    assert_eq!(r.status(), 404);
    assert!(!r.text().await.expect("html").contains("Awa"), "expired");
    assert_eq!(ui.get(app.url("/people")).send().await.expect("list").status(), 200, "still signed in");

    // Filters alone name no one: they go to the list's address as they are.
    let r = search(&app, &ui, &[("q", " "), ("sex", "F")]).await;
    assert_eq!(r.status(), 303);
    assert!(r.headers()["location"].to_str().expect("location").starts_with("/people?sex=F"));
}

/// The statuses offered (none: no status select at all).
fn statuses(page: &str) -> Vec<&'static str> {
    if !page.contains("id=\"status\"") {
        return Vec::new();
    }
    ["in_care", "left_care", "family_support"]
        .into_iter()
        .filter(|s| page.contains(&format!("value=\"{s}\"")))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_status_filter_offers_only_what_exists_at_the_readers_locations() {
    let app = spawn_app().await;
    let director = ui_client(&app, "director.kita").await;
    assert_eq!(statuses(&app.html(&director, "/people").await), Vec::<&str>::new(), "no village, no support yet");
    kitas_day(&app).await;
    assert_eq!(statuses(&app.html(&director, "/people").await), ["in_care", "left_care", "family_support"]);
    let relief = ui_client(&app, "relief.mopti").await;
    let page = app.html(&relief, "/people").await;
    assert!(!page.contains("id=\"status\""), "the relief office is offered no status to choose");
    let nurse = ui_client(&app, "nurse.kita").await;
    assert_eq!(statuses(&app.html(&nurse, "/people").await), ["in_care", "left_care"], "support is protection data");
    let socoura = ui_client(&app, "social.socoura").await;
    assert_eq!(statuses(&app.html(&socoura, "/people").await), Vec::<&str>::new(), "nothing at Socoura");
}
