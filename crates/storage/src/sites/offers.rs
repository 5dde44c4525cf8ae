//! Scope moves, on the hub: what a site is offered when a person or a
//! household (a *root*) comes into its scope, and told when one leaves.
//!
//! The scoped export ([`super::export`]) passes over the ops of entities
//! out of a site's scope and never asks for them again, so a child moved
//! into a site's scope would arrive without its earlier history. The hub
//! therefore keeps, per site, the roots it has offered (`site_offers`):
//! a root in scope now and not offered gets its whole history — every op
//! of the root and of every record attached to it, whatever its device,
//! up to the page's starting cursor (the ops past it come with the
//! scoped stream) — and a root offered and no longer in scope is listed
//! as `gone`, which the site purges when it takes the page.
//!
//! Each page that offers or says gone gets a new *offer epoch*; the site
//! keeps the epoch of the last page it took and echoes it in its next
//! request. Offers and departures of a later epoch were in a page the
//! site never took (a lost answer, a round cut short): they are undone
//! and made again, so an interrupted pull resumes with no gap and no
//! duplicate, and a site restored from an older copy is offered again
//! what that copy lacks.
//!
//! **References to records the site may not hold.** A root's history is
//! exactly what the scoped export would send of it were it in scope from
//! the start: a record attached to two things goes only where both are
//! in scope. A household membership goes where both the household and
//! the person are; a day-care membership where both the group and the
//! child are; a placement where both the child and its family house are
//! (a house of another village names the house and its SOS parent, who
//! are that village's business). So a child moved from Kita to Socoura
//! arrives at Socoura with its record, admissions, follow-ups,
//! measurements, doses, visits and school years, but not its placements
//! in Kita's houses nor its membership of a Kita household: those stay at
//! the hub (and leave Kita's site with the child). No row at a site ever
//! names a record the site does not hold, so its foreign keys stay on —
//! with one exception: a family house goes by its village and names its
//! SOS parent by id alone (migration 0029, no key), so an SOS parent
//! moved to another village leaves the site while her house stays, named
//! by no one there (reads name a parent only if held and in scope).
//! An admission names its village, which every site holds (reference data).

use crate::StoreError;
use dugu_sync::{VersionVector, WireOp};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashSet;

/// The roots in the scope of location `?1` that site `?2` does not hold
/// (not offered, or said gone), by id: people and households by their
/// current location.
pub(crate) const ROOTS_NOT_HELD: &str = "
WITH places(id) AS (SELECT descendant_id FROM location_closure WHERE ancestor_id = ?1)
SELECT r.id FROM (SELECT id FROM people WHERE location_id IN places
                  UNION ALL SELECT id FROM households WHERE location_id IN places) r
 WHERE NOT EXISTS (SELECT 1 FROM site_offers s WHERE s.site_id = ?2 AND s.root_id = r.id AND s.gone_epoch IS NULL)
 ORDER BY r.id";

/// The roots site `?2` holds that are no longer in the scope of location
/// `?1`, by id.
pub(crate) const HELD_GONE: &str = "
WITH places(id) AS (SELECT descendant_id FROM location_closure WHERE ancestor_id = ?1)
SELECT s.root_id FROM site_offers s
 WHERE s.site_id = ?2 AND s.gone_epoch IS NULL
   AND s.root_id NOT IN (SELECT id FROM people WHERE location_id IN places)
   AND s.root_id NOT IN (SELECT id FROM households WHERE location_id IN places)
 ORDER BY s.root_id";

