//! Forms that never lose what was typed, and weighty actions confirmed:
//! the village director's refused admission comes back open beside its
//! own fields, with what was typed, scrolled to; once saved, the page says
//! so in the care section. Ending care asks first, on a page that says
//! what will happen; only its confirm ends the care.

use crate::driver::Browser;
use crate::helpers::spawn_app;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn a_refused_admission_keeps_what_was_typed_and_ending_care_asks_first() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let house = json!({"location_id": app.sites["KIT"], "name": "Maison Baobab", "capacity": 8});
    app.create(&director, "/api/v1/houses", &house).await;
    let child = app.kita_child.clone();
    let child_url = format!("{}/people/{child}", app.base);

    let b = Browser::start().await;
    b.sign_in(&app.base, "director.kita").await;
    b.wait_for("Personnes").await;
    b.go(&child_url).await;
    b.wait_for("Admettre l'enfant").await;
    let open = "return document.querySelector('#form-admission').open;";
    assert_eq!(b.script(open).await, json!(false), "the form waits behind its link");
    assert_eq!(
        b.script("return document.querySelector('#admission-reason').value;").await,
        json!(""),
        "no admission reason is chosen for the director"
    );

    // A date in the future and no house: refused.
    b.click("#form-admission summary").await;
    // Typed day first, as the field asks, whatever the browser's locale.
    b.script("document.querySelector('#admission-admitted_on').value = ''; return 0;").await;
    b.type_in("#admission-admitted_on", "01/01/2099").await;
    b.click("#admission-reason option[value=abandoned]").await;
    b.type_in("#admission-referred_by", "Service social de Kita").await;
    b.click("#form-admission button[type=submit]").await;
    b.wait_for("Il y a un problème").await;
    assert!(b.url().await.ends_with("#form-admission"), "brought back to the form: {}", b.url().await);
    assert_eq!(b.script(open).await, json!(true), "the refused form is open");
    let kept = "return [document.querySelector('#admission-admitted_on').value, document.querySelector('#admission-reason').value, \
                document.querySelector('#admission-referred_by').value];";
    assert_eq!(b.script(kept).await, json!(["01/01/2099", "abandoned", "Service social de Kita"]), "what was typed");
    let beside = "return [...document.querySelectorAll('.error-message, .error-summary')]\
                  .every(e => e.closest('#form-admission') !== null);";
    assert_eq!(b.script(beside).await, json!(true), "every error sits in the admission form");
    let texts = b.script("return document.querySelector('#form-admission').innerText;").await;
    let texts = texts.as_str().unwrap_or_default();
    assert!(texts.contains("Maison familiale") && texts.contains("obligatoire"), "names the house: {texts}");
    assert!(texts.contains("futur"), "and the date: {texts}");
    let top = b.script("return document.querySelector('#form-admission').getBoundingClientRect().top;").await;
    assert!(top.as_f64().is_some_and(|t| (-5.0..400.0).contains(&t)), "scrolled to the form: {top}");
    b.shot("forms-admission-refused").await;
    b.set_width(360).await;
    b.shot("forms-admission-refused-360").await;
    b.set_width(1280).await;

    // Corrected: saved, and said where the reader is.
    let today = time::OffsetDateTime::now_utc().date();
    let today = format!("{:02}.{:02}.{}", today.day(), today.month() as u8, today.year());
    b.script("document.querySelector('#admission-admitted_on').value = ''; return 0;").await;
    b.type_in("#admission-admitted_on", &today).await;
    b.click("#admission-house_id option:nth-child(2)").await;
    b.click("#form-admission button[type=submit]").await;
    b.wait_for("Admission enregistrée.").await;
    let url = b.url().await;
    assert!(url.ends_with("#care") && !url.contains("saved"), "back at the care section: {url}");
    let flash =
        "return document.querySelector('#care .flash') ? document.querySelector('#care .flash').innerText : '';";
    assert_eq!(b.script(flash).await, json!("Admission enregistrée."));
    b.shot("forms-admission-saved").await;
    b.refresh().await;
    b.wait_for("Maison Baobab").await;
    assert_eq!(b.script(flash).await, json!(""), "a reload does not say it again");

    // Ending care: a page that says what will happen, nothing chosen.
    b.click("#care a[href$='/leaving']").await;
    b.wait_for("Mettre fin à la prise en charge").await;
    let page = b.source().await;
    assert!(page.contains("Maison Baobab") && page.contains("Awa Sangaré"), "says whose care and which house");
    let empty = "return [document.querySelector('#left_on').value, document.querySelector('#leaving_reason').value];";
    assert_eq!(b.script(empty).await, json!(["", ""]), "no date or reason chosen in advance");
    b.click("main form button[type=submit]").await;
    let page = b.wait_for("Il y a un problème").await;
    assert!(page.contains("Date de départ") && page.contains("Motif de départ"), "names both fields");
    b.type_in("#left_on", &today).await;
    b.click("#leaving_reason option[value=reintegration]").await;
    b.click("main form button[type=submit]").await;
    let page = b.wait_for("Vérifiez avant de mettre fin").await;
    assert!(page.contains("Réintégration familiale") && page.contains("Ce qui va se passer"), "checks the answers");
    assert!(b.url().await.contains("/leaving?check="), "the check page has an address of its own");
    // A reload shows it again: a GET, no "resubmit the form?".
    b.refresh().await;
    b.wait_for("Vérifiez avant de mettre fin").await;
    b.shot("forms-end-care-check").await;
    b.set_width(360).await;
    b.shot("forms-end-care-check-360").await;
    b.set_width(1280).await;
    let care: Value = app.get(&director, &format!("/api/v1/people/{child}/care")).await.json().await.expect("json");
    assert!(care["care"]["left_on"].is_null(), "nothing ended before the confirm: {care}");

    b.click("button[value=confirm]").await;
    b.wait_for("Fin de prise en charge enregistrée.").await;
    assert!(b.url().await.ends_with(&format!("/people/{child}#care")));
    let care: Value = app.get(&director, &format!("/api/v1/people/{child}/care")).await.json().await.expect("json");
    assert_eq!(care["care"]["leaving_reason"], json!("reintegration"), "ended by the confirm: {care}");
    // Back to the check page: the record again, said done, nothing written twice.
    let ops = "SELECT COUNT(*) FROM ops WHERE entity_type = 'admission' AND field = 'leaving_reason'";
    let ended = app.count(ops);
    b.back().await;
    b.wait_for("Fin de prise en charge enregistrée.").await;
    assert!(b.url().await.ends_with(&format!("/people/{child}#care")), "back on the record");
    assert_eq!(app.count(ops), ended, "nothing written again");
    b.shot("forms-end-care-done").await;
    b.script("window.scrollTo(0, 0); return 0;").await;
    b.shot("forms-person-top").await;
    b.set_width(360).await;
    b.shot("forms-person-top-360").await;
    b.quit().await;
}
