//! The relief distribution desk through the real server (issue 15,
//! relief.md requirements 7–12): one hand-over per entitlement, a replay
//! changes nothing, a second hand-over is refused with the first's
//! details and audited, alternates and their limit, the assigned site,
//! and the cycle's lifecycle. The cycles lane builds entitlement
//! generation; here a cycle, households and their entitlements are
//! written directly as the foundation's kinds, by a system principal.

use crate::helpers::{TestApp, csrf_of, spawn_app, ui_client};
use dugu_domain::EntityKind;
use dugu_storage::writes::*;
use dugu_storage::{HouseholdInput, Op, PersonInput, SystemTask};
use reqwest::Method;
use serde_json::{Value, json};

pub struct Seeded {
    pub programme: String,
    pub sev: String,
    pub bar: String,
    /// The open cycle.
    pub cycle: String,
}

/// A registered household: its head, its alternate, its entitlements in
/// the open cycle (cereal, oil).
pub struct Family {
    pub household: String,
    pub head: String,
    pub cereal: String,
    pub oil: String,
}

fn day(offset: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(offset)).to_string()
}

fn system(app: &TestApp) -> dugu_storage::Principal {
    app.store.system_principal(&app.users["supervisor.mopti"], SystemTask::DemoSeeding).expect("system principal")
}

fn apply(app: &TestApp, ops: Vec<Op>) {
    let who = system(app);
    app.store.write(move |tx| tx.apply(Some(&who), ops)).expect("seeded");
}

/// A receipt of `entitlement` written by Barbé's desk while offline, three
/// minutes from now, arriving here as the sync brings it (as that desk
/// wrote it, an override reason and all); its id.
pub fn served_offline_at_barbe(app: &TestApp, s: &Seeded, f: &Family, entitlement: &str) -> String {
    let id = dugu_storage::new_id();
    let served_at = (time::OffsetDateTime::now_utc() + time::Duration::minutes(3))
        .replace_nanosecond(0)
        .expect("ns")
        .format(&time::format_description::well_known::Rfc3339)
        .expect("rfc 3339");
    let op = Op::create(
        EntityKind::Receipt,
        &id,
        vec![
            ("entitlement_id", json!(entitlement)),
            ("household_id", json!(f.household)),
            ("client_uuid", json!(dugu_storage::new_id())),
            ("collector_role", json!("head")),
            ("collector_id", json!(f.head)),
            ("site_id", json!(s.bar)),
            ("served_by", json!(app.users["supervisor.mopti"])),
            ("served_at", json!(served_at)),
            ("override_reason", json!("venue à Barbé")),
        ],
    );
    let who = system(app);
    app.store.write(move |tx| tx.apply(Some(&who), vec![op])).expect("synced");
    id
}

pub fn person(app: &TestApp, site: &str, given: &str, family: &str, born: &str) -> String {
    let input = PersonInput {
        given_name: given.into(),
        family_name: family.into(),
        sex: "F".into(),
        birth_date: born.into(),
        location_id: site.into(),
        ..Default::default()
    };
    app.store.create_person(&system(app), input).expect("person").id
}

/// A cycle of the Mopti programme from `start` to `end` days from today.
pub fn cycle(app: &TestApp, s: &Seeded, name: &str, start: i64, end: i64, status: &str) -> String {
    let id = dugu_storage::new_id();
    apply(
        app,
        vec![Op::create(
            EntityKind::ReliefCycle,
            &id,
            vec![
                ("programme_id", json!(s.programme)),
                ("name", json!(name)),
                ("start_date", json!(day(start))),
                ("end_date", json!(day(end))),
                ("status", json!(status)),
                (
                    "items",
                    json!([{"item": "cereal", "per_person": 12000, "unit": "g", "cap": 10,
                    "rounding": "none", "modality": "in_kind"}]),
                ),
                ("duration_rule", json!(null)),
                ("carry_over", json!(false)),
                ("site_ids", json!([s.sev, s.bar])),
            ],
        )],
    );
    id
}

