//! One way to write dates, numbers and codes (issue 12 item 9): the same
//! record read in French and in English, through the real server.

use crate::helpers::{TestApp, csrf_of, to_english, ui_client};
use reqwest::Method;
use serde_json::{Value, json};

/// A baby of four months at Kita, registered by Kita's director.
async fn baby(app: &TestApp) -> String {
    let token = app.token("director.kita").await;
    let born = time::OffsetDateTime::now_utc().date() - time::Duration::days(120);
    let body = json!({"given_name": "Bintou", "family_name": "Sidibé", "sex": "F", "birth_date": born.to_string(), "location_id": app.sites["KIT"]});
    let r = app.send(Method::POST, &token, "/api/v1/people", &body).await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string()
}

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_date_is_written_the_french_way_in_french_and_the_english_way_in_english_with_its_iso_date() {
    let app = crate::helpers::spawn_app().await;
    let ui = ui_client(&app, "director.kita").await;
    let record = format!("/people/{}", app.kita_child);
    let fr = app.html(&ui, &record).await;
    assert!(fr.contains(r#"<time datetime="2018-03-27">27/03/2018</time>"#), "French: day/month/year");
    let list = app.html(&ui, "/people").await;
    assert!(list.contains(r#"<time datetime="2018-03-27">27/03/2018</time>"#), "the list writes it the same way");
    to_english(&app, &ui).await;
    let en = app.html(&ui, &record).await;
    assert!(en.contains(r#"<time datetime="2018-03-27">27 Mar 2018</time>"#), "English: day, month's name, year");
    assert!(!en.contains("27/03/2018"));
}

#[tokio::test(flavor = "multi_thread")]
async fn decimals_take_each_languages_separator_in_text_and_in_inputs_and_both_are_read() {
    let app = crate::helpers::spawn_app().await;
    let child = baby(&app).await;
    let nurse = app.token("nurse.kita").await;
    let m = json!({"date": today(), "weight_kg": 5.5, "length_height_cm": 61.5, "measured": "lying", "oedema": false});
    let r = app.send(Method::POST, &nurse, &format!("/api/v1/people/{child}/measurements"), &m).await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string();
    let ui = ui_client(&app, "nurse.kita").await;
    let record = format!("/people/{child}");
    let amend = format!("/people/{child}/measurements/{id}");

    let page = app.html(&ui, &record).await;
    assert!(page.contains(">5,5</td>") && page.contains(">61,5</td>"), "French text: a decimal comma");
    assert!(page.contains("class=\"chart-legend\"") && page.contains(">−3</text>"), "charts name their curves");
    let form = app.html(&ui, &amend).await;
    assert!(form.contains(r#"value="5,5""#) && !form.contains(r#"value="5.5""#), "French input: a decimal comma");
    // A comma is read back as it is shown.
    let r = ui
        .post(app.url(&amend))
        .form(&[
            ("csrf", csrf_of(&form).as_str()),
            ("amend", "correct"),
            ("date", &today()),
            ("weight_kg", "5,7"),
            ("length_height_cm", "61,5"),
            ("measured", "lying"),
            ("amend_reason", "Balance mal tarée"),
        ])
        .send()
        .await
        .expect("correct");
    assert_eq!(r.status(), 303, "a French decimal comma is read");

    to_english(&app, &ui).await;
    let page = app.html(&ui, &record).await;
    assert!(page.contains(">5.7</td>") && page.contains(">61.5</td>"), "English text: a decimal point");
    let form = app.html(&ui, &amend).await;
    assert!(form.contains(r#"value="5.7""#), "English input: a decimal point");
    let r = ui
        .post(app.url(&amend))
        .form(&[
            ("csrf", csrf_of(&form).as_str()),
            ("amend", "correct"),
            ("date", &today()),
            ("weight_kg", "5.8"),
            ("length_height_cm", "61,5"),
            ("measured", "lying"),
            ("amend_reason", "Scale checked"),
        ])
        .send()
        .await
        .expect("correct");
    assert_eq!(r.status(), 303, "and so are a point and a comma in English");
    assert!(app.html(&ui, &record).await.contains(">5.8</td>"));
}

#[tokio::test(flavor = "multi_thread")]
async fn doses_are_named_not_coded_and_a_label_takes_french_spacing_only_in_french() {
    let app = crate::helpers::spawn_app().await;
    let child = baby(&app).await;
    let nurse = app.token("nurse.kita").await;
    let visit = json!({"visited_on": today(), "reason": "Fièvre", "diagnosis": "Paludisme simple", "treatment": "ACT"});
    let r = app.send(Method::POST, &nurse, &format!("/api/v1/people/{child}/medical-visits"), &visit).await;
    assert_eq!(r.status(), 201);
    let ui = ui_client(&app, "nurse.kita").await;
    let record = format!("/people/{child}");
    let overdue = format!("/locations/{}/vaccinations", app.sites["KIT"]);

    let list = app.html(&ui, &overdue).await;
    assert!(list.contains("Bintou Sidibé") && list.contains("Pentavalent 1"), "the overdue list names the doses");
    for code in ["penta1", "opv1", "pcv1", "rota1"] {
        assert!(!list.contains(&format!("{code},")) && !list.contains(&format!(" {code}<")), "no code {code}");
    }
    let fr = app.html(&ui, &record).await;
    assert!(fr.contains("Diagnostic\u{a0}: Paludisme simple"), "French: a no-break space before the colon");
    assert!(fr.contains("Polio (VPO 1)"));

    to_english(&app, &ui).await;
    let en = app.html(&ui, &record).await;
    assert!(en.contains("Diagnosis: Paludisme simple"), "English: no space before the colon");
    assert!(en.contains("Oral polio (OPV 1)") && !en.contains("Polio (VPO 1)"), "vaccine names in English");
    let list = app.html(&ui, &overdue).await;
    assert!(list.contains("Pneumococcal (PCV 1)"), "the list in English too");
}

/// The text of each cell of the audit table labelled `label`.
fn cells<'a>(page: &'a str, label: &str) -> Vec<&'a str> {
    let marker = format!("data-label=\"{label}\">");
    page.split(marker.as_str()).skip(1).filter_map(|c| c.split("</td>").next()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_log_names_roles_actions_and_records_and_shows_local_time_with_its_zone() {
    let app = crate::helpers::spawn_app().await;
    let director = ui_client(&app, "director.kita").await;
    app.html(&director, &format!("/people/{}", app.kita_child)).await;
    let ui = ui_client(&app, "auditor").await;
    let page = app.html(&ui, "/audit").await;
    let roles = cells(&page, "Rôle");
    assert!(roles.contains(&"Directeur de site"), "{roles:?}");
    for role in &roles {
        assert!(dugu_domain::Role::ALL.iter().all(|r| r.code() != *role), "a role code shown: {role}");
    }
    let actions = cells(&page, "Action");
    assert!(actions.contains(&"Consultation") && actions.contains(&"Connexion"), "{actions:?}");
    assert!(actions.iter().all(|a| !a.contains('_') && *a != "view" && *a != "login"), "{actions:?}");
    let records = cells(&page, "Dossier");
    assert!(records.iter().any(|r| r.starts_with("Personne ")), "{records:?}");
    assert!(records.iter().all(|r| !r.starts_with("person ")), "{records:?}");
    let times = cells(&page, "Date et heure");
    assert!(
        !times.is_empty() && times.iter().all(|t| t.starts_with("<time datetime=\"") && t.ends_with(" GMT</time>"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_record_number_hint_shows_the_readers_own_site() {
    let app = crate::helpers::spawn_app().await;
    let token = app.token("director.kita").await;
    let body = json!({"name": "Famille Sangaré", "location_id": app.sites["KIT"], "members": []});
    let household = app.create(&token, "/api/v1/households", &body).await;
    let ui = ui_client(&app, "director.kita").await;
    let page = app.html(&ui, &format!("/households/{household}")).await;
    assert!(page.contains("par exemple KIT-000042"), "a Kita reader is shown a Kita number");
    let member = &page[page.find("id=\"form-member\"").expect("the member form")..];
    let member = &member[..member.find("</form>").expect("its end")];
    assert_eq!(member.matches("class=\"hint\"").count(), 1, "one hint on the member field: {member}");
    assert!(member.contains("Un nom (par exemple Aminata Traoré) ou un numéro de dossier (par exemple KIT-000042)."));
    let body = json!({"name": "Famille Traoré", "location_id": app.sites["SOC"], "members": []});
    let socoura = app.create(&app.token("social.socoura").await, "/api/v1/households", &body).await;
    let ui = ui_client(&app, "social.socoura").await;
    let page = app.html(&ui, &format!("/households/{socoura}")).await;
    assert!(page.contains("par exemple SOC-000042"), "and a Socoura reader a Socoura one");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_one_year_old_is_one_year_old_not_one_years() {
    let app = crate::helpers::spawn_app().await;
    let token = app.token("director.kita").await;
    let born = time::OffsetDateTime::now_utc().date() - time::Duration::days(400);
    let body = json!({"given_name": "Awa", "family_name": "Keita", "sex": "F", "birth_date": born.to_string(), "location_id": app.sites["KIT"]});
    let r = app.send(Method::POST, &token, "/api/v1/people", &body).await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string();
    let ui = ui_client(&app, "director.kita").await;
    let fr = app.html(&ui, &format!("/people/{id}")).await;
    assert!(fr.contains("1 an") && !fr.contains("1 ans"), "French: 1 an");
    to_english(&app, &ui).await;
    let en = app.html(&ui, &format!("/people/{id}")).await;
    assert!(en.contains("1 year old") && !en.contains("1 years"), "English: 1 year old");
}
