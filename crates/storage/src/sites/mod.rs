//! Hub and sites (issue 14). The hub's administrator creates a site for a
//! location, with a one-time enrolment code; the site's laptop redeems the
//! code with its device's public key, then pulls every operation of its
//! scope ([`Store::export_to_site`]) and the credentials of the accounts
//! in it, and builds its own database from them ([`SiteBuild`]).
//!
//! A sync round pushes the site's own ops (`round.rs`), which the hub
//! re-checks as if they were made there (`push.rs`), then pulls the same
//! export from the cursor the site keeps in `hub_link.pulled` and hands
//! each page to the merge with the cursor (`pull.rs`).

mod accounts;
mod build;
mod export;
mod offers;
mod pull;
mod purge;
mod push;
mod round;
mod status;
#[cfg(test)]
mod tests;

pub use accounts::CredentialsRefreshed;
pub use build::{Built, HubLink, SiteBuild};
pub use export::BULK_PAGE;
pub use pull::{PageTaken, SiteLink, SiteLinkReads};
pub use push::HubPush;
pub use round::PushAnswered;
pub(crate) use status::record_and_its_own;
pub use status::{Origin, RecordSync, Refusal, SiteRow, SiteStatus, SyncReads};

use crate::writer::Tx;
use crate::{AuditAction, Millis, Principal, Store, StoreError};
use dugu_domain::{Invalid, Problem};
use dugu_sync::VersionVector;
use dugu_sync::wire::{Credential, Page};
use rusqlite::{OptionalExtension, params};

/// How long an enrolment code works: a day, time enough to carry it to
/// the site's laptop, short enough that a lost note is soon worthless.
pub const ENROLMENT_VALID_MS: Millis = 24 * 60 * 60 * 1000;

/// What a redeemed code tells the new site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    /// The site's id: its device id in every log.
    pub site_id: String,
    /// The location it serves (with the places below it).
    pub location_id: String,
    /// For the place it serves (the only one it numbers in), the highest
    /// record number ever given in the place's own series, wherever that
    /// record is now: the new laptop numbers on from there, not from what
    /// it pulled (a child given a number and transferred away since is not
    /// pulled). Empty if nothing was numbered there yet.
    pub last_numbers: Vec<(String, i64)>,
    /// The same for the place's receipts (`KIT-R000042` is 42): the
    /// highest receipt number given in the place's own series, wherever
    /// its household is now. A new laptop that numbered on from the
    /// receipts it pulled would give again the number of a receipt whose
    /// household has moved out of its scope since — a second paper slip
    /// with the number of food already handed over.
    pub last_receipt_numbers: Vec<(String, i64)>,
}

