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
use std::collections::HashMap;

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
    if !created {
        // A record made here took its place when it was inserted; a change
        // or a removal may move what hangs from it.
        super::place::after_change(conn, op.kind, &op.entity, field)?;
    }
    match (op.kind, before) {
        (EntityKind::Person, Before::Person { key }) => {
            // The in-memory index drops the person's words too.
            let old_words: Vec<String> = conn
                .prepare_cached("SELECT token FROM person_tokens WHERE person_key = ?1")?
                .query_map([key], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            conn.prepare_cached("DELETE FROM person_tokens WHERE person_key = ?1")?.execute([key])?;
            conn.prepare_cached("DELETE FROM growth_status WHERE person_id = ?1")?.execute([&op.entity])?;
            if let Some(sink) = sink {
                sink.push(IndexChange {
                    person_key: key as u32,
                    location_key: 0,
                    sort_name: String::new(),
                    old_words,
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
        (EntityKind::User, _) if created || field == Some("location_ids") => user_locations(conn, &op.entity)?,
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
    // Two lookups by key: a join here was re-planned on every call.
    let row: Option<(i64, String, String, String, String, String)> = conn
        .prepare_cached(
            "SELECT rowid, given_name, family_name, other_names, sort_name, location_id FROM people WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .optional()?;
    let Some((person_key, given, family, other, sort, location_id)) = row else { return Ok(()) };
    let location_key: i64 =
        conn.prepare_cached("SELECT rowid FROM locations WHERE id = ?1")?.query_row([&location_id], |r| r.get(0))?;
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
    file_words(conn, person_key, location_key, sort, names, old_words, sink)
}

/// A new person's name words, from the creation's fields (the row was
/// just inserted as `person_key`): what [`tokens`] would read back from
/// it — the sort name the insert computed, other names as their column
/// joins them. `location_keys`: location rowids already looked up.
pub(crate) fn created_person(
    conn: &rusqlite::Connection,
    person_key: i64,
    fields: &[(&'static str, serde_json::Value)],
    location_keys: &mut HashMap<String, i64>,
    sink: &mut Vec<IndexChange>,
    words: &mut Vec<WordRow>,
) -> Result<(), StoreError> {
    use super::materialize::Fields;
    let text = |k: &str| Fields::get(fields, k).and_then(serde_json::Value::as_str).unwrap_or("");
    let location_id = text("location_id");
    let location_key = match location_keys.get(location_id) {
        Some(key) => *key,
        None => {
            let key: i64 = conn
                .prepare_cached("SELECT rowid FROM locations WHERE id = ?1")?
                .query_row([location_id], |r| r.get(0))?;
            location_keys.insert(location_id.to_string(), key);
            key
        }
    };
    let other: Vec<&str> = match Fields::get(fields, "other_names") {
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(serde_json::Value::as_str).collect(),
        _ => Vec::new(),
    };
    let other = other.join("\n");
    let names = [text("given_name"), text("family_name")].into_iter().chain(other.lines().filter(|l| !l.is_empty()));
    let sort = super::materialize::person_sort_name(fields);
    let new_words = dugu_domain::names::tokens(names);
    words.extend(new_words.iter().map(|t| (t.clone(), sort.clone(), person_key, location_key)));
    sink.push(IndexChange {
        person_key: person_key as u32,
        location_key: location_key as u32,
        sort_name: sort,
        old_words: Vec::new(),
        new_words,
    });
    Ok(())
}

/// A name word waiting to be filed: `(token, sort name, person key,
/// location key)`, the key of `person_tokens` first.
pub(crate) type WordRow = (String, String, i64, i64);

/// Files new people's name words in the table's own order. A batch's
/// words come in the people's order, which is random in the table's key
/// (word, sort name): sorted, consecutive inserts fall on the same few
/// pages instead of a random leaf each. During a bulk load (`staged`) they
/// are appended to `person_tokens_staged` instead: a batch's words still
/// fell on most of the table's leaves, rewritten at every commit; the
/// load files them all, sorted once, at its end (`bulk::file_staged_words`).
pub(crate) fn file_pending(
    conn: &rusqlite::Connection,
    words: &mut Vec<WordRow>,
    staged: bool,
) -> Result<(), StoreError> {
    if words.is_empty() {
        return Ok(());
    }
    if staged {
        let mut st = conn.prepare_cached(
            "INSERT INTO person_tokens_staged (token, sort_name, person_key, location_key) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (token, sort, person_key, location_key) in words.drain(..) {
            st.execute(params![token, sort, person_key, location_key])?;
        }
        return Ok(());
    }
    words.sort_unstable();
    let mut st = conn.prepare_cached(
        "INSERT OR IGNORE INTO person_tokens (token, sort_name, person_key, location_key) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (token, sort, person_key, location_key) in words.drain(..) {
        st.execute(params![token, sort, person_key, location_key])?;
    }
    Ok(())
}

/// Files a person's folded name words in `person_tokens`, and tells the
/// in-memory index (once the write is committed) what changed.
fn file_words<'a>(
    conn: &rusqlite::Connection,
    person_key: i64,
    location_key: i64,
    sort: String,
    names: impl Iterator<Item = &'a str>,
    old_words: Vec<String>,
    sink: Option<&mut Vec<IndexChange>>,
) -> Result<(), StoreError> {
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
/// the child's growth status. Computed here from one ordered read rather
/// than by correlated subqueries, which SQLite re-planned on every call.
/// `(id, measured on, weight, previous date, previous weight, is latest)`.
type MeasuredRow = (String, String, Option<f64>, Option<String>, Option<f64>, i64);

fn latest_measurement(conn: &rusqlite::Connection, person_id: &str) -> Result<(), StoreError> {
    let mut update = conn
        .prepare_cached("UPDATE measurements SET is_latest = ?2, prev_date = ?3, prev_weight_kg = ?4 WHERE id = ?1")?;
    // A struck-out measurement counts for nothing: not latest, no previous.
    conn.prepare_cached(
        "UPDATE measurements SET is_latest = 0, prev_date = NULL, prev_weight_kg = NULL
          WHERE person_id = ?1 AND struck_out IS NOT NULL AND (is_latest = 1 OR prev_date IS NOT NULL)",
    )?
    .execute([person_id])?;
    let rows: Vec<MeasuredRow> = conn
        .prepare_cached(
            "SELECT id, measured_on, weight_kg, prev_date, prev_weight_kg, is_latest FROM measurements
              WHERE person_id = ?1 AND struck_out IS NULL ORDER BY measured_on, created_at, id",
        )?
        .query_map([person_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
        .collect::<Result<_, _>>()?;
    // The previous weight: the latest weighed measurement of an earlier day.
    let mut earlier: Option<(String, f64)> = None;
    let mut today_best: Option<(String, f64)> = None;
    let mut day: Option<String> = None;
    for (i, (id, on, weight, prev_date, prev_weight, latest)) in rows.iter().enumerate() {
        if day.as_deref() != Some(on.as_str()) {
            if today_best.is_some() {
                earlier = today_best.take();
            }
            day = Some(on.clone());
        }
        let is_latest = i64::from(i + 1 == rows.len());
        let prev = earlier.clone();
        if let Some(w) = weight {
            today_best = Some((on.clone(), *w));
        }
        let (new_date, new_weight) = (prev.as_ref().map(|p| p.0.clone()), prev.map(|p| p.1));
        if is_latest != *latest || new_date != *prev_date || new_weight != *prev_weight {
            update.execute(params![id, is_latest, new_date, new_weight])?;
        }
    }
    growth_status(conn, person_id)
}

/// A child's row of `growth_status`: the latest measurement with the
/// child's current sex, birth date and location, and the latest
/// measurement that can judge acute malnutrition (MUAC, oedema, or weight
/// with length/height), which a later weight-only one does not replace.
pub(crate) fn growth_status(conn: &rusqlite::Connection, person_id: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM growth_status WHERE person_id = ?1")?.execute([person_id])?;
    let person: Option<(String, String, Option<String>)> = conn
        .prepare_cached("SELECT location_id, sex, birth_date FROM people WHERE id = ?1")?
        .query_row([person_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((location_id, sex, birth_date)) = person else { return Ok(()) };
    conn.prepare_cached(
        "INSERT INTO growth_status
         SELECT ?2, m.person_id, ?3, ?4, m.id, m.measured_on, m.weight_kg, m.length_height_cm, m.measured, m.oedema,
                m.muac_mm, m.head_cm, m.prev_date, m.prev_weight_kg,
                a.id, a.measured_on, a.weight_kg, a.length_height_cm, a.measured, a.oedema, a.muac_mm
           FROM measurements m LEFT JOIN (
                SELECT id, measured_on, weight_kg, length_height_cm, measured, oedema, muac_mm FROM measurements
                 WHERE person_id = ?1 AND struck_out IS NULL
                   AND (muac_mm IS NOT NULL OR oedema = 1 OR (weight_kg IS NOT NULL AND length_height_cm IS NOT NULL))
                 ORDER BY measured_on DESC, created_at DESC, id DESC LIMIT 1) a ON 1
          WHERE m.person_id = ?1 AND m.is_latest = 1",
    )?
    .execute(params![person_id, location_id, sex, birth_date])?;
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

/// A day's attendance lines from its register's marks, for the people
/// held: a child who has left a site's scope keeps its mark in the
/// register there, with no line (and no row to name).
fn attendance(conn: &rusqlite::Connection, register_id: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "DELETE FROM attendance WHERE (group_id, day) IN (SELECT group_id, day FROM registers WHERE id = ?1)",
    )?
    .execute([register_id])?;
    conn.prepare_cached(
        "INSERT INTO attendance (group_id, day, person_id, present)
         SELECT r.group_id, r.day, j.key, j.value FROM registers r, json_each(r.marks) j
          WHERE r.id = ?1 AND j.key IN (SELECT id FROM people)",
    )?
    .execute([register_id])?;
    Ok(())
}

/// An account's rows of `user_locations` (what scope lookups join on),
/// from its list of locations.
fn user_locations(conn: &rusqlite::Connection, user_id: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM user_locations WHERE user_id = ?1")?.execute([user_id])?;
    let list: Option<String> = conn
        .prepare_cached("SELECT location_ids FROM users WHERE id = ?1")?
        .query_row([user_id], |r| r.get(0))
        .optional()?;
    let mut insert =
        conn.prepare_cached("INSERT OR IGNORE INTO user_locations (user_id, location_id) VALUES (?1, ?2)")?;
    for location in list.as_deref().unwrap_or_default().lines().filter(|l| !l.is_empty()) {
        insert.execute(params![user_id, location])?;
    }
    Ok(())
}

/// Rebuilds every derived table from the entity tables (the end of a
/// replay).
pub(crate) fn rebuild_all(conn: &rusqlite::Connection) -> Result<(), StoreError> {
    for table in ["person_tokens", "growth_status", "attendance", "record_counters", "user_locations"] {
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
    // Every record's place from its anchor's, which the replay may have met
    // after it, or before the anchor moved.
    super::place::rebuild(conn)?;
    let users: Vec<String> =
        conn.prepare("SELECT id FROM users ORDER BY id")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    for id in &users {
        user_locations(conn, id)?;
    }
    // Every register's lines in one statement (`attendance` writes one
    // register's; a group has one register a day, so none replaces
    // another's). The index by person is made again after them, from its
    // own definition: a million lines inserted into it at random took
    // twice as long as sorting them once.
    let by_person: String = conn.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'attendance_by_person'",
        [],
        |r| r.get(0),
    )?;
    conn.execute("DROP INDEX attendance_by_person", [])?;
    conn.prepare_cached(
        "INSERT INTO attendance (group_id, day, person_id, present)
         SELECT r.group_id, r.day, j.key, j.value FROM registers r, json_each(r.marks) j
          WHERE j.key IN (SELECT id FROM people)
          -- In the table's key order: a million lines appended, not
          -- inserted at random.
          ORDER BY r.group_id, r.day, j.key",
    )?
    .execute([])?;
    conn.execute(&by_person, [])?;
    // A site's counter, in each series, is the highest number its records
    // were given in it.
    conn.execute(
        "INSERT INTO record_counters (site_id, series, last)
         SELECT site_id, n >= ?1, MAX(n)
           FROM (SELECT l.id AS site_id, CAST(substr(r.record_number, length(l.code) + 2) AS INTEGER) AS n
                   FROM (SELECT record_number FROM people UNION ALL SELECT record_number FROM households) r
                   JOIN locations l ON l.kind = 'site' AND r.record_number LIKE l.code || '-%'
                    -- Only the digits after the code: the site `MOP` has no
                    -- number in `MOP-SEV-000001` (it read as 0).
                    AND substr(r.record_number, length(l.code) + 2) NOT GLOB '*[^0-9]*'
                    AND length(r.record_number) > length(l.code) + 1)
          GROUP BY site_id, n >= ?1",
        [dugu_domain::record_number::NATIONAL_FIRST as i64],
    )?;
    // And in the receipts' series, the highest receipt number given there.
    conn.execute(
        "INSERT INTO record_counters (site_id, series, last)
         SELECT site_id, ?2 + (n >= ?1), MAX(n)
           FROM (SELECT l.id AS site_id, CAST(substr(r.number, length(l.code) + 3) AS INTEGER) AS n
                   FROM receipts r
                   JOIN locations l ON l.kind = 'site' AND r.number LIKE l.code || '-R%'
                    AND substr(r.number, length(l.code) + 3) NOT GLOB '*[^0-9]*'
                    AND length(r.number) > length(l.code) + 2)
          GROUP BY site_id, n >= ?1",
        [dugu_domain::record_number::NATIONAL_FIRST as i64, i64::from(dugu_domain::record_number::RECEIPT_SERIES)],
    )?;
    Ok(())
}

fn clear_statement(table: &str) -> &'static str {
    match table {
        "person_tokens" => "DELETE FROM person_tokens",
        "growth_status" => "DELETE FROM growth_status",
        "attendance" => "DELETE FROM attendance",
        "user_locations" => "DELETE FROM user_locations",
        _ => "DELETE FROM record_counters",
    }
}
