//! Reading JSON bodies strictly: malformed JSON is 400; unknown fields,
//! wrong types and bad values are 422 with every field named. Nothing is
//! written unless the whole body is valid.

use crate::error::ApiError;
use dugu_domain::{Invalid, Problem};
use serde_json::{Map, Value};

/// Parses a body that must be a JSON object.
pub fn object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(crate::error::invalid("body", Problem::Malformed)),
        Err(_) => Err(ApiError::Malformed),
    }
}

/// Field-by-field reader over a JSON object that remembers every problem.
pub struct Reader<'a> {
    map: &'a Map<String, Value>,
    /// Problems found so far.
    pub invalid: Invalid,
}

impl<'a> Reader<'a> {
    /// Reads `map`; fields outside `allowed` are reported as unknown.
    pub fn new(map: &'a Map<String, Value>, allowed: &[&str]) -> Reader<'a> {
        let mut invalid = Invalid::new();
        for k in map.keys() {
            if !allowed.contains(&k.as_str()) {
                invalid.add(k, Problem::UnknownField);
            }
        }
        Reader { map, invalid }
    }

    /// Whether the field is present (even as null).
    pub fn has(&self, field: &str) -> bool {
        self.map.contains_key(field)
    }

    /// A string field: absent or null is empty; another type is a problem.
    pub fn text(&mut self, field: &str) -> String {
        match self.map.get(field) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => {
                self.invalid.add(field, Problem::Malformed);
                String::new()
            }
        }
    }

    /// A list of strings, or one string with commas; joined by new lines.
    pub fn text_list(&mut self, field: &str) -> String {
        match self.map.get(field) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n")
            }
            Some(_) => {
                self.invalid.add(field, Problem::Malformed);
                String::new()
            }
        }
    }

    /// An integer field.
    pub fn integer(&mut self, field: &str) -> Option<i64> {
        match self.map.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.is_i64() => n.as_i64(),
            Some(_) => {
                self.invalid.add(field, Problem::Malformed);
                None
            }
        }
    }

    /// A number field (integer or decimal).
    pub fn number(&mut self, field: &str) -> Option<f64> {
        match self.map.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64(),
            Some(_) => {
                self.invalid.add(field, Problem::Malformed);
                None
            }
        }
    }

    /// A boolean field: absent or null is false.
    pub fn boolean(&mut self, field: &str) -> bool {
        match self.map.get(field) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.invalid.add(field, Problem::Malformed);
                false
            }
        }
    }

    /// A raw value.
    pub fn value(&self, field: &str) -> Option<&'a Value> {
        self.map.get(field)
    }

    /// Fails with every problem found, if any.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.invalid.is_empty() { Ok(()) } else { Err(ApiError::Invalid(self.invalid)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_body_is_read_or_refused_without_panic(body in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = object(&body);
        }

        #[test]
        fn any_json_object_is_checked_field_by_field(
            pairs in proptest::collection::vec(("[a-z_]{1,12}", prop_oneof![
                Just(Value::Null), any::<bool>().prop_map(Value::from), any::<i64>().prop_map(Value::from),
                "\\PC{0,30}".prop_map(Value::from), Just(serde_json::json!([1, "a"])), Just(serde_json::json!({"x": 1}))
            ]), 0..8)
        ) {
            let map: Map<String, Value> = pairs.into_iter().collect();
            let mut r = Reader::new(&map, &["given_name", "age_years", "other_names"]);
            let _ = (r.text("given_name"), r.integer("age_years"), r.text_list("other_names"));
            let unknown = map.keys().filter(|k| !["given_name", "age_years", "other_names"].contains(&k.as_str())).count();
            let problems = r.invalid.0.len();
            prop_assert!(problems >= unknown, "every unknown field is named");
            prop_assert_eq!(r.finish().is_ok(), problems == 0);
        }
    }
}
