//! What the tests that run `dugu` as real processes share: running the
//! binary, a server on a free port stopped when dropped, signing in and
//! calling the API. Each test binary uses part of it.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// Every demo account's password in these tests.
pub const PASSWORD: &str = "Le fleuve Niger à Kita";

/// Runs `dugu ARGS` to its end, with no data folder or enrolment code
/// taken from the environment.
pub fn dugu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dugu"))
        .args(args)
        .env_remove("DUGU_DATA")
        .env_remove("DUGU_ENROLMENT_CODE")
        .output()
        .expect("run dugu")
}

/// A path as an argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// What a run printed, both streams.
pub fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// `dugu sync --data DIR` to its end (a round with the hub the folder
/// was enrolled to).
pub fn sync(dir: &Path) -> Output {
    dugu(&["sync", "--data", s(dir)])
}

/// A server process, killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// Starts `dugu ARGS` listening on `port` and waits until it answers.
pub async fn start_on(args: &[&str], port: u16) -> Server {
    let listen = format!("127.0.0.1:{port}");
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--listen", &listen]);
    let child = Command::new(env!("CARGO_BIN_EXE_dugu"))
        .args(&all)
        .env("DUGU_DEMO_PASSWORD", PASSWORD)
        .env("DUGU_SECOND_FACTOR_ROLES", "")
        .env_remove("DUGU_DATA")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dugu");
    let server = Server { child, base: format!("http://{listen}") };
    for _ in 0..600 {
        if let Ok(r) = reqwest::get(format!("{}/healthz", server.base)).await
            && r.status() == 200
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server at {} did not start", server.base);
}

/// Starts `dugu ARGS` on a free port and waits until it answers.
pub async fn start(args: &[&str]) -> Server {
    start_on(args, free_port()).await
}

/// A bearer token for a demo account.
pub async fn token(base: &str, username: &str) -> String {
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/login"))
        .json(&json!({"username": username, "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 200, "{username} signs in at {base}");
    r.json::<Value>().await.expect("json")["token"].as_str().expect("token").to_string()
}

/// `GET path`, which must answer 200 with JSON.
pub async fn get(base: &str, token: &str, path: &str) -> Value {
    let r = reqwest::Client::new().get(format!("{base}{path}")).bearer_auth(token).send().await.expect("get");
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.expect("json")
}

/// Every person a user's list shows, page after page (as listed, not
/// each one's whole record).
pub async fn all_people(base: &str, token: &str) -> Vec<Value> {
    let mut all = Vec::new();
    loop {
        let page = get(base, token, &format!("/api/v1/people?limit=200&offset={}", all.len())).await;
        let items = page["items"].as_array().expect("items").clone();
        let done = items.is_empty();
        all.extend(items);
        if done || all.len() as u64 >= page["total"].as_u64().expect("total") {
            return all;
        }
    }
}

/// A request with a JSON body, which must succeed with JSON.
pub async fn send(base: &str, token: &str, method: reqwest::Method, path: &str, body: Value) -> Value {
    let r = reqwest::Client::new()
        .request(method, format!("{base}{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("send");
    assert!(r.status().is_success(), "{path}: {}", r.status());
    r.json().await.expect("json")
}

/// Starts `dugu ARGS` listening on `port`, with no background sync (the
/// tests run each round themselves).
pub async fn start_without_sync(args: &[&str], port: u16) -> Server {
    let mut all = args.to_vec();
    all.extend(["--sync-every", "0"]);
    start_on(&all, port).await
}

/// The id of the location with this code, as the API lists them.
pub async fn location_id(base: &str, token: &str, code: &str) -> String {
    let locations = get(base, token, "/api/v1/locations").await;
    locations["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|l| l["code"] == code)
        .and_then(|l| l["id"].as_str())
        .unwrap_or_else(|| panic!("no location {code}"))
        .to_string()
}

/// Creates a site for `location` at the hub and enrols a laptop's folder
/// `dir` with its code (`--code=` so a code beginning with `-` is no flag).
pub async fn enrol_site(hub: &str, admin: &str, location: &str, dir: &Path) {
    let created = send(hub, admin, reqwest::Method::POST, "/api/v1/sites", json!({"location_id": location})).await;
    let code = created["enrolment_code"].as_str().expect("code");
    let o = dugu(&["enrol", "--data", s(dir), "--hub", hub, &format!("--code={code}")]);
    assert!(o.status.success(), "{}", text(&o));
}

/// `dugu check` passes on `dir`: its state replays from its log.
pub fn check(dir: &Path) {
    let o = dugu(&["check", "--data", s(dir)]);
    assert!(o.status.success(), "{}: {}", dir.display(), text(&o));
}
