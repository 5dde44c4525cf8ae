//! Dates typed the way the page asks (issue 12, dates typed the local way):
//! day first in French and English alike, whatever the browser's own
//! locale; `14/02/2019`, `14-02-2019`, `14.02.2019` and ISO all read; a
//! value that is none of them refused by name, given back as typed; a
//! stored day shown day first in the field that corrects it. The JSON API
//! stays ISO (a contract).

use crate::helpers::{csrf_of, spawn_app, ui_client};
use reqwest::Method;
use serde_json::json;

/// The `<input …>` whose name is `name`.
fn input<'a>(html: &'a str, name: &str) -> &'a str {
    let at = html.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("no {name} field"));
    let start = html[..at].rfind("<input").expect("an input");
    &html[start..start + html[start..].find('>').expect("closed")]
}

#[tokio::test(flavor = "multi_thread")]
async fn a_date_is_read_day_first_whatever_the_browser() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let body = json!({"location_id": app.sites["KIT"], "name": "Maison Néré", "capacity": 8});
    let hid = app.create(&director, "/api/v1/houses", &body).await;
    let ui = ui_client(&app, "director.kita").await;
    let child = app.kita_child.clone();
    let page = format!("/people/{child}");

    let html = app.html(&ui, &page).await;
    assert!(!html.contains("type=\"date\""), "no field left to the browser's locale");
    let field = input(&html, "admitted_on");
    assert!(field.contains("value=\"\""), "an admission's day is copied from the file, never preset: {field}");
    assert!(field.contains("placeholder=\"JJ/MM/AAAA\"") && field.contains("inputmode=\"numeric\""), "{field}");

    let admit = |day: &'static str| {
        let (ui, app, hid, child) = (ui.clone(), &app, hid.clone(), child.clone());
        async move {
            let csrf = csrf_of(&app.html(&ui, &format!("/people/{child}")).await);
            let form = [("csrf", csrf.as_str()), ("admitted_on", day), ("reason", "abandoned"), ("house_id", &hid)];
            ui.post(app.url(&format!("/people/{child}/admission"))).form(&form).send().await.expect("post")
        }
    };
    // Month first, as an English-US date picker would send it: refused by
    // name, given back as typed.
    for wrong in ["03/14/2026", "14/03/26", "hier"] {
        let r = admit(wrong).await;
        assert_eq!(r.status(), 422, "{wrong}");
        let html = r.text().await.expect("html");
        assert!(html.contains("Date d&#39;admission\u{a0}: Saisissez une date valide"), "names the field: {wrong}");
        assert!(input(&html, "admitted_on").contains(&format!("value=\"{wrong}\"")), "kept as typed: {wrong}");
    }
    let r = admit("02.03.2026").await;
    assert_eq!(r.status(), 303, "a day first with dots, as a phone's number pad types it");
    let care: serde_json::Value =
        app.get(&director, &format!("/api/v1/people/{child}/care")).await.json().await.expect("json");
    assert_eq!(care["care"]["admitted_on"], json!("2026-03-02"), "2 March, never 3 February");

    // The correction page shows the stored day day first, in English too.
    let html = app.html(&ui, &page).await;
    let link = html.find(&format!("/people/{child}/admissions/")).expect("a correction link");
    let link = &html[link..link + html[link..].find('"').expect("end")];
    let csrf = csrf_of(&app.html(&ui, "/account").await);
    let r = ui.post(app.url("/account/language")).form(&[("csrf", csrf.as_str()), ("language", "en")]).send();
    assert_eq!(r.await.expect("post").status(), 303);
    let html = app.html(&ui, link).await;
    let field = input(&html, "admitted_on");
    assert!(field.contains("value=\"02/03/2026\"") && field.contains("placeholder=\"DD/MM/YYYY\""), "{field}");

    // ISO is still read (what a check page's hidden fields send), and the
    // API reads ISO only.
    let r = app
        .send(
            Method::POST,
            &director,
            &format!("/api/v1/people/{child}/leaving"),
            &json!({"left_on": "03/03/2026", "leaving_reason": "transfer"}),
        )
        .await;
    assert_eq!(r.status(), 422, "the API's contract is ISO");
    let leaving = format!("/people/{child}/leaving");
    let csrf = csrf_of(&app.html(&ui, &leaving).await);
    let form =
        [("csrf", csrf.as_str()), ("left_on", "2026-03-03"), ("leaving_reason", "transfer"), ("step", "confirm")];
    assert_eq!(ui.post(app.url(&leaving)).form(&form).send().await.expect("post").status(), 303);
}
