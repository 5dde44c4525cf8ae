//! A family typed with birth years and ages only, registered again at the
//! other site with its names spelt another way, is warned before saving
//! (issue 15's walk-through: the supervisor's queue found it, the form did
//! not).

use crate::helpers::{csrf_of, spawn_app, ui_client};
use crate::relief_registration::typed;

/// The form's fields with every birth a year or an age, the family name
/// and the given names spelt as given.
fn years_and_ages(form: Vec<(String, String)>, family: &str, given: [&str; 5]) -> Vec<(String, String)> {
    let births = ["1984", "14", "11", "8", "3"];
    form.into_iter()
        .filter(|(k, _)| k != "p0_phone")
        .map(|(k, v)| {
            let row = k.strip_prefix('p').and_then(|r| r.split('_').next()).and_then(|r| r.parse::<usize>().ok());
            match (row, k.rsplit('_').next()) {
                (Some(r), Some("birth")) => (k, births[r].to_string()),
                (Some(_), Some("name")) if k.ends_with("family_name") => (k, family.to_string()),
                (Some(r), Some("name")) if k.ends_with("given_name") => (k, given[r].to_string()),
                _ => (k, v),
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_family_known_by_years_and_ages_registered_again_with_other_spellings_is_warned_before_saving() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "relief.mopti").await;
    let csrf = csrf_of(&app.html(&ui, "/relief/registrations/new").await);
    let first = years_and_ages(
        typed(&app, &csrf, "MOP-SEV", "x"),
        "Coulibaly",
        ["Fatoumata", "Hamadoun", "Aïssata", "Boubacar", "Kadidia"],
    );
    let r = ui.post(app.url("/relief/registrations")).form(&first).send().await.expect("post");
    assert_eq!(r.status(), 303, "the first registration is saved");
    let to = r.headers()["location"].to_str().expect("location").to_owned();
    let household = to.trim_start_matches("/relief/households/").split('?').next().unwrap_or("").to_owned();
    let again = years_and_ages(
        typed(&app, &csrf, "MOP-BAR", "x"),
        "Kulibali",
        ["Fatouma", "Hamadou", "Aissata", "Boubakar", "Kadidiatou"],
    );
    let r = ui.post(app.url("/relief/registrations")).form(&again).send().await.expect("post");
    assert_eq!(r.status(), 200, "not saved: the officer is warned first");
    let html = r.text().await.expect("html");
    assert!(html.contains(&format!("href=\"/relief/households/{household}\"")), "the family is offered: {html}");
    assert_eq!(app.count("SELECT COUNT(*) FROM displacements"), 1, "nothing saved before the officer decides");
}
