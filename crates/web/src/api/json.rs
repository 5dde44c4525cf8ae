//! Reading JSON bodies strictly: a body not declared as JSON is 415;
//! malformed JSON is 400; unknown fields, wrong types and bad values are
//! 422 with every field named. Nothing is written unless the whole body is
//! valid.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use dugu_domain::{Invalid, Problem};
use serde_json::{Map, Value};

/// A request body declared as JSON (`application/json`, or a
/// `application/…+json` type). A form or a body without a `Content-Type`
/// is refused with 415 before it is read: a client that sends something
/// else has misunderstood the contract, and a guess could store it wrongly.
pub struct JsonBody(pub Bytes);

impl std::ops::Deref for JsonBody {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !declared_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType.into_response());
        }
        Bytes::from_request(req, state).await.map(JsonBody).map_err(IntoResponse::into_response)
    }
}

/// Whether the `Content-Type` names JSON (parameters such as `charset` aside).
pub fn declared_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

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

    /// A code, an id or a date: absent or null is empty, as for [`Reader::text`],
    /// but a string sent empty is refused. Only free text may be blank; an
    /// empty code is a client's mistake, never a choice.
    pub fn code(&mut self, field: &str) -> String {
        let value = self.text(field);
        if value.is_empty() && matches!(self.map.get(field), Some(Value::String(_))) {
            self.invalid.add(field, Problem::NotAllowed);
        }
        value
    }

    /// A list of names kept item by item, exactly as sent (the store keeps
    /// them one per line). Only a list is read: a string is never split, so
    /// a comma or a semicolon stays part of the name. A blank item, a
    /// control character (a new line would make two names of one) or an
    /// item over 200 characters names the field.
    pub fn names(&mut self, field: &str) -> String {
        match self.map.get(field) {
            None | Some(Value::Null) => String::new(),
            Some(Value::Array(items)) => {
                let mut kept = Vec::with_capacity(items.len());
                for item in items {
                    let Some(name) = item.as_str() else {
                        self.invalid.add(field, Problem::Malformed);
                        return String::new();
                    };
                    if let Err(problem) = dugu_domain::names::PersonName::parse_exact(name) {
                        self.invalid.add(field, problem);
                        return String::new();
                    }
                    kept.push(name);
                }
                kept.join("\n")
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

    #[test]
    fn only_a_json_content_type_is_json() {
        let declared = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, v.parse().expect("header"));
            declared_json(&h)
        };
        assert!(declared("application/json"));
        assert!(declared("Application/JSON; charset=utf-8"));
        assert!(declared("application/merge-patch+json"));
        assert!(!declared("application/x-www-form-urlencoded"));
        assert!(!declared("text/plain"));
        assert!(!declared("application/jsonx"));
        assert!(!declared_json(&HeaderMap::new()), "no Content-Type at all");
    }

    #[test]
    fn names_are_kept_item_by_item() {
        let body = serde_json::json!({"other_names": ["Traoré'); DROP TABLE people;--", " Kulibali, Dialo "]});
        let map = body.as_object().expect("object");
        let mut r = Reader::new(map, &["other_names"]);
        assert_eq!(r.names("other_names"), "Traoré'); DROP TABLE people;--\n Kulibali, Dialo ");
        assert!(r.finish().is_ok());
    }

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
            let _ = (r.text("given_name"), r.integer("age_years"), r.names("other_names"));
            let unknown = map.keys().filter(|k| !["given_name", "age_years", "other_names"].contains(&k.as_str())).count();
            let problems = r.invalid.0.len();
            prop_assert!(problems >= unknown, "every unknown field is named");
            prop_assert_eq!(r.finish().is_ok(), problems == 0);
        }
    }
}
