//! Starts the real server on 127.0.0.1:0 over a fresh SQLite file, with
//! the Mali sites and one user per role (and a few people) to test against.

use dugu_domain::Role;
use dugu_storage::writes::PeopleWrites;
use dugu_storage::{NewUser, PersonInput, Store, SystemTask};
use dugu_web::{AppState, WebConfig};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::OnceLock;

pub const PASSWORD: &str = "Le fleuve Niger à Mopti";

/// One hash for every test user: hashing at 46 MiB per user would make the
/// suite slow, and salts are tested in the unit tests of `auth`.
pub fn shared_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| dugu_web::hash_password(PASSWORD).expect("hash"))
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub store: Store,
    pub sites: HashMap<String, String>,
    pub users: HashMap<String, String>,
    pub kita_child: String,
    pub mopti_child: String,
    _dir: tempfile::TempDir,
}

/// `(username, role, site)`.
pub const USERS: &[(&str, Role, Option<&str>)] = &[
    ("admin", Role::Administrator, None),
    ("auditor", Role::Auditor, None),
    ("fundraiser", Role::Fundraiser, None),
    ("director.national", Role::NationalDirector, None),
    ("director.kita", Role::LocationDirector, Some("KIT")),
    ("social.kita", Role::SocialWorker, Some("KIT")),
    ("nurse.kita", Role::Nurse, Some("KIT")),
    ("social.socoura", Role::SocialWorker, Some("SOC")),
    ("relief.mopti", Role::ReliefOfficer, Some("MOP")),
    ("supervisor.mopti", Role::ReliefSupervisor, Some("MOP")),
];

pub async fn spawn_app() -> TestApp {
    spawn_with(WebConfig { demo: true, ..WebConfig::default() }).await
}

pub async fn spawn_with(config: WebConfig) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open store");
    let sites = store.write(dugu_demo::seed_sites).expect("sites");
    let mut users = HashMap::new();
    for (name, role, site) in USERS {
        let location_ids = site.map(|s| vec![sites.ids[s].clone()]).unwrap_or_default();
        let new = NewUser {
            username: name.to_string(),
            display_name: format!("Test {name}"),
            role: *role,
            password_hash: shared_hash().to_string(),
            language: "fr".into(),
            location_ids,
        };
        let u = store.write(move |tx| tx.create_user(None, &new)).expect("user");
        users.insert(name.to_string(), u.id);
    }
    // A child at Kita and one at Mopti, written as the demo writes.
    let system = store.system_principal(&users["director.kita"], SystemTask::DemoSeeding).expect("system principal");
    let child = |site: &str, given: &str, family: &str| PersonInput {
        given_name: given.into(),
        family_name: family.into(),
        sex: "F".into(),
        birth_date: "2018-03-27".into(),
        location_id: sites.ids[site].clone(),
        phone: "+223 76 00 00 00".into(),
        medical_notes: "Suivi nutritionnel".into(),
        protection_notes: "Risque signalé".into(),
        sent: vec![],
        ..Default::default()
    };
    let kita_child = store.create_person(&system, child("KIT", "Awa", "Sangaré")).expect("kita child").id;
    let mopti_child = store.create_person(&system, child("MOP", "Fanta", "Maïga")).expect("mopti child").id;

    let state = AppState::new(store.clone(), config).expect("messages load");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let st = state.clone();
    tokio::spawn(async move {
        let _ = dugu_web::serve(listener, st, std::future::pending()).await;
    });
    TestApp { base, state, store, sites: sites.ids, users, kita_child, mopti_child, _dir: dir }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Signs in through the API and returns the bearer token.
    pub async fn token(&self, username: &str) -> String {
        let r = client()
            .post(self.url("/api/v1/login"))
            .json(&json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .expect("login");
        assert_eq!(r.status(), 200, "login {username}");
        r.json::<Value>().await.expect("json")["token"].as_str().expect("token").to_string()
    }

    pub async fn get(&self, token: &str, path: &str) -> reqwest::Response {
        client().get(self.url(path)).bearer_auth(token).send().await.expect("get")
    }

    pub async fn send(&self, method: reqwest::Method, token: &str, path: &str, body: &Value) -> reqwest::Response {
        client().request(method, self.url(path)).bearer_auth(token).json(body).send().await.expect("send")
    }

    /// POSTs `body`, expects 201, returns the new record's id.
    pub async fn create(&self, token: &str, path: &str, body: &Value) -> String {
        let r = self.send(reqwest::Method::POST, token, path, body).await;
        assert_eq!(r.status(), 201, "create at {path}");
        r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string()
    }

    /// A page's HTML, read with a signed-in browser client.
    pub async fn html(&self, ui: &reqwest::Client, path: &str) -> String {
        ui.get(self.url(path)).send().await.expect("page").text().await.expect("html")
    }

    pub fn count(&self, sql: &'static str) -> i64 {
        let rows = self.store.inspect(sql, &[]).expect("count");
        rows.first().and_then(|n| n.parse().ok()).expect("a number")
    }
}

/// Strikes a record out from its page as a reader does: the strike-out
/// form (its reason), then its check page's confirm. The response of the
/// first post that is not the way to the check page (a refusal), else of
/// the confirm.
pub async fn strike_out(app: &TestApp, ui: &reqwest::Client, page: &str, reason: &str) -> reqwest::Response {
    let html = app.html(ui, page).await;
    let form = [("csrf", csrf_of(&html)), ("amend", "strike_out".into()), ("strike_reason", reason.to_string())];
    let r = ui.post(app.url(page)).form(&form).send().await.expect("post");
    let check = r.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    if r.status() != 303 || !check.starts_with(&format!("{page}?strike=")) {
        return r;
    }
    let html = app.html(ui, &check).await;
    assert!(html.contains("value=\"confirm\"") && html.contains(reason), "a check page: {html}");
    assert!(!html.contains("amend-kind-"), "the check page names the kind in words: {html}");
    let draft = check.split("strike=").nth(1).unwrap_or_default().to_string();
    let confirm =
        [("csrf", csrf_of(&html)), ("amend", "strike_out".into()), ("step", "confirm".into()), ("draft", draft)];
    ui.post(app.url(page)).form(&confirm).send().await.expect("confirm")
}

/// The form token in a page.
pub fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a form token") + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().unwrap_or("").to_string()
}

/// A browser-like client signed in through the sign-in form.
pub async fn ui_client(app: &TestApp, username: &str) -> reqwest::Client {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let page = c.get(app.url("/login")).send().await.expect("login page").text().await.expect("html");
    let r = c
        .post(app.url("/login"))
        .form(&[("csrf", csrf_of(&page).as_str()), ("username", username), ("password", PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 303, "signed in as {username}");
    c
}

/// Switches a signed-in browser to English.
pub async fn to_english(app: &TestApp, ui: &reqwest::Client) {
    let account = app.html(ui, "/account").await;
    let r = ui
        .post(app.url("/account/language"))
        .form(&[("csrf", csrf_of(&account).as_str()), ("language", "en")])
        .send()
        .await
        .expect("language");
    assert_eq!(r.status(), 303);
}
