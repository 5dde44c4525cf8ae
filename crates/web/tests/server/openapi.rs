//! The OpenAPI document describes the contract routes, as 3.1.

use crate::helpers::{client, spawn_app};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread")]
async fn the_openapi_document_lists_the_contract() {
    let app = spawn_app().await;
    let r = client().get(app.url("/api/v1/openapi.json")).send().await.expect("openapi");
    assert_eq!(r.status(), 200);
    let doc: Value = r.json().await.expect("json");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", doc["openapi"]);
    let paths = doc["paths"].as_object().expect("paths");
    for (path, method) in [
        ("/api/v1/login", "post"),
        ("/api/v1/people", "get"),
        ("/api/v1/people", "post"),
        ("/api/v1/people/{id}", "get"),
        ("/api/v1/people/{id}", "patch"),
        ("/api/v1/locations", "get"),
        ("/api/v1/households", "post"),
        ("/api/v1/households/{id}", "get"),
        ("/api/v1/audit", "get"),
    ] {
        assert!(paths.get(path).and_then(|p| p.get(method)).is_some(), "{method} {path} is described");
    }
    // Every API route in the table is in the document, and vice versa.
    for route in dugu_web::routes::table() {
        if route.path.starts_with("/api/v1/") && route.path != "/api/v1/openapi.json" {
            let m = route.method.to_lowercase();
            assert!(
                paths.get(route.path).and_then(|p| p.get(&m)).is_some(),
                "{} {} missing from the document",
                route.method,
                route.path
            );
        }
    }
}

/// The component a `$ref` names.
fn component<'a>(doc: &'a Value, reference: &Value) -> &'a Value {
    let name = reference.as_str().and_then(|r| r.strip_prefix("#/components/schemas/")).unwrap_or("");
    &doc["components"]["schemas"][name]
}

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_documents_every_status_it_can_answer() {
    let app = spawn_app().await;
    let doc: Value =
        client().get(app.url("/api/v1/openapi.json")).send().await.expect("openapi").json().await.expect("json");
    let table = dugu_web::routes::table();
    let paths = doc["paths"].as_object().expect("paths");
    let mut operations = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("path item") {
            operations += 1;
            let at = format!("{method} {path}");
            let responses = op["responses"].as_object().expect("responses");
            for (status, response) in responses {
                let description = response["description"].as_str().unwrap_or("");
                assert!(!description.is_empty(), "{at} {status} has a description (OpenAPI 3.1 requires it)");
                // A file (the relief 5W as `….csv`, `….xlsx`) is what its name says.
                let file = [
                    (".csv", "text/csv"),
                    (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ]
                .into_iter()
                .find(|(ext, _)| path.ends_with(ext));
                if status.starts_with('2') && status != "204" && !response["content"].is_null() {
                    let media = file.map_or("application/json", |(_, media)| media);
                    assert!(response["content"][media].is_object(), "{at} {status} is {media}");
                }
                if status.starts_with('4') {
                    assert!(response["content"]["application/json"]["schema"].is_object(), "{at} {status} body");
                }
            }
            let route =
                table.iter().find(|r| r.method.eq_ignore_ascii_case(method) && r.path == path).expect("a route");
            let public = route.policy == dugu_web::session::Policy::Public;
            assert_eq!(responses.contains_key("401"), !public || path == "/api/v1/login", "{at} documents 401");
            if !op["requestBody"].is_null() {
                for status in ["400", "415", "422"] {
                    assert!(responses.contains_key(status), "{at} documents {status}");
                }
                let schema = &op["requestBody"]["content"]["application/json"]["schema"];
                let body = component(&doc, &schema["$ref"]);
                assert_eq!(body["additionalProperties"], false, "{at}: unknown fields are refused, and said so");
            }
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{at} documents 404");
            }
            let status_2xx = responses.keys().filter(|s| s.starts_with('2')).count();
            // A hand-over sent again (same client UUID) answers 200 with
            // the receipt already made, a new one 201: the relief API's
            // contract (issue 15, item 9) names both.
            let successes = if at == "post /api/v1/relief/receipts" { 2 } else { 1 };
            assert_eq!(status_2xx, successes, "{at} has one success status");
        }
    }
    assert!(operations >= 45, "{operations} operations");
    assert!(doc["paths"]["/api/v1/login"]["post"]["responses"]["429"].is_object());
    let patch = &doc["paths"]["/api/v1/people/{id}"]["patch"]["requestBody"]["content"]["application/json"]["schema"];
    let patch = component(&doc, &patch["$ref"]);
    assert!(patch["required"].is_null(), "a PATCH body requires nothing: {patch}");
    assert_eq!(patch["additionalProperties"], false);
    let post = &doc["paths"]["/api/v1/people"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    let post = component(&doc, &post["$ref"]);
    assert_eq!(post["properties"]["sex"]["enum"], serde_json::json!(["F", "M"]), "codes are in the schema");
    assert_eq!(post["properties"]["location_id"]["format"], "uuid");
    let members = &doc["paths"]["/api/v1/groups/{id}/members"]["post"]["responses"]["201"];
    assert!(members["content"]["application/json"]["schema"].is_object(), "the 201 of a new member has a body");
    let offset = doc["paths"]["/api/v1/people"]["get"]["parameters"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "offset"))
        .expect("offset");
    assert_eq!(offset["schema"]["maximum"], 2_147_483_647i64, "ranges are in the schema");
    let day = doc["paths"]["/api/v1/groups/{id}/attendance/{day}"]["get"]["parameters"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "day"))
        .expect("day");
    assert_eq!(day["schema"]["format"], "date");
}
