//! Family strengthening through the real server: enrolment, assessments
//! compared with the one before, the plan with overdue actions, visits,
//! graduation — only for directors and social workers, only in scope.

use crate::helpers::{TestApp, spawn_app, ui_client};
use reqwest::Method;
use serde_json::{Value, json};

fn day(offset: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(offset)).to_string()
}

async fn household(app: &TestApp) -> String {
    let token = app.token("director.kita").await;
    let body = json!({"name": "Famille Sangaré", "location_id": app.sites["KIT"], "members": [{"person_id": app.kita_child, "relationship": "child"}]});
    let r = app.send(Method::POST, &token, "/api/v1/households", &body).await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string()
}

fn scores(s: [i64; 7], on: &str) -> Value {
    json!({"assessed_on": on, "food": s[0], "income": s[1], "housing": s[2], "health": s[3], "education": s[4], "child_care": s[5], "protection": s[6]})
}

#[tokio::test(flavor = "multi_thread")]
async fn a_family_is_assessed_supported_and_graduates() {
    let app = spawn_app().await;
    let h = household(&app).await;
    let social = app.token("social.kita").await;
    let base = format!("/api/v1/households/{h}");
    assert_eq!(
        app.send(Method::POST, &social, &format!("{base}/support"), &json!({"started_on": day(-200)})).await.status(),
        201
    );
    let r = app
        .send(Method::POST, &social, &format!("{base}/assessments"), &scores([3, 3, 2, 2, 1, 2, 1], &day(-190)))
        .await;
    assert_eq!(r.status(), 201);
    let r = app
        .send(Method::POST, &social, &format!("{base}/assessments"), &scores([1, 2, 2, 3, 0, 1, 1], &day(-10)))
        .await;
    let v: Value = r.json().await.expect("json");
    let latest = &v["support"]["assessments"][0];
    assert_eq!(latest["scores"][0], json!(["food", 1]));
    let changes: Vec<(String, String)> = serde_json::from_value(latest["changes"].clone()).expect("changes");
    assert!(changes.contains(&("food".into(), "better".into())));
    assert!(changes.contains(&("health".into(), "worse".into())));
    assert!(changes.contains(&("housing".into(), "same".into())));
    assert_eq!(v["support"]["assessments"][1]["changes"], json!([]), "the first has nothing to compare with");

    let action = json!({"goal": "Revenus stables", "action": "Formation au maraîchage", "responsible": "Mme Diarra", "due_on": day(-5)});
    let v: Value =
        app.send(Method::POST, &social, &format!("{base}/plan-actions"), &action).await.json().await.expect("json");
    let action_id = v["support"]["plan"][0]["id"].as_str().expect("id").to_string();
    let r = app
        .send(
            Method::POST,
            &social,
            &format!("{base}/visits"),
            &json!({"visited_on": day(-3), "notes": "Jardin commencé."}),
        )
        .await;
    assert_eq!(r.status(), 201);
    // The page shows the action overdue until it is done.
    let ui = ui_client(&app, "social.kita").await;
    let html = ui.get(app.url(&format!("/households/{h}"))).send().await.expect("page").text().await.expect("html");
    assert!(html.contains("Renforcement familial") && html.contains("en retard") && html.contains("Jardin commencé."));
    assert!(html.contains("en mieux") && html.contains("en moins bien"), "changes since the previous assessment");
    let r = app
        .send(Method::POST, &social, &format!("{base}/plan-actions/{action_id}/done"), &json!({"done_on": day(0)}))
        .await;
    assert_eq!(r.status(), 200);
    let r = app
        .send(Method::POST, &social, &format!("{base}/exit"), &json!({"ended_on": day(0), "exit_reason": "graduated"}))
        .await;
    let v: Value = r.json().await.expect("json");
    assert_eq!(
        (v["support"]["ended_on"].as_str(), v["support"]["exit_reason"].as_str()),
        (Some(day(0).as_str()), Some("graduated"))
    );
    // Closed: no more assessments until support starts again.
    let r = app.send(Method::POST, &social, &format!("{base}/assessments"), &scores([0; 7], &day(0))).await;
    assert_eq!(r.status(), 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn only_protection_roles_in_scope_and_bad_input_changes_nothing() {
    let app = spawn_app().await;
    let h = household(&app).await;
    let base = format!("/api/v1/households/{h}");
    let social = app.token("social.kita").await;
    assert_eq!(
        app.send(Method::POST, &social, &format!("{base}/support"), &json!({"started_on": day(-20)})).await.status(),
        201
    );
    let before = (app.count("SELECT COUNT(*) FROM assessments"), app.count("SELECT COUNT(*) FROM ops"));
    for (user, write, read) in
        [("nurse.kita", 403, 403), ("social.socoura", 404, 404), ("relief.mopti", 404, 404), ("fundraiser", 404, 404)]
    {
        let token = app.token(user).await;
        let r = app.send(Method::POST, &token, &format!("{base}/assessments"), &scores([1; 7], &day(0))).await;
        assert_eq!(r.status(), write, "{user} assesses");
        assert_eq!(app.get(&token, &format!("{base}/support")).await.status(), read, "{user} reads");
    }
    for (body, field) in [
        (scores([4, 1, 1, 1, 1, 1, 1], &day(0)), "food"),
        (scores([1; 7], &day(3)), "assessed_on"),
        (json!({"assessed_on": day(0), "food": 1}), "income"),
        (
            json!({"assessed_on": day(0), "food": "two", "income": 1, "housing": 1, "health": 1, "education": 1, "child_care": 1, "protection": 1}),
            "food",
        ),
    ] {
        let r = app.send(Method::POST, &social, &format!("{base}/assessments"), &body).await;
        assert_eq!(r.status(), 422, "{body}");
        assert!(r.text().await.expect("text").contains(field), "{field}");
    }
    let r = app
        .send(
            Method::POST,
            &social,
            &format!("{base}/plan-actions"),
            &json!({"goal": "", "action": "x", "responsible": "y", "due_on": "demain"}),
        )
        .await;
    let text = r.text().await.expect("text");
    assert!(text.contains("goal") && text.contains("due_on"), "{text}");
    let r = app
        .send(Method::POST, &social, &format!("{base}/exit"), &json!({"ended_on": day(0), "exit_reason": "tired"}))
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        (app.count("SELECT COUNT(*) FROM assessments"), app.count("SELECT COUNT(*) FROM ops")),
        before,
        "nothing written"
    );
    // The nurse's view of the household shows no family-strengthening section.
    let ui = ui_client(&app, "nurse.kita").await;
    let html = ui.get(app.url(&format!("/households/{h}"))).send().await.expect("page").text().await.expect("html");
    assert!(!html.contains("Renforcement familial"));
}

/// The walk-through's "Marquer comme faite": one tap recorded today and
/// could not be undone. Marking done is a small form asking the day (empty,
/// future and before the action was planned refused beside it), and the
/// action is corrected (a wrong day, or not done after all) or struck out
/// with a reason like the other records.
#[tokio::test(flavor = "multi_thread")]
async fn a_plan_action_is_marked_done_on_a_day_typed_and_can_be_corrected_or_struck_out() {
    let app = spawn_app().await;
    let h = household(&app).await;
    let social = app.token("social.kita").await;
    let base = format!("/api/v1/households/{h}");
    let r = app.send(Method::POST, &social, &format!("{base}/support"), &json!({"started_on": day(-20)})).await;
    assert_eq!(r.status(), 201);
    let action = json!({"goal": "Revenus stables", "action": "Formation au maraîchage", "responsible": "Mme Diarra", "due_on": day(5)});
    let v: Value =
        app.send(Method::POST, &social, &format!("{base}/plan-actions"), &action).await.json().await.expect("json");
    let a = v["support"]["plan"][0]["id"].as_str().expect("id").to_string();

    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/households/{h}")).await;
    assert!(
        page.contains(&format!("id=\"form-action-done-{a}\""))
            && page.contains(&format!("id=\"action-done-done_on-{a}\""))
    );
    let csrf = crate::helpers::csrf_of(&page);
    let done = format!("/households/{h}/plan-actions/{a}/done");
    for (typed, says) in [
        ("", "Ce champ est obligatoire."),
        (day(1).as_str(), "La date ne peut pas être dans le futur."),
        (day(-21).as_str(), "avant d&#39;être prévue"),
    ] {
        let form = [("csrf", csrf.as_str()), ("action_id", a.as_str()), ("done_on", typed)];
        let r = ui.post(app.url(&done)).form(&form).send().await.expect("post");
        assert_eq!(r.status(), 422, "{typed:?} refused");
        let html = r.text().await.expect("html");
        assert!(html.contains(says) || html.contains(&says.replace("&#39;", "'")), "{typed:?}: {says}");
        assert!(html.contains(&format!("id=\"form-action-done-{a}\" open")), "the refused form is open");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM plan_actions WHERE done_on IS NOT NULL"), 0);
    let today = day(0);
    let form = [("csrf", csrf.as_str()), ("action_id", a.as_str()), ("done_on", today.as_str())];
    assert_eq!(ui.post(app.url(&done)).form(&form).send().await.expect("post").status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM plan_actions WHERE done_on IS NOT NULL"), 1);

    // Not done after all: corrected, with a reason.
    let own = format!("/households/{h}/plan-actions/{a}");
    let page = app.html(&ui, &own).await;
    assert!(page.contains("name=\"done_on\""), "{page}");
    let csrf = crate::helpers::csrf_of(&page);
    let due = day(5);
    let form = [
        ("csrf", csrf.as_str()),
        ("amend", "correct"),
        ("goal", "Revenus stables"),
        ("responsible", "Mme Diarra"),
        ("due_on", due.as_str()),
        ("done_on", ""),
        ("amend_reason", "Marquée faite par erreur"),
    ];
    let r = ui.post(app.url(&own)).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    assert_eq!(app.count("SELECT COUNT(*) FROM plan_actions WHERE done_on IS NOT NULL"), 0);
    // Struck out: off the plan, its page keeps it.
    assert_eq!(crate::helpers::strike_out(&app, &ui, &own, "Action en double").await.status(), 303);
    let html = app.html(&ui, &format!("/households/{h}")).await;
    assert!(!html.contains("Formation au maraîchage"), "struck out: off the plan");
    assert!(app.html(&ui, &own).await.contains("Action en double"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_actions_text_is_corrected_like_its_other_fields_with_its_history() {
    let app = spawn_app().await;
    let h = household(&app).await;
    let social = app.token("social.kita").await;
    let base = format!("/api/v1/households/{h}");
    let r = app.send(Method::POST, &social, &format!("{base}/support"), &json!({"started_on": day(-20)})).await;
    assert_eq!(r.status(), 201);
    let action = json!({"goal": "Revenus stables", "action": "Formation au maraîchge", "responsible": "Mme Diarra", "due_on": day(5)});
    let v: Value =
        app.send(Method::POST, &social, &format!("{base}/plan-actions"), &action).await.json().await.expect("json");
    let a = v["support"]["plan"][0]["id"].as_str().expect("id").to_string();
    let household: Value = app.get(&social, &base).await.json().await.expect("json");

    let ui = ui_client(&app, "social.kita").await;
    let own = format!("/households/{h}/plan-actions/{a}");
    let page = app.html(&ui, &own).await;
    assert!(
        page.contains("name=\"action\" value=\"Formation au maraîchge\""),
        "the text is a field of the form: {page}"
    );
    let about = format!(
        "<p class=\"record-number\">{} — {}</p>",
        household["name"].as_str().expect("name"),
        household["record_number"].as_str().expect("number")
    );
    assert!(page.contains(&about), "the page names the household: {page}");
    let csrf = crate::helpers::csrf_of(&page);
    let due = day(5);
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("amend", "correct"),
        ("goal", "Revenus stables"),
        ("action", ""),
        ("responsible", "Mme Diarra"),
        ("due_on", due.as_str()),
        ("done_on", ""),
        ("amend_reason", "Faute de frappe"),
    ];
    let r = ui.post(app.url(&own)).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 422, "an action needs its text");
    assert!(r.text().await.expect("html").contains("Action\u{a0}: Ce champ est obligatoire."));
    form[3] = ("action", "Formation au maraîchage");
    let r = ui.post(app.url(&own)).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], format!("/households/{h}#support").as_str());
    let html = app.html(&ui, &format!("/households/{h}")).await;
    assert!(
        html.contains("Formation au maraîchage") && !html.contains("maraîchge"),
        "the plan shows the corrected text"
    );
    assert!(
        html.contains("<p class=\"flash\" role=\"status\">Action du plan corrigée.</p>"),
        "said where the reader lands"
    );
    let page = app.html(&ui, &own).await;
    let history = &page[page.find("id=\"history\"").expect("history")..];
    assert!(
        history.contains("Formation au maraîchge") && history.contains("Formation au maraîchage"),
        "both kept: {history}"
    );
    let plan: Value = app.get(&social, &format!("{base}/support")).await.json().await.expect("json");
    assert_eq!(plan["support"]["plan"][0]["action"], "Formation au maraîchage", "{plan}");
}
