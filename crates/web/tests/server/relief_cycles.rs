//! Relief cycles and entitlements through the real server (issue 15,
//! requirements 1–6, 12 and 13 with the numbers of relief.md section 6).
//! Registered households are written as the registration lane will write
//! them — a `Household` with its members and its `Displacement` — by the
//! system principal, since that lane is built beside this one.

use crate::helpers::{TestApp, csrf_of, spawn_app, ui_client};
use dugu_domain::EntityKind;
use dugu_storage::writes::HouseholdWrites;
use dugu_storage::{HouseholdInput, Op, PersonInput, Principal, SystemTask};
use reqwest::Method;
use serde_json::{Value, json};

/// The Mopti emergency programme's id.
async fn mopti_programme(app: &TestApp, token: &str) -> String {
    let list: Value = app.get(token, "/api/v1/programmes").await.json().await.expect("json");
    let mop = &app.sites["MOP"];
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|p| p["location_id"] == json!(mop) && p["kind"] == "emergency_relief")
        .and_then(|p| p["id"].as_str())
        .expect("the Mopti programme")
        .to_string()
}

fn system(app: &TestApp) -> Principal {
    app.store.system_principal(&app.users["supervisor.mopti"], SystemTask::DemoSeeding).expect("system principal")
}

/// A household of `size` people registered in `programme` at `site`.
fn register(app: &TestApp, programme: &str, site: &str, size: usize, status: &str, arrival: &str) -> String {
    let who = system(app);
    let location = app.sites[site].clone();
    let people: Vec<PersonInput> = (0..size)
        .map(|i| PersonInput {
            given_name: format!("Aminata{i}"),
            family_name: "Guindo".into(),
            sex: if i % 2 == 0 { "F" } else { "M" }.into(),
            birth_date: format!("{}-03-01", 1980 + i),
            location_id: location.clone(),
            ..Default::default()
        })
        .collect();
    let ids = if people.is_empty() { Vec::new() } else { app.store.create_people(&who, &people).expect("people") };
    let members =
        ids.iter().enumerate().map(|(i, p)| (p.clone(), if i == 0 { "head" } else { "child" }.to_string())).collect();
    let input = HouseholdInput { name: "Guindo".into(), location_id: location, members };
    let household = app.store.create_household(&who, input).expect("household").id;
    let fields = vec![
        ("household_id", json!(household)),
        ("programme_id", json!(programme)),
        ("status", json!(status)),
        ("arrival_date", json!(arrival)),
        ("reason", json!("conflict")),
        ("host_family", json!(false)),
        ("admin_pcode", json!("ML0506")),
        ("pcode_edition", json!("pre2023")),
        ("script_read", json!(true)),
        ("lawful_basis", json!("vital_interest")),
        ("sharing_consent", json!(false)),
        ("household_flags", json!([])),
        ("alternate_ids", json!([])),
        ("card_serial", json!(1)),
        ("registered_on", json!("2026-07-01")),
    ];
    let op = Op::create(EntityKind::Displacement, &dugu_storage::new_id(), fields);
    app.store.write(move |tx| tx.apply(Some(&who), vec![op])).expect("displacement");
    household
}

fn item(name: &str, per_person: u64, unit: &str, cap: u32) -> Value {
    json!({"item": name, "per_person": per_person, "unit": unit, "cap": cap, "modality": "in_kind"})
}

/// WFP's full ration for 30 days, cap 10 (requirement 1), with oil also
/// in half-litre bottles rounded up and down (requirement 2).
fn wfp_items() -> Value {
    json!([
        item("céréales", 12_000, "g", 10),
        item("légumineuses", 1_800, "g", 10),
        item("huile", 750, "ml", 10),
        item("sel", 150, "g", 10),
        {"item": "huile en bouteilles", "per_person": 750, "unit": "ml", "cap": 10, "rounding": "up", "step": 500},
        {"item": "huile au plus bas", "per_person": 750, "unit": "ml", "cap": 10, "rounding": "down", "step": 500},
        item("céréales sans plafond", 12_000, "g", 0),
    ])
}

