//! What people see of sync (issue 14): on a site, how far its own changes
//! have gone — in all, and for one person's or household's record — and
//! what the hub refused; on the hub, every site's state. Read from the
//! columns migration 0024 documents: an own op past `hub_link.sent` is
//! waiting, past `pushed` but not past `sent` is sent, at or below
//! `pushed` is acknowledged unless `sync_rejections` holds it.

use crate::merge::{conflicted, conflicted_of_each, kind_of, location_of, owner};
use crate::pool::text_array;
use crate::writes::AuditWrites;
use crate::{Millis, Principal, Store, StoreError};
use dugu_domain::EntityKind;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A site's sync at a glance, for its home page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteStatus {
    /// When the last complete round with the hub ended; `None`: none
    /// since enrolment.
    pub last_sync: Option<Millis>,
    /// Changes made here that the hub has not answered yet (own ops past
    /// `pushed`).
    pub waiting: u64,
    /// Changes made here that the hub refused.
    pub refused: u64,
}

/// How far the changes made here to one record (and the records that
/// belong to it) have gone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordSync {
    /// Changes not yet sent.
    pub waiting: u64,
    /// Changes sent in a push the hub has not answered yet.
    pub sent: u64,
    /// Whether any change made here was answered by the hub.
    pub acknowledged: bool,
    /// Changes the hub refused.
    pub refused: Vec<Refusal>,
    /// Fields in conflict (whoever may see them: the count names no value).
    pub conflicts: u64,
}

/// A change made here that the hub refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The record's kind.
    pub entity_type: String,
    /// The record's id.
    pub entity_id: String,
    /// The field changed; `None` for a record's creation or removal.
    pub field: Option<String>,
    /// The hub's reason code (never a value).
    pub reason: String,
    /// When the refusal was recorded here.
    pub at: Millis,
    /// The person the record is or belongs to.
    pub person_id: Option<String>,
    /// The household the record is or belongs to.
    pub household_id: Option<String>,
}

/// A site as the hub sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRow {
    /// The site's id (its device id).
    pub id: String,
    /// The location it serves.
    pub location_id: String,
    /// That location's name.
    pub location_name: String,
    /// Its code (`KIT`): two places may share a name (a region and the
    /// village in it).
    pub location_code: String,
    /// Its kind (`site`, `region`, …).
    pub location_kind: String,
    /// When it was created.
    pub created_at: Millis,
    /// When its laptop redeemed the code; `None`: waiting for enrolment.
    pub enrolled_at: Option<Millis>,
    /// When its unused code stops working, while it waits for enrolment.
    pub code_expires_at: Option<Millis>,
    /// When it last asked the hub for anything.
    pub last_contact: Option<Millis>,
    /// At most this many ops wait for it: every op the hub holds past the
    /// cursor it last pulled from (`sites.pulled`), its own excepted —
    /// counted per device from the log's sequence numbers, not filtered by
    /// its scope (which would read every op), so it is an upper bound.
    pub pending_at_most: u64,
    /// Fields in conflict on records in its scope.
    pub conflicts: u64,
    /// Ops it pushed that the hub refused.
    pub refused: u64,
    /// When another laptop enrolled for its location and this one was
    /// retired: the hub refuses its pushes and pulls since.
    pub retired_at: Option<Millis>,
}

/// Where an op was written, for a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// On this database's own device (this site, or the hub on the hub).
    Here,
    /// At the site serving this location (its name).
    Site(String),
}

/// This database's device number, once it has written.
fn own_device(c: &Connection, site_id: &str) -> Result<Option<i64>, StoreError> {
    Ok(c.prepare_cached("SELECT id FROM devices WHERE device_id = ?1")?
        .query_row([site_id], |r| r.get(0))
        .optional()?)
}

