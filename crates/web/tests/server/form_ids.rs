//! On a page of several forms, a refused form's error summary links reach
//! its own fields (issue 12, error summary links): every field's id is its
//! form's name and its own, unique on the page — the school year's
//! `school` field is not the page's `<section id="school">`, a house's
//! `name` not a group's.

use crate::helpers::{csrf_of, spawn_app, ui_client};

/// Every `id="…"` of the page, in order.
fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect()
}

/// Checks that each link of the refused form's error summary leads to one
/// element of the page, inside the form `form` (its `<details
/// id="form-…">` or `<form id="form-…">`), and that no id repeats.
fn summary_reaches(html: &str, form: &str) {
    let ids = ids(html);
    let mut seen = std::collections::HashSet::new();
    for id in &ids {
        assert!(seen.insert(*id), "the id {id} repeats on the page");
    }
    let summary = &html[html.find("class=\"error-summary\"").expect("an error summary")..];
    let summary = &summary[..summary.find("</div>").expect("its end")];
    let links: Vec<&str> = summary.split("href=\"#").skip(1).filter_map(|r| r.split('"').next()).collect();
    assert!(!links.is_empty(), "the summary links its fields: {summary}");
    let start = html.find(&format!("id=\"form-{form}\"")).expect("the refused form");
    let end = start + html[start..].find("</form>").expect("its end");
    for link in links {
        let at = html.find(&format!(" id=\"{link}\"")).unwrap_or_else(|| panic!("no element #{link}"));
        assert!((start..end).contains(&at), "#{link} is outside the {form} form");
        let label = html.find(&format!("for=\"{link}\""));
        assert!(label.is_some_and(|l| (start..end).contains(&l)), "#{link} has its label in the form");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_summary_link_reaches_the_refused_forms_own_field() {
    let app = spawn_app().await;
    let ui = ui_client(&app, "director.kita").await;
    let child = &app.kita_child;
    let page = format!("/people/{child}");
    let csrf = csrf_of(&app.html(&ui, &page).await);
    let form = [("csrf", csrf.as_str()), ("year", "2025-2026"), ("school", ""), ("grade", "")];
    let r = ui.post(app.url(&format!("/people/{child}/school-years"))).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("<section id=\"school\">"), "the section shares the field's name");
    summary_reaches(&html, "school-year");

    let village = format!("/locations/{}/village", app.sites["KIT"]);
    let csrf = csrf_of(&app.html(&ui, &village).await);
    let form = [("csrf", csrf.as_str()), ("location_id", app.sites["KIT"].as_str()), ("name", ""), ("capacity", "8")];
    let r = ui.post(app.url("/houses")).form(&form).send().await.expect("post");
    assert_eq!(r.status(), 422);
    summary_reaches(&r.text().await.expect("html"), "house");
}
