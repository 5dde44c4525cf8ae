//! Relief registration through the real server (issue 15): requirement 18
//! (P-codes in their edition), 20 (protection defaults) and item 2 (the
//! duplicate check at the desk, the supervisor's queue, reversible and
//! audited decisions, nothing merged).

use crate::helpers::{TestApp, csrf_of, spawn_app, ui_client};
use reqwest::Method;
use serde_json::{Value, json};

pub fn mopti_programme(app: &TestApp) -> String {
    app.store
        .inspect("SELECT id FROM programmes WHERE kind = 'emergency_relief' AND location_id = ?1", &[&app.sites["MOP"]])
        .expect("read")
        .remove(0)
}

fn one(app: &TestApp, sql: &str, id: &str) -> String {
    app.store.inspect(sql, &[id]).expect("read").into_iter().next().unwrap_or_default()
}

/// A family of five as a relief officer types it.
pub fn family(app: &TestApp, site: &str, spelling: [&str; 2]) -> Value {
    json!({
        "programme_id": mopti_programme(app),
        "location_id": app.sites[site],
        "arrival_date": "2026-06-14",
        "status": "idp",
        "reason": "insecurity",
        "admin1_pcode": "ML05",
        "admin_pcode": "ML0506",
        "origin_pcode": "ML0501",
        "pcode_edition": "pre2023",
        "script_read": true,
        "lawful_basis": "vital_interest",
        "sharing_consent": false,
        "household_flags": [],
        "head": {"given_name": spelling[0], "family_name": spelling[1], "sex": "F", "birth_date": "1988-04-02",
                 "phone": "+223 76 41 22 90", "flags": ["pregnant_or_breastfeeding"]},
        "members": [
            {"given_name": "Hamadoun", "family_name": spelling[1], "sex": "M", "birth_date": "2012-09-20",
             "relationship": "child", "wgss": ["none", "none", "a_lot", "none", "none", "none"]},
            {"given_name": "Aïssata", "family_name": spelling[1], "sex": "F", "birth_date": "2015-01-11",
             "relationship": "child"},
            {"given_name": "Boubacar", "family_name": spelling[1], "sex": "M", "age_years": 6,
             "relationship": "child"},
            {"given_name": "Kadidia", "family_name": spelling[1], "sex": "F", "age_years": 2,
             "relationship": "child"}
        ]
    })
}

pub async fn register(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.send(Method::POST, token, "/api/v1/relief/registrations", body).await
}

