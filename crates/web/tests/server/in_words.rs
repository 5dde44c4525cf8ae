//! Issue 12 (walk-through, J): the audit trail and a record's history read
//! in words — actions, record kinds and fields by their labels, locations
//! and accounts by name — and the trail's action filter offers words, not
//! codes to type.

use crate::helpers::{csrf_of, spawn_app, ui_client};
use dugu_storage::reads::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn the_trail_and_a_history_say_words_and_names_not_codes_and_ids() {
    let app = spawn_app().await;
    let kita = app.sites["KIT"].clone();
    // As the page writes it (its apostrophe escaped).
    let kita_name = app.store.location(&kita).expect("read").expect("Kita").name.replace('\'', "&#39;");
    let director = app.token("director.kita").await;
    let body = json!({"location_id": kita, "name": "Maison Tamarin", "capacity": 8});
    let house = app.create(&director, "/api/v1/houses", &body).await;
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let admit = json!({"admitted_on": today, "reason": "abandoned", "house_id": house});
    let child = app.kita_child.clone();
    let r = app.send(Method::POST, &director, &format!("/api/v1/people/{child}/admission"), &admit).await;
    assert_eq!(r.status(), 201);

    // The admission's history names its village, and no id.
    let ui = ui_client(&app, "director.kita").await;
    let page = app.html(&ui, &format!("/people/{child}")).await;
    let prefix = format!("/people/{child}/admissions/");
    let at = page.find(&prefix).expect("the admission's link") + prefix.len();
    let id: String = page[at..].chars().take_while(|c| c.is_ascii_hexdigit() || *c == '-').collect();
    let amend = format!("{prefix}{id}");
    let html = app.html(&ui, &amend).await;
    let history = &html[html.find("id=\"history\"").expect("a history")..];
    assert!(history.contains("Lieu") && history.contains(&kita_name), "{history}");
    assert!(!history.contains(&kita) && !history.contains("sibling_group"), "no ids: {history}");
    let form = [
        ("csrf", csrf_of(&html)),
        ("amend", "correct".to_string()),
        ("admitted_on", today.clone()),
        ("reason", "orphaned_aids".to_string()),
        ("amend_reason", "Motif mal choisi".to_string()),
    ];
    assert_eq!(ui.post(app.url(&amend)).form(&form).send().await.expect("post").status(), 303);

    // The trail: an action chosen among words; fields by their labels.
    let auditor = ui_client(&app, "auditor").await;
    let html = app.html(&auditor, "/audit?action=update").await;
    assert!(html.contains("<option value=\"update\" selected>Modification</option>"), "{html}");
    assert!(html.contains("<option value=\"view\">Consultation</option>"), "{html}");
    assert!(html.contains("Motif d&#39;admission, Correction"), "{html}");
    assert!(!html.contains(&format!(">{id}<")), "a record's id is not the words shown: {html}");
    assert!(!html.contains(">reason,correction<"), "no field codes");

    // A placement ended names its field too.
    let leave = json!({"left_on": today, "leaving_reason": "transfer"});
    let r = app.send(Method::POST, &director, &format!("/api/v1/people/{child}/leaving"), &leave).await;
    assert_eq!(r.status(), 200);
    let html = app.html(&auditor, "/audit?action=update").await;
    assert!(html.contains("Jusqu&#39;au") && !html.contains(">to_date<"), "{html}");

    // A location's entries name it (locations are not personal data).
    let html = app.html(&auditor, &format!("/audit?record_id={kita}")).await;
    let table = &html[html.find("<tbody>").expect("a table")..];
    if table.contains("<tr>") {
        assert!(table.contains(&kita_name) && !table.contains(&kita), "{table}");
    }
    // An account's entries name it.
    let admin = ui_client(&app, "admin").await;
    let html = app.html(&admin, "/admin/users").await;
    let user = [
        ("csrf", csrf_of(&html)),
        ("username", "nurse.kita2".to_string()),
        ("display_name", "Oumou Keïta".to_string()),
        ("role", "nurse".to_string()),
        ("location_id", kita.clone()),
        ("password", "Correct-Horse-Battery-9-Tamarin".to_string()),
    ];
    let r = admin.post(app.url("/admin/users")).form(&user).send().await.expect("post");
    assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());
    let html = app.html(&auditor, "/audit").await;
    let table = &html[html.find("<tbody>").expect("a table")..];
    assert!(table.contains("Compte Oumou Keïta") && !table.contains("sibling_group"), "{table}");
}
