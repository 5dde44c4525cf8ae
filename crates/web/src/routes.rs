//! Every route, its handler and its policy, in one table. The router is
//! built from this table only, so no route exists without a declared
//! policy; tests walk the same table.

use crate::api;
use crate::pages;
use crate::session::Policy;
use crate::state::AppState;
use axum::routing::{MethodRouter, get, patch, post, put};

/// One route.
pub struct Route {
    /// HTTP method (for tests and docs).
    pub method: &'static str,
    /// Path pattern.
    pub path: &'static str,
    /// Who may call it.
    pub policy: Policy,
    /// The handler.
    pub handler: MethodRouter<AppState>,
}

fn r(method: &'static str, path: &'static str, policy: Policy, handler: MethodRouter<AppState>) -> Route {
    Route { method, path, policy, handler }
}

/// The route table.
pub fn table() -> Vec<Route> {
    use Policy::*;
    vec![
        // Public
        r("GET", "/healthz", Public, get(pages::healthz)),
        r("GET", "/static/style.css", Public, get(pages::stylesheet)),
        r("GET", "/login", Public, get(pages::login::show)),
        r("POST", "/login", Public, post(pages::login::submit)),
        r("POST", "/api/v1/login", Public, post(api::login::login)),
        r("GET", "/api/v1/openapi.json", Public, get(api::openapi::document)),
        // Second step of sign-in
        r("GET", "/login/totp", SecondFactor, get(pages::login::totp_show)),
        r("POST", "/login/totp", SecondFactor, post(pages::login::totp_submit)),
        r("POST", "/logout", SecondFactor, post(pages::login::logout)),
        // Any signed-in user
        r("GET", "/", SignedIn, get(pages::home)),
        r("GET", "/account", SignedIn, get(pages::account::show)),
        r("POST", "/account/language", SignedIn, post(pages::account::language)),
        r("POST", "/account/password", SignedIn, post(pages::account::password)),
        r("GET", "/account/totp", SignedIn, get(pages::account::totp_show)),
        r("POST", "/account/totp", SignedIn, post(pages::account::totp_submit)),
        r("GET", "/locations", SignedIn, get(pages::locations::list)),
        r("GET", "/reauth", SignedIn, get(pages::reauth::show)),
        r("POST", "/reauth", SignedIn, post(pages::reauth::submit)),
        // The store lets only national directors decide, administrators read.
        r("GET", "/approvals", SignedIn, get(pages::approvals::list)),
        r("POST", "/approvals/{id}/approve", SignedIn, post(pages::approvals::approve)),
        r("POST", "/approvals/{id}/refuse", SignedIn, post(pages::approvals::refuse)),
        r("POST", "/api/v1/logout", SignedIn, post(api::login::logout)),
        r("GET", "/api/v1/locations", SignedIn, get(api::locations::list)),
        r("GET", "/api/v1/programmes", SignedIn, get(api::programmes::list)),
        // People
        r("GET", "/people", PeopleList, get(pages::people::list)),
        r("POST", "/people/search", PeopleList, post(pages::people::search)),
        r("GET", "/people/new", PeopleList, get(pages::people::new)),
        r("POST", "/people", PeopleList, post(pages::people::create)),
        r("GET", "/people/{id}", PeopleRecord, get(pages::people::show)),
        r("GET", "/people/{id}/edit", PeopleRecord, get(pages::people::edit)),
        r("POST", "/people/{id}", PeopleRecord, post(pages::people::update)),
        r("GET", "/households", PeopleList, get(pages::households::list)),
        r("GET", "/households/new", PeopleList, get(pages::households::new)),
        r("POST", "/households", PeopleList, post(pages::households::create)),
        r("GET", "/households/{id}", PeopleRecord, get(pages::households::show)),
        r("POST", "/households/{id}/members", PeopleRecord, post(pages::households::add_member)),
        r("GET", "/api/v1/people", PeopleList, get(api::people::list)),
        r("POST", "/api/v1/people", PeopleList, post(api::people::create)),
        r("GET", "/api/v1/people/{id}", PeopleRecord, get(api::people::show)),
        r("PATCH", "/api/v1/people/{id}", PeopleRecord, patch(api::people::update)),
        r("GET", "/api/v1/households/{id}", PeopleRecord, get(api::households::show)),
        r("POST", "/api/v1/households", PeopleList, post(api::households::create)),
        r("POST", "/api/v1/people/{id}/enrolments", PeopleRecord, post(api::programmes::enrol)),
        r("POST", "/people/{id}/enrolments", PeopleRecord, post(pages::people::enrol)),
        r("POST", "/people/{id}/measurements", PeopleRecord, post(pages::growth::record)),
        r("GET", "/locations/{id}/nutrition", PeopleList, get(pages::nutrition::show)),
        r("GET", "/locations/{id}/village", PeopleList, get(pages::villages::show)),
        r("POST", "/houses", PeopleList, post(pages::villages::create_house)),
        r("POST", "/people/{id}/admission", PeopleRecord, post(pages::villages::admit)),
        r("POST", "/people/{id}/placements", PeopleRecord, post(pages::villages::place)),
        r("POST", "/people/{id}/leaving", PeopleRecord, post(pages::villages::leave)),
        r("GET", "/locations/{id}/prevalence", PeopleList, get(pages::growth::prevalence)),
        r("GET", "/locations/{id}/prevalence.csv", PeopleList, get(pages::growth::prevalence_csv)),
        r("POST", "/api/v1/people/{id}/measurements", PeopleRecord, post(api::growth::record)),
        r("GET", "/api/v1/people/{id}/measurements", PeopleRecord, get(api::growth::list)),
        r("GET", "/api/v1/locations/{id}/nutrition", PeopleList, get(api::growth::nutrition)),
        r("GET", "/api/v1/locations/{id}/prevalence", PeopleList, get(api::growth::prevalence)),
        r("GET", "/api/v1/locations/{id}/houses", PeopleList, get(api::villages::houses)),
        r("POST", "/api/v1/houses", PeopleList, post(api::villages::create_house)),
        r("GET", "/api/v1/locations/{id}/village", PeopleList, get(api::villages::village)),
        r("GET", "/api/v1/people/{id}/care", PeopleRecord, get(api::villages::care)),
        r("POST", "/api/v1/people/{id}/admission", PeopleRecord, post(api::villages::admit)),
        r("POST", "/api/v1/people/{id}/placements", PeopleRecord, post(api::villages::place)),
        r("POST", "/api/v1/people/{id}/leaving", PeopleRecord, post(api::villages::leave)),
        r("POST", "/api/v1/people/{id}/follow-ups", PeopleRecord, post(api::villages::follow_up)),
        r("POST", "/people/{id}/follow-ups", PeopleRecord, post(pages::villages::follow_up)),
        r("GET", "/api/v1/people/{id}/medical-visits", PeopleRecord, get(api::medical::visits)),
        r("POST", "/api/v1/people/{id}/medical-visits", PeopleRecord, post(api::medical::record)),
        r("GET", "/api/v1/people/{id}/vaccinations", PeopleRecord, get(api::medical::card)),
        r("POST", "/api/v1/people/{id}/vaccinations", PeopleRecord, post(api::medical::vaccinate)),
        r("GET", "/api/v1/locations/{id}/vaccinations/overdue", PeopleList, get(api::medical::overdue)),
        r("POST", "/people/{id}/medical-visits", PeopleRecord, post(pages::medical::record)),
        r("GET", "/locations/{id}/vaccinations", PeopleList, get(pages::medical::overdue)),
        r("GET", "/vaccine-schedule", SignedIn, get(pages::vaccine_schedule::show)),
        r("POST", "/vaccine-schedule", SignedIn, post(pages::vaccine_schedule::save)),
        r("GET", "/api/v1/vaccine-schedule", SignedIn, get(api::medical::schedule)),
        r("PUT", "/api/v1/vaccine-schedule/{code}", SignedIn, put(api::medical::save_dose)),
        r("GET", "/api/v1/people/{id}/school-years", PeopleRecord, get(api::school::list)),
        r("POST", "/api/v1/people/{id}/school-years", PeopleRecord, post(api::school::save)),
        r("POST", "/people/{id}/school-years", PeopleRecord, post(pages::people::school_year)),
        r("POST", "/people/{id}/vaccinations", PeopleRecord, post(pages::medical::vaccinate)),
        r("GET", "/api/v1/locations/{id}/groups", PeopleList, get(api::attendance::groups)),
        r("POST", "/api/v1/groups", PeopleList, post(api::attendance::create)),
        r("POST", "/api/v1/groups/{id}/members", PeopleList, post(api::attendance::add_member)),
        r("GET", "/api/v1/groups/{id}/attendance/{day}", PeopleList, get(api::attendance::register)),
        r("PUT", "/api/v1/groups/{id}/attendance/{day}", PeopleList, put(api::attendance::save)),
        r("GET", "/groups/{id}/register", PeopleList, get(pages::attendance::show)),
        r("POST", "/groups/{id}/register", PeopleList, post(pages::attendance::save)),
        r("POST", "/groups", PeopleList, post(pages::attendance::create)),
        r("POST", "/groups/{id}/members", PeopleList, post(pages::attendance::add_member)),
        r("GET", "/api/v1/households/{id}/support", PeopleRecord, get(api::family::show)),
        r("POST", "/api/v1/households/{id}/support", PeopleRecord, post(api::family::start)),
        r("POST", "/api/v1/households/{id}/assessments", PeopleRecord, post(api::family::assess)),
        r("POST", "/api/v1/households/{id}/plan-actions", PeopleRecord, post(api::family::add_action)),
        r(
            "POST",
            "/api/v1/households/{id}/plan-actions/{action_id}/done",
            PeopleRecord,
            post(api::family::complete_action),
        ),
        r("POST", "/api/v1/households/{id}/visits", PeopleRecord, post(api::family::visit)),
        r("POST", "/api/v1/households/{id}/exit", PeopleRecord, post(api::family::exit)),
        r("POST", "/households/{id}/support", PeopleRecord, post(pages::family::start)),
        r("POST", "/households/{id}/assessments", PeopleRecord, post(pages::family::assess)),
        r("POST", "/households/{id}/plan-actions", PeopleRecord, post(pages::family::add_action)),
        r("POST", "/households/{id}/plan-actions/{action_id}/done", PeopleRecord, post(pages::family::complete_action)),
        r("POST", "/households/{id}/visits", PeopleRecord, post(pages::family::visit)),
        r("POST", "/households/{id}/exit", PeopleRecord, post(pages::family::exit)),
        // Audit
        r("GET", "/audit", Audit, get(pages::audit::list)),
        r("GET", "/audit/export.csv", Audit, get(pages::audit::export)),
        r("GET", "/api/v1/audit", Audit, get(api::audit::list)),
        // Administration
        r("GET", "/admin/users", Admin, get(pages::users::list)),
        r("POST", "/admin/users", Admin, post(pages::users::create)),
        r("GET", "/admin/users/{id}", Admin, get(pages::users::show)),
        r("POST", "/admin/users/{id}/role", Admin, post(pages::users::change_role)),
        r("POST", "/admin/users/{id}/password-reset", Admin, post(pages::users::reset_password)),
        r("POST", "/admin/users/{id}/second-factor-reset", Admin, post(pages::users::reset_second_factor)),
        r("POST", "/admin/users/{id}/disable", Admin, post(pages::users::disable)),
        r("POST", "/admin/users/{id}/enable", Admin, post(pages::users::enable)),
    ]
}
