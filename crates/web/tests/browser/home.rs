//! A village director signs in and lands on the village at a glance, a
//! severely wasted child first; Back after a search returns to the
//! results without the browser asking to resubmit a form.

use crate::driver::Browser;
use crate::helpers::spawn_app;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn a_director_lands_on_the_village_and_back_returns_to_a_search() {
    let app = spawn_app().await;
    let kita = app.sites["KIT"].clone();
    let (director, nurse) = (app.token("director.kita").await, app.token("nurse.kita").await);
    let house = json!({"location_id": kita, "name": "Maison Baobab", "capacity": 8});
    let r = app.send(reqwest::Method::POST, &director, "/api/v1/houses", &house).await;
    assert_eq!(r.status(), 201);
    let born = time::OffsetDateTime::now_utc().date() - time::Duration::days(548);
    let child = json!({"given_name": "Kadidia", "family_name": "Coulibaly", "sex": "F", "birth_date": born.to_string(), "location_id": kita});
    let v: Value =
        app.send(reqwest::Method::POST, &director, "/api/v1/people", &child).await.json().await.expect("json");
    let id = v["id"].as_str().expect("id");
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let wasted =
        json!({"date": today, "weight_kg": 7.0, "length_height_cm": 78.0, "measured": "lying", "muac_mm": 108});
    let path = format!("/api/v1/people/{id}/measurements");
    assert_eq!(app.send(reqwest::Method::POST, &nurse, &path, &wasted).await.status(), 201);

    let b = Browser::start().await;
    b.sign_in(&app.base, "director.kita").await;
    let page = b.wait_for("Maison Baobab").await;
    assert!(b.url().await.ends_with('/'), "the director starts at home");
    assert!(page.contains("Kadidia Coulibaly") && page.contains("(MAS)"), "the SAM child is listed");
    assert!(page.contains(&format!("/locations/{kita}/village")), "the village is in the navigation");
    b.shot("home-director").await;
    b.set_width(360).await;
    b.shot("home-director-360").await;
    assert_eq!(b.overflow_px().await, 0, "the home page fits a phone");
    b.set_width(1280).await;

    // A search, a record, then Back: the results again, no resubmission.
    b.go(&format!("{}/people", app.base)).await;
    b.wait_for("Rechercher un nom").await;
    b.type_in("#q", "kadidia").await;
    b.click("form.search button").await;
    b.wait_for("1 personne.").await;
    let results = b.url().await;
    assert!(results.contains("/people/search/") && !results.to_lowercase().contains("kadidia"), "{results}");
    b.click("td a").await;
    b.wait_for("Identité").await;
    b.back().await;
    let page = b.wait_for("1 personne.").await;
    assert_eq!(b.url().await, results, "back to the results' address");
    assert!(page.contains("Coulibaly") && page.contains("1 personne."), "the results are there again");
    b.shot("search-back").await;
    b.quit().await;
}
