//! Issue 12 items 3 and 4: a value the WHO flags as implausible is saved
//! only once confirmed (page and API); records of every kind corrected or
//! struck out with a reason; what a vaccination card can say.

use crate::growth::{today, toddler, wasted};
use crate::helpers::{client, csrf_of, spawn_app, strike_out, ui_client};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
async fn an_implausible_weight_is_saved_only_once_confirmed_on_the_page_and_in_the_api() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let nurse = ui_client(&app, "nurse.kita").await;
    let page = app.html(&nurse, &format!("/people/{child}")).await;
    let csrf = csrf_of(&page);
    let form = |confirm: bool| {
        let mut f = vec![
            ("csrf", csrf.clone()),
            ("date", today()),
            ("weight_kg", "95".to_string()),
            ("length_height_cm", "78".to_string()),
            ("measured", "lying".to_string()),
        ];
        if confirm {
            f.push(("confirm_implausible", "1".to_string()));
        }
        f
    };
    let before = app.count("SELECT COUNT(*) FROM measurements");
    let r =
        nurse.post(app.url(&format!("/people/{child}/measurements"))).form(&form(false)).send().await.expect("post");
    assert_eq!(r.status(), 422, "not saved: asked");
    let html = r.text().await.expect("html");
    assert!(html.contains("Poids très improbable pour l&#39;âge : vérifiez"), "the field and the reason: {html}");
    assert!(html.contains("href=\"#weight_kg\"") && html.contains("value=\"95\"") && html.contains("value=\"78\""));
    assert!(html.contains("name=\"confirm_implausible\""), "a box to confirm");
    assert_eq!(app.count("SELECT COUNT(*) FROM measurements"), before, "nothing saved");

    // Confirmed: saved as typed.
    let r = nurse.post(app.url(&format!("/people/{child}/measurements"))).form(&form(true)).send().await.expect("post");
    assert_eq!(r.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM measurements"), before + 1);

    // A plausible weight is saved at once, as before.
    let mut fine = form(false);
    fine[2].1 = "9,5".into();
    let r = nurse.post(app.url(&format!("/people/{child}/measurements"))).form(&fine).send().await.expect("post");
    assert_eq!(r.status(), 303);

    // The API: 422 naming the field, then 201 with `confirm_implausible`.
    let token = app.token("nurse.kita").await;
    let mut body = wasted();
    body["weight_kg"] = json!(95.0);
    let path = format!("/api/v1/people/{child}/measurements");
    let r = app.send(Method::POST, &token, &path, &body).await;
    assert_eq!(r.status(), 422);
    let err: Value = r.json().await.expect("json");
    assert!(err.to_string().contains("implausible") && err.to_string().contains("weight_kg"), "{err}");
    body["confirm_implausible"] = json!(true);
    let r = app.send(Method::POST, &token, &path, &body).await;
    assert_eq!(r.status(), 201);
    let saved: Value = r.json().await.expect("json");
    assert_eq!(saved["measure_again"], true, "{saved}");
    assert_eq!(app.count("SELECT COUNT(*) FROM measurements"), before + 3);

    // The API document says so.
    let doc: Value =
        client().get(app.url("/api/v1/openapi.json")).send().await.expect("doc").json().await.expect("json");
    let schema = &doc["components"]["schemas"]["MeasurementWrite"]["properties"]["confirm_implausible"];
    assert!(schema["description"].as_str().is_some_and(|d| d.contains("implausible")), "{schema}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_correction_to_an_implausible_value_asks_too() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let token = app.token("nurse.kita").await;
    let id = app.create(&token, &format!("/api/v1/people/{child}/measurements"), &wasted()).await;
    let nurse = ui_client(&app, "nurse.kita").await;
    let amend = format!("/people/{child}/measurements/{id}");
    let html = app.html(&nurse, &amend).await;
    let mut form = vec![
        ("csrf", csrf_of(&html)),
        ("amend", "correct".to_string()),
        ("date", today()),
        ("weight_kg", "70".to_string()),
        ("length_height_cm", "78".to_string()),
        ("measured", "lying".to_string()),
        ("amend_reason", "Balance".to_string()),
    ];
    let r = nurse.post(app.url(&amend)).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("html");
    assert!(body.contains("name=\"confirm_implausible\"") && body.contains("value=\"70\""), "{body}");
    form.push(("confirm_implausible", "1".to_string()));
    let r = nurse.post(app.url(&amend)).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 303);
}