pub fn entitlement(app: &TestApp, cycle: &str, household: &str, item: &str, quantity: i64, site: &str) -> String {
    let id = dugu_storage::new_id();
    apply(
        app,
        vec![Op::create(
            EntityKind::Entitlement,
            &id,
            vec![
                ("cycle_id", json!(cycle)),
                ("household_id", json!(household)),
                ("item", json!(item)),
                ("quantity", json!(quantity)),
                ("unit", json!(if item == "oil" { "ml" } else { "g" })),
                ("modality", json!("in_kind")),
                ("inputs", json!({"size": 7, "used": 7})),
                ("status", json!("approved")),
                ("site_id", json!(site)),
                ("carried_from", json!(null)),
            ],
        )],
    );
    id
}

/// A household of the programme living at `site`, with its alternates.
pub fn family(app: &TestApp, s: &Seeded, site: &str, name: &str, alternates: &[&str]) -> Family {
    let head = person(app, site, "Aminata", name, "1985-04-02");
    let input = HouseholdInput {
        name: format!("Famille {name}"),
        location_id: site.into(),
        members: vec![(head.clone(), "head".into())],
    };
    let household = app.store.create_household(&system(app), input).expect("household").id;
    apply(
        app,
        vec![Op::create(
            EntityKind::Displacement,
            &dugu_storage::new_id(),
            vec![
                ("household_id", json!(household)),
                ("programme_id", json!(s.programme)),
                ("status", json!("idp")),
                ("arrival_date", json!("2026-01-10")),
                ("reason", json!("conflict")),
                ("host_family", json!(false)),
                ("admin_pcode", json!("ML0506")),
                ("origin_pcode", json!(null)),
                ("pcode_edition", json!("pre2023")),
                ("script_read", json!(true)),
                ("lawful_basis", json!("vital_interest")),
                ("sharing_consent", json!(false)),
                ("household_flags", json!([])),
                ("alternate_ids", json!(alternates)),
                ("card_serial", json!(1)),
                ("card_replaced_on", json!(null)),
                ("kobo_uuid", json!(null)),
                ("registered_on", json!("2026-01-10")),
                ("struck_out", json!(null)),
            ],
        )],
    );
    let cereal = entitlement(app, &s.cycle, &household, "cereal", 84_000, site);
    let oil = entitlement(app, &s.cycle, &household, "oil", 5_250, site);
    Family { household, head, cereal, oil }
}

pub fn seed(app: &TestApp) -> Seeded {
    let programme = app
        .store
        .inspect("SELECT p.id FROM programmes p JOIN locations l ON l.id = p.location_id WHERE l.code = 'MOP'", &[])
        .expect("programme")
        .remove(0);
    let mut s = Seeded {
        programme,
        sev: app.sites["MOP-SEV"].clone(),
        bar: app.sites["MOP-BAR"].clone(),
        cycle: String::new(),
    };
    s.cycle = cycle(app, &s, "Cycle 3", -5, 25, "approved");
    s
}

