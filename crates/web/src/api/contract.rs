//! Completes the generated OpenAPI document into an exact contract, the
//! same way for every route: the statuses the route table and the strict
//! body reader imply (401, 403, 404, 400, 415, 422), a `description` on
//! every response (OpenAPI 3.1 requires one), request bodies closed with
//! `additionalProperties: false`, and each field's formats, ranges and
//! codes. Codes are taken from the same constants the parsers read, so the
//! document cannot promise a value the server refuses or the other way
//! round.

use crate::routes::table;
use crate::session::Policy;
use dugu_domain::Problem;
use serde_json::{Map, Value, json};

/// The largest `offset` or `limit` (a 32-bit integer).
const MAX_QUERY: u32 = crate::api::MAX_QUERY_NUMBER;

/// Adds what the annotations leave implicit; see the module comment.
pub fn complete(doc: &mut Value) {
    let routes: Vec<(String, &'static str, Policy)> =
        table().into_iter().map(|r| (r.method.to_lowercase(), r.path, r.policy)).collect();
    let mut bodies = Vec::new();
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            for (method, op) in item.iter_mut() {
                let policy = routes.iter().find(|(m, p, _)| m == method && p == path).map(|(_, _, p)| *p);
                operation(path, method, policy, op, &mut bodies);
            }
        }
    }
    let Some(root) = doc.as_object_mut() else { return };
    let components = root.entry("components").or_insert_with(|| json!({}));
    let Some(components) = components.as_object_mut() else { return };
    let schemas = components.entry("schemas").or_insert_with(|| json!({}));
    let Some(schemas) = schemas.as_object_mut() else { return };
    schemas.insert("Error".into(), error_schema());
    // A PATCH sends only what changes: the same fields as a new person,
    // none of them required.
    if let Some(mut patch) = schemas.get("PersonWrite").cloned() {
        if let Some(p) = patch.as_object_mut() {
            p.remove("required");
            p.insert("description".into(), json!("Changes to a person: only the fields sent change."));
        }
        schemas.insert("PersonPatch".into(), patch);
        bodies.push("PersonPatch".into());
    }
    let mut seen = Vec::new();
    while let Some(name) = bodies.pop() {
        if seen.contains(&name) {
            continue;
        }
        if let Some(schema) = schemas.get_mut(&name) {
            bodies.extend(close_body(&name, schema));
        }
        seen.push(name);
    }
}

