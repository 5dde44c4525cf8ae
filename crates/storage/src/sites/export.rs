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
/// the scope.
pub(crate) const SCOPED_OPS: &str = "
WITH places(id) AS (SELECT descendant_id FROM location_closure WHERE ancestor_id = ?1)
SELECT o.seq, o.op_id, o.hlc, o.entity_type, o.entity_id, o.field, o.value, o.user_id, o.parents
  FROM ops o
 WHERE o.device = ?2 AND o.seq > ?3 AND CASE o.entity_type
    WHEN 'location' THEN 1
    WHEN 'programme' THEN 1
    WHEN 'vaccine_dose' THEN 1
    WHEN 'user' THEN EXISTS (SELECT 1 FROM user_locations u
                              WHERE u.user_id = o.entity_id AND u.location_id IN places)
    WHEN 'role_request' THEN EXISTS (SELECT 1 FROM role_requests x JOIN user_locations u ON u.user_id = x.user_id
                                      WHERE x.id = o.entity_id AND u.location_id IN places)
    WHEN 'person' THEN EXISTS (SELECT 1 FROM people p WHERE p.id = o.entity_id AND p.location_id IN places)
    WHEN 'household' THEN EXISTS (SELECT 1 FROM households h
                                   WHERE h.id = o.entity_id AND h.location_id IN places)
    WHEN 'household_member' THEN EXISTS (SELECT 1 FROM household_members x
                                           JOIN households h ON h.id = x.household_id
                                           JOIN people p ON p.id = x.person_id
                                          WHERE x.id = o.entity_id AND h.location_id IN places
                                            AND p.location_id IN places)
    WHEN 'enrolment' THEN EXISTS (SELECT 1 FROM enrolments x JOIN people p ON p.id = x.person_id
                                   WHERE x.id = o.entity_id AND p.location_id IN places)
    WHEN 'measurement' THEN EXISTS (SELECT 1 FROM measurements x JOIN people p ON p.id = x.person_id
                                     WHERE x.id = o.entity_id AND p.location_id IN places)
    WHEN 'house' THEN EXISTS (SELECT 1 FROM family_houses x WHERE x.id = o.entity_id AND x.location_id IN places)
    WHEN 'admission' THEN EXISTS (SELECT 1 FROM admissions x JOIN people p ON p.id = x.person_id
                                   WHERE x.id = o.entity_id AND p.location_id IN places)
    WHEN 'placement' THEN EXISTS (SELECT 1 FROM placements x JOIN people p ON p.id = x.person_id
                                    JOIN family_houses f ON f.id = x.house_id
                                   WHERE x.id = o.entity_id AND p.location_id IN places
                                     AND f.location_id IN places)
    WHEN 'care_follow_up' THEN EXISTS (SELECT 1 FROM care_follow_ups x JOIN admissions a ON a.id = x.admission_id
                                         JOIN people p ON p.id = a.person_id
                                        WHERE x.id = o.entity_id AND p.location_id IN places)
    WHEN 'family_support' THEN EXISTS (SELECT 1 FROM family_support x JOIN households h ON h.id = x.household_id
                                        WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'assessment' THEN EXISTS (SELECT 1 FROM assessments x JOIN households h ON h.id = x.household_id
                                    WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'plan_action' THEN EXISTS (SELECT 1 FROM plan_actions x JOIN households h ON h.id = x.household_id
                                     WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'home_visit' THEN EXISTS (SELECT 1 FROM home_visits x JOIN households h ON h.id = x.household_id
                                    WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'care_group' THEN EXISTS (SELECT 1 FROM care_groups x WHERE x.id = o.entity_id AND x.location_id IN places)
    WHEN 'group_member' THEN EXISTS (SELECT 1 FROM group_members x JOIN care_groups g ON g.id = x.group_id
                                       JOIN people p ON p.id = x.person_id
                                      WHERE x.id = o.entity_id AND g.location_id IN places
                                        AND p.location_id IN places)
    WHEN 'register' THEN EXISTS (SELECT 1 FROM registers x JOIN care_groups g ON g.id = x.group_id
                                  WHERE x.id = o.entity_id AND g.location_id IN places)
    WHEN 'medical_visit' THEN EXISTS (SELECT 1 FROM medical_visits x JOIN people p ON p.id = x.person_id
                                       WHERE x.id = o.entity_id AND p.location_id IN places)
    WHEN 'vaccination' THEN EXISTS (SELECT 1 FROM vaccinations x JOIN people p ON p.id = x.person_id
                                     WHERE x.id = o.entity_id AND p.location_id IN places)
    WHEN 'vaccination_card' THEN EXISTS (SELECT 1 FROM vaccination_cards x JOIN people p ON p.id = x.person_id
                                          WHERE x.id = o.entity_id AND p.location_id IN places)
    WHEN 'extra_dose' THEN EXISTS (SELECT 1 FROM extra_doses x JOIN people p ON p.id = x.person_id
                                    WHERE x.id = o.entity_id AND p.location_id IN places)
    WHEN 'school_year' THEN EXISTS (SELECT 1 FROM school_years x JOIN people p ON p.id = x.person_id
                                     WHERE x.id = o.entity_id AND p.location_id IN places)
    WHEN 'relief_cycle' THEN 1
    WHEN 'displacement' THEN EXISTS (SELECT 1 FROM displacements x JOIN households h ON h.id = x.household_id
                                      WHERE x.id = o.entity_id AND h.location_id IN places)
    WHEN 'member_needs' THEN EXISTS (SELECT 1 FROM member_needs x JOIN households h ON h.id = x.household_id
                                       JOIN people p ON p.id = x.person_id
                                      WHERE x.id = o.entity_id AND h.location_id IN places
                                        AND p.location_id IN places)
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
 LIMIT ?4";

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
pub(crate) fn page(tx: &Connection, location: &str, after: &VersionVector, limit: usize) -> Result<Page, StoreError> {
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
    for _ in &pending {
        statements.push(tx.prepare(SCOPED_OPS)?);
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
