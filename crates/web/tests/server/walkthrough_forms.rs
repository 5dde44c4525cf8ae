//! Issue 12 (walk-through, F, G, K and the minor faults): what a refused
//! form keeps, where marking an action done brings the reader back, what
//! a location offers, and the smaller things a walk-through found.

use crate::helpers::{csrf_of, spawn_app, ui_client};
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
