//! The pages as a browser without JavaScript gets them: French by default,
//! English on request, form tokens enforced, errors next to fields, small.

use crate::helpers::{PASSWORD, client, csrf_of, spawn_app, ui_client};
use std::io::Write;

#[tokio::test(flavor = "multi_thread")]
async fn french_first_english_on_request() {
    let app = spawn_app().await;
    let fr = client().get(app.url("/login")).send().await.expect("login").text().await.expect("html");
    assert!(fr.contains("<html lang=\"fr\">") && fr.contains("Connexion"));
    let en = client().get(app.url("/login")).header("accept-language", "en-GB,en;q=0.9").send().await.expect("login");
    let en = en.text().await.expect("html");
    assert!(en.contains("<html lang=\"en\">") && en.contains("Sign in"));

    let ui = ui_client(&app, "social.kita").await;
    let people = ui.get(app.url("/people")).send().await.expect("people").text().await.expect("html");
    assert!(people.contains("Personnes") && people.contains("Sangaré"));
    assert!(!people.contains("Maïga"), "a Mopti child is not listed in Kita");
    // Switching to English is the user's choice and sticks.
    let account = ui.get(app.url("/account")).send().await.expect("account").text().await.expect("html");
    let r = ui
        .post(app.url("/account/language"))
        .form(&[("csrf", csrf_of(&account).as_str()), ("language", "en")])
        .send()
        .await
        .expect("language");
    assert_eq!(r.status(), 303);
    let people = ui.get(app.url("/people")).send().await.expect("people").text().await.expect("html");
    assert!(people.contains("People") && people.contains("<html lang=\"en\">"));
}

#[tokio::test(flavor = "multi_thread")]
async fn forms_need_their_token_and_show_errors_by_the_field() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "social.kita").await;
    let r = ui.post(app.url("/people/search")).form(&[("csrf", "forged"), ("q", "awa")]).send().await.expect("search");
    assert_eq!(r.status(), 403, "a forged form token is refused");
    let form = ui.get(app.url("/people/new")).send().await.expect("form").text().await.expect("html");
    let csrf = csrf_of(&form);
    let before = app.count("SELECT COUNT(*) FROM people");
    let r = ui
        .post(app.url("/people"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("given_name", "Kadidia"),
            ("family_name", ""),
            ("sex", "F"),
            ("birth_year", "2999"),
            ("location_id", app.sites["KIT"].as_str()),
        ])
        .send()
        .await
        .expect("create");
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
    assert!(html.contains("<title>Erreur :"), "the title says there is an error");
    assert!(html.contains("Il y a un problème"), "error summary");
    assert!(html.contains("Ce champ est obligatoire.") && html.contains("La date ne peut pas être dans le futur."));
    assert!(html.contains("value=\"Kadidia\""), "what was typed is kept");
    assert_eq!(before, app.count("SELECT COUNT(*) FROM people"), "nothing written");
    // The same form, right, creates the record and shows it.
    let r = ui
        .post(app.url("/people"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("given_name", "Kadidia"),
            ("family_name", "Traoré"),
            ("sex", "F"),
            ("birth_year", "2019"),
            ("location_id", app.sites["KIT"].as_str()),
        ])
        .send()
        .await
        .expect("create");
    assert_eq!(r.status(), 303);
    let to = r.headers().get("location").and_then(|v| v.to_str().ok()).expect("redirect").to_string();
    let page = ui.get(app.url(&to)).send().await.expect("page").text().await.expect("html");
    assert!(page.contains("KIT-0000") && page.contains("Kadidia") && page.contains(">2019<"));
}

