//! What the second usability walk-through found on pages that had looked
//! fine in isolation: links to pages that answer 404, codes and message
//! keys where words belong.

use crate::helpers::{spawn_app, ui_client};

/// Every `href="/…"` of a page, once each.
fn links(html: &str) -> Vec<String> {
    let mut out: Vec<String> = html
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|h| h.starts_with('/') && !h.starts_with("/static") && !h.contains("logout"))
        .map(|h| h.split('#').next().unwrap_or(h).to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[tokio::test]
async fn the_locations_page_links_only_lists_that_open() {
    let app = spawn_app().await;
    for user in ["nurse.kita", "director.kita", "director.national"] {
        let ui = ui_client(&app, user).await;
        let page = ui.get(app.url("/locations")).send().await.expect("locations");
        assert_eq!(page.status(), 200, "{user}");
        let html = page.text().await.expect("html");
        let lists: Vec<String> = links(&html).into_iter().filter(|h| h.starts_with("/locations/")).collect();
        if user != "director.kita" {
            assert!(lists.iter().any(|h| h.ends_with("/nutrition")), "{user} is offered no nutrition list at all");
        }
        for href in lists {
            let r = ui.get(app.url(&href)).send().await.expect("list");
            assert_eq!(r.status(), 200, "{user}: {href} is linked from /locations but answers {}", r.status());
        }
    }
}

/// Every `.html` template of the web crate, with its path.
fn templates() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "html") {
                out.push((path.display().to_string(), std::fs::read_to_string(&path).expect("template")));
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("src"), &mut out);
    walk(&root.join("templates"), &mut out);
    out
}

/// On a phone a table's rows become stacked cards whose cells are named
/// by their `data-label` (style.css): a cell without one reads "3 / 16"
/// with nothing to say what it counts. A grid of figures (`.matrix`)
/// keeps its grid and is exempt; a cell with nothing to name (a link or a
/// button) says so with an empty label.
#[test]
fn every_cell_of_a_table_that_stacks_is_named() {
    let mut unnamed = Vec::new();
    for (path, html) in templates() {
        for table in html.split("<table").skip(1) {
            let (open, body) = table.split_once('>').unwrap_or((table, ""));
            if open.contains("matrix") {
                continue;
            }
            let body = body.split("</table>").next().unwrap_or(body);
            for cell in body.split("<td").skip(1) {
                let tag = cell.split('>').next().unwrap_or(cell);
                if !tag.contains("data-label") {
                    unnamed.push(format!("{path}: <td{}>", tag));
                }
            }
        }
    }
    assert!(unnamed.is_empty(), "cells without data-label (unnamed on a phone): {unnamed:#?}");
}

#[tokio::test]
async fn a_household_with_a_head_is_not_offered_a_second_one() {
    use reqwest::Method;
    use serde_json::{Value, json};
    let app = spawn_app().await;
    let token = app.token("director.kita").await;
    let kita = app.sites["KIT"].clone();
    let body = |members: Value| json!({"name": "Famille Keïta", "location_id": kita, "members": members});
    let ui = ui_client(&app, "director.kita").await;
    let options = |html: &str| -> Vec<String> {
        let form = html.split("name=\"relationship\"").nth(1).unwrap_or_default();
        let select = form.split("</select>").next().unwrap_or_default();
        select.split("<option value=\"").skip(1).filter_map(|o| o.split('"').next()).map(String::from).collect()
    };
    for (members, head_offered) in
        [(json!([]), true), (json!([{"person_id": app.kita_child, "relationship": "head"}]), false)]
    {
        let r = app.send(Method::POST, &token, "/api/v1/households", &body(members)).await;
        assert_eq!(r.status(), 201);
        let id = r.json::<Value>().await.expect("json")["id"].as_str().expect("id").to_string();
        let html =
            ui.get(app.url(&format!("/households/{id}"))).send().await.expect("page").text().await.expect("html");
        let offered = options(&html);
        assert!(offered.contains(&"child".to_string()), "{offered:?}");
        assert_eq!(offered.contains(&"head".to_string()), head_offered, "{offered:?}");
    }
}
