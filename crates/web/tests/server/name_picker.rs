//! Choosing a person by name in the four forms that link someone (a
//! sibling admitted together, a house's SOS parent, a household member, a
//! day-care child): two namesakes in Kita are told apart and the choice
//! is explicit; a namesake out of scope never shows; a record number
//! still works; the matches-as-you-type answer is scoped and not cached.

use crate::helpers::{TestApp, csrf_of, spawn_app, ui_client};
use dugu_storage::writes::*;
use dugu_storage::{HouseholdInput, PersonInput, SystemTask};
use reqwest::Method;
use serde_json::{Value, json};

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// Two Aminata Traoré in Kita, one in Mopti: `(id, record number)` each.
struct Namesakes {
    older: (String, String),
    younger: (String, String),
    mopti: (String, String),
}

async fn namesakes(app: &TestApp) -> Namesakes {
    let system = app.store.system_principal(&app.users["director.kita"], SystemTask::DemoSeeding).expect("system");
    let make = |site: &str, birth: &str| {
        let p = app
            .store
            .create_person(
                &system,
                PersonInput {
                    given_name: "Aminata".into(),
                    family_name: "Traoré".into(),
                    sex: "F".into(),
                    birth_date: birth.into(),
                    location_id: app.sites[site].clone(),
                    ..Default::default()
                },
            )
            .expect("person");
        (p.id, p.record_number)
    };
    Namesakes { older: make("KIT", "2012-01-15"), younger: make("KIT", "2019-06-02"), mopti: make("MOP", "2015-03-03") }
}

async fn house(app: &TestApp) -> String {
    let token = app.token("director.kita").await;
    let body = json!({"location_id": app.sites["KIT"], "name": "Maison Baobab", "capacity": 8});
    let r = app.send(Method::POST, &token, "/api/v1/houses", &body).await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string()
}

