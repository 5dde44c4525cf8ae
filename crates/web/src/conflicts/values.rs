//! A field in conflict in the reader's words: its label as the forms
//! write it, each value as the record's page shows that field (days,
//! decimals, choices in words, places by name), and a value typed to
//! resolve it read as the field's own form reads it.

use crate::i18n::Tr;
use dugu_domain::model::FieldType;
use dugu_domain::{EntityKind, Problem, Role};
use serde_json::Value;
use std::collections::HashMap;

/// Whether a field holds a day (`YYYY-MM-DD`).
fn is_day(field: &str) -> bool {
    field == "birth_date" || field == "date" || field.ends_with("_on") || field.ends_with("_date")
}

/// Fields whose values are codes from a list: chosen among the values
/// kept, never typed (a form offers them as a list, not a text box).
fn is_choice(kind: EntityKind, field: &str) -> bool {
    matches!(
        field,
        "sex"
            | "birth_date_precision"
            | "relationship"
            | "leaving_reason"
            | "exit_reason"
            | "result"
            | "measured"
            | "role"
            | "kind"
            | "status"
    ) || (kind == EntityKind::Admission && field == "reason")
}

/// The field's label, as its form writes it; a removal's conflict is about
/// the record itself.
pub fn label(tr: &Tr, field: &str) -> String {
    if field.is_empty() { tr.get("conflict-field-record") } else { tr.label("field", field) }
}

/// Whether `role` may resolve a conflict on this field: it may write the
/// kind and the field's group (the store checks again).
pub fn may_resolve(role: Role, kind: EntityKind, field: &str) -> bool {
    let group = match kind.field(field) {
        Some(def) => def.group,
        None => kind.fields().iter().find_map(|f| f.group),
    };
    role.may(kind.write_action()) && group.is_none_or(|g| role.writes(g))
}

/// Whether a new value may be typed for this field (text, numbers, days).
pub fn typed_allowed(kind: EntityKind, field: &str) -> bool {
    let Some(def) = kind.field(field) else { return false };
    !is_choice(kind, field)
        && matches!(
            def.ty,
            FieldType::Text | FieldType::OptText | FieldType::Int | FieldType::OptInt | FieldType::OptReal
        )
}

/// The ids a value names that are places (for `Store::place_names`).
pub fn place_ids(kind: EntityKind, field: &str, value: &Value) -> Option<String> {
    let def = kind.field(field)?;
    matches!(def.ty, FieldType::Ref | FieldType::OptRef).then(|| value.as_str().map(str::to_string)).flatten()
}

/// A value as the record's page shows it; `places` names the places a
/// value may be.
pub fn show(tr: &Tr, kind: EntityKind, field: &str, value: &Value, places: &HashMap<String, String>) -> String {
    match value {
        Value::Null => tr.get("conflict-value-empty"),
        Value::Bool(b) => tr.get(if *b { "yes" } else { "no" }),
        Value::Number(n) => match n.as_i64() {
            Some(i) => tr.whole(i),
            None => tr.number(n.as_f64()),
        },
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
        Value::Object(_) => tr.get("conflict-value-other"),
        Value::String(s) => {
            if let Some(name) = places.get(s) {
                return name.clone();
            }
            if place_ids(kind, field, value).is_some() {
                // A place this database does not know: never its raw id.
                return tr.get("conflict-value-other");
            }
            match field {
                "sex" => tr.label("sex", s),
                "relationship" => tr.label("relationship", s),
                "reason" if kind == EntityKind::Admission => tr.label("reason", s),
                "leaving_reason" => tr.label("leaving", s),
                "exit_reason" => tr.label("exit", s),
                "result" => tr.label("result", s),
                "measured" => tr.label("measured", s),
                "birth_date_precision" => tr.label("precision", s),
                f if is_day(f) => tr.date_plain(s),
                _ => s.replace('\n', ", "),
            }
        }
    }
}

/// A value typed to resolve a conflict, read as the field's own form reads
/// it: a day day first (14/02/2019), a decimal with either separator, a
/// whole number, text trimmed and not empty.
pub fn parse_typed(kind: EntityKind, field: &str, raw: &str) -> Result<Value, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Problem::Required);
    }
    let Some(def) = kind.field(field).filter(|_| typed_allowed(kind, field)) else {
        return Err(Problem::NotAllowed);
    };
    if is_day(field) {
        let day = crate::format::typed_day(raw).ok_or(Problem::InvalidDate)?;
        if day > crate::today() {
            return Err(Problem::FutureDate);
        }
        return Ok(Value::String(dugu_domain::birth::iso_date(day)));
    }
    match def.ty {
        FieldType::Int | FieldType::OptInt => {
            raw.replace([' ', '\u{a0}'], "").parse::<i64>().map(Value::from).map_err(|_| Problem::Malformed)
        }
        FieldType::OptReal => {
            let n = raw.replace(',', ".").parse::<f64>().map_err(|_| Problem::Malformed)?;
            serde_json::Number::from_f64(n).map(Value::Number).ok_or(Problem::Malformed)
        }
        _ if raw.len() > 1000 => Err(Problem::TooLong),
        _ if raw.chars().any(char::is_control) => Err(Problem::ControlCharacters),
        _ => Ok(Value::String(raw.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_value_is_read_as_its_field_s_form_reads_it() {
        let p = EntityKind::Person;
        assert_eq!(parse_typed(p, "birth_date", "01/03/2019"), Ok(Value::from("2019-03-01")));
        assert_eq!(parse_typed(p, "birth_date", "31/02/2019"), Err(Problem::InvalidDate));
        assert_eq!(parse_typed(p, "birth_date", "  "), Err(Problem::Required));
        assert_eq!(parse_typed(p, "sex", "F"), Err(Problem::NotAllowed), "a choice is chosen, not typed");
        assert_eq!(parse_typed(p, "phone", " +223 76 00 00 01 "), Ok(Value::from("+223 76 00 00 01")));
        let m = EntityKind::Measurement;
        assert_eq!(parse_typed(m, "weight_kg", "9,5"), Ok(Value::from(9.5)));
        assert_eq!(parse_typed(m, "weight_kg", "neuf"), Err(Problem::Malformed));
    }
}