/// The id after `prefix` in a page (a record's link).
fn linked_id(html: &str, prefix: &str) -> String {
    let at = html.find(prefix).unwrap_or_else(|| panic!("no link {prefix} in {html}")) + prefix.len();
    html[at..].chars().take_while(|c| c.is_ascii_hexdigit() || *c == '-').collect()
}

/// A four-month-old at Kita with a visit and three doses, by the nurse.
async fn baby(app: &crate::helpers::TestApp) -> String {
    let today = time::OffsetDateTime::now_utc().date();
    let director = app.token("director.kita").await;
    let born = (today - time::Duration::days(120)).to_string();
    let body = json!({"given_name": "Bintou", "family_name": "Sidibé", "sex": "F", "birth_date": born, "location_id": app.sites["KIT"]});
    let baby = app.create(&director, "/api/v1/people", &body).await;
    let nurse = app.token("nurse.kita").await;
    let visit = json!({"visited_on": today.to_string(), "reason": "Fièvre", "diagnosis": "Paludisme simple"});
    app.create(&nurse, &format!("/api/v1/people/{baby}/medical-visits"), &visit).await;
    for dose in ["bcg", "opv0", "penta1"] {
        let body = json!({"dose": dose, "given_on": born});
        let r = app.send(Method::POST, &nurse, &format!("/api/v1/people/{baby}/vaccinations"), &body).await;
        assert_eq!(r.status(), 201, "{dose}");
    }
    baby
}

