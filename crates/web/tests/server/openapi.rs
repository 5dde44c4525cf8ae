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
