//! A record's owning place, `place_id` (migration 0039): the location it
//! lives at by `dugu_domain::EntityKind::owner`, the column a hub on
//! PostgreSQL distributes (Citus) or partitions rows by. A kind placed by
//! its own field computes it (a virtual column: a person's creation is its
//! own place, and costs nothing more). A kind placed through another
//! record keeps it here, derived data like any other: taken from the
//! anchor when the record is made (one lookup by key), rewritten for
//! everything attached when the anchor's place changes (a child
//! transferred, a household moved) in the same write, and rebuilt with one
//! set-based statement per table at the end of a replay — so `dugu check`
//! compares it as every other column. A received op goes through the same
//! insert and the same rewrite (`receive_one`). No record
//! is ever held before its anchor: every anchor field is a foreign key, so
//! a received record whose anchor is not there yet cannot become a row and
//! waits, held back, for it; a purge takes a root with everything hanging
//! from it, so what stays keeps its place.

use crate::StoreError;
use dugu_domain::EntityKind;
use rusqlite::{OptionalExtension, params};

/// The statements of one kind placed through another record.
pub(crate) struct Placed {
    /// The kind.
    pub(crate) kind: EntityKind,
    /// The field naming its anchor.
    pub(crate) field: &'static str,
    /// The anchor's kind.
    pub(crate) anchor: EntityKind,
    /// The anchor's place (`?1` = the anchor's id).
    pub(crate) anchor_place: &'static str,
    /// One row's place from its anchor (`?1` = the row's id).
    pub(crate) one: &'static str,
    /// Every row attached to anchor `?1` placed at `?2`.
    pub(crate) follow: &'static str,
    /// The ids of the rows attached to anchor `?1`.
    pub(crate) attached: &'static str,
    /// Every row's place from its anchor (a replay's end).
    pub(crate) all: &'static str,
}

macro_rules! placed {
    ($( $kind:ident $table:literal $field:ident $anchor:ident $anchor_table:literal ),* $(,)?) => {
        /// Every kind placed through another record, anchors before what
        /// hangs from them (`EntityKind::ALL`'s order).
        pub(crate) const PLACED: &[Placed] = &[$(
            Placed {
                kind: EntityKind::$kind,
                field: stringify!($field),
                anchor: EntityKind::$anchor,
                anchor_place: concat!("SELECT place_id FROM ", $anchor_table, " WHERE id = ?1"),
                one: concat!(
                    "UPDATE ", $table, " SET place_id = (SELECT a.place_id FROM ", $anchor_table, " a WHERE a.id = ",
                    $table, ".", stringify!($field), ") WHERE id = ?1"
                ),
                follow: concat!(
                    "UPDATE ", $table, " SET place_id = ?2 WHERE ", stringify!($field), " = ?1 AND place_id IS NOT ?2"
                ),
                attached: concat!("SELECT id FROM ", $table, " WHERE ", stringify!($field), " = ?1"),
                all: concat!(
                    "UPDATE ", $table, " SET place_id = (SELECT a.place_id FROM ", $anchor_table, " a WHERE a.id = ",
                    $table, ".", stringify!($field), ") WHERE place_id IS NOT (SELECT a.place_id FROM ",
                    $anchor_table, " a WHERE a.id = ", $table, ".", stringify!($field), ")"
                ),
            }
        ),*];
    };
}

placed! {
    HouseholdMember "household_members" household_id Household "households",
    Enrolment "enrolments" person_id Person "people",
    Measurement "measurements" person_id Person "people",
    Admission "admissions" person_id Person "people",
    Placement "placements" person_id Person "people",
    CareFollowUp "care_follow_ups" admission_id Admission "admissions",
    FamilySupport "family_support" household_id Household "households",
    Assessment "assessments" household_id Household "households",
    PlanAction "plan_actions" household_id Household "households",
    HomeVisit "home_visits" household_id Household "households",
    GroupMember "group_members" person_id Person "people",
    Register "registers" group_id CareGroup "care_groups",
    MedicalVisit "medical_visits" person_id Person "people",
    Vaccination "vaccinations" person_id Person "people",
    VaccinationCard "vaccination_cards" person_id Person "people",
    ExtraDose "extra_doses" person_id Person "people",
    SchoolYear "school_years" person_id Person "people",
    Displacement "displacements" household_id Household "households",
    MemberNeeds "member_needs" household_id Household "households",
    Entitlement "entitlements" household_id Household "households",
    Receipt "receipts" household_id Household "households",
    DuplicatePair "duplicate_pairs" household_id Household "households",
    DuplicateDecision "duplicate_decisions" household_id Household "households",
    FarmSeason "farm_seasons" household_id Household "households",
    FarmInput "farm_inputs" household_id Household "households",
}

