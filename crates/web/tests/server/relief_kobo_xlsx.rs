//! Requirement 19 with KoBo's other export shape: one XLSX workbook, the
//! households on the first sheet and the roster on its own, numbers as
//! numbers and days as Excel dates — the shipped example written as such
//! a workbook imports like its CSV sheets, once.

use crate::helpers::{csrf_of, spawn_app, ui_client};
use crate::relief_registration::{example, mopti_programme, multipart_bytes};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// The example's CSV sheets as KoBo's XLSX export writes them.
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, file) in [("Enregistrement PDI", "export-menages.csv"), ("membres", "export-membres.csv")] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).expect("sheet name");
        for (r, line) in example(file).lines().enumerate() {
            for (c, cell) in line.split(';').enumerate() {
                let (r, c) = (r as u32, c as u16);
                if cell.is_empty() {
                    continue;
                }
                let day = (cell.len() == 10 && cell.as_bytes()[4] == b'-')
                    .then(|| ExcelDateTime::parse_from_str(cell).ok())
                    .flatten();
                if let Some(day) = day {
                    sheet.write_datetime_with_format(r, c, &day, &date).expect("date");
                } else if let Some(n) = cell.parse::<i64>().ok().filter(|_| !cell.starts_with('0')) {
                    sheet.write_number(r, c, n as f64).expect("number");
                } else {
                    sheet.write_string(r, c, cell).expect("text");
                }
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}

#[tokio::test(flavor = "multi_thread")]
async fn requirement_19_an_xlsx_export_imports_like_its_csv_sheets_and_once() {
    let csv = example("export-menages.csv");
    assert!(!csv.contains('"'), "the example splits on ';' without quotes");
    let app = spawn_app().await;
    let programme = mopti_programme(&app);
    let ui = ui_client(&app, "supervisor.mopti").await;
    let page = format!("/relief/programmes/{programme}/kobo");
    let csrf = csrf_of(&app.html(&ui, &page).await);
    let site = app.sites["MOP-BAR"].clone();
    let book = workbook();
    let send = || {
        let (kind, body) = multipart_bytes(&[
            ("csrf", "", csrf.as_bytes()),
            ("site", "", site.as_bytes()),
            ("households", "export.xlsx", &book),
        ]);
        ui.post(app.url(&page)).header("content-type", kind).body(body).send()
    };
    let r = send().await.expect("post");
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
    assert!(html.contains("3 ménage(s) importé(s) (8 personnes)") && html.contains("1 non approuvé"), "{html}");
    let kadiatou = app
        .store
        .inspect(
            "SELECT p.birth_date FROM displacements d JOIN household_members m ON m.household_id = d.household_id
               JOIN people p ON p.id = m.person_id
              WHERE d.kobo_uuid = '6b1f0c9e-0001-4e2a-9a51-1d2c3b4a5f01' AND m.relationship = 'head'",
            &[],
        )
        .expect("read");
    assert_eq!(kadiatou, vec!["1990-05-14".to_string()], "an Excel date read back as the day it is");
    let r = send().await.expect("post");
    let html = r.text().await.expect("html");
    assert!(html.contains("0 ménage(s) importé(s)") && html.contains("3 déjà importé(s)"), "{html}");
    // Not a workbook: refused, nothing imported.
    let (kind, body) = multipart_bytes(&[
        ("csrf", "", csrf.as_bytes()),
        ("site", "", site.as_bytes()),
        ("households", "broken.xlsx", b"PK\x03\x04 not a zip"),
    ]);
    let r = ui.post(app.url(&page)).header("content-type", kind).body(body).send().await.expect("post");
    assert_eq!(r.status(), 422);
}