/// One operation: parameters, statuses, descriptions.
fn operation(path: &str, method: &str, policy: Option<Policy>, op: &mut Value, bodies: &mut Vec<String>) {
    if method == "patch"
        && path == "/api/v1/people/{id}"
        && let Some(schema) = op.pointer_mut("/requestBody/content/application~1json/schema")
    {
        *schema = json!({"$ref": "#/components/schemas/PersonPatch"});
    }
    let Some(op) = op.as_object_mut() else { return };
    // Handler names repeat across modules (`create`, `list`); an id must be
    // unique in the document, and the route is.
    op.insert("operationId".into(), json!(operation_id(method, path)));
    let has_body = op.contains_key("requestBody");
    if let Some(name) = op
        .get("requestBody")
        .and_then(|b| b.pointer("/content/application~1json/schema/$ref"))
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        bodies.push(name.to_string());
    }
    let mut checks_values = has_body;
    if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
        for p in params.iter_mut() {
            let (Some(name), Some(place)) =
                (p.get("name").and_then(Value::as_str), p.get("in").and_then(Value::as_str))
            else {
                continue;
            };
            let (name, place) = (name.to_string(), place.to_string());
            if place == "query" || !matches!(name.as_str(), "id" | "action_id") {
                checks_values = true;
            }
            if let (Some(schema), Some(p)) = (parameter_schema(path, &place, &name), p.as_object_mut()) {
                p.insert("schema".into(), schema);
                p.insert("required".into(), json!(place == "path"));
            }
        }
    }
    let responses = op.entry("responses").or_insert_with(|| json!({}));
    let Some(responses) = responses.as_object_mut() else { return };
    let mut add = |status: &str| {
        responses.entry(status.to_string()).or_insert_with(|| json!({}));
    };
    if policy != Some(Policy::Public) {
        add("401");
    }
    if matches!(policy, Some(Policy::PeopleList | Policy::Audit | Policy::Admin)) {
        add("403");
    }
    if path.contains('{') {
        add("404");
    }
    if has_body {
        add("400");
        add("415");
    }
    if checks_values {
        add("422");
    }
    for (status, response) in responses.iter_mut() {
        let Some(r) = response.as_object_mut() else { continue };
        let described = r.get("description").and_then(Value::as_str).is_some_and(|d| !d.is_empty());
        if !described {
            r.insert("description".into(), json!(default_description(status)));
        }
        if status.starts_with('4') && !r.contains_key("content") {
            r.insert("content".into(), json!({"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}));
        }
    }
}

/// `post /api/v1/households/{id}/support` is `post_households_id_support`.
fn operation_id(method: &str, path: &str) -> String {
    let words = path.trim_start_matches("/api/v1/").split(['/', '-', '{', '}']).filter(|w| !w.is_empty());
    std::iter::once(method).chain(words).collect::<Vec<_>>().join("_")
}

fn default_description(status: &str) -> &'static str {
    match status {
        "200" => "Done; the body says what is now recorded",
        "201" => "Recorded",
        "204" => "Done; no body",
        "400" => "The body is not JSON",
        "401" => "Not signed in, or the token has ended (idle, too old, revoked or signed out)",
        "403" => "The caller's role may not do this, or may not write these fields",
        "404" => "Unknown, or outside the caller's scope (the same answer for both)",
        "415" => "The body is not declared as `application/json`",
        "422" => "Invalid values: each field or parameter named with its problem",
        "429" => "Too many attempts; wait before trying again",
        _ => "See the body",
    }
}

/// The body of every 4xx: an error code and, for 422, each field's problem.
fn error_schema() -> Value {
    let problems: Vec<&str> = Problem::ALL.iter().map(|p| p.code()).collect();
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["error"],
        "properties": {
            "error": {"type": "string", "enum": [
                "unauthenticated", "forbidden", "not_found", "malformed_json",
                "unsupported_media_type", "invalid", "too_many_attempts", "reauth_required"
            ]},
            "fields": {"type": "array", "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["field", "problem"],
                "properties": {"field": {"type": "string"}, "problem": {"type": "string", "enum": problems}}
            }}
        }
    })
}

fn uuid() -> Value {
    json!({"type": "string", "format": "uuid"})
}

fn codes(values: impl IntoIterator<Item = &'static str>) -> Value {
    json!({"type": "string", "enum": values.into_iter().collect::<Vec<_>>()})
}

fn dose_code() -> Value {
    json!({"type": "string", "pattern": "^[a-z0-9]{1,20}$"})
}

