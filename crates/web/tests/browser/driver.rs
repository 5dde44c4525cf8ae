//! A minimal WebDriver client for the journeys: headless Chromium through
//! Debian's chromedriver, in French, with screenshots kept as CI artefacts.

use crate::helpers::PASSWORD;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A minimal WebDriver client: just the commands this journey needs.
pub struct Browser {
    http: reqwest::Client,
    session: String,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start() -> Browser {
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
                     "--window-size=1280,900", format!("--user-data-dir={}", profile.path().display())],
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

    pub async fn go(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", json!({"url": url})).await;
    }

    pub async fn find(&self, css: &str) -> String {
        let v = self.cmd(reqwest::Method::POST, "/element", json!({"using": "css selector", "value": css})).await;
        v[ELEMENT].as_str().unwrap_or_else(|| panic!("no element {css}: {v}")).to_string()
    }

    pub async fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{e}/value"), json!({"text": text})).await;
    }

    /// The browser's reload button.
    #[allow(dead_code)]
    pub async fn refresh(&self) {
        self.cmd(reqwest::Method::POST, "/refresh", json!({})).await;
    }

    /// The browser's Back button.
    #[allow(dead_code)]
    pub async fn back(&self) {
        self.cmd(reqwest::Method::POST, "/back", json!({})).await;
    }

    pub async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.cmd(reqwest::Method::POST, &format!("/element/{e}/click"), json!({})).await;
    }

    pub async fn source(&self) -> String {
        self.cmd(reqwest::Method::GET, "/source", Value::Null).await.as_str().unwrap_or("").to_string()
    }

    /// The page source once it contains `text` (navigation after a click
    /// may still be under way), or the last source after 10 s.
    pub async fn wait_for(&self, text: &str) -> String {
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

    pub async fn url(&self) -> String {
        self.cmd(reqwest::Method::GET, "/url", Value::Null).await.as_str().unwrap_or("").to_string()
    }

    pub async fn sign_in(&self, base: &str, username: &str) {
        self.go(&format!("{base}/login")).await;
        self.type_in("#username", username).await;
        self.type_in("#password", PASSWORD).await;
        self.click("form.narrow button[type=submit]").await;
    }

    /// Sets the window's width in CSS pixels (360 for a phone, 1280 for a
    /// laptop), keeping a tall window so a screenshot shows most of a page.
    pub async fn set_width(&self, width: u32) {
        self.cmd(reqwest::Method::POST, "/window/rect", json!({"width": width, "height": 900})).await;
    }

    /// Runs `script` in the page (a function body: `return …;`) and gives
    /// back its value.
    #[allow(dead_code)] // for the phone journeys to come
    pub async fn script(&self, script: &str) -> Value {
        self.cmd(reqwest::Method::POST, "/execute/sync", json!({"script": script, "args": []})).await
    }

    /// How much wider than the window the page is, in CSS pixels (0 when
    /// nothing needs horizontal scrolling).
    #[allow(dead_code)]
    pub async fn overflow_px(&self) -> i64 {
        let v =
            self.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;").await;
        v.as_i64().unwrap_or_else(|| panic!("no width: {v}"))
    }

    /// Keeps a screenshot of the page as `NAME.png` in `$DUGU_SCREENSHOTS`
    /// when that is set (the CI keeps them as artefacts).
    pub async fn shot(&self, name: &str) {
        if let Ok(dir) = std::env::var("DUGU_SCREENSHOTS") {
            let _ = std::fs::create_dir_all(&dir);
            self.screenshot(&std::path::Path::new(&dir).join(format!("{name}.png"))).await;
        }
    }

    async fn screenshot(&self, path: &std::path::Path) {
        use base64::Engine as _;
        let v = self.cmd(reqwest::Method::GET, "/screenshot", Value::Null).await;
        if let Some(png) = v.as_str().and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok()) {
            let _ = std::fs::write(path, png);
        }
    }

    /// Ends the session and the driver.
    pub async fn quit(mut self) {
        self.cmd(reqwest::Method::DELETE, "", Value::Null).await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
