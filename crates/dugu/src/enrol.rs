//! `dugu enrol`: this laptop becomes a site of a hub. It makes the site's
//! device key, redeems the one-time code with the key's public half, pulls
//! every page of the site's scope and the credentials of its accounts
//! (each request signed with the key), and builds the database beside
//! DIR — moved into place only once whole, so a failure leaves nothing.
//!
//! A sync round (`dugu sync`, not built here) reads `hub_link` and
//! `device.key` from the same folder and asks the same export
//! (`POST /api/v1/sites/{id}/export`) from the cursor in `hub_link.pulled`.

use anyhow::Context;
use dugu_storage::{HubLink, SiteBuild};
use dugu_sync::VersionVector;
use dugu_sync::signature::{DeviceKey, SIGNATURE_HEADER, to_hex};
use dugu_sync::wire::{self, Payload};
use rand::RngCore;
use std::path::Path;
use std::time::Duration;

/// The file beside the database holding the device's secret key (hex).
pub const KEY_FILE: &str = "device.key";

/// Operations asked per page.
const PAGE: u32 = 5_000;

/// Why an enrolment failed, and the exit code it gets.
pub struct EnrolError {
    /// 2: DIR cannot take a site; 3: the hub cannot be reached; 1 otherwise.
    pub code: u8,
    /// What to tell the person at the laptop.
    pub message: String,
}

impl From<anyhow::Error> for EnrolError {
    fn from(e: anyhow::Error) -> Self {
        EnrolError { code: 1, message: format!("{e:#}") }
    }
}

fn failed(code: u8, message: String) -> EnrolError {
    EnrolError { code, message }
}

/// What the enrolment brought.
pub struct Enrolled {
    /// The site's id.
    pub site_id: String,
    /// Operations in its log.
    pub ops: u64,
    /// Accounts that can sign in there.
    pub accounts: u64,
    /// Bytes received from the hub (sync payloads), for the bytes per op
    /// docs/benchmarks.md reports.
    pub received: u64,
}

/// Enrols the site whose database will be in `data`.
pub fn enrol(data: &Path, hub: &str, code: &str) -> Result<Enrolled, EnrolError> {
    if data.exists() {
        let mut entries =
            std::fs::read_dir(data).map_err(|e| failed(2, format!("cannot read {}: {e}", data.display())))?;
        if entries.next().is_some() {
            return Err(failed(2, format!("{} is not empty: a site is enrolled into a new folder", data.display())));
        }
    }
    let parent = match data.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    // Removed on any failure (dropped); kept and renamed only at the end.
    let staging = tempfile::Builder::new()
        .prefix(".dugu-enrol-")
        .tempdir_in(&parent)
        .with_context(|| format!("cannot create a folder in {}", parent.display()))?;

    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let key = DeviceKey::from_secret(&secret);
    let hub = Hub::new(hub)?;

    let answer = hub.enrol(code, &key)?;
    let site_id = answer["site_id"].as_str().context("the hub's answer has no site id")?.to_string();
    let location_id = answer["location_id"].as_str().context("the hub's answer has no location")?.to_string();
    let mut build = SiteBuild::create(staging.path(), &site_id).context("cannot start the site's database")?;
    let mut cursor = VersionVector::default();
    let mut received = 0;
    loop {
        let body = export_body(&cursor, build.epoch())?;
        let (payload, size) = hub.signed(&key, &format!("/api/v1/sites/{site_id}/export"), &body)?;
        received += size;
        let page = match payload {
            Payload::Page(page) => page,
            Payload::Credentials(_) => return Err(anyhow::anyhow!("the hub sent credentials for a page").into()),
        };
        build.add_page(&page).context("cannot store what the hub sent")?;
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    let (payload, size) = hub.signed(&key, &format!("/api/v1/sites/{site_id}/credentials"), b"")?;
    received += size;
    let credentials = match payload {
        Payload::Credentials(list) => list,
        Payload::Page(_) => return Err(anyhow::anyhow!("the hub sent a page for credentials").into()),
    };
    let link = HubLink { hub_url: hub.base.clone(), site_id: site_id.clone(), location_id };
    let built = build.finish(&credentials, &link, &cursor).context("cannot build the site's database")?;
    write_key(&staging.path().join(KEY_FILE), &key)?;

    if data.exists() {
        std::fs::remove_dir(data).with_context(|| format!("cannot replace the empty {}", data.display()))?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, data).with_context(|| format!("cannot move the site's data into {}", data.display()))?;
    Ok(Enrolled { site_id, ops: built.ops, accounts: built.credentials, received })
}

/// An export request: where the pull starts, and the offer epoch of the
/// last page taken (so what a lost page offered is offered again).
fn export_body(cursor: &VersionVector, epoch: u64) -> anyhow::Result<Vec<u8>> {
    Ok(serde_json::to_vec(&serde_json::json!({ "after": cursor.0, "epoch": epoch, "limit": PAGE }))?)
}

/// The secret key, readable by its owner only: whoever holds it speaks
/// for the site.
fn write_key(path: &Path, key: &DeviceKey) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(format!("{}\n", to_hex(&key.secret())).as_bytes())?;
    file.sync_all()?;
    Ok(())
}

/// The hub, over HTTP.
struct Hub {
    base: String,
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

impl Hub {
    fn new(base: &str) -> anyhow::Result<Hub> {
        let base = base.trim_end_matches('/').to_string();
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(30))
            .timeout(Duration::from_secs(600))
            .build()
            .context("cannot start an HTTP client")?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        Ok(Hub { base, client, runtime })
    }

    fn unreachable(&self, e: reqwest::Error) -> EnrolError {
        failed(3, format!("cannot reach the hub at {}: {e}", self.base))
    }

    /// Redeems the code.
    fn enrol(&self, code: &str, key: &DeviceKey) -> Result<serde_json::Value, EnrolError> {
        let body = serde_json::json!({ "code": code, "public_key": to_hex(&key.public()) });
        let url = format!("{}/api/v1/sites/enrol", self.base);
        self.runtime.block_on(async {
            let r = self.client.post(url).json(&body).send().await.map_err(|e| self.unreachable(e))?;
            match r.status().as_u16() {
                200 => r.json().await.map_err(|e| self.unreachable(e)),
                404 | 422 => Err(failed(
                    1,
                    "the enrolment code is wrong, already used or expired: ask the hub's administrator for a new one"
                        .into(),
                )),
                s => Err(failed(1, format!("the hub refused the enrolment (HTTP {s})"))),
            }
        })
    }

    /// A request signed with the device key; its answer, a sync payload,
    /// and its size.
    fn signed(&self, key: &DeviceKey, path: &str, body: &[u8]) -> Result<(Payload, u64), EnrolError> {
        let signature = to_hex(&key.sign_request("POST", path, body));
        let url = format!("{}{path}", self.base);
        let bytes = self.runtime.block_on(async {
            let r = self
                .client
                .post(url)
                .header("content-type", "application/json")
                .header(SIGNATURE_HEADER, signature)
                .body(body.to_vec())
                .send()
                .await
                .map_err(|e| self.unreachable(e))?;
            if !r.status().is_success() {
                return Err(failed(
                    1,
                    format!(
                        "the hub refused to send the site's data (HTTP {}); the code is now used: ask for a new one",
                        r.status().as_u16()
                    ),
                ));
            }
            r.bytes().await.map_err(|e| self.unreachable(e))
        })?;
        let payload = wire::decode(&bytes).map_err(|e| failed(1, format!("the hub's answer cannot be read: {e}")))?;
        Ok((payload, bytes.len() as u64))
    }
}