/// `(sent, pushed, last_sync)` of a site; `None` on a hub.
fn link(c: &Connection) -> Result<Option<(i64, i64, Option<Millis>)>, StoreError> {
    Ok(c.prepare_cached("SELECT sent, pushed, last_sync FROM hub_link LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// The records that belong to a person (`?1`): every kind whose
/// registry entry has a `person_id`, and a follow-up through its admission.
/// One literal statement (no SQL is built at run time); a test holds it to
/// the registry.
pub(crate) const PERSON_OWN: &str = "
SELECT id FROM household_members WHERE person_id = ?1
UNION ALL SELECT id FROM enrolments WHERE person_id = ?1
UNION ALL SELECT id FROM measurements WHERE person_id = ?1
UNION ALL SELECT id FROM admissions WHERE person_id = ?1
UNION ALL SELECT id FROM placements WHERE person_id = ?1
UNION ALL SELECT id FROM group_members WHERE person_id = ?1
UNION ALL SELECT id FROM medical_visits WHERE person_id = ?1
UNION ALL SELECT id FROM vaccinations WHERE person_id = ?1
UNION ALL SELECT id FROM vaccination_cards WHERE person_id = ?1
UNION ALL SELECT id FROM extra_doses WHERE person_id = ?1
UNION ALL SELECT id FROM school_years WHERE person_id = ?1
UNION ALL SELECT id FROM member_needs WHERE person_id = ?1
UNION ALL SELECT id FROM duplicate_pairs WHERE person_id = ?1
UNION ALL SELECT f.id FROM care_follow_ups f JOIN admissions a ON a.id = f.admission_id WHERE a.person_id = ?1";

/// The records that belong to a household (`?1`), as [`PERSON_OWN`].
pub(crate) const HOUSEHOLD_OWN: &str = "
SELECT id FROM household_members WHERE household_id = ?1
UNION ALL SELECT id FROM family_support WHERE household_id = ?1
UNION ALL SELECT id FROM assessments WHERE household_id = ?1
UNION ALL SELECT id FROM plan_actions WHERE household_id = ?1
UNION ALL SELECT id FROM home_visits WHERE household_id = ?1
UNION ALL SELECT id FROM displacements WHERE household_id = ?1
UNION ALL SELECT id FROM member_needs WHERE household_id = ?1
UNION ALL SELECT id FROM entitlements WHERE household_id = ?1
UNION ALL SELECT id FROM receipts WHERE household_id = ?1
UNION ALL SELECT id FROM duplicate_pairs WHERE household_id = ?1
UNION ALL SELECT id FROM duplicate_decisions WHERE household_id = ?1
UNION ALL SELECT id FROM farm_seasons WHERE household_id = ?1
UNION ALL SELECT id FROM farm_inputs WHERE household_id = ?1";

/// A person's or household's id and the ids of the records that belong
/// to it, from the tables as they stand.
pub(crate) fn record_and_its_own(c: &Connection, record: &str, kind: EntityKind) -> Result<Vec<String>, StoreError> {
    let sql = if kind == EntityKind::Household { HOUSEHOLD_OWN } else { PERSON_OWN };
    let mut ids = vec![record.to_string()];
    let own: Vec<String> = c.prepare_cached(sql)?.query_map([record], |r| r.get(0))?.collect::<Result<_, _>>()?;
    ids.extend(own);
    Ok(ids)
}

/// The refusals recorded for these records: each record's in the order of
/// `ids`, oldest first. One read for all of them.
fn refusals_of(c: &Connection, ids: &[String]) -> Result<Vec<Refusal>, StoreError> {
    type Row = (String, String, Millis, Option<String>, Option<String>);
    let mut rows: Vec<Row> = c
        .prepare_cached(
            "SELECT r.entity_id, r.reason, r.at, o.entity_type, o.field FROM sync_rejections r
               LEFT JOIN ops o ON o.device = r.device AND o.seq = r.seq
              WHERE r.entity_id IN rarray(?1) ORDER BY r.at, r.seq",
        )?
        .query_map([text_array(ids)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<Result<_, _>>()?;
    let place: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    rows.sort_by_key(|r| place.get(r.0.as_str()).copied().unwrap_or(usize::MAX));
    let mut out = Vec::new();
    for (entity_id, reason, at, kind, field) in rows {
        let kind = match kind.as_deref().and_then(EntityKind::parse) {
            Some(k) => Some(k),
            None => kind_of(c, &entity_id)?,
        };
        let (person_id, household_id) = match kind {
            Some(k) => owner(c, k, &entity_id)?,
            None => (None, None),
        };
        out.push(Refusal {
            entity_type: kind.map(|k| k.name().to_string()).unwrap_or_default(),
            entity_id,
            field,
            reason,
            at,
            person_id,
            household_id,
        });
    }
    Ok(out)
}

fn record_sync(c: &Connection, site_id: &str, who: &Principal, record: &str) -> Result<RecordSync, StoreError> {
    let kind = crate::merge::scoped_kind(c, who, record)?.ok_or(StoreError::NotFound)?;
    let ids = record_and_its_own(c, record, kind)?;
    let (sent, pushed, _) = link(c)?.unwrap_or_default();
    let mut out = RecordSync::default();
    let listed = text_array(&ids);
    if let Some(device) = own_device(c, site_id)? {
        // The record's and its own records' ops made here, in one read
        // each (one per record made a site's child page ~70 statements
        // longer).
        let seqs: Vec<i64> = c
            .prepare_cached("SELECT seq FROM ops WHERE entity_id IN rarray(?1) AND device = ?2 AND seq > ?3")?
            .query_map(params![listed.clone(), device, pushed], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for s in seqs {
            if s > sent.max(pushed) {
                out.waiting += 1;
            } else {
                out.sent += 1;
            }
        }
        out.acknowledged = pushed > 0
            && c.prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM ops WHERE entity_id IN rarray(?1) AND device = ?2 AND seq <= ?3)",
            )?
            .query_row(params![listed, device, pushed], |r| r.get::<_, bool>(0))?;
    }
    out.refused = refusals_of(c, &ids)?;
    out.conflicts = conflicted_of_each(c, &ids)?.len() as u64;
    Ok(out)
}

/// What a site is waiting for: each device's last sequence number the hub
/// holds, less where the site's cursor is, its own device left out.
fn pending_at_most(last: &[(String, i64)], pulled: Option<&str>, site: &str) -> u64 {
    let cursor: BTreeMap<String, u64> = pulled.and_then(|p| serde_json::from_str(p).ok()).unwrap_or_default();
    last.iter()
        .filter(|(device, _)| device != site)
        .map(|(device, max)| (*max).max(0) as u64 - cursor.get(device).copied().unwrap_or(0).min((*max).max(0) as u64))
        .sum()
}

fn sites(c: &Connection) -> Result<Vec<SiteRow>, StoreError> {
    let last: Vec<(String, i64)> = c
        .prepare_cached(
            "SELECT d.device_id, (SELECT COALESCE(MAX(seq), 0) FROM ops WHERE device = d.id) FROM devices d",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    type Row = (
        String,
        String,
        String,
        String,
        String,
        Millis,
        Option<Millis>,
        Option<Millis>,
        Option<String>,
        Option<Millis>,
        i64,
        Option<Millis>,
    );
    let rows: Vec<Row> = c
        .prepare_cached(
            "SELECT s.id, s.location_id, l.name, l.code, l.kind, s.created_at, s.enrolled_at, s.last_contact, s.pulled,
                    (SELECT MAX(e.expires_at) FROM enrolment_codes e WHERE e.site_id = s.id AND e.used_at IS NULL),
                    (SELECT COUNT(*) FROM refused_ops r WHERE r.site_id = s.id), s.retired_at
               FROM sites s JOIN locations l ON l.id = s.location_id
              ORDER BY l.name, s.created_at",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    // Each field in conflict placed once, then counted for every site
    // whose places hold it.
    let mut placed = Vec::new();
    for (entity, _) in conflicted(c)? {
        let place = match kind_of(c, &entity)? {
            Some(kind) => location_of(c, kind, &entity)?,
            None => None,
        };
        placed.extend(place);
    }
    let mut closure = c.prepare_cached("SELECT descendant_id FROM location_closure WHERE ancestor_id = ?1")?;
    let mut out = Vec::with_capacity(rows.len());
    for (
        id,
        location_id,
        location_name,
        location_code,
        location_kind,
        created_at,
        enrolled_at,
        last_contact,
        pulled,
        expires,
        refused,
        retired_at,
    ) in rows
    {
        let places: HashSet<String> = closure.query_map([&location_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        out.push(SiteRow {
            pending_at_most: pending_at_most(&last, pulled.as_deref(), &id),
            conflicts: placed.iter().filter(|p| places.contains(*p)).count() as u64,
            code_expires_at: if enrolled_at.is_none() { expires } else { None },
            refused: refused.max(0) as u64,
            retired_at,
            id,
            location_id,
            location_name,
            location_code,
            location_kind,
            created_at,
            enrolled_at,
            last_contact,
        });
    }
    Ok(out)
}

/// What the pages show of sync: a site's state, a record's, refusals, the hub's sites.
pub trait SyncReads {
    /// This site's sync at a glance (last round, changes waiting, changes
    /// refused); `None` on a hub or a stand-alone server. Counts only.
    fn site_status(&self) -> Result<Option<SiteStatus>, StoreError>;

    /// How far the changes made at this site to a person's or household's
    /// record, and the records of theirs, have gone; `None` on a hub. Out
    /// of `who`'s scope (or unknown) is `NotFound`. The page that shows it
    /// audits its view.
    fn record_sync(&self, who: &Principal, record_id: &str) -> Result<Option<RecordSync>, StoreError>;

    /// The changes made here that the hub refused, on records in `who`'s
    /// scope whose field groups the role reads; audited as a list.
    fn refused_changes(&self, who: &Principal) -> Result<Vec<Refusal>, StoreError>;

    /// Every site the hub created, with its state: administrators and the
    /// national director; anyone else is `Forbidden`. Places and counts,
    /// no person.
    fn sites_overview(&self, who: &Principal) -> Result<Vec<SiteRow>, StoreError>;

    /// The names of these places — locations or family houses — by id,
    /// for showing a value that is a place (ids neither are left out).
    fn place_names(&self, ids: &[String]) -> Result<HashMap<String, String>, StoreError>;

    /// Where each of these devices writes: this database's own device, or
    /// the site the hub enrolled under that id (with its location's
    /// name). A device neither is left out (a site's database does not
    /// know the other sites).
    fn origins(&self, devices: &[String]) -> Result<HashMap<String, Origin>, StoreError>;
}

impl SyncReads for Store {
    fn site_status(&self) -> Result<Option<SiteStatus>, StoreError> {
        let site_id = self.site_id().to_string();
        self.read(|c| {
            let Some((_, pushed, last_sync)) = link(c)? else { return Ok(None) };
            let waiting: i64 = match own_device(c, &site_id)? {
                Some(d) => c
                    .prepare_cached("SELECT COUNT(*) FROM ops WHERE device = ?1 AND seq > ?2")?
                    .query_row(params![d, pushed], |r| r.get(0))?,
                None => 0,
            };
            let refused: i64 = c.prepare_cached("SELECT COUNT(*) FROM sync_rejections")?.query_row([], |r| r.get(0))?;
            Ok(Some(SiteStatus { last_sync, waiting: waiting.max(0) as u64, refused: refused.max(0) as u64 }))
        })
    }

    fn record_sync(&self, who: &Principal, record_id: &str) -> Result<Option<RecordSync>, StoreError> {
        let site_id = self.site_id().to_string();
        self.read(|c| {
            if link(c)?.is_none() {
                // Still refuse what the reader may not see, as every read.
                if !crate::merge::record_in_scope(c, who, record_id)? {
                    return Err(StoreError::NotFound);
                }
                return Ok(None);
            }
            record_sync(c, &site_id, who, record_id).map(Some)
        })
    }

    fn refused_changes(&self, who: &Principal) -> Result<Vec<Refusal>, StoreError> {
        let list = self.read(|c| {
            let ids: Vec<String> = c
                .prepare_cached("SELECT DISTINCT entity_id FROM sync_rejections ORDER BY entity_id")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let mut out = Vec::new();
            for r in refusals_of(c, &ids)? {
                let Some(kind) = EntityKind::parse(&r.entity_type) else { continue };
                let field = r.field.clone().unwrap_or_default();
                if crate::merge::may_see(c, who, kind, &r.entity_id, &field)? {
                    out.push(r);
                }
            }
            Ok(out)
        })?;
        self.audit_shown(who, "refused_changes", "", list.iter().map(|r| r.entity_id.clone()).collect())?;
        Ok(list)
    }

    fn sites_overview(&self, who: &Principal) -> Result<Vec<SiteRow>, StoreError> {
        if !(who.role.administers() || who.role.approves_privileges()) {
            return Err(StoreError::Forbidden);
        }
        self.read(sites)
    }

    fn place_names(&self, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT name FROM locations WHERE id = ?1 UNION ALL SELECT name FROM family_houses WHERE id = ?1",
            )?;
            let mut out = HashMap::new();
            for id in ids {
                if let Some(name) = st.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                    out.insert(id.clone(), name);
                }
            }
            Ok(out)
        })
    }

    fn origins(&self, devices: &[String]) -> Result<HashMap<String, Origin>, StoreError> {
        let own = self.site_id().to_string();
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT l.name FROM sites s JOIN locations l ON l.id = s.location_id WHERE s.id = ?1",
            )?;
            let mut out = HashMap::new();
            for d in devices {
                if *d == own {
                    out.insert(d.clone(), Origin::Here);
                } else if let Some(name) = st.query_row([d], |r| r.get::<_, String>(0)).optional()? {
                    out.insert(d.clone(), Origin::Site(name));
                }
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{HOUSEHOLD_OWN, PERSON_OWN, pending_at_most};
    use dugu_domain::EntityKind;

    #[test]
    fn every_kind_that_belongs_to_a_person_or_household_is_read() {
        for kind in EntityKind::ALL.iter().copied() {
            for (column, sql) in [("person_id", PERSON_OWN), ("household_id", HOUSEHOLD_OWN)] {
                if kind.field(column).is_some() {
                    let table = crate::oplog::sql::table(kind);
                    let line = ["FROM ", table, " WHERE ", column, " = ?1"].concat();
                    assert!(sql.contains(&line), "{} belongs to a {column} but is not read", kind.name());
                }
            }
        }
    }

    #[test]
    fn what_waits_for_a_site_is_past_its_cursor_and_not_its_own() {
        let last = vec![("hub".to_string(), 10), ("kita".to_string(), 7), ("mopti".to_string(), 3)];
        assert_eq!(pending_at_most(&last, None, "kita"), 13, "never pulled: everything but its own");
        assert_eq!(pending_at_most(&last, Some(r#"{"hub": 8, "mopti": 3}"#), "kita"), 2);
        assert_eq!(pending_at_most(&last, Some(r#"{"hub": 12}"#), "kita"), 3, "a cursor past the log counts none");
    }
}
