//! `dugu sync` and the background round of `dugu serve` on a site: push
//! the site's own ops the hub has not answered, then pull pages of the
//! hub's scope through the merge, and repeat until a pass moves nothing.
//! Every step commits on its own (what was sent; the verdicts with
//! `pushed`; each page with its cursor), so a round cut anywhere — the
//! link lost, the laptop off — resumes where it stopped, with neither a
//! gap nor a duplicate.

use crate::data_lock::NotLocked;
use crate::enrol::{ROUND_PAGE, export_body, read_key};
use crate::hub_client::{Hub, HubError, RETIRED, failed};
use dugu_storage::Store;
use dugu_storage::reads::SiteLinkReads;
use dugu_sync::signature::DeviceKey;
use dugu_sync::wire::{self, Payload};
use std::path::Path;
use std::time::Duration;

/// Own ops per push at most. Each push is a write transaction at the hub
/// and two at the site, each with its fsync: 10,000 changed fields took
/// 20 pushes of 500. A page of 2,000 phone changes is ~90 KB.
const PUSH_PAGE: usize = 2_000;

/// A push's body at most, well below the hub's 256 KiB request limit: a
/// page of creations (a whole record each) is sent in halves until it
/// fits.
const PUSH_BYTES: usize = 192 * 1024;

/// How long a request may take before the hub counts as unreachable.
const TIMEOUT: Duration = Duration::from_secs(120);

/// What a round did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Round {
    /// Own ops the hub answered (kept or refused) this round.
    pub pushed: u64,
    /// Of those, refused.
    pub refused: u64,
    /// Ops new to this site.
    pub pulled: u64,
    /// Fields in conflict in this site after the round.
    pub conflicts: u64,
    /// Bytes sent to the hub (request bodies).
    pub sent_bytes: u64,
    /// Bytes received from the hub (answer bodies).
    pub received_bytes: u64,
    /// Requests made.
    pub requests: u64,
}

/// A site's database, its hub and its key, ready for rounds.
pub struct Site {
    store: Store,
    hub: Hub,
    key: DeviceKey,
}

impl Site {
    /// The site in `data`; exit code 2 when `data` holds no enrolled site.
    pub fn open(data: &Path) -> Result<Site, HubError> {
        if !data.join("dugu.sqlite").is_file() {
            return Err(failed(
                2,
                format!("no dugu database in {}: enrol the site first (dugu enrol)", data.display()),
            ));
        }
        let store = Store::open(data).map_err(|e| failed(1, format!("cannot open the database: {e}")))?;
        Site::of(store, data)
    }

    /// The site whose database is open in `store`, its key in `data`.
    pub fn of(store: Store, data: &Path) -> Result<Site, HubError> {
        let link = store.site_link().map_err(|e| failed(1, format!("cannot read the hub's link: {e}")))?;
        let Some(link) = link else {
            return Err(failed(2, format!("{} is not an enrolled site (it has no hub)", data.display())));
        };
        let key = read_key(data)?;
        let hub = Hub::new(&link.link.hub_url, TIMEOUT)?;
        Ok(Site { store, hub, key })
    }

    /// One complete round. A retired site's round stops at the hub's first
    /// refusal, having taken nothing, and says how many of its changes
    /// never reached the hub.
    pub fn round(&self) -> Result<Round, HubError> {
        self.round_until_refused().map_err(|e| {
            if e.code != RETIRED {
                return e;
            }
            match self.store.note_retired() {
                Ok(unsent) => failed(
                    RETIRED,
                    format!(
                        "{}: {unsent} change(s) made here were never sent and will not be; \
                         they stay in this folder, enter them on the new laptop",
                        e.message
                    ),
                ),
                Err(s) => failed(RETIRED, format!("{}; the site's database: {s}", e.message)),
            }
        })
    }