async fn overdue_of(app: &crate::helpers::TestApp, token: &str, person: &str) -> Vec<String> {
    let list: Value = app
        .get(token, &format!("/api/v1/locations/{}/vaccinations/overdue", app.sites["KIT"]))
        .await
        .json()
        .await
        .expect("json");
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["person_id"] == person)
        .map(|i| serde_json::from_value(i["overdue"].clone()).expect("codes"))
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_medical_visit_and_a_dose_are_corrected_or_struck_out_by_the_nurse_only() {
    let app = spawn_app().await;
    let child = baby(&app).await;
    let nurse = ui_client(&app, "nurse.kita").await;
    let page = app.html(&nurse, &format!("/people/{child}")).await;
    let visit =
        format!("/people/{child}/medical-visits/{}", linked_id(&page, &format!("/people/{child}/medical-visits/")));
    let dose = format!("/people/{child}/vaccinations/{}", linked_id(&page, &format!("/people/{child}/vaccinations/")));

    // A visit's reason corrected: the history keeps both, audited.
    let html = app.html(&nurse, &visit).await;
    assert!(html.contains("Fièvre") && html.contains("Historique"), "{html}");
    let csrf = csrf_of(&html);
    let correct = |reason: &str, why: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("amend", "correct".into()),
            ("visited_on", today()),
            ("reason", reason.into()),
            ("diagnosis", "Paludisme simple".into()),
            ("amend_reason", why.into()),
        ]
    };
    let before = app.count("SELECT COUNT(*) FROM ops");
    let r = nurse.post(app.url(&visit)).form(&correct("Toux", "")).send().await.expect("post");
    assert_eq!(r.status(), 422, "a reason is needed");
    assert!(r.text().await.expect("html").contains("value=\"Toux\""), "what was typed is kept");
    assert_eq!(app.count("SELECT COUNT(*) FROM ops"), before, "nothing written");
    let r = nurse.post(app.url(&visit)).form(&correct("Toux", "Mauvais dossier ouvert")).send().await.expect("post");
    assert_eq!(r.status(), 303);
    let html = app.html(&nurse, &visit).await;
    assert!(html.contains("Toux") && html.contains("Fièvre") && html.contains("Mauvais dossier ouvert"), "both kept");
    assert!(app.count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'medical_visit' AND action = 'update'") >= 1);
    let r = nurse.post(app.url(&visit)).form(&correct("Toux", "Encore")).send().await.expect("post");
    assert_eq!(r.status(), 422, "nothing changed");

    // Neither the social worker (no medical data) nor another site sees it.
    for who in ["social.kita", "social.socoura", "relief.mopti", "director.national"] {
        let other = ui_client(&app, who).await;
        let status = other.get(app.url(&visit)).send().await.expect("get").status();
        let expected = if who == "director.national" { 200 } else { 404 };
        assert_eq!(status, expected, "{who}");
    }
    // The national director reads, but may not write: refused.
    let national = ui_client(&app, "director.national").await;
    let seen = app.html(&national, &visit).await;
    assert!(!seen.contains("Barrer cet enregistrement"), "no forms for a reader");
    let r = strike_out(&app, &national, &visit, "Non").await;
    assert_eq!(r.status(), 403);

    // A dose struck out: no longer given, overdue again on the card and the list.
    let token = app.token("nurse.kita").await;
    assert!(!overdue_of(&app, &token, &child).await.contains(&"penta1".to_string()));
    let r = strike_out(&app, &nurse, &dose, "Autre enfant").await;
    assert_eq!(r.status(), 303);
    let card: Value =
        app.get(&token, &format!("/api/v1/people/{child}/vaccinations")).await.json().await.expect("json");
    assert_eq!(card["items"][0]["given_on"], Value::Null, "{card}");
    assert!(overdue_of(&app, &token, &child).await.contains(&"bcg".to_string()), "struck out: not given");
    let html = app.html(&nurse, &dose).await;
    assert!(html.contains("Autre enfant") && !html.contains("name=\"amend\""), "history, no forms any more");
    assert!(app.count("SELECT COUNT(*) FROM vaccinations WHERE struck_out IS NOT NULL") == 1, "kept, struck out");

    // A visit of one child is not another child's page.
    let wrong = visit.replace(&child, app.kita_child.as_str());
    assert_eq!(nurse.get(app.url(&wrong)).send().await.expect("get").status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_home_visit_and_an_assessment_are_corrected_or_struck_out_by_the_social_worker() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let body = json!({"name": "Famille Sangaré", "location_id": app.sites["KIT"], "members": [{"person_id": app.kita_child, "relationship": "child"}]});
    let h = app.create(&director, "/api/v1/households", &body).await;
    let social = app.token("social.kita").await;
    let base = format!("/api/v1/households/{h}");
    let day = |n: i64| (time::OffsetDateTime::now_utc().date() - time::Duration::days(n)).to_string();
    let r = app.send(Method::POST, &social, &format!("{base}/support"), &json!({"started_on": day(30)})).await;
    assert_eq!(r.status(), 201);
    let scores = json!({"assessed_on": day(20), "food": 3, "income": 3, "housing": 2, "health": 2, "education": 1, "child_care": 2, "protection": 1});
    assert_eq!(app.send(Method::POST, &social, &format!("{base}/assessments"), &scores).await.status(), 201);
    let visit = json!({"visited_on": day(3), "notes": "Jardin commencé."});
    assert_eq!(app.send(Method::POST, &social, &format!("{base}/visits"), &visit).await.status(), 201);

    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/households/{h}")).await;
    let assessment =
        format!("/households/{h}/assessments/{}", linked_id(&page, &format!("/households/{h}/assessments/")));
    let home = format!("/households/{h}/home-visits/{}", linked_id(&page, &format!("/households/{h}/home-visits/")));

    // A score typed wrong is corrected; out of range is refused by name.
    let html = app.html(&ui, &assessment).await;
    let mut form = vec![
        ("csrf", csrf_of(&html)),
        ("amend", "correct".to_string()),
        ("assessed_on", day(20)),
        ("food", "9".to_string()),
        ("amend_reason", "Faute de frappe".to_string()),
    ];
    let r = ui.post(app.url(&assessment)).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains("href=\"#food\""));
    form[3].1 = "1".into();
    assert_eq!(ui.post(app.url(&assessment)).form(&form).send().await.expect("post").status(), 303);
    let v: Value = app.get(&social, &format!("{base}/support")).await.json().await.expect("json");
    assert_eq!(v["support"]["assessments"][0]["scores"][0], json!(["food", 1]), "{v}");

    // The home visit struck out: no longer listed; the nurse has no page.
    assert_eq!(strike_out(&app, &ui, &home, "Doublon").await.status(), 303);
    let v: Value = app.get(&social, &format!("{base}/support")).await.json().await.expect("json");
    assert_eq!(v["support"]["visits"].as_array().map(Vec::len), Some(0), "{v}");
    let nurse = ui_client(&app, "nurse.kita").await;
    assert_eq!(nurse.get(app.url(&home)).send().await.expect("get").status(), 404);
    assert!(app.count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'home_visit' AND action = 'update'") >= 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_card_says_undated_unknown_and_extra_doses_and_the_overdue_count_follows() {
    let app = spawn_app().await;
    let child = baby(&app).await;
    let token = app.token("nurse.kita").await;
    let nurse = ui_client(&app, "nurse.kita").await;
    let card = format!("/people/{child}/vaccination-card");
    let html = app.html(&nurse, &card).await;
    assert!(html.contains("doses en retard"), "{html}");
    let csrf = csrf_of(&html);
    let overdue = overdue_of(&app, &token, &child).await;
    assert!(overdue.contains(&"opv1".to_string()) && overdue.contains(&"pcv1".to_string()), "{overdue:?}");

    // Given per the card, date unknown: no longer overdue, shown as such.
    let send = |fields: Vec<(&'static str, String)>| {
        let mut f = vec![("csrf", csrf.clone())];
        f.extend(fields);
        nurse.post(app.url(&card)).form(&f).send()
    };
    let r = send(vec![("action", "undated".into()), ("dose", "opv1".into()), ("undated", "card".into())]).await;
    let r = r.expect("post");
    assert_eq!(r.status(), 303);
    let back = r.headers()["location"].to_str().expect("location").to_string();
    assert_eq!(back, format!("{card}#card"), "back to the card, saying so");
    assert!(!overdue_of(&app, &token, &child).await.contains(&"opv1".to_string()));
    let shown = app.html(&nurse, &back).await;
    assert!(shown.contains("faite (carnet, date inconnue)"));
    assert!(shown.contains("role=\"status\"><p>Dose sans date enregistrée.</p>"), "the save is confirmed");
    // The due date's cell (named for a phone) holds the day as a <time>.
    let due = shown.split("<td data-label=\"Échéance\">").nth(1).unwrap_or_default();
    assert!(due.starts_with("<time datetime=\""), "due dates written the reader's way: {shown}");

    // Unknown: no alert (the rule of the card and the list), said so.
    let r = send(vec![("action", "undated".into()), ("dose", "pcv1".into()), ("undated", "unknown".into())]).await;
    assert_eq!(r.expect("post").status(), 303);
    let overdue = overdue_of(&app, &token, &child).await;
    assert!(!overdue.contains(&"pcv1".to_string()) && overdue.contains(&"rota1".to_string()), "{overdue:?}");

    // A choice left empty is named, nothing saved.
    let before = app.count("SELECT COUNT(*) FROM ops");
    let r = send(vec![("action", "undated".into()), ("dose", "rota1".into())]).await.expect("post");
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains("href=\"#undated\""));
    assert_eq!(app.count("SELECT COUNT(*) FROM ops"), before);

    // History unknown before today: nothing due before it is overdue.
    let r = send(vec![("action", "history".into()), ("history", "unknown".into()), ("as_of", today())]).await;
    assert_eq!(r.expect("post").status(), 303);
    assert!(overdue_of(&app, &token, &child).await.is_empty(), "the card and the list agree");
    assert!(app.html(&nurse, &card).await.contains("Aucune dose en retard"));

    // A campaign dose, with its day and vaccine; struck out from its page.
    let extra = vec![
        ("action", "extra".into()),
        ("vaccine", "Polio (campagne)".into()),
        ("given_on", today()),
        ("context", "campaign".into()),
    ];
    assert_eq!(send(extra).await.expect("post").status(), 303);
    let html = app.html(&nurse, &card).await;
    assert!(html.contains("Polio (campagne)") && html.contains("Campagne"), "{html}");
    let page = format!("/people/{child}/extra-doses/{}", linked_id(&html, &format!("/people/{child}/extra-doses/")));
    assert_eq!(strike_out(&app, &nurse, &page, "Erreur").await.status(), 303);
    assert!(!app.html(&nurse, &card).await.contains("Polio (campagne)"));

    // The social worker has no card page.
    let social = ui_client(&app, "social.kita").await;
    assert_eq!(social.get(app.url(&card)).send().await.expect("get").status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_struck_out_measurement_is_not_counted_in_prevalence_nor_on_the_nutrition_list() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let nurse = app.token("nurse.kita").await;
    let path = format!("/api/v1/people/{child}/measurements");
    let earlier = (time::OffsetDateTime::now_utc().date() - time::Duration::days(30)).to_string();
    let fine = json!({"date": earlier, "weight_kg": 10.0, "length_height_cm": 77.0, "measured": "lying"});
    app.create(&nurse, &path, &fine).await;
    let wrong = app.create(&nurse, &path, &wasted()).await;
    let kit = &app.sites["KIT"];
    let wasting = |v: &Value| {
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|f| {
                f["indicator"] == "zwfl"
                    && f["age_group"] == "all"
                    && f["sex"] == "both"
                    && f["threshold"] == "below_-3"
            })
            .map(|f| (f["count"].as_u64(), f["n"].as_u64()))
            .expect("figure")
    };
    let prevalence = format!("/api/v1/locations/{kit}/prevalence");
    let v: Value = app.get(&nurse, &prevalence).await.json().await.expect("json");
    assert_eq!(wasting(&v), (Some(1), Some(1)));
    let nutrition = format!("/api/v1/locations/{kit}/nutrition");
    let list: Value = app.get(&nurse, &nutrition).await.json().await.expect("json");
    assert!(list.to_string().contains(&child), "SAM: listed");

    let ui = ui_client(&app, "nurse.kita").await;
    let amend = format!("/people/{child}/measurements/{wrong}");
    assert_eq!(strike_out(&app, &ui, &amend, "Autre enfant").await.status(), 303);
    let v: Value = app.get(&nurse, &prevalence).await.json().await.expect("json");
    assert_eq!(wasting(&v), (Some(0), Some(1)), "the earlier measurement counts again, the struck one not");
    let list: Value = app.get(&nurse, &nutrition).await.json().await.expect("json");
    assert!(!list.to_string().contains(&child), "no longer listed");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admission_is_corrected_only_by_who_handles_care() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let body = json!({"location_id": app.sites["KIT"], "name": "Maison Baobab", "capacity": 8});
    let house = app.create(&director, "/api/v1/houses", &body).await;
    let body = json!({"given_name": "Awa", "family_name": "Konaté", "sex": "F", "birth_date": "2016-04-05", "location_id": app.sites["KIT"]});
    let child = app.create(&director, "/api/v1/people", &body).await;
    let social = app.token("social.kita").await;
    let admit = json!({"admitted_on": today(), "reason": "orphaned_aids", "referred_by": "Service social de Kita", "house_id": house});
    let r = app.send(Method::POST, &social, &format!("/api/v1/people/{child}/admission"), &admit).await;
    assert_eq!(r.status(), 201);

    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/people/{child}")).await;
    let amend = format!("/people/{child}/admissions/{}", linked_id(&page, &format!("/people/{child}/admissions/")));
    let html = app.html(&ui, &amend).await;
    assert!(html.contains("Service social de Kita"), "{html}");
    let form = [
        ("csrf", csrf_of(&html)),
        ("amend", "correct".to_string()),
        ("admitted_on", today()),
        ("reason", "abandoned".to_string()),
        ("referred_by", "Service social de Kita".to_string()),
        ("amend_reason", "Motif mal choisi".to_string()),
    ];
    assert_eq!(ui.post(app.url(&amend)).form(&form).send().await.expect("post").status(), 303);
    let care: Value = app.get(&social, &format!("/api/v1/people/{child}/care")).await.json().await.expect("json");
    assert_eq!(care["care"]["reason"], "abandoned", "{care}");
    let html = app.html(&ui, &amend).await;
    assert!(html.contains("orphaned_aids") && html.contains("Motif mal choisi"), "the history keeps both");

    // The nurse reads where the child lives, not why: no page.
    let nurse = ui_client(&app, "nurse.kita").await;
    assert_eq!(nurse.get(app.url(&amend)).send().await.expect("get").status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_struck_out_measurement_keeps_a_read_only_page_linked_from_the_growth_section() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let nurse = app.token("nurse.kita").await;
    let wrong = app.create(&nurse, &format!("/api/v1/people/{child}/measurements"), &wasted()).await;
    let ui = ui_client(&app, "nurse.kita").await;
    let amend = format!("/people/{child}/measurements/{wrong}");
    assert_eq!(strike_out(&app, &ui, &amend, "Autre enfant").await.status(), 303);

    let r = ui.get(app.url(&amend)).send().await.expect("page");
    assert_eq!(r.status(), 200, "its page stays reachable");
    let html = r.text().await.expect("html");
    assert!(html.contains("Barré") && html.contains("Autre enfant"), "says it is struck out, and why: {html}");
    assert!(html.contains("<dt>Poids"), "its values");
    assert!(!html.contains("name=\"amend\""), "no correction nor strike-out form");
    assert!(html.contains("id=\"history\""), "its history");

    let page = app.html(&ui, &format!("/people/{child}")).await;
    assert!(page.contains("Mesures barrées (1)"), "counted apart in the growth section");
    assert!(page.contains(&format!("href=\"{amend}\"")), "and linked");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_history_reads_as_words_not_codes() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let token = app.token("nurse.kita").await;
    let id = app.create(&token, &format!("/api/v1/people/{child}/measurements"), &wasted()).await;
    let nurse = ui_client(&app, "nurse.kita").await;
    let html = app.html(&nurse, &format!("/people/{child}/measurements/{id}")).await;
    assert!(html.contains("<button type=\"submit\" class=\"danger\">Barrer"), "striking out looks destructive");
    assert!(!html.contains("<button type=\"submit\" class=\"warning\""), "no red text on a green button");
    let history = &html[html.rfind("<table").expect("the history")..];
    for seen in [
        "Mesurée\u{a0}: couché",
        "Date de la mesure\u{a0}:",
        "Œdèmes bilatéraux prenant le godet\u{a0}: Non",
        "Poids (kg)\u{a0}: 7<",
        "Taille (cm)\u{a0}: 78 ",
        "45,5",
    ] {
        assert!(history.contains(seen), "{seen} in {history}");
    }
    for code in ["lying", "field-", "false", "7,0"] {
        assert!(!history.contains(code), "no {code} in {history}");
    }
}

/// The walk-through: after a strike-out the row left its page with no way
/// back to it. Each section ends with its struck-out records ("1
/// enregistrement barré"), each linking its own page, where the reason
/// and history are — for those who may read them only.
#[tokio::test(flavor = "multi_thread")]
async fn a_struck_out_record_is_found_again_at_the_end_of_its_section() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let body = json!({"name": "Famille Sangaré", "location_id": app.sites["KIT"], "members": [{"person_id": app.kita_child, "relationship": "child"}]});
    let h = app.create(&director, "/api/v1/households", &body).await;
    let social = app.token("social.kita").await;
    let base = format!("/api/v1/households/{h}");
    let day = |n: i64| (time::OffsetDateTime::now_utc().date() - time::Duration::days(n)).to_string();
    let r = app.send(Method::POST, &social, &format!("{base}/support"), &json!({"started_on": day(30)})).await;
    assert_eq!(r.status(), 201);
    let visit = json!({"visited_on": day(3), "notes": "Jardin commencé."});
    assert_eq!(app.send(Method::POST, &social, &format!("{base}/visits"), &visit).await.status(), 201);
    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/households/{h}")).await;
    assert!(!page.contains("enregistrement barré"), "nothing struck yet");
    let home = format!("/households/{h}/home-visits/{}", linked_id(&page, &format!("/households/{h}/home-visits/")));
    assert_eq!(strike_out(&app, &ui, &home, "Doublon").await.status(), 303);

    let page = app.html(&ui, &format!("/households/{h}")).await;
    let support = page.split("id=\"support\"").nth(1).unwrap_or_default();
    assert!(support.contains("1 enregistrement barré"), "{support}");
    assert!(support.contains(&format!("href=\"{home}\"")), "linked to its own page");
    assert!(app.html(&ui, &home).await.contains("Doublon"), "where the reason is");
    // A reader of no protection data sees no such list.
    let nurse = ui_client(&app, "nurse.kita").await;
    assert!(!app.html(&nurse, &format!("/households/{h}")).await.contains("barré"));
}

