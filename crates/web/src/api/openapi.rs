//! The OpenAPI 3.1 document, generated from the handlers' annotations and
//! completed by `contract` from the route table.

use axum::Json;
use serde_json::Value;
use std::sync::OnceLock;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "dugu API", description = "People registry of SOS Children's Villages Mali sites. Every call but login needs a bearer token; records outside the caller's scope are 404."),
    paths(
        super::login::login,
        super::login::logout,
        super::people::list,
        super::people::create,
        super::people::show,
        super::people::update,
        super::households::show,
        super::households::create,
        super::locations::list,
        super::audit::list,
        super::programmes::list,
        super::programmes::enrol,
        super::growth::record,
        super::growth::list,
        super::growth::nutrition,
        super::growth::prevalence,
        super::villages::houses,
        super::villages::create_house,
        super::villages::village,
        super::villages::care,
        super::villages::admit,
        super::villages::place,
        super::villages::leave,
        super::villages::follow_up,
        super::family::show,
        super::family::start,
        super::family::assess,
        super::family::add_action,
        super::family::complete_action,
        super::family::visit,
        super::family::exit,
        super::attendance::groups,
        super::attendance::create,
        super::attendance::add_member,
        super::attendance::register,
        super::attendance::save,
        super::medical::visits,
        super::medical::record,
        super::medical::card,
        super::medical::vaccinate,
        super::medical::overdue,
        super::medical::schedule,
        super::medical::save_dose,
        super::school::list,
        super::school::save,
    ),
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

/// The completed document, built once.
pub fn contract() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
        super::contract::complete(&mut doc);
        doc
    })
}

/// `GET /api/v1/openapi.json`.
pub async fn document() -> Json<Value> {
    Json(contract().clone())
}