/// Every op of root `?2` and of the records attached to it that the
/// scoped export would send to a site of location `?1`: each kind's rule
/// is the export's (`SCOPED_OPS`), narrowed to the root. Called only for
/// a root in scope.
pub(crate) const ROOT_HISTORY: &str = "
WITH places(id) AS (SELECT descendant_id FROM location_closure WHERE ancestor_id = ?1),
attached(id) AS (
    SELECT ?2
    UNION ALL SELECT x.id FROM household_members x JOIN households h ON h.id = x.household_id
                                                  JOIN people p ON p.id = x.person_id
               WHERE (x.person_id = ?2 OR x.household_id = ?2)
                 AND h.location_id IN places AND p.location_id IN places
    UNION ALL SELECT x.id FROM group_members x JOIN care_groups g ON g.id = x.group_id
               WHERE x.person_id = ?2 AND g.location_id IN places
    UNION ALL SELECT id FROM enrolments WHERE person_id = ?2
    UNION ALL SELECT id FROM measurements WHERE person_id = ?2
    UNION ALL SELECT id FROM admissions WHERE person_id = ?2
    UNION ALL SELECT x.id FROM placements x JOIN family_houses f ON f.id = x.house_id
               WHERE x.person_id = ?2 AND f.location_id IN places
    UNION ALL SELECT x.id FROM care_follow_ups x JOIN admissions a ON a.id = x.admission_id WHERE a.person_id = ?2
    UNION ALL SELECT id FROM medical_visits WHERE person_id = ?2
    UNION ALL SELECT id FROM vaccinations WHERE person_id = ?2
    UNION ALL SELECT id FROM vaccination_cards WHERE person_id = ?2
    UNION ALL SELECT id FROM extra_doses WHERE person_id = ?2
    UNION ALL SELECT id FROM school_years WHERE person_id = ?2
    UNION ALL SELECT id FROM family_support WHERE household_id = ?2
    UNION ALL SELECT id FROM assessments WHERE household_id = ?2
    UNION ALL SELECT id FROM plan_actions WHERE household_id = ?2
    UNION ALL SELECT id FROM home_visits WHERE household_id = ?2
    UNION ALL SELECT id FROM displacements WHERE household_id = ?2
    UNION ALL SELECT x.id FROM member_needs x JOIN households h ON h.id = x.household_id
                                             JOIN people p ON p.id = x.person_id
               WHERE (x.person_id = ?2 OR x.household_id = ?2)
                 AND h.location_id IN places AND p.location_id IN places
    UNION ALL SELECT id FROM entitlements WHERE household_id = ?2
    UNION ALL SELECT id FROM receipts WHERE household_id = ?2
    UNION ALL SELECT x.id FROM duplicate_pairs x JOIN households h ON h.id = x.household_id
                                                JOIN households k ON k.id = x.other_household_id
               WHERE (x.household_id = ?2 OR x.other_household_id = ?2)
                 AND h.location_id IN places AND k.location_id IN places
    UNION ALL SELECT x.id FROM duplicate_decisions x JOIN households h ON h.id = x.household_id
                                                    JOIN households k ON k.id = x.other_household_id
               WHERE (x.household_id = ?2 OR x.other_household_id = ?2)
                 AND h.location_id IN places AND k.location_id IN places
    UNION ALL SELECT id FROM farm_seasons WHERE household_id = ?2
    UNION ALL SELECT id FROM farm_inputs WHERE household_id = ?2
)
SELECT d.device_id, o.seq, o.op_id, o.hlc, o.entity_type, o.entity_id, o.field, o.value, o.user_id, o.parents
  FROM ops o JOIN devices d ON d.id = o.device
 WHERE o.entity_id IN (SELECT id FROM attached)
 -- In clock order, so a cause comes before its effect across devices (a
 -- creation before a change of it made elsewhere): a site being enrolled
 -- materializes each page as it takes it.
 ORDER BY o.hlc, d.device_id, o.seq";

/// What a page offers besides the scoped stream.
pub(crate) struct Offered {
    /// The history of the roots offered in this page.
    pub(crate) history: Vec<WireOp>,
    /// The roots that left the site's scope.
    pub(crate) gone: Vec<String>,
    /// The page's offer epoch.
    pub(crate) epoch: u64,
    /// Whether roots wait to be offered in a later page.
    pub(crate) more: bool,
}

