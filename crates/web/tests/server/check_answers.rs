//! Check-your-answers pages (issue 12): the check page has an address of
//! its own, reached by a redirect, so a reload or Back shows it again
//! instead of asking to resubmit a form, with no answer in the address;
//! and its confirm writes once, however often it is sent — likewise the
//! confirm of an implausible measurement.

use crate::helpers::{TestApp, csrf_of, spawn_app, ui_client};
use reqwest::Method;
use serde_json::json;

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

async fn post(app: &TestApp, ui: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let csrf = csrf_of(&app.html(ui, "/account").await);
    let mut body = vec![("csrf", csrf.as_str())];
    body.extend_from_slice(form);
    ui.post(app.url(path)).form(&body).send().await.expect("post")
}

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().expect("location").to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_check_page_reloads_as_a_get_and_its_confirm_ends_care_once() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let house = json!({"location_id": app.sites["KIT"], "name": "Maison Karité", "capacity": 8});
    let hid = app.create(&director, "/api/v1/houses", &house).await;
    let child = app.kita_child.clone();
    let admit = json!({"admitted_on": today(), "reason": "abandoned", "house_id": hid});
    let r = app.send(Method::POST, &director, &format!("/api/v1/people/{child}/admission"), &admit).await;
    assert_eq!(r.status(), 201);
    let ui = ui_client(&app, "director.kita").await;
    let leaving = format!("/people/{child}/leaving");
    let now = today();

    let r = post(&app, &ui, &leaving, &[("left_on", now.as_str()), ("leaving_reason", "transfer"), ("step", "check")])
        .await;
    assert_eq!(r.status(), 303, "the check page is a redirect away");
    let check = location(&r);
    assert!(check.starts_with(&format!("{leaving}?check=")) && !check.contains("transfer"), "{check}");
    for _ in 0..2 {
        // A reload: the same page, nothing written.
        let html = app.html(&ui, &check).await;
        assert!(html.contains("Transfert") && html.contains("value=\"confirm\""), "{html}");
        assert!(!html.contains("name=\"leaving_reason\""), "the answers stay on the server");
    }
    // Another session of the same person does not see these answers.
    let other = ui_client(&app, "director.kita").await;
    let html = app.html(&other, &check).await;
    assert!(!html.contains("value=\"confirm\"") && html.contains("name=\"leaving_reason\""), "the form, afresh");

    let draft = check.split("check=").nth(1).expect("draft").to_string();
    let ops = "SELECT COUNT(*) FROM ops WHERE entity_type = 'admission' AND field = 'leaving_reason'";
    let before = app.count(ops);
    for _ in 0..2 {
        let r = post(&app, &ui, &leaving, &[("step", "confirm"), ("draft", draft.as_str())]).await;
        assert_eq!(r.status(), 303, "the confirm, then the same confirm again");
        assert_eq!(location(&r), format!("/people/{child}#care"));
    }
    assert_eq!(app.count(ops), before + 1, "one ending recorded, not two");
    let html = app.html(&ui, &format!("/people/{child}")).await;
    assert!(html.contains("Fin de prise en charge enregistrée."), "said where the reader lands");
    // Back to the check page: the record, not a 404 nor the form again.
    let r = ui.get(app.url(&check)).send().await.expect("get");
    assert_eq!((r.status().as_u16(), location(&r)), (303, format!("/people/{child}#care")));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_repeated_confirm_ends_support_once() {
    let app = spawn_app().await;
    let token = app.token("director.kita").await;
    let body = json!({"name": "Famille Sangaré", "location_id": app.sites["KIT"], "members": [{"person_id": app.kita_child, "relationship": "child"}]});
    let h = app.create(&token, "/api/v1/households", &body).await;
    let r = app
        .send(Method::POST, &token, &format!("/api/v1/households/{h}/support"), &json!({"started_on": today()}))
        .await;
    assert_eq!(r.status(), 201);
    let ui = ui_client(&app, "director.kita").await;
    let exit = format!("/households/{h}/exit");
    let now = today();
    let r =
        post(&app, &ui, &exit, &[("ended_on", now.as_str()), ("exit_reason", "graduated"), ("step", "check")]).await;
    let check = location(&r);
    assert!(app.html(&ui, &check).await.contains("value=\"confirm\""));
    let draft = check.split("check=").nth(1).expect("draft").to_string();
    let ops = "SELECT COUNT(*) FROM ops WHERE entity_type = 'family_support' AND field = 'exit_reason'";
    let before = app.count(ops);
    for _ in 0..3 {
        let r = post(&app, &ui, &exit, &[("step", "confirm"), ("draft", draft.as_str())]).await;
        assert_eq!((r.status().as_u16(), location(&r)), (303, format!("/households/{h}#support")));
    }
    assert_eq!(app.count(ops), before + 1, "one exit recorded");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_confirmed_implausible_weight_sent_twice_is_one_measurement() {
    let app = spawn_app().await;
    let child = crate::growth::toddler(&app).await;
    let nurse = ui_client(&app, "nurse.kita").await;
    let path = format!("/people/{child}/measurements");
    let now = today();
    let typed = [("date", now.as_str()), ("weight_kg", "95"), ("length_height_cm", "78"), ("measured", "lying")];
    let r = post(&app, &nurse, &path, &typed).await;
    assert_eq!(r.status(), 422, "asks first");
    let html = r.text().await.expect("html");
    let at = html.find("name=\"once\" value=\"").expect("a one-time token") + "name=\"once\" value=\"".len();
    let once: String = html[at..].chars().take_while(|c| *c != '"').collect();
    let before = app.count("SELECT COUNT(*) FROM measurements");
    let mut confirmed = typed.to_vec();
    confirmed.extend([("confirm_implausible", "1"), ("once", once.as_str())]);
    for _ in 0..2 {
        let r = post(&app, &nurse, &path, &confirmed).await;
        assert_eq!((r.status().as_u16(), location(&r)), (303, format!("/people/{child}#growth")));
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM measurements"), before + 1, "one measurement, not two");
}
