//! The hub, over HTTP, as a site's laptop speaks to it: enrolment
//! (`dugu enrol`) and the requests signed with the site's device key
//! (`dugu enrol`, `dugu sync`, and the background round of `dugu serve`).

use dugu_sync::signature::{DeviceKey, SIGNATURE_HEADER, to_hex};
use dugu_sync::wire::{self, Payload};
use std::time::Duration;

/// Why a request to the hub failed, and the exit code it gets.
#[derive(Debug)]
pub struct HubError {
    /// 2: the data folder cannot take part; 3: the hub cannot be reached;
    /// 4: the hub retired this site ([`RETIRED`]); 1 otherwise.
    pub code: u8,
    /// What to tell the person at the laptop.
    pub message: String,
}

impl From<anyhow::Error> for HubError {
    fn from(e: anyhow::Error) -> Self {
        HubError { code: 1, message: format!("{e:#}") }
    }
}

/// The exit code of a site the hub retired: another laptop was enrolled
/// for its location, and the hub answers its requests 410.
pub const RETIRED: u8 = 4;

/// A failure with its exit code.
pub fn failed(code: u8, message: String) -> HubError {
    HubError { code, message }
}

/// What a signed request brought back.
pub struct Answer {
    /// The sync payload.
    pub payload: Payload,
    /// Its size on the wire, in bytes.
    pub bytes: u64,
    /// What names its bytes ([`wire::credentials_digest`]).
    pub digest: String,
    /// What the hub says names the credentials it would send now (on the
    /// last page of a pull; `None` from a hub that does not say).
    pub credentials: Option<String>,
}

/// The hub, over HTTP, with its own small runtime: the callers are plain
/// threads (a command, or the server's background round, which must not
/// block the server's async threads).
pub struct Hub {
    /// The hub's base URL, without a trailing slash.
    pub base: String,
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

impl Hub {
    /// A client for the hub at `base`; a request not answered in
    /// `timeout` counts as the hub unreachable.
    pub fn new(base: &str, timeout: Duration) -> anyhow::Result<Hub> {
        let base = base.trim_end_matches('/').to_string();
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(30).min(timeout))
            .timeout(timeout)
            .build()?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        Ok(Hub { base, client, runtime })
    }

    fn unreachable(&self, e: reqwest::Error) -> HubError {
        failed(3, format!("cannot reach the hub at {}: {e}", self.base))
    }

    /// Posts JSON, unsigned; the status and the answer's JSON (null when
    /// the answer is not JSON).
    pub fn post_json(&self, path: &str, body: &serde_json::Value) -> Result<(u16, serde_json::Value), HubError> {
        let url = format!("{}{path}", self.base);
        self.runtime.block_on(async {
            let r = self.client.post(url).json(body).send().await.map_err(|e| self.unreachable(e))?;
            let status = r.status().as_u16();
            let bytes = r.bytes().await.map_err(|e| self.unreachable(e))?;
            Ok((status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null)))
        })
    }

    /// A request signed with the device key (its body JSON or a sync
    /// payload); its answer, a sync payload. A refusal is code 1, naming
    /// the HTTP status only; a retired site's, [`RETIRED`].
    pub fn signed(&self, key: &DeviceKey, path: &str, body: &[u8]) -> Result<Answer, HubError> {
        let signature = to_hex(&key.sign_request("POST", path, body));
        let url = format!("{}{path}", self.base);
        let content_type = if body.starts_with(wire::MAGIC) { "application/octet-stream" } else { "application/json" };
        let bytes = self.runtime.block_on(async {
            let r = self
                .client
                .post(url)
                .header("content-type", content_type)
                .header(SIGNATURE_HEADER, signature)
                .body(body.to_vec())
                .send()
                .await
                .map_err(|e| self.unreachable(e))?;
            if r.status() == reqwest::StatusCode::GONE {
                return Err(failed(
                    RETIRED,
                    "the hub has retired this site: another laptop was enrolled for its place".into(),
                ));
            }
            if !r.status().is_success() {
                return Err(failed(1, format!("the hub refused the site's request (HTTP {})", r.status().as_u16())));
            }
            let credentials =
                r.headers().get(wire::CREDENTIALS_HEADER).and_then(|v| v.to_str().ok()).map(str::to_string);
            Ok((r.bytes().await.map_err(|e| self.unreachable(e))?, credentials))
        })?;
        let (bytes, credentials) = bytes;
        let payload = wire::decode(&bytes).map_err(|e| failed(1, format!("the hub's answer cannot be read: {e}")))?;
        Ok(Answer { payload, bytes: bytes.len() as u64, digest: wire::credentials_digest(&bytes), credentials })
    }
}