/// The section `id` of a page, up to its end.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<section id=\"{id}\">")).unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// Posts a record page's form; returns where it leads and the
/// confirmation's cookie.
async fn amend_at(
    ui: &reqwest::Client,
    app: &crate::helpers::TestApp,
    page: &str,
    form: &[(&str, String)],
) -> (String, String) {
    let r = ui.post(app.url(page)).form(form).send().await.expect("post");
    assert_eq!(r.status(), 303, "{page}");
    let header = |name: &str| r.headers()[name].to_str().expect("header").to_string();
    (header("location"), header("set-cookie"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_correction_or_a_strike_out_is_said_where_the_reader_lands_and_its_page_names_the_child() {
    let app = spawn_app().await;
    let child = baby(&app).await;
    let token = app.token("nurse.kita").await;
    let person: Value = app.get(&token, &format!("/api/v1/people/{child}")).await.json().await.expect("json");
    let about =
        format!("<p class=\"record-number\">Bintou Sidibé — {}</p>", person["record_number"].as_str().expect("number"));
    let measurement = app
        .create(
            &token,
            &format!("/api/v1/people/{child}/measurements"),
            &json!({"date": today(), "weight_kg": 6.1, "length_height_cm": 62.0, "measured": "lying"}),
        )
        .await;
    let nurse = ui_client(&app, "nurse.kita").await;
    let page = app.html(&nurse, &format!("/people/{child}")).await;
    let visit =
        format!("/people/{child}/medical-visits/{}", linked_id(&page, &format!("/people/{child}/medical-visits/")));
    let dose = format!("/people/{child}/vaccinations/{}", linked_id(&page, &format!("/people/{child}/vaccinations/")));
    let weight = format!("/people/{child}/measurements/{measurement}");

    // Each record's page names the child, as the record's own page does.
    for at in [&visit, &dose, &weight] {
        assert!(app.html(&nurse, at).await.contains(&about), "{at} names the child");
    }

    // A visit corrected: back at the medical section, which says so, once.
    let html = app.html(&nurse, &visit).await;
    let form = [
        ("csrf", csrf_of(&html)),
        ("amend", "correct".into()),
        ("visited_on", today()),
        ("reason", "Toux".into()),
        ("diagnosis", "Paludisme simple".into()),
        ("amend_reason", "Mauvais dossier ouvert".into()),
    ];
    let (to, cookie) = amend_at(&nurse, &app, &visit, &form).await;
    assert_eq!(to, format!("/people/{child}#medical"), "no code in the link");
    assert!(cookie.starts_with(&format!("dugu_saved=corrected-medical-visit; Path=/people/{child};")), "{cookie}");
    let html = app.html(&nurse, &to).await;
    assert!(
        section(&html, "medical").contains("<p class=\"flash\" role=\"status\">Consultation corrigée.</p>"),
        "{html}"
    );
    assert!(!app.html(&nurse, &to).await.contains("class=\"flash\""), "a reload does not say it again");

    // A dose struck out: said in the same section.
    let r = strike_out(&app, &nurse, &dose, "Autre enfant").await;
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().expect("location").to_string();
    let html = app.html(&nurse, &to).await;
    assert!(section(&html, "medical").contains("Vaccination barrée"), "{html}");

    // A measurement corrected, then struck out: said in the growth section.
    let html = app.html(&nurse, &weight).await;
    let form = [
        ("csrf", csrf_of(&html)),
        ("amend", "correct".into()),
        ("date", today()),
        ("weight_kg", "6,2".into()),
        ("length_height_cm", "62".into()),
        ("measured", "lying".into()),
        ("amend_reason", "Balance mal réglée".into()),
    ];
    let (to, _) = amend_at(&nurse, &app, &weight, &form).await;
    assert_eq!(to, format!("/people/{child}#growth"));
    assert!(section(&app.html(&nurse, &to).await, "growth").contains("Mesure corrigée."));
    let r = strike_out(&app, &nurse, &weight, "Autre enfant").await;
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().expect("location").to_string();
    assert!(section(&app.html(&nurse, &to).await, "growth").contains("Mesure barrée"));

    // In English too.
    let english = ui_client(&app, "nurse.kita").await;
    let html = app.html(&english, "/account").await;
    let r = english
        .post(app.url("/account/language"))
        .form(&[("csrf", csrf_of(&html).as_str()), ("language", "en")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303);
    let html = app.html(&english, &visit).await;
    let form = [
        ("csrf", csrf_of(&html)),
        ("amend", "correct".into()),
        ("visited_on", today()),
        ("reason", "Cough".into()),
        ("diagnosis", "Paludisme simple".into()),
        ("amend_reason", "Typo".into()),
    ];
    let (to, _) = amend_at(&english, &app, &visit, &form).await;
    assert!(section(&app.html(&english, &to).await, "medical").contains("Medical visit corrected."));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_follow_ups_page_is_only_under_its_own_childs_record() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let house = json!({"location_id": app.sites["KIT"], "name": "Maison Karité", "capacity": 8});
    let hid = app.create(&director, "/api/v1/houses", &house).await;
    let child = app.kita_child.clone();
    let admit = json!({"admitted_on": today(), "reason": "abandoned", "house_id": hid});
    let r = app.send(Method::POST, &director, &format!("/api/v1/people/{child}/admission"), &admit).await;
    assert_eq!(r.status(), 201);
    let leave = json!({"left_on": today(), "leaving_reason": "reintegration"});
    let r = app.send(Method::POST, &director, &format!("/api/v1/people/{child}/leaving"), &leave).await;
    assert_eq!(r.status(), 200);
    let social = app.token("social.kita").await;
    let visit = json!({"visited_on": today(), "notes": "La tante est présente."});
    let r = app.send(Method::POST, &social, &format!("/api/v1/people/{child}/follow-ups"), &visit).await;
    assert_eq!(r.status(), 201);
    let body = json!({"given_name": "Oumou", "family_name": "Diarra", "sex": "F", "birth_date": "2019-01-01", "location_id": app.sites["KIT"]});
    let other = app.create(&director, "/api/v1/people", &body).await;

    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/people/{child}")).await;
    let id = linked_id(&page, &format!("/people/{child}/follow-ups/"));
    let own = app.html(&ui, &format!("/people/{child}/follow-ups/{id}")).await;
    assert!(own.contains("La tante est présente.") && own.contains("Awa Sangaré — KIT-"), "names its child: {own}");
    let r = ui.get(app.url(&format!("/people/{other}/follow-ups/{id}"))).send().await.expect("get");
    assert_eq!(r.status(), 404, "never shown under another child's name");
}
