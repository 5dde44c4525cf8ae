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
