//! Issue 12 (walk-through, F, G, K and the minor faults): what a refused
//! form keeps, where marking an action done brings the reader back, what
//! a location offers, and the smaller things a walk-through found.

use crate::helpers::{csrf_of, spawn_app, ui_client};
use dugu_storage::reads::Principals;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_member_form_keeps_the_person_chosen_among_the_matches() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let body = json!({"name": "Famille Konaré", "location_id": app.sites["KIT"], "members": [{"person_id": app.kita_child, "relationship": "head"}]});
    let h = app.create(&director, "/api/v1/households", &body).await;
    let body = json!({"given_name": "Mariam", "family_name": "Konaré", "sex": "F", "birth_date": "2012-06-01", "location_id": app.sites["KIT"]});
    let mariam = app.create(&director, "/api/v1/people", &body).await;
    let person: Value = app.get(&director, &format!("/api/v1/people/{mariam}")).await.json().await.expect("json");
    let number = person["record_number"].as_str().expect("a record number").to_string();

    let ui = ui_client(&app, "director.kita").await;
    let page = app.html(&ui, &format!("/households/{h}")).await;
    // Mariam ticked among the matches of her name, the relationship forgotten.
    let form = [
        ("csrf", csrf_of(&page)),
        ("record_number", "Mariam Konaré".to_string()),
        ("record_number_pick", mariam.clone()),
        ("relationship", String::new()),
        ("step", "record_number".to_string()),
    ];
    let r = ui.post(app.url(&format!("/households/{h}/members"))).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    let member = &html[html.find("id=\"form-member\"").expect("the member form")..];
    assert!(member.contains(" open>") || member.starts_with("id=\"form-member\" open"), "the form stays open");
    assert!(member.contains(&format!("value=\"{number}\"")), "the person chosen is kept: {member}");

    // Sent again with the relationship: added, without choosing again.
    let again = [("csrf", csrf_of(&html)), ("record_number", number.clone()), ("relationship", "child".to_string())];
    let r = ui.post(app.url(&format!("/households/{h}/members"))).form(&again).send().await.expect("post");
    assert_eq!(r.status(), 303);
}

#[tokio::test(flavor = "multi_thread")]
async fn marking_an_action_done_brings_the_reader_back_to_that_action() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let body = json!({"name": "Famille Dembélé", "location_id": app.sites["KIT"], "members": [{"person_id": app.kita_child, "relationship": "head"}]});
    let h = app.create(&director, "/api/v1/households", &body).await;
    let social = app.token("social.kita").await;
    let base = format!("/api/v1/households/{h}");
    let day = |n: i64| (time::OffsetDateTime::now_utc().date() - time::Duration::days(n)).to_string();
    let r = app.send(reqwest::Method::POST, &social, &format!("{base}/support"), &json!({"started_on": day(30)})).await;
    assert_eq!(r.status(), 201);
    let mut ids = Vec::new();
    for what in ["Inscrire les enfants", "Formation au maraîchage", "Ouvrir un compte d'épargne"] {
        let action = json!({"goal": "Autonomie", "action": what, "responsible": "Mme Diarra", "due_on": day(-5)});
        let v: Value = app
            .send(reqwest::Method::POST, &social, &format!("{base}/plan-actions"), &action)
            .await
            .json()
            .await
            .expect("json");
        let plan = v["support"]["plan"].as_array().expect("plan");
        let new = plan.iter().find(|a| a["action"] == what).expect("the action");
        ids.push(new["id"].as_str().expect("id").to_string());
    }
    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/households/{h}")).await;
    let last = &ids[2];
    let form = [("csrf", csrf_of(&page)), ("action_id", last.clone()), ("done_on", day(1))];
    let r =
        ui.post(app.url(&format!("/households/{h}/plan-actions/{last}/done"))).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().expect("location").to_string();
    assert_eq!(to, format!("/households/{h}#action-{last}"), "back to the action marked");
    let page = app.html(&ui, &to).await;
    let row = &page[page.find(&format!("<tr id=\"action-{last}\"")).expect("the anchor is the action's row")..];
    assert!(row[..row.find("</tr>").expect("row end")].contains("faite le"), "{row}");
}

