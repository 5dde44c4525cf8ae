//! Sessions and tokens: timeouts, sign-out, revocation, throttling, second
//! factor (security requirements 5–10).

use crate::helpers::{PASSWORD, USERS, client, spawn_app, spawn_with, ui_client};
use dugu_domain::Role;
use dugu_storage::reads::Principals;
use dugu_web::WebConfig;
use serde_json::{Value, json};

const MINUTE: i64 = 60_000;

#[tokio::test(flavor = "multi_thread")]
async fn idle_and_absolute_timeouts() {
    let app = spawn_app().await;
    let token = app.token("social.kita").await;
    let me = format!("/api/v1/people/{}", app.kita_child);
    app.state.clock.advance(29 * MINUTE);
    assert_eq!(app.get(&token, &me).await.status(), 200, "29 minutes idle");
    app.state.clock.advance(31 * MINUTE);
    assert_eq!(app.get(&token, &me).await.status(), 401, "31 minutes idle");

    let token = app.token("social.kita").await;
    for _ in 0..(12 * 60 / 20 - 1) {
        app.state.clock.advance(20 * MINUTE);
        assert_eq!(app.get(&token, &me).await.status(), 200, "active within 12 hours");
    }
    app.state.clock.advance(21 * MINUTE);
    assert_eq!(app.get(&token, &me).await.status(), 401, "12 hours in all");
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_out_disabling_and_password_changes_end_tokens() {
    let app = spawn_app().await;
    let me = format!("/api/v1/people/{}", app.kita_child);
    let token = app.token("social.kita").await;
    let r = client().post(app.url("/api/v1/logout")).bearer_auth(&token).send().await.expect("logout");
    assert_eq!(r.status(), 204);
    assert_eq!(app.get(&token, &me).await.status(), 401, "a signed-out token is dead");

    let a = app.token("social.kita").await;
    let b = app.token("social.kita").await;
    let admin = app.store.principal_of(&app.users["admin"]).expect("principal").expect("admin");
    let id = app.users["social.kita"].clone();
    app.store.write(move |tx| tx.set_disabled(&admin, &id, true)).expect("disable");
    assert_eq!(app.get(&a, &me).await.status(), 401);
    assert_eq!(app.get(&b, &me).await.status(), 401);
    let r = client()
        .post(app.url("/api/v1/login"))
        .json(&json!({"username": "social.kita", "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 401, "a disabled account cannot sign in");

    let t = app.token("nurse.kita").await;
    let id = app.users["nurse.kita"].clone();
    let hash = dugu_web::hash_password("Une toute nouvelle phrase secrète").expect("hash");
    app.store.write(move |tx| tx.set_password(None, &id, &hash)).expect("password");
    assert_eq!(app.get(&t, &me).await.status(), 401, "tokens from before a password change are refused");
}

#[tokio::test(flavor = "multi_thread")]
async fn repeated_failures_are_throttled_and_audited() {
    let app = spawn_app().await;
    let mut last = 0;
    for _ in 0..8 {
        let r = client()
            .post(app.url("/api/v1/login"))
            .json(&json!({"username": "relief.mopti", "password": "wrong wrong wrong"}))
            .send()
            .await
            .expect("login");
        last = r.status().as_u16();
        let body = r.text().await.expect("body");
        assert!(!body.contains("password") && !body.contains("username"), "no hint which part was wrong: {body}");
    }
    assert_eq!(last, 429, "the account is made to wait");
    let r = client()
        .post(app.url("/api/v1/login"))
        .json(&json!({"username": "relief.mopti", "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 429, "even the right password waits");
    assert!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed'") >= 5);
    // Other accounts are not affected.
    assert_eq!(
        client()
            .post(app.url("/api/v1/login"))
            .json(&json!({"username": "nurse.kita", "password": PASSWORD}))
            .send()
            .await
            .expect("login")
            .status(),
        200
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn second_factor_is_required_and_codes_are_single_use() {
    let app = spawn_with(WebConfig::default()).await;
    // Outside the demo a national role without a factor cannot use the API.
    let r = client()
        .post(app.url("/api/v1/login"))
        .json(&json!({"username": "director.national", "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 401);
    // Enrol one, then the code is needed, once.
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let id = app.users["director.national"].clone();
    app.store.write(move |tx| tx.set_totp(None, &id, Some(secret))).expect("enrol");
    let now = (app.state.clock.now() / 1000) as u64;
    let code = dugu_web::totp_code(secret, now);
    let login = |totp: Option<String>| {
        let url = app.url("/api/v1/login");
        async move {
            let mut body = json!({"username": "director.national", "password": PASSWORD});
            if let Some(t) = totp {
                body["totp"] = Value::from(t);
            }
            client().post(url).json(&body).send().await.expect("login").status().as_u16()
        }
    };
    assert_eq!(login(None).await, 401, "password alone is not enough");
    assert_eq!(login(Some("000000".into())).await, 401);
    assert_eq!(login(Some(code.clone())).await, 200);
    assert_eq!(login(Some(code)).await, 401, "the same code twice in its window is refused");
    // By default a deployment also requires one of directors and social
    // workers, not of nurses.
    assert_eq!(USERS.iter().filter(|u| u.0 == "social.kita").count(), 1);
    let status = |username: &'static str, app_url: String| async move {
        let body = json!({"username": username, "password": PASSWORD});
        client().post(app_url).json(&body).send().await.expect("login").status().as_u16()
    };
    assert_eq!(status("social.kita", app.url("/api/v1/login")).await, 401, "social workers need a factor");
    assert_eq!(status("director.kita", app.url("/api/v1/login")).await, 401, "directors need a factor");
    assert_eq!(status("nurse.kita", app.url("/api/v1/login")).await, 200, "nurses do not, by default");
    // A deployment may require it of nurses and not of social workers, but
    // never drop it for the national roles.
    let app = spawn_with(WebConfig { second_factor_roles: vec![Role::Nurse], ..WebConfig::default() }).await;
    assert_eq!(status("social.kita", app.url("/api/v1/login")).await, 200);
    assert_eq!(status("nurse.kita", app.url("/api/v1/login")).await, 401);
    assert_eq!(status("director.national", app.url("/api/v1/login")).await, 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_front_door_sends_a_visitor_to_sign_in_and_a_user_to_their_work() {
    let app = spawn_app().await;
    let r = client().get(app.url("/")).send().await.expect("get /");
    assert_eq!(r.status(), 303, "a redirect, not a 401");
    assert_eq!(r.headers()["location"], "/login");
    // The nurse's work starts on her home page (each role's: `home.rs`).
    let nurse = ui_client(&app, "nurse.kita").await;
    let r = nurse.get(app.url("/")).send().await.expect("get /");
    assert_eq!(r.status(), 200);
    assert!(r.text().await.expect("html").contains("Vaccinations en retard"));
}

/// A browser-like client with no session yet.
fn signed_out() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// Signs in from a sign-in page `html` (its form token and hidden fields
/// as the browser would send them) and gives back where it leads.
async fn sign_in_from(app: &crate::helpers::TestApp, c: &reqwest::Client, html: &str, next: Option<&str>) -> String {
    let csrf = crate::helpers::csrf_of(html);
    let mut form = vec![("csrf", csrf.as_str()), ("username", "nurse.kita"), ("password", PASSWORD)];
    if let Some(n) = next {
        form.push(("next", n));
    }
    let r = c.post(app.url("/login")).form(&form).send().await.expect("login");
    assert_eq!(r.status(), 303);
    r.headers()["location"].to_str().expect("location").to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_form_sent_after_the_session_ended_says_nothing_was_saved_and_signing_in_comes_back() {
    let app = spawn_app().await;
    let child = app.kita_child.clone();
    let page = format!("/people/{child}");
    let visits = || app.count("SELECT COUNT(*) FROM medical_visits");
    let before = visits();

    // A form sent with no session (it ended while the nurse was typing).
    let c = signed_out();
    let r = c
        .post(app.url(&format!("/people/{child}/medical-visits")))
        .header("referer", app.url(&page))
        .form(&[("csrf", "stale"), ("visited_on", "01/12/2026"), ("reason", "Fièvre")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 401);
    let html = r.text().await.expect("html");
    assert!(html.contains("pas été enregistré"), "says nothing was saved: {html}");
    assert!(html.contains(&format!("name=\"next\" value=\"{page}\"")), "comes back to the page: {html}");
    assert_eq!(visits(), before, "nothing written");
    assert_eq!(sign_in_from(&app, &c, &html, Some(&page)).await, page, "back on the child's page");

    // A page opened while signed out: signing in opens it.
    let c = signed_out();
    let r = c.get(app.url(&page)).send().await.expect("get");
    assert_eq!(r.status(), 401);
    let html = r.text().await.expect("html");
    assert!(html.contains(&format!("name=\"next\" value=\"{page}\"")), "{html}");
    assert!(!html.contains("pas été enregistré"), "nothing was sent, nothing to say");
    assert_eq!(sign_in_from(&app, &c, &html, Some(&page)).await, page);

    // Never anywhere but this server's own pages.
    for elsewhere in ["//evil.example/", "https://evil.example/", "/login", "\\\\evil.example"] {
        let c = signed_out();
        let html = c.get(app.url("/login")).send().await.expect("login").text().await.expect("html");
        assert_eq!(sign_in_from(&app, &c, &html, Some(elsewhere)).await, "/", "{elsewhere}");
    }
}