/// `kind`'s statements, if it is placed through another record.
pub(crate) fn placed(kind: EntityKind) -> Option<&'static Placed> {
    PLACED.iter().find(|p| p.kind == kind)
}

/// Whether records are placed through `kind`'s.
pub(crate) fn is_anchor(kind: EntityKind) -> bool {
    PLACED.iter().any(|p| p.anchor == kind)
}

/// The place of a new record of a kind placed through `anchor_id`: the
/// anchor's (none while a replay has not met it yet).
pub(crate) fn anchor_place(
    conn: &rusqlite::Connection,
    p: &Placed,
    anchor_id: Option<&str>,
) -> Result<Option<String>, StoreError> {
    let Some(id) = anchor_id else { return Ok(None) };
    Ok(conn.prepare_cached(p.anchor_place)?.query_row([id], |r| r.get(0)).optional()?.flatten())
}

/// Places what hangs from record `id` of `kind` where it now is (`place`;
/// none once it is gone), and what hangs from those in turn.
pub(crate) fn follow(
    conn: &rusqlite::Connection,
    kind: EntityKind,
    id: &str,
    place: Option<&str>,
) -> Result<(), StoreError> {
    for p in PLACED.iter().filter(|p| p.anchor == kind) {
        conn.prepare_cached(p.follow)?.execute(params![id, place])?;
        if is_anchor(p.kind) {
            let ids: Vec<String> =
                conn.prepare_cached(p.attached)?.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
            for child in &ids {
                follow(conn, p.kind, child, place)?;
            }
        }
    }
    Ok(())
}

/// The place of record `id` of `kind` as its row says (none: no row, or a
/// kind nothing is placed through).
fn place_of(conn: &rusqlite::Connection, kind: EntityKind, id: &str) -> Result<Option<String>, StoreError> {
    match PLACED.iter().find(|p| p.anchor == kind) {
        Some(p) => anchor_place(conn, p, Some(id)),
        None => Ok(None),
    }
}

/// After `field` of record `id` of `kind` was set (`None`: the record was
/// removed): if that moved the record, its place and what hangs from it
/// follow (none once it is gone, as a replay's rebuild would say).
pub(crate) fn after_change(
    conn: &rusqlite::Connection,
    kind: EntityKind,
    id: &str,
    field: Option<&str>,
) -> Result<(), StoreError> {
    let own = matches!(kind.owner(), dugu_domain::Owner::Own(f) if Some(f) == field);
    let placed = placed(kind);
    let anchor_moved = placed.is_some_and(|p| Some(p.field) == field);
    if let (true, Some(p)) = (anchor_moved, placed) {
        conn.prepare_cached(p.one)?.execute([id])?;
    }
    if (own || anchor_moved || field.is_none()) && is_anchor(kind) {
        let place = place_of(conn, kind, id)?;
        follow(conn, kind, id, place.as_deref())?;
    }
    Ok(())
}

/// Every placed row's place from its anchor, anchors first: one statement
/// per table, writing only rows whose place differs.
pub(crate) fn rebuild(conn: &rusqlite::Connection) -> Result<(), StoreError> {
    for p in PLACED {
        conn.prepare_cached(p.all)?.execute([])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dugu_domain::Owner;

    #[test]
    fn each_kind_placed_through_another_is_listed_by_its_rule() {
        for k in EntityKind::ALL {
            let listed = placed(*k);
            match k.owner().anchor() {
                Some((field, anchor)) => {
                    let p =
                        listed.unwrap_or_else(|| panic!("{k:?} is placed through {anchor:?} but has no statements"));
                    assert_eq!((p.field, p.anchor), (field, anchor), "{k:?}");
                    // `UPDATE table SET place_id = ?2 WHERE field = ?1 …`,
                    // `SELECT place_id FROM anchor's table WHERE id = ?1`.
                    let words: Vec<&str> = p.follow.split(' ').collect();
                    assert_eq!((words[1], words[7]), (crate::oplog::sql::table(*k), field), "{k:?}");
                    assert_eq!(p.anchor_place.split(' ').nth(3), Some(crate::oplog::sql::table(anchor)), "{k:?}");
                    for sql in [p.one, p.attached, p.all] {
                        assert!(sql.contains(crate::oplog::sql::table(*k)) && sql.contains(field), "{sql}");
                    }
                }
                None => assert!(listed.is_none(), "{k:?} is {:?}", k.owner()),
            }
        }
        // Anchors before what hangs from them, so a rebuild reads settled places.
        for (i, p) in PLACED.iter().enumerate() {
            assert!(!PLACED[i..].iter().any(|q| q.kind == p.anchor), "{:?} before its anchor", p.kind);
        }
        assert!(PLACED.iter().all(|p| p.anchor.owner() != Owner::Reference));
    }
}
