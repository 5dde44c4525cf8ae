//! Derived data: what the tables that are read keep besides the fields —
//! a person's sort name and name words, a child's latest measurement and
//! growth status, the location tree's closure, a day's attendance lines,
//! record counters. Rewritten after each operation by a local write, and
//! rebuilt wholesale at the end of a replay; `dugu check` compares the two.

use super::{Change, StoredOp};
use crate::StoreError;
use crate::name_index::IndexChange;
use dugu_domain::EntityKind;
use rusqlite::{OptionalExtension, params};

/// What a tombstone's derived data needs from the row before it goes.
pub(crate) enum Before {
    Nothing,
    Person { key: i64 },
    Child { person_id: String },
    Register { group_id: String, day: String },
}

/// Reads what [`after`] will need once `op` has removed its row.
pub(crate) fn before(
    conn: &rusqlite::Connection,
    kind: EntityKind,
    change: &Change,
    id: &str,
) -> Result<Before, StoreError> {
    if *change != Change::Tombstone {
        return Ok(Before::Nothing);
    }
    Ok(match kind {
        EntityKind::Person => conn
            .prepare_cached("SELECT rowid FROM people WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .map_or(Before::Nothing, |key| Before::Person { key }),
        EntityKind::Measurement => conn
            .prepare_cached("SELECT person_id FROM measurements WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .map_or(Before::Nothing, |person_id| Before::Child { person_id }),
        EntityKind::Register => conn
            .prepare_cached("SELECT group_id, day FROM registers WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .map_or(Before::Nothing, |(group_id, day)| Before::Register { group_id, day }),
        _ => Before::Nothing,
    })
}

/// Rewrites what `op` changed of the derived data.
pub(crate) fn after(
    conn: &rusqlite::Connection,
    op: &StoredOp,
    before: Before,
    sink: Option<&mut Vec<IndexChange>>,
) -> Result<(), StoreError> {
    let field = op.field.as_deref();
    let created = field.is_none() && op.value != "null";
    match (op.kind, before) {
        (EntityKind::Person, Before::Person { key }) => {
            conn.prepare_cached("DELETE FROM person_tokens WHERE person_key = ?1")?.execute([key])?;
            conn.prepare_cached("DELETE FROM growth_status WHERE person_id = ?1")?.execute([&op.entity])?;
            if let Some(sink) = sink {
                let old = Vec::new();
                sink.push(IndexChange {
                    person_key: key as u32,
                    location_key: 0,
                    sort_name: String::new(),
                    old_words: old,
                    new_words: Vec::new(),
                });
            }
        }
        (EntityKind::Person, _) => {
            if matches!(field, Some("given_name" | "family_name")) {
                sort_name(conn, &op.entity)?;
            }
            if created || matches!(field, Some("given_name" | "family_name" | "other_names" | "location_id")) {
                tokens(conn, &op.entity, !created, sink)?;
            }
            if matches!(field, Some("sex" | "birth_date" | "location_id")) {
                growth_status(conn, &op.entity)?;
            }
        }
        (EntityKind::Measurement, Before::Child { person_id }) => latest_measurement(conn, &person_id)?,
        (EntityKind::Measurement, _) => {
            let person: Option<String> = conn
                .prepare_cached("SELECT person_id FROM measurements WHERE id = ?1")?
                .query_row([&op.entity], |r| r.get(0))
                .optional()?;
            if let Some(p) = person {
                latest_measurement(conn, &p)?;
            }
        }
        (EntityKind::Location, _) => closure(conn)?,
        (EntityKind::Register, Before::Register { group_id, day }) => {
            conn.prepare_cached("DELETE FROM attendance WHERE group_id = ?1 AND day = ?2")?
                .execute(params![group_id, day])?;
        }
        (EntityKind::Register, _) => attendance(conn, &op.entity)?,
        _ => {}
    }
    Ok(())
}

/// A person's sort name, from their names.
fn sort_name(conn: &rusqlite::Connection, id: &str) -> Result<(), StoreError> {
    let names: Option<(String, String)> = conn
        .prepare_cached("SELECT family_name, given_name FROM people WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((family, given)) = names {
        let sort = dugu_domain::fold(&format!("{family} {given}"));
        conn.prepare_cached("UPDATE people SET sort_name = ?2 WHERE id = ?1")?.execute(params![id, sort])?;
    }
    Ok(())
}

/// A person's name words, for search (and the in-memory index, once the
/// write is committed). `existing`: words may already be filed.
fn tokens(
    conn: &rusqlite::Connection,
    id: &str,
    existing: bool,
    sink: Option<&mut Vec<IndexChange>>,
) -> Result<(), StoreError> {
    let row: Option<(i64, String, String, String, String, i64)> = conn
        .prepare_cached(
            "SELECT p.rowid, p.given_name, p.family_name, p.other_names, p.sort_name, l.rowid
               FROM people p JOIN locations l ON l.id = p.location_id WHERE p.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .optional()?;
    let Some((person_key, given, family, other, sort, location_key)) = row else { return Ok(()) };
    let old_words: Vec<String> = if existing {
        let old = conn
            .prepare_cached("SELECT token FROM person_tokens WHERE person_key = ?1")?
            .query_map([person_key], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        conn.prepare_cached("DELETE FROM person_tokens WHERE person_key = ?1")?.execute([person_key])?;
        old
    } else {
        Vec::new()
    };
    let names = [given.as_str(), family.as_str()].into_iter().chain(other.lines().filter(|l| !l.is_empty()));
    let new_words = dugu_domain::names::tokens(names);
    let mut st = conn.prepare_cached(
        "INSERT OR IGNORE INTO person_tokens (token, sort_name, person_key, location_key) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for t in &new_words {
        st.execute(params![t, sort, person_key, location_key])?;
    }
    if let Some(sink) = sink {
        sink.push(IndexChange {
            person_key: person_key as u32,
            location_key: location_key as u32,
            sort_name: sort,
            old_words,
            new_words,
        });
    }
    Ok(())
}

/// A child's latest measurement, each measurement's previous weight, and
/// the child's growth status.
fn latest_measurement(conn: &rusqlite::Connection, person_id: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE measurements SET is_latest = (id IS (SELECT x.id FROM measurements x WHERE x.person_id = ?1
                                                ORDER BY x.measured_on DESC, x.created_at DESC, x.id DESC LIMIT 1))
         WHERE person_id = ?1",
    )?
    .execute([person_id])?;
    conn.prepare_cached(
        "UPDATE measurements AS m SET (prev_date, prev_weight_kg) =
                (SELECT pm.measured_on, pm.weight_kg FROM measurements pm
                  WHERE pm.person_id = m.person_id AND pm.weight_kg IS NOT NULL AND pm.measured_on < m.measured_on
                  ORDER BY pm.measured_on DESC, pm.created_at DESC, pm.id DESC LIMIT 1)
         WHERE m.person_id = ?1",
    )?
    .execute([person_id])?;
    growth_status(conn, person_id)
}

/// A child's row of `growth_status`: the latest measurement with the
/// child's current sex, birth date and location.
pub(crate) fn growth_status(conn: &rusqlite::Connection, person_id: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM growth_status WHERE person_id = ?1")?.execute([person_id])?;
    conn.prepare_cached(
        "INSERT INTO growth_status
         SELECT p.location_id, p.id, p.sex, p.birth_date, m.id, m.measured_on, m.weight_kg, m.length_height_cm,
                m.measured, m.oedema, m.muac_mm, m.head_cm, m.prev_date, m.prev_weight_kg
           FROM measurements m JOIN people p ON p.id = m.person_id
          WHERE m.person_id = ?1 AND m.is_latest = 1",
    )?
    .execute([person_id])?;
    Ok(())
}

/// The location tree's closure (a few hundred rows: rebuilt whole).
fn closure(conn: &rusqlite::Connection) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM location_closure")?.execute([])?;
    conn.prepare_cached(
        "WITH RECURSIVE up(descendant_id, ancestor_id) AS (
             SELECT id, id FROM locations
             UNION SELECT up.descendant_id, l.parent_id FROM up JOIN locations l ON l.id = up.ancestor_id
              WHERE l.parent_id IS NOT NULL)
         INSERT INTO location_closure (ancestor_id, descendant_id) SELECT ancestor_id, descendant_id FROM up",
    )?
    .execute([])?;
    Ok(())
}

/// A day's attendance lines from its register's marks.
fn attendance(conn: &rusqlite::Connection, register_id: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "DELETE FROM attendance WHERE (group_id, day) IN (SELECT group_id, day FROM registers WHERE id = ?1)",
    )?
    .execute([register_id])?;
    conn.prepare_cached(
        "INSERT INTO attendance (group_id, day, person_id, present)
         SELECT r.group_id, r.day, j.key, j.value FROM registers r, json_each(r.marks) j WHERE r.id = ?1",
    )?
    .execute([register_id])?;
    Ok(())
}

/// Rebuilds every derived table from the entity tables (the end of a
/// replay).
pub(crate) fn rebuild_all(conn: &rusqlite::Connection) -> Result<(), StoreError> {
    for table in ["person_tokens", "growth_status", "attendance", "record_counters"] {
        conn.execute(clear_statement(table), [])?;
    }
    let people: Vec<String> =
        conn.prepare("SELECT id FROM people ORDER BY id")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    for id in &people {
        sort_name(conn, id)?;
        tokens(conn, id, false, None)?;
    }
    let measured: Vec<String> = conn
        .prepare("SELECT DISTINCT person_id FROM measurements ORDER BY person_id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in &measured {
        latest_measurement(conn, id)?;
    }
    closure(conn)?;
    let registers: Vec<String> =
        conn.prepare("SELECT id FROM registers ORDER BY id")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    for id in &registers {
        attendance(conn, id)?;
    }
    // A site's counter is the highest number its records were given.
    conn.execute(
        "INSERT INTO record_counters (site_id, last)
         SELECT l.id, MAX(CAST(substr(r.record_number, length(l.code) + 2) AS INTEGER))
           FROM (SELECT record_number FROM people UNION ALL SELECT record_number FROM households) r
           JOIN locations l ON l.kind = 'site' AND r.record_number LIKE l.code || '-%'
          GROUP BY l.id",
        [],
    )?;
    Ok(())
}

fn clear_statement(table: &str) -> &'static str {
    match table {
        "person_tokens" => "DELETE FROM person_tokens",
        "growth_status" => "DELETE FROM growth_status",
        "attendance" => "DELETE FROM attendance",
        _ => "DELETE FROM record_counters",
    }
}
