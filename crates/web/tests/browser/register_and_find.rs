//! The social worker registers a child and finds them by searching without
//! accents, in French; a social worker of another village cannot open it.

use crate::driver::Browser;
use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn social_worker_registers_and_finds_a_child() {
    let app = spawn_app().await;
    let b = Browser::start().await;

    b.sign_in(&app.base, "social.kita").await;
    // The social worker starts on her home page, then opens the people list.
    let page = b.wait_for("Renforcement familial").await;
    assert!(b.url().await.ends_with('/'), "lands on the home page");
    assert!(page.contains("lang=\"fr\"") && page.contains("Personnes"), "in French");
    b.go(&format!("{}/people", app.base)).await;
    b.wait_for("Enregistrer une personne").await;

    b.click("a.button[href='/people/new']").await;
    b.type_in("#given_name", "Aïssata").await;
    b.type_in("#family_name", "Dembélé").await;
    b.click("input[name=sex][value=F]").await;
    b.type_in("input[name=birth_day]", "14").await;
    b.type_in("input[name=birth_month]", "2").await;
    b.type_in("input[name=birth_year]", "2019").await;
    b.click("form button[type=submit]:not(.top button)").await;
    let page = b.wait_for("KIT-").await;
    assert!(
        page.contains("Aïssata") && page.contains("14/02/2019") && page.contains("KIT-"),
        "the new record is shown"
    );
    assert!(page.contains("Fiche enregistrée."), "and said saved, at the top of the page");
    // The page's own address, without the fragment that brought the
    // reader to the saved message.
    let child_url = b.url().await.split('#').next().unwrap_or_default().to_string();

    // Found by searching without accents, partially.
    b.go(&format!("{}/people", app.base)).await;
    b.type_in("#q", "aissata dembe").await;
    b.click("form.search button").await;
    let page = b.wait_for("1 personne.").await;
    b.shot("search").await;
    assert!(page.contains("Dembélé") && page.contains("1 personne."), "found without accents: {page}");
    b.click("td a").await;
    let page = b.wait_for("Identité").await;
    assert_eq!(b.url().await, child_url);
    b.shot("person").await;
    b.set_width(360).await;
    b.shot("person-360").await;
    b.set_width(1280).await;
    assert!(page.contains("Identité") && page.contains("Date de naissance"), "the record page is in French");

    // Sign out; a social worker of another village cannot open the record.
    b.click("form.logout button").await;
    b.wait_for("Connexion").await;
    b.sign_in(&app.base, "social.socoura").await;
    b.wait_for("Personnes").await;
    b.go(&child_url).await;
    let page = b.wait_for("Page introuvable").await;
    assert!(page.contains("Page introuvable"), "out of scope is not found");
    assert!(!page.contains("Dembélé") && !page.contains("Aïssata"), "nothing of the child shows");
    b.quit().await;
}
