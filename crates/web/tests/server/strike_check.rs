//! Issue 12 (walk-through, D): striking a record out is not one click. The
//! strike-out form leads to a check page of its own that says what will
//! happen; reloading it writes nothing, confirming twice strikes once. Its
//! reason has its own label and id, apart from the correction's.

use crate::helpers::{csrf_of, spawn_app, ui_client};
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_strike_out_is_checked_on_its_own_page_then_done_once() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let body = json!({"name": "Famille Traoré", "location_id": app.sites["KIT"], "members": [{"person_id": app.kita_child, "relationship": "child"}]});
    let h = app.create(&director, "/api/v1/households", &body).await;
    let social = app.token("social.kita").await;
    let base = format!("/api/v1/households/{h}");
    let started = (time::OffsetDateTime::now_utc().date() - time::Duration::days(20)).to_string();
    assert_eq!(
        app.send(Method::POST, &social, &format!("{base}/support"), &json!({"started_on": started})).await.status(),
        201
    );
    let visit = json!({"visited_on": started, "notes": "Première visite."});
    assert_eq!(app.send(Method::POST, &social, &format!("{base}/visits"), &visit).await.status(), 201);
    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/households/{h}")).await;
    let prefix = format!("/households/{h}/home-visits/");
    let at = page.find(&prefix).expect("a visit's link") + prefix.len();
    let id: String = page[at..].chars().take_while(|c| c.is_ascii_hexdigit() || *c == '-').collect();
    let visit = format!("{prefix}{id}");

    // Two reasons, two labels, two ids.
    let html = app.html(&ui, &visit).await;
    assert!(html.contains("<label for=\"amend_reason\">Motif de la correction</label>"), "{html}");
    assert!(html.contains("<label for=\"strike_reason\">Motif pour barrer</label>"), "{html}");
    assert_eq!(html.matches("id=\"amend_reason\"").count(), 1);

    // No reason: refused on the strike-out's own field, nothing kept.
    let empty = [("csrf", csrf_of(&html)), ("amend", "strike_out".into()), ("strike_reason", " ".to_string())];
    let r = ui.post(app.url(&visit)).form(&empty).send().await.expect("post");
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains("href=\"#strike_reason\""));

    let struck = "SELECT COUNT(*) FROM ops WHERE entity_type = 'home_visit' AND field = 'struck_out'";
    let form = [("csrf", csrf_of(&html)), ("amend", "strike_out".into()), ("strike_reason", "Visite en double".into())];
    let r = ui.post(app.url(&visit)).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 303, "the check page is a redirect away");
    let check = r.headers()["location"].to_str().expect("location").to_string();
    assert!(check.starts_with(&format!("{visit}?strike=")) && !check.contains("double"), "{check}");
    for _ in 0..2 {
        let html = app.html(&ui, &check).await;
        assert!(html.contains("Vérifier avant de barrer") && html.contains("Visite en double"), "{html}");
        assert!(html.contains("Visite à domicile —") && !html.contains("amend-kind"), "names what is struck: {html}");
        assert!(html.contains("ne compte plus") && html.contains("value=\"confirm\""), "says what will happen");
    }
    assert_eq!(app.count(struck), 0, "nothing struck before the confirm");

    let draft = check.split("strike=").nth(1).expect("draft").to_string();
    let html = app.html(&ui, &check).await;
    let confirm = [
        ("csrf", csrf_of(&html)),
        ("amend", "strike_out".into()),
        ("step", "confirm".into()),
        ("draft", draft.clone()),
    ];
    for _ in 0..2 {
        let r = ui.post(app.url(&visit)).form(&confirm).send().await.expect("confirm");
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], format!("/households/{h}#support").as_str());
    }
    assert_eq!(app.count(struck), 1, "confirmed twice, struck once");
    // Back to the check page afterwards: the record, struck out.
    let html = app.html(&ui, &check).await;
    assert!(html.contains("Visite en double") && !html.contains("value=\"confirm\""), "{html}");

    // Another session does not confirm this one's draft.
    let other = ui_client(&app, "social.kita").await;
    let html = app.html(&other, &visit).await;
    let theirs =
        [("csrf", csrf_of(&html)), ("amend", "strike_out".into()), ("step", "confirm".into()), ("draft", draft)];
    let r = other.post(app.url(&visit)).form(&theirs).send().await.expect("confirm");
    assert_eq!(r.headers()["location"], visit.as_str(), "the record's page again");
}
