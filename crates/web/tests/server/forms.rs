//! The forms of the child's and the household's pages (issue 12 items 1
//! and 2): nothing weighty chosen in advance, an empty choice refused by
//! name beside its own form with what was typed kept, a save confirmed
//! where the reader comes back (with no name or value in the link), and
//! ending care or support only on the confirm of a page that says what
//! will happen. An administrator cannot disable their own account.

use crate::helpers::{TestApp, csrf_of, spawn_app, ui_client};
use reqwest::Method;
use serde_json::{Value, json};

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// The HTML of the element that starts at `start` up to the first `end`.
fn part<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html.find(start).unwrap_or_else(|| panic!("no {start} in the page"));
    let rest = &html[at..];
    &rest[..rest.find(end).map_or(rest.len(), |e| e + end.len())]
}

async fn house(app: &TestApp, name: &str) -> String {
    let director = app.token("director.kita").await;
    let body = json!({"location_id": app.sites["KIT"], "name": name, "capacity": 8});
    app.create(&director, "/api/v1/houses", &body).await
}

async fn supported_household(app: &TestApp) -> String {
    let token = app.token("director.kita").await;
    let body = json!({"name": "Famille Sangaré", "location_id": app.sites["KIT"], "members": [{"person_id": app.kita_child, "relationship": "child"}]});
    let h = app.create(&token, "/api/v1/households", &body).await;
    let r = app
        .send(Method::POST, &token, &format!("/api/v1/households/{h}/support"), &json!({"started_on": today()}))
        .await;
    assert_eq!(r.status(), 201);
    h
}

