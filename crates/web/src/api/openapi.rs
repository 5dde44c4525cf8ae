//! The OpenAPI 3.1 document, generated from the handlers' annotations —
//! each capability declares its paths (`people::Api`, …), listed here one
//! line each — and completed by `contract` from the route table.

use axum::Json;
use serde_json::Value;
use std::sync::OnceLock;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "dugu API", description = "People registry of SOS Children's Villages Mali sites. Every call but login needs a bearer token; records outside the caller's scope are 404."),
    modifiers(&Bearer)
)]
pub struct ApiDoc;

struct Bearer;

impl utoipa::Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every capability's paths, each operation tagged with the capability's
/// name so a reader of the document finds them together.
fn assembled() -> utoipa::openapi::OpenApi {
    let capabilities = [
        ("login", crate::sign_in::Api::openapi()),
        ("people", crate::people::Api::openapi()),
        ("households", crate::households::Api::openapi()),
        ("programmes", crate::programmes::Api::openapi()),
        ("locations", crate::locations::Api::openapi()),
        ("growth", crate::growth::Api::openapi()),
        ("villages", crate::villages::Api::openapi()),
        ("family", crate::family::Api::openapi()),
        ("attendance", crate::attendance::Api::openapi()),
        ("medical", crate::medical::Api::openapi()),
        ("school", crate::school::Api::openapi()),
        ("audit", crate::audit::Api::openapi()),
        ("sites", crate::sites::Api::openapi()),
        ("conflicts", crate::conflicts::Api::openapi()),
        ("relief-registration", crate::relief::registration::Api::openapi()),
        ("relief-cycles", crate::relief::CyclesApi::openapi()),
        ("relief-desk", crate::relief::desk::Api::openapi()),
        ("relief-reports", crate::relief::reports::Api::openapi()),
    ];
    let mut doc = ApiDoc::openapi();
    for (tag, mut part) in capabilities {
        for item in part.paths.paths.values_mut() {
            for op in
                [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch].into_iter().flatten()
            {
                op.tags = Some(vec![tag.to_string()]);
            }
        }
        doc.merge(part);
    }
    doc
}

/// The completed document, built once.
pub fn contract() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut doc = serde_json::to_value(assembled()).unwrap_or_default();
        super::contract::complete(&mut doc);
        doc
    })
}

/// `GET /api/v1/openapi.json`.
pub async fn document() -> Json<Value> {
    Json(contract().clone())
}