async fn cycle(app: &TestApp, token: &str, body: Value) -> String {
    app.create(token, "/api/v1/relief/cycles", &body).await
}

async fn set_status(app: &TestApp, token: &str, id: &str, status: &str) {
    let r =
        app.send(Method::POST, token, &format!("/api/v1/relief/cycles/{id}/status"), &json!({"status": status})).await;
    assert_eq!(r.status(), 200, "{status}");
}

async fn generate(app: &TestApp, token: &str, id: &str) -> Value {
    let r = app.send(Method::POST, token, &format!("/api/v1/relief/cycles/{id}/entitlements"), &json!({})).await;
    assert_eq!(r.status(), 200, "generation");
    r.json().await.expect("json")
}

/// A household's entitlements of a cycle, by item.
async fn owed(app: &TestApp, token: &str, household: &str, cycle: &str) -> Vec<Value> {
    let r = app.get(token, &format!("/api/v1/relief/households/{household}/entitlements?cycle_id={cycle}")).await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.expect("json");
    body["items"].as_array().expect("items").clone()
}

fn quantity(items: &[Value], name: &str) -> i64 {
    items.iter().find(|e| e["item"] == name).and_then(|e| e["quantity"].as_i64()).unwrap_or(-1)
}

#[tokio::test]
async fn requirements_1_2_3_and_13_rations_by_size_with_cap_exact_rounded_and_generated_once() {
    let app = spawn_app().await;
    let token = app.token("supervisor.mopti").await;
    let programme = mopti_programme(&app, &token).await;
    let seven = register(&app, &programme, "MOP-SEV", 7, "idp", "2026-07-01");
    let twelve = register(&app, &programme, "MOP-BAR", 12, "idp", "2026-07-01");
    let nobody = register(&app, &programme, "MOP-SEV", 0, "idp", "2026-07-01");
    let id = cycle(
        &app,
        &token,
        json!({"programme_id": programme, "name": "Cycle d'août", "start": "2026-08-01", "end": "2026-08-30", "items": wfp_items()}),
    )
    .await;
    set_status(&app, &token, &id, "approved").await;
    let run = generate(&app, &token, &id).await;
    assert_eq!(run["generated"], 14, "seven items for each of the two households with members");
    assert_eq!(run["exceptions"], json!([{"household_id": nobody, "reason": "household_size_missing"}]));

    let of_seven = owed(&app, &token, &seven, &id).await;
    assert_eq!(quantity(&of_seven, "céréales"), 84_000);
    assert_eq!(quantity(&of_seven, "légumineuses"), 12_600);
    assert_eq!(quantity(&of_seven, "huile"), 5_250, "7 × 0.75 L = 5,250 mL exactly");
    assert_eq!(quantity(&of_seven, "sel"), 1_050);
    assert_eq!(quantity(&of_seven, "huile en bouteilles"), 5_500);
    assert_eq!(quantity(&of_seven, "huile au plus bas"), 5_000);
    let bottles = of_seven.iter().find(|e| e["item"] == "huile en bouteilles").expect("bottles");
    assert_eq!(bottles["inputs"]["before_rounding"], 5_250);
    assert_eq!(bottles["inputs"]["rounding"], json!({"direction": "up", "step": 500}), "the rule kept on it");
    assert!(of_seven.iter().all(|e| e["site_id"] == json!(app.sites["MOP-SEV"])), "served where it lives");

    let of_twelve = owed(&app, &token, &twelve, &id).await;
    assert_eq!(quantity(&of_twelve, "céréales"), 120_000);
    assert_eq!(quantity(&of_twelve, "légumineuses"), 18_000);
    assert_eq!(quantity(&of_twelve, "huile"), 7_500);
    assert_eq!(quantity(&of_twelve, "sel"), 1_500);
    assert_eq!(quantity(&of_twelve, "céréales sans plafond"), 144_000, "cap 0 is no cap");
    let cereal = of_twelve.iter().find(|e| e["item"] == "céréales").expect("cereal");
    assert_eq!(
        (&cereal["inputs"]["size"], &cereal["inputs"]["used"], &cereal["inputs"]["capped"]),
        (&json!(12), &json!(10), &json!(true))
    );
    assert_eq!(cereal["unit"], "g");
    assert!(owed(&app, &token, &nobody, &id).await.is_empty(), "no size, no silent ration of one");

    // One audit entry for the generation, by the supervisor, naming the
    // cycle and touching each household served, not one per entitlement.
    let entries = app
        .store
        .inspect(
            "SELECT username || ' ' || action || ' ' || fields FROM audit_log WHERE record_type = 'relief_cycle' AND record_id = ?1 AND fields = 'entitlements'",
            &[&id],
        )
        .expect("read");
    assert_eq!(entries, vec!["supervisor.mopti create entitlements".to_string()]);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'entitlement' AND action = 'create'"), 0);
    for household in [&seven, &twelve] {
        let touched = app
            .store
            .inspect(
                "SELECT COUNT(*) FROM audit_touches t JOIN audit_log a ON a.seq = t.seq WHERE t.record_id = ?1 AND a.record_id = ?2",
                &[household.as_str(), &id],
            )
            .expect("read");
        assert_eq!(touched, vec!["1".to_string()], "the generation touched each household once");
    }

    // Requirement 13: again, nothing; a newcomer, its own and no more.
    let again = generate(&app, &token, &id).await;
    assert_eq!(again["generated"], 0);
    let before = app.count("SELECT COUNT(*) FROM entitlements");
    let newcomer = register(&app, &programme, "MOP-BAR", 3, "idp", "2026-07-20");
    let later = generate(&app, &token, &id).await;
    assert_eq!(later["generated"], 7);
    assert_eq!(app.count("SELECT COUNT(*) FROM entitlements"), before + 7);
    assert_eq!(quantity(&owed(&app, &token, &newcomer, &id).await, "céréales"), 36_000);
    assert_eq!(owed(&app, &token, &seven, &id).await.len(), 7, "nothing doubled");
}

