//! Children's Villages through the real server: houses, admissions with
//! siblings, moves, leaving care, the village at a glance — and who may do
//! and see what.

use crate::helpers::{TestApp, spawn_app, ui_client};
use reqwest::Method;
use serde_json::{Value, json};

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

async fn person(app: &TestApp, given: &str, birth: &str) -> String {
    let token = app.token("director.kita").await;
    let body = json!({"given_name": given, "family_name": "Konaté", "sex": "F", "birth_date": birth, "location_id": app.sites["KIT"]});
    let r = app.send(Method::POST, &token, "/api/v1/people", &body).await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string()
}

async fn house(app: &TestApp, name: &str, capacity: i64, parent: Option<&str>) -> String {
    let token = app.token("director.kita").await;
    let body = json!({"location_id": app.sites["KIT"], "name": name, "capacity": capacity, "sos_parent_id": parent});
    let r = app.send(Method::POST, &token, "/api/v1/houses", &body).await;
    assert_eq!(r.status(), 201, "house {name}");
    r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn siblings_are_admitted_placed_moved_and_discharged() {
    let app = spawn_app().await;
    let mother = person(&app, "Mariam", "1985-02-03").await;
    let baobab = house(&app, "Maison Baobab", 2, Some(&mother)).await;
    let karite = house(&app, "Maison Karité", 8, None).await;
    let awa = person(&app, "Awa", "2016-04-05").await;
    let oumou = person(&app, "Oumou", "2018-07-08").await;
    let social = app.token("social.kita").await;

    let admit = |child: &str, house: &str, sibling: Option<&str>| {
        (
            format!("/api/v1/people/{child}/admission"),
            json!({"admitted_on": today(), "reason": "orphaned_aids", "referred_by": "Service social de Kita", "house_id": house, "sibling_id": sibling}),
        )
    };
    let (path, body) = admit(&awa, &baobab, None);
    assert_eq!(app.send(Method::POST, &social, &path, &body).await.status(), 201);
    let (path, body) = admit(&oumou, &karite, Some(&awa));
    let r = app.send(Method::POST, &social, &path, &body).await;
    assert_eq!(r.status(), 201);
    let care: Value = r.json().await.expect("json");
    assert_eq!(care["care"]["siblings_split"], true, "sisters in two houses: warned {care}");
    assert_eq!(care["care"]["siblings"][0]["person_id"], awa.as_str());
    assert_eq!(care["care"]["reason"], "orphaned_aids");

    // The nurse sees where the child lives, not why she was admitted.
    let nurse = app.token("nurse.kita").await;
    let seen: Value = app.get(&nurse, &format!("/api/v1/people/{oumou}/care")).await.json().await.expect("json");
    assert!(seen["care"].get("reason").is_none() && seen["care"].get("referred_by").is_none(), "{seen}");
    assert_eq!(seen["care"]["placements"][0]["house_name"], "Maison Karité");

    // Together again.
    let r = app
        .send(
            Method::POST,
            &social,
            &format!("/api/v1/people/{oumou}/placements"),
            &json!({"house_id": baobab, "from_date": today()}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let care: Value = r.json().await.expect("json");
    assert_eq!(care["care"]["siblings_split"], false);
    assert_eq!(care["care"]["placements"].as_array().map(Vec::len), Some(2), "the history is kept");

    let director = app.token("director.kita").await;
    let v: Value = app
        .get(&director, &format!("/api/v1/locations/{}/village", app.sites["KIT"]))
        .await
        .json()
        .await
        .expect("json");
    let b =
        v["houses"].as_array().expect("houses").iter().find(|h| h["id"] == baobab.as_str()).cloned().expect("baobab");
    assert_eq!((b["occupancy"].as_i64(), b["capacity"].as_i64()), (Some(2), Some(2)));
    assert_eq!(b["sos_parent_name"], "Mariam Konaté");
    assert_eq!(v["admitted_this_year"], 2);
    assert_eq!(v["residents"].as_array().map(Vec::len), Some(2));

    // Awa goes home.
    let r = app
        .send(
            Method::POST,
            &social,
            &format!("/api/v1/people/{awa}/leaving"),
            &json!({"left_on": today(), "leaving_reason": "reintegration"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let care: Value = r.json().await.expect("json");
    assert_eq!(care["care"]["left_on"], today());
    assert!(care["care"]["placements"][0]["to_date"].is_string(), "her stay ended");
    let v: Value = app
        .get(&director, &format!("/api/v1/locations/{}/village", app.sites["KIT"]))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["left_this_year"], json!([["reintegration", 1]]));
    let v: Value =
        app.get(&nurse, &format!("/api/v1/locations/{}/village", app.sites["KIT"])).await.json().await.expect("json");
    assert_eq!(v["left_this_year"], json!([["left", 1]]), "the nurse sees a count, not how");
    // Followed up at home; the nurse sees the stay, not the follow-up notes.
    let r = app
        .send(
            Method::POST,
            &social,
            &format!("/api/v1/people/{awa}/follow-ups"),
            &json!({"visited_on": today(), "notes": "Awa va à l'école, la tante est présente."}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let care: Value = r.json().await.expect("json");
    assert_eq!(care["care"]["follow_ups"][0][1], "Awa va à l'école, la tante est présente.");
    let seen: Value = app.get(&nurse, &format!("/api/v1/people/{awa}/care")).await.json().await.expect("json");
    assert_eq!(seen["care"]["follow_ups"], json!([]), "protection data");
    let r = app
        .send(
            Method::POST,
            &social,
            &format!("/api/v1/people/{oumou}/follow-ups"),
            &json!({"visited_on": today(), "notes": "x"}),
        )
        .await;
    assert_eq!(r.status(), 422, "Oumou is still in care");
    // Leaving twice is refused.
    let r = app
        .send(
            Method::POST,
            &social,
            &format!("/api/v1/people/{awa}/leaving"),
            &json!({"left_on": today(), "leaving_reason": "adoption"}),
        )
        .await;
    assert_eq!(r.status(), 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn only_care_roles_admit_only_directors_build_houses_and_bad_input_changes_nothing() {
    let app = spawn_app().await;
    let baobab = house(&app, "Maison Baobab", 8, None).await;
    let child = person(&app, "Awa", "2016-04-05").await;
    let path = format!("/api/v1/people/{child}/admission");
    let good = json!({"admitted_on": today(), "reason": "abandoned", "house_id": baobab});
    let before = (app.count("SELECT COUNT(*) FROM admissions"), app.count("SELECT COUNT(*) FROM ops"));
    for (user, status) in [("nurse.kita", 403), ("relief.mopti", 404), ("social.socoura", 404), ("admin", 404)] {
        let token = app.token(user).await;
        assert_eq!(app.send(Method::POST, &token, &path, &good).await.status(), status, "{user} admits");
    }
    let social = app.token("social.kita").await;
    let house_body = json!({"location_id": app.sites["KIT"], "name": "Maison Néré", "capacity": 6});
    assert_eq!(
        app.send(Method::POST, &social, "/api/v1/houses", &house_body).await.status(),
        403,
        "social worker builds"
    );
    let director = app.token("director.kita").await;
    for (body, field) in [
        (json!({"location_id": app.sites["MOP"], "name": "Maison", "capacity": 6}), "location_id"),
        (json!({"location_id": app.sites["KIT"], "name": "Maison", "capacity": 0}), "capacity"),
        (json!({"location_id": app.sites["KIT"], "name": "Maison Baobab", "capacity": 6}), "name"),
        (json!({"location_id": app.sites["KIT"], "name": "", "capacity": 6}), "name"),
    ] {
        let r = app.send(Method::POST, &director, "/api/v1/houses", &body).await;
        assert_eq!(r.status(), 422, "{body}");
        assert!(r.text().await.expect("text").contains(field), "{field}");
    }
    for (body, field) in [
        (json!({"admitted_on": today(), "reason": "bored", "house_id": baobab}), "reason"),
        (json!({"admitted_on": "2099-01-01", "reason": "abandoned", "house_id": baobab}), "admitted_on"),
        (json!({"admitted_on": today(), "reason": "abandoned", "house_id": "elsewhere"}), "house_id"),
        (
            json!({"admitted_on": today(), "reason": "abandoned", "house_id": baobab, "sibling_id": app.mopti_child}),
            "sibling_id",
        ),
        (json!({"admitted_on": today(), "reason": "abandoned", "house_id": baobab, "colour": 1}), "colour"),
    ] {
        let r = app.send(Method::POST, &social, &path, &body).await;
        assert_eq!(r.status(), 422, "{body}");
        assert!(r.text().await.expect("text").contains(field), "{field}");
    }
    // Moving or discharging a child who is not in care.
    let r = app
        .send(
            Method::POST,
            &social,
            &format!("/api/v1/people/{child}/leaving"),
            &json!({"left_on": today(), "leaving_reason": "reintegration"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        (app.count("SELECT COUNT(*) FROM admissions"), app.count("SELECT COUNT(*) FROM ops")),
        before,
        "nothing written"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_village_page_and_the_childs_care_section() {
    let app = spawn_app().await;
    let baobab = house(&app, "Maison Baobab", 1, None).await;
    let child = person(&app, "Awa", "2016-04-05").await;
    let other = person(&app, "Fanta", "2017-04-05").await;
    let social = app.token("social.kita").await;
    for c in [&child, &other] {
        // The second goes over capacity, confirmed (see `a_full_house_…`).
        let body = json!({"admitted_on": today(), "reason": "orphaned_aids", "house_id": baobab, "confirm_over_capacity": true});
        assert_eq!(
            app.send(Method::POST, &social, &format!("/api/v1/people/{c}/admission"), &body).await.status(),
            201
        );
    }
    let director = ui_client(&app, "director.kita").await;
    let html = director
        .get(app.url(&format!("/locations/{}/village", app.sites["KIT"])))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Maison Baobab") && html.contains("2 / 1"), "occupancy");
    assert!(html.contains("au-delà de la capacité"), "over capacity is flagged");
    assert!(html.contains("Ajouter une maison familiale"), "the director may add a house");
    assert!(html.contains("<p>Aucun groupe pour l&#39;instant.</p>"), "an empty day-care section says so");
    let households = app.html(&director, "/households").await;
    assert!(households.contains(">Accompagné (renforcement familial)<"), "a household (ménage) is masculine");
    assert!(!households.contains("Accompagnée") && !households.contains("Sortie du programme"));

    let social_ui = ui_client(&app, "social.kita").await;
    let html =
        social_ui.get(app.url(&format!("/people/{child}"))).send().await.expect("page").text().await.expect("html");
    assert!(html.contains("Orphelin (sida)") && html.contains("Maison Baobab"), "the reason for the social worker");
    assert!(html.contains("Fin de prise en charge"), "she may record the leaving");
    let nurse_ui = ui_client(&app, "nurse.kita").await;
    let html =
        nurse_ui.get(app.url(&format!("/people/{child}"))).send().await.expect("page").text().await.expect("html");
    assert!(html.contains("Maison Baobab"), "the nurse knows where the child lives");
    assert!(!html.contains("sida") && !html.contains("Fin de prise en charge"), "not why, and no care forms");

    // Two transfers are "Transferts", not "Transfert 2".
    for c in [&child, &other] {
        let body = json!({"left_on": today(), "leaving_reason": "transfer"});
        assert_eq!(app.send(Method::POST, &social, &format!("/api/v1/people/{c}/leaving"), &body).await.status(), 200);
    }
    let html = app.html(&director, &format!("/locations/{}/village", app.sites["KIT"])).await;
    assert!(html.contains("<dt>Transferts</dt><dd>2</dd>"), "{html}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_house_takes_a_child_only_when_the_director_confirms() {
    let app = spawn_app().await;
    let tamarinier = house(&app, "Maison Tamarinier", 1, None).await;
    let nere = house(&app, "Maison Néré", 1, None).await;
    let [awa, fanta, sali] = [
        person(&app, "Awa", "2016-04-05").await,
        person(&app, "Fanta", "2017-04-05").await,
        person(&app, "Sali", "2015-04-05").await,
    ];
    let social = app.token("social.kita").await;
    let admit = |house: &str, confirm: Option<bool>| json!({"admitted_on": today(), "reason": "abandoned", "house_id": house, "confirm_over_capacity": confirm});
    let path = |c: &str| format!("/api/v1/people/{c}/admission");
    assert_eq!(app.send(Method::POST, &social, &path(&awa), &admit(&tamarinier, None)).await.status(), 201);
    assert_eq!(app.send(Method::POST, &social, &path(&sali), &admit(&nere, None)).await.status(), 201);

    // The API: refused on the house, naming why; accepted once confirmed.
    let r = app.send(Method::POST, &social, &path(&fanta), &admit(&tamarinier, Some(false))).await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.expect("json");
    assert!(body.to_string().contains("house_id") && body.to_string().contains("full"), "{body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM admissions"), 2, "nothing written");

    // The page: the error beside the house, with the box that confirms it.
    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/people/{fanta}")).await;
    let csrf = crate::helpers::csrf_of(&page);
    let form = [("csrf", csrf.as_str()), ("admitted_on", &today()), ("reason", "abandoned"), ("house_id", &tamarinier)];
    let r = ui.post(app.url(&format!("/people/{fanta}/admission"))).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("Cette maison est pleine"), "says why: {html}");
    assert!(html.contains("name=\"confirm_over_capacity\""), "offers to confirm");
    let mut confirmed = form.to_vec();
    confirmed.push(("confirm_over_capacity", "1"));
    let r = ui.post(app.url(&format!("/people/{fanta}/admission"))).form(&confirmed).send().await.expect("post");
    assert_eq!(r.status(), 303, "placed once confirmed");

    // A move into a full house: refused, then confirmed.
    let moving =
        |confirm: Option<bool>| json!({"house_id": tamarinier, "from_date": today(), "confirm_over_capacity": confirm});
    let to = format!("/api/v1/people/{sali}/placements");
    let r = app.send(Method::POST, &social, &to, &moving(None)).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("text").contains("full"));
    assert_eq!(app.send(Method::POST, &social, &to, &moving(Some(true))).await.status(), 201);
    let v: Value =
        app.get(&social, &format!("/api/v1/locations/{}/village", app.sites["KIT"])).await.json().await.expect("json");
    let t = v["houses"].as_array().expect("houses").iter().find(|h| h["id"] == tamarinier.as_str()).cloned();
    assert_eq!(t.map(|h| h["occupancy"].clone()), Some(json!(3)), "three children, knowingly");
}

/// The walk-through's "Maison Néré 02/12/2026 → 01/11/2026": a move dated
/// before the admission, or before the child came to its current house,
/// was accepted. It is refused naming the date field, and so is a leaving
/// that would end the current placement before it began.
#[tokio::test(flavor = "multi_thread")]
async fn a_move_or_leaving_before_the_admission_or_current_house_is_refused() {
    let app = spawn_app().await;
    let nere = house(&app, "Maison Néré", 8, None).await;
    let karite = house(&app, "Maison Karité", 8, None).await;
    let awa = person(&app, "Awa", "2016-04-05").await;
    let social = app.token("social.kita").await;
    let day = |n: i64| (time::OffsetDateTime::now_utc().date() - time::Duration::days(n)).to_string();
    let admission = json!({"admitted_on": day(30), "reason": "abandoned", "house_id": nere});
    assert_eq!(
        app.send(Method::POST, &social, &format!("/api/v1/people/{awa}/admission"), &admission).await.status(),
        201
    );
    let to = format!("/api/v1/people/{awa}/placements");
    let moving = |house: &str, from: String| json!({"house_id": house, "from_date": from});
    let refused = |body: String, field: &str| {
        assert!(body.contains(field) && body.contains("before_placement"), "{field}: {body}");
    };
    let r = app.send(Method::POST, &social, &to, &moving(&karite, day(40))).await;
    assert_eq!(r.status(), 422, "a move before the admission");
    refused(r.text().await.expect("text"), "from_date");
    assert_eq!(app.send(Method::POST, &social, &to, &moving(&karite, day(10))).await.status(), 201);
    let r = app.send(Method::POST, &social, &to, &moving(&nere, day(20))).await;
    assert_eq!(r.status(), 422, "a move before the child came to its current house");
    refused(r.text().await.expect("text"), "from_date");
    let leaving = json!({"left_on": day(15), "leaving_reason": "reintegration"});
    let r = app.send(Method::POST, &social, &format!("/api/v1/people/{awa}/leaving"), &leaving).await;
    assert_eq!(r.status(), 422, "a leaving before the current house");
    refused(r.text().await.expect("text"), "left_on");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM placements WHERE to_date IS NOT NULL AND to_date < from_date"),
        0,
        "no placement ends before it begins"
    );

    // The page says so beside the date.
    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/people/{awa}")).await;
    let csrf = crate::helpers::csrf_of(&page);
    let form = [("csrf", csrf.as_str()), ("house_id", nere.as_str()), ("from_date", &day(40))];
    let r = ui.post(app.url(&format!("/people/{awa}/placements"))).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(
        html.contains("Cette date précède l&#39;admission") || html.contains("Cette date précède l'admission"),
        "{html}"
    );
}

/// The walk-through: an admission with no reason, a full house and a
/// sibling not in care said only the sibling's problem. Every problem of
/// the form is said at once, each beside its field, and nothing is saved.
#[tokio::test(flavor = "multi_thread")]
async fn an_admission_says_every_problem_at_once() {
    let app = spawn_app().await;
    let full = house(&app, "Maison Tamarinier", 1, None).await;
    let [awa, fanta] = [person(&app, "Awa", "2016-04-05").await, person(&app, "Fanta", "2017-04-05").await];
    person(&app, "Sirantou", "2015-04-05").await;
    let social = app.token("social.kita").await;
    let body = json!({"admitted_on": today(), "reason": "abandoned", "house_id": full});
    assert_eq!(app.send(Method::POST, &social, &format!("/api/v1/people/{awa}/admission"), &body).await.status(), 201);

    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/people/{fanta}")).await;
    let csrf = crate::helpers::csrf_of(&page);
    let form = [
        ("csrf", csrf.as_str()),
        ("admitted_on", &today()),
        ("reason", ""),
        ("house_id", &full),
        ("sibling", "Sirantou Konaté"),
    ];
    let r = ui.post(app.url(&format!("/people/{fanta}/admission"))).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("Ce champ est obligatoire."), "no reason: {html}");
    assert!(html.contains("Cette maison est pleine"), "a full house");
    assert!(html.contains("pas encore pris en charge"), "a sibling not in care");
    assert_eq!(app.count("SELECT COUNT(*) FROM admissions"), 1, "nothing saved");
}

/// The walk-through: after leaving care and a re-admission, the care
/// section showed only the new admission; the first (date, reason) and how
/// it ended were gone from the page. Every stay is shown, latest first.
#[tokio::test(flavor = "multi_thread")]
async fn a_readmitted_child_keeps_every_earlier_stay_on_its_page() {
    let app = spawn_app().await;
    let nere = house(&app, "Maison Néré", 8, None).await;
    let karite = house(&app, "Maison Karité", 8, None).await;
    let awa = person(&app, "Awa", "2016-04-05").await;
    let social = app.token("social.kita").await;
    let day = |n: i64| (time::OffsetDateTime::now_utc().date() - time::Duration::days(n)).to_string();
    let admit = format!("/api/v1/people/{awa}/admission");
    let first = json!({"admitted_on": day(100), "reason": "abandoned", "house_id": nere});
    assert_eq!(app.send(Method::POST, &social, &admit, &first).await.status(), 201);
    let leaving = json!({"left_on": day(50), "leaving_reason": "reintegration"});
    assert_eq!(app.send(Method::POST, &social, &format!("/api/v1/people/{awa}/leaving"), &leaving).await.status(), 200);
    let again = json!({"admitted_on": day(10), "reason": "orphaned_aids", "house_id": karite});
    assert_eq!(app.send(Method::POST, &social, &admit, &again).await.status(), 201);

    let care: Value = app.get(&social, &format!("/api/v1/people/{awa}/care")).await.json().await.expect("json");
    let earlier = &care["care"]["earlier_stays"];
    assert_eq!(earlier[0]["admitted_on"], day(100).as_str(), "{care}");
    assert_eq!(earlier[0]["leaving_reason"], "reintegration");
    assert_eq!(earlier[0]["placements"][0]["house_name"], "Maison Néré");

    let ui = ui_client(&app, "social.kita").await;
    let html = app.html(&ui, &format!("/people/{awa}")).await;
    let section = html.split("id=\"care\"").nth(1).unwrap_or_default();
    assert!(section.contains("Séjours précédents"), "{section}");
    assert!(section.contains(&format!("datetime=\"{}\"", day(100))), "the first admission's day");
    assert!(section.contains("Abandonné") && section.contains("Réintégration familiale"), "why and how it ended");
    assert!(section.contains("Maison Néré"), "its house");
}
