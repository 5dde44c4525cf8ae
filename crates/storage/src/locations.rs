//! Locations: the hierarchy from Mali down to each site, and the scope of
//! a user derived from it.

use crate::contract::fact;
use crate::writer::Tx;
use crate::{Principal, Scope, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::locations::LocationTx;
use rusqlite::{OptionalExtension, params};
use std::sync::Arc;

pub use dugu_commands::locations::{Location, LocationInput};

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Location> {
    Ok(Location { id: r.get(0)?, parent_id: r.get(1)?, kind: r.get(2)?, code: r.get(3)?, name: r.get(4)? })
}

impl Tx<'_> {
    /// Creates a location and its closure rows (the command:
    /// [`dugu_commands::locations::create_location`]); `who` is `None`
    /// when the system itself seeds locations.
    pub fn create_location(&mut self, who: Option<&Principal>, input: &LocationInput) -> Result<Location, StoreError> {
        Ok(dugu_commands::locations::create_location(self, who, input)?)
    }

    /// The next record number for a record at `location_id`: the code of
    /// the place that numbers it ([`Tx::record_site`]) and that place's
    /// next sequence.
    pub(crate) fn next_record_number(&mut self, location_id: &str) -> Result<String, StoreError> {
        let (site_id, code) = self.record_site(location_id)?;
        let first = self.take_record_numbers(&site_id, 1)?;
        Ok(dugu_domain::record_number::format(&code, first))
    }

    /// The place whose counter numbers a record made at `location_id`, and
    /// its code: on an enrolled site, the place it was enrolled for,
    /// wherever below it the record is; elsewhere (the hub, a server
    /// alone) the nearest site at or above the record's place.
    pub(crate) fn record_site(&self, location_id: &str) -> Result<(String, String), StoreError> {
        // A site numbers only in its own place's series: a site for a
        // region or the whole country and a village's laptop below it
        // would otherwise both number the village's records on from the
        // same point while apart. No two unretired sites share a place
        // (`redeem_enrolment`), and the hub numbers a place a site serves
        // in the national series, so every replica's numbers are its own.
        let own: Option<(String, String)> = self
            .conn
            .prepare_cached("SELECT l.id, l.code FROM hub_link h JOIN locations l ON l.id = h.location_id")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some(own) = own {
            return Ok(own);
        }
        // Two lookups by key: the same as one join, which SQLite re-planned
        // on every call (a fifth of a bulk load's time).
        let site_id: String = self
            .conn
            .prepare_cached("SELECT COALESCE(site_id, id) FROM locations WHERE id = ?1")?
            .query_row([location_id], |r| r.get(0))?;
        let code: String = self
            .conn
            .prepare_cached("SELECT code FROM locations WHERE id = ?1")?
            .query_row([&site_id], |r| r.get(0))?;
        Ok((site_id, code))
    }

    /// Takes the next `n` numbers of `site_id`'s counter at once — what `n`
    /// calls one by one would take; returns the first. The hub numbers a
    /// village that an enrolled site serves in the national series
    /// ([`dugu_domain::record_number::NATIONAL_FIRST`]); a site never holds
    /// `sites` rows, so it numbers in its own place's own series.
    pub(crate) fn take_record_numbers(&mut self, site_id: &str, n: u64) -> Result<u64, StoreError> {
        self.take_numbers(site_id, n, 0)
    }

    /// [`Tx::take_record_numbers`] for the counters from `first_series`
    /// on: 0 records' (0 the replica's, 1 the hub's), or
    /// [`dugu_domain::record_number::RECEIPT_SERIES`] receipts' (2 and 3).
    pub(crate) fn take_numbers(&mut self, site_id: &str, n: u64, first_series: u8) -> Result<u64, StoreError> {
        let n = i64::try_from(n).map_err(|_| StoreError::Integrity("too many record numbers at once".into()))?;
        let national: bool = self
            .conn
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM sites s JOIN location_closure c ON c.ancestor_id = s.location_id
                                WHERE c.descendant_id = ?1)",
            )?
            .query_row([site_id], |r| r.get(0))?;
        let first_series = i64::from(first_series);
        let (series, before_first) = if national {
            (first_series + 1, dugu_domain::record_number::NATIONAL_FIRST as i64 - 1)
        } else {
            (first_series, 0)
        };
        let last: i64 = self
            .conn
            .prepare_cached(
                "INSERT INTO record_counters (site_id, series, last) VALUES (?1, ?3, ?4 + ?2)
                 ON CONFLICT (site_id, series) DO UPDATE SET last = last + ?2 RETURNING last",
            )?
            .query_row(rusqlite::params![site_id, n, series, before_first], |r| r.get(0))?;
        Ok((last - n + 1) as u64)
    }
}