#[tokio::test]
async fn requirement_5_the_share_follows_months_since_arrival_and_hosts_have_their_own() {
    let app = spawn_app().await;
    let token = app.token("supervisor.mopti").await;
    let programme = mopti_programme(&app, &token).await;
    let arrived = register(&app, &programme, "MOP-SEV", 4, "idp", "2026-01-10");
    let host = register(&app, &programme, "MOP-SEV", 4, "host", "2026-06-15");
    let rule = json!({"displaced": [{"through_month": 6, "percent": 100}, {"through_month": 9, "percent": 50}],
                      "host": [{"through_month": 3, "percent": 50}]});
    let table = json!([item("céréales", 12_000, "g", 10)]);
    let august = cycle(
        &app,
        &token,
        json!({"programme_id": programme, "name": "Août 2026", "start": "2026-08-01", "end": "2026-08-31",
               "items": table, "duration_rule": rule}),
    )
    .await;
    let november = cycle(
        &app,
        &token,
        json!({"programme_id": programme, "name": "Novembre 2026", "start": "2026-11-01", "end": "2026-11-30",
               "items": table, "duration_rule": rule}),
    )
    .await;
    assert_eq!(generate(&app, &token, &august).await["generated"], 2);
    let half = owed(&app, &token, &arrived, &august).await;
    assert_eq!(quantity(&half, "céréales"), 24_000, "50 % of 4 × 12 kg");
    assert_eq!(
        (&half[0]["inputs"]["fraction"], &half[0]["inputs"]["arrival_date"]),
        (&json!(50), &json!("2026-01-10"))
    );
    assert_eq!(half[0]["inputs"]["month"], 7);
    let hosted = owed(&app, &token, &host, &august).await;
    assert_eq!((quantity(&hosted, "céréales"), &hosted[0]["inputs"]["fraction"]), (24_000, &json!(50)));
    let run = generate(&app, &token, &november).await;
    assert_eq!((run["generated"].as_i64(), run["exceptions"].as_array().map(Vec::len)), (Some(0), Some(0)));
    assert!(owed(&app, &token, &arrived, &november).await.is_empty(), "nothing in month 10");
}

