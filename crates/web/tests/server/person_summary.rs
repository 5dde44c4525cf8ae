//! The summary line at the top of a person's page says where the child
//! lives — in care, in which house and village, or since when it left —
//! for every people reader, and the family's support only to those who
//! read protection data (issue 12, the person summary).

use crate::helpers::{spawn_app, ui_client};
use reqwest::Method;
use serde_json::json;

/// The summary line of a person's page.
fn summary(html: &str) -> &str {
    let at = html.find("<p class=\"summary\">").expect("a summary");
    &html[at..at + html[at..].find("</p>").expect("its end")]
}

#[tokio::test(flavor = "multi_thread")]
async fn the_summary_says_where_the_child_lives_and_the_support_to_those_who_may_read_it() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let child = app.kita_child.clone();
    let today = time::OffsetDateTime::now_utc().date();
    let shown = format!("{:02}/{:02}/{}", today.day(), today.month() as u8, today.year());
    let house = json!({"location_id": app.sites["KIT"], "name": "Maison Néré", "capacity": 8});
    let hid = app.create(&director, "/api/v1/houses", &house).await;
    let admit = json!({"admitted_on": today.to_string(), "reason": "abandoned", "house_id": hid});
    let r = app.send(Method::POST, &director, &format!("/api/v1/people/{child}/admission"), &admit).await;
    assert_eq!(r.status(), 201);
    let household = json!({"name": "Famille Sangaré", "location_id": app.sites["KIT"], "members": [{"person_id": child, "relationship": "child"}]});
    let h = app.create(&director, "/api/v1/households", &household).await;
    let start = json!({"started_on": today.to_string()});
    let r = app.send(Method::POST, &director, &format!("/api/v1/households/{h}/support"), &start).await;
    assert_eq!(r.status(), 201);
    let page = format!("/people/{child}");

    let html = app.html(&ui_client(&app, "director.kita").await, &page).await;
    let line = summary(&html);
    assert!(line.contains("Prise en charge — Maison Néré, Village d&#39;Enfants SOS de Kita"), "{line}");
    assert!(line.contains(&format!("Famille accompagnée depuis le {shown}")), "{line}");

    // A nurse reads where the child lives, not the family's support.
    let html = app.html(&ui_client(&app, "nurse.kita").await, &page).await;
    let line = summary(&html);
    assert!(line.contains("Prise en charge — Maison Néré"), "{line}");
    assert!(!line.contains("accompagn"), "no protection data for a nurse: {line}");

    let leave = json!({"left_on": today.to_string(), "leaving_reason": "transfer"});
    let r = app.send(Method::POST, &director, &format!("/api/v1/people/{child}/leaving"), &leave).await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let html = app.html(&ui_client(&app, "director.kita").await, &page).await;
    let line = summary(&html);
    assert!(line.contains(&format!("Fin de prise en charge le {shown}")) && !line.contains("Maison Néré"), "{line}");
    assert!(!line.contains("Transfert"), "how it left stays in the care section: {line}");
}