impl LocationTx for Tx<'_> {
    fn location_code_taken(&self, code: &str) -> Result<bool, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT EXISTS(SELECT 1 FROM locations WHERE code = ?1)")?
                .query_row([code], |r| r.get(0))?)
        })
    }

    fn site_of(&self, location_id: &str) -> Result<Option<String>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT site_id FROM locations WHERE id = ?1")?
                .query_row([location_id], |r| r.get(0))?)
        })
    }
}

impl Store {
    /// The scope of a user with `role` assigned to `location_ids`: those
    /// locations and everything below them.
    pub(crate) fn scope_of(&self, role: dugu_domain::Role, location_ids: &[String]) -> Result<Scope, StoreError> {
        if role.sees_all_locations() {
            return Ok(Scope::All);
        }
        let ids = crate::pool::text_array(location_ids);
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT DISTINCT l.id, l.rowid FROM location_closure c JOIN locations l ON l.id = c.descendant_id
                 WHERE c.ancestor_id IN rarray(?1) ORDER BY 1",
            )?;
            let rows = st.query_map([ids], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            let (ids, keys) = rows.collect::<Result<Vec<_>, _>>()?.into_iter().unzip();
            Ok(Scope::Locations(Arc::new(crate::ScopedLocations { ids, keys })))
        })
    }
}

/// The places: the location tree, by scope, id or code.
pub trait LocationReads {
    /// Every location, top down by name. Locations are not personal data;
    /// a scoped user sees the ones in their scope and those above them.
    fn locations(&self, who: &Principal) -> Result<Vec<Location>, StoreError>;

    /// One location, if it exists (locations are visible to every user).
    fn location(&self, id: &str) -> Result<Option<Location>, StoreError>;

    /// A location by its code.
    fn location_by_code(&self, code: &str) -> Result<Option<Location>, StoreError>;
}

impl LocationReads for Store {
    fn locations(&self, who: &Principal) -> Result<Vec<Location>, StoreError> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, parent_id, kind, code, name FROM locations
                 WHERE ?2 = 1 OR id IN (
                     SELECT ancestor_id FROM location_closure WHERE descendant_id IN rarray(?1)
                     UNION SELECT value FROM rarray(?1))
                 ORDER BY CASE kind WHEN 'country' THEN 0 WHEN 'region' THEN 1 WHEN 'cercle' THEN 2 WHEN 'commune' THEN 3 ELSE 4 END, name",
            )?;
            let (all, ids) = who.scope.sql();
            let rows = st.query_map(params![ids, all], row)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    fn location(&self, id: &str) -> Result<Option<Location>, StoreError> {
        self.read(|c| {
            Ok(c.prepare_cached("SELECT id, parent_id, kind, code, name FROM locations WHERE id = ?1")?
                .query_row([id], row)
                .optional()?)
        })
    }

    fn location_by_code(&self, code: &str) -> Result<Option<Location>, StoreError> {
        self.read(|c| {
            Ok(c.prepare_cached("SELECT id, parent_id, kind, code, name FROM locations WHERE code = ?1")?
                .query_row([code], row)
                .optional()?)
        })
    }
}