#[tokio::test(flavor = "multi_thread")]
async fn family_strengthening_statuses_are_offered_only_where_it_runs() {
    let app = spawn_app().await;
    // The national director reads protection data everywhere; support at
    // Kita gives the data its statuses.
    let director = app.token("director.kita").await;
    let body = json!({"name": "Famille Sow", "location_id": app.sites["KIT"], "members": [{"person_id": app.kita_child, "relationship": "head"}]});
    let h = app.create(&director, "/api/v1/households", &body).await;
    let social = app.token("social.kita").await;
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let r = app
        .send(reqwest::Method::POST, &social, &format!("/api/v1/households/{h}/support"), &json!({"started_on": today}))
        .await;
    assert_eq!(r.status(), 201);
    let ui = ui_client(&app, "director.national").await;
    let (kita, mopti) = (&app.sites["KIT"], &app.sites["MOP"]);

    let at_kita = app.html(&ui, &format!("/households?location_id={kita}")).await;
    assert!(at_kita.contains("value=\"supported\""), "family strengthening runs at Kita");
    let at_mopti = app.html(&ui, &format!("/households?location_id={mopti}")).await;
    assert!(!at_mopti.contains("value=\"supported\""), "not at the Mopti relief office");

    let at_kita = app.html(&ui, &format!("/people?location_id={kita}")).await;
    assert!(at_kita.contains("value=\"family_support\""), "{at_kita}");
    let at_mopti = app.html(&ui, &format!("/people?location_id={mopti}")).await;
    assert!(!at_mopti.contains("value=\"family_support\""), "{at_mopti}");
    // Nothing chosen: whatever runs in the reader's scope.
    assert!(app.html(&ui, "/people").await.contains("value=\"family_support\""));
}

