//! Locations: the hierarchy from Mali down to each site, and the scope of
//! a user derived from it.

use crate::oplog::Op;
use crate::writer::Tx;
use crate::{Principal, Scope, Store, StoreError, new_id};
use dugu_domain::location::LocationKind;
use dugu_domain::{EntityKind, Invalid, Problem};
use rusqlite::{OptionalExtension, params};
use std::sync::Arc;

/// A location.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Location {
    /// Id (UUIDv7).
    pub id: String,
    /// The location above, if any.
    pub parent_id: Option<String>,
    /// Level in the hierarchy.
    pub kind: String,
    /// Short code (`KIT`).
    pub code: String,
    /// Name.
    pub name: String,
}

/// A new location.
#[derive(Debug, Clone)]
pub struct LocationInput {
    /// Parent id, if any.
    pub parent_id: Option<String>,
    /// Level.
    pub kind: LocationKind,
    /// Code, unique.
    pub code: String,
    /// Name.
    pub name: String,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Location> {
    Ok(Location { id: r.get(0)?, parent_id: r.get(1)?, kind: r.get(2)?, code: r.get(3)?, name: r.get(4)? })
}

impl Tx<'_> {
    /// Creates a location and its closure rows; `who` is `None` when the
    /// system itself seeds locations.
    pub fn create_location(&mut self, who: Option<&Principal>, input: &LocationInput) -> Result<Location, StoreError> {
        if who.is_some_and(|p| !p.role.administers()) {
            return Err(StoreError::Forbidden);
        }
        let mut invalid = Invalid::new();
        let code = invalid.check("code", dugu_domain::location::parse_code(&input.code));
        let name = invalid
            .check("name", dugu_domain::person::optional_text(&input.name).and_then(|n| n.ok_or(Problem::Required)));
        if let Some(parent) = &input.parent_id {
            let exists: bool =
                self.conn.query_row("SELECT EXISTS(SELECT 1 FROM locations WHERE id = ?1)", [parent], |r| r.get(0))?;
            if !exists {
                invalid.add("parent_id", Problem::Unknown);
            }
        }
        if let Some(c) = &code {
            let taken: bool =
                self.conn.query_row("SELECT EXISTS(SELECT 1 FROM locations WHERE code = ?1)", [c], |r| r.get(0))?;
            if taken {
                invalid.add("code", Problem::Taken);
            }
        }
        invalid.clone().into_result()?;
        let (Some(code), Some(name)) = (code, name) else {
            return Err(invalid.into());
        };
        let id = new_id();
        // Record numbers use the nearest site at or above.
        let site_id: Option<String> = if input.kind == LocationKind::Site {
            Some(id.clone())
        } else {
            match &input.parent_id {
                Some(p) => self.conn.query_row("SELECT site_id FROM locations WHERE id = ?1", [p], |r| r.get(0))?,
                None => None,
            }
        };
        let fields = vec![
            ("parent_id", serde_json::json!(input.parent_id)),
            ("kind", serde_json::json!(input.kind.code())),
            ("code", serde_json::json!(code)),
            ("name", serde_json::json!(name)),
            ("site_id", serde_json::json!(site_id)),
        ];
        self.apply(who, vec![Op::create(EntityKind::Location, &id, fields)])?;
        Ok(Location { id, parent_id: input.parent_id.clone(), kind: input.kind.code().into(), code, name })
    }

    /// The next record number for a record at `location_id`: the code of
    /// the nearest site at or above it, and that site's next sequence.
    pub(crate) fn next_record_number(&mut self, location_id: &str) -> Result<String, StoreError> {
        let (site_id, code) = self.record_site(location_id)?;
        let first = self.take_record_numbers(&site_id, 1)?;
        Ok(dugu_domain::record_number::format(&code, first))
    }

    /// The site whose counter numbers a record made at `location_id`, and
    /// its code.
    pub(crate) fn record_site(&self, location_id: &str) -> Result<(String, String), StoreError> {
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
    /// calls one by one would take; returns the first.
    pub(crate) fn take_record_numbers(&mut self, site_id: &str, n: u64) -> Result<u64, StoreError> {
        let n = i64::try_from(n).map_err(|_| StoreError::Integrity("too many record numbers at once".into()))?;
        let last: i64 = self
            .conn
            .prepare_cached(
                "INSERT INTO record_counters (site_id, last) VALUES (?1, ?2)
                 ON CONFLICT (site_id) DO UPDATE SET last = last + ?2 RETURNING last",
            )?
            .query_row(rusqlite::params![site_id, n], |r| r.get(0))?;
        Ok((last - n + 1) as u64)
    }
}

impl Store {
    /// Every location, top down by name. Locations are not personal data;
    /// a scoped user sees the ones in their scope and those above them.
    pub fn locations(&self, who: &Principal) -> Result<Vec<Location>, StoreError> {
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

    /// One location, if it exists (locations are visible to every user).
    pub fn location(&self, id: &str) -> Result<Option<Location>, StoreError> {
        self.read(|c| {
            Ok(c.prepare_cached("SELECT id, parent_id, kind, code, name FROM locations WHERE id = ?1")?
                .query_row([id], row)
                .optional()?)
        })
    }

    /// A location by its code.
    pub fn location_by_code(&self, code: &str) -> Result<Option<Location>, StoreError> {
        self.read(|c| {
            Ok(c.prepare_cached("SELECT id, parent_id, kind, code, name FROM locations WHERE code = ?1")?
                .query_row([code], row)
                .optional()?)
        })
    }

    /// The scope of a user with `role` assigned to `location_ids`: those
    /// locations and everything below them.
    pub(crate) fn scope_of(&self, role: dugu_domain::Role, location_ids: &[String]) -> Result<Scope, StoreError> {
        if role.sees_all_locations() {
            return Ok(Scope::All);
        }
        let ids: std::rc::Rc<Vec<rusqlite::types::Value>> =
            std::rc::Rc::new(location_ids.iter().map(|i| rusqlite::types::Value::Text(i.clone())).collect());
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
