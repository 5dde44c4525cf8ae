//! A site's side of a sync round: what it knows of its hub, and taking a
//! page it pulled — the page's ops through the merge and the cursor it
//! asks from next, in one transaction, so a round cut at any byte resumes
//! with neither a gap nor a duplicate.

use crate::sites::HubLink;
use crate::writer::Tx;
use crate::{Millis, Store, StoreError};
use dugu_sync::wire::Page;
use dugu_sync::{Verdict, VersionVector};
use rusqlite::{OptionalExtension, params};

/// A site's link to its hub and how far the two have exchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLink {
    /// The hub, this site, the location it serves.
    pub link: HubLink,
    /// Where the next pull starts.
    pub pulled: VersionVector,
    /// The highest own sequence number sent in a push not yet answered.
    pub sent: u64,
    /// The highest own sequence number the hub has answered.
    pub pushed: u64,
    /// When the last complete round ended.
    pub last_sync: Option<Millis>,
    /// The offer epoch of the last page taken: the next export request
    /// acknowledges it.
    pub epoch: u64,
}

/// What taking a page did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageTaken {
    /// Ops in the page this replica did not hold before.
    pub new_ops: u64,
    /// Ops refused by the merge's own checks (damaged, unknown kind…).
    pub refused: u64,
    /// Roots (people, households) that left this site's scope and were
    /// purged here.
    pub purged: u64,
}

impl Store {
    /// Takes a page pulled from the hub: its ops go through the merge
    /// ([`Store::receive`], a device's ops allowed to come with gaps), the
    /// roots it says are gone from this site's scope are purged (see
    /// `purge.rs`; refused whole while this site has unacknowledged ops on
    /// one of them), and `hub_link` moves to its cursor and offer epoch —
    /// all in one transaction. A page taken twice changes nothing the
    /// second time.
    pub fn take_page(&self, page: Page) -> Result<PageTaken, StoreError> {
        self.write(move |tx| tx.take_page(page))
    }
}

impl Tx<'_> {
    /// See [`Store::take_page`].
    pub(crate) fn take_page(&mut self, page: Page) -> Result<PageTaken, StoreError> {
        // The cursor first: the merge reads it to vouch for the page's ops
        // whose devices' earlier ops were out of scope (`receive.rs`).
        let cursor = serde_json::to_string(&page.cursor.0).map_err(|e| StoreError::Integrity(e.to_string()))?;
        let epoch =
            i64::try_from(page.epoch).map_err(|_| StoreError::Integrity("an offer epoch out of range".into()))?;
        let moved =
            self.conn.prepare_cached("UPDATE hub_link SET pulled = ?1, epoch = ?2")?.execute(params![cursor, epoch])?;
        if moved != 1 {
            return Err(StoreError::Integrity("a page was pulled into a database that is not a site".into()));
        }
        let (verdicts, new_ops) = self.receive_counted(page.ops)?;
        let refused = verdicts.iter().filter(|v| matches!(v, Verdict::Rejected(_))).count() as u64;
        let purged = self.purge_gone(&page.gone)?;
        Ok(PageTaken { new_ops, refused, purged })
    }
}

/// Whether this database is a site, and its hub.
pub trait SiteLinkReads {
    /// The hub this database is a site of; `None` on a hub or a
    /// stand-alone server.
    fn site_link(&self) -> Result<Option<SiteLink>, StoreError>;
}

impl SiteLinkReads for Store {
    fn site_link(&self) -> Result<Option<SiteLink>, StoreError> {
        self.read(|c| {
            type Row = (String, String, String, String, i64, i64, Option<i64>, i64);
            let row: Option<Row> = c
                .prepare_cached(
                    "SELECT site_id, hub_url, location_id, pulled, sent, pushed, last_sync, epoch FROM hub_link LIMIT 1",
                )?
                .query_row([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
                })
                .optional()?;
            let Some((site_id, hub_url, location_id, pulled, sent, pushed, last_sync, epoch)) = row else {
                return Ok(None);
            };
            let pulled = serde_json::from_str(&pulled)
                .map_err(|e| StoreError::Integrity(format!("hub_link.pulled is not a version vector: {e}")))?;
            Ok(Some(SiteLink {
                link: HubLink { hub_url, site_id, location_id },
                pulled: VersionVector(pulled),
                sent: sent.max(0) as u64,
                pushed: pushed.max(0) as u64,
                last_sync,
                epoch: epoch.max(0) as u64,
            }))
        })
    }
}