impl Tx<'_> {
    /// Creates a site for `location_id` with an enrolment code, of which
    /// the store keeps only `code_hash`; administrators only. Audited.
    pub fn create_site(
        &mut self,
        who: &Principal,
        location_id: &str,
        code_hash: &str,
        now: Millis,
    ) -> Result<String, StoreError> {
        if !who.role.administers() {
            return Err(StoreError::Forbidden);
        }
        let known: bool = self
            .conn
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM locations WHERE id = ?1)")?
            .query_row([location_id], |r| r.get(0))?;
        if !known {
            let mut invalid = Invalid::new();
            invalid.add("location_id", Problem::Unknown);
            return Err(invalid.into());
        }
        let id = crate::new_id();
        self.conn
            .prepare_cached("INSERT INTO sites (id, location_id, created_at, created_by) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![id, location_id, now, who.user_id])?;
        self.conn
            .prepare_cached("INSERT INTO enrolment_codes (code_hash, site_id, expires_at) VALUES (?1, ?2, ?3)")?
            .execute(params![code_hash, id, now + ENROLMENT_VALID_MS])?;
        self.audit(Some(who), AuditAction::Create, "site", &id, &["location_id"])?;
        Ok(id)
    }

    /// Redeems an enrolment code at `now`: the site keeps `public_key` as
    /// its device key. `None` for a code unknown, used or expired — the
    /// three are the same to the caller.
    pub fn redeem_enrolment(
        &mut self,
        code_hash: &str,
        public_key: &[u8],
        now: Millis,
    ) -> Result<Option<Enrolled>, StoreError> {
        let found: Option<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT c.site_id, s.location_id FROM enrolment_codes c JOIN sites s ON s.id = c.site_id
                  WHERE c.code_hash = ?1 AND c.used_at IS NULL AND c.expires_at > ?2 AND s.public_key IS NULL",
            )?
            .query_row(params![code_hash, now], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((site_id, location_id)) = found else { return Ok(None) };
        self.conn
            .prepare_cached("UPDATE enrolment_codes SET used_at = ?2 WHERE code_hash = ?1")?
            .execute(params![code_hash, now])?;
        self.conn
            .prepare_cached("UPDATE sites SET public_key = ?2, enrolled_at = ?3, last_contact = ?3 WHERE id = ?1")?
            .execute(params![site_id, public_key, now])?;
        self.audit(None, AuditAction::Update, "site", &site_id, &["public_key"])?;
        // A laptop replaced: the one enrolled before for this location
        // would go on numbering the village's records from where it was,
        // as the new one does from what it pulled. Retired at the new
        // one's enrolment, not at the site's creation, so the old laptop
        // may still push what it holds while the code travels.
        let retired: Vec<String> = self
            .conn
            .prepare_cached(
                "UPDATE sites SET retired_at = ?3
                  WHERE location_id = ?1 AND id <> ?2 AND public_key IS NOT NULL AND retired_at IS NULL
                 RETURNING id",
            )?
            .query_map(params![location_id, site_id, now], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for old in &retired {
            self.audit(None, AuditAction::Update, "site", old, &["retired_at"])?;
        }
        // The site numbers only in its own place's series (`Tx::record_site`),
        // whatever the place's kind: the highest number given there, by
        // the hub before this site or by a laptop it replaces. A longer
        // code beginning with this one (`KITA-KITA-…` for `KITA`) is not
        // this place's: only digits may follow the dash.
        let last_numbers = self
            .conn
            .prepare_cached(
                "SELECT l.id, MAX(CAST(substr(r.record_number, length(l.code) + 2) AS INTEGER)) AS n
                   FROM locations l
                   JOIN (SELECT record_number FROM people UNION ALL SELECT record_number FROM households) r
                     ON r.record_number LIKE l.code || '-%'
                    AND substr(r.record_number, length(l.code) + 2) NOT GLOB '*[^0-9]*'
                  WHERE l.id = ?1
                    AND CAST(substr(r.record_number, length(l.code) + 2) AS INTEGER) < ?2
                  GROUP BY l.id",
            )?
            .query_map(params![location_id, dugu_domain::record_number::NATIONAL_FIRST as i64], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        let last_receipt_numbers = self
            .conn
            .prepare_cached(
                "SELECT l.id, MAX(CAST(substr(r.number, length(l.code) + 3) AS INTEGER)) AS n
                   FROM locations l
                   JOIN receipts r
                     ON r.number LIKE l.code || '-R%'
                    AND substr(r.number, length(l.code) + 3) NOT GLOB '*[^0-9]*'
                    AND length(r.number) > length(l.code) + 2
                  WHERE l.id = ?1
                    AND CAST(substr(r.number, length(l.code) + 3) AS INTEGER) < ?2
                  GROUP BY l.id",
            )?
            .query_map(params![location_id, dugu_domain::record_number::NATIONAL_FIRST as i64], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        Ok(Some(Enrolled { site_id, location_id, last_numbers, last_receipt_numbers }))
    }
}

impl Store {
    fn enrolled_location(&self, site_id: &str) -> Result<String, StoreError> {
        self.read(|c| enrolled_location(c, site_id))
    }

    fn note_export(&self, site_id: &str, what: &'static str, pulled: Option<String>) -> Result<(), StoreError> {
        let site = site_id.to_string();
        self.write(move |tx| tx.note_export(&site, what, pulled))
    }
}

/// The location an enrolled site serves; `NotFound` for a site unknown or
/// not enrolled, `Retired` for one another laptop replaced.
pub(crate) fn enrolled_location(c: &rusqlite::Connection, site_id: &str) -> Result<String, StoreError> {
    let found: Option<(String, bool)> = c
        .prepare_cached(
            "SELECT location_id, retired_at IS NOT NULL FROM sites WHERE id = ?1 AND public_key IS NOT NULL",
        )?
        .query_row([site_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match found {
        None => Err(StoreError::NotFound),
        Some((_, true)) => Err(StoreError::Retired),
        Some((location, false)) => Ok(location),
    }
}

impl Tx<'_> {
    /// The site's last contact (and, for a page, the cursor it asked
    /// from), and the trail's entry for what it was sent.
    fn note_export(&mut self, site: &str, what: &'static str, pulled: Option<String>) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE sites SET last_contact = ?2, pulled = COALESCE(?3, pulled) WHERE id = ?1")?
            .execute(params![site, crate::now_millis(), pulled])?;
        self.audit(None, AuditAction::Export, "site", site, &[what])
    }
}

/// The hub's side of a site's life: created with an enrolment code,
/// enrolled, its pages of ops and its accounts' credentials. A hub on
/// another backend implements these too.
pub trait HubSites {
    /// [`Tx::create_site`], now.
    fn create_site(&self, who: &Principal, location_id: &str, code_hash: &str) -> Result<String, StoreError>;
    /// What names the credentials [`Store::credentials_for_site`] would
    /// send now ([`dugu_sync::wire::credentials_digest`] of the payload),
    /// read only: the hub says it on the last page of every pull, so a
    /// round with nothing to do neither asks for them nor writes here.
    fn credentials_digest_for_site(&self, site_id: &str) -> Result<String, StoreError>;
    /// The credentials of the accounts in an enrolled site's scope — the
    /// same accounts the export sends — so their holders can sign in with
    /// no link. Audited like the export. A retired site is `Retired`.
    fn credentials_for_site(&self, site_id: &str) -> Result<Vec<Credential>, StoreError>;
    /// One page for an enrolled site, at most `limit` ops (one root's
    /// history may make it longer): first the whole history of roots come
    /// into its scope since the page of epoch `acknowledged` (the last the
    /// site took; what later pages offered is offered again), and the
    /// roots gone from it (see `offers.rs`), then the operations of every
    /// entity in its scope past `after`. Offers, page and trail in one
    /// transaction; the site's last contact moves. An unknown or
    /// unenrolled site is `NotFound`, a retired one `Retired`.
    fn export_to_site(
        &self,
        site_id: &str,
        after: &VersionVector,
        acknowledged: u64,
        limit: usize,
    ) -> Result<Page, StoreError>;
    /// [`Tx::redeem_enrolment`], now.
    fn redeem_enrolment(&self, code_hash: &str, public_key: &[u8]) -> Result<Option<Enrolled>, StoreError>;
    /// The device key of an enrolled site (to check its requests' signatures).
    fn site_key(&self, site_id: &str) -> Result<Option<Vec<u8>>, StoreError>;
}

impl HubSites for Store {
    fn create_site(&self, who: &Principal, location_id: &str, code_hash: &str) -> Result<String, StoreError> {
        let (who, location, hash) = (who.clone(), location_id.to_string(), code_hash.to_string());
        self.write(move |tx| tx.create_site(&who, &location, &hash, crate::now_millis()))
    }
    fn credentials_digest_for_site(&self, site_id: &str) -> Result<String, StoreError> {
        let location = self.enrolled_location(site_id)?;
        let list = self.read(|c| export::credentials(c, &location))?;
        let payload = dugu_sync::wire::encode(&dugu_sync::wire::Payload::Credentials(list));
        Ok(dugu_sync::wire::credentials_digest(&payload))
    }
    fn credentials_for_site(&self, site_id: &str) -> Result<Vec<Credential>, StoreError> {
        let location = self.enrolled_location(site_id)?;
        let list = self.read(|c| export::credentials(c, &location))?;
        self.note_export(site_id, "credentials", None)?;
        Ok(list)
    }
    fn export_to_site(
        &self,
        site_id: &str,
        after: &VersionVector,
        acknowledged: u64,
        limit: usize,
    ) -> Result<Page, StoreError> {
        let location = self.enrolled_location(site_id)?;
        let (site, after) = (site_id.to_string(), after.clone());
        let limit = limit.max(1);
        self.write(move |tx| {
            let log = export::log_state(tx.conn)?;
            let offered = offers::offer(tx.conn, &site, &location, &log, &after, acknowledged, limit)?;
            let room = limit.saturating_sub(offered.history.len());
            let mut page = if room == 0 {
                Page { cursor: after.clone(), more: true, ..Page::default() }
            } else {
                export::page(tx.conn, &location, &log, &after, room)?
            };
            page.ops.splice(0..0, offered.history);
            page.more |= offered.more;
            page.epoch = offered.epoch;
            page.gone = offered.gone;
            // What the site holds of the hub's log: where it asked from.
            let asked = serde_json::to_string(&after.0).map_err(|e| StoreError::Integrity(e.to_string()))?;
            tx.note_export(&site, "ops", Some(asked))?;
            Ok(page)
        })
    }
    fn redeem_enrolment(&self, code_hash: &str, public_key: &[u8]) -> Result<Option<Enrolled>, StoreError> {
        let (hash, key) = (code_hash.to_string(), public_key.to_vec());
        self.write(move |tx| tx.redeem_enrolment(&hash, &key, crate::now_millis()))
    }
    fn site_key(&self, site_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.read(|c| {
            Ok(c.prepare_cached("SELECT public_key FROM sites WHERE id = ?1 AND public_key IS NOT NULL")?
                .query_row([site_id], |r| r.get(0))
                .optional()?)
        })
    }
}
