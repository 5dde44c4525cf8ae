//! A KoBo CSV export whose cell holds a line break: a problem further down
//! names the line of the file where its row starts — where a person
//! opening the file finds it — and its column, in French and in English.

use crate::helpers::{TestApp, csrf_of, spawn_app, to_english, ui_client};
use crate::relief_registration::{example, mopti_programme, multipart};

/// The households' sheet uploaded with the example's members: the status
/// and the page.
async fn send(app: &TestApp, ui: &reqwest::Client, page: &str, site: &str, households: &str) -> (u16, String) {
    let csrf = csrf_of(&app.html(ui, page).await);
    let (kind, body) = multipart(&[
        ("csrf", "", &csrf),
        ("site", "", site),
        ("households", "export-menages.csv", households),
        ("roster", "export-membres.csv", &example("export-membres.csv")),
    ]);
    let r = ui.post(app.url(page)).header("content-type", kind).body(body).send().await.expect("post");
    (r.status().as_u16(), r.text().await.expect("html"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_problem_names_the_file_line_its_row_starts_on_when_a_cell_spans_lines() {
    let app = spawn_app().await;
    let programme = mopti_programme(&app);
    let ui = ui_client(&app, "supervisor.mopti").await;
    let page = format!("/relief/programmes/{programme}/kobo");
    let site = app.sites["MOP-SEV"].clone();
    // Kadiatou's row (the file's line 3) has a note on two lines, so
    // Hawa's row, the sixth, starts on line 7; her P-code is wrong.
    let households = example("export-menages.csv")
        .replacen(
            "validation_status_approved;;submitted_by_user",
            "validation_status_approved;\"appelée deux fois,\r\nrevenue le soir\";submitted_by_user",
            1,
        )
        .replace(";ML0503;ML0503;", ";ML-5;ML0503;");
    assert_eq!(households.lines().position(|l| l.contains("Kansaye")), Some(6), "Hawa is on line 7");
    let (status, html) = send(&app, &ui, &page, &site, &households).await;
    assert_eq!(status, 422, "{html}");
    let said = "<td data-label=\"Ligne du fichier\">7</td><td data-label=\"Colonne\">lieu_pcode</td>";
    assert!(html.contains(said), "the file's line and the field: {html}");
    assert!(html.contains("la ligne du fichier où commence l&#39;enregistrement"), "{html}");
    assert_eq!(app.count("SELECT COUNT(*) FROM displacements"), 0, "all or nothing");

    to_english(&app, &ui).await;
    let (status, html) = send(&app, &ui, &page, &site, &households).await;
    assert_eq!(status, 422, "{html}");
    let said = "<td data-label=\"Line in the file\">7</td><td data-label=\"Column\">lieu_pcode</td>";
    assert!(html.contains(said), "the file's line and the field, in English: {html}");
    assert!(html.contains("the line of the file where its record starts"), "{html}");
}
