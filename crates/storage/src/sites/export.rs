//! What leaves the hub for a site: every operation of every entity in its
//! scope, and nothing else. An entity is in a site's scope by what it is
//! attached to *now*: a person by their location, a household by its
//! location, a care record by its person or household, an account by one
//! of its locations; a record attached to two things (a membership, a
//! placement in a family house) by both. Reference data (locations, programmes, the
//! vaccination schedule) goes to every site. A kind the statement does
//! not name is not sent: a new kind fails closed (and a test names every
//! kind).

use crate::StoreError;
use dugu_sync::wire::{Credential, Page};
use dugu_sync::{VersionVector, WireOp};
use rusqlite::{Connection, params};

/// The operations of one device, after a sequence number, of entities in
/// the scope of location `?1`, in sequence order (at most `?4`). Each kind's scope is one
/// indexed lookup per op, so a page costs what it returns, not the size of
/// the scope. The kinds come by how many ops they have in a village's log
/// (a `CASE` compares them in order: a vaccination was compared with
/// twenty kinds before its own). Written once, read two ways: whether a
/// person is in scope (`$person_in_scope`) comes from `people` for a
/// push's re-check and from the page's set for an export.
macro_rules! scoped_ops {
    ($person_in_scope:ident) => {
        concat!("
WITH places(id) AS (SELECT descendant_id FROM location_closure WHERE ancestor_id = ?1)
SELECT o.seq, o.op_id, o.hlc, o.entity_type, o.entity_id, o.field, o.value, o.user_id, o.parents
  FROM ops o
 WHERE o.device = ?2 AND o.seq > ?3 AND CASE o.entity_type
    WHEN 'vaccination' THEN EXISTS (SELECT 1 FROM vaccinations x
                                     WHERE x.id = o.entity_id AND ", $person_in_scope!("x.person_id"), ")
    WHEN 'medical_visit' THEN EXISTS (SELECT 1 FROM medical_visits x
                                       WHERE x.id = o.entity_id AND ", $person_in_scope!("x.person_id"), ")
    WHEN 'measurement' THEN EXISTS (SELECT 1 FROM measurements x
                                     WHERE x.id = o.entity_id AND ", $person_in_scope!("x.person_id"), ")
    WHEN 'person' THEN ", $person_in_scope!("o.entity_id"), "
    WHEN 'group_member' THEN EXISTS (SELECT 1 FROM group_members x JOIN care_groups g ON g.id = x.group_id
                                      WHERE x.id = o.entity_id AND g.location_id IN places
                                        AND ", $person_in_scope!("x.person_id"), ")
    WHEN 'extra_dose' THEN EXISTS (SELECT 1 FROM extra_doses x
                                    WHERE x.id = o.entity_id AND ", $person_in_scope!("x.person_id"), ")
    WHEN 'register' THEN EXISTS (SELECT 1 FROM registers x JOIN care_groups g ON g.id = x.group_id
                                  WHERE x.id = o.entity_id AND g.location_id IN places)
    WHEN 'location' THEN 1
    WHEN 'programme' THEN 1
    WHEN 'vaccine_dose' THEN 1
    WHEN 'user' THEN EXISTS (SELECT 1 FROM user_locations u
                              WHERE u.user_id = o.entity_id AND u.location_id IN places)
    WHEN 'role_request' THEN EXISTS (SELECT 1 FROM role_requests x JOIN user_locations u ON u.user_id = x.user_id
                                      WHERE x.id = o.entity_id AND u.location_id IN places)
    WHEN 'household' THEN EXISTS (SELECT 1 FROM households h
                                   WHERE h.id = o.entity_id AND h.location_id IN places)
    WHEN 'household_member' THEN EXISTS (SELECT 1 FROM household_members x
                                           JOIN households h ON h.id = x.household_id
                                          WHERE x.id = o.entity_id AND h.location_id IN places
                                            AND ", $person_in_scope!("x.person_id"), ")
    WHEN 'enrolment' THEN EXISTS (SELECT 1 FROM enrolments x
                                   WHERE x.id = o.entity_id AND ", $person_in_scope!("x.person_id"), ")
    WHEN 'house' THEN EXISTS (SELECT 1 FROM family_houses x WHERE x.id = o.entity_id AND x.location_id IN places)
    WHEN 'admission' THEN EXISTS (SELECT 1 FROM admissions x
                                   WHERE x.id = o.entity_id AND ", $person_in_scope!("x.person_id"), ")
    WHEN 'placement' THEN EXISTS (SELECT 1 FROM placements x
                                    JOIN family_houses f ON f.id = x.house_id
                                   WHERE x.id = o.entity_id AND ", $person_in_scope!("x.person_id"), "
                                     AND f.location_id IN places)
    WHEN 'care_follow_up' THEN EXISTS (SELECT 1 FROM care_follow_ups x JOIN admissions a ON a.id = x.admission_id
                                        WHERE x.id = o.entity_id AND ", $person_in_scope!("a.person_id"), ")
    WHEN 'family_support' THEN EXISTS (SELECT 1 FROM family_support x JOIN households h ON h.id = x.household_id
                                        WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'assessment' THEN EXISTS (SELECT 1 FROM assessments x JOIN households h ON h.id = x.household_id
                                    WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'plan_action' THEN EXISTS (SELECT 1 FROM plan_actions x JOIN households h ON h.id = x.household_id
                                     WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'home_visit' THEN EXISTS (SELECT 1 FROM home_visits x JOIN households h ON h.id = x.household_id
                                    WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'care_group' THEN EXISTS (SELECT 1 FROM care_groups x WHERE x.id = o.entity_id AND x.location_id IN places)
    WHEN 'vaccination_card' THEN EXISTS (SELECT 1 FROM vaccination_cards x
                                          WHERE x.id = o.entity_id AND ", $person_in_scope!("x.person_id"), ")
    WHEN 'school_year' THEN EXISTS (SELECT 1 FROM school_years x
                                     WHERE x.id = o.entity_id AND ", $person_in_scope!("x.person_id"), ")
    WHEN 'relief_cycle' THEN 1
    WHEN 'displacement' THEN EXISTS (SELECT 1 FROM displacements x JOIN households h ON h.id = x.household_id
                                      WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'member_needs' THEN EXISTS (SELECT 1 FROM member_needs x JOIN households h ON h.id = x.household_id
                                      WHERE x.id = o.entity_id AND h.location_id IN places
                                        AND ", $person_in_scope!("x.person_id"), ")
    WHEN 'entitlement' THEN EXISTS (SELECT 1 FROM entitlements x JOIN households h ON h.id = x.household_id
                                     WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'receipt' THEN EXISTS (SELECT 1 FROM receipts x JOIN households h ON h.id = x.household_id
                                 WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'duplicate_pair' THEN EXISTS (SELECT 1 FROM duplicate_pairs x JOIN households h ON h.id = x.household_id
                                        JOIN households k ON k.id = x.other_household_id
                                        WHERE x.id = o.entity_id AND h.location_id IN places
                                          AND k.location_id IN places)
    WHEN 'duplicate_decision' THEN EXISTS (SELECT 1 FROM duplicate_decisions x
                                            JOIN households h ON h.id = x.household_id
                                            JOIN households k ON k.id = x.other_household_id
                                            WHERE x.id = o.entity_id AND h.location_id IN places
                                              AND k.location_id IN places)
    WHEN 'farm_season' THEN EXISTS (SELECT 1 FROM farm_seasons x JOIN households h ON h.id = x.household_id
                                     WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'farm_input' THEN EXISTS (SELECT 1 FROM farm_inputs x JOIN households h ON h.id = x.household_id
                                    WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'stock_movement' THEN EXISTS (SELECT 1 FROM stock_movements x WHERE x.id = o.entity_id AND x.site_id IN places)
    WHEN 'stock_reconciliation' THEN EXISTS (SELECT 1 FROM stock_reconciliations x
                                              WHERE x.id = o.entity_id AND x.site_id IN places)
    ELSE 0 END
 ORDER BY o.seq
 LIMIT ?4")
    };
}

/// `person_in_scope(x)` read from `people` as it stands at the moment of
/// the lookup: a push re-checks each op after the ops before it were
/// applied.
macro_rules! person_in_people {
    ($person:literal) => {
        concat!("EXISTS (SELECT 1 FROM people p WHERE p.id = ", $person, " AND p.location_id IN places)")
    };
}

/// `person_in_scope(x)` read from `temp.scope_people`, the people in scope
/// when the page began ([`fill_scope_people`]): one probe of a small
/// in-memory table instead of two in the largest file (the export's main
/// cost).
macro_rules! person_in_page_set {
    ($person:literal) => {
        concat!($person, " IN temp.scope_people")
    };
}

/// The scope rule, each person looked up in `people` (a push's re-check).
pub(crate) const SCOPED_OPS: &str = scoped_ops!(person_in_people);

/// The scope rule for an export page, people from `temp.scope_people`.
pub(crate) const SCOPED_OPS_PAGE: &str = scoped_ops!(person_in_page_set);

/// Operations asked per page from which a page is a bulk pull (an
/// enrolment asks this many; a sync round 5,000): it reads the people in
/// scope once, as a set, instead of looking each op's person up.
pub const BULK_PAGE: u32 = 20_000;

/// The log as it stands, in a few bytes: every device's last sequence
/// number. Every change to what the hub holds is an op, so two equal
/// states mean the same tables — what lets a page reuse what an earlier
/// page of the same log computed.
pub(crate) fn log_state(tx: &Connection) -> Result<String, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT group_concat(k, ',') FROM (
                SELECT d.id || ':' || (SELECT COALESCE(MAX(seq), 0) FROM ops WHERE device = d.id) AS k
                  FROM devices d ORDER BY d.id)",
        )?
        .query_row([], |r| r.get::<_, Option<String>>(0))?
        .unwrap_or_default())
}

/// Fills `temp.scope_people` (on this connection) with the people in the
/// scope of `location`, unless it already holds them for the same log
/// ([`log_state`]): an enrolment's pages share one set, and a page after
/// any write reads it anew. Runs in the caller's transaction, whose
/// snapshot the page reads.
pub(crate) fn fill_scope_people(tx: &Connection, location: &str, log: &str) -> Result<(), StoreError> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS scope_people (id TEXT PRIMARY KEY) WITHOUT ROWID;
         CREATE TEMP TABLE IF NOT EXISTS scope_people_of (location_id TEXT NOT NULL, log TEXT NOT NULL);",
    )?;
    let filled: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM temp.scope_people_of WHERE location_id = ?1 AND log = ?2)")?
        .query_row([location, log], |r| r.get(0))?;
    if filled {
        return Ok(());
    }
    tx.prepare_cached("DELETE FROM temp.scope_people")?.execute([])?;
    tx.prepare_cached("DELETE FROM temp.scope_people_of")?.execute([])?;
    tx.prepare_cached(
        "INSERT INTO temp.scope_people (id)
         SELECT id FROM people
          WHERE location_id IN (SELECT descendant_id FROM location_closure WHERE ancestor_id = ?1)
          ORDER BY id",
    )?
    .execute([location])?;
    tx.prepare_cached("INSERT INTO temp.scope_people_of (location_id, log) VALUES (?1, ?2)")?
        .execute([location, log])?;
    Ok(())
}

/// One page: the `limit` earliest ops by clock across every device, from
/// where `after` leaves each — so a cause (a person) is never in a later
/// page than its effect (their measurement, made on another device). Each
/// device's ops come in sequence order, and a device's clock grows with
/// its sequence, so merging the devices' streams by clock keeps every
/// device's cursor a plain sequence number. A device's cursor moves to
/// the last op returned, or to its last op once its stream is exhausted
/// — ops out of scope are passed over, never sent, and never asked for
/// again.
///
/// Runs in the caller's transaction (one snapshot: a device's last op and
/// the ops read are the same log).
pub(crate) fn page(
    tx: &Connection,
    location: &str,
    log: &str,
    after: &VersionVector,
    limit: usize,
) -> Result<Page, StoreError> {
    let limit = limit.max(1);
    let devices: Vec<(i64, String, i64)> = tx
        .prepare_cached(
            "SELECT d.id, d.device_id, (SELECT COALESCE(MAX(seq), 0) FROM ops WHERE device = d.id)
               FROM devices d ORDER BY d.device_id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let pending: Vec<(i64, String, u64, u64)> = devices
        .into_iter()
        .filter_map(|(key, device, last)| {
            let from = after.0.get(&device).copied().unwrap_or(0);
            (last as u64 > from).then_some((key, device, from, last as u64))
        })
        .collect();
    let mut cursor = after.clone();
    let mut ops: Vec<WireOp> = Vec::new();
    // One statement per device with something past its cursor, each read
    // lazily: a page reads what it returns plus one op per device.
    let mut statements = Vec::with_capacity(pending.len());
    // A bulk page reads the people in scope once (and the pages after it
    // of the same log reuse them); a round's small page checks each op it
    // passes against `people` itself, so an idle round reads no more.
    let rule = if limit >= BULK_PAGE as usize {
        fill_scope_people(tx, location, log)?;
        SCOPED_OPS_PAGE
    } else {
        SCOPED_OPS
    };
    for _ in &pending {
        statements.push(tx.prepare(rule)?);
    }
    let mut streams = Vec::with_capacity(pending.len());
    for (st, (key, _, from, _)) in statements.iter_mut().zip(&pending) {
        streams.push(st.query(params![location, key, *from as i64, i64::MAX])?);
    }
    let mut heads: Vec<Option<WireOp>> = Vec::with_capacity(pending.len());
    for (rows, (_, device, _, _)) in streams.iter_mut().zip(&pending) {
        heads.push(next_op(rows, device)?);
    }
    let mut reached: Vec<u64> = pending.iter().map(|p| p.2).collect();
    while ops.len() < limit {
        let Some(i) = (0..heads.len())
            .filter(|&i| heads[i].is_some())
            .min_by_key(|&i| heads[i].as_ref().map(|o| (o.hlc, o.device.clone(), o.seq)))
        else {
            break;
        };
        let next = next_op(&mut streams[i], &pending[i].1)?;
        if let Some(op) = std::mem::replace(&mut heads[i], next) {
            reached[i] = op.seq;
            ops.push(op);
        }
    }
    let mut more = false;
    for (i, (_, device, _, last)) in pending.iter().enumerate() {
        let at = if heads[i].is_some() {
            more = true;
            reached[i]
        } else {
            *last
        };
        cursor.0.insert(device.clone(), at);
    }
    drop(streams);
    drop(statements);
    Ok(Page { ops, cursor, more, ..Page::default() })
}

fn next_op(rows: &mut rusqlite::Rows<'_>, device: &str) -> Result<Option<WireOp>, StoreError> {
    let Some(r) = rows.next()? else { return Ok(None) };
    Ok(Some(wire_op(r, device.to_string())?))
}

/// An op as it travels, from a row whose first nine columns are `seq,
/// op_id, hlc, entity_type, entity_id, field, value, user_id, parents`
/// (the export's and the push's statements alike).
pub(super) fn wire_op(r: &rusqlite::Row<'_>, device: String) -> rusqlite::Result<WireOp> {
    Ok(WireOp {
        op_id: r.get(1)?,
        device,
        seq: r.get::<_, i64>(0)? as u64,
        hlc: r.get::<_, i64>(2)? as u64,
        entity_type: r.get(3)?,
        entity_id: r.get(4)?,
        field: r.get(5)?,
        value: r.get(6)?,
        user_id: r.get(7)?,
        parents: r.get(8)?,
    })
}

/// The credentials of the accounts with a location in the scope of
/// `location`: password hash, "must change" and language; never a second
/// factor's secret nor a waiting reset. A disabled account has none: the
/// site drops what it held of it at its next refresh.
pub(crate) fn credentials(conn: &Connection, location: &str) -> Result<Vec<Credential>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT c.user_id, c.password_hash, c.must_change_password, c.language FROM user_credentials c
           JOIN users a ON a.id = c.user_id AND a.disabled = 0
          WHERE c.user_id IN (SELECT u.user_id FROM user_locations u
                               WHERE u.location_id IN (SELECT descendant_id FROM location_closure
                                                        WHERE ancestor_id = ?1))
          ORDER BY c.user_id",
    )?;
    let rows = st.query_map([location], |r| {
        Ok(Credential {
            user_id: r.get(0)?,
            password_hash: r.get(1)?,
            must_change_password: r.get(2)?,
            language: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