#[tokio::test(flavor = "multi_thread")]
async fn changing_a_filter_of_the_households_list_keeps_the_name_searched() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    for name in ["Famille Bagayoko", "Famille Cissé"] {
        let body = json!({"name": name, "location_id": app.sites["KIT"], "members": []});
        app.create(&director, "/api/v1/households", &body).await;
    }
    let ui = ui_client(&app, "director.kita").await;
    let list = app.html(&ui, "/households").await;
    let search = [("csrf", csrf_of(&list)), ("q", "Bagayoko".to_string())];
    let r = ui.post(app.url("/households/search")).form(&search).send().await.expect("search");
    assert_eq!(r.status(), 303);
    let found = app.html(&ui, r.headers()["location"].to_str().expect("location")).await;
    assert!(found.contains("Famille Bagayoko") && !found.contains("Famille Cissé"));
    // The filters' form carries the words: choosing a location keeps them.
    let filters = &found[found.find("class=\"filters\"").expect("the filters")..];
    let filters = &filters[..filters.find("</form>").expect("its end")];
    assert!(filters.contains("name=\"q\" value=\"Bagayoko\""), "{filters}");
    let changed = [("csrf", csrf_of(&found)), ("q", "Bagayoko".to_string()), ("location_id", app.sites["KIT"].clone())];
    let r = ui.post(app.url("/households/search")).form(&changed).send().await.expect("filter");
    let found = app.html(&ui, r.headers()["location"].to_str().expect("location")).await;
    assert!(found.contains("Famille Bagayoko") && !found.contains("Famille Cissé"), "still the name searched");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_administrator_is_not_offered_nor_allowed_to_change_their_own_role() {
    let app = spawn_app().await;
    let me = app.users["admin"].clone();
    let admin = ui_client(&app, "admin").await;
    let page = app.html(&admin, &format!("/admin/users/{me}")).await;
    assert!(!page.contains(&format!("action=\"/admin/users/{me}/role\"")), "no form to change one's own role");
    assert!(page.contains("Vous ne pouvez pas changer votre propre rôle"), "says why");
    // Still an administrator, but placed elsewhere: refused too, and said.
    let form =
        [("csrf", csrf_of(&page)), ("role", "administrator".to_string()), ("location_id", app.sites["KIT"].clone())];
    let r = admin.post(app.url(&format!("/admin/users/{me}/role"))).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 403);
    assert!(r.text().await.expect("html").contains("demandez-le à un autre administrateur"));
    let who = app.store.principal_of(&me).expect("principal").expect("an account that signs in");
    let r = app.store.write(move |tx| tx.change_role(&who, &me, dugu_domain::Role::Administrator, &[]));
    assert!(matches!(r, Err(dugu_storage::StoreError::Forbidden)), "the store refuses it: {r:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_school_year_says_its_format() {
    let app = spawn_app().await;
    let child = app.kita_child.clone();
    let social = ui_client(&app, "social.kita").await;
    let page = app.html(&social, &format!("/people/{child}")).await;
    let year = &page[page.find("for=\"school-year-year\"").expect("the school year's field")..];
    let year = &year[..year.find("</div>").expect("its end")];
    assert!(year.contains("« 2025-2026 »") && year.contains("aria-describedby=\"school-year-year-hint\""), "{year}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_campaign_dose_says_campaign_once() {
    let app = spawn_app().await;
    let child = app.kita_child.clone();

    let nurse = ui_client(&app, "nurse.kita").await;
    let card = format!("/people/{child}/vaccination-card");
    let today = time::OffsetDateTime::now_utc().date().to_string();
    for vaccine in ["Polio (campagne)", "Rougeole-rubéole"] {
        let html = app.html(&nurse, &card).await;
        let form = [
            ("csrf", csrf_of(&html)),
            ("action", "extra".to_string()),
            ("vaccine", vaccine.to_string()),
            ("given_on", today.clone()),
            ("context", "campaign".to_string()),
        ];
        assert_eq!(nurse.post(app.url(&card)).form(&form).send().await.expect("post").status(), 303);
    }
    let html = app.html(&nurse, &card).await;
    assert!(html.contains("Polio (campagne) ·") || html.contains("Polio (campagne)</li>"), "{html}");
    assert!(!html.contains("(campagne) (Campagne)"), "said once: {html}");
    assert!(html.contains("Rougeole-rubéole (Campagne)"), "said when the name does not: {html}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_saved_measurements_decimals_read_the_locales_way_in_its_history() {
    let app = spawn_app().await;
    let child = crate::growth::toddler(&app).await;
    let nurse = app.token("nurse.kita").await;
    let m = json!({"date": crate::growth::today(), "weight_kg": 9.5, "length_height_cm": 80.5, "measured": "lying", "oedema": false, "muac_mm": 135.5, "head_cm": 46.5});
    let r = app.send(reqwest::Method::POST, &nurse, &format!("/api/v1/people/{child}/measurements"), &m).await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string();
    let page = format!("/people/{child}/measurements/{id}");
    let ui = ui_client(&app, "nurse.kita").await;
    let html = app.html(&ui, &page).await;
    let history = &html[html.find("id=\"history\"").expect("a history")..];
    for (fr, en) in [("9,5", "9.5"), ("80,5", "80.5"), ("135,5", "135.5"), ("46,5", "46.5")] {
        assert!(history.contains(fr) && !history.contains(en), "{fr}: {history}");
    }
    let growth = app.html(&ui, &format!("/people/{child}")).await;
    // The growth table (the charts' coordinates are not read).
    let growth = &growth[growth.find("id=\"growth\"").expect("the growth section")..];
    let table = &growth[growth.find("<tbody>").expect("its table")..];
    let table = &table[..table.find("</tbody>").expect("its end")];
    assert!(table.contains(">9,5<") && !table.contains("9.5"), "{table}");
}
