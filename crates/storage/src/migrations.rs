//! Schema migrations: embedded, append-only, applied in order at start-up
//! inside one transaction each.

use crate::StoreError;
use rusqlite::{Connection, OptionalExtension};

/// Every migration, in order. Never edit one that has shipped; add a new one.
pub(crate) const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial", include_str!("../migrations/0001_initial.sql")),
    ("0002_growth", include_str!("../migrations/0002_growth.sql")),
    ("0003_villages", include_str!("../migrations/0003_villages.sql")),
    ("0004_latest_measurement", include_str!("../migrations/0004_latest_measurement.sql")),
    ("0005_family_strengthening", include_str!("../migrations/0005_family_strengthening.sql")),
    ("0006_growth_status", include_str!("../migrations/0006_growth_status.sql")),
    ("0007_attendance", include_str!("../migrations/0007_attendance.sql")),
    ("0008_medical", include_str!("../migrations/0008_medical.sql")),
    ("0009_school", include_str!("../migrations/0009_school.sql")),
    ("0010_follow_ups", include_str!("../migrations/0010_follow_ups.sql")),
    ("0011_people_by_birth", include_str!("../migrations/0011_people_by_birth.sql")),
    ("0012_vaccine_schedule_active", include_str!("../migrations/0012_vaccine_schedule_active.sql")),
    ("0013_privilege_and_list_audit", include_str!("../migrations/0013_privilege_and_list_audit.sql")),
    ("0014_write_model", include_str!("../migrations/0014_write_model.sql")),
    ("0015_accounts_in_log", include_str!("../migrations/0015_accounts_in_log.sql")),
    ("0016_strike_outs", include_str!("../migrations/0016_strike_outs.sql")),
    ("0017_vaccination_history", include_str!("../migrations/0017_vaccination_history.sql")),
    ("0018_admission_corrections", include_str!("../migrations/0018_admission_corrections.sql")),
    ("0019_growth_assessable", include_str!("../migrations/0019_growth_assessable.sql")),
    ("0020_plan_action_corrections", include_str!("../migrations/0020_plan_action_corrections.sql")),
    ("0021_sites", include_str!("../migrations/0021_sites.sql")),
    ("0022_merge", include_str!("../migrations/0022_merge.sql")),
    ("0023_write_model_compact", include_str!("../migrations/0023_write_model_compact.sql")),
    ("0024_sync_round", include_str!("../migrations/0024_sync_round.sql")),
    ("0025_leaving_corrections", include_str!("../migrations/0025_leaving_corrections.sql")),
    ("0026_scope_moves", include_str!("../migrations/0026_scope_moves.sql")),
    ("0027_record_series", include_str!("../migrations/0027_record_series.sql")),
    ("0028_ops_by_field", include_str!("../migrations/0028_ops_by_field.sql")),
    ("0029_sync_faults", include_str!("../migrations/0029_sync_faults.sql")),
    ("0030_support_struck_out", include_str!("../migrations/0030_support_struck_out.sql")),
    ("0031_relief", include_str!("../migrations/0031_relief.sql")),
    ("0032_relief_registration", include_str!("../migrations/0032_relief_registration.sql")),
    ("0033_relief_cycles", include_str!("../migrations/0033_relief_cycles.sql")),
    ("0034_relief_desk", include_str!("../migrations/0034_relief_desk.sql")),
    ("0036_credentials_digest", include_str!("../migrations/0036_credentials_digest.sql")),
    ("0037_receipt_numbers", include_str!("../migrations/0037_receipt_numbers.sql")),
    ("0038_vaccinations_by_person_covering", include_str!("../migrations/0038_vaccinations_by_person_covering.sql")),
    ("0039_owning_place", include_str!("../migrations/0039_owning_place.sql")),
    ("0040_conflicted_fields", include_str!("../migrations/0040_conflicted_fields.sql")),
];

/// The schema version this dugu brings a database to.
pub(crate) fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Applies the migrations the database does not have yet.
pub(crate) fn apply(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    // A table rebuilt (new table, copy, drop, rename) must not have its
    // rows checked against the keys in between: SQLite's own procedure
    // turns the keys off outside the transaction and checks them before
    // the commit.
    let keys: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let applied = apply_each(conn, version);
    conn.pragma_update(None, "foreign_keys", keys)?;
    applied?;
    if version > MIGRATIONS.len() as i64 {
        return Err(StoreError::Integrity(format!(
            "the database is at schema version {version}, newer than this dugu ({}): upgrade dugu",
            MIGRATIONS.len()
        )));
    }
    Ok(())
}

fn apply_each(conn: &mut Connection, version: i64) -> Result<(), StoreError> {
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate() {
        let n = i as i64 + 1;
        if n <= version {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        let broken: Option<String> =
            tx.query_row("SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1", [], |r| r.get(0)).optional()?;
        if let Some(table) = broken {
            return Err(StoreError::Integrity(format!("migration {name} leaves a broken reference in {table}")));
        }
        tx.pragma_update(None, "user_version", n)?;
        tx.commit()?;
        tracing::info!(migration = name, "applied migration");
    }
    Ok(())
}

/// This database's site (device) id, created on first use.
pub(crate) fn site_id(conn: &Connection) -> Result<String, StoreError> {
    // Only a missing row mints a new id: a read that fails must not turn
    // this site into another device in the change log.
    let existing: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = 'site_id'", [], |r| r.get(0)).optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = crate::new_id();
    conn.execute("INSERT INTO meta (key, value) VALUES ('site_id', ?1)", [&id])?;
    Ok(id)
}
