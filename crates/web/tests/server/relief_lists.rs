//! What relief writes about a family, read back through the real server
//! as a relief officer and a supervisor would (issue 15's walk-through):
//! days written as the rest of dugu writes them, births known only by
//! their year or an age never written as a day.

use crate::helpers::{TestApp, to_english, ui_client};
use crate::relief_registration::{family, register};
use serde_json::{Value, json};

/// A family of five whose head's birth day is known (2 April 1988), one
/// child's year only (2012) and another's age only (6): registered through
/// the API. Returns the programme and the household.
pub async fn approximate_family(app: &TestApp) -> (String, String) {
    let token = app.token("relief.mopti").await;
    let mut body = family(app, "MOP-SEV", ["Fatoumata", "Guindo"]);
    body["members"][0]["birth_date"] = json!("2012");
    let r = register(app, &token, &body).await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.expect("json");
    (body["programme_id"].as_str().expect("programme").to_owned(), v["household_id"].as_str().expect("id").to_owned())
}

/// The beneficiary list's rows, as the workbook holds them.
async fn workbook_rows(app: &TestApp, ui: &reqwest::Client, programme: &str) -> Vec<Vec<String>> {
    let r = ui.get(app.url(&format!("/relief/programmes/{programme}/beneficiaries.xlsx"))).send().await.expect("xlsx");
    assert_eq!(r.status(), 200);
    let book = r.bytes().await.expect("xlsx");
    let mut sheets = dugu_relief::kobo::xlsx_sheets(&book).expect("a workbook");
    sheets.remove(0).rows
}

fn row_of<'a>(rows: &'a [Vec<String>], given_name: &str) -> &'a Vec<String> {
    rows.iter().find(|r| r.iter().any(|c| c == given_name)).unwrap_or_else(|| panic!("{given_name} in {rows:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn beneficiary_lists_write_days_the_readers_way_and_approximate_births_as_approximate() {
    let app = crate::helpers::spawn_app().await;
    let (programme, household) = approximate_family(&app).await;
    let ui = ui_client(&app, "supervisor.mopti").await;
    let rows = workbook_rows(&app, &ui, &programme).await;
    let col = |key: &str| rows[0].iter().position(|h| h == key).unwrap_or_else(|| panic!("{key} in {:?}", rows[0]));
    let (birth, arrival) = (col("Naissance"), col("Arrivée"));
    let head = row_of(&rows, "Fatoumata");
    assert_eq!(head[birth], "02/04/1988", "an exact day, day first");
    assert_eq!(head[arrival], "14/06/2026");
    assert_eq!(row_of(&rows, "Hamadoun")[birth], "2012", "a year alone is not 01/01/2012");
    let boubacar = &row_of(&rows, "Boubacar")[birth];
    assert!(boubacar.starts_with("vers ") && !boubacar.contains('/'), "an age is « vers 2020 »: {boubacar}");
    assert!(!rows.iter().flatten().any(|c| c.len() == 10 && c.as_bytes()[4] == b'-'), "no ISO day: {rows:?}");

    let r = ui.get(app.url(&format!("/relief/programmes/{programme}/beneficiaries.pdf"))).send().await.expect("pdf");
    let pdf = String::from_utf8_lossy(&r.bytes().await.expect("pdf")).to_string();
    assert!(pdf.contains("02/04/1988") && pdf.contains("14/06/2026"), "days in the PDF");
    assert!(pdf.contains("  2012  ") && pdf.contains("  vers 20"), "approximate births in the PDF");
    assert!(!pdf.contains("1988-04-02") && !pdf.contains("2012-01-01"), "no ISO day in the PDF");

    // The household's relief page says the same, in <time> elements.
    let page = app.html(&ui, &format!("/relief/households/{household}")).await;
    assert!(page.contains(">02/04/1988</time>"), "the exact day");
    assert!(page.contains("<time datetime=\"2012\">2012</time>"), "the year alone");
    assert!(page.contains("vers <time datetime=\"20"), "about a year");
    assert!(!page.contains("01/01/2012"), "never the day a year is stored as");
    assert!(page.contains(">Féminin</td>"), "the sex in words");

    to_english(&app, &ui).await;
    let rows = workbook_rows(&app, &ui, &programme).await;
    let birth = rows[0].iter().position(|h| h == "Birth").unwrap_or_else(|| panic!("Birth in {:?}", rows[0]));
    assert_eq!(row_of(&rows, "Fatoumata")[birth], "2 Apr 1988");
    assert!(row_of(&rows, "Boubacar")[birth].starts_with("about "));
}