#[tokio::test]
async fn requirement_6_cash_is_whole_francs_per_person_capped_or_flat_and_never_raised() {
    let app = spawn_app().await;
    let token = app.token("supervisor.mopti").await;
    let programme = mopti_programme(&app, &token).await;
    let three = register(&app, &programme, "MOP-SEV", 3, "idp", "2026-07-01");
    let twelve = register(&app, &programme, "MOP-SEV", 12, "idp", "2026-07-01");
    let table = json!([
        {"item": "transfert", "per_person": 5_000, "unit": "xof", "cap": 10, "modality": "cash"},
        {"item": "tranche", "per_household": 60_000, "unit": "xof", "modality": "cash"},
    ]);
    let id = cycle(
        &app,
        &token,
        json!({"programme_id": programme, "name": "Espèces", "start": "2026-08-01", "end": "2026-08-31", "items": table}),
    )
    .await;
    generate(&app, &token, &id).await;
    let small = owed(&app, &token, &three, &id).await;
    assert_eq!(quantity(&small, "transfert"), 15_000, "below the cap: never raised to it");
    assert_eq!(quantity(&small, "tranche"), 60_000);
    assert!(small.iter().all(|e| e["unit"] == "xof" && e["modality"] == "cash"));
    let large = owed(&app, &token, &twelve, &id).await;
    assert_eq!((quantity(&large, "transfert"), quantity(&large, "tranche")), (50_000, 60_000));
    // Cash counted in anything but francs is refused, naming the line.
    let r = app
        .send(
            Method::POST,
            &token,
            "/api/v1/relief/cycles",
            &json!({"programme_id": programme, "name": "x", "start": "2026-08-01", "end": "2026-08-31",
                    "items": [{"item": "transfert", "per_person": 5_000, "unit": "g", "modality": "cash"}]}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("body");
    assert!(body.contains("items[0].modality"), "{body}");
}

#[tokio::test]
async fn requirement_4_the_lean_season_template_gives_63_kg_a_cycle_and_189_over_three() {
    let app = spawn_app().await;
    let token = app.token("supervisor.mopti").await;
    let programme = mopti_programme(&app, &token).await;
    let seven = register(&app, &programme, "MOP-SEV", 7, "host", "");
    let ui = ui_client(&app, "supervisor.mopti").await;
    let page = app.html(&ui, "/relief/cycles?template=lean_season").await;
    assert!(page.contains("value=\"9000\""), "the form filled with 9 kg a person");
    let form = [("csrf", csrf_of(&page)), ("programme_id", programme.clone()), ("year", "2026".into())];
    let r = ui.post(app.url("/relief/cycles/lean-season")).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 303);
    let cycles: Value =
        app.get(&token, &format!("/api/v1/relief/cycles?programme_id={programme}")).await.json().await.expect("json");
    let cycles = cycles["items"].as_array().expect("items").clone();
    assert_eq!(cycles.len(), 3);
    let mut total = 0;
    for c in &cycles {
        let id = c["id"].as_str().expect("id");
        assert!(c["start"].as_str().is_some_and(|s| ["2026-07-01", "2026-08-01", "2026-09-01"].contains(&s)));
        assert_eq!(generate(&app, &token, id).await["generated"], 1, "no arrival date asked");
        let items = owed(&app, &token, &seven, id).await;
        assert_eq!(quantity(&items, "céréales"), 63_000);
        total += quantity(&items, "céréales");
    }
    assert_eq!(total, 189_000, "27 kg a person");
}

#[tokio::test]
async fn requirement_12_only_approved_entitlements_within_the_dates_are_redeemable_then_they_expire_or_carry_over() {
    let app = spawn_app().await;
    let token = app.token("supervisor.mopti").await;
    let programme = mopti_programme(&app, &token).await;
    let served = register(&app, &programme, "MOP-SEV", 2, "idp", "2026-07-01");
    let missed = register(&app, &programme, "MOP-SEV", 2, "idp", "2026-07-01");
    let today = time::OffsetDateTime::now_utc().date();
    let (yesterday, tomorrow) = (today.previous_day().expect("day"), today.next_day().expect("day"));
    let table = json!([item("céréales", 12_000, "g", 10)]);
    let first = cycle(
        &app,
        &token,
        json!({"programme_id": programme, "name": "Cycle 1", "start": yesterday.to_string(), "end": tomorrow.to_string(), "items": table}),
    )
    .await;
    generate(&app, &token, &first).await;
    let draft = owed(&app, &token, &served, &first).await;
    assert_eq!((&draft[0]["status"], &draft[0]["redeemable"]), (&json!("draft"), &json!(false)), "not approved yet");
    set_status(&app, &token, &first, "approved").await;
    let open = owed(&app, &token, &served, &first).await;
    assert_eq!((&open[0]["status"], &open[0]["redeemable"]), (&json!("approved"), &json!(true)));
    // The desk hands the first household its cereal.
    let who = system(&app);
    let fields = vec![
        ("entitlement_id", json!(open[0]["id"])),
        ("household_id", json!(served)),
        ("client_uuid", json!(dugu_storage::new_id())),
        ("collector_role", json!("head")),
        ("site_id", json!(app.sites["MOP-SEV"])),
        ("served_by", json!(app.users["supervisor.mopti"])),
        ("served_at", json!("2026-08-04T10:42:00Z")),
    ];
    let op = Op::create(EntityKind::Receipt, &dugu_storage::new_id(), fields);
    app.store.write(move |tx| tx.apply(Some(&who), vec![op])).expect("receipt");
    set_status(&app, &token, &first, "closed").await;
    let closed = owed(&app, &token, &missed, &first).await;
    assert_eq!((&closed[0]["status"], &closed[0]["redeemable"]), (&json!("expired"), &json!(false)));
    let r = app.send(Method::POST, &token, &format!("/api/v1/relief/cycles/{first}/entitlements"), &json!({})).await;
    assert_eq!(r.status(), 422, "a closed cycle is not generated again");

    // Without carry-over, nothing comes back; with it, only what was missed, once.
    let plain = cycle(
        &app,
        &token,
        json!({"programme_id": programme, "name": "Cycle 2", "start": "2099-01-01", "end": "2099-01-31", "items": table}),
    )
    .await;
    assert_eq!(generate(&app, &token, &plain).await["carried"], 0);
    let catch_up = cycle(
        &app,
        &token,
        json!({"programme_id": programme, "name": "Cycle 3", "start": "2099-02-01", "end": "2099-02-28", "items": table,
               "carry_over": true}),
    )
    .await;
    // The cycle before this one is "Cycle 2", in which neither collected.
    let run = generate(&app, &token, &catch_up).await;
    assert_eq!((run["generated"].as_i64(), run["carried"].as_i64()), (Some(4), Some(2)));
    let carried = owed(&app, &token, &missed, &catch_up).await;
    let rattrapage: Vec<&Value> = carried.iter().filter(|e| !e["carried_from"].is_null()).collect();
    assert_eq!(rattrapage.len(), 1);
    assert_eq!(rattrapage[0]["inputs"]["rattrapage"], true);
    assert_eq!(generate(&app, &token, &catch_up).await["generated"], 0, "carried once");
}

#[tokio::test]
async fn carry_over_skips_what_was_collected() {
    let app = spawn_app().await;
    let token = app.token("supervisor.mopti").await;
    let programme = mopti_programme(&app, &token).await;
    let served = register(&app, &programme, "MOP-SEV", 2, "idp", "2026-07-01");
    let missed = register(&app, &programme, "MOP-SEV", 2, "idp", "2026-07-01");
    let table = json!([item("céréales", 12_000, "g", 10)]);
    let first = cycle(
        &app,
        &token,
        json!({"programme_id": programme, "name": "Juillet", "start": "2026-07-01", "end": "2026-07-31", "items": table}),
    )
    .await;
    generate(&app, &token, &first).await;
    let entitlement = owed(&app, &token, &served, &first).await[0]["id"].clone();
    let who = system(&app);
    let fields = vec![
        ("entitlement_id", entitlement),
        ("household_id", json!(served)),
        ("client_uuid", json!(dugu_storage::new_id())),
        ("collector_role", json!("head")),
        ("site_id", json!(app.sites["MOP-SEV"])),
        ("served_by", json!(app.users["supervisor.mopti"])),
        ("served_at", json!("2026-07-04T10:42:00Z")),
    ];
    let op = Op::create(EntityKind::Receipt, &dugu_storage::new_id(), fields);
    app.store.write(move |tx| tx.apply(Some(&who), vec![op])).expect("receipt");
    let second = cycle(
        &app,
        &token,
        json!({"programme_id": programme, "name": "Août", "start": "2026-08-01", "end": "2026-08-31", "items": table,
               "carry_over": true}),
    )
    .await;
    assert_eq!(generate(&app, &token, &second).await["carried"], 1);
    assert_eq!(owed(&app, &token, &served, &second).await.len(), 1, "collected: nothing to catch up");
    assert_eq!(owed(&app, &token, &missed, &second).await.len(), 2, "its ration and the July one");
}

#[tokio::test]
async fn cycles_are_a_supervisors_and_entitlements_are_relief_data_in_scope() {
    let app = spawn_app().await;
    let supervisor = app.token("supervisor.mopti").await;
    let programme = mopti_programme(&app, &supervisor).await;
    let household = register(&app, &programme, "MOP-SEV", 5, "idp", "2026-07-01");
    let body = json!({"programme_id": programme, "name": "Août", "start": "2026-08-01", "end": "2026-08-31",
                      "items": [item("céréales", 12_000, "g", 10)]});
    let officer = app.token("relief.mopti").await;
    let r = app.send(Method::POST, &officer, "/api/v1/relief/cycles", &body).await;
    assert_eq!(r.status(), 403, "an officer does not set up cycles");
    let id = cycle(&app, &supervisor, body).await;
    let r = app.send(Method::POST, &officer, &format!("/api/v1/relief/cycles/{id}/entitlements"), &json!({})).await;
    assert_eq!(r.status(), 403, "nor generate them");
    generate(&app, &supervisor, &id).await;
    assert_eq!(owed(&app, &officer, &household, &id).await.len(), 1, "the desk reads them");
    let path = format!("/api/v1/relief/households/{household}/entitlements");
    let kita = app.token("director.kita").await;
    assert_eq!(app.get(&kita, &path).await.status(), 404, "out of scope");
    let nurse = app.token("nurse.kita").await;
    assert_eq!(app.get(&nurse, &path).await.status(), 404);
    let fundraiser = app.token("fundraiser").await;
    assert_eq!(app.get(&fundraiser, &path).await.status(), 404);
    let national = app.token("director.national").await;
    assert_eq!(app.get(&national, &path).await.status(), 200, "the national director reads relief");
    let audited = app.count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'entitlements' AND action = 'view'");
    assert!(audited >= 2, "every view of a household's entitlements is audited ({audited})");
    // A director supervises relief, but a Mopti cycle is out of a Kita director's scope.
    let other = app
        .send(Method::POST, &kita, &format!("/api/v1/relief/cycles/{id}/status"), &json!({"status": "approved"}))
        .await;
    assert_eq!(other.status(), 404, "no such cycle for them");
    let listed: Value = app.get(&kita, "/api/v1/relief/cycles").await.json().await.expect("json");
    assert_eq!(listed["items"], json!([]), "nor in their list");
}

#[tokio::test]
async fn bad_input_names_each_field_and_writes_nothing() {
    let app = spawn_app().await;
    let token = app.token("supervisor.mopti").await;
    let programme = mopti_programme(&app, &token).await;
    let before = app.count("SELECT COUNT(*) FROM relief_cycles");
    let r = app
        .send(
            Method::POST,
            &token,
            "/api/v1/relief/cycles",
            &json!({"programme_id": programme, "name": "", "start": "2026-08-31", "end": "2026-08-01",
                    "items": [{"item": "huile", "per_person": 750, "unit": "litres", "rounding": "up"}],
                    "colour": "blue"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.expect("json");
    let text = body.to_string();
    assert!(text.contains("colour"), "an unknown field is named: {text}");
    let r = app
        .send(
            Method::POST,
            &token,
            "/api/v1/relief/cycles",
            &json!({"programme_id": programme, "name": "", "start": "2026-08-31", "end": "2026-08-01",
                    "items": [{"item": "huile", "per_person": 750, "unit": "litres", "rounding": "up"}]}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let text = r.text().await.expect("body");
    for field in ["\"name\"", "\"end\"", "items[0].unit", "items[0].step"] {
        assert!(text.contains(field), "{field} named: {text}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM relief_cycles"), before, "nothing written");
    let r = app.send(Method::POST, &token, "/api/v1/relief/cycles/nope/status", &json!({"status": "approved"})).await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn a_supervisor_sets_up_approves_and_generates_a_cycle_on_its_page() {
    let app = spawn_app().await;
    let token = app.token("supervisor.mopti").await;
    let programme = mopti_programme(&app, &token).await;
    register(&app, &programme, "MOP-SEV", 6, "idp", "2026-07-01");
    let empty = register(&app, &programme, "MOP-BAR", 0, "idp", "2026-07-01");
    let ui = ui_client(&app, "supervisor.mopti").await;
    let page = app.html(&ui, "/relief/cycles?template=wfp").await;
    assert!(page.contains("value=\"12000\"") && page.contains("value=\"750\""), "WFP's basket filled in");
    let mut form: Vec<(String, String)> = vec![
        ("csrf".into(), csrf_of(&page)),
        ("programme_id".into(), programme.clone()),
        ("name".into(), "Cycle 1 — août 2026".into()),
        ("start".into(), "01/08/2026".into()),
        ("end".into(), "31/08/2026".into()),
        ("rule".into(), "wfp_mali_2022".into()),
    ];
    for (i, (name, amount, unit)) in [("céréales", "12000", "g"), ("huile", "750", "ml")].into_iter().enumerate() {
        form.extend([
            (format!("item_{i}"), name.to_string()),
            (format!("per_person_{i}"), amount.to_string()),
            (format!("unit_{i}"), unit.to_string()),
            (format!("cap_{i}"), "10".to_string()),
            (format!("modality_{i}"), "in_kind".to_string()),
        ]);
    }
    // A line with an amount but a rounding with no step is refused, by its line number.
    form.extend([
        ("item_3".to_string(), "sel".to_string()),
        ("per_person_3".into(), "abc".into()),
        ("unit_3".into(), "g".into()),
    ]);
    let r = ui.post(app.url("/relief/cycles")).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("Ligne 4"), "the line named as typed: {html}");
    form.retain(|(k, _)| !k.ends_with("_3"));
    let r = ui.post(app.url("/relief/cycles")).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 303);
    let at = r.headers()["location"].to_str().expect("location").to_string();
    let html = app.html(&ui, &at).await;
    assert!(html.contains("brouillon") && html.contains("Sévaré") && html.contains("Barbé"), "{html}");
    let act = |action: &'static str, html: String| {
        let ui = ui.clone();
        let url = app.url(&at);
        async move { ui.post(url).form(&[("csrf", csrf_of(&html)), ("action", action.into())]).send().await.expect("post") }
    };
    assert_eq!(act("approve", html).await.status(), 303);
    let html = app.html(&ui, &at).await;
    assert!(html.contains("approuvé"));
    let r = act("generate", html).await;
    assert_eq!(r.status(), 303);
    let shown = r.headers()["location"].to_str().expect("location").to_string();
    let html = app.html(&ui, &shown).await;
    assert!(html.contains("taille du ménage manquante"), "the exception list: {html}");
    assert!(html.contains(&format!("/households/{empty}")), "the household left out is linked");
    let gone = app.html(&ui, &shown).await;
    assert!(!gone.contains("taille du ménage manquante"), "a run's result is shown once");
}

#[tokio::test]
async fn khouloum_farmers_declare_their_season_and_those_short_before_the_harvest_are_listed() {
    let app = spawn_app().await;
    let token = app.token("supervisor.mopti").await;
    let programme = mopti_programme(&app, &token).await;
    let short = register(&app, &programme, "MOP-SEV", 6, "host", "2026-07-01");
    let enough = register(&app, &programme, "MOP-BAR", 4, "host", "2026-07-01");
    let officer = app.token("relief.mopti").await;
    let season = |household: &str, months: i64| {
        json!({"household_id": household, "programme_id": programme, "season": "2026", "area_ha": 1.5,
               "harvest_kg": 900, "stock_months": months, "declared_on": "2026-10-15"})
    };
    let id = app.create(&officer, "/api/v1/relief/farming/seasons", &season(&short, 5)).await;
    app.create(&officer, "/api/v1/relief/farming/seasons", &season(&enough, 12)).await;
    let r = app
        .send(
            Method::POST,
            &officer,
            "/api/v1/relief/farming/inputs",
            &json!({"season_id": id, "input": "seed", "description": "mil Souna 3", "quantity": 10_000, "unit": "g",
                    "received_on": "2026-06-10"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let r = app
        .send(
            Method::POST,
            &officer,
            "/api/v1/relief/farming/inputs",
            &json!({"season_id": id, "input": "weapons", "description": "", "quantity": 0, "unit": "kg",
                    "received_on": "hier"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let text = r.text().await.expect("body");
    for field in ["input", "description", "quantity", "unit", "received_on"] {
        assert!(text.contains(&format!("\"{field}\"")), "{field} named: {text}");
    }
    // Declared again after a better count: the same season, one record.
    let again = app.create(&officer, "/api/v1/relief/farming/seasons", &season(&short, 4)).await;
    assert_eq!(again, id);
    assert_eq!(app.count("SELECT COUNT(*) FROM farm_seasons"), 2);
    let list: Value = app
        .get(&token, &format!("/api/v1/relief/programmes/{programme}/farming/shortfall"))
        .await
        .json()
        .await
        .expect("json");
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "only the household short before 1 October 2027: {list}");
    assert_eq!(items[0]["household_id"], json!(short));
    assert_eq!((&items[0]["runs_out_on"], &items[0]["months_short"]), (&json!("2027-02-15"), &json!(8)));
    assert_eq!(items[0]["inputs"], 1);
    let nurse = app.token("nurse.kita").await;
    let r = app.get(&nurse, &format!("/api/v1/relief/programmes/{programme}/farming/shortfall")).await;
    assert_eq!(r.status(), 403, "relief data");
    let ui = ui_client(&app, "relief.mopti").await;
    let html = app.html(&ui, &format!("/relief/farming?programme_id={programme}")).await;
    assert!(html.contains("8 mois") && html.contains("id=\"shortfall\""), "{html}");
    // An input refused on the page leaves no season behind: one write.
    let third = register(&app, &programme, "MOP-SEV", 3, "host", "2026-07-01");
    let number: Value = app.get(&officer, &format!("/api/v1/households/{third}")).await.json().await.expect("json");
    let number = number["record_number"].as_str().expect("record number").to_string();
    let form = [
        ("csrf", csrf_of(&html)),
        ("action", "input".into()),
        ("programme_id", programme.clone()),
        ("record_number", number.clone()),
        ("season", "2026".into()),
        ("input", "seed".into()),
        ("description", "mil".into()),
        ("quantity", "0".into()),
        ("unit", "g".into()),
        ("received_on", "10/06/2026".into()),
    ];
    let r = ui.post(app.url("/relief/farming")).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM farm_seasons"), 2, "no season opened for a refused input");
    let mut form = form.to_vec();
    form[7] = ("quantity", "3".into());
    form[8] = ("unit", "piece".into());
    let r = ui.post(app.url("/relief/farming")).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM farm_inputs"), 2);
}
