//! Issue 12 (walk-through, B): leaving care and the end of a family's
//! support are corrected on their record's page like everything else (a
//! reason, the history keeping both values); an admission entered by
//! mistake is struck out and no longer counts.

use crate::helpers::{csrf_of, spawn_app, ui_client};
use reqwest::Method;
use serde_json::{Value, json};

fn day(n: i64) -> String {
    (time::OffsetDateTime::now_utc().date() - time::Duration::days(n)).to_string()
}

/// The id after `prefix` in a page (a record's link).
fn linked_id(html: &str, prefix: &str) -> String {
    let at = html.find(prefix).unwrap_or_else(|| panic!("no link {prefix} in {html}")) + prefix.len();
    html[at..].chars().take_while(|c| c.is_ascii_hexdigit() || *c == '-').collect()
}

/// A child of Kita admitted 40 days ago into a house, by the director;
/// `(child, house)`.
async fn admitted(app: &crate::helpers::TestApp) -> (String, String) {
    let director = app.token("director.kita").await;
    let body = json!({"location_id": app.sites["KIT"], "name": "Maison Néré", "capacity": 8});
    let house = app.create(&director, "/api/v1/houses", &body).await;
    let body = json!({"given_name": "Fanta", "family_name": "Diarra", "sex": "F", "birth_date": "2015-02-03", "location_id": app.sites["KIT"]});
    let child = app.create(&director, "/api/v1/people", &body).await;
    let admit = json!({"admitted_on": day(40), "reason": "abandoned", "house_id": house});
    let r = app.send(Method::POST, &director, &format!("/api/v1/people/{child}/admission"), &admit).await;
    assert_eq!(r.status(), 201);
    (child, house)
}

