//! An operation becomes rows: the same code for a local write and for a
//! replay of the log, so the two cannot disagree.

use super::sql::{PERSON_INSERT, statements};
use super::{StoredOp, unknown_field};
use crate::StoreError;
use dugu_domain::{EntityKind, FieldDef, FieldType, Stamps};
use rusqlite::types::Value as Sql;
use serde_json::Value;

/// Writes `op` into its entity's table.
pub(crate) fn apply(conn: &rusqlite::Connection, op: &StoredOp) -> Result<(), StoreError> {
    let s = statements(op.kind);
    let at = op.millis();
    match &op.field {
        None if op.value == "null" => {
            conn.prepare_cached(s.delete)?.execute([&op.entity])?;
        }
        None => {
            let fields: serde_json::Map<String, Value> = serde_json::from_str(&op.value)
                .map_err(|e| StoreError::Integrity(format!("{} op {}: {e}", op.kind.name(), op.seq)))?;
            if let Some(name) = fields.keys().find(|k| op.kind.field(k).is_none()) {
                return Err(unknown_field(op.kind, name));
            }
            create(conn, op, &fields)?;
        }
        Some(name) => {
            let i = op.kind.field_index(name).ok_or_else(|| unknown_field(op.kind, name))?;
            let def = &op.kind.fields()[i];
            let value: Value = serde_json::from_str(&op.value)
                .map_err(|e| StoreError::Integrity(format!("{} op {}: {e}", op.kind.name(), op.seq)))?;
            let v = to_sql(op.kind, def, &value)?;
            let mut st = conn.prepare_cached(s.set[i])?;
            if op.kind.stamps() == Stamps::CreatedUpdated {
                st.execute(rusqlite::params![op.entity, v, at])?;
            } else {
                st.execute(rusqlite::params![op.entity, v])?;
            }
        }
    }
    Ok(())
}

/// A creation's fields by name: the map a replay parses from the log, or
/// the list a local write has in hand (checked against the registry by
/// whoever made either).
pub(crate) trait Fields {
    /// The field `name`'s value, if the creation gives one.
    fn get(&self, name: &str) -> Option<&Value>;
}

impl Fields for serde_json::Map<String, Value> {
    fn get(&self, name: &str) -> Option<&Value> {
        serde_json::Map::get(self, name)
    }
}

impl Fields for [(&'static str, Value)] {
    fn get(&self, name: &str) -> Option<&Value> {
        // A dozen fields at most: a scan beats building a map per op.
        self.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

/// Inserts the row a creation describes, from its fields already parsed
/// (a local write has them in hand; a replay parses the logged value).
/// Returns the new row's rowid (a person's key in the name index).
pub(crate) fn create<F: Fields + ?Sized>(
    conn: &rusqlite::Connection,
    op: &StoredOp,
    fields: &F,
) -> Result<i64, StoreError> {
    let at = op.millis();
    let mut values: Vec<Sql> = Vec::with_capacity(op.kind.fields().len() + 4);
    values.push(Sql::Text(op.entity.clone()));
    for def in op.kind.fields() {
        values.push(to_sql(op.kind, def, fields.get(def.name).unwrap_or(&Value::Null))?);
    }
    match op.kind.stamps() {
        Stamps::None => {}
        Stamps::Created => values.push(Sql::Integer(at)),
        Stamps::CreatedUpdated => values.extend([Sql::Integer(at), Sql::Integer(at)]),
    }
    let insert = if op.kind == EntityKind::Person {
        values.push(Sql::Text(person_sort_name(fields)));
        PERSON_INSERT
    } else if let Some(p) = super::place::placed(op.kind) {
        // Where its anchor is: one lookup by key.
        let anchor = fields.get(p.field).and_then(Value::as_str);
        values.push(super::place::anchor_place(conn, p, anchor)?.map_or(Sql::Null, Sql::Text));
        statements(op.kind).insert_placed
    } else {
        statements(op.kind).insert
    };
    conn.prepare_cached(insert)?.execute(rusqlite::params_from_iter(values))?;
    Ok(conn.last_insert_rowid())
}

/// How the people list sorts a person: family name, then given name, folded.
pub(crate) fn person_sort_name<F: Fields + ?Sized>(fields: &F) -> String {
    let text = |k: &str| fields.get(k).and_then(Value::as_str).unwrap_or("");
    dugu_domain::fold(&format!("{} {}", text("family_name"), text("given_name")))
}

/// A field's JSON value as its column holds it.
pub(crate) fn to_sql(kind: EntityKind, def: &FieldDef, v: &Value) -> Result<Sql, StoreError> {
    let bad = || StoreError::Integrity(format!("{}.{}: not a {:?}", kind.name(), def.name, def.ty));
    Ok(match (def.ty, v) {
        (FieldType::OptText | FieldType::OptRef | FieldType::OptInt | FieldType::OptReal, Value::Null) => Sql::Null,
        (FieldType::Text | FieldType::OptText | FieldType::Ref | FieldType::OptRef, Value::String(s)) => {
            Sql::Text(s.clone())
        }
        (FieldType::Int | FieldType::OptInt, Value::Number(n)) => Sql::Integer(n.as_i64().ok_or_else(bad)?),
        (FieldType::OptReal, Value::Number(n)) => Sql::Real(n.as_f64().ok_or_else(bad)?),
        (FieldType::Bool, Value::Bool(b)) => Sql::Integer(i64::from(*b)),
        (FieldType::Bool, Value::Null) => Sql::Integer(0),
        (FieldType::Lines, Value::Array(items)) => {
            let lines: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
            Sql::Text(lines.ok_or_else(bad)?.join("\n"))
        }
        (FieldType::Lines, Value::Null) => Sql::Text(String::new()),
        (FieldType::Json, v) if !v.is_null() => Sql::Text(super::json_text(v)?),
        _ => return Err(bad()),
    })
}

/// A column's value as the field's JSON.
pub(crate) fn from_sql(def: &FieldDef, v: rusqlite::types::ValueRef<'_>) -> Result<Value, StoreError> {
    use rusqlite::types::ValueRef as R;
    let bad = || StoreError::Integrity(format!("column {}: unexpected value", def.name));
    Ok(match (def.ty, v) {
        (_, R::Null) if def.ty != FieldType::Lines => Value::Null,
        (FieldType::Bool, R::Integer(i)) => Value::Bool(i != 0),
        (FieldType::Int | FieldType::OptInt, R::Integer(i)) => Value::from(i),
        (FieldType::OptReal, R::Real(f)) => Value::from(f),
        (FieldType::OptReal, R::Integer(i)) => Value::from(i as f64),
        (FieldType::Lines, R::Text(t)) => {
            let t = std::str::from_utf8(t).map_err(|_| bad())?;
            Value::Array(t.lines().filter(|l| !l.is_empty()).map(|l| Value::String(l.to_string())).collect())
        }
        (FieldType::Json, R::Text(t)) => serde_json::from_slice(t).map_err(|_| bad())?,
        (_, R::Text(t)) => Value::String(std::str::from_utf8(t).map_err(|_| bad())?.to_string()),
        _ => return Err(bad()),
    })
}