async fn receipt(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let r = app.send(Method::POST, token, "/api/v1/relief/receipts", &body).await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn uuid() -> String {
    dugu_storage::new_id()
}

fn receipts_of(app: &TestApp, entitlement: &str) -> usize {
    app.store.inspect("SELECT id FROM receipts WHERE entitlement_id = ?1", &[entitlement]).expect("receipts").len()
}

#[tokio::test]
async fn requirements_7_and_8_one_hand_over_a_replay_is_a_no_op_a_second_is_refused_with_the_first() {
    let app = spawn_app().await;
    let s = seed(&app);
    let f = family(&app, &s, &s.sev, "Traoré", &[]);
    let officer = app.token("relief.mopti").await;
    let first_uuid = uuid();
    let body = json!({"entitlement_id": f.cereal, "collector": "head", "client_uuid": first_uuid});
    let (status, made) = receipt(&app, &officer, body.clone()).await;
    assert_eq!(status, 201, "{made}");
    let id = made["id"].as_str().expect("id").to_string();
    assert_eq!(made["number"], json!("MOP-SEV-R000001"), "the site's code and its first receipt");
    let ops_before = app.count("SELECT COUNT(*) FROM ops");

    // Requirement 8: the same receipt again (a dropped 2G link) is the
    // same receipt, and nothing is written.
    let (status, again) = receipt(&app, &officer, body).await;
    assert_eq!((status, again["id"].as_str()), (200, Some(id.as_str())));
    assert_eq!(again["number"], made["number"], "a replay is the same receipt, same number");
    assert_eq!(receipts_of(&app, &f.cereal), 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM ops"), ops_before, "a replay writes no op");

    // Requirement 7: another hand-over of the same entitlement is refused
    // with when, where, who and to which collector the first was.
    let supervisor = app.token("supervisor.mopti").await;
    let refused_before =
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'refused' AND record_type = 'entitlement'");
    let (status, conflict) =
        receipt(&app, &supervisor, json!({"entitlement_id": f.cereal, "collector": f.head, "client_uuid": uuid()}))
            .await;
    assert_eq!(status, 409, "{conflict}");
    let first = &conflict["first"];
    assert_eq!(first["id"], json!(id));
    assert_eq!(first["site"], json!("Site de déplacés de Sévaré"));
    assert_eq!(first["user"], json!("Test relief.mopti"));
    assert_eq!(first["collector"], json!("head"));
    assert_eq!(first["number"], json!("MOP-SEV-R000001"));
    let at = first["at"].as_str().expect("at");
    assert!(time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).is_ok(), "{at}");
    assert!(at.ends_with('Z'), "UTC: {at}");
    assert_eq!(receipts_of(&app, &f.cereal), 1, "no second receipt");
    // The refused attempt is itself in the audit trail, naming the
    // entitlement and who tried.
    let refused = app.store.inspect(
        "SELECT username FROM audit_log WHERE action = 'refused' AND record_type = 'entitlement' AND record_id = ?1",
        &[f.cereal.as_str()],
    );
    assert_eq!(refused.expect("audit"), vec!["supervisor.mopti".to_string()]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'refused' AND record_type = 'entitlement'"),
        refused_before + 1
    );

    // The other item of the same household and cycle is its own
    // entitlement: served once too.
    let (status, _) =
        receipt(&app, &officer, json!({"entitlement_id": f.oil, "collector": "head", "client_uuid": uuid()})).await;
    assert_eq!(status, 201);
    // A client UUID already used for another entitlement is not a replay.
    let (status, taken) =
        receipt(&app, &officer, json!({"entitlement_id": f.oil, "collector": "head", "client_uuid": first_uuid})).await;
    assert_eq!(status, 422, "{taken}");
    assert!(taken.to_string().contains("client_uuid"), "{taken}");
}

#[tokio::test]
async fn requirement_7_the_desk_page_serves_once_then_shows_the_first_receipt() {
    let app = spawn_app().await;
    let s = seed(&app);
    let f = family(&app, &s, &s.sev, "Coulibaly", &[]);
    let ui = ui_client(&app, "relief.mopti").await;
    // Found by name: one household, shown at once.
    let page = app.html(&ui, "/relief/desk?q=Coulibaly").await;
    assert!(page.contains("Famille Coulibaly"), "{page}");
    assert!(page.contains("84"), "the quantity: {page}");
    // The camera is an optional script; the form works without it.
    assert!(page.contains("<script src=\"/static/relief-desk.js\" defer>"), "{page}");
    let script = ui.get(app.url("/static/relief-desk.js")).send().await.expect("script");
    assert_eq!(script.headers()["content-type"], "text/javascript; charset=utf-8");
    assert!(script.text().await.expect("js").contains("BarcodeDetector"));
    let form = |page: &str, client_uuid: &str| {
        vec![
            ("csrf", csrf_of(page)),
            ("household", f.household.clone()),
            ("entitlement_id", f.cereal.clone()),
            ("collector", f.head.clone()),
            ("client_uuid", client_uuid.to_string()),
            ("override_reason", String::new()),
        ]
    };
    let r = ui.post(app.url("/relief/desk/serve")).form(&form(&page, &uuid())).send().await.expect("serve");
    assert_eq!(r.status(), 200);
    let served = r.text().await.expect("html");
    assert!(served.contains("Reçu n° MOP-SEV-R000001."), "a number read over the phone: {served}");
    assert!(served.contains("déjà servi le"), "the line now reads as served: {served}");
    // A second desk, another hand-over of the same entitlement: refused,
    // with the first's details, and nothing written.
    let other = ui_client(&app, "supervisor.mopti").await;
    let page = app.html(&other, &format!("/relief/desk?household={}", f.household)).await;
    let r = other.post(app.url("/relief/desk/serve")).form(&form(&page, &uuid())).send().await.expect("serve");
    let refused = r.text().await.expect("html");
    assert!(refused.contains("role=\"alert\""), "{refused}");
    assert!(
        refused.contains(
            "à Site de déplacés de Sévaré par Test relief.mopti, collecteur : chef de ménage, reçu n° MOP-SEV-R000001"
        ),
        "{refused}"
    );
    assert_eq!(receipts_of(&app, &f.cereal), 1);
}

#[tokio::test]
async fn requirement_10_alternates_and_one_other_household_per_cycle() {
    let app = spawn_app().await;
    let s = seed(&app);
    let neighbour = person(&app, &s.sev, "Fatoumata", "Diallo", "1979-09-12");
    let minor = person(&app, &s.sev, "Kadia", "Diallo", &day(-16 * 365));
    let a = family(&app, &s, &s.sev, "Sangaré", &[&neighbour, &minor]);
    let b = family(&app, &s, &s.sev, "Maïga", &[&neighbour]);
    let c = family(&app, &s, &s.sev, "Touré", &[]);
    let officer = app.token("relief.mopti").await;
    let supervisor = app.token("supervisor.mopti").await;
    let serve = |e: &str, collector: &str| json!({"entitlement_id": e, "collector": collector, "client_uuid": uuid()});

    // Not an alternate of this household, and a minor alternate: refused.
    let (status, body) = receipt(&app, &officer, serve(&c.cereal, &neighbour)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("collector"), "{body}");
    let (status, body) = receipt(&app, &officer, serve(&a.cereal, &minor)).await;
    assert_eq!(status, 422, "an alternate must be an adult: {body}");
    // The neighbour collects for A, as its alternate: the receipt says so.
    let (status, made) = receipt(&app, &officer, serve(&a.cereal, &neighbour)).await;
    assert_eq!(status, 201, "{made}");
    let kept = app
        .store
        .inspect(
            "SELECT collector_role || ' ' || collector_id FROM receipts WHERE id = ?1",
            &[made["id"].as_str().expect("id")],
        )
        .expect("receipt");
    assert_eq!(kept, vec![format!("alternate {neighbour}")]);
    // Another item of A is the same household: still allowed.
    assert_eq!(receipt(&app, &officer, serve(&a.oil, &neighbour)).await.0, 201);
    // A second household (B) in the same cycle needs a supervisor's
    // override with its reason.
    let (status, body) = receipt(&app, &officer, serve(&b.cereal, &neighbour)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("override_reason"), "{body}");
    let mut with_reason = serve(&b.cereal, &neighbour);
    with_reason["override_reason"] = json!("La cheffe de ménage est alitée");
    let (status, body) = receipt(&app, &officer, with_reason.clone()).await;
    assert_eq!(status, 422, "an officer may not override: {body}");
    assert_eq!(receipts_of(&app, &b.cereal), 0);
    let (status, body) = receipt(&app, &supervisor, with_reason).await;
    assert_eq!(status, 201, "{body}");
    let reason = app
        .store
        .inspect("SELECT override_reason FROM receipts WHERE entitlement_id = ?1", &[b.cereal.as_str()])
        .expect("receipt");
    assert_eq!(reason, vec!["La cheffe de ménage est alitée".to_string()]);
}

#[tokio::test]
async fn requirement_9_a_household_is_served_at_its_site_another_only_with_a_reason() {
    let app = spawn_app().await;
    let s = seed(&app);
    let f = family(&app, &s, &s.sev, "Keïta", &[]);
    let officer = app.token("relief.mopti").await;
    let mut body = json!({"entitlement_id": f.cereal, "collector": "head", "client_uuid": uuid(), "site_id": s.bar});
    let (status, refused) = receipt(&app, &officer, body.clone()).await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused.to_string().contains("override_reason"), "{refused}");
    assert_eq!(receipts_of(&app, &f.cereal), 0, "nothing written");
    body["override_reason"] = json!("Le ménage a déménagé à Barbé");
    let (status, _) = receipt(&app, &officer, body).await;
    assert_eq!(status, 201);
    let kept =
        app.store.inspect("SELECT site_id FROM receipts WHERE entitlement_id = ?1", &[f.cereal.as_str()]).expect("r");
    assert_eq!(kept, vec![s.bar.clone()]);
    // A site nobody here may serve from (Kita, out of scope) is unknown.
    let kita = app.sites["KIT"].clone();
    let (status, body) = receipt(
        &app,
        &officer,
        json!({"entitlement_id": f.oil, "collector": "head", "client_uuid": uuid(), "site_id": kita,
               "override_reason": "essai"}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("site_id"), "{body}");
}

#[tokio::test]
async fn requirement_12_only_an_approved_entitlement_of_an_open_cycle_on_a_day_inside_it() {
    let app = spawn_app().await;
    let s = seed(&app);
    let f = family(&app, &s, &s.sev, "Dembélé", &[]);
    let officer = app.token("relief.mopti").await;
    for (name, start, end, status) in
        [("Fermé", -40, -10, "closed"), ("Plus tard", 5, 30, "approved"), ("Brouillon", -5, 25, "draft")]
    {
        let cycle = cycle(&app, &s, name, start, end, status);
        let e = entitlement(&app, &cycle, &f.household, "cereal", 84_000, &s.sev);
        let (code, body) =
            receipt(&app, &officer, json!({"entitlement_id": e, "collector": "head", "client_uuid": uuid()})).await;
        assert_eq!(code, 422, "{name}: {body}");
        assert!(body.to_string().contains("entitlement_id"), "{name}: {body}");
        assert_eq!(receipts_of(&app, &e), 0, "{name}");
    }
}

#[tokio::test]
async fn the_desk_keeps_to_scope_roles_and_well_formed_input() {
    let app = spawn_app().await;
    let s = seed(&app);
    let f = family(&app, &s, &s.sev, "Cissé", &[]);
    let body = json!({"entitlement_id": f.cereal, "collector": "head", "client_uuid": uuid()});
    // Out of scope (a social worker at Socoura) is not found; a reader
    // who does not distribute (the national director) is forbidden.
    let social = app.token("social.socoura").await;
    assert_eq!(receipt(&app, &social, body.clone()).await.0, 404);
    let national = app.token("director.national").await;
    assert_eq!(receipt(&app, &national, body.clone()).await.0, 403);
    let officer = app.token("relief.mopti").await;
    let (status, bad) = receipt(
        &app,
        &officer,
        json!({"entitlement_id": f.cereal, "collector": "head",
        "client_uuid": "not-a-uuid"}),
    )
    .await;
    assert_eq!(status, 422, "{bad}");
    assert!(bad.to_string().contains("client_uuid"), "{bad}");
    let (status, _) = receipt(
        &app,
        &officer,
        json!({"entitlement_id": f.cereal, "collector": "head",
        "client_uuid": uuid(), "ethnie": "x"}),
    )
    .await;
    assert_eq!(status, 422, "an unknown field");
    let (status, _) =
        receipt(&app, &officer, json!({"entitlement_id": "nope", "collector": "head", "client_uuid": uuid()})).await;
    assert_eq!(status, 404);
    assert_eq!(receipts_of(&app, &f.cereal), 0);
    // The desk's read of the household: relief staff only, audited.
    let r = app.get(&officer, &format!("/api/v1/relief/desk/households/{}", f.household)).await;
    assert_eq!(r.status(), 200);
    let desk: Value = r.json().await.expect("json");
    assert_eq!(desk["household"]["entitlements"].as_array().map(Vec::len), Some(2), "{desk}");
    let nurse = app.token("nurse.kita").await;
    assert_eq!(app.get(&nurse, &format!("/api/v1/relief/desk/households/{}", f.household)).await.status(), 404);
    assert_eq!(app.get(&national, &format!("/api/v1/relief/desk/households/{}", f.household)).await.status(), 200);
}