#[tokio::test(flavor = "multi_thread")]
async fn leaving_care_is_corrected_with_a_reason_and_the_house_ends_with_it() {
    let app = spawn_app().await;
    let (child, _) = admitted(&app).await;
    let ui = ui_client(&app, "director.kita").await;
    let page = app.html(&ui, &format!("/people/{child}")).await;
    let amend = format!("/people/{child}/admissions/{}", linked_id(&page, &format!("/people/{child}/admissions/")));
    // Still in care: its end is not offered here (ending care is its own page).
    assert!(!app.html(&ui, &amend).await.contains("name=\"left_on\""));

    let director = app.token("director.kita").await;
    let leave = json!({"left_on": day(10), "leaving_reason": "transfer"});
    let r = app.send(Method::POST, &director, &format!("/api/v1/people/{child}/leaving"), &leave).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    let html = app.html(&ui, &amend).await;
    assert!(html.contains("name=\"left_on\"") && html.contains("name=\"leaving_reason\""), "{html}");

    // An end before the stay began is refused by name, nothing changed.
    let form = |left: String, why: &str| {
        vec![
            ("csrf", csrf_of(&html)),
            ("amend", "correct".to_string()),
            ("left_on", left),
            ("leaving_reason", "reintegration".to_string()),
            ("amend_reason", why.to_string()),
        ]
    };
    let r = ui.post(app.url(&amend)).form(&form(day(50), "Date mal lue")).send().await.expect("post");
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains("href=\"#left_on\""));

    let r = ui.post(app.url(&amend)).form(&form(day(12), "Date mal lue")).send().await.expect("post");
    assert_eq!(r.status(), 303);
    let care: Value = app.get(&director, &format!("/api/v1/people/{child}/care")).await.json().await.expect("json");
    assert_eq!(care["care"]["left_on"], day(12), "{care}");
    assert_eq!(care["care"]["leaving_reason"], "reintegration", "{care}");
    // The house the child left ends the same day.
    let placements =
        "SELECT COUNT(*) FROM placements WHERE to_date IS NOT NULL AND to_date = (SELECT left_on FROM admissions)";
    assert_eq!(app.count(placements), 1);
    let html = app.html(&ui, &amend).await;
    assert!(html.contains("Transfert") && html.contains("Date mal lue"), "the history keeps both");
    assert!(app.count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'admission' AND action = 'update'") >= 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_end_of_a_familys_support_is_corrected_on_its_own_page() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let body = json!({"name": "Famille Coulibaly", "location_id": app.sites["KIT"], "members": [{"person_id": app.kita_child, "relationship": "child"}]});
    let h = app.create(&director, "/api/v1/households", &body).await;
    let social = app.token("social.kita").await;
    let base = format!("/api/v1/households/{h}");
    let r = app.send(Method::POST, &social, &format!("{base}/support"), &json!({"started_on": day(60)})).await;
    assert_eq!(r.status(), 201);
    let exit = json!({"ended_on": day(5), "exit_reason": "moved"});
    assert_eq!(app.send(Method::POST, &social, &format!("{base}/exit"), &exit).await.status(), 200);

    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/households/{h}")).await;
    let support = format!("/households/{h}/support/{}", linked_id(&page, &format!("/households/{h}/support/")));
    let html = app.html(&ui, &support).await;
    assert!(html.contains("name=\"ended_on\"") && html.contains("name=\"exit_reason\""), "{html}");
    let form = |ended: String| {
        vec![
            ("csrf", csrf_of(&html)),
            ("amend", "correct".to_string()),
            ("started_on", day(60)),
            ("ended_on", ended),
            ("exit_reason", "graduated".to_string()),
            ("amend_reason", "La famille a terminé le programme".to_string()),
        ]
    };
    let r = ui.post(app.url(&support)).form(&form(day(70))).send().await.expect("post");
    assert_eq!(r.status(), 422, "an end before the start");
    assert!(r.text().await.expect("html").contains("href=\"#ended_on\""));
    assert_eq!(ui.post(app.url(&support)).form(&form(day(6))).send().await.expect("post").status(), 303);
    let v: Value = app.get(&social, &format!("{base}/support")).await.json().await.expect("json");
    assert_eq!(v["support"]["ended_on"], day(6), "{v}");
    assert_eq!(v["support"]["exit_reason"], "graduated", "{v}");
    let html = app.html(&ui, &support).await;
    assert!(html.contains("Déménagement"), "the history keeps the first reason: {html}");
    assert!(html.contains("La famille a terminé le programme"), "the history says why");
    // The nurse does not read a family's support: no page.
    let nurse = ui_client(&app, "nurse.kita").await;
    assert_eq!(nurse.get(app.url(&support)).send().await.expect("get").status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admission_entered_by_mistake_is_struck_out_and_the_child_no_longer_counts() {
    let app = spawn_app().await;
    let (child, house) = admitted(&app).await;
    let ui = ui_client(&app, "director.kita").await;
    let page = app.html(&ui, &format!("/people/{child}")).await;
    let amend = format!("/people/{child}/admissions/{}", linked_id(&page, &format!("/people/{child}/admissions/")));
    let html = app.html(&ui, &amend).await;
    assert!(html.contains("value=\"strike_out\""), "an admission can be struck out");
    assert_eq!(crate::helpers::strike_out(&app, &ui, &amend, "Mauvais enfant").await.status(), 303);

    let director = app.token("director.kita").await;
    let care: Value = app.get(&director, &format!("/api/v1/people/{child}/care")).await.json().await.expect("json");
    assert!(care["care"].is_null(), "{care}");
    let open = "SELECT COUNT(*) FROM placements WHERE to_date IS NULL";
    assert_eq!(app.count(open), 0, "the house no longer counts the child");
    let _ = house;
    // The struck admission is still found, at the end of the care section.
    let page = app.html(&ui, &format!("/people/{child}")).await;
    assert!(page.contains(&amend), "{page}");
    let html = app.html(&ui, &amend).await;
    assert!(html.contains("Mauvais enfant") && !html.contains("value=\"strike_out\""), "{html}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrected_admission_day_moves_the_first_house_and_a_leaving_day_stops_at_a_readmission() {
    let app = spawn_app().await;
    let (child, _) = admitted(&app).await;
    let ui = ui_client(&app, "director.kita").await;
    let page = app.html(&ui, &format!("/people/{child}")).await;
    let amend = format!("/people/{child}/admissions/{}", linked_id(&page, &format!("/people/{child}/admissions/")));
    let post = |fields: Vec<(&'static str, String)>| {
        let ui = &ui;
        let app = &app;
        let amend = &amend;
        async move {
            let html = app.html(ui, amend).await;
            let mut form = vec![("csrf", csrf_of(&html)), ("amend", "correct".to_string())];
            form.extend(fields);
            form.push(("amend_reason", "Date mal lue".to_string()));
            ui.post(app.url(amend)).form(&form).send().await.expect("post")
        }
    };
    // The child came five days earlier than typed: the house counts them
    // from that day too.
    assert_eq!(post(vec![("admitted_on", day(45))]).await.status(), 303);
    let from = app.store.inspect("SELECT COUNT(*) FROM placements WHERE from_date = ?1", &[&day(45)]).expect("read");
    assert_eq!(from, ["1"], "the first house follows the admission");
    let history = app.html(&ui, &amend).await;
    assert!(history.contains(">Test director.kita</td>"), "the history names people as they are known: {history}");

    // Left, then came back: the first stay cannot be stretched over the second.
    let director = app.token("director.kita").await;
    let leave = json!({"left_on": day(20), "leaving_reason": "reintegration"});
    let r = app.send(Method::POST, &director, &format!("/api/v1/people/{child}/leaving"), &leave).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    let body = json!({"location_id": app.sites["KIT"], "name": "Maison Karité", "capacity": 8});
    let house = app.create(&director, "/api/v1/houses", &body).await;
    let again = json!({"admitted_on": day(10), "reason": "abandoned", "house_id": house});
    let r = app.send(Method::POST, &director, &format!("/api/v1/people/{child}/admission"), &again).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    let r = post(vec![("left_on", day(5)), ("leaving_reason", "reintegration".to_string())]).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains("href=\"#left_on\""), "the field is named");
    let left = app.store.inspect("SELECT COUNT(*) FROM admissions WHERE left_on = ?1", &[&day(20)]).expect("read");
    assert_eq!(left, ["1"], "nothing changed");
    assert_eq!(post(vec![("left_on", day(12)), ("leaving_reason", "reintegration".to_string())]).await.status(), 303);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_familys_support_entered_by_mistake_is_struck_out_and_no_longer_counts() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let body = json!({"name": "Famille Coulibaly", "location_id": app.sites["KIT"], "members": [{"person_id": app.kita_child, "relationship": "child"}]});
    let h = app.create(&director, "/api/v1/households", &body).await;
    let social = app.token("social.kita").await;
    let base = format!("/api/v1/households/{h}");
    let r = app.send(Method::POST, &social, &format!("{base}/support"), &json!({"started_on": day(30)})).await;
    assert_eq!(r.status(), 201);
    let supported = |app: &crate::helpers::TestApp| {
        app.count("SELECT COUNT(*) FROM family_support WHERE ended_on IS NULL AND struck_out IS NULL")
    };
    assert_eq!(supported(&app), 1);

    let ui = ui_client(&app, "social.kita").await;
    let list = app.html(&ui, "/households?status=supported").await;
    assert!(list.contains(&format!("/households/{h}")), "listed as supported while it counts: {list}");
    let page = app.html(&ui, &format!("/households/{h}")).await;
    let support = format!("/households/{h}/support/{}", linked_id(&page, &format!("/households/{h}/support/")));
    assert!(app.html(&ui, &support).await.contains("value=\"strike_out\""), "a support can be struck out");
    assert_eq!(crate::helpers::strike_out(&app, &ui, &support, "Mauvais ménage").await.status(), 303);
    assert_eq!(supported(&app), 0);

    // No longer the household's support: not listed as supported, and a
    // support may begin again.
    assert_eq!(app.get(&social, &format!("{base}/support")).await.status(), 404, "no support any more");
    let list = app.html(&ui, "/households?status=supported").await;
    assert!(!list.contains(&format!("/households/{h}")), "{list}");
    let r = app.send(Method::POST, &social, &format!("{base}/support"), &json!({"started_on": day(3)})).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    // Still found, at the end of the support section, with its reason.
    let page = app.html(&ui, &format!("/households/{h}")).await;
    assert!(page.contains(&support), "{page}");
    let html = app.html(&ui, &support).await;
    assert!(html.contains("Mauvais ménage") && !html.contains("value=\"strike_out\""), "{html}");
}
