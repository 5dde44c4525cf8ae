//! The walk-through's fixes as staff meet them, on a laptop and a phone:
//! leaving care and a family's support corrected on their own pages, a
//! strike-out's check page, marking a plan action done on a phone and
//! landing on it, the audit trail in words, statuses only where they run.

use crate::driver::Browser;
use crate::helpers::spawn_app;
use serde_json::{Value, json};

/// Both widths of the page as it is now.
async fn shots(b: &Browser, name: &str) {
    b.shot(&format!("{name}-1280")).await;
    b.set_width(360).await;
    b.shot(&format!("{name}-360")).await;
    b.set_width(1280).await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn the_walk_through_fixes_read_well_on_a_laptop_and_a_phone() {
    let app = spawn_app().await;
    let director = app.token("director.kita").await;
    let day = |n: i64| (time::OffsetDateTime::now_utc().date() - time::Duration::days(n)).to_string();
    let house = json!({"location_id": app.sites["KIT"], "name": "Maison Néré", "capacity": 8});
    let house = app.create(&director, "/api/v1/houses", &house).await;
    let child = app.kita_child.clone();
    let admit = json!({"admitted_on": day(40), "reason": "abandoned", "house_id": house});
    let r = app.send(reqwest::Method::POST, &director, &format!("/api/v1/people/{child}/admission"), &admit).await;
    assert_eq!(r.status(), 201);
    let leave = json!({"left_on": day(10), "leaving_reason": "transfer"});
    let r = app.send(reqwest::Method::POST, &director, &format!("/api/v1/people/{child}/leaving"), &leave).await;
    assert_eq!(r.status(), 200);
    let body = json!({"name": "Famille Sangaré", "location_id": app.sites["KIT"], "members": [{"person_id": child, "relationship": "child"}]});
    let h = app.create(&director, "/api/v1/households", &body).await;
    let base = format!("/api/v1/households/{h}");
    let r =
        app.send(reqwest::Method::POST, &director, &format!("{base}/support"), &json!({"started_on": day(60)})).await;
    assert_eq!(r.status(), 201);
    let visit = json!({"visited_on": day(3), "notes": "Jardin commencé."});
    assert_eq!(app.send(reqwest::Method::POST, &director, &format!("{base}/visits"), &visit).await.status(), 201);

    let b = Browser::start().await;
    b.set_width(1280).await;
    b.sign_in(&app.base, "director.kita").await;
    b.wait_for("Se déconnecter").await;

    // B: leaving care corrected on the admission's page.
    b.go(&format!("{}/people/{child}#care", app.base)).await;
    b.click(&format!("a[href^='/people/{child}/admissions/']")).await;
    b.wait_for("Date de départ").await;
    shots(&b, "leaving-correct").await;

    // D: a home visit struck out through its check page.
    b.go(&format!("{}/households/{h}", app.base)).await;
    b.click(&format!("a[href^='/households/{h}/home-visits/']")).await;
    b.wait_for("Motif pour barrer").await;
    shots(&b, "strike-form").await;
    b.type_in("#strike_reason", "Visite saisie deux fois").await;
    b.click("#strike button[type=submit]").await;
    b.wait_for("Vérifier avant de barrer").await;
    shots(&b, "strike-check").await;
    b.click("button[value=confirm]").await;
    b.wait_for("Visite à domicile barrée").await;

    // B: the support's end, once ended, corrected on its page.
    let exit = json!({"ended_on": day(1), "exit_reason": "moved"});
    let r = app.send(reqwest::Method::POST, &director, &format!("{base}/exit"), &exit).await;
    assert_eq!(r.status(), 200);
    b.go(&format!("{}/households/{h}", app.base)).await;
    b.click(&format!("a[href^='/households/{h}/support/']")).await;
    b.wait_for("Date de fin").await;
    shots(&b, "support-correct").await;

    // G: on a phone, marking the last action done lands on it. (A second
    // household, its support still open.)
    let body = json!({"name": "Famille Dembélé", "location_id": app.sites["KIT"], "members": []});
    let h2 = app.create(&director, "/api/v1/households", &body).await;
    let base2 = format!("/api/v1/households/{h2}");
    let r =
        app.send(reqwest::Method::POST, &director, &format!("{base2}/support"), &json!({"started_on": day(60)})).await;
    assert_eq!(r.status(), 201);
    let mut last = String::new();
    for what in ["Inscrire les enfants à l'école", "Formation au maraîchage", "Ouvrir un compte d'épargne"] {
        let action = json!({"goal": "Autonomie", "action": what, "responsible": "Mme Diarra", "due_on": day(-5)});
        let v: Value = app
            .send(reqwest::Method::POST, &director, &format!("{base2}/plan-actions"), &action)
            .await
            .json()
            .await
            .expect("json");
        let plan = v["support"]["plan"].as_array().expect("plan");
        last = plan.iter().find(|a| a["action"] == what).expect("the action")["id"].as_str().expect("id").into();
    }
    b.set_width(360).await;
    b.go(&format!("{}/households/{h2}#support", app.base)).await;
    b.wait_for("Ouvrir un compte").await;
    b.script(&format!("document.querySelector('#form-action-done-{last}').open = true; return true;")).await;
    b.type_in(&format!("#action-done-done_on-{last}"), &typed_day(day(1))).await;
    b.click(&format!("#form-action-done-{last} button[type=submit]")).await;
    b.wait_for("faite le").await;
    assert!(b.url().await.ends_with(&format!("#action-{last}")), "{}", b.url().await);
    let seen = format!(
        "const r = document.getElementById('action-{last}').getBoundingClientRect(); \
         return r.top >= 0 && r.top < window.innerHeight;"
    );
    assert_eq!(b.script(&seen).await.as_bool(), Some(true), "the action marked is in view on a phone");
    b.shot("action-done-360").await;
    b.set_width(1280).await;
    b.go(&format!("{}/households/{h2}#action-{last}", app.base)).await;
    b.wait_for("faite le").await;
    assert_eq!(b.script(&seen).await.as_bool(), Some(true), "and on a laptop");
    b.shot("action-done-1280").await;
    b.quit().await;

    // J and K: the trail in words; statuses only where they run.
    let b = Browser::start().await;
    b.set_width(1280).await;
    b.sign_in(&app.base, "auditor").await;
    b.wait_for("Se déconnecter").await;
    b.go(&format!("{}/audit?action=update", app.base)).await;
    b.wait_for("Modification").await;
    shots(&b, "audit-words").await;
    b.quit().await;
    let b = Browser::start().await;
    b.set_width(1280).await;
    b.sign_in(&app.base, "director.national").await;
    b.wait_for("Se déconnecter").await;
    b.go(&format!("{}/households?location_id={}", app.base, app.sites["MOP"])).await;
    let page = b.wait_for("Ménages").await;
    assert!(!page.contains("value=\"supported\""), "no family-strengthening status at Mopti");
    shots(&b, "households-mopti").await;
    b.quit().await;
}

/// A day as the date inputs take it, day first (`31/12/2026`).
fn typed_day(iso: String) -> String {
    let p: Vec<&str> = iso.split('-').collect();
    format!("{}/{}/{}", p[2], p[1], p[0])
}