/// The exact schema of a path or query parameter.
fn parameter_schema(path: &str, place: &str, name: &str) -> Option<Value> {
    let people = path == "/api/v1/people";
    Some(match (place, name) {
        ("path", "day") => json!({"type": "string", "format": "date"}),
        ("path", "code") => dose_code(),
        ("path", _) => uuid(),
        (_, "q") => json!({"type": "string"}),
        (_, "location_id") => uuid(),
        (_, "record_id" | "user_id" | "action") => json!({"type": "string", "minLength": 1}),
        (_, "sex") => codes(["F", "M"]),
        (_, "age_group") if people => codes(dugu_domain::people_filter::AgeGroup::ALL.map(|g| g.code())),
        (_, "age_group") => codes(dugu_growth::prevalence::AgeGroup::ALL.map(|g| g.code())),
        (_, "status") if people => codes(dugu_domain::people_filter::PersonStatus::ALL.map(|s| s.code())),
        (_, "status") => dose_code(),
        (_, "limit") if people => json!({"type": "integer", "minimum": 1, "maximum": 200, "default": 20}),
        (_, "limit") if path == "/api/v1/audit" => {
            json!({"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1000})
        }
        (_, "limit") => json!({"type": "integer", "minimum": 1, "maximum": MAX_QUERY}),
        (_, "offset") => json!({"type": "integer", "minimum": 0, "maximum": MAX_QUERY, "default": 0}),
        _ => return None,
    })
}

/// Closes a request body's schema and gives each field its constraints;
/// returns the schemas it refers to (items of a list), to close as well.
fn close_body(body: &str, schema: &mut Value) -> Vec<String> {
    let mut refs = Vec::new();
    let Some(s) = schema.as_object_mut() else { return refs };
    s.insert("additionalProperties".into(), json!(false));
    let Some(props) = s.get_mut("properties").and_then(Value::as_object_mut) else { return refs };
    for (name, prop) in props.iter_mut() {
        // A body struct reads an absent field as its default, for the
        // store to refuse a required one with every other problem; that
        // default is no value a client should send.
        if let Some(p) = prop.as_object_mut() {
            p.remove("default");
        }
        if let Some(r) = prop.pointer("/items/$ref").and_then(Value::as_str) {
            refs.extend(r.strip_prefix("#/components/schemas/").map(str::to_string));
        }
        if let (Some(extra), Some(p)) = (field_constraints(body, name), prop.as_object_mut()) {
            merge(p, extra);
        }
    }
    refs
}

/// Adds `extra` to a property; an `enum` on a nullable property keeps null.
fn merge(prop: &mut Map<String, Value>, extra: Value) {
    let nullable = prop.get("type").and_then(Value::as_array).is_some_and(|t| t.iter().any(|v| v == "null"));
    let Value::Object(extra) = extra else { return };
    for (k, mut v) in extra {
        if k == "enum"
            && nullable
            && let Some(values) = v.as_array_mut()
        {
            values.push(Value::Null);
        }
        if k == "items"
            && let (Some(items), Value::Object(more)) = (prop.get_mut("items").and_then(Value::as_object_mut), &v)
        {
            for (ik, iv) in more {
                items.insert(ik.clone(), iv.clone());
            }
            continue;
        }
        prop.insert(k, v);
    }
}

/// What a body field accepts, by the field's name (the API names a thing
/// the same way in every body; `reason`, `kind` and `result` are codes only
/// in the bodies named).
fn field_constraints(body: &str, name: &str) -> Option<Value> {
    let range = |lo: f64, hi: f64| json!({"minimum": lo, "maximum": hi});
    let measured = dugu_domain::measurement::RANGES.iter().find(|(field, _, _)| *field == name);
    if let Some((_, lo, hi)) = measured {
        return Some(range(*lo, *hi));
    }
    if dugu_domain::family::AREAS.contains(&name) {
        return Some(json!({"minimum": 0, "maximum": 3}));
    }
    Some(match name {
        "given_name" | "family_name" => json!({"minLength": 1, "maxLength": 200}),
        "other_names" => json!({"maxItems": 20, "items": {"minLength": 1, "maxLength": 200}}),
        "present" => json!({"items": {"format": "uuid"}}),
        "birth_date" => json!({"pattern": "^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$"}),
        "date" | "admitted_on" | "from_date" | "left_on" | "visited_on" | "started_on" | "assessed_on" | "due_on"
        | "done_on" | "ended_on" | "given_on" | "transferred_on" => json!({"format": "date"}),
        "location_id" | "person_id" | "house_id" | "programme_id" | "sos_parent_id" | "sibling_id" => {
            json!({"format": "uuid"})
        }
        "sex" => json!({"enum": ["F", "M"]}),
        "birth_date_precision" => json!({"enum": ["exact", "year", "estimated"]}),
        "relationship" => json!({"enum": dugu_domain::household::Relationship::ALL.map(|r| r.code())}),
        "kind" if body == "GroupWrite" => json!({"enum": dugu_domain::care_group::GroupKind::ALL.map(|k| k.code())}),
        "reason" if body == "AdmissionWrite" => {
            json!({"enum": dugu_domain::village::AdmissionReason::ALL.map(|r| r.code())})
        }
        "leaving_reason" => json!({"enum": dugu_domain::village::LeavingReason::ALL.map(|r| r.code())}),
        "exit_reason" => json!({"enum": dugu_domain::family::Exit::ALL.map(|e| e.code())}),
        "result" if body == "SchoolYearWrite" => json!({"enum": dugu_storage::SCHOOL_RESULTS}),
        "measured" => json!({"enum": ["lying", "standing"]}),
        "age_years" => json!({"minimum": 0, "maximum": 120}),
        "capacity" => json!({"minimum": 1, "maximum": dugu_domain::village::MAX_CAPACITY}),
        "due_days" => json!({"minimum": 0, "maximum": 3650}),
        "position" => json!({"minimum": 1, "maximum": 999}),
        "average" => range(0.0, 20.0),
        _ => return None,
    })
}
