//! Issue 10's holes, closed: privilege grants need a recent password and a
//! national director's approval; administrators reset passwords and lost
//! second factors; the current password cannot be guessed freely; every
//! list that names people is audited with the ids it showed, and so are
//! refused requests and throttled sign-ins.

use crate::helpers::{PASSWORD, TestApp, client, csrf_of, spawn_app, ui_client};
use dugu_storage::reads::*;
use reqwest::Method;
use serde_json::{Value, json};

const MINUTE: i64 = 60_000;

/// Entries of the audit trail matching a literal SQL condition's count.
fn audited(app: &TestApp, sql: &'static str) -> i64 {
    app.count(sql)
}

async fn form_post(
    app: &TestApp,
    ui: &reqwest::Client,
    page: &str,
    action: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let html = app.html(ui, page).await;
    let csrf = csrf_of(&html);
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(extra);
    ui.post(app.url(action)).form(&form).send().await.expect("post")
}

async fn api_login(app: &TestApp, username: &str, password: &str) -> u16 {
    let body = json!({"username": username, "password": password});
    client().post(app.url("/api/v1/login")).json(&body).send().await.expect("login").status().as_u16()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_administrator_cannot_grant_access_to_children_alone() {
    let app = spawn_app().await;
    let admin = ui_client(&app, "admin").await;
    let kita = app.sites["KIT"].clone();
    let new_nurse = [
        ("username", "nurse.new"),
        ("display_name", "Nouvelle infirmière"),
        ("role", "nurse"),
        ("location_id", kita.as_str()),
        ("password", "Une phrase de passe assez longue"),
    ];
    let r = form_post(&app, &admin, "/admin/users", "/admin/users", &new_nurse).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.expect("html").contains("approbation"), "the page says it waits for approval");
    assert_eq!(api_login(&app, "nurse.new", "Une phrase de passe assez longue").await, 401, "not before approval");
    assert_eq!(
        audited(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'privilege_change' AND fields = 'role_requested'"),
        1
    );

    // A fundraiser reads no child: the administrator grants it alone.
    let fundraiser = [
        ("username", "fund.two"),
        ("display_name", "Collecte"),
        ("role", "fundraiser"),
        ("location_id", ""),
        ("password", "Une autre phrase de passe longue"),
    ];
    assert_eq!(form_post(&app, &admin, "/admin/users", "/admin/users", &fundraiser).await.status(), 303);
    assert_eq!(api_login(&app, "fund.two", "Une autre phrase de passe longue").await, 200);

    // Promoting a social worker to national director is a request too: the
    // social worker's scope is unchanged meanwhile.
    let social = app.users["social.kita"].clone();
    let page = format!("/admin/users/{social}");
    let promote = [("role", "national_director"), ("location_id", "")];
    let r = form_post(&app, &admin, &page, &format!("{page}/role"), &promote).await;
    assert_eq!(r.status(), 200);
    let token = app.token("social.kita").await;
    assert_eq!(app.get(&token, &format!("/api/v1/people/{}", app.mopti_child)).await.status(), 404);

    // The administrator cannot approve; the national director can.
    let director = ui_client(&app, "director.national").await;
    let html = app.html(&director, "/approvals").await;
    assert!(html.contains("nurse.new") && html.contains("social.kita"), "both requests wait");
    let request: String = app
        .store
        .inspect(
            "SELECT q.id FROM role_requests q JOIN users u ON u.id = q.user_id WHERE u.username = 'nurse.new'",
            &[],
        )
        .expect("request")
        .remove(0);
    let approve = format!("/approvals/{request}/approve");
    assert_eq!(form_post(&app, &admin, "/admin/users", &approve, &[]).await.status(), 403, "not the administrator");
    let r = form_post(&app, &director, "/approvals", &approve, &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(api_login(&app, "nurse.new", "Une phrase de passe assez longue").await, 200, "approved");
    assert_eq!(
        audited(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'privilege_change' AND fields = 'role_approved' AND username = 'director.national'"
        ),
        1
    );
    // The audit page names it a privilege change.
    let auditor = ui_client(&app, "admin").await;
    assert!(app.html(&auditor, "/audit").await.contains("Changement de privilège"));
}

#[tokio::test(flavor = "multi_thread")]
async fn sensitive_actions_need_the_password_again_after_fifteen_minutes() {
    let app = spawn_app().await;
    let admin = ui_client(&app, "admin").await;
    // Just signed in: the export works.
    assert_eq!(admin.get(app.url("/audit/export.csv")).send().await.expect("export").status(), 200);
    app.state.clock.advance(16 * MINUTE);
    let r = admin.get(app.url("/audit/export.csv")).send().await.expect("export");
    assert_eq!(r.status(), 403, "re-authentication required");
    let html = r.text().await.expect("html");
    assert!(html.contains("action=\"/reauth\""), "the page asks for the password again");
    // Disabling a user is refused too, and changes nothing.
    let nurse = app.users["nurse.kita"].clone();
    let r = form_post(&app, &admin, "/admin/users", &format!("/admin/users/{nurse}/disable"), &[]).await;
    assert_eq!(r.status(), 403);
    assert_eq!(api_login(&app, "nurse.kita", PASSWORD).await, 200, "still enabled");

    // A wrong password is refused and audited; the right one opens the way.
    let csrf = csrf_of(&html);
    let wrong = [("csrf", csrf.as_str()), ("next", "/audit"), ("password", "pas le bon mot de passe")];
    let r = admin.post(app.url("/reauth")).form(&wrong).send().await.expect("reauth");
    assert_eq!(r.status(), 200);
    assert_eq!(audited(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'reauth_failed'"), 1);
    let right = [("csrf", csrf.as_str()), ("next", "/audit"), ("password", PASSWORD)];
    let r = admin.post(app.url("/reauth")).form(&right).send().await.expect("reauth");
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/audit");
    assert_eq!(admin.get(app.url("/audit/export.csv")).send().await.expect("export").status(), 200);
    // Both events are in the trail: the proof, then the export.
    let both: i64 = audited(
        &app,
        "SELECT COUNT(*) FROM audit_log a JOIN audit_log b ON b.seq > a.seq
         WHERE a.action = 'reauthenticate' AND a.username = 'admin' AND b.action = 'export' AND b.username = 'admin'",
    );
    assert!(both >= 1);
    // An administrator cannot disable their own account.
    let me = app.users["admin"].clone();
    let r = form_post(&app, &admin, "/admin/users", &format!("/admin/users/{me}/disable"), &[]).await;
    assert_eq!(r.status(), 403);
    let r = form_post(&app, &admin, "/admin/users", &format!("/admin/users/{nurse}/disable"), &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(api_login(&app, "nurse.kita", PASSWORD).await, 401, "disabled once re-authenticated");
    // The API's audit trail (up to 100,000 entries) needs a recent sign-in.
    let token = app.token("auditor").await;
    assert_eq!(app.get(&token, "/api/v1/audit").await.status(), 200);
    app.state.clock.advance(16 * MINUTE);
    let r = app.get(&token, "/api/v1/audit").await;
    assert_eq!(r.status(), 403);
    assert_eq!(r.json::<Value>().await.expect("json")["error"], "reauth_required");
    assert_eq!(app.get(&app.token("auditor").await, "/api/v1/audit").await.status(), 200, "a new sign-in");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_password_must_be_replaced_and_a_lost_factor_can_be_removed() {
    let app = spawn_app().await;
    let admin = ui_client(&app, "admin").await;
    let old_token = app.token("nurse.kita").await;
    let nurse = app.users["nurse.kita"].clone();
    let page = format!("/admin/users/{nurse}");
    let r = form_post(&app, &admin, &page, &format!("{page}/password-reset"), &[]).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
    let start = html.find("<code>").expect("the one-time password is shown") + "<code>".len();
    let temporary = html[start..].split('<').next().expect("password").to_string();
    // A nurse reads children's records: the reset waits for the national
    // director, else the administrator could sign in as the nurse.
    assert_eq!(api_login(&app, "nurse.kita", &temporary).await, 401, "not before approval");
    assert_eq!(app.get(&old_token, "/api/v1/locations").await.status(), 200);
    let director_ui = ui_client(&app, "director.national").await;
    approve_all(&app, &director_ui).await;
    assert_eq!(app.get(&old_token, "/api/v1/locations").await.status(), 401, "the reset ended every session");
    assert_eq!(api_login(&app, "nurse.kita", PASSWORD).await, 401, "the old password is gone");

    // Signed in with the temporary password, the nurse can only change it.
    let ui = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let login = app.html(&ui, "/login").await;
    let form = [("csrf", csrf_of(&login)), ("username", "nurse.kita".into()), ("password", temporary.clone())];
    assert_eq!(ui.post(app.url("/login")).form(&form).send().await.expect("login").status(), 303);
    let r = ui.get(app.url("/people")).send().await.expect("people");
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/account");
    let account = app.html(&ui, "/account").await;
    let form = [
        ("csrf", csrf_of(&account)),
        ("current_password", temporary),
        ("new_password", "Le marché de Kita ouvre tôt".into()),
    ];
    assert_eq!(ui.post(app.url("/account/password")).form(&form).send().await.expect("change").status(), 303);
    assert_eq!(ui.get(app.url("/people")).send().await.expect("people").status(), 200);

    // A lost authenticator: the administrator asks, the national director
    // approves, the factor is gone. An auditor's (no child's record) goes
    // at once.
    for (name, approval) in [("director.kita", true), ("auditor", false)] {
        let user = app.users[name].clone();
        let id = user.clone();
        app.store.write(move |tx| tx.set_totp(None, &id, Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"))).expect("enrol");
        let page = format!("/admin/users/{user}");
        let r = form_post(&app, &admin, &page, &format!("{page}/second-factor-reset"), &[]).await;
        assert_eq!(r.status(), 200);
        let enrolled = app.store.user(&user).expect("read").expect("user").totp_secret.is_some();
        assert_eq!(enrolled, approval, "{name}: waits for approval only when it reads children's records");
        if approval {
            approve_all(&app, &director_ui).await;
        }
        assert!(app.store.user(&user).expect("read").expect("user").totp_secret.is_none(), "{name}");
    }
    assert_eq!(audited(&app, "SELECT COUNT(*) FROM audit_log WHERE fields = 'second_factor_reset_approved'"), 1);
    assert_eq!(audited(&app, "SELECT COUNT(*) FROM audit_log WHERE fields = 'second_factor_reset'"), 1);
    // A code alone never makes a session fresh: enrolling a factor needs the
    // password given recently.
    app.state.clock.advance(16 * MINUTE);
    let social_ui = ui_client(&app, "social.kita").await;
    app.state.clock.advance(16 * MINUTE);
    assert_eq!(social_ui.get(app.url("/account/totp")).send().await.expect("totp").status(), 403);
}

/// The national director approves every pending request.
async fn approve_all(app: &TestApp, director: &reqwest::Client) {
    let ids: Vec<String> =
        app.store.inspect("SELECT id FROM role_requests WHERE status = 'pending'", &[]).expect("requests");
    assert!(!ids.is_empty(), "a request waits");
    for id in ids {
        let r = form_post(app, director, "/approvals", &format!("/approvals/{id}/approve"), &[]).await;
        assert_eq!(r.status(), 303);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn guessing_the_current_password_is_throttled_and_audited() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "nurse.kita").await;
    let nurse = app.users["nurse.kita"].clone();
    let hash_before = app.store.user(&nurse).expect("read").expect("user").password_hash;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let account = app.html(&ui, "/account").await;
        let form = [
            ("csrf", csrf_of(&account)),
            ("current_password", "une supposition fausse".to_string()),
            ("new_password", "Le marché de Kita ouvre tôt".into()),
        ];
        statuses.push(ui.post(app.url("/account/password")).form(&form).send().await.expect("post").status().as_u16());
    }
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    assert!(audited(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'reauth_failed'") >= 5);
    // Even the right password waits now, and nothing changed.
    let account = app.html(&ui, "/account").await;
    let form = [
        ("csrf", csrf_of(&account)),
        ("current_password", PASSWORD.to_string()),
        ("new_password", "Le marché de Kita ouvre tôt".into()),
    ];
    assert_eq!(ui.post(app.url("/account/password")).form(&form).send().await.expect("post").status(), 429);
    let hash_after = app.store.user(&nurse).expect("read").expect("user").password_hash;
    assert_eq!(hash_before, hash_after, "the password is unchanged");
    assert_eq!(api_login(&app, "nurse.kita", PASSWORD).await, 429, "the account waits for sign-in too");
}

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// How many audit entries by `user` name `id` among the records shown.
fn shown_to(app: &TestApp, user: &str, record_type: &str, id: &str) -> i64 {
    let n = app
        .store
        .inspect(
            "SELECT COUNT(*) FROM audit_log a JOIN audit_touches t ON t.seq = a.seq
                 WHERE a.username = ?1 AND a.record_type = ?2 AND t.record_id = ?3",
            &[user, record_type, id],
        )
        .expect("count");
    n[0].parse().expect("a number")
}

#[tokio::test(flavor = "multi_thread")]
async fn every_list_that_names_people_is_audited_with_the_ids_shown() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let kita = app.sites["KIT"].clone();
    // A toddler, severely wasted, never vaccinated, in a group and a house.
    let born = (time::OffsetDateTime::now_utc().date() - time::Duration::days(548)).to_string();
    let body =
        json!({"given_name": "Kadidia", "family_name": "Diarra", "sex": "F", "birth_date": born, "location_id": kita});
    let child = app.create(&director, "/api/v1/people", &body).await;
    let nurse = app.token("nurse.kita").await;
    let m = json!({"date": today(), "weight_kg": 7.0, "length_height_cm": 78.0, "measured": "lying", "oedema": false, "muac_mm": 108});
    assert_eq!(app.send(Method::POST, &nurse, &format!("/api/v1/people/{child}/measurements"), &m).await.status(), 201);
    let group = app
        .create(&director, "/api/v1/groups", &json!({"location_id": kita, "name": "Crèche", "kind": "daycare"}))
        .await;
    let member = json!({"person_id": child, "from_date": today()});
    assert_eq!(
        app.send(Method::POST, &director, &format!("/api/v1/groups/{group}/members"), &member).await.status(),
        201
    );
    let house = app
        .create(&director, "/api/v1/houses", &json!({"location_id": kita, "name": "Maison Baobab", "capacity": 8}))
        .await;
    let social = app.token("social.kita").await;
    let admit = json!({"admitted_on": today(), "reason": "abandoned", "house_id": house});
    assert_eq!(
        app.send(Method::POST, &social, &format!("/api/v1/people/{child}/admission"), &admit).await.status(),
        201
    );
    let household = app
        .create(&director, "/api/v1/households", &json!({"name": "Famille Diarra", "location_id": kita, "members": [{"person_id": child, "relationship": "child"}]}))
        .await;

    let ui = ui_client(&app, "director.kita").await;
    for page in [
        format!("/locations/{kita}/nutrition"),
        format!("/locations/{kita}/vaccinations"),
        format!("/locations/{kita}/village"),
        format!("/groups/{group}/register"),
        "/households".to_string(),
        format!("/households/{household}"),
    ] {
        let r = ui.get(app.url(&page)).send().await.expect("page");
        assert_eq!(r.status(), 200, "{page}");
        assert!(r.text().await.expect("html").contains("Diarra"), "{page} names the child");
    }
    let r = ui
        .post(app.url("/people/search"))
        .form(&[("csrf", csrf_of(&app.html(&ui, "/people").await)), ("q", "Kadidia".into())])
        .send()
        .await
        .expect("search");
    assert_eq!(r.status(), 303, "the search is kept and its results are a page of their own");
    let found = r.headers()["location"].to_str().expect("location").to_string();
    assert_eq!(ui.get(app.url(&found)).send().await.expect("results").status(), 200);
    for list in ["person_list", "overdue_vaccinations", "village", "register", "person"] {
        assert!(shown_to(&app, "director.kita", list, &child) >= 1, "{list} names the child in the trail");
    }
    assert!(shown_to(&app, "director.kita", "household_list", &household) >= 1);
    assert!(shown_to(&app, "director.kita", "household", &child) >= 1, "a household page names its members");
    // The API lists too.
    app.get(&nurse, &format!("/api/v1/locations/{kita}/nutrition")).await;
    app.get(&nurse, &format!("/api/v1/locations/{kita}/vaccinations/overdue")).await;
    assert!(shown_to(&app, "nurse.kita", "person_list", &child) >= 1);
    assert!(shown_to(&app, "nurse.kita", "overdue_vaccinations", &child) >= 1);
    // The data protection officer's question: what touched this child?
    let auditor = app.token("auditor").await;
    let v: Value = app.get(&auditor, &format!("/api/v1/audit?record_id={child}")).await.json().await.expect("json");
    let entries = v.as_array().or_else(|| v["items"].as_array()).expect("entries");
    let kinds: Vec<&str> = entries.iter().filter_map(|e| e["record_type"].as_str()).collect();
    for list in ["village", "register", "overdue_vaccinations", "person_list"] {
        assert!(kinds.contains(&list), "{list} in {kinds:?}");
    }
    // And the chain still verifies with the ids hashed in.
    app.store.verify_audit_chain().expect("chain");
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_records_and_throttled_sign_ins_are_audited() {
    let app = spawn_app().await;
    let social = app.token("social.kita").await;
    let outside = format!("/api/v1/people/{}", app.mopti_child);
    assert_eq!(app.get(&social, &outside).await.status(), 404);
    let mopti = app.mopti_child.clone();
    let refused: i64 = app
        .store
        .inspect(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'refused' AND username = 'social.kita' AND record_id = ?1",
            &[mopti.as_str()],
        )
        .expect("count")[0]
        .parse()
        .expect("a number");
    assert_eq!(refused, 1, "the out-of-scope request is in the trail");
    let r = app.get(&social, "/api/v1/people/Aminata-Traore").await;
    assert!(r.status().is_client_error());
    assert_eq!(audited(&app, "SELECT COUNT(*) FROM audit_log WHERE record_id LIKE '%Aminata%'"), 0, "no name kept");
    let ui = ui_client(&app, "fundraiser").await;
    assert_eq!(ui.get(app.url(&format!("/people/{}", app.kita_child))).send().await.expect("page").status(), 404);
    assert_eq!(audited(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'refused' AND username = 'fundraiser'"), 1);

    for _ in 0..8 {
        api_login(&app, "relief.mopti", "wrong wrong wrong").await;
    }
    assert!(audited(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'login_throttled'") >= 1);
}
