//! Journeys in a real headless Chromium: the social worker registers a child
//! and finds them by searching without accents, in French, and a social
//! worker of another village cannot open it; the nurse records a severely
//! wasted child and finds it on Kita's nutrition list, the social worker
//! sees no diagnosis; the director narrows the people list and a name
//! search by age group and sex.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs
//! them). Run with `cargo test -p dugu-web --test browser -- --ignored`.

#[path = "server/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use helpers::{PASSWORD, spawn_app};
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A minimal WebDriver client: just the commands this journey needs.
struct Browser {
    http: reqwest::Client,
    session: String,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start() -> Browser {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            l.local_addr().expect("addr").port()
        };
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver must be installed (apt-get install chromium chromium-driver)");
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if http.get(format!("{base}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().expect("profile");
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=fr-FR",
                     "--window-size=1100,900", format!("--user-data-dir={}", profile.path().display())],
            "prefs": {"intl.accept_languages": "fr-FR,fr"}
        }}}});
        let v: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .expect("new session")
            .json()
            .await
            .expect("json");
        let session = v["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {v}")).to_string();
        Browser { http, session: format!("{base}/session/{session}"), driver, _profile: profile }
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let req = self.http.request(method, format!("{}{path}", self.session));
        let req = if body.is_null() { req } else { req.json(&body) };
        let v: Value = req.send().await.expect("webdriver").json().await.expect("json");
        v["value"].clone()
    }

    async fn go(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", json!({"url": url})).await;
    }

    async fn find(&self, css: &str) -> String {
        let v = self.cmd(reqwest::Method::POST, "/element", json!({"using": "css selector", "value": css})).await;
        v[ELEMENT].as_str().unwrap_or_else(|| panic!("no element {css}: {v}")).to_string()
    }

    async fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{e}/value"), json!({"text": text})).await;
    }

    async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{e}/click"), json!({})).await;
    }

    async fn source(&self) -> String {
        self.cmd(reqwest::Method::GET, "/source", Value::Null).await.as_str().unwrap_or("").to_string()
    }

    /// The page source once it contains `text` (navigation after a click
    /// may still be under way), or the last source after 10 s.
    async fn wait_for(&self, text: &str) -> String {
        let mut page = String::new();
        for _ in 0..100 {
            page = self.source().await;
            if page.contains(text) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        page
    }

    async fn url(&self) -> String {
        self.cmd(reqwest::Method::GET, "/url", Value::Null).await.as_str().unwrap_or("").to_string()
    }

    async fn sign_in(&self, base: &str, username: &str) {
        self.go(&format!("{base}/login")).await;
        self.type_in("#username", username).await;
        self.type_in("#password", PASSWORD).await;
        self.click("form.narrow button[type=submit]").await;
    }

    async fn screenshot(&self, path: &std::path::Path) {
        use base64::Engine as _;
        let v = self.cmd(reqwest::Method::GET, "/screenshot", Value::Null).await;
        if let Some(png) = v.as_str().and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok()) {
            let _ = std::fs::write(path, png);
        }
    }

    async fn quit(mut self) {
        self.cmd(reqwest::Method::DELETE, "", Value::Null).await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn social_worker_registers_and_finds_a_child() {
    let app = spawn_app().await;
    let b = Browser::start().await;

    b.sign_in(&app.base, "social.kita").await;
    let page = b.wait_for("Enregistrer une personne").await;
    assert!(b.url().await.ends_with("/people"), "lands on the people list");
    assert!(page.contains("lang=\"fr\"") && page.contains("Personnes"), "in French");

    b.click("a.button[href='/people/new']").await;
    b.type_in("#given_name", "Aïssata").await;
    b.type_in("#family_name", "Dembélé").await;
    b.click("input[name=sex][value=F]").await;
    b.type_in("input[name=birth_day]", "14").await;
    b.type_in("input[name=birth_month]", "2").await;
    b.type_in("input[name=birth_year]", "2019").await;
    b.click("form button[type=submit]:not(.top button)").await;
    let page = b.wait_for("KIT-").await;
    assert!(
        page.contains("Aïssata") && page.contains("14/02/2019") && page.contains("KIT-"),
        "the new record is shown"
    );
    let child_url = b.url().await;

    // Found by searching without accents, partially.
    b.go(&format!("{}/people", app.base)).await;
    b.type_in("#q", "aissata dembe").await;
    b.click("form.search button").await;
    let page = b.wait_for("1 personne.").await;
    if let Ok(dir) = std::env::var("DUGU_SCREENSHOTS") {
        b.screenshot(&std::path::Path::new(&dir).join("search.png")).await;
    }
    assert!(page.contains("Dembélé") && page.contains("1 personne."), "found without accents: {page}");
    b.click("td a").await;
    let page = b.wait_for("Identité").await;
    assert_eq!(b.url().await, child_url);
    if let Ok(dir) = std::env::var("DUGU_SCREENSHOTS") {
        b.screenshot(&std::path::Path::new(&dir).join("person.png")).await;
    }
    assert!(page.contains("Identité") && page.contains("Date de naissance"), "the record page is in French");

    // Sign out; a social worker of another village cannot open the record.
    b.click("form.logout button").await;
    b.wait_for("Connexion").await;
    b.sign_in(&app.base, "social.socoura").await;
    b.wait_for("Personnes").await;
    b.go(&child_url).await;
    let page = b.wait_for("Page introuvable").await;
    assert!(page.contains("Page introuvable"), "out of scope is not found");
    assert!(!page.contains("Dembélé") && !page.contains("Aïssata"), "nothing of the child shows");
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn nurse_records_a_severely_wasted_child_and_finds_it_on_the_nutrition_list() {
    let app = spawn_app().await;
    // A girl of 18 months at Kita, registered by the director.
    let director = app.token("director.kita").await;
    let born = time::OffsetDateTime::now_utc().date() - time::Duration::days(548);
    let body = serde_json::json!({"given_name": "Kadidia", "family_name": "Coulibaly", "sex": "F", "birth_date": born.to_string(), "location_id": app.sites["KIT"]});
    let r = app.send(reqwest::Method::POST, &director, "/api/v1/people", &body).await;
    assert_eq!(r.status(), 201);
    let child: Value = r.json().await.expect("json");
    let child_url = format!("{}/people/{}", app.base, child["id"].as_str().expect("id"));

    let b = Browser::start().await;
    b.sign_in(&app.base, "nurse.kita").await;
    b.wait_for("Personnes").await;
    b.go(&child_url).await;
    b.wait_for("Enregistrer une mesure").await;
    b.type_in("#weight_kg", "7,0").await;
    b.type_in("#length_height_cm", "78").await;
    b.click("input[name=measured][value=lying]").await;
    b.type_in("#muac_mm", "108").await;
    b.click("#growth form button[type=submit]").await;
    let page = b.wait_for("Malnutrition aiguë sévère").await;
    assert!(page.contains("Malnutrition aiguë sévère (MAS)"), "SAM is shown");
    assert!(page.contains("<svg") && page.contains("Poids pour l'âge"), "with the growth chart");
    if let Ok(dir) = std::env::var("DUGU_SCREENSHOTS") {
        b.screenshot(&std::path::Path::new(&dir).join("growth.png")).await;
    }
    // A visit for the same child, with its diagnosis.
    b.type_in("#visit_reason", "Amaigrissement").await;
    b.type_in("#diagnosis", "Malnutrition aiguë sans complication").await;
    b.type_in("#treatment", "ATPE, suivi hebdomadaire").await;
    b.click("#medical form button[type=submit]").await;
    let page = b.wait_for("ATPE, suivi hebdomadaire").await;
    assert!(page.contains("sans complication"), "the nurse sees the diagnosis");

    // Kita's nutrition list, reached from the locations page.
    b.go(&format!("{}/locations", app.base)).await;
    b.wait_for("Lieux").await;
    b.click(&format!("a[href='/locations/{}/nutrition']", app.sites["KIT"])).await;
    let page = b.wait_for("Suivi nutritionnel").await;
    assert!(page.contains("Kadidia Coulibaly"), "the child is on Kita's nutrition list");
    assert!(page.contains("Malnutrition aiguë sévère"));

    // A social worker of Kita sees the child, not the diagnosis.
    b.click("form.logout button").await;
    b.wait_for("Connexion").await;
    b.sign_in(&app.base, "social.kita").await;
    b.wait_for("Personnes").await;
    b.go(&child_url).await;
    let page = b.wait_for("Identité").await;
    assert!(page.contains("Kadidia"), "the record is in scope");
    assert!(
        !page.contains("sévère") && !page.contains("<svg") && !page.contains("108"),
        "no diagnosis, chart or measurement"
    );
    assert!(
        page.contains("Consultations") && !page.contains("ATPE") && !page.contains("complication"),
        "a visit, not its diagnosis"
    );
    b.go(&format!("{}/locations/{}/nutrition", app.base, app.sites["KIT"])).await;
    let page = b.source().await;
    assert!(!page.contains("Kadidia"), "no nutrition list for a social worker");
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn director_narrows_the_people_list_and_a_name_search() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let today = time::OffsetDateTime::now_utc().date();
    for (given, sex, days) in [("Boubacar", "M", 300), ("Mariam", "F", 3700), ("Sékou", "M", 3800)] {
        let body = json!({"given_name": given, "family_name": "Samaké", "sex": sex,
            "birth_date": (today - time::Duration::days(days)).to_string(), "location_id": app.sites["KIT"]});
        app.create(&director, "/api/v1/people", &body).await;
    }
    let b = Browser::start().await;
    b.sign_in(&app.base, "director.kita").await;
    b.wait_for("Rechercher un nom").await;
    // Under five, no name: only the baby.
    b.click("#age_group option[value='0-4']").await;
    b.click("form.search button").await;
    let page = b.wait_for(r#"value="0-4" selected"#).await;
    assert!(page.contains("Boubacar") && !page.contains("Mariam") && !page.contains("Sékou"), "under five only");
    // A name with the filters kept: the boys named Samaké of 5–11.
    b.click("#age_group option[value='5-11']").await;
    b.click("#sex option[value='M']").await;
    b.type_in("#q", "samake").await;
    b.click("form.search button").await;
    // Only the new page lists Sékou (the one before also said "1 personne.").
    let page = b.wait_for("Sékou").await;
    if let Ok(dir) = std::env::var("DUGU_SCREENSHOTS") {
        b.screenshot(&std::path::Path::new(&dir).join("filters.png")).await;
    }
    assert!(page.contains("Sékou") && !page.contains("Mariam") && !page.contains("Boubacar"), "{page}");
    assert!(b.url().await.ends_with("/people/search"), "the name travelled by POST, not in the address");
    b.quit().await;
}
