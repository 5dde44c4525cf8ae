//! No swallowed errors (issue 11, item 8): a database that fails during
//! sign-in or session lookup is a logged 500, never "not signed in"; an
//! audit entry that cannot be written fails its request; `/healthz` tells a
//! dead or failing writer. The failures are real SQLite ones, made by
//! changing the test's own database under the running server.

use crate::audit::capture_logs;
use crate::helpers::{PASSWORD, TestApp, client, csrf_of, spawn_app, ui_client};
use dugu_domain::Role;
use dugu_storage::NewUser;
use dugu_storage::reads::HealthReads;
use serde_json::json;
use std::time::{Duration, Instant};

/// Changes the schema under the running server (the read connections see
/// it at their next statement).
fn break_database(app: &TestApp, ddl: &'static str) {
    app.store.write(move |tx| tx.execute_for_tests(ddl)).expect("schema change");
}

const REFUSE_AUDIT: &str =
    "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END;";

async fn api_login(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    client()
        .post(app.url("/api/v1/login"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect("login")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_error_at_sign_in_is_a_500_not_a_refusal() {
    let logs = capture_logs();
    let app = spawn_app().await;
    break_database(&app, "ALTER TABLE users RENAME TO users_elsewhere");
    let r = api_login(&app, "social.kita", PASSWORD).await;
    assert_eq!(r.status(), 500, "the API does not say 'wrong password'");
    let page = client().get(app.url("/login")).send().await.expect("page");
    let jar = page.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let cookie = jar.split(';').next().unwrap_or("").to_string();
    let html = page.text().await.expect("html");
    let r = client()
        .post(app.url("/login"))
        .header("cookie", cookie)
        .form(&[("csrf", csrf_of(&html).as_str()), ("username", "social.kita"), ("password", PASSWORD)])
        .send()
        .await
        .expect("form");
    assert_eq!(r.status(), 500, "the form does not say 'wrong password' either");
    let text = String::from_utf8(logs.0.lock().expect("logs").clone()).unwrap_or_default();
    assert!(text.contains("sign-in: cannot look up the account"), "the cause is logged: {text}");
    assert!(!text.contains(PASSWORD), "never the password");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_error_looking_up_a_session_is_a_500_not_signed_out() {
    let logs = capture_logs();
    let app = spawn_app().await;
    let token = app.token("social.kita").await;
    let ui = ui_client(&app, "social.kita").await;
    break_database(&app, "ALTER TABLE sessions RENAME TO sessions_elsewhere");
    assert_eq!(app.get(&token, "/api/v1/people").await.status(), 500, "API: not 401");
    let r = ui.get(app.url("/people")).send().await.expect("page");
    assert_eq!(r.status(), 500, "pages: not the sign-in page");
    let text = String::from_utf8(logs.0.lock().expect("logs").clone()).unwrap_or_default();
    assert!(text.contains("cannot look up the session"), "logged: {text}");
    assert!(!text.contains(&token[..12]), "never the token");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_that_cannot_be_touched_fails_its_request() {
    let app = spawn_app().await;
    let token = app.token("social.kita").await;
    break_database(
        &app,
        "CREATE TRIGGER refuse_touch BEFORE UPDATE ON sessions BEGIN SELECT RAISE(ABORT, 'no writes'); END;",
    );
    assert_eq!(app.get(&token, "/api/v1/people").await.status(), 200, "no write needed yet");
    // Past the 30 s after which activity is recorded.
    app.state.clock.advance(31_000);
    assert_eq!(app.get(&token, "/api/v1/people").await.status(), 500);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_sign_in_that_cannot_be_audited_fails() {
    let app = spawn_app().await;
    break_database(&app, REFUSE_AUDIT);
    let r = api_login(&app, "social.kita", "not the password at all").await;
    assert_eq!(r.status(), 500, "an unaudited failure is not a plain 401");
    let r = api_login(&app, "nobody.at.all", "not the password at all").await;
    assert_eq!(r.status(), 500, "nor for an unknown name");
    assert_eq!(api_login(&app, "social.kita", PASSWORD).await.status(), 500, "nor a success");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sign_out_that_cannot_be_recorded_says_so_and_the_session_stays() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "social.kita").await;
    let account = app.html(&ui, "/account").await;
    break_database(&app, REFUSE_AUDIT);
    let r = ui.post(app.url("/logout")).form(&[("csrf", csrf_of(&account).as_str())]).send().await.expect("out");
    assert_eq!(r.status(), 500, "not a redirect that pretends the session ended");
    break_database(&app, "DROP TRIGGER refuse_audit");
    assert_eq!(ui.get(app.url("/account")).send().await.expect("page").status(), 200, "still signed in");
}

async fn health(app: &TestApp) -> u16 {
    client().get(app.url("/healthz")).send().await.expect("health").status().as_u16()
}

#[tokio::test(flavor = "multi_thread")]
async fn healthz_reports_a_dead_writer() {
    let app = spawn_app().await;
    assert_eq!(health(&app).await, 200);
    app.store.stop_writer();
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.store.writer_health().alive {
        assert!(Instant::now() < deadline, "the writer did not stop");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(health(&app).await, 503, "reads still work, but nothing can be saved");
}

#[tokio::test(flavor = "multi_thread")]
async fn healthz_reports_a_failing_commit_until_one_succeeds() {
    let app = spawn_app().await;
    let failed = app.store.write(|tx| {
        // Checked at COMMIT only, like a full disk: the commit fails.
        tx.execute_for_tests(
            "PRAGMA defer_foreign_keys = ON;
             INSERT INTO sessions (token_hash, user_id, kind, csrf_token, created_at, last_seen_at)
             VALUES ('x', 'no such user', 'web', 'x', 0, 0);",
        )?;
        Ok(())
    });
    assert!(failed.is_err(), "{failed:?}");
    assert_eq!(health(&app).await, 503);
    app.store.write(|_| Ok(())).expect("a write that commits");
    assert_eq!(health(&app).await, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_password_hash_is_never_stored() {
    let app = spawn_app().await;
    let new = NewUser {
        username: "nurse.sans.mot".into(),
        display_name: "Sans mot de passe".into(),
        role: Role::Nurse,
        password_hash: String::new(),
        language: "fr".into(),
        location_ids: vec![app.sites["KIT"].clone()],
    };
    assert!(app.store.write(move |tx| tx.create_user(None, &new)).is_err(), "an account without a hash");
    let id = app.users["nurse.kita"].clone();
    assert!(app.store.write(move |tx| tx.set_password(None, &id, "")).is_err(), "a password set to nothing");
    assert_eq!(api_login(&app, "nurse.kita", PASSWORD).await.status(), 200, "the old password still works");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_factor_step_that_cannot_be_recorded_is_a_500_not_a_wrong_code() {
    let app = spawn_app().await;
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let id = app.users["director.national"].clone();
    app.store.write(move |tx| tx.set_totp(None, &id, Some(secret))).expect("enrol");
    break_database(
        &app,
        "CREATE TRIGGER refuse_step BEFORE UPDATE OF totp_last_step ON user_credentials BEGIN SELECT RAISE(ABORT, 'no'); END;",
    );
    let code = dugu_web::totp_code(secret, (app.state.clock.now() / 1000) as u64);
    let r = client()
        .post(app.url("/api/v1/login"))
        .json(&json!({"username": "director.national", "password": PASSWORD, "totp": code}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 500, "a right code whose use cannot be recorded is not 'wrong'");
}
