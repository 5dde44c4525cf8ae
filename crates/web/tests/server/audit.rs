//! Audit and what leaves the server: one entry per view, ids not names,
//! no-store on personal data, nothing personal in the log (requirements
//! 15, 19, 20).

use crate::helpers::{spawn_app, ui_client};
use dugu_storage::reads::*;
use serde_json::Value;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Clone, Default)]
pub(crate) struct Captured(pub(crate) Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub(crate) fn capture_logs() -> Captured {
    static LOGS: OnceLock<Captured> = OnceLock::new();
    LOGS.get_or_init(|| {
        let c = Captured::default();
        let writer = c.clone();
        let _ = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::DEBUG)
            .try_init();
        c
    })
    .clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn each_view_is_audited_once_with_ids_only() {
    let app = spawn_app().await;
    let token = app.token("social.kita").await;
    let count = |action: &'static str| {
        app.count(if action == "view" {
            "SELECT COUNT(*) FROM audit_log WHERE action = 'view'"
        } else {
            "SELECT COUNT(*) FROM audit_log"
        })
    };
    let before = count("view");
    let r = app.get(&token, &format!("/api/v1/people/{}", app.kita_child)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    assert_eq!(count("view"), before + 1, "exactly one entry per view");

    let auditor = app.token("auditor").await;
    let entries: Value =
        app.get(&auditor, &format!("/api/v1/audit?record_id={}", app.kita_child)).await.json().await.expect("json");
    let items = entries["items"].as_array().expect("items");
    assert_eq!(items[0]["action"], "view");
    assert_eq!(items[0]["username"], "social.kita");
    assert_eq!(items[0]["role"], "social_worker");
    let all = entries.to_string();
    assert!(!all.contains("Sangaré") && !all.contains("Awa"), "no names in the trail");

    // The data protection officer's question: which records did social.kita view?
    let mine: Value = app
        .get(&auditor, &format!("/api/v1/audit?user_id={}&action=view", app.users["social.kita"]))
        .await
        .json()
        .await
        .expect("json");
    let viewed: Vec<&str> =
        mine["items"].as_array().expect("items").iter().filter_map(|e| e["record_id"].as_str()).collect();
    assert_eq!(viewed, vec![app.kita_child.as_str()]);
    assert!(app.store.verify_audit_chain().expect("chain") > 0, "the chain verifies");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_log_holds_no_query_strings_or_names() {
    let logs = capture_logs();
    let app = spawn_app().await;
    let token = app.token("social.kita").await;
    assert_eq!(app.get(&token, "/api/v1/people?q=Zyzzyvasangare").await.status(), 200);
    assert_eq!(app.get(&token, &format!("/api/v1/people/{}", app.kita_child)).await.status(), 200);
    let ui = ui_client(&app, "social.kita").await;
    let page = ui.get(app.url("/people")).send().await.expect("people").text().await.expect("html");
    assert!(page.contains("Sangaré"));
    let text = String::from_utf8(logs.0.lock().expect("logs").clone()).unwrap_or_default();
    assert!(text.contains("http.route=/api/v1/people"), "requests are logged: {text}");
    for secret in ["Zyzzyva", "Sangaré", "Sangare", "Awa", "q=", &token[..12]] {
        assert!(!text.contains(secret), "{secret} must not be logged");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn personal_pages_are_not_cached_and_scripts_are_forbidden() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "social.kita").await;
    for path in ["/people", &format!("/people/{}", app.kita_child), "/households", "/account"] {
        let r = ui.get(app.url(path)).send().await.expect("page");
        assert_eq!(r.status(), 200, "{path}");
        let h = r.headers();
        assert_eq!(h.get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"), "{path}");
        let csp = h.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        let html = r.text().await.expect("html");
        assert!(!html.contains("<script"), "{path} works without JavaScript");
        assert!(!html.contains("http://") && !html.contains("https://"), "{path}: no external assets");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_page_names_a_record_by_its_kind_and_number_never_a_name() {
    let app = spawn_app().await;
    let social = ui_client(&app, "social.kita").await;
    let viewed = app.html(&social, &format!("/people/{}", app.kita_child)).await;
    assert!(viewed.contains("Sangaré"), "the record was viewed");
    let number = viewed.split("KIT-").nth(1).map(|r| format!("KIT-{}", &r[..6])).expect("a record number");
    let auditor = ui_client(&app, "auditor").await;
    let page = app.html(&auditor, &format!("/audit?record_id={}", app.kita_child)).await;
    let table = &page[page.find("<tbody>").expect("a table")..];
    assert!(table.contains(&format!("Personne {number}")), "its kind in words and its number: {table}");
    assert!(!table.contains(&app.kita_child), "not a bare id");
    assert!(!table.contains("Sangaré") && !table.contains("Awa"), "never a name");
    assert!(!table.contains("href=\"/people/"), "no link for a reader who may not open the record");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_page_filters_by_a_record_number_and_says_when_none_carries_it() {
    let app = spawn_app().await;
    let social = ui_client(&app, "social.kita").await;
    let viewed = app.html(&social, &format!("/people/{}", app.kita_child)).await;
    let number = viewed.split("KIT-").nth(1).map(|r| format!("KIT-{}", &r[..6])).expect("a record number");
    app.html(&social, &format!("/people/{}", app.mopti_child)).await;
    let auditor = ui_client(&app, "auditor").await;
    let rows = |page: &str| page[page.find("<tbody>").expect("a table")..].matches("<tr>").count();

    // By number, as written or typed short: the same trail as by id.
    let by_id = app.html(&auditor, &format!("/audit?record_id={}", app.kita_child)).await;
    let short = format!("kit-{}", number.trim_start_matches("KIT-").trim_start_matches('0'));
    for typed in [number.clone(), short] {
        let page = app.html(&auditor, &format!("/audit?record_id={typed}")).await;
        assert!(rows(&page) > 0 && rows(&page) == rows(&by_id), "{typed}: {page}");
        assert!(!page.contains("class=\"error-message\""), "{typed}");
    }
    assert!(rows(&by_id) > 0, "an id is still accepted");

    // A number no record carries is said to be unknown, never an empty trail.
    let page = app.html(&auditor, "/audit?record_id=KIT-999999").await;
    assert!(page.contains("Aucun dossier ne porte le numéro KIT-999999."), "{page}");
    assert_eq!(rows(&page), 0);

    // A record out of the reader's scope is unknown alike (a Kita
    // director's people reads do not reach Mopti's record).
    let mopti: Value = app
        .get(&app.token("director.national").await, &format!("/api/v1/people/{}", app.mopti_child))
        .await
        .json()
        .await
        .expect("json");
    let mopti_number = mopti["record_number"].as_str().expect("number").to_string();
    let page = app.html(&auditor, &format!("/audit?record_id={mopti_number}")).await;
    assert!(rows(&page) > 0, "the auditor reads the whole trail");
    let who = app.store.principal_of(&app.users["director.kita"]).expect("read").expect("principal");
    assert_eq!(app.store.record_of_number(&who, &mopti_number).expect("read"), None, "out of scope: unknown");
    assert!(app.store.record_of_number(&who, &number).expect("read").is_some());

    // In English too.
    let html = app.html(&auditor, "/account").await;
    let csrf = crate::helpers::csrf_of(&html);
    let r = auditor
        .post(app.url("/account/language"))
        .form(&[("csrf", csrf.as_str()), ("language", "en")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303);
    assert!(app.html(&auditor, "/audit?record_id=KIT-999999").await.contains("No record has the number KIT-999999."));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_page_names_a_house_as_the_field_knows_it() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let body = serde_json::json!({"location_id": app.sites["KIT"], "name": "Maison Néré", "capacity": 8});
    let house = app.create(&director, "/api/v1/houses", &body).await;

    let auditor = ui_client(&app, "auditor").await;
    let page = app.html(&auditor, &format!("/audit?record_id={house}")).await;
    let table = &page[page.find("<tbody>").expect("a table")..];
    assert!(table.contains("Maison familiale Maison Néré, Village d&#39;Enfants SOS de Kita"), "{table}");
    assert!(!table.contains(&house[..8]), "not a kind and a short id: {table}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_page_names_a_record_attached_to_a_child_by_the_childs_number() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let body = serde_json::json!({"location_id": app.sites["KIT"], "name": "Maison Karité", "capacity": 8});
    let house = app.create(&director, "/api/v1/houses", &body).await;
    let admit = serde_json::json!({"admitted_on": "2026-01-05", "reason": "abandoned", "house_id": house});
    let r = app
        .send(reqwest::Method::POST, &director, &format!("/api/v1/people/{}/admission", app.kita_child), &admit)
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    let number =
        app.store.inspect("SELECT record_number FROM people WHERE id = ?1", &[&app.kita_child]).expect("number");

    let auditor = ui_client(&app, "auditor").await;
    let kinds = [
        ("Admission", "SELECT id FROM admissions WHERE person_id = ?1"),
        ("Placement", "SELECT id FROM placements WHERE person_id = ?1"),
    ];
    for (kind, sql) in kinds {
        let id = app.store.inspect(sql, &[&app.kita_child]).expect("its id");
        let page = app.html(&auditor, &format!("/audit?record_id={}", id[0])).await;
        let rows = &page[page.find("<tbody>").expect("a table")..];
        assert!(rows.contains(&format!("{kind} {}", number[0])), "{rows}");
        assert!(!rows.contains(&format!("{kind} <span")), "not a kind and a short id: {rows}");
        assert!(!rows.contains("Sangaré"), "never a name");
    }
}
