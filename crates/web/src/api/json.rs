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
use serde::de::DeserializeOwned;
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

/// A request body read into its one struct `T` — the struct the OpenAPI
/// document describes, so a body's fields are listed once — with every
/// problem found, not only the first: fields `T` does not have are
/// `unknown_field`, values of the wrong type `malformed`. `T` reads an
/// absent field as its default (`#[serde(default)]`), so that required
/// fields are refused by the store's checks together with every other
/// problem.
pub struct Body<T> {
    /// The values sent; a field absent or refused is its default.
    pub value: T,
    /// The fields the client sent (a PATCH changes only these).
    pub sent: Vec<String>,
    /// Problems found so far; handlers add their own checks before
    /// [`Body::finish`].
    pub invalid: Invalid,
}

impl<T: DeserializeOwned + Default> Body<T> {
    /// Reads a body that must be a JSON object of `T`'s fields.
    pub fn read(body: &[u8]) -> Result<Body<T>, ApiError> {
        let mut map = object(body)?;
        let known = field_names::<T>();
        let sent: Vec<String> = map.keys().cloned().collect();
        let mut invalid = Invalid::new();
        map.retain(|k, _| {
            let ok = known.contains(&k.as_str());
            if !ok {
                invalid.add(k, Problem::UnknownField);
            }
            ok
        });
        // serde stops at the first wrong value; a client hears of every
        // one, so on failure each field is tried alone (every field has a
        // default, so one field alone fails only by its own value).
        let value = match T::deserialize(&Value::Object(map.clone())) {
            Ok(value) => value,
            Err(_) => {
                let wrong: Vec<String> = map
                    .iter()
                    .filter(|(k, v)| {
                        let alone = Map::from_iter([((*k).clone(), (*v).clone())]);
                        T::deserialize(&Value::Object(alone)).is_err()
                    })
                    .map(|(k, _)| k.clone())
                    .collect();
                for k in &wrong {
                    invalid.add(k, Problem::Malformed);
                    map.remove(k);
                }
                T::deserialize(&Value::Object(map)).unwrap_or_default()
            }
        };
        Ok(Body { value, sent, invalid })
    }

    /// The values, or every problem found.
    pub fn finish(self) -> Result<T, ApiError> {
        if self.invalid.is_empty() { Ok(self.value) } else { Err(ApiError::Invalid(self.invalid)) }
    }
}

/// A code, an id or a date, when sent, is not empty: only free text may be
/// blank; an empty code is a client's mistake, never a choice.
pub fn code(invalid: &mut Invalid, field: &str, value: Option<&str>) {
    if value.is_some_and(str::is_empty) {
        invalid.add(field, Problem::NotAllowed);
    }
}

/// A list of names kept item by item, exactly as sent (the store keeps
/// them one per line). Only a list is read: a string is never split, so a
/// comma or a semicolon stays part of the name. A blank item, a control
/// character (a new line would make two names of one) or an item over 200
/// characters names the field.
pub fn names(invalid: &mut Invalid, field: &str, items: Option<&[String]>) -> String {
    let items = items.unwrap_or_default();
    for name in items {
        if let Err(problem) = dugu_domain::names::PersonName::parse_exact(name) {
            invalid.add(field, problem);
            return String::new();
        }
    }
    items.join("\n")
}

/// The field names a struct deserializes, asked of its `Deserialize`
/// implementation (the derive passes them to `deserialize_struct`).
pub fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut names: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldNames(&mut names));
    names
}

struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("a struct"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("names read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
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

    /// A body as the handlers declare theirs.
    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct Sample {
        given_name: String,
        age_years: Option<i64>,
        other_names: Option<Vec<String>>,
    }

    #[test]
    fn the_fields_are_the_structs() {
        assert_eq!(field_names::<Sample>(), ["given_name", "age_years", "other_names"]);
    }

    #[test]
    fn names_are_kept_item_by_item() {
        let items = ["Traoré'); DROP TABLE people;--".to_string(), " Kulibali, Dialo ".to_string()];
        let mut inv = Invalid::new();
        assert_eq!(names(&mut inv, "other_names", Some(&items)), "Traoré'); DROP TABLE people;--\n Kulibali, Dialo ");
        assert!(inv.is_empty());
    }

    #[test]
    fn every_wrong_field_is_named_at_once() {
        let body = br#"{"given_name": 5, "age_years": "ten", "colour": "red", "other_names": ["Awa"]}"#;
        let read = Body::<Sample>::read(body).expect("an object");
        let mut named: Vec<(String, &str)> =
            read.invalid.0.iter().map(|e| (e.field.clone(), e.problem.code())).collect();
        named.sort();
        assert_eq!(
            named,
            [
                ("age_years".to_string(), "malformed"),
                ("colour".to_string(), "unknown_field"),
                ("given_name".to_string(), "malformed")
            ]
        );
        assert_eq!(read.value.other_names, Some(vec!["Awa".to_string()]), "the right ones are read");
        let good = Body::<Sample>::read(br#"{"given_name": "Awa", "age_years": null}"#).expect("an object");
        assert_eq!(good.sent, ["age_years", "given_name"]);
        assert_eq!(good.finish().expect("valid"), Sample { given_name: "Awa".into(), ..Sample::default() });
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
            let read = Body::<Sample>::read(&serde_json::to_vec(&map).expect("json")).expect("an object");
            let unknown = map.keys().filter(|k| !["given_name", "age_years", "other_names"].contains(&k.as_str())).count();
            let problems = read.invalid.0.len();
            prop_assert!(problems >= unknown, "every unknown field is named");
            let whole = serde_json::from_value::<Sample>(Value::Object(map));
            prop_assert_eq!(read.finish().is_ok(), whole.is_ok(), "refused exactly when serde refuses");
        }
    }
}
