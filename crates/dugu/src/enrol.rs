//! `dugu enrol`: this laptop becomes a site of a hub. It makes the site's
//! device key, redeems the one-time code with the key's public half, pulls
//! every page of the site's scope and the credentials of its accounts
//! (each request signed with the key), and builds the database beside
//! DIR — moved into place only once whole, so a failure leaves nothing.
//!
//! A sync round (`dugu sync`, `sync_round.rs`) reads `hub_link` and
//! `device.key` from the same folder and asks the same export
//! (`POST /api/v1/sites/{id}/export`) from the cursor in `hub_link.pulled`.

use crate::hub_client::{Hub, HubError, failed};
use anyhow::Context;
use dugu_storage::{HubLink, SiteBuild};
use dugu_sync::VersionVector;
use dugu_sync::signature::{DeviceKey, to_hex};
use dugu_sync::wire::{Page, Payload};
use rand::RngCore;
use std::path::Path;
use std::time::Duration;

/// The file beside the database holding the device's secret key (hex).
pub const KEY_FILE: &str = "device.key";

/// Operations asked per page of an enrolment: the hub's fixed cost per
/// page is paid 50 times for a village of 50,000 children rather than
/// 200, a page is about 1.2 MB, and a page this large is one the hub
/// reads as a bulk pull (the people in scope read once, as a set).
const ENROL_PAGE: u32 = dugu_storage::BULK_PAGE;

/// Operations asked per page of a sync round: a lost page on a poor link
/// costs at most ~300 KB again.
pub const ROUND_PAGE: u32 = 5_000;

/// Why an enrolment failed, and the exit code it gets (2: DIR cannot
/// take a site; 3: the hub cannot be reached; 1 otherwise).
pub type EnrolError = HubError;

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
    let hub = Hub::new(hub, Duration::from_secs(600))?;

    let answer = redeem(&hub, code, &key)?;
    let site_id = answer["site_id"].as_str().context("the hub's answer has no site id")?.to_string();
    let location_id = answer["location_id"].as_str().context("the hub's answer has no location")?.to_string();
    let mut build = SiteBuild::create(staging.path(), &site_id).context("cannot start the site's database")?;
    // A hub before this answer said nothing: the pulled records decide.
    for line in answer["last_record_numbers"].as_array().into_iter().flatten() {
        let (Some(location), Some(last)) = (line["location_id"].as_str(), line["last"].as_i64()) else {
            return Err(anyhow::anyhow!("the hub's answer has a malformed record number").into());
        };
        build.numbered_up_to(location, last).context("the hub's last record number")?;
    }
    for line in answer["last_receipt_numbers"].as_array().into_iter().flatten() {
        let (Some(location), Some(last)) = (line["location_id"].as_str(), line["last"].as_i64()) else {
            return Err(anyhow::anyhow!("the hub's answer has a malformed receipt number").into());
        };
        build.receipts_numbered_up_to(location, last).context("the hub's last receipt number")?;
    }
    let (cursor, mut received) = pull_all(&hub, &key, &site_id, &mut build)?;
    let answer = hub.signed(&key, &format!("/api/v1/sites/{site_id}/credentials"), b"").map_err(code_spent)?;
    received += answer.bytes;
    let Payload::Credentials(credentials) = answer.payload else {
        return Err(anyhow::anyhow!("the hub sent something else than credentials").into());
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

/// Pulls every page into `build`; the cursor reached and the bytes
/// received. The next page is asked for while this one is stored — its
/// request needs only the page's cursor and epoch — so the hub's reading
/// and the site's writing overlap instead of taking turns.
fn pull_all(
    hub: &Hub,
    key: &DeviceKey,
    site_id: &str,
    build: &mut SiteBuild,
) -> Result<(VersionVector, u64), EnrolError> {
    let path = format!("/api/v1/sites/{site_id}/export");
    // One page waits while one is stored: memory stays at two pages.
    let (pages, taken) = std::sync::mpsc::sync_channel::<Result<(Page, u64), EnrolError>>(1);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let (mut cursor, mut epoch) = (VersionVector::default(), 0);
            loop {
                let page = export_body(&cursor, epoch, ENROL_PAGE).map_err(EnrolError::from).and_then(|body| {
                    let answer = hub.signed(key, &path, &body).map_err(code_spent)?;
                    match answer.payload {
                        Payload::Page(page) => Ok((page, answer.bytes)),
                        _ => Err(anyhow::anyhow!("the hub sent something else than a page").into()),
                    }
                });
                let last = match &page {
                    Ok((page, _)) => {
                        (cursor, epoch) = (page.cursor.clone(), page.epoch);
                        !page.more
                    }
                    Err(_) => true,
                };
                // A closed channel: the builder stopped on an error of its own.
                if pages.send(page).is_err() || last {
                    return;
                }
            }
        });
        let (mut cursor, mut received) = (VersionVector::default(), 0);
        for page in taken {
            let (page, bytes) = page?;
            received += bytes;
            build.add_page(&page).context("cannot store what the hub sent")?;
            cursor = page.cursor;
        }
        Ok((cursor, received))
    })
}

/// An export request: where the pull starts, the offer epoch of the last
/// page taken (so what a lost page offered is offered again), and a page
/// size.
pub fn export_body(cursor: &VersionVector, epoch: u64, limit: u32) -> anyhow::Result<Vec<u8>> {
    Ok(serde_json::to_vec(&serde_json::json!({ "after": cursor.0, "epoch": epoch, "limit": limit }))?)
}

/// Past the code's redemption, a refusal leaves the code spent.
fn code_spent(e: HubError) -> HubError {
    if e.code == 1 { failed(1, format!("{}; the code is now used: ask for a new one", e.message)) } else { e }
}

/// Redeems the code.
fn redeem(hub: &Hub, code: &str, key: &DeviceKey) -> Result<serde_json::Value, EnrolError> {
    let body = serde_json::json!({ "code": code, "public_key": to_hex(&key.public()) });
    match hub.post_json("/api/v1/sites/enrol", &body)? {
        (200, answer) => Ok(answer),
        (404 | 422, _) => Err(failed(
            1,
            "the enrolment code is wrong, already used or expired: ask the hub's administrator for a new one".into(),
        )),
        (s, _) => Err(failed(1, format!("the hub refused the enrolment (HTTP {s})"))),
    }
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

/// The device key a site was enrolled with, from `DIR/device.key`.
pub fn read_key(data: &Path) -> Result<DeviceKey, EnrolError> {
    let path = data.join(KEY_FILE);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| failed(2, format!("cannot read the site's device key {}: {e}", path.display())))?;
    let secret: [u8; 32] = dugu_sync::signature::from_hex(text.trim())
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| failed(2, format!("{} does not hold a device key", path.display())))?;
    Ok(DeviceKey::from_secret(&secret))
}