/// Undoes what the site did not take (past `acknowledged`), then offers
/// the roots that came into the scope of `location` (their history up to
/// `after`, at least one root per page, then until `limit` ops) and lists
/// those that left. Runs in the caller's transaction.
pub(crate) fn offer(
    conn: &Connection,
    site_id: &str,
    location: &str,
    log: &str,
    after: &VersionVector,
    acknowledged: u64,
    limit: usize,
) -> Result<Offered, StoreError> {
    let last: i64 = conn
        .prepare_cached("SELECT offer_epoch FROM sites WHERE id = ?1")?
        .query_row([site_id], |r| r.get(0))
        .optional()?
        .ok_or(StoreError::NotFound)?;
    // An epoch the hub never gave is as good as none taken.
    let taken = i64::try_from(acknowledged).unwrap_or(i64::MAX).min(last);
    if settled(conn, site_id, log, last)? && taken == last {
        return Ok(Offered { history: Vec::new(), gone: Vec::new(), epoch: last as u64, more: false });
    }
    // A departure the site took is done with: the root is as if never offered.
    conn.prepare_cached("DELETE FROM site_offers WHERE site_id = ?1 AND (offered_epoch > ?2 OR gone_epoch <= ?2)")?
        .execute(params![site_id, taken])?;
    conn.prepare_cached("UPDATE site_offers SET gone_epoch = NULL WHERE site_id = ?1 AND gone_epoch > ?2")?
        .execute(params![site_id, taken])?;

    let epoch = last + 1;
    // Two differences in SQL: reading both sets into memory on every page
    // was a sixth of an enrolment's time on the hub.
    let not_held: Vec<String> = conn
        .prepare_cached(ROOTS_NOT_HELD)?
        .query_map(params![location, site_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let gone: Vec<String> = conn
        .prepare_cached(HELD_GONE)?
        .query_map(params![location, site_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    {
        let mut mark =
            conn.prepare_cached("UPDATE site_offers SET gone_epoch = ?3 WHERE site_id = ?1 AND root_id = ?2")?;
        for root in &gone {
            mark.execute(params![site_id, root, epoch])?;
        }
    }

    let mut history: Vec<WireOp> = Vec::new();
    let mut seen: HashSet<(String, u64)> = HashSet::new();
    let mut offered = 0;
    let mut more = false;
    let mut record = conn.prepare_cached(
        "INSERT INTO site_offers (site_id, root_id, offered_epoch, gone_epoch) VALUES (?1, ?2, ?3, NULL)",
    )?;
    let mut ops = conn.prepare_cached(ROOT_HISTORY)?;
    // A site that has pulled nothing gets every root's history from the
    // scoped stream: reading 50,000 histories to send none of them made
    // an enrolment's first page take nine seconds.
    let fresh = after.0.values().all(|&seq| seq == 0);
    for root in &not_held {
        if !history.is_empty() && history.len() >= limit {
            more = true;
            break;
        }
        if fresh {
            record.execute(params![site_id, root, epoch])?;
            offered += 1;
            continue;
        }
        let mut rows = ops.query(params![location, root])?;
        while let Some(r) = rows.next()? {
            let device: String = r.get(0)?;
            let seq = r.get::<_, i64>(1)? as u64;
            // Past the cursor, the scoped stream brings it.
            if seq > after.0.get(&device).copied().unwrap_or(0) || !seen.insert((device.clone(), seq)) {
                continue;
            }
            history.push(WireOp {
                op_id: r.get(2)?,
                device,
                seq,
                hlc: r.get::<_, i64>(3)? as u64,
                entity_type: r.get(4)?,
                entity_id: r.get(5)?,
                field: r.get(6)?,
                value: r.get(7)?,
                user_id: r.get(8)?,
                parents: r.get(9)?,
            });
        }
        record.execute(params![site_id, root, epoch])?;
        offered += 1;
    }
    let epoch = if offered > 0 || !gone.is_empty() {
        conn.prepare_cached("UPDATE sites SET offer_epoch = ?2 WHERE id = ?1")?.execute(params![site_id, epoch])?;
        conn.prepare_cached("DELETE FROM temp.settled_offers WHERE site_id = ?1")?.execute([site_id])?;
        epoch
    } else {
        if !more {
            settle(conn, site_id, log, last)?;
        }
        last
    };
    Ok(Offered { history, gone, epoch: epoch as u64, more })
}

/// Whether the site's offers were found settled — nothing to offer, none
/// gone, nothing said gone waiting to be taken — at epoch `epoch` of the
/// same log ([`super::export::log_state`]): then a page whose site took
/// that epoch has nothing to offer either (the roots in scope and the
/// site's offers are what they were), and the sets are not read again.
/// An enrolment's fifty pages read them twice, not fifty times. (Makes
/// the connection's table of settled sites if it has none.)
fn settled(conn: &Connection, site_id: &str, log: &str, epoch: i64) -> Result<bool, StoreError> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS settled_offers (
             site_id TEXT PRIMARY KEY, log TEXT NOT NULL, epoch INTEGER NOT NULL) WITHOUT ROWID;",
    )?;
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM temp.settled_offers WHERE site_id = ?1 AND log = ?2 AND epoch = ?3)",
        )?
        .query_row(params![site_id, log, epoch], |r| r.get(0))?)
}

/// Notes the site's offers settled at `epoch` of `log`, if no root of it
/// waits as said gone (such a root's row goes once the site takes that
/// page, which [`settled`] would skip).
fn settle(conn: &Connection, site_id: &str, log: &str, epoch: i64) -> Result<(), StoreError> {
    let waiting: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM site_offers WHERE site_id = ?1 AND gone_epoch IS NOT NULL)")?
        .query_row([site_id], |r| r.get(0))?;
    conn.prepare_cached("DELETE FROM temp.settled_offers WHERE site_id = ?1")?.execute([site_id])?;
    if !waiting {
        conn.prepare_cached("INSERT INTO temp.settled_offers (site_id, log, epoch) VALUES (?1, ?2, ?3)")?
            .execute(params![site_id, log, epoch])?;
    }
    Ok(())
}
