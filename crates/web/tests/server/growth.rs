//! Growth monitoring through the real server: recording a measurement
//! (the contract route), its z-scores and classification, the nutrition
//! list of a location, who may do what, and bad input.

use crate::helpers::{TestApp, csrf_of, spawn_app, ui_client};
use reqwest::Method;
use serde_json::{Value, json};
use std::io::Write as _;

/// A girl of 18 months at Kita, registered by Kita's director.
pub(crate) async fn toddler(app: &TestApp) -> String {
    let token = app.token("director.kita").await;
    let born = time::OffsetDateTime::now_utc().date() - time::Duration::days(548);
    let body = json!({"given_name": "Kadidia", "family_name": "Diarra", "sex": "F", "birth_date": born.to_string(), "location_id": app.sites["KIT"]});
    let r = app.send(Method::POST, &token, "/api/v1/people", &body).await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string()
}

pub(crate) fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// 7.0 kg at 78 cm lying with a MUAC of 108 mm: severely wasted.
pub(crate) fn wasted() -> Value {
    json!({"date": today(), "weight_kg": 7.0, "length_height_cm": 78.0, "measured": "lying", "oedema": false, "muac_mm": 108, "head_cm": 45.5})
}

#[tokio::test(flavor = "multi_thread")]
async fn a_nurse_records_a_severely_wasted_child_who_appears_on_the_nutrition_list() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let nurse = app.token("nurse.kita").await;
    let r = app.send(Method::POST, &nurse, &format!("/api/v1/people/{child}/measurements"), &wasted()).await;
    assert_eq!(r.status(), 201);
    let m: Value = r.json().await.expect("json");
    assert_eq!(m["acute_malnutrition"], "sam");
    let z = m["zscores"].as_object().expect("zscores");
    let mut keys: Vec<&str> = z.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["zac", "zbmi", "zhc", "zlen", "zwei", "zwfl"]);
    assert!(m["zscores"]["zwfl"].as_f64().is_some_and(|v| v < -3.0), "{m}");
    assert_eq!(m["flags"]["fwfl"], false);
    assert_eq!(m["weight_kg"], 7.0);
    assert_eq!(m["date"], today());

    // On the Kita nutrition list, for the nurse and for the national director.
    for user in ["nurse.kita", "director.national", "director.kita"] {
        let token = app.token(user).await;
        let r = app.get(&token, &format!("/api/v1/locations/{}/nutrition", app.sites["KIT"])).await;
        assert_eq!(r.status(), 200, "{user}");
        let list: Value = r.json().await.expect("json");
        let item = list["items"].as_array().expect("items").iter().find(|i| i["person_id"] == child.as_str());
        let item = item.unwrap_or_else(|| panic!("{user}: the child is listed: {list}"));
        assert_eq!(item["acute_malnutrition"], "sam");
        assert_eq!(item["last_measured"], today());
    }
    // Also under the region above Kita, for the national director.
    let national = app.token("director.national").await;
    let ml: Value = app.get(&national, "/api/v1/locations").await.json().await.expect("json");
    let kayes = ml["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|l| l["id"] == app.sites["KIT"].as_str())
        .and_then(|l| l["parent_id"].as_str())
        .expect("Kita has a parent")
        .to_string();
    let list: Value =
        app.get(&national, &format!("/api/v1/locations/{kayes}/nutrition")).await.json().await.expect("json");
    assert!(list["items"].as_array().expect("items").iter().any(|i| i["person_id"] == child.as_str()));

    // A normal measurement later: off the list.
    let fine =
        json!({"date": today(), "weight_kg": 10.5, "length_height_cm": 79.5, "measured": "lying", "muac_mm": 145});
    assert_eq!(
        app.send(Method::POST, &nurse, &format!("/api/v1/people/{child}/measurements"), &fine).await.status(),
        201
    );
    let list: Value =
        app.get(&nurse, &format!("/api/v1/locations/{}/nutrition", app.sites["KIT"])).await.json().await.expect("json");
    assert!(!list["items"].as_array().expect("items").iter().any(|i| i["person_id"] == child.as_str()), "{list}");
    // A measurement entered late, dated a month ago: the latest stays today's.
    let month_ago = (time::OffsetDateTime::now_utc().date() - time::Duration::days(30)).to_string();
    let late =
        json!({"date": month_ago, "weight_kg": 6.9, "length_height_cm": 78.0, "measured": "lying", "muac_mm": 105});
    assert_eq!(
        app.send(Method::POST, &nurse, &format!("/api/v1/people/{child}/measurements"), &late).await.status(),
        201
    );
    let list: Value =
        app.get(&nurse, &format!("/api/v1/locations/{}/nutrition", app.sites["KIT"])).await.json().await.expect("json");
    assert!(!list["items"].as_array().expect("items").iter().any(|i| i["person_id"] == child.as_str()), "{list}");
    let history: Value =
        app.get(&nurse, &format!("/api/v1/people/{child}/measurements")).await.json().await.expect("json");
    assert_eq!(history["items"].as_array().map(Vec::len), Some(3));
    assert_eq!(history["items"][0]["date"], month_ago, "oldest first");
}

