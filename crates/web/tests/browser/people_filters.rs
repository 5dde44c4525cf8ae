//! The director narrows the people list and a name search by age group and
//! sex.

use crate::driver::Browser;
use crate::helpers::spawn_app;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn director_narrows_the_people_list_and_a_name_search() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let today = time::OffsetDateTime::now_utc().date();
    for (given, sex, days) in [("Boubacar", "M", 300), ("Mariam", "F", 3700), ("Sékou", "M", 3800)] {
        let body = json!({"given_name": given, "family_name": "Samaké", "sex": sex,
            "birth_date": (today - time::Duration::days(days)).to_string(), "location_id": app.sites["KIT"]});
        app.create(&director, "/api/v1/people", &body).await;
    }
    let b = Browser::start().await;
    b.sign_in(&app.base, "director.kita").await;
    b.wait_for("Aujourd").await;
    b.go(&format!("{}/people", app.base)).await;
    b.wait_for("Rechercher un nom").await;
    // Under five, no name: only the baby.
    b.click("#age_group option[value='0-4']").await;
    b.click("form.search button").await;
    let page = b.wait_for(r#"value="0-4" selected"#).await;
    assert!(page.contains("Boubacar") && !page.contains("Mariam") && !page.contains("Sékou"), "under five only");
    // A name with the filters kept: the boys named Samaké of 5–11.
    b.click("#age_group option[value='5-11']").await;
    b.click("#sex option[value='M']").await;
    b.type_in("#q", "samake").await;
    b.click("form.search button").await;
    // Only the new page lists Sékou (the one before also said "1 personne.").
    let page = b.wait_for("Sékou").await;
    b.shot("filters").await;
    assert!(page.contains("Sékou") && !page.contains("Mariam") && !page.contains("Boubacar"), "{page}");
    let url = b.url().await;
    assert!(url.contains("/people/search/") && !url.to_lowercase().contains("samak"), "no name in the address: {url}");
    b.quit().await;
}