async fn post(
    app: &TestApp,
    ui: &reqwest::Client,
    page: &str,
    action: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let csrf = csrf_of(&app.html(ui, page).await);
    let mut body = vec![("csrf", csrf.as_str())];
    body.extend_from_slice(form);
    ui.post(app.url(action)).form(&body).send().await.expect("post")
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_weighty_is_chosen_in_advance() {
    let app = spawn_app().await;
    house(&app, "Maison Néré").await;
    let h = supported_household(&app).await;
    let ui = ui_client(&app, "director.kita").await;
    let child = &app.kita_child;

    let page = app.html(&ui, &format!("/people/{child}")).await;
    for select in ["<select id=\"admission-reason\"", "<select id=\"admission-house_id\""] {
        let s = part(&page, select, "</select>");
        assert!(!s.contains("selected"), "nothing chosen in {s}");
        assert!(s.contains("<option value=\"\">"), "an empty first choice in {s}");
    }
    // A day copied from a paper (an admission, a dose from the health
    // card, a move, an enrolment, a support's start) is never today by
    // default: a forgotten field would record a wrong fact.
    for id in ["admission-admitted_on", "move-from_date", "enrolment-start_date"] {
        if let Some(at) = page.find(&format!("id=\"{id}\"")) {
            let input = &page[at..at + page[at..].find('>').expect("input ends")];
            assert!(input.contains("value=\"\""), "{id} empty: {input}");
        }
    }
    assert!(page.contains("id=\"admission-admitted_on\""), "the admission form is there");
    let page = app.html(&ui, &format!("/households/{h}")).await;
    let form = part(&page, "id=\"form-assessment\"", "</details>");
    assert_eq!(form.matches("<select").count(), 7, "the seven areas");
    assert!(!form.contains("selected"), "no area scored in advance: {form}");

    let page = app.html(&ui, &format!("/households/{h}/exit")).await;
    assert!(page.contains("id=\"ended_on\" name=\"ended_on\" value=\"\""), "no date in advance");
    assert!(!part(&page, "<select id=\"exit_reason\"", "</select>").contains("selected"), "no exit reason");

    let director = app.token("director.kita").await;
    let hid = house(&app, "Maison Karité").await;
    let admit = json!({"admitted_on": today(), "reason": "abandoned", "house_id": hid});
    assert_eq!(
        app.send(Method::POST, &director, &format!("/api/v1/people/{child}/admission"), &admit).await.status(),
        201
    );
    let page = app.html(&ui, &format!("/people/{child}/leaving")).await;
    assert!(page.contains("id=\"left_on\" name=\"left_on\" value=\"\""), "no date in advance");
    assert!(!part(&page, "<select id=\"leaving_reason\"", "</select>").contains("selected"), "no reason");
    assert!(page.contains("Maison Karité"), "says which house the child leaves");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_error_in_english_has_no_french_space_before_its_colon() {
    let app = spawn_app().await;
    house(&app, "Maison Néré").await;
    let ui = ui_client(&app, "director.kita").await;
    let r = post(&app, &ui, "/account", "/account/language", &[("language", "en")]).await;
    assert_eq!(r.status(), 303);
    let child = &app.kita_child;
    let form = [("admitted_on", today()), ("reason", String::new())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post(&app, &ui, &format!("/people/{child}"), &format!("/people/{child}/admission"), &form).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("Reason for admission: "), "English punctuation: {html}");
    assert!(!html.contains(" : ") && !html.contains("\u{a0}:"), "no French colon in English");
    let account = app.html(&ui, "/account").await;
    assert!(!account.contains(" : ") && !account.contains("\u{a0}:"), "nor on the account page");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_choice_is_refused_by_name_beside_its_own_form() {
    let app = spawn_app().await;
    house(&app, "Maison Néré").await;
    let h = supported_household(&app).await;
    let ui = ui_client(&app, "director.kita").await;
    let child = &app.kita_child;
    let page = format!("/people/{child}");

    let form = [("admitted_on", today()), ("reason", String::new()), ("referred_by", "CSCOM de Kita".into())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post(&app, &ui, &page, &format!("/people/{child}/admission"), &form).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    let admission = part(&html, "id=\"form-admission\"", "</details>");
    assert!(admission.starts_with("id=\"form-admission\" open"), "the refused form is open");
    assert!(
        admission.contains("Motif d&#39;admission\u{a0}: Ce champ est obligatoire."),
        "names the reason: {admission}"
    );
    assert!(admission.contains("Maison familiale\u{a0}: Ce champ est obligatoire."), "and the house");
    assert!(admission.contains("value=\"CSCOM de Kita\""), "what was typed is kept");
    assert!(admission.contains("action=\"/people/"), "its action…");
    assert!(admission.contains("/admission#form-admission\""), "…brings the reader back to it");
    assert_eq!(html.matches("error-summary").count(), 1, "no error shown above another form");

    let empty: Vec<(&str, &str)> = vec![("assessed_on", "")];
    let r = post(&app, &ui, &format!("/households/{h}"), &format!("/households/{h}/assessments"), &empty).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    let assessment = part(&html, "id=\"form-assessment\"", "</details>");
    assert!(assessment.contains("Alimentation\u{a0}: Ce champ est obligatoire."), "names an area: {assessment}");
    assert_eq!(html.matches("error-summary").count(), 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM assessments"), 0, "nothing saved");

    let member = [("record_number", ""), ("relationship", "")];
    let r = post(&app, &ui, &format!("/households/{h}"), &format!("/households/{h}/members"), &member).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    let form = part(&html, "id=\"form-member\"", "</details>");
    assert!(
        form.contains("Lien avec le chef de ménage\u{a0}: Ce champ est obligatoire."),
        "no relationship chosen for the person: {form}"
    );

    let step = [("step", "check"), ("ended_on", ""), ("exit_reason", "")];
    let r = post(&app, &ui, &format!("/households/{h}/exit"), &format!("/households/{h}/exit"), &step).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("Date de fin\u{a0}: Ce champ est obligatoire."), "names the date: {html}");
    assert!(html.contains("Motif\u{a0}: Ce champ est obligatoire."), "and the reason");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_save_is_said_where_the_reader_comes_back() {
    let app = spawn_app().await;
    let now = today();
    let hid = house(&app, "Maison Karité").await;
    let h = supported_household(&app).await;
    let ui = ui_client(&app, "director.kita").await;
    let child = &app.kita_child;

    let form = [("admitted_on", now.as_str()), ("reason", "abandoned"), ("house_id", hid.as_str())];
    let r = post(&app, &ui, &format!("/people/{child}"), &format!("/people/{child}/admission"), &form).await;
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().expect("location").to_string();
    assert_eq!(to, format!("/people/{child}#care"), "no code, name or value in the link");
    let cookie = r.headers()["set-cookie"].to_str().expect("cookie").to_string();
    assert!(
        cookie
            .starts_with(&format!("dugu_saved=admission; Path=/people/{child}; HttpOnly; SameSite=Strict; Max-Age=60")),
        "a code alone, for this page alone, for a minute: {cookie}"
    );
    let html = app.html(&ui, &to).await;
    let care = part(&html, "<section id=\"care\">", "</section>");
    assert!(care.contains("<p class=\"flash\" role=\"status\">Admission enregistrée.</p>"), "{care}");
    assert_eq!(html.matches("class=\"flash\"").count(), 1, "said once, in its section");
    let again = app.html(&ui, &to).await;
    assert!(!again.contains("class=\"flash\""), "a reload (or Back) does not say it again");
    assert!(html.contains("<nav class=\"sections\""), "sections can be reached directly");

    let visit = [("visited_on", now.as_str()), ("notes", "Famille rencontrée à domicile")];
    let r = post(&app, &ui, &format!("/households/{h}"), &format!("/households/{h}/visits"), &visit).await;
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().expect("location").to_string();
    assert_eq!(to, format!("/households/{h}#support"));
    // Another page does not say it (the cookie is for the household's).
    assert!(!app.html(&ui, &format!("/people/{child}")).await.contains("class=\"flash\""));
    let html = app.html(&ui, &to).await;
    let support = part(&html, "<section id=\"support\">", "</section>");
    assert!(support.contains("Visite enregistrée."), "{support}");
    assert!(!app.html(&ui, &to).await.contains("class=\"flash\""), "said once");
}

#[tokio::test(flavor = "multi_thread")]
async fn ending_care_or_support_happens_only_on_the_confirm() {
    let app = spawn_app().await;
    let now = today();
    let hid = house(&app, "Maison Karité").await;
    let h = supported_household(&app).await;
    let director = app.token("director.kita").await;
    let child = app.kita_child.clone();
    let admit = json!({"admitted_on": today(), "reason": "abandoned", "house_id": hid});
    assert_eq!(
        app.send(Method::POST, &director, &format!("/api/v1/people/{child}/admission"), &admit).await.status(),
        201
    );
    let ui = ui_client(&app, "director.kita").await;
    let leaving = format!("/people/{child}/leaving");
    let care = async || -> Value {
        app.get(&director, &format!("/api/v1/people/{child}/care")).await.json().await.expect("json")
    };

    let answers = [("left_on", today()), ("leaving_reason", "transfer".to_string())];
    let answers: Vec<(&str, &str)> = answers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // The check page has an address of its own (a redirect), so a reload
    // or Back shows it again instead of resubmitting a form.
    let mut check_page = String::new();
    for step in ["check", ""] {
        let mut form = answers.clone();
        form.push(("step", step));
        let r = post(&app, &ui, &leaving, &leaving, &form).await;
        assert_eq!(r.status(), 303, "step {step}");
        check_page = r.headers()["location"].to_str().expect("location").to_string();
        assert!(check_page.starts_with(&format!("{leaving}?check=")), "no answer in the link: {check_page}");
        let html = app.html(&ui, &check_page).await;
        assert!(html.contains("Ce qui va se passer") && html.contains("Transfert"), "the answers checked");
        assert!(html.contains("value=\"confirm\""), "with the confirm button");
        assert!(!html.contains("&lt;time"), "the date is written, not its markup");
        assert!(care().await["care"]["left_on"].is_null(), "care still open after step {step}");
    }
    let draft = check_page.split("check=").nth(1).expect("draft").to_string();
    let r = post(&app, &ui, &leaving, &leaving, &[("step", "change"), ("draft", draft.as_str())]).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.expect("html").contains("<option value=\"transfer\" selected>"), "the answers come back");
    let r = post(&app, &ui, &leaving, &leaving, &[("step", "confirm"), ("draft", draft.as_str())]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], format!("/people/{child}#care").as_str());
    assert_eq!(care().await["care"]["leaving_reason"], json!("transfer"));
    assert_eq!(ui.get(app.url(&leaving)).send().await.expect("get").status(), 404, "no longer in care");

    let exit = format!("/households/{h}/exit");
    let answers = [("ended_on", now.as_str()), ("exit_reason", "graduated"), ("step", "check")];
    let r = post(&app, &ui, &exit, &exit, &answers).await;
    assert_eq!(r.status(), 303);
    let check_page = r.headers()["location"].to_str().expect("location").to_string();
    assert!(!app.html(&ui, &check_page).await.contains("&lt;time"), "the date is written, not its markup");
    let support = async || -> Value {
        app.get(&director, &format!("/api/v1/households/{h}/support")).await.json().await.expect("json")
    };
    assert!(support().await["support"]["ended_on"].is_null(), "still supported after the check");
    let draft = check_page.split("check=").nth(1).expect("draft");
    let r = post(&app, &ui, &exit, &exit, &[("step", "confirm"), ("draft", draft)]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(support().await["support"]["exit_reason"], json!("graduated"));

    // Those who do not handle care have no such page.
    let nurse = ui_client(&app, "nurse.kita").await;
    let h2 = supported_household(&app).await;
    assert_eq!(nurse.get(app.url(&format!("/households/{h2}/exit"))).send().await.expect("get").status(), 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn disabling_an_account_is_confirmed_and_never_ones_own() {
    let app = spawn_app().await;
    let admin = ui_client(&app, "admin").await;
    let nurse = app.users["nurse.kita"].clone();
    let me = app.users["admin"].clone();

    let page = app.html(&admin, &format!("/admin/users/{nurse}")).await;
    assert!(
        page.contains(&format!("href=\"/admin/users/{nurse}/disable\"")),
        "a link to the confirmation, not a button"
    );
    let page = app.html(&admin, &format!("/admin/users/{nurse}/disable")).await;
    assert!(page.contains("ne pourra plus se connecter") && page.contains("value=\"confirm\""), "says what happens");
    let login = json!({"username": "nurse.kita", "password": crate::helpers::PASSWORD});
    let r = crate::helpers::client().post(app.url("/api/v1/login")).json(&login).send().await.expect("login");
    assert_eq!(r.status(), 200, "the confirmation page changed nothing");

    let page = app.html(&admin, &format!("/admin/users/{me}")).await;
    assert!(!page.contains("/disable"), "no way to disable oneself on one's page");
    assert_eq!(admin.get(app.url(&format!("/admin/users/{me}/disable"))).send().await.expect("get").status(), 403);
    let r = post(&app, &admin, "/admin/users", &format!("/admin/users/{me}/disable"), &[("step", "confirm")]).await;
    assert_eq!(r.status(), 403, "refused by the store, not only hidden");
    // Nor by giving up one's own administration (another way to leave the
    // site with nobody to manage its accounts).
    let r = post(&app, &admin, "/admin/users", &format!("/admin/users/{me}/role"), &[("role", "fundraiser")]).await;
    assert_eq!(r.status(), 403, "an administrator cannot demote themselves");
    let r = crate::helpers::client()
        .post(app.url("/api/v1/login"))
        .json(&json!({"username": "admin", "password": crate::helpers::PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 200, "still enabled");

    let r = post(&app, &admin, &format!("/admin/users/{nurse}/disable"), &format!("/admin/users/{nurse}/disable"), &[])
        .await;
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().expect("location").to_string();
    assert!(app.html(&admin, &to).await.contains("Compte désactivé."), "said on the account's page");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_village_page_refuses_a_group_beside_its_own_form() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "director.kita").await;
    let village = format!("/locations/{}/village", app.sites["KIT"]);
    let form = [("location_id", app.sites["KIT"].as_str()), ("name", "Les Petits Baobabs"), ("kind", "")];
    let r = post(&app, &ui, &village, "/groups", &form).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    let group = part(&html, "<form method=\"post\" action=\"/groups#form-group\"", "</form>");
    assert!(group.contains("value=\"Les Petits Baobabs\""), "the name typed is kept");
    assert!(group.contains("Ce champ est obligatoire."), "no kind of group chosen for the director: {group}");
    let house = part(&html, "<form method=\"post\" action=\"/houses#form-house\"", "</form>");
    assert!(!house.contains("error-message"), "nothing shown at the house form");
    assert_eq!(html.matches("error-summary").count(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_user_has_no_role_or_location_chosen_in_advance() {
    let app = spawn_app().await;
    let admin = ui_client(&app, "admin").await;
    let page = app.html(&admin, "/admin/users").await;
    for select in ["<select id=\"role\"", "<select id=\"location_ids\""] {
        let s = part(&page, select, "</select>");
        assert!(!s.contains("selected"), "nothing chosen in {s}");
        assert!(s.contains("<option value=\"\">"), "an empty first choice in {s}");
    }
    // A région, a cercle and a commune named Kita are told apart by kind.
    let places = part(&page, "<select id=\"location_ids\"", "</select>");
    assert!(places.contains("Kita — Région (ML-KTA)") && places.contains("Kita — Cercle"), "{places}");
    let users = app.count("SELECT COUNT(*) FROM users");
    let empty = [("username", "nurse.new"), ("display_name", "Nouvelle"), ("role", ""), ("location_id", "")];
    let r = post(&app, &admin, "/admin/users", "/admin/users", &empty).await;
    let html = r.text().await.expect("html");
    assert!(html.contains("Rôle\u{a0}: Ce champ est obligatoire."), "names the role: {html}");
    let nurse = [("username", "nurse.new"), ("display_name", "Nouvelle"), ("role", "nurse"), ("location_id", "")];
    let html = post(&app, &admin, "/admin/users", "/admin/users", &nurse).await.text().await.expect("html");
    assert!(html.contains("Lieu d&#39;affectation\u{a0}: Ce champ est obligatoire."), "names the location: {html}");
    assert!(part(&html, "<select id=\"role\"", "</select>").contains("value=\"nurse\" selected"), "the role is kept");
    assert_eq!(app.count("SELECT COUNT(*) FROM users"), users, "nobody created");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_leaving_before_the_admission_names_the_admission_day() {
    let app = spawn_app().await;
    let hid = house(&app, "Maison Karité").await;
    let director = app.token("director.kita").await;
    let child = app.kita_child.clone();
    let admit = json!({"admitted_on": "2026-05-12", "reason": "abandoned", "house_id": hid});
    assert_eq!(
        app.send(Method::POST, &director, &format!("/api/v1/people/{child}/admission"), &admit).await.status(),
        201
    );
    let ui = ui_client(&app, "director.kita").await;
    let leaving = format!("/people/{child}/leaving");
    let expected = "La date de départ ne peut pas précéder l&#39;admission (12/05/2026).";
    for step in ["check", "confirm"] {
        let form = [("left_on", "2026-05-01"), ("leaving_reason", "transfer"), ("step", step)];
        let r = post(&app, &ui, &leaving, &leaving, &form).await;
        assert_eq!(r.status(), 422, "step {step}");
        let html = r.text().await.expect("html");
        assert!(html.contains(expected), "step {step}: names the admission day: {html}");
        assert!(!html.contains("hors des limites"), "not a vague range");
    }
    let body = json!({"left_on": "2026-05-01", "leaving_reason": "transfer"});
    let r = app.send(Method::POST, &director, &format!("/api/v1/people/{child}/leaving"), &body).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("text").contains("before_admission"), "the API names it too");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_medical_visit_refused_names_the_consultation_s_reason_and_the_dose_day_is_not_preset() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "nurse.kita").await;
    let child = &app.kita_child;
    let page = app.html(&ui, &format!("/people/{child}")).await;
    let dose = part(&page, "id=\"dose-given_on\"", ">");
    assert!(dose.contains("value=\"\""), "a dose's day is copied from the card, never preset: {dose}");
    let form = [("visited_on", today()), ("reason", String::new()), ("diagnosis", "Paludisme".into())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post(&app, &ui, &format!("/people/{child}"), &format!("/people/{child}/medical-visits"), &form).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    let summary = part(&html, "class=\"error-summary\"", "</div>");
    assert!(summary.contains("Motif de la consultation"), "{summary}");
    assert!(!summary.contains("Motif d'admission"), "not the admission's reason: {summary}");
}

#[tokio::test(flavor = "multi_thread")]
async fn registering_a_person_is_said_once_at_the_top_of_their_page() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "director.kita").await;
    let form = [
        ("given_name", "Mariam"),
        ("family_name", "Keïta"),
        ("sex", "F"),
        ("birth_day", "3"),
        ("birth_month", "7"),
        ("birth_year", "2019"),
        ("location_id", app.sites["KIT"].as_str()),
    ];
    let r = post(&app, &ui, "/people/new", "/people", &form).await;
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().expect("location").to_string();
    assert!(to.starts_with("/people/") && !to.contains("saved"), "{to}");
    let path = to.split('#').next().expect("path").to_string();
    let page = app.html(&ui, &path).await;
    let top = part(&page, "<h1>", "<nav");
    assert!(top.contains("Fiche enregistrée."), "said at the top: {top}");
    assert!(!app.html(&ui, &path).await.contains("Fiche enregistrée."), "said once");
}