#[tokio::test(flavor = "multi_thread")]
async fn only_medical_roles_record_or_read_growth_and_only_in_scope() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let path = format!("/api/v1/people/{child}/measurements");
    let nutrition = format!("/api/v1/locations/{}/nutrition", app.sites["KIT"]);
    let before = app.count("SELECT COUNT(*) FROM measurements");
    for (user, post, read, list) in [
        ("social.kita", 403, 403, 403),
        ("relief.mopti", 404, 404, 403),
        ("social.socoura", 404, 404, 403),
        ("admin", 404, 404, 403),
        ("fundraiser", 404, 404, 403),
    ] {
        let token = app.token(user).await;
        assert_eq!(app.send(Method::POST, &token, &path, &wasted()).await.status(), post, "{user} records");
        assert_eq!(app.get(&token, &path).await.status(), read, "{user} reads");
        assert_eq!(app.get(&token, &nutrition).await.status(), list, "{user} lists");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM measurements"), before, "nothing written");
    // A nurse of Kita: another location's list is out of scope, unknown ids too.
    let nurse = app.token("nurse.kita").await;
    let mopti = format!("/api/v1/locations/{}/nutrition", app.sites["MOP"]);
    assert_eq!(app.get(&nurse, &mopti).await.status(), 404);
    assert_eq!(app.get(&nurse, "/api/v1/locations/nowhere/nutrition").await.status(), 404);
    let other = format!("/api/v1/people/{}/measurements", app.mopti_child);
    assert_eq!(app.send(Method::POST, &nurse, &other, &wasted()).await.status(), 404);
    // The social worker's view of the child carries no medical key at all.
    let social = app.token("social.kita").await;
    let person: Value = app.get(&social, &format!("/api/v1/people/{child}")).await.json().await.expect("json");
    assert!(person.get("medical_notes").is_none(), "{person}");
    assert!(!person.to_string().contains("zwfl"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_measurements_name_each_field_and_change_nothing() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let nurse = app.token("nurse.kita").await;
    let path = format!("/api/v1/people/{child}/measurements");
    let before = (app.count("SELECT COUNT(*) FROM measurements"), app.count("SELECT COUNT(*) FROM ops"));
    let r = app
        .send(
            Method::POST,
            &nurse,
            &path,
            &json!({"date": "2026-13-01", "weight_kg": "heavy", "muac_mm": 5000, "measured": "sitting", "oedema": "yes", "shoe": 3}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let v: Value = r.json().await.expect("json");
    let fields: Vec<(String, String)> = v["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| (f["field"].as_str().unwrap_or("").into(), f["problem"].as_str().unwrap_or("").into()))
        .collect();
    for (field, problem) in [("weight_kg", "malformed"), ("oedema", "malformed"), ("shoe", "unknown_field")] {
        assert!(fields.contains(&(field.into(), problem.into())), "{field} {problem} in {v}");
    }
    // Well-formed JSON, impossible values.
    let r = app
        .send(
            Method::POST,
            &nurse,
            &path,
            &json!({"date": "2031-01-01", "weight_kg": 720, "muac_mm": 11.5, "measured": "sitting"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let v: Value = r.json().await.expect("json");
    let text = v.to_string();
    for needle in ["future_date", "weight_kg", "muac_mm", "measured"] {
        assert!(text.contains(needle), "{needle} in {v}");
    }
    assert_eq!(app.send(Method::POST, &nurse, &path, &json!({})).await.status(), 422, "a date is required");
    assert_eq!(
        app.send(Method::POST, &nurse, &path, &json!({"date": today()})).await.status(),
        422,
        "nothing measured"
    );
    assert_eq!(
        (app.count("SELECT COUNT(*) FROM measurements"), app.count("SELECT COUNT(*) FROM ops")),
        before,
        "nothing written"
    );
    // Out of the 6–59 month window: no acute-malnutrition verdict (null).
    let baby_born = time::OffsetDateTime::now_utc().date() - time::Duration::days(60);
    let director = app.token("director.kita").await;
    let r = app
        .send(Method::POST, &director, "/api/v1/people", &json!({"given_name": "Bintou", "family_name": "Keïta", "sex": "F", "birth_date": baby_born.to_string(), "location_id": app.sites["KIT"]}))
        .await;
    let baby = r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string();
    let r = app
        .send(
            Method::POST,
            &nurse,
            &format!("/api/v1/people/{baby}/measurements"),
            &json!({"date": today(), "weight_kg": 4.8, "length_height_cm": 56.0}),
        )
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(r.json::<Value>().await.expect("json")["acute_malnutrition"], Value::Null);
    // Oedema alone is severe.
    let r = app.send(Method::POST, &nurse, &path, &json!({"date": today(), "oedema": true})).await;
    assert_eq!(r.json::<Value>().await.expect("json")["acute_malnutrition"], "sam");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_childs_page_shows_growth_to_the_nurse_only_and_stays_small() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let nurse = ui_client(&app, "nurse.kita").await;
    let page = nurse.get(app.url(&format!("/people/{child}"))).send().await.expect("page").text().await.expect("html");
    // Record through the form, French decimal commas and all.
    let r = nurse
        .post(app.url(&format!("/people/{child}/measurements")))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("date", today().as_str()),
            ("weight_kg", "7,0"),
            ("length_height_cm", "78"),
            ("measured", "lying"),
            ("muac_mm", "108"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303);
    let html = nurse.get(app.url(&format!("/people/{child}"))).send().await.expect("page").text().await.expect("html");
    assert!(html.contains("Malnutrition aiguë sévère"), "SAM shown in French");
    assert!(html.matches("<svg").count() >= 2, "growth charts");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(html.as_bytes()).expect("gzip");
    assert!(gz.finish().expect("gzip").len() < 30 * 1024);
    // A bad number comes back with the field named, nothing stored.
    let before = app.count("SELECT COUNT(*) FROM measurements");
    let r = nurse
        .post(app.url(&format!("/people/{child}/measurements")))
        .form(&[("csrf", csrf_of(&html).as_str()), ("date", today().as_str()), ("weight_kg", "sept")])
        .send()
        .await
        .expect("post");
    let body = r.text().await.expect("html");
    assert!(body.contains("href=\"#measurement-weight_kg\""), "the error summary links the field");
    assert_eq!(app.count("SELECT COUNT(*) FROM measurements"), before);

    let social = ui_client(&app, "social.kita").await;
    let html = social.get(app.url(&format!("/people/{child}"))).send().await.expect("page").text().await.expect("html");
    assert!(!html.contains("<svg"), "no growth chart for a social worker");
    // The value as a word of its own (ids and tokens are random hex or
    // base64 and may hold these digits anywhere).
    assert!(!html.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == "108"), "no measurement value");
    assert!(!html.contains("sévère"));

    let list = nurse
        .get(app.url(&format!("/locations/{}/nutrition", app.sites["KIT"])))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(list.contains(&format!("/people/{child}#growth")), "the child is on Kita's nutrition page");
}

#[tokio::test(flavor = "multi_thread")]
async fn prevalence_counts_children_never_names_them() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let nurse = app.token("nurse.kita").await;
    let path = format!("/api/v1/people/{child}/measurements");
    assert_eq!(app.send(Method::POST, &nurse, &path, &wasted()).await.status(), 201);
    let kit = &app.sites["KIT"];
    let v: Value = app.get(&nurse, &format!("/api/v1/locations/{kit}/prevalence")).await.json().await.expect("json");
    let figure = |indicator: &str, threshold: &str| {
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|f| {
                f["indicator"] == indicator
                    && f["age_group"] == "all"
                    && f["sex"] == "both"
                    && f["threshold"] == threshold
            })
            .cloned()
            .expect("figure")
    };
    // One girl of 18 months, severely wasted, not stunted.
    assert_eq!(
        (figure("zwfl", "below_-3")["count"].as_u64(), figure("zwfl", "below_-3")["n"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(figure("zlen", "below_-2")["count"], 0);
    assert_eq!(figure("zwfl", "below_-2")["percent"], 100.0);
    let girls_12_23 = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|f| f["indicator"] == "zwfl" && f["age_group"] == "12-23 mo" && f["sex"] == "F" && f["count"] == 1);
    assert!(girls_12_23, "counted in her age group and sex");

    let ui = ui_client(&app, "nurse.kita").await;
    let page = ui.get(app.url(&format!("/locations/{kit}/prevalence"))).send().await.expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("Émaciation") && html.contains("100,0 %"), "in French, with the figure");
    let csv = ui.get(app.url(&format!("/locations/{kit}/prevalence.csv"))).send().await.expect("csv");
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.expect("text");
    assert!(csv.starts_with("indicator,age_group,sex,threshold,n,count,percent,ci_low,ci_high\n"));
    assert!(csv.contains("zwfl,all,both,below_-3,1,1,100.00,"));
    assert!(!csv.contains("Kadidia") && !csv.contains("Diarra") && !csv.contains(&child), "no child in the export");
    // Not for social workers; not out of scope.
    let social = app.token("social.kita").await;
    assert_eq!(app.get(&social, &format!("/api/v1/locations/{kit}/prevalence")).await.status(), 403);
    let mop = &app.sites["MOP"];
    assert_eq!(app.get(&nurse, &format!("/api/v1/locations/{mop}/prevalence")).await.status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_childs_page_names_stunting_below_minus_2_and_minus_3() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let nurse = app.token("nurse.kita").await;
    let ui = ui_client(&app, "nurse.kita").await;
    let path = format!("/api/v1/people/{child}/measurements");
    // The latest measurement decides; each length is checked against its z.
    for (days_ago, cm, low, high, fr) in [
        (20, 73.0, -3.0, -2.0, "Retard de croissance modéré"),
        (10, 70.0, -6.0, -3.0, "Retard de croissance sévère"),
        (0, 80.0, -2.0, 2.0, "Pas de retard de croissance"),
    ] {
        let date = (time::OffsetDateTime::now_utc().date() - time::Duration::days(days_ago)).to_string();
        let body = json!({"date": date, "weight_kg": 9.0, "length_height_cm": cm, "measured": "lying"});
        let r = app.send(Method::POST, &nurse, &path, &body).await;
        assert_eq!(r.status(), 201);
        let zlen = r.json::<Value>().await.expect("json")["zscores"]["zlen"].as_f64().expect("zlen");
        assert!(low <= zlen && zlen < high, "{cm} cm: zlen {zlen}");
        let html = ui.get(app.url(&format!("/people/{child}"))).send().await.expect("page").text().await.expect("html");
        assert!(html.contains(fr), "{cm} cm: the page says {fr}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_weight_is_corrected_or_struck_out_with_a_reason_and_its_history_kept() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let token = app.token("nurse.kita").await;
    let mut wrong = wasted();
    wrong["weight_kg"] = json!(95.0);
    // Implausible for a toddler: saved only once confirmed (corrections.rs).
    wrong["confirm_implausible"] = json!(true);
    let first = app.create(&token, &format!("/api/v1/people/{child}/measurements"), &wrong).await;
    let nurse = ui_client(&app, "nurse.kita").await;
    let page = nurse.get(app.url(&format!("/people/{child}"))).send().await.expect("page").text().await.expect("html");
    assert!(page.contains(&format!("/people/{child}/measurements/{first}")), "each measurement links its page");
    let amend = format!("/people/{child}/measurements/{first}");
    let html = nurse.get(app.url(&amend)).send().await.expect("page").text().await.expect("html");
    assert!(html.contains("95") && html.contains("Historique"), "the values and the history");

    // A correction without a reason: refused beside its field, values kept.
    let before = app.count("SELECT COUNT(*) FROM ops");
    let r = nurse
        .post(app.url(&amend))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("amend", "correct"),
            ("date", today().as_str()),
            ("weight_kg", "9,5"),
            ("length_height_cm", "78"),
            ("measured", "lying"),
            ("amend_reason", ""),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("html");
    assert!(body.contains("href=\"#amend_reason\"") && body.contains("value=\"9,5\""), "error named, typed kept");
    assert_eq!(app.count("SELECT COUNT(*) FROM ops"), before, "nothing written");
    let r = nurse
        .post(app.url(&amend))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("amend", "correct"),
            ("date", today().as_str()),
            ("weight_kg", "9,5"),
            ("length_height_cm", "78"),
            ("measured", "lying"),
            ("muac_mm", "108"),
            ("head_cm", "45.5"),
            ("amend_reason", "Virgule oubliée"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303);
    let list: Value =
        app.get(&token, &format!("/api/v1/people/{child}/measurements")).await.json().await.expect("json");
    assert_eq!(list["items"][0]["weight_kg"], 9.5, "{list}");
    let html = nurse.get(app.url(&amend)).send().await.expect("page").text().await.expect("html");
    assert!(html.contains("Virgule oubliée") && html.contains("95"), "the history keeps both");

    // The national director reads the history but writes no medical data.
    let national = ui_client(&app, "director.national").await;
    let seen = national.get(app.url(&amend)).send().await.expect("page").text().await.expect("html");
    assert!(seen.contains("Virgule oubliée") && !seen.contains("Barrer cette mesure"), "history, no forms");

    // Struck out: no longer listed or drawn; twice is refused.
    let r = crate::helpers::strike_out(&app, &nurse, &amend, "Enfant confondu").await;
    assert_eq!(r.status(), 303);
    let list: Value =
        app.get(&token, &format!("/api/v1/people/{child}/measurements")).await.json().await.expect("json");
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "{list}");
    let r = crate::helpers::strike_out(&app, &nurse, &amend, "Enfant confondu").await;
    // (Its page stays, read-only: see corrections::a_struck_out_measurement_keeps_….)
    assert_eq!(r.status(), 422, "striking out twice is refused");
    assert!(app.count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'measurement' AND action = 'update'") >= 2);

    // Out of reach for others.
    let social = ui_client(&app, "social.kita").await;
    assert_eq!(social.get(app.url(&amend)).send().await.expect("page").status(), 404);
    let other = ui_client(&app, "relief.mopti").await;
    assert_eq!(other.get(app.url(&amend)).send().await.expect("page").status(), 404);
}

/// The walk-through's KIT-000031: a SAM child weighed only (no length, no
/// MUAC) stayed on no list at all. Her status comes from the latest
/// measurement that can judge it, with its day, on her page, the home
/// page, the nutrition page and the API alike; a flagged weight-for-height
/// leaves her "to re-assess", never off every list.
#[tokio::test(flavor = "multi_thread")]
async fn a_weight_only_measurement_does_not_clear_sam_from_any_list() {
    let app = spawn_app().await;
    let child = toddler(&app).await;
    let nurse = app.token("nurse.kita").await;
    let path = format!("/api/v1/people/{child}/measurements");
    let week_ago = (time::OffsetDateTime::now_utc().date() - time::Duration::days(7)).to_string();
    let mut sam = wasted();
    sam["date"] = json!(week_ago);
    assert_eq!(app.send(Method::POST, &nurse, &path, &sam).await.status(), 201);
    let weight_only = json!({"date": today(), "weight_kg": 9.0});
    assert_eq!(app.send(Method::POST, &nurse, &path, &weight_only).await.status(), 201);

    let api = format!("/api/v1/locations/{}/nutrition", app.sites["KIT"]);
    let list: Value = app.get(&nurse, &api).await.json().await.expect("json");
    let item = list["items"].as_array().expect("items").iter().find(|i| i["person_id"] == child.as_str());
    let item = item.unwrap_or_else(|| panic!("still listed: {list}"));
    assert_eq!(item["acute_malnutrition"], "sam");
    assert_eq!(item["last_measured"], today());
    assert_eq!(item["assessed_on"], week_ago.as_str());

    let ui = ui_client(&app, "nurse.kita").await;
    let get = |p: String| {
        let ui = ui.clone();
        let url = app.url(&p);
        async move { ui.get(url).send().await.expect("page").text().await.expect("html") }
    };
    let page = get(format!("/people/{child}")).await;
    assert!(page.contains("Malnutrition aiguë sévère (MAS) — constatée le"), "the growth box keeps SAM");
    assert!(page.contains("pas réévaluée depuis"));
    let nutrition = get(format!("/locations/{}/nutrition", app.sites["KIT"])).await;
    let acute = nutrition.split("nutrition-falling").next().unwrap_or_default();
    assert!(acute.contains(&format!("/people/{child}#growth")), "on the nutrition list's acute section");
    assert!(acute.contains("pas réévaluée depuis"));
    let home = get("/".into()).await;
    assert!(home.contains(&format!("/people/{child}")), "on the nurse's home page");

    // A confirmed, implausible weight with a length: nothing judges her
    // now, so she is listed as to re-assess.
    let flagged = json!({"date": today(), "weight_kg": 95.0, "length_height_cm": 78.0, "measured": "lying", "confirm_implausible": true});
    assert_eq!(app.send(Method::POST, &nurse, &path, &flagged).await.status(), 201);
    let list: Value = app.get(&nurse, &api).await.json().await.expect("json");
    let item = list["items"].as_array().expect("items").iter().find(|i| i["person_id"] == child.as_str());
    assert_eq!(item.map(|i| i["acute_malnutrition"].clone()), Some(json!("reassess")), "{list}");
    let page = get(format!("/people/{child}")).await;
    assert!(page.contains("Statut nutritionnel à réévaluer"));
    let home = get("/".into()).await;
    assert!(home.contains(&format!("/people/{child}")), "still on the nurse's home page");
}
