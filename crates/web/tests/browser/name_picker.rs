//! A social worker admits a child with her sister by typing the sister's
//! name — no file number. Two Aminata Traoré live in the Kita village: the
//! page tells them apart (record number, age) and the worker ticks one.
//! Once through the search step that works without JavaScript (the
//! "Chercher" button), once with the matches shown as she types; at 1280
//! and 360 px. An Aminata Traoré of Mopti never shows.

use crate::driver::Browser;
use crate::helpers::{TestApp, spawn_app};
use dugu_storage::writes::*;
use dugu_storage::{AdmissionInput, HouseInput, PersonInput, SystemTask};

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// Two sisters-to-be admitted, two Aminata Traoré in care at Kita, one at
/// Mopti, and a house: `(house, [older, younger], mopti record number)`.
fn village(app: &TestApp) -> (String, [(String, String); 2], String) {
    let system = app.store.system_principal(&app.users["director.kita"], SystemTask::DemoSeeding).expect("system");
    let person = |site: &str, birth: &str| {
        let input = PersonInput {
            given_name: "Aminata".into(),
            family_name: "Traoré".into(),
            sex: "F".into(),
            birth_date: birth.into(),
            location_id: app.sites[site].clone(),
            ..Default::default()
        };
        let p = app.store.create_person(&system, input).expect("person");
        (p.id, p.record_number)
    };
    let house = HouseInput {
        location_id: app.sites["KIT"].clone(),
        name: "Maison Baobab".into(),
        capacity: Some(10),
        sos_parent_id: String::new(),
    };
    let house = app.store.create_house(&system, house).expect("house").id;
    let namesakes = [person("KIT", "2012-01-15"), person("KIT", "2019-06-02")];
    for (id, _) in &namesakes {
        let admission = AdmissionInput {
            admitted_on: today(),
            reason: "orphaned_aids".into(),
            referred_by: String::new(),
            house_id: house.clone(),
            sibling_id: String::new(),
            sibling_not_taken: None,
            confirm_over_capacity: false,
        };
        app.store.admit(&system, id, admission, time::OffsetDateTime::now_utc().date()).expect("admitted");
    }
    (house, namesakes, person("MOP", "2015-03-03").1)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn a_sibling_is_chosen_by_name() {
    let app = spawn_app().await;
    let (house, [older, younger], mopti) = village(&app);
    let b = Browser::start().await;
    b.sign_in(&app.base, "social.kita").await;
    b.wait_for("Personnes").await;

    // Without JavaScript's help: the search step.
    b.go(&format!("{}/people/{}#care", app.base, app.kita_child)).await;
    b.wait_for("data-pick=\"sibling\"").await;
    b.click("#form-admission summary").await;
    let day = time::OffsetDateTime::now_utc().date();
    b.type_in("#admission-admitted_on", &format!("{:02}/{:02}/{}", day.day(), day.month() as u8, day.year())).await;
    b.click("#admission-reason option[value=orphaned_aids]").await;
    b.click(&format!("#admission-house_id option[value='{house}']")).await;
    b.type_in("#admission-sibling", "Aminata Traoré").await;
    b.click("button[name=find][value=sibling]").await;
    let page = b.wait_for("personnes trouvées").await;
    assert!(page.contains(&older.1) && page.contains(&younger.1), "both namesakes, told apart: {page}");
    assert!(page.contains("ans ·") || page.contains(" ans"), "ages shown");
    assert!(!page.contains(&mopti), "never a namesake out of scope");
    b.shot("name-picker-step").await;
    b.set_width(360).await;
    assert!(b.overflow_px().await <= 0, "the step fits a phone");
    b.shot("name-picker-step-360").await;
    b.set_width(1280).await;
    b.click(&format!("input[name=sibling_pick][value='{}']", younger.0)).await;
    b.click("main form button[type=submit]:not([name])").await;
    let page = b.wait_for(&format!("href=\"/people/{}#care\"", younger.0)).await;
    assert!(page.contains(&format!("href=\"/people/{}#care\"", younger.0)), "the sister is linked: {page}");

    // With JavaScript: the matches appear as she types.
    let system = app.store.system_principal(&app.users["director.kita"], SystemTask::DemoSeeding).expect("system");
    let oumou = PersonInput {
        given_name: "Oumou".into(),
        family_name: "Traoré".into(),
        sex: "F".into(),
        birth_date: "2017-02-02".into(),
        location_id: app.sites["KIT"].clone(),
        ..Default::default()
    };
    let oumou = app.store.create_person(&system, oumou).expect("oumou").id;
    b.go(&format!("{}/people/{oumou}#care", app.base)).await;
    b.wait_for("data-pick=\"sibling\"").await;
    b.click("#form-admission summary").await;
    b.click("#admission-reason option[value=orphaned_aids]").await;
    b.click(&format!("#admission-house_id option[value='{house}']")).await;
    b.type_in("#admission-sibling", "aminata").await;
    let page = b.wait_for("name=\"sibling_pick\"").await;
    assert!(page.contains(&older.1) && page.contains(&younger.1) && !page.contains(&mopti), "matches as one types");
    b.shot("name-picker-typing").await;
    b.set_width(360).await;
    b.shot("name-picker-typing-360").await;
    b.set_width(1280).await;
    b.click(&format!("input[name=sibling_pick][value='{}']", older.0)).await;
    // The admission's day is never preset: it is copied from the file
    // (typed with spaces, as the birth date's hint teaches).
    let day = time::OffsetDateTime::now_utc().date();
    b.type_in("#admission-admitted_on", &format!("{} {} {}", day.day(), day.month() as u8, day.year())).await;
    b.click("form[action*='/admission'] button[type=submit]:not([name])").await;
    let page = b.wait_for(&format!("href=\"/people/{}#care\"", older.0)).await;
    assert!(page.contains(&format!("href=\"/people/{}#care\"", older.0)), "saved at once with the choice");
    b.quit().await;
}
