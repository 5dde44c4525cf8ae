//! Real answers of the main routes hold to the schemas the server
//! publishes at `/api/v1/openapi.json`: each body is validated with a JSON
//! Schema validator against its operation's schema for the status
//! answered, `$ref`s resolved into the document's components. The schemas
//! checked are closed (`additionalProperties: false`), so a field the
//! document does not have fails as surely as a required one missing.

use crate::helpers::{TestApp, client, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

/// The published document and what each answer was checked against.
pub(crate) struct Contract {
    doc: Value,
    pub(crate) checked: Vec<String>,
}

impl Contract {
    pub(crate) async fn of(app: &TestApp) -> Contract {
        let r = client().get(app.url("/api/v1/openapi.json")).send().await.expect("openapi");
        Contract { doc: r.json().await.expect("json"), checked: Vec::new() }
    }

    /// The schema of the operation's answer with `status`.
    fn schema(&self, method: &str, path: &str, status: u16) -> Value {
        let at = format!("{method} {path} {status}");
        let schema =
            &self.doc["paths"][path][method]["responses"][status.to_string()]["content"]["application/json"]["schema"];
        assert!(schema.is_object(), "{at}: a schema is published");
        let component = self.component(schema);
        assert_eq!(component["additionalProperties"], false, "{at}: the schema is closed, so it says something");
        schema.clone()
    }

    /// The component a schema refers to (itself when inline).
    fn component<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
            Some(name) => &self.doc["components"]["schemas"][name],
            None => schema,
        }
    }

    /// Every problem of `body` against the operation's schema for `status`.
    pub(crate) fn problems(&self, method: &str, path: &str, status: u16, body: &Value) -> Vec<String> {
        let root = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": self.doc["components"],
            "allOf": [self.schema(method, path, status)],
        });
        let validator = jsonschema::options().should_validate_formats(true).build(&root).expect("a valid schema");
        validator.iter_errors(body).map(|e| format!("{e} at {}", e.instance_path())).collect()
    }

    /// Sends, expects `status`, validates the body and returns it.
    pub(crate) async fn answer(
        &mut self,
        app: &TestApp,
        token: &str,
        (method, path): (Method, &str),
        url: &str,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        let mut request = client().request(method.clone(), app.url(url)).bearer_auth(token);
        if let Some(body) = &body {
            request = request.json(body);
        }
        let r = request.send().await.expect("send");
        assert_eq!(r.status().as_u16(), status, "{method} {url}");
        let answer: Value = r.json().await.expect("a JSON body");
        let m = method.as_str().to_lowercase();
        let problems = self.problems(&m, path, status, &answer);
        assert!(problems.is_empty(), "{method} {url} ({path}) answered outside its schema: {problems:#?}\n{answer:#}");
        self.checked.push(format!("{m} {path}"));
        answer
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_main_routes_answer_what_the_document_publishes() {
    let app = spawn_app().await;
    let mut c = Contract::of(&app).await;
    let (kit, child) = (app.sites["KIT"].clone(), app.kita_child.clone());

    // Sign-in.
    let login = json!({"username": "nurse.kita", "password": crate::helpers::PASSWORD});
    let r = client().post(app.url("/api/v1/login")).json(&login).send().await.expect("login");
    assert_eq!(r.status(), 200);
    let token: Value = r.json().await.expect("json");
    let problems = c.problems("post", "/api/v1/login", 200, &token);
    assert!(problems.is_empty(), "login: {problems:?}");
    let nurse = token["token"].as_str().expect("token").to_string();
    let (director, social) = (app.token("director.kita").await, app.token("social.kita").await);

    // People: a list, a search, a person as roles reading different groups.
    let people = (Method::GET, "/api/v1/people");
    let page = c.answer(&app, &director, people.clone(), "/api/v1/people", None, 200).await;
    assert!(!page["items"].as_array().expect("items").is_empty(), "the list has people to check");
    c.answer(&app, &social, people.clone(), "/api/v1/people?q=awa&sex=F&limit=5", None, 200).await;
    let person = (Method::GET, "/api/v1/people/{id}");
    let whole = c.answer(&app, &director, person.clone(), &format!("/api/v1/people/{child}"), None, 200).await;
    assert!(whole["protection_notes"].is_string() && whole["phone"].is_string(), "every group, checked: {whole}");
    let nursed = c.answer(&app, &nurse, person.clone(), &format!("/api/v1/people/{child}"), None, 200).await;
    assert!(nursed.get("protection_notes").is_none(), "a group the nurse may not read is absent, and allowed to be");
    let body = json!({"given_name": "Oumou", "family_name": "Diarra", "sex": "F", "birth_date": "2024-01-15", "location_id": kit});
    let created = c.answer(&app, &director, (Method::POST, "/api/v1/people"), "/api/v1/people", Some(body), 201).await;
    let baby = created["id"].as_str().expect("id").to_string();
    let patch = json!({"phone": null, "other_names": ["Umu"]});
    let url = format!("/api/v1/people/{baby}");
    c.answer(&app, &director, (Method::PATCH, "/api/v1/people/{id}"), &url, Some(patch), 200).await;

    // Households.
    let body = json!({"name": "Diarra", "location_id": kit, "members": [{"person_id": baby, "relationship": "child"}]});
    let household =
        c.answer(&app, &director, (Method::POST, "/api/v1/households"), "/api/v1/households", Some(body), 201).await;
    let url = format!("/api/v1/households/{}", household["id"].as_str().expect("id"));
    c.answer(&app, &social, (Method::GET, "/api/v1/households/{id}"), &url, None, 200).await;

    // Family strengthening: each answer is the support, whole.
    let today = time::OffsetDateTime::now_utc().date();
    let day = |offset: i64| (today + time::Duration::days(offset)).to_string();
    let support = (Method::POST, "/api/v1/households/{id}/support");
    c.answer(&app, &social, support, &format!("{url}/support"), Some(json!({"started_on": day(-60)})), 201).await;
    let assessments = (Method::POST, "/api/v1/households/{id}/assessments");
    for (on, score) in [(day(-50), 3), (day(-5), 1)] {
        let body = json!({"assessed_on": on, "food": score, "income": 2, "housing": 2, "health": 1, "education": 0, "child_care": 1, "protection": 1});
        c.answer(&app, &social, assessments.clone(), &format!("{url}/assessments"), Some(body), 201).await;
    }
    let body = json!({"goal": "Revenus", "action": "Maraîchage", "responsible": "Mme Diarra", "due_on": day(10)});
    let plan = (Method::POST, "/api/v1/households/{id}/plan-actions");
    let planned = c.answer(&app, &social, plan, &format!("{url}/plan-actions"), Some(body), 201).await;
    let action = planned["support"]["plan"][0]["id"].as_str().expect("an action").to_string();
    let done = (Method::POST, "/api/v1/households/{id}/plan-actions/{action_id}/done");
    let done_url = format!("{url}/plan-actions/{action}/done");
    c.answer(&app, &social, done, &done_url, Some(json!({"done_on": day(0)})), 200).await;
    let body = json!({"visited_on": day(-2), "notes": "Jardin commencé."});
    c.answer(
        &app,
        &social,
        (Method::POST, "/api/v1/households/{id}/visits"),
        &format!("{url}/visits"),
        Some(body),
        201,
    )
    .await;
    let whole = c
        .answer(&app, &social, (Method::GET, "/api/v1/households/{id}/support"), &format!("{url}/support"), None, 200)
        .await;
    let support = &whole["support"];
    assert!(
        support["assessments"][0]["changes"].as_array().is_some_and(|c| !c.is_empty())
            && support["plan"][0]["done_on"].is_string()
            && support["visits"][0]["visited_on"].is_string(),
        "every part of a support checked: {whole}"
    );
    let body = json!({"ended_on": day(0), "exit_reason": "graduated"});
    let ended = c
        .answer(&app, &social, (Method::POST, "/api/v1/households/{id}/exit"), &format!("{url}/exit"), Some(body), 200)
        .await;
    assert_eq!(ended["support"]["exit_reason"], "graduated");

    // A child's growth.
    let url = format!("/api/v1/people/{baby}/measurements");
    let m =
        json!({"date": "2026-01-10", "weight_kg": 7.1, "length_height_cm": 71.0, "measured": "lying", "muac_mm": 128});
    c.answer(&app, &nurse, (Method::POST, "/api/v1/people/{id}/measurements"), &url, Some(m), 201).await;
    let listed = c.answer(&app, &nurse, (Method::GET, "/api/v1/people/{id}/measurements"), &url, None, 200).await;
    assert!(listed["items"][0]["zscores"]["zwei"].is_number(), "z-scores are checked too: {listed}");

    // Medical visits, for a nurse and for a social worker (dates only).
    let url = format!("/api/v1/people/{baby}/medical-visits");
    let visit = json!({"visited_on": "2026-01-10", "reason": "Fièvre", "diagnosis": "Paludisme simple"});
    c.answer(&app, &nurse, (Method::POST, "/api/v1/people/{id}/medical-visits"), &url, Some(visit), 201).await;
    let visits = (Method::GET, "/api/v1/people/{id}/medical-visits");
    let read = c.answer(&app, &nurse, visits.clone(), &url, None, 200).await;
    assert_eq!(read["items"][0]["diagnosis"], "Paludisme simple");
    let dated = c.answer(&app, &social, visits, &url, None, 200).await;
    assert!(dated["items"][0].get("reason").is_none(), "{dated}");

    // The vaccination card.
    let url = format!("/api/v1/people/{baby}/vaccinations");
    let given = app.send(Method::POST, &nurse, &url, &json!({"dose": "bcg", "given_on": "2024-01-15"})).await;
    assert_eq!(given.status(), 201);
    let card = c.answer(&app, &nurse, (Method::GET, "/api/v1/people/{id}/vaccinations"), &url, None, 200).await;
    assert_eq!(card["items"][0]["given_on"], "2024-01-15", "given and due doses are both checked");

    // The attendance register: a new group, a member, a day taken.
    let body = json!({"location_id": kit, "name": "Petite section", "kind": "daycare"});
    let group = c.answer(&app, &director, (Method::POST, "/api/v1/groups"), "/api/v1/groups", Some(body), 201).await;
    let group = group["id"].as_str().expect("id").to_string();
    let url = format!("/api/v1/groups/{group}/members");
    let body = json!({"person_id": baby, "from_date": "2026-01-05"});
    c.answer(&app, &director, (Method::POST, "/api/v1/groups/{id}/members"), &url, Some(body), 201).await;
    let register = (Method::GET, "/api/v1/groups/{id}/attendance/{day}");
    let url = format!("/api/v1/groups/{group}/attendance/2026-01-12");
    let untaken = c.answer(&app, &director, register.clone(), &url, None, 200).await;
    assert!(untaken["items"][0]["present"].is_null(), "not taken yet: {untaken}");
    let body = json!({"present": [baby]});
    c.answer(&app, &director, (Method::PUT, "/api/v1/groups/{id}/attendance/{day}"), &url, Some(body), 200).await;
    let taken = c.answer(&app, &director, register, &url, None, 200).await;
    assert_eq!(taken["items"][0]["present"], true);
    let url = format!("/api/v1/locations/{kit}/groups");
    c.answer(&app, &director, (Method::GET, "/api/v1/locations/{id}/groups"), &url, None, 200).await;

    // Nutrition list, the vaccination schedule, school years.
    let url = format!("/api/v1/locations/{kit}/nutrition");
    c.answer(&app, &nurse, (Method::GET, "/api/v1/locations/{id}/nutrition"), &url, None, 200).await;
    c.answer(&app, &nurse, (Method::GET, "/api/v1/vaccine-schedule"), "/api/v1/vaccine-schedule", None, 200).await;
    let url = format!("/api/v1/people/{child}/school-years");
    let year = json!({"year": "2025-2026", "school": "École de Kita", "grade": "2e année", "average": 12.5});
    assert_eq!(app.send(Method::POST, &director, &url, &year).await.status(), 201);
    let years = c.answer(&app, &director, (Method::GET, "/api/v1/people/{id}/school-years"), &url, None, 200).await;
    assert_eq!(years["items"][0]["grade"], "2e année");

    // Prevalence, and the children behind on the schedule: one born 200
    // days ago with nothing given is.
    let url = format!("/api/v1/locations/{kit}/prevalence");
    let figures = c.answer(&app, &nurse, (Method::GET, "/api/v1/locations/{id}/prevalence"), &url, None, 200).await;
    assert!(figures["items"].as_array().is_some_and(|i| !i.is_empty()), "figures to check: {figures}");
    let born = (today - time::Duration::days(200)).to_string();
    let body =
        json!({"given_name": "Sira", "family_name": "Keita", "sex": "F", "birth_date": born, "location_id": kit});
    let sira = c.answer(&app, &director, (Method::POST, "/api/v1/people"), "/api/v1/people", Some(body), 201).await;
    let sira = sira["id"].as_str().expect("id").to_string();
    let url = format!("/api/v1/locations/{kit}/vaccinations/overdue");
    let overdue = (Method::GET, "/api/v1/locations/{id}/vaccinations/overdue");
    let behind = c.answer(&app, &nurse, overdue, &url, None, 200).await;
    assert!(behind["items"].as_array().is_some_and(|i| !i.is_empty()), "children to check: {behind}");

    // Family houses: one set up, then the list.
    let house = json!({"location_id": kit, "name": "Maison Karité", "capacity": 8});
    let house = c.answer(&app, &director, (Method::POST, "/api/v1/houses"), "/api/v1/houses", Some(house), 201).await;
    let url = format!("/api/v1/locations/{kit}/houses");
    let houses = c.answer(&app, &director, (Method::GET, "/api/v1/locations/{id}/houses"), &url, None, 200).await;
    assert_eq!(houses["items"][0]["name"], "Maison Karité");

    // A child's care, as each care route answers it: none yet, admitted,
    // left, followed up; then the village: one child living there, one
    // who left this year.
    let care = (Method::GET, "/api/v1/people/{id}/care");
    let none = c.answer(&app, &director, care.clone(), &format!("/api/v1/people/{baby}/care"), None, 200).await;
    assert!(none["care"].is_null(), "never admitted: {none}");
    let admission = (Method::POST, "/api/v1/people/{id}/admission");
    for child in [&sira, &baby] {
        let admit = json!({"admitted_on": day(0), "reason": "abandoned", "house_id": house["id"]});
        c.answer(&app, &director, admission.clone(), &format!("/api/v1/people/{child}/admission"), Some(admit), 201)
            .await;
    }
    let leave = json!({"left_on": day(0), "leaving_reason": "reintegration"});
    let leaving = (Method::POST, "/api/v1/people/{id}/leaving");
    c.answer(&app, &director, leaving, &format!("/api/v1/people/{baby}/leaving"), Some(leave), 200).await;
    let visit = json!({"visited_on": day(0), "notes": "Bien réintégré."});
    let follow_ups = (Method::POST, "/api/v1/people/{id}/follow-ups");
    let followed =
        c.answer(&app, &director, follow_ups, &format!("/api/v1/people/{baby}/follow-ups"), Some(visit), 201).await;
    assert_eq!(followed["care"]["follow_ups"][0], json!([day(0), "Bien réintégré."]), "{followed}");
    let nursed = c.answer(&app, &nurse, care, &format!("/api/v1/people/{baby}/care"), None, 200).await;
    assert!(nursed["care"].get("leaving_reason").is_none(), "protection data absent for a nurse: {nursed}");
    let url = format!("/api/v1/locations/{kit}/village");
    let village = c.answer(&app, &director, (Method::GET, "/api/v1/locations/{id}/village"), &url, None, 200).await;
    assert_eq!(village["residents"][0]["person_id"], sira.as_str(), "a resident to check: {village}");
    assert!(village["left_this_year"][0][1].as_i64().is_some_and(|n| n >= 1), "a leaving to check: {village}");

    // Programmes, and an enrolment in one.
    let programmes =
        c.answer(&app, &social, (Method::GET, "/api/v1/programmes"), "/api/v1/programmes", None, 200).await;
    let programme = programmes["items"][0]["id"].as_str().expect("a programme to check").to_string();
    let url = format!("/api/v1/people/{child}/enrolments");
    let body = json!({"programme_id": programme, "start_date": "2025-09-01"});
    c.answer(&app, &social, (Method::POST, "/api/v1/people/{id}/enrolments"), &url, Some(body), 201).await;

    // Locations, and the audit trail of all the above.
    c.answer(&app, &social, (Method::GET, "/api/v1/locations"), "/api/v1/locations", None, 200).await;
    let auditor = app.token("auditor").await;
    let trail = c.answer(&app, &auditor, (Method::GET, "/api/v1/audit"), "/api/v1/audit", None, 200).await;
    assert!(trail["items"].as_array().is_some_and(|i| i.len() > 10), "a trail to check");

    for route in [
        "get /api/v1/people",
        "get /api/v1/people/{id}",
        "get /api/v1/households/{id}",
        "get /api/v1/people/{id}/measurements",
        "get /api/v1/people/{id}/medical-visits",
        "get /api/v1/people/{id}/vaccinations",
        "get /api/v1/groups/{id}/attendance/{day}",
        "get /api/v1/locations/{id}/prevalence",
        "get /api/v1/locations/{id}/vaccinations/overdue",
        "get /api/v1/locations/{id}/houses",
        "get /api/v1/locations/{id}/village",
        "get /api/v1/people/{id}/care",
        "post /api/v1/people/{id}/admission",
        "post /api/v1/people/{id}/leaving",
        "post /api/v1/people/{id}/follow-ups",
        "get /api/v1/households/{id}/support",
        "post /api/v1/households/{id}/support",
        "post /api/v1/households/{id}/assessments",
        "post /api/v1/households/{id}/plan-actions",
        "post /api/v1/households/{id}/plan-actions/{action_id}/done",
        "post /api/v1/households/{id}/visits",
        "post /api/v1/households/{id}/exit",
        "get /api/v1/people/{id}/school-years",
        "get /api/v1/programmes",
        "post /api/v1/people/{id}/enrolments",
        "get /api/v1/audit",
    ] {
        assert!(c.checked.iter().any(|r| r == route), "{route} was checked");
    }
}

/// The check bites: an answer with a field the schema does not have, or
/// without one it requires, at the top or inside an item, is refused.
#[tokio::test(flavor = "multi_thread")]
async fn an_answer_off_its_schema_is_caught() {
    let app = spawn_app().await;
    let c = Contract::of(&app).await;
    let director = app.token("director.kita").await;
    let person: Value =
        app.get(&director, &format!("/api/v1/people/{}", app.kita_child)).await.json().await.expect("json");
    let person_at = |body: &Value| c.problems("get", "/api/v1/people/{id}", 200, body);
    assert!(person_at(&person).is_empty(), "the real answer passes: {:?}", person_at(&person));
    let mut extra = person.clone();
    extra["ethnicity"] = json!("never published");
    assert!(!person_at(&extra).is_empty(), "an unpublished field is caught");
    let mut missing = person.clone();
    missing.as_object_mut().expect("object").remove("record_number");
    assert!(!person_at(&missing).is_empty(), "a required field missing is caught");
    let mut wrong = person.clone();
    wrong["id"] = json!("not-a-uuid");
    assert!(!person_at(&wrong).is_empty(), "formats are checked");

    let page: Value = app.get(&director, "/api/v1/people").await.json().await.expect("json");
    let page_at = |body: &Value| c.problems("get", "/api/v1/people", 200, body);
    assert!(page_at(&page).is_empty());
    let mut nested = page.clone();
    nested["items"][0]["medical_notes"] = json!("a list never carries them");
    assert!(!page_at(&nested).is_empty(), "an item's unpublished field is caught");
    let mut nested = page;
    nested["items"][0].as_object_mut().expect("an item").remove("sex");
    assert!(!page_at(&nested).is_empty(), "an item's required field missing is caught");
}