fn location(r: &reqwest::Response) -> String {
    r.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or("").to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sibling_is_chosen_by_name_between_two_namesakes() {
    let app = spawn_app().await;
    let n = namesakes(&app).await;
    let baobab = house(&app).await;
    let social = app.token("social.kita").await;
    // A sibling admitted together is a child in care: both namesakes are.
    for (id, _) in [&n.older, &n.younger] {
        let body = json!({"admitted_on": today(), "reason": "orphaned_aids", "house_id": baobab});
        let r = app.send(Method::POST, &social, &format!("/api/v1/people/{id}/admission"), &body).await;
        assert_eq!(r.status(), 201);
    }
    let child = app.kita_child.clone();
    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/people/{child}")).await;
    assert!(
        page.contains("data-pick=\"sibling\"") && page.contains("/static/pick.js"),
        "the sibling field takes a name"
    );
    let csrf = csrf_of(&page);
    let path = app.url(&format!("/people/{child}/admission"));
    let form = |extra: &[(&'static str, &str)]| {
        let mut f: Vec<(&str, String)> = vec![
            ("csrf", csrf.clone()),
            ("admitted_on", today()),
            ("reason", "orphaned_aids".into()),
            ("referred_by", "Service social de Kita".into()),
            ("house_id", baobab.clone()),
        ];
        f.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        f
    };

    // The search step: both Kita namesakes, told apart; Mopti's never;
    // what was typed elsewhere comes back; nothing saved yet.
    let r =
        ui.post(&path).form(&form(&[("sibling", "Aminata Traoré"), ("find", "sibling")])).send().await.expect("find");
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
    for (id, number) in [&n.older, &n.younger] {
        assert!(html.contains(&format!("value=\"{id}\"")) && html.contains(number.as_str()), "{number} listed");
    }
    assert!(!html.contains(&n.mopti.0) && !html.contains(&n.mopti.1), "a namesake out of scope never shows");
    assert!(html.contains("name=\"sibling_pick\"") && html.contains("type=\"radio\""));
    assert!(html.contains("Service social de Kita") && html.contains(&baobab), "the rest of the form is kept");
    assert!(html.contains("2 personnes trouvées"), "{html}");
    assert!(
        html.contains("Enregistrer avec cette personne"),
        "the button says it saves the form, not that it goes back to it"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM admissions"), 2);

    // Saving with a name but no choice never takes one of them.
    let r = ui.post(&path).form(&form(&[("sibling", "Aminata Traoré")])).send().await.expect("no choice");
    assert_eq!(r.status(), 200, "the choosing step again");
    assert_eq!(app.count("SELECT COUNT(*) FROM admissions"), 2);
    // Sent from the step without a tick: said so, still nothing saved.
    let r = ui.post(&path).form(&form(&[("sibling", "Aminata Traoré"), ("step", "sibling")])).send().await;
    let r = r.expect("no tick");
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains("error-summary"));
    assert_eq!(app.count("SELECT COUNT(*) FROM admissions"), 2);

    // A choice the search does not list (out of scope) is refused.
    let r = ui
        .post(&path)
        .form(&form(&[("sibling", "Aminata Traoré"), ("sibling_pick", n.mopti.0.as_str())]))
        .send()
        .await
        .expect("out of scope");
    assert_eq!(r.status(), 422);
    assert!(!r.text().await.expect("html").contains(&n.mopti.1));
    assert_eq!(app.count("SELECT COUNT(*) FROM admissions"), 2);

    // The explicit choice is saved.
    let r = ui
        .post(&path)
        .form(&form(&[("sibling", "Aminata Traoré"), ("sibling_pick", n.younger.0.as_str())]))
        .send()
        .await
        .expect("save");
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/people/{child}#care"));
    let care: Value = app.get(&social, &format!("/api/v1/people/{child}/care")).await.json().await.expect("json");
    let siblings = care["care"]["siblings"].to_string();
    assert!(siblings.contains(&n.younger.0) && !siblings.contains(&n.older.0), "{care}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_sos_parent_is_chosen_by_name() {
    let app = spawn_app().await;
    let n = namesakes(&app).await;
    let ui = ui_client(&app, "director.kita").await;
    let kita = app.sites["KIT"].clone();
    let page = app.html(&ui, &format!("/locations/{kita}/village")).await;
    assert!(page.contains("data-pick=\"sos_parent\""));
    let csrf = csrf_of(&page);
    let base = [("csrf", csrf.as_str()), ("location_id", kita.as_str()), ("name", "Maison Karité"), ("capacity", "8")];
    let mut find = base.to_vec();
    find.extend([("sos_parent", "aminata"), ("find", "sos_parent")]);
    let html = ui.post(app.url("/houses")).form(&find).send().await.expect("find").text().await.expect("html");
    assert!(html.contains(&n.older.1) && html.contains(&n.younger.1) && !html.contains(&n.mopti.1));
    assert!(html.contains("Maison Karité"), "the house's name is kept");
    let mut save = base.to_vec();
    save.extend([("sos_parent", "aminata"), ("sos_parent_pick", n.older.0.as_str())]);
    let r = ui.post(app.url("/houses")).form(&save).send().await.expect("save");
    assert_eq!(r.status(), 303);
    let parents =
        app.store.inspect("SELECT sos_parent_id FROM family_houses WHERE name = 'Maison Karité'", &[]).expect("read");
    assert_eq!(parents, vec![n.older.0.clone()]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_household_member_is_chosen_by_name_or_given_by_record_number() {
    let app = spawn_app().await;
    let n = namesakes(&app).await;
    let ui = ui_client(&app, "social.kita").await;
    let csrf = csrf_of(&app.html(&ui, "/households/new").await);
    let kita = app.sites["KIT"].clone();
    // The head, by name, on the household's creation.
    let r = ui
        .post(app.url("/households"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Famille Traoré"),
            ("location_id", kita.as_str()),
            ("record_number", "Aminata Traoré"),
            ("record_number_pick", n.older.0.as_str()),
        ])
        .send()
        .await
        .expect("create");
    assert_eq!(r.status(), 303);
    let household = location(&r);
    let page = app.html(&ui, &household).await;
    assert!(page.contains("data-pick=\"record_number\"") && page.contains(&n.older.1), "the head is a member");
    let members = app.url(&format!("{household}/members"));

    let html = ui
        .post(&members)
        .form(&[("csrf", csrf.as_str()), ("record_number", "Traoré Aminata"), ("relationship", "child")])
        .send()
        .await
        .expect("name alone")
        .text()
        .await
        .expect("html");
    assert!(html.contains(&n.younger.1) && !html.contains(&n.mopti.1));
    assert!(html.contains("name=\"relationship\" value=\"child\""), "the relationship is kept");
    let r = ui
        .post(&members)
        .form(&[
            ("csrf", csrf.as_str()),
            ("record_number", "Traoré Aminata"),
            ("record_number_pick", n.younger.0.as_str()),
            ("relationship", "child"),
        ])
        .send()
        .await
        .expect("save");
    assert_eq!(r.status(), 303);

    // A record number typed as before is taken at once; another site's is
    // as unknown as one that does not exist.
    let kita_child =
        app.store.inspect("SELECT record_number FROM people WHERE id = ?1", &[&app.kita_child]).expect("rn");
    let r = ui
        .post(&members)
        .form(&[("csrf", csrf.as_str()), ("record_number", kita_child[0].as_str()), ("relationship", "child")])
        .send()
        .await
        .expect("number");
    assert_eq!(r.status(), 303);
    let r = ui
        .post(&members)
        .form(&[("csrf", csrf.as_str()), ("record_number", n.mopti.1.as_str()), ("relationship", "child")])
        .send()
        .await
        .expect("other site");
    assert!(r.text().await.expect("html").contains("Introuvable"), "another site's record number is unknown");
    let token = app.token("social.kita").await;
    let id = household.trim_start_matches("/households/");
    let h: Value = app.get(&token, &format!("/api/v1/households/{id}")).await.json().await.expect("json");
    let ids: Vec<&str> =
        h["members"].as_array().expect("members").iter().filter_map(|m| m["person_id"].as_str()).collect();
    assert_eq!(ids.len(), 3, "{h}");
    for want in [&n.older.0, &n.younger.0, &app.kita_child] {
        assert!(ids.contains(&want.as_str()), "{want} in {h}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_day_care_child_is_chosen_by_name_or_record_number() {
    let app = spawn_app().await;
    let n = namesakes(&app).await;
    let director = app.token("director.kita").await;
    let body = json!({"location_id": app.sites["KIT"], "name": "Petite section", "kind": "daycare"});
    let r = app.send(Method::POST, &director, "/api/v1/groups", &body).await;
    assert_eq!(r.status(), 201);
    let group = r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string();
    let ui = ui_client(&app, "director.kita").await;
    let register = format!("/groups/{group}/register");
    let csrf = csrf_of(&app.html(&ui, &register).await);
    let members = app.url(&format!("/groups/{group}/members"));
    let html = ui
        .post(&members)
        .form(&[("csrf", csrf.as_str()), ("record_number", "Aminata"), ("find", "record_number")])
        .send()
        .await
        .expect("find")
        .text()
        .await
        .expect("html");
    assert!(html.contains(&n.older.1) && html.contains(&n.younger.1) && !html.contains(&n.mopti.1));
    let r = ui
        .post(&members)
        .form(&[("csrf", csrf.as_str()), ("record_number", "Aminata"), ("record_number_pick", n.younger.0.as_str())])
        .send()
        .await
        .expect("save");
    assert_eq!(r.status(), 303);
    // A record number written short (`kit-12` for `KIT-000012`) still works.
    let (site, digits) = n.older.1.split_once('-').expect("a record number");
    let short = format!("{}-{}", site.to_lowercase(), digits.trim_start_matches('0'));
    let r =
        ui.post(&members).form(&[("csrf", csrf.as_str()), ("record_number", short.as_str())]).send().await.expect("n");
    assert_eq!(r.status(), 303, "{short}");
    let page = app.html(&ui, &register).await;
    assert!(page.contains(&n.older.1) && page.contains(&n.younger.1), "both children in the group");
}

#[tokio::test(flavor = "multi_thread")]
async fn matches_as_you_type_are_in_scope_posted_and_not_cached() {
    let app = spawn_app().await;
    let n = namesakes(&app).await;
    for (user, want, never) in [
        ("social.kita", vec![&n.older.0, &n.younger.0], vec![&n.mopti.0]),
        ("relief.mopti", vec![&n.mopti.0], vec![&n.older.0, &n.younger.0]),
    ] {
        let ui = ui_client(&app, user).await;
        let csrf = csrf_of(&app.html(&ui, "/people").await);
        let r = ui
            .post(app.url("/people/pick"))
            .form(&[("csrf", csrf.as_str()), ("q", "aminata traore")])
            .send()
            .await
            .expect("pick");
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "no-store");
        assert!(r.headers()["content-type"].to_str().expect("type").starts_with("application/json"));
        let answer: Value = r.json().await.expect("json");
        let ids: Vec<&str> =
            answer["items"].as_array().expect("items").iter().filter_map(|m| m["id"].as_str()).collect();
        assert_eq!(ids.len(), want.len(), "{user}: {answer}");
        assert!(want.iter().all(|w| ids.contains(&w.as_str())) && never.iter().all(|w| !ids.contains(&w.as_str())));
        assert!(answer["items"][0]["detail"].as_str().expect("detail").contains(" · "), "{answer}");
        // Without the form token, nothing.
        let r = ui.post(app.url("/people/pick")).form(&[("q", "aminata")]).send().await.expect("no token");
        assert_eq!(r.status(), 403);
    }
    // Names never go in a URL: there is no GET.
    let ui = ui_client(&app, "social.kita").await;
    assert_eq!(ui.get(app.url("/people/pick?q=aminata")).send().await.expect("get").status(), 405);
    // The script is dugu's own, allowed by the CSP (scripts and requests
    // from dugu only).
    let r = ui.get(app.url("/static/pick.js")).send().await.expect("script");
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"].to_str().expect("csp").to_string();
    assert!(csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"), "{csp}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_households_list_finds_a_household_by_its_name_or_a_members_name() {
    let app = spawn_app().await;
    let n = namesakes(&app).await;
    let system = app.store.system_principal(&app.users["director.kita"], SystemTask::DemoSeeding).expect("system");
    let household = |site: &str, name: &str, head: &str| {
        let members = if head.is_empty() { vec![] } else { vec![(head.to_string(), "head".to_string())] };
        let input = HouseholdInput { name: name.into(), location_id: app.sites[site].clone(), members };
        app.store.create_household(&system, input).expect("household").id
    };
    let keita = household("KIT", "Famille Keïta", &n.younger.0);
    let diallo = household("KIT", "Famille Diallo", "");
    let mopti = household("MOP", "Famille Maïga", &n.mopti.0);
    let search = |ui: reqwest::Client, q: &'static str| {
        let app = &app;
        async move {
            let csrf = csrf_of(&app.html(&ui, "/households").await);
            let r = ui.post(app.url("/households/search")).form(&[("csrf", csrf.as_str()), ("q", q)]).send().await;
            let r = r.expect("search");
            // Post, then redirect to the kept search (Back works).
            assert_eq!(r.status(), 303);
            let to = r.headers()["location"].to_str().expect("location").to_string();
            app.html(&ui, &to).await
        }
    };
    let social = ui_client(&app, "social.kita").await;
    let found = search(social.clone(), "aminata traore").await;
    assert!(found.contains(&keita) && !found.contains(&diallo), "by a member's name");
    assert!(!found.contains(&mopti), "never another site's household");
    assert!(found.contains("value=\"aminata traore\""), "the words stay in the form");
    let found = search(social.clone(), "keita").await;
    assert!(found.contains(&keita) && !found.contains(&diallo), "by the household's name, accents ignored");
    let found = search(ui_client(&app, "relief.mopti").await, "aminata").await;
    assert!(found.contains(&mopti) && !found.contains(&keita));
    // The search is a POST: its words never go in a URL.
    assert_eq!(social.get(app.url("/households/search?q=aminata")).send().await.expect("get").status(), 405);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sibling_not_yet_in_care_is_named_as_such_never_unknown() {
    let app = spawn_app().await;
    let n = namesakes(&app).await;
    let baobab = house(&app).await;
    let child = app.kita_child.clone();
    let ui = ui_client(&app, "social.kita").await;
    let csrf = csrf_of(&app.html(&ui, &format!("/people/{child}")).await);
    let path = app.url(&format!("/people/{child}/admission"));
    let admit = |sibling: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("admitted_on", today()),
            ("reason", "orphaned_aids".to_string()),
            ("house_id", baobab.clone()),
            ("sibling", sibling.to_string()),
        ]
    };
    let not_in_care = "Cet enfant n&#39;est pas encore pris en charge au village";
    // By name: the Kita namesakes exist but are not in care.
    let r = ui.post(&path).form(&admit("Aminata Traoré")).send().await.expect("post");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains(not_in_care) && !html.contains("Introuvable"), "says why: {html}");
    // By record number, in scope: the same.
    let r = ui.post(&path).form(&admit(&n.older.1)).send().await.expect("post");
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains(not_in_care));
    // Out of scope: still unknown, nothing said about them.
    let r = ui.post(&path).form(&admit(&n.mopti.1)).send().await.expect("post");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("Introuvable") && !html.contains(not_in_care), "{html}");
    // The API says it too.
    let social = app.token("social.kita").await;
    let body = json!({"admitted_on": today(), "reason": "orphaned_aids", "house_id": baobab, "sibling_id": n.older.0});
    let r = app.send(Method::POST, &social, &format!("/api/v1/people/{child}/admission"), &body).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("text").contains("not_in_care"));
    assert_eq!(app.count("SELECT COUNT(*) FROM admissions"), 0, "nothing saved");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_households_search_is_kept_under_an_id_its_session_alone_reads() {
    let app = spawn_app().await;
    let n = namesakes(&app).await;
    let system = app.store.system_principal(&app.users["director.kita"], SystemTask::DemoSeeding).expect("system");
    let input = HouseholdInput {
        name: "Famille Keïta".into(),
        location_id: app.sites["KIT"].clone(),
        members: vec![(n.younger.0.clone(), "head".to_string())],
    };
    let keita = app.store.create_household(&system, input).expect("household").id;
    let ui = ui_client(&app, "social.kita").await;
    let csrf = csrf_of(&app.html(&ui, "/households").await);
    let r = ui
        .post(app.url("/households/search"))
        .form(&[("csrf", csrf.as_str()), ("q", "Keïta")])
        .send()
        .await
        .expect("search");
    assert_eq!(r.status(), 303, "post, then redirect: Back never resends a form");
    let found = r.headers()["location"].to_str().expect("location").to_string();
    assert!(found.starts_with("/households/search/") && found.len() > "/households/search/".len() + 40, "{found}");
    assert!(!found.to_lowercase().contains("ke%c3") && !found.contains("Keïta"), "no name in the address: {found}");
    let page = app.html(&ui, &found).await;
    assert!(page.contains(&keita) && page.contains("value=\"Keïta\""), "the results, read again by GET");

    // Another session, even of the same account, cannot read it.
    let other = ui_client(&app, "social.kita").await;
    let r = other.get(app.url(&found)).send().await.expect("other");
    assert_eq!(r.status(), 404);
    let html = r.text().await.expect("html");
    assert!(!html.contains("Keïta\"") && html.contains("plus disponible"), "{html}");
    // A people search id is not a households search, nor the reverse.
    let csrf = csrf_of(&app.html(&ui, "/people").await);
    let r = ui.post(app.url("/people/search")).form(&[("csrf", csrf.as_str()), ("q", "Aminata")]).send().await;
    let people = r.expect("people").headers()["location"].to_str().expect("location").to_string();
    let id = people.trim_start_matches("/people/search/");
    assert_eq!(ui.get(app.url(&format!("/households/search/{id}"))).send().await.expect("get").status(), 404);
}

/// The walk-through's shots 26 and 60: a sibling chosen by name was lost
/// when the admission was refused for another reason (the form came back
/// with the name typed, asking to choose again), and the choosing step's
/// result landed at the top of the page. The refused form keeps the person
/// chosen, as shown; the step posts back to `#form-admission`.
#[tokio::test(flavor = "multi_thread")]
async fn a_sibling_chosen_by_name_is_kept_when_the_admission_is_refused_for_another_reason() {
    let app = spawn_app().await;
    let n = namesakes(&app).await;
    let baobab = house(&app).await;
    let social = app.token("social.kita").await;
    for (id, _) in [&n.older, &n.younger] {
        let body = json!({"admitted_on": today(), "reason": "orphaned_aids", "house_id": baobab});
        let r = app.send(Method::POST, &social, &format!("/api/v1/people/{id}/admission"), &body).await;
        assert_eq!(r.status(), 201);
    }
    let child = app.kita_child.clone();
    let ui = ui_client(&app, "social.kita").await;
    let page = app.html(&ui, &format!("/people/{child}")).await;
    let csrf = csrf_of(&page);
    let path = app.url(&format!("/people/{child}/admission"));
    let step = ui
        .post(&path)
        .form(&[
            ("csrf", csrf.as_str()),
            ("house_id", baobab.as_str()),
            ("sibling", "Aminata Traoré"),
            ("find", "sibling"),
        ])
        .send()
        .await
        .expect("find");
    let html = step.text().await.expect("html");
    assert!(html.contains(&format!("action=\"/people/{child}/admission#form-admission\"")), "back to the form");
    // Chosen on the step, but no reason given: refused, the choice kept.
    let r = ui
        .post(&path)
        .form(&[
            ("csrf", csrf.as_str()),
            ("admitted_on", today().as_str()),
            ("house_id", baobab.as_str()),
            ("sibling", "Aminata Traoré"),
            ("sibling_pick", n.younger.0.as_str()),
            ("step", "sibling"),
        ])
        .send()
        .await
        .expect("refused");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains(&format!("name=\"sibling_pick\" value=\"{}\"", n.younger.0)), "the choice is kept");
    assert!(html.contains(&format!("Aminata Traoré ({})", n.younger.1)), "shown as chosen");
    // Sent again with the reason: saved with the same sibling, no new step.
    let r = ui
        .post(&path)
        .form(&[
            ("csrf", csrf.as_str()),
            ("admitted_on", today().as_str()),
            ("reason", "abandoned"),
            ("house_id", baobab.as_str()),
            ("sibling", "Aminata Traoré"),
            ("sibling_pick", n.younger.0.as_str()),
        ])
        .send()
        .await
        .expect("saved");
    assert_eq!(r.status(), 303);
    let care: Value = app.get(&social, &format!("/api/v1/people/{child}/care")).await.json().await.expect("json");
    assert!(care["care"]["siblings"].to_string().contains(&n.younger.0), "{care}");
}