    fn round_until_refused(&self) -> Result<Round, HubError> {
        let site_id = self.store.site_id().to_string();
        let store_failed = |e: dugu_storage::StoreError| failed(1, format!("the site's database: {e}"));
        let mut round = Round::default();
        let mut credentials: Option<String>;
        loop {
            let mut moved = 0;
            loop {
                let mut ops = self.store.ops_to_push(PUSH_PAGE).map_err(store_failed)?;
                let mut body = wire::encode(&Payload::Push(ops.clone()));
                while body.len() > PUSH_BYTES && ops.len() > 1 {
                    ops.truncate(ops.len() / 2);
                    body = wire::encode(&Payload::Push(ops.clone()));
                }
                let Some(last) = ops.last().map(|o| o.seq) else { break };
                self.store.mark_sent(last).map_err(store_failed)?;
                round.sent_bytes += body.len() as u64;
                round.requests += 1;
                let answer = self.hub.signed(&self.key, &format!("/api/v1/sites/{site_id}/push"), &body)?;
                round.received_bytes += answer.bytes;
                let Payload::Verdicts(verdicts) = answer.payload else {
                    return Err(failed(1, "the hub answered a push with something else than verdicts".into()));
                };
                let done = self.store.take_verdicts(verdicts).map_err(store_failed)?;
                if done.answered == 0 {
                    return Err(failed(1, "the hub answered none of the pushed operations".into()));
                }
                round.pushed += done.answered;
                round.refused += done.refused;
                moved += done.answered;
            }
            loop {
                let link = self.store.site_link().map_err(store_failed)?.ok_or_else(|| failed(2, "no hub".into()))?;
                let body = export_body(&link.pulled, link.epoch, ROUND_PAGE)?;
                round.sent_bytes += body.len() as u64;
                round.requests += 1;
                let answer = self.hub.signed(&self.key, &format!("/api/v1/sites/{site_id}/export"), &body)?;
                round.received_bytes += answer.bytes;
                let Payload::Page(page) = answer.payload else {
                    return Err(failed(1, "the hub answered a pull with something else than a page".into()));
                };
                let more = page.more;
                credentials = answer.credentials;
                let taken = self.store.take_page(page).map_err(store_failed)?;
                round.pulled += taken.new_ops;
                moved += taken.new_ops;
                if !more {
                    break;
                }
            }
            if moved == 0 {
                break;
            }
        }
        // The accounts last: a user disabled or a password changed on the
        // hub takes effect here with this round (their sessions end). Not
        // asked when the hub's last page said they are what the site took
        // last: a round with nothing to do is then one request.
        let held = self.store.credentials_digest().map_err(store_failed)?;
        if credentials.is_none() || credentials != held {
            let answer = self.hub.signed(&self.key, &format!("/api/v1/sites/{site_id}/credentials"), b"")?;
            round.requests += 1;
            round.received_bytes += answer.bytes;
            let Payload::Credentials(list) = answer.payload else {
                return Err(failed(1, "the hub answered for the accounts with something else than credentials".into()));
            };
            self.store.refresh_credentials(list, Some(answer.digest)).map_err(store_failed)?;
        }
        self.store.finish_round().map_err(store_failed)?;
        round.conflicts = self.store.conflict_count().map_err(store_failed)?;
        Ok(round)
    }
}

/// `dugu sync --data DIR`: one complete round.
pub fn sync(data: &Path) -> Result<Round, HubError> {
    // A folder that is not there is not a site: `Site::open` says so.
    let _lock = if data.is_dir() {
        match crate::data_lock::hold(data) {
            Ok(lock) => Some(lock),
            Err(NotLocked::Busy) => {
                return Err(failed(
                    1,
                    format!(
                        "another dugu is using {} (a running dugu serve syncs on its own, see --sync-every): \
                         stop it to run dugu sync",
                        data.display()
                    ),
                ));
            }
            Err(NotLocked::Io(e)) => return Err(failed(1, format!("cannot lock {}: {e}", data.display()))),
        }
    } else {
        None
    };
    Site::open(data)?.round()
}

/// The background round of `dugu serve` on a site: one round now, then
/// one every `every`, on a thread of its own; one log line per round
/// (counts only), and a hub that cannot be reached is a warning, never a
/// stop.
pub fn every(store: Store, data: &Path, every: Duration) {
    let site = match Site::of(store, data) {
        Ok(site) => site,
        Err(e) if e.code == 2 => return,
        Err(e) => {
            tracing::warn!("no background sync: {}", e.message);
            return;
        }
    };
    let spawned = std::thread::Builder::new().name("dugu-sync".into()).spawn(move || {
        loop {
            match site.round() {
                Ok(r) => tracing::info!(
                    pushed = r.pushed,
                    refused = r.refused,
                    pulled = r.pulled,
                    conflicts = r.conflicts,
                    "sync round"
                ),
                Err(e) => tracing::warn!(code = e.code, "sync round not complete: {}", e.message),
            }
            std::thread::sleep(every);
        }
    });
    if let Err(e) = spawned {
        tracing::warn!("no background sync: {e}");
    }
}