async fn refused(app: &TestApp, token: &str, body: &Value) -> Vec<(String, String)> {
    let r = register(app, token, body).await;
    assert_eq!(r.status(), 422, "{body}");
    let v: Value = r.json().await.expect("json");
    v["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| (f["field"].as_str().unwrap_or("").to_owned(), f["problem"].as_str().unwrap_or("").to_owned()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_family_of_five_is_registered_whole_in_one_change() {
    let app = spawn_app().await;
    let token = app.token("relief.mopti").await;
    let r = register(&app, &token, &family(&app, "MOP-SEV", ["Fatoumata", "Guindo"])).await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.expect("json");
    let household = v["household_id"].as_str().expect("household").to_owned();
    assert_eq!(v["people"].as_array().map(Vec::len), Some(5));
    assert_eq!(v["possible_duplicates"], json!([]), "the first registration has nobody to be");
    assert_eq!(one(&app, "SELECT location_id FROM households WHERE id = ?1", &household), app.sites["MOP-SEV"]);
    assert_eq!(one(&app, "SELECT COUNT(*) FROM household_members WHERE household_id = ?1", &household), "5");
    assert_eq!(one(&app, "SELECT COUNT(*) FROM member_needs WHERE household_id = ?1", &household), "5");
    assert_eq!(one(&app, "SELECT card_serial FROM displacements WHERE household_id = ?1", &household), "1");
    // Age 6 and 2: an estimated birth date; the WG answer "a lot" is the cut-off.
    assert_eq!(
        one(&app, "SELECT COUNT(*) FROM member_needs WHERE household_id = ?1 AND disability = 1", &household),
        "1"
    );
    let precisions = app
        .store
        .inspect(
            "SELECT p.birth_date_precision FROM people p JOIN household_members m ON m.person_id = p.id
              WHERE m.household_id = ?1 ORDER BY p.birth_date_precision",
            &[&household],
        )
        .expect("read");
    assert_eq!(precisions, ["estimated", "estimated", "exact", "exact", "exact"]);
    // The household's relief page reads it back, and the view is audited.
    let ui = ui_client(&app, "relief.mopti").await;
    let html = app.html(&ui, &format!("/relief/households/{household}")).await;
    assert!(html.contains("Hamadoun") && html.contains("ML0506"), "{html}");
    assert_ne!(
        one(&app, "SELECT COUNT(*) FROM audit_touches WHERE record_id = ?1", v["people"][0].as_str().unwrap_or("")),
        "0"
    );
    // Out of scope is not found.
    let kita = ui_client(&app, "director.kita").await;
    let r = kita.get(app.url(&format!("/relief/households/{household}"))).send().await.expect("get");
    assert_eq!(r.status(), 404);
}

/// The form as a relief officer fills it, keyboard only: rows of people.
pub fn typed(app: &TestApp, csrf: &str, site: &str, given: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = [
        ("csrf", csrf),
        ("programme_id", &mopti_programme(app)),
        ("location_id", &app.sites[site]),
        ("status", "idp"),
        ("arrival_date", "2026-06-14"),
        ("reason", "conflict"),
        ("admin1_pcode", "ML05"),
        ("admin_pcode", "ML0506"),
        ("pcode_edition", "pre2023"),
        ("lawful_basis", "vital_interest"),
        ("script_read", "1"),
        ("p0_given_name", given),
        ("p0_family_name", "Guindo"),
        ("p0_sex", "F"),
        ("p0_birth", "1988-04-02"),
        ("p0_phone", "+223 76 41 22 90"),
        ("p1_given_name", "Hamadoun"),
        ("p1_family_name", "Guindo"),
        ("p1_sex", "M"),
        ("p1_birth", "2012-09-20"),
        ("p1_relationship", "child"),
        ("p1_wg_walking", "a_lot"),
        ("p2_given_name", "Aïssata"),
        ("p2_family_name", "Guindo"),
        ("p2_sex", "F"),
        ("p2_birth", "2015"),
        ("p2_relationship", "child"),
        ("p3_given_name", "Boubacar"),
        ("p3_family_name", "Guindo"),
        ("p3_sex", "M"),
        ("p3_birth", "6"),
        ("p3_relationship", "child"),
        ("p4_given_name", "Kadidia"),
        ("p4_family_name", "Guindo"),
        ("p4_sex", "F"),
        ("p4_birth", "2"),
        ("p4_relationship", "child"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    f.push(("p0_flags".into(), "pregnant_or_breastfeeding".into()));
    f
}

#[tokio::test(flavor = "multi_thread")]
async fn the_form_warns_before_saving_and_opens_the_existing_household() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "relief.mopti").await;
    let html = app.html(&ui, "/").await;
    assert!(html.contains("/relief/registrations/new"), "a link from the officer's home");
    let form = app.html(&ui, "/relief/registrations/new").await;
    assert!(form.contains("name=\"p0_given_name\"") && !form.contains("<script"), "no script needed");
    let csrf = csrf_of(&form);
    // Refused: no script read, a year of birth in the future; each field named.
    let mut bad = typed(&app, &csrf, "MOP-SEV", "Fatoumata");
    bad.retain(|(k, _)| k != "script_read");
    bad.push(("p2_wg_seeing".into(), "some".into()));
    bad.retain(|(k, v)| !(k == "p4_birth" && v == "2"));
    bad.push(("p4_birth".into(), "2099".into()));
    let r = ui.post(app.url("/relief/registrations")).form(&bad).send().await.expect("post");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("href=\"#script_read\"") && html.contains("href=\"#p4_birth\""), "{html}");
    assert_eq!(app.count("SELECT COUNT(*) FROM displacements"), 0, "nothing written");
    // Saved at Sévaré.
    let r = ui.post(app.url("/relief/registrations")).form(&typed(&app, &csrf, "MOP-SEV", "Fatoumata")).send().await;
    let r = r.expect("post");
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().expect("location").to_owned();
    let first = to.trim_start_matches("/relief/households/").split('?').next().unwrap_or("").to_owned();
    let page = app.html(&ui, &to).await;
    assert!(page.contains("Kadidia") && page.contains("Handicap"), "{page}");
    // The mother comes again at Barbé, her name spelt another way: the
    // form shows the household she is likely in, with a link to open it,
    // and saves nothing.
    let again = typed(&app, &csrf, "MOP-BAR", "Fatoumata");
    let r = ui.post(app.url("/relief/registrations")).form(&again).send().await.expect("post");
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
    assert!(html.contains(&format!("href=\"/relief/households/{first}\"")), "{html}");
    assert!(html.contains("value=\"anyway\""), "register anyway is offered");
    assert_eq!(app.count("SELECT COUNT(*) FROM displacements"), 1, "not saved before the officer decides");
    // Register anyway: saved, and the pairs wait for the supervisor.
    let mut anyway = again.clone();
    anyway.push(("confirm".into(), "anyway".into()));
    let r = ui.post(app.url("/relief/registrations")).form(&anyway).send().await.expect("post");
    assert_eq!(r.status(), 303);
    assert!(app.count("SELECT COUNT(*) FROM duplicate_pairs") >= 5, "the whole household's pairs kept");
    let sup = ui_client(&app, "supervisor.mopti").await;
    let queue = app.html(&sup, &format!("/relief/programmes/{}/duplicates", mopti_programme(&app))).await;
    assert!(queue.contains("Hamadoun") && queue.contains("/relief/duplicates/"), "{queue}");
    let officer_queue = ui.get(app.url(&format!("/relief/programmes/{}/duplicates", mopti_programme(&app)))).send();
    assert_eq!(officer_queue.await.expect("get").status(), 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn requirement_18_p_codes_are_read_in_their_edition() {
    let app = spawn_app().await;
    let token = app.token("relief.mopti").await;
    let ok = register(&app, &token, &family(&app, "MOP-SEV", ["Awa", "Dicko"])).await;
    assert_eq!(ok.status(), 201);
    let household = ok.json::<Value>().await.expect("json")["household_id"].as_str().expect("id").to_owned();
    assert_eq!(
        one(&app, "SELECT admin_pcode || ' ' || pcode_edition FROM displacements WHERE household_id = ?1", &household),
        "ML0506 pre2023"
    );
    let count = || app.count("SELECT COUNT(*) FROM households");
    let before = count();
    let with = |changes: &[(&str, Value)]| {
        let mut body = family(&app, "MOP-SEV", ["Oumou", "Touré"]);
        for (k, v) in changes {
            body[*k] = v.clone();
        }
        body
    };
    type Case<'a> = (&'a [(&'a str, Value)], (&'a str, &'a str));
    let cases: [Case; 4] = [
        (
            &[("admin1_pcode", json!("")), ("admin_pcode", json!("ML09")), ("pcode_edition", json!(""))],
            ("pcode_edition", "required"),
        ),
        (&[("admin1_pcode", json!("ML05")), ("admin_pcode", json!("ML0103"))], ("admin_pcode", "not_allowed")),
        (&[("admin1_pcode", json!("")), ("admin_pcode", json!("ML-5"))], ("admin_pcode", "malformed")),
        (&[("origin_pcode", json!("ML0599"))], ("origin_pcode", "unknown")),
    ];
    for (changes, expected) in cases {
        let fields = refused(&app, &token, &with(changes)).await;
        assert!(fields.contains(&(expected.0.to_owned(), expected.1.to_owned())), "{changes:?}: {fields:?}");
    }
    // ML09 with its edition is Bamako before 2023: accepted (the code is
    // kept with its edition, whatever the site).
    let ok = register(&app, &token, &with(&[("admin1_pcode", json!("")), ("admin_pcode", json!("ML09"))])).await;
    assert_eq!(ok.status(), 201);
    assert_eq!(count(), before + 1, "only the valid registration was written");
}

#[tokio::test(flavor = "multi_thread")]
async fn requirement_20_protection_defaults() {
    let app = spawn_app().await;
    let token = app.token("relief.mopti").await;
    let count = || app.count("SELECT COUNT(*) FROM people");
    let before = count();
    let mut body = family(&app, "MOP-BAR", ["Mariam", "Cissé"]);
    body["script_read"] = json!(false);
    body["lawful_basis"] = json!("consent");
    let fields = refused(&app, &token, &body).await;
    assert!(fields.contains(&("script_read".into(), "required".into())), "{fields:?}");
    assert!(fields.contains(&("lawful_basis".into(), "not_allowed".into())), "consent is no basis: {fields:?}");
    let mut body = family(&app, "MOP-BAR", ["Mariam", "Cissé"]);
    body["ethnie"] = json!("x");
    body["head"]["religion"] = json!("x");
    body["members"][1]["statut_VIH"] = json!("x");
    body["members"][2]["groupe_armé"] = json!("x");
    body["members"][3]["shoe_size"] = json!(40);
    let fields = refused(&app, &token, &body).await;
    for (field, problem) in [
        ("ethnie", "forbidden"),
        ("head.religion", "forbidden"),
        ("members[1].statut_VIH", "forbidden"),
        ("members[2].groupe_armé", "forbidden"),
        ("members[3].shoe_size", "unknown_field"),
    ] {
        assert!(fields.contains(&(field.into(), problem.into())), "{field}: {fields:?}");
    }
    // WG-SS is for members aged 5 and over.
    let mut body = family(&app, "MOP-BAR", ["Mariam", "Cissé"]);
    body["members"][3]["wgss"] = json!(["none", "none", "none", "none", "none", "cannot"]);
    assert_eq!(refused(&app, &token, &body).await, [("members[3].wgss".to_owned(), "not_allowed".to_owned())]);
    assert_eq!(count(), before, "nothing refused was written");
    // Sharing consent is optional and gates nothing.
    let body = family(&app, "MOP-BAR", ["Mariam", "Cissé"]);
    assert_eq!(body["sharing_consent"], json!(false));
    assert_eq!(register(&app, &token, &body).await.status(), 201);
    // Roles that do not distribute relief do not register.
    let nurse = app.token("nurse.kita").await;
    assert_eq!(register(&app, &nurse, &family(&app, "MOP-BAR", ["A", "B"])).await.status(), 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn item_2_a_family_registered_again_is_shown_reviewed_and_never_merged() {
    let app = spawn_app().await;
    let officer = app.token("relief.mopti").await;
    let supervisor = app.token("supervisor.mopti").await;
    let programme = mopti_programme(&app);
    // Some other families first, so the population is not one household.
    for (i, (given, family_name)) in
        [("Awa", "Traoré"), ("Moussa", "Diarra"), ("Aminata", "Keïta"), ("Oumar", "Sangaré")].iter().enumerate()
    {
        let mut body = family(&app, "MOP-SEV", [given, family_name]);
        body["head"]["birth_date"] = json!(format!("19{}-0{}-1{}", 70 + i * 5, 1 + i, i));
        body["head"]["phone"] = json!(format!("+223 66 0{i} 11 22"));
        assert_eq!(register(&app, &officer, &body).await.status(), 201);
    }
    let first = register(&app, &officer, &family(&app, "MOP-SEV", ["Fatoumata", "Guindo"])).await;
    let first: Value = first.json().await.expect("json");
    let first_household = first["household_id"].as_str().expect("id").to_owned();
    // The same family at the other site, names spelt another way.
    let again = register(&app, &officer, &family(&app, "MOP-BAR", ["Fatoumata", "Guindo"])).await;
    assert_eq!(again.status(), 201, "registered anyway: the API keeps both, a supervisor decides");
    let again: Value = again.json().await.expect("json");
    let found = again["possible_duplicates"].as_array().expect("list");
    let hit = found.iter().find(|d| d["household_id"] == json!(first_household)).expect("the first household");
    assert_eq!(hit["band"], "likely", "{hit}");
    assert_eq!(hit["evidence"]["same_household"], true, "recognised as a household: {hit}");
    assert!(hit["evidence"]["members_matched"].as_u64().unwrap_or(0) >= 4, "{hit}");
    let text = hit.to_string();
    assert!(!text.contains("Guindo") && !text.contains("1988"), "evidence names levels, never values");
    // The queue: the supervisor sees the pairs; an officer may not.
    assert_eq!(app.get(&officer, &format!("/api/v1/relief/programmes/{programme}/duplicates")).await.status(), 403);
    let queue: Value = app
        .get(&supervisor, &format!("/api/v1/relief/programmes/{programme}/duplicates?open=true"))
        .await
        .json()
        .await
        .expect("json");
    let pairs = queue["items"].as_array().expect("items");
    let head_pair = pairs
        .iter()
        .find(|p| p["other_household_id"] == json!(first_household) && p["other_person_id"] == first["people"][0])
        .expect("the head's pair");
    assert!(pairs.iter().all(|p| p["decision"].is_null()));
    let pair = head_pair["id"].as_str().expect("id").to_owned();
    let decide = |decision: &'static str| {
        let (app, supervisor, pair) = (&app, supervisor.clone(), pair.clone());
        async move {
            app.send(
                Method::POST,
                &supervisor,
                &format!("/api/v1/relief/duplicates/{pair}/decisions"),
                &json!({"decision": decision}),
            )
            .await
            .status()
        }
    };
    assert_eq!(decide("merge").await, 422);
    assert_eq!(decide("same_household").await, 201);
    let open = |app: &TestApp| {
        app.store
            .inspect(
                "SELECT COUNT(*) FROM duplicate_pairs x WHERE x.id = ?1 AND NOT EXISTS (
                   SELECT 1 FROM duplicate_decisions d WHERE d.pair_id = x.id AND d.decision <> 'undone'
                      AND d.created_at = (SELECT MAX(created_at) FROM duplicate_decisions e WHERE e.pair_id = x.id))",
                &[&pair],
            )
            .expect("read")
            .remove(0)
    };
    assert_eq!(open(&app), "0");
    let still: Value = app
        .get(&supervisor, &format!("/api/v1/relief/programmes/{programme}/duplicates?open=true"))
        .await
        .json()
        .await
        .expect("json");
    assert!(still["items"].as_array().expect("items").iter().all(|p| p["id"] != json!(pair)), "decided");
    // Reversible: undone, it is open again; the trail keeps both.
    assert_eq!(decide("undone").await, 201);
    let reopened: Value = app
        .get(&supervisor, &format!("/api/v1/relief/programmes/{programme}/duplicates?open=true"))
        .await
        .json()
        .await
        .expect("json");
    assert!(reopened["items"].as_array().expect("items").iter().any(|p| p["id"] == json!(pair)), "open again");
    assert_eq!(one(&app, "SELECT COUNT(*) FROM duplicate_decisions WHERE pair_id = ?1", &pair), "2");
    assert_eq!(
        one(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'duplicate_decision' AND record_id IN (SELECT id FROM duplicate_decisions WHERE pair_id = ?1)",
            &pair
        ),
        "2",
        "each decision audited"
    );
    // Nothing merged: both households and all ten people are there.
    let second = again["household_id"].as_str().expect("id");
    for h in [first_household.as_str(), second] {
        assert_eq!(one(&app, "SELECT COUNT(*) FROM household_members WHERE household_id = ?1", h), "5");
    }
    // An officer may not decide.
    let r = app
        .send(
            Method::POST,
            &officer,
            &format!("/api/v1/relief/duplicates/{pair}/decisions"),
            &json!({"decision": "different"}),
        )
        .await;
    assert_eq!(r.status(), 403);
}

/// A `multipart/form-data` body as a browser sends the import form.
pub fn multipart(fields: &[(&str, &str, &str)]) -> (String, Vec<u8>) {
    let fields: Vec<(&str, &str, &[u8])> = fields.iter().map(|(n, f, c)| (*n, *f, c.as_bytes())).collect();
    multipart_bytes(&fields)
}

pub fn multipart_bytes(fields: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----duguTestBoundary7MA4YWxk";
    let mut body = Vec::new();
    for (name, filename, content) in fields {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").bytes());
        if !filename.is_empty() {
            body.extend(format!("; filename=\"{filename}\"\r\nContent-Type: text/csv").bytes());
        }
        body.extend(b"\r\n\r\n");
        body.extend_from_slice(content);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub fn example(file: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/relief/kobo").join(file);
    std::fs::read_to_string(path).expect("the example export ships in the repository")
}

#[tokio::test(flavor = "multi_thread")]
async fn requirement_19_the_example_kobo_export_imports_once_all_or_nothing() {
    let app = spawn_app().await;
    let programme = mopti_programme(&app);
    let ui = ui_client(&app, "supervisor.mopti").await;
    let page = format!("/relief/programmes/{programme}/kobo");
    let html = app.html(&ui, &page).await;
    let csrf = csrf_of(&html);
    let site = app.sites["MOP-SEV"].clone();
    let send = |households: String, roster: String| {
        let (ui, url, csrf, site) = (ui.clone(), app.url(&page), csrf.clone(), site.clone());
        async move {
            let (kind, body) = multipart(&[
                ("csrf", "", &csrf),
                ("site", "", &site),
                ("households", "export-menages.csv", &households),
                ("roster", "export-membres.csv", &roster),
            ]);
            let r = ui.post(url).header("content-type", kind).body(body).send().await.expect("post");
            (r.status(), r.text().await.expect("html"))
        }
    };
    let households = || app.count("SELECT COUNT(*) FROM displacements WHERE kobo_uuid IS NOT NULL");
    // A row refused (a member aged in words, an ISO code): nothing is
    // imported, each problem said by line and column, in French.
    let bad = example("export-menages.csv").replace(";ML0503;ML0503;", ";ML-5;ML0503;");
    let (status, html) = send(bad, example("export-membres.csv")).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("lieu_pcode") && html.contains("\">6</td>"), "line 6 of the file, its column: {html}");
    assert_eq!(households(), 0, "all or nothing");
    // A forbidden question anywhere refuses the file.
    let forbidden = example("export-membres.csv").replacen("membres/wg_voir", "membres/ethnie", 1);
    let (status, html) = send(example("export-menages.csv"), forbidden).await;
    assert_eq!(status, 422);
    assert!(html.contains("membres/ethnie") && html.contains("question interdite"), "{html}");
    assert_eq!(households(), 0);
    // The example as shipped: three households, the not-approved one left out.
    let (status, html) = send(example("export-menages.csv"), example("export-membres.csv")).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("3 ménage(s) importé(s) (8 personnes)") && html.contains("1 non approuvé"), "{html}");
    assert_eq!(households(), 3);
    let kadiatou = one(
        &app,
        "SELECT household_id FROM displacements WHERE kobo_uuid = ?1",
        "6b1f0c9e-0001-4e2a-9a51-1d2c3b4a5f01",
    );
    assert_eq!(one(&app, "SELECT COUNT(*) FROM household_members WHERE household_id = ?1", &kadiatou), "4");
    assert_eq!(
        one(&app, "SELECT household_flags FROM displacements WHERE household_id = ?1", &kadiatou),
        "single_female_headed"
    );
    // Again: nothing new.
    let (status, html) = send(example("export-menages.csv"), example("export-membres.csv")).await;
    assert_eq!(status, 200);
    assert!(html.contains("0 ménage(s) importé(s)") && html.contains("3 déjà importé(s)"), "{html}");
    assert_eq!(households(), 3);
    // An officer does not import.
    let officer = ui_client(&app, "relief.mopti").await;
    assert_eq!(officer.get(app.url(&page)).send().await.expect("get").status(), 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_form_offers_the_known_p_codes_of_its_edition_and_still_reads_a_typed_one() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "relief.mopti").await;
    let form = app.html(&ui, "/relief/registrations/new").await;
    // Suggested as the officer types (a datalist: no script), each with
    // its French name and where it is; and listed by région to read.
    assert!(form.contains("name=\"admin1_pcode\"") && form.contains("list=\"pcode-regions\""), "{form}");
    assert!(form.contains(
        "name=\"admin_pcode\" value=\"\" size=\"10\" autocomplete=\"off\" spellcheck=\"false\" list=\"pcode-places\""
    ));
    let regions = form.split("<datalist id=\"pcode-regions\">").nth(1).and_then(|d| d.split("</datalist>").next());
    let regions = regions.expect("the régions' list");
    assert!(regions.contains("<option value=\"ML05\">Mopti (région)</option>"), "{regions}");
    assert!(!regions.contains("ML0505"), "a région field is offered régions");
    let places = form.split("<datalist id=\"pcode-places\">").nth(1).and_then(|d| d.split("</datalist>").next());
    let places = places.expect("the places' list");
    assert!(places.contains("<option value=\"ML0505\">Koro (cercle, région de Mopti)</option>"), "{places}");
    assert!(places.contains("<option value=\"ML09\">Bamako (région)</option>"), "the pre-2023 edition by default");
    let listed = form.split("<details class=\"pcodes\">").nth(1).expect("the list to read");
    assert!(listed.contains("<li>ML05 Mopti<ul><li>ML0501 Bandiagara</li>"), "grouped by région: {listed}");
    // The form sent back under the 2023 edition offers that edition's codes.
    let csrf = csrf_of(&form);
    let mut reform = typed(&app, &csrf, "MOP-SEV", "Fatoumata");
    reform.retain(|(k, _)| k != "pcode_edition" && k != "script_read");
    reform.push(("pcode_edition".into(), "2023".into()));
    let r = ui.post(app.url("/relief/registrations")).form(&reform).send().await.expect("post");
    assert_eq!(r.status(), 422);
    let again = r.text().await.expect("html");
    assert!(again.contains("<option value=\"ML09\">Taoudenni (région)</option>"), "the edition chosen");
    // A code typed by hand, as every test above does, is read as before.
    let r = ui.post(app.url("/relief/registrations")).form(&typed(&app, &csrf, "MOP-SEV", "Fatoumata")).send().await;
    assert_eq!(r.expect("post").status(), 303);
}
