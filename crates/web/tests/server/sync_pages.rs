//! What people see of sync, through the real server: `/conflicts` lists a
//! date of birth changed at two sites (values in words, who, where, when)
//! and a location director resolves it once through its form; the child's
//! page warns until then; a reader who may not write sees no form; out of
//! scope is 404. On a site's database, a record says how far its changes
//! went and the home page when it last synced; the hub's `/sites` lists a
//! site created through its form, whose code is shown once.

use crate::conflicts::{made_elsewhere, unhex};
use crate::helpers::{TestApp, csrf_of, spawn_app, ui_client};
use dugu_sync::Verdict;

/// A page as a reader reads it: the apostrophes and quotes the templates
/// escape, as text.
async fn read(app: &TestApp, c: &reqwest::Client, path: &str) -> String {
    words(&app.html(c, path).await)
}

fn words(html: &str) -> String {
    html.replace("&#39;", "'").replace("&quot;", "\"")
}

/// Puts the Kita child's date of birth in conflict: changed at the Kita
/// site (which the hub knows) and at a device it does not. Returns the
/// conflict's id as the page links it.
async fn birth_date_in_conflict(app: &TestApp) -> String {
    let child = app.kita_child.clone();
    let creation =
        app.store.inspect("SELECT hex(op_id) FROM ops WHERE entity_id = ?1 AND field IS NULL", &[&child]).expect("op");
    let creation = unhex(&creation[0]);
    let (kita_site, elsewhere) = (dugu_storage::new_id(), dugu_storage::new_id());
    let sql = format!(
        "INSERT INTO sites (id, location_id, created_at, created_by) VALUES ('{kita_site}', '{}', 0, '{}')",
        app.sites["KIT"], app.users["admin"]
    );
    app.store.write(move |tx| tx.execute_for_tests(&sql)).expect("a site of the hub");
    let ops = vec![
        made_elsewhere(&kita_site, &child, &creation, "birth_date", "\"2019-03-01\""),
        made_elsewhere(&elsewhere, &child, &creation, "birth_date", "\"2019-04-01\""),
    ];
    assert_eq!(app.store.receive(ops).expect("receive"), vec![Verdict::Accepted, Verdict::Accepted]);
    let page = read(app, &ui_client(app, "director.kita").await, "/conflicts").await;
    let at = page.find("id=\"conflict-").expect("a conflict listed") + "id=\"conflict-".len();
    page[at..].split('"').next().expect("id").to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_director_resolves_a_date_of_birth_changed_at_two_sites_once_through_the_page() {
    let app = spawn_app().await;
    let id = birth_date_in_conflict(&app).await;
    let director = ui_client(&app, "director.kita").await;
    let number = app.store.inspect("SELECT record_number FROM people WHERE id = ?1", &[&app.kita_child]).expect("n");
    let page = read(&app, &director, "/conflicts").await;
    for said in [
        "Sécurité de l'enfant",
        "Date de naissance",
        &format!("<a href=\"/people/{}\">{} Awa Sangaré</a>", app.kita_child, number[0]),
        "01/03/2019",
        "01/04/2019",
        "Kita",
        "un autre site",
        &format!("action=\"/conflicts/{id}#conflict-{id}\""),
    ] {
        assert!(page.contains(said), "the conflicts page says {said:?}");
    }
    assert!(!page.contains(">2019-03-01<"), "days in words");

    // The child's page warns, and links to the form; the hub shows no
    // sync state.
    let child_page = read(&app, &director, &format!("/people/{}", app.kita_child)).await;
    assert!(child_page.contains("Deux sites ne sont pas d'accord"), "the warning");
    assert!(child_page.contains(&format!("href=\"/conflicts#conflict-{id}\"")));
    assert!(!child_page.contains("Synchronisation avec le bureau national"), "no sync state on the hub");

    // A date that is no day: the field is named, nothing is written.
    let ops = app.count("SELECT COUNT(*) FROM ops");
    let form = |choice: &str, typed: &str| {
        vec![("csrf".to_string(), csrf_of(&page)), ("choice".into(), choice.into()), ("typed".into(), typed.into())]
    };
    let r = director
        .post(app.url(&format!("/conflicts/{id}")))
        .form(&form("new", "31/02/2019"))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    let refused = words(&r.text().await.expect("html"));
    assert!(refused.contains("Date de naissance\u{a0}: "), "the error names the field");
    assert!(refused.contains("value=\"31/02/2019\""), "what was typed is kept");
    let r = director.post(app.url(&format!("/conflicts/{id}"))).form(&form("", "")).send().await.expect("post");
    assert_eq!(r.status(), 422, "nothing chosen");
    assert_eq!(app.count("SELECT COUNT(*) FROM ops"), ops, "nothing written");

    let r = director
        .post(app.url(&format!("/conflicts/{id}")))
        .form(&form("\"2019-03-01\"", ""))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/conflicts#main");
    assert_eq!(app.count("SELECT COUNT(*) FROM ops"), ops + 1, "one ordinary op");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'conflict' AND action = 'update'"), 1);
    let born = app.store.inspect("SELECT birth_date FROM people WHERE id = ?1", &[&app.kita_child]).expect("born");
    assert_eq!(born, ["2019-03-01"]);
    let after = read(&app, &director, "/conflicts").await;
    assert!(after.contains("Conflit résolu"), "said once");
    assert!(after.contains("Aucun conflit entre sites"), "gone");
    assert!(!read(&app, &director, "/conflicts").await.contains("Conflit résolu"), "not said again");
    let child_page = read(&app, &director, &format!("/people/{}", app.kita_child)).await;
    assert!(!child_page.contains("Deux sites ne sont pas d'accord"), "the warning is gone");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reader_who_may_not_write_sees_no_form_and_out_of_scope_is_404() {
    let app = spawn_app().await;
    let id = birth_date_in_conflict(&app).await;
    let national = ui_client(&app, "director.national").await;
    let page = read(&app, &national, "/conflicts").await;
    assert!(page.contains("Date de naissance") && page.contains("01/04/2019"), "listed to a reader");
    assert!(!page.contains("action=\"/conflicts/"), "no form for a role that writes no record");
    let r = national
        .post(app.url(&format!("/conflicts/{id}")))
        .form(&[("csrf", csrf_of(&page).as_str()), ("choice", "\"2019-03-01\"")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);

    let mopti = ui_client(&app, "relief.mopti").await;
    let page = read(&app, &mopti, "/conflicts").await;
    assert!(page.contains("Aucun conflit entre sites") && !page.contains("Date de naissance"), "not listed");
    let r = mopti
        .post(app.url(&format!("/conflicts/{id}")))
        .form(&[("csrf", csrf_of(&page).as_str()), ("choice", "\"2019-03-01\"")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 404);
    let fundraiser = ui_client(&app, "fundraiser").await;
    assert_eq!(fundraiser.get(app.url("/conflicts")).send().await.expect("get").status(), 403);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'conflict'"), 0, "nothing resolved");
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_site_a_record_says_how_far_its_changes_went_and_the_home_page_when_it_last_synced() {
    let app = spawn_app().await;
    let sql = format!(
        "INSERT INTO hub_link (site_id, hub_url, location_id, enrolled_at, pulled) VALUES ('{}', 'http://hub', '{}', 0, '{{}}')",
        app.store.site_id(),
        app.sites["KIT"]
    );
    app.store.write(move |tx| tx.execute_for_tests(&sql)).expect("a site");
    let social = ui_client(&app, "social.kita").await;
    let child = format!("/people/{}", app.kita_child);
    let page = read(&app, &social, &child).await;
    // The child was written here (the test's seeding) and never sent.
    assert!(page.contains("Synchronisation avec le bureau national"), "sync state on a site");
    assert!(page.contains("1 modification faite ici en attente d'envoi"), "waiting");
    let home = read(&app, &social, "/").await;
    assert!(home.contains("Pas encore synchronisé avec le bureau national depuis l"), "never synced");
    let own = app.count("SELECT COUNT(*) FROM ops");
    assert!(home.contains(&format!("{own} modifications en attente d'envoi")), "every own op waits");

    // Sent, not answered.
    let sql = "UPDATE hub_link SET sent = (SELECT MAX(seq) FROM ops)";
    app.store.write(move |tx| tx.execute_for_tests(sql)).expect("sent");
    assert!(read(&app, &social, &child).await.contains("en attente de la réponse du bureau national"));

    // Answered: acknowledged, then one of its ops refused with a reason.
    let sql = "UPDATE hub_link SET pushed = (SELECT MAX(seq) FROM ops), last_sync = 1764662400000";
    app.store.write(move |tx| tx.execute_for_tests(sql)).expect("pushed");
    let page = read(&app, &social, &child).await;
    assert!(page.contains("les modifications faites ici sont parvenues au bureau national"), "acknowledged");
    let home = read(&app, &social, "/").await;
    assert!(home.contains("Dernière synchronisation avec le bureau national") && home.contains("02/12/2025"));
    assert!(home.contains("Aucune modification en attente d"), "nothing waits");
    let sql = format!(
        "INSERT INTO sync_rejections (device, seq, entity_id, reason, at)
         SELECT device, seq, entity_id, 'out_of_scope', 1764662400000 FROM ops WHERE entity_id = '{}' AND field IS NULL",
        app.kita_child
    );
    app.store.write(move |tx| tx.execute_for_tests(&sql)).expect("refused");
    let page = read(&app, &social, &child).await;
    // Said of any record (a measurement is feminine, a person not): the
    // change is what was refused.
    assert!(
        page.contains(
            "Personne : modification refusée par le bureau national (la fiche est hors des lieux de ce site)"
        ),
        "the reason: {page}"
    );
    let home = read(&app, &social, "/").await;
    assert!(home.contains("<a href=\"/sync/refused\">1 modification refusée"), "the refused count links the list");
    let list = read(&app, &social, "/sync/refused").await;
    assert!(list.contains("Awa Sangaré") && list.contains("la fiche est hors des lieux de ce site"));
    let mopti = ui_client(&app, "relief.mopti").await;
    let theirs = read(&app, &mopti, "/sync/refused").await;
    assert!(!theirs.contains("Awa Sangaré") && theirs.contains("Aucune modification faite ici n"), "scoped");
    let r = mopti.get(app.url(&child)).send().await.expect("get");
    assert_eq!(r.status(), 404, "out of scope");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_hub_lists_a_site_created_through_its_form_whose_code_is_shown_once() {
    let app = spawn_app().await;
    let admin = ui_client(&app, "admin").await;
    let page = read(&app, &admin, "/sites").await;
    assert!(page.contains("Aucun site pour l"), "no site yet");
    let csrf = csrf_of(&page);
    let r =
        admin.post(app.url("/sites")).form(&[("csrf", csrf.as_str()), ("location_id", "")]).send().await.expect("post");
    assert_eq!(r.status(), 422);
    assert!(words(&r.text().await.expect("html")).contains("Lieu\u{a0}: "), "the error names the field");
    let kita = app.sites["KIT"].clone();
    let r = admin
        .post(app.url("/sites"))
        .form(&[("csrf", csrf.as_str()), ("location_id", kita.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().expect("location").trim_end_matches("#new-site").to_string();
    assert!(to.starts_with("/sites?created="), "{to}");
    let shown = read(&app, &admin, &to).await;
    let command = format!("dugu enrol --data DIR --hub {} --code=", app.base);
    let at = shown.find(&command).expect("what to type on the site's laptop") + command.len();
    let code: String =
        shown[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    assert!(code.len() >= 20, "the code: {code}");
    let hash = app.store.inspect("SELECT code_hash FROM enrolment_codes", &[]).expect("hash");
    assert_eq!(hash.len(), 1);
    assert!(!hash[0].contains(&code), "only its hash is kept");
    let again = read(&app, &admin, &to).await;
    assert!(!again.contains(&code) && again.contains("affiché une fois"), "shown once");
    assert!(again.contains("Kita") && again.contains("en attente d'inscription"), "waiting for enrolment");
    // Two places may share a name: the line says which by its kind and code.
    assert!(again.contains(" (KIT)</th>"), "the place's code beside its name on its line");
    assert!(again.contains("un village d'enfants ou un bureau"), "what a site is usually for");

    // A conflict in Kita's places and a refused op show on every Kita
    // site's line.
    birth_date_in_conflict(&app).await;
    let sql =
        "INSERT INTO refused_ops (site_id, seq, op_id, reason, at) SELECT id, 1, x'00', 'forbidden', 0 FROM sites";
    app.store.write(move |tx| tx.execute_for_tests(sql)).expect("a refused op");
    let national = ui_client(&app, "director.national").await;
    let theirs = read(&app, &national, "/sites").await;
    assert!(theirs.contains("Kita") && !theirs.contains("action=\"/sites"), "listed, no form");
    assert_eq!(
        theirs.matches("<a href=\"/conflicts\"><strong class=\"warning\">1</strong></a>").count(),
        2,
        "the conflict, on both Kita sites, a way to them"
    );
    assert_eq!(theirs.matches(">1</td></tr>").count(), 2, "one refused op each");
    let director = ui_client(&app, "director.kita").await;
    assert_eq!(director.get(app.url("/sites")).send().await.expect("get").status(), 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_directors_home_says_how_many_conflicts_wait_for_a_decision_in_their_places() {
    let app = spawn_app().await;
    let director = ui_client(&app, "director.kita").await;
    assert!(!read(&app, &director, "/").await.contains("href=\"/conflicts\">1 champ"), "none yet");
    birth_date_in_conflict(&app).await;
    let home = read(&app, &director, "/").await;
    assert!(home.contains("<a href=\"/conflicts\">1 champ en conflit attend votre décision</a>"), "{home}");
    let national = ui_client(&app, "director.national").await;
    assert!(read(&app, &national, "/").await.contains("1 champ en conflit"), "the national director's places hold it");
    for other in ["nurse.kita", "social.kita"] {
        let them = ui_client(&app, other).await;
        assert!(!read(&app, &them, "/").await.contains("champ en conflit"), "{other} does not decide them");
    }
}