#[tokio::test(flavor = "multi_thread")]
async fn roles_without_people_get_no_people_pages() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "fundraiser").await;
    assert_eq!(ui.get(app.url("/people")).send().await.expect("people").status(), 403);
    assert_eq!(ui.get(app.url(&format!("/people/{}", app.kita_child))).send().await.expect("person").status(), 404);
    let other = ui_client(&app, "social.socoura").await;
    assert_eq!(other.get(app.url(&format!("/people/{}", app.kita_child))).send().await.expect("person").status(), 404);
    assert_eq!(
        other.get(app.url(&format!("/people/{}/edit", app.kita_child))).send().await.expect("edit").status(),
        404
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_failures_say_nothing_about_which_part() {
    let app = spawn_app().await;
    let c = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let page = c.get(app.url("/login")).send().await.expect("page").text().await.expect("html");
    let csrf = csrf_of(&page);
    let wrong_user = c
        .post(app.url("/login"))
        .form(&[("csrf", csrf.as_str()), ("username", "nobody"), ("password", PASSWORD)])
        .send()
        .await
        .expect("post");
    let text_a = wrong_user.text().await.expect("html");
    let page = c.get(app.url("/login")).send().await.expect("page").text().await.expect("html");
    let csrf = csrf_of(&page);
    let wrong_pw = c
        .post(app.url("/login"))
        .form(&[("csrf", csrf.as_str()), ("username", "social.kita"), ("password", "not the password")])
        .send()
        .await
        .expect("post");
    let text_b = wrong_pw.text().await.expect("html");
    assert!(text_a.contains("ou mot de passe incorrect.") && text_b.contains("ou mot de passe incorrect."));
    let strip = |t: &str| t.split("name=\"csrf\"").next().unwrap_or("").to_string();
    assert_eq!(strip(&text_a), strip(&text_b).replace("social.kita", "nobody"), "the same page either way");
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_stay_under_30_kb_compressed() {
    let app = spawn_app().await;
    // Fill a page of the list with long names.
    let token = app.token("social.kita").await;
    for i in 0..30 {
        let body = serde_json::json!({"given_name": format!("Fatoumata Binta Aminata {i}"), "family_name": "Coulibaly-Traoré-Keïta", "other_names": ["Kulibali", "Tarawélé"], "sex": "F", "birth_date": "2017-05-04", "location_id": app.sites["KIT"]});
        assert_eq!(app.send(reqwest::Method::POST, &token, "/api/v1/people", &body).await.status(), 201);
    }
    let ui = ui_client(&app, "director.kita").await;
    for path in [
        "/login",
        "/people",
        &format!("/people/{}", app.kita_child),
        "/people/new",
        "/locations",
        "/households",
        "/account",
    ] {
        let html = ui.get(app.url(path)).send().await.expect("page").bytes().await.expect("body");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&html).expect("gzip");
        let size = gz.finish().expect("gzip").len();
        assert!(size < 30 * 1024, "{path}: {size} bytes compressed");
    }
}

/// The anchors of a page's sections, in order.
fn section_anchors(html: &str) -> Vec<&str> {
    const OPEN: &str = "<section id=\"";
    html.match_indices(OPEN).filter_map(|(at, _)| html[at + OPEN.len()..].split('"').next()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_persons_page_is_sections_each_with_its_own_anchor() {
    use dugu_domain::{FieldGroup, Role};
    let app = spawn_app().await;
    let path = format!("/people/{}", app.kita_child);
    for (user, role) in
        [("nurse.kita", Role::Nurse), ("social.kita", Role::SocialWorker), ("director.kita", Role::LocationDirector)]
    {
        let html = app.html(&ui_client(&app, user).await, &path).await;
        let anchors = section_anchors(&html);
        let mut unique = anchors.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), anchors.len(), "{user}: two sections share an anchor: {anchors:?}");
        assert_eq!(anchors.first(), Some(&"identity"), "{user}: {anchors:?}");
        assert!(anchors.ends_with(&["households", "programmes"]), "{user}: {anchors:?}");
        for (anchor, group) in [
            ("contact", FieldGroup::Contact),
            ("medical-notes", FieldGroup::Medical),
            ("growth", FieldGroup::Medical),
            ("protection-notes", FieldGroup::Protection),
        ] {
            assert_eq!(anchors.contains(&anchor), role.reads(group), "{user}: {anchor} in {anchors:?}");
        }
    }
}
