//! Issue 14 as a location director meets it: a child's date of birth was
//! changed at two sites; the child's page warns, its link leads to the
//! conflict, and the director keeps one value — once for all — on a
//! laptop and a phone.

use crate::driver::Browser;
use crate::helpers::spawn_app;
use dugu_sync::WireOp;

/// A change of the child's date of birth made at another site, having
/// seen only the record's creation.
fn made_elsewhere(device: &str, entity: &str, creation: &[u8], value: &str) -> WireOp {
    let op = WireOp {
        op_id: Vec::new(),
        device: device.to_string(),
        seq: 1,
        // A second after the record's creation, so the value shown
        // meanwhile is one of the two, as it would be.
        hlc: (dugu_storage::now_millis() as u64 / 1000 + 1) << 32,
        entity_type: "person".into(),
        entity_id: entity.to_string(),
        field: Some("birth_date".into()),
        value: value.into(),
        user_id: None,
        parents: creation.to_vec(),
    };
    WireOp { op_id: op.content_id(), ..op }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn a_director_resolves_a_date_of_birth_two_sites_changed() {
    let app = spawn_app().await;
    let child = app.kita_child.clone();
    let hex =
        app.store.inspect("SELECT hex(op_id) FROM ops WHERE entity_id = ?1 AND field IS NULL", &[&child]).expect("op");
    let creation: Vec<u8> =
        (0..hex[0].len()).step_by(2).filter_map(|i| u8::from_str_radix(&hex[0][i..i + 2], 16).ok()).collect();
    let (kita, socoura) = (dugu_storage::new_id(), dugu_storage::new_id());
    let sql = format!(
        "INSERT INTO sites (id, location_id, created_at, created_by) VALUES ('{kita}', '{}', 0, '{admin}'), ('{socoura}', '{}', 0, '{admin}')",
        app.sites["KIT"],
        app.sites["SOC"],
        admin = app.users["admin"]
    );
    app.store.write(move |tx| tx.execute_for_tests(&sql)).expect("two sites of the hub");
    let ops = vec![
        made_elsewhere(&kita, &child, &creation, "\"2019-03-01\""),
        made_elsewhere(&socoura, &child, &creation, "\"2019-04-01\""),
    ];
    app.store.receive(ops).expect("receive");

    let b = Browser::start().await;
    b.set_width(1280).await;
    b.sign_in(&app.base, "director.kita").await;
    b.wait_for("Personnes").await;
    b.go(&format!("{}/people/{child}", app.base)).await;
    let page = b.wait_for("Deux sites ne sont pas d").await;
    assert!(page.contains("Date de naissance"), "the field in conflict, named as the form names it");
    b.shot("conflict-child-warning-1280").await;
    b.click("#conflicts a").await;
    let page = b.wait_for("Garder cette valeur").await;
    assert!(page.contains("01/03/2019") && page.contains("01/04/2019"), "both values, as days");
    assert!(page.contains("Socoura") && page.contains("Kita"), "where each was written");
    b.shot("conflicts-1280").await;
    b.set_width(360).await;
    assert_eq!(b.overflow_px().await, 0, "the conflict fits a phone");
    b.shot("conflicts-360").await;
    b.set_width(1280).await;

    // The earlier date is the right one.
    b.click("main form input[name=choice][value='\"2019-03-01\"']").await;
    b.click("main form button[type=submit]").await;
    let page = b.wait_for("Conflit résolu").await;
    assert!(page.contains("Aucun conflit entre sites"), "resolved once for all");
    b.shot("conflict-resolved-1280").await;
    b.set_width(360).await;
    b.shot("conflict-resolved-360").await;
    b.go(&format!("{}/people/{child}", app.base)).await;
    let page = b.wait_for("Awa").await;
    assert!(!page.contains("Deux sites ne sont pas d"), "the warning is gone");
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium and chromedriver: run by .ci/run"]
async fn an_administrator_creates_a_site_and_reads_its_code_once() {
    let app = spawn_app().await;
    let b = Browser::start().await;
    b.set_width(1280).await;
    b.sign_in(&app.base, "admin").await;
    b.wait_for("Se déconnecter").await;
    b.go(&format!("{}/sites", app.base)).await;
    b.wait_for("Créer un site").await;
    b.click(&format!("#location_id option[value='{}']", app.sites["KIT"])).await;
    b.click("main form button[type=submit]").await;
    let page = b.wait_for("dugu enrol --data DIR").await;
    assert!(page.contains("Site créé pour"), "the code, once");
    b.shot("sites-created-1280").await;
    b.set_width(360).await;
    assert_eq!(b.overflow_px().await, 0, "the code and the command fit a phone");
    b.shot("sites-created-360").await;
    b.refresh().await;
    let page = b.wait_for("affiché une fois").await;
    assert!(!page.contains("dugu enrol --data DIR"), "not shown again");
    b.shot("sites-list-360").await;
    b.quit().await;
}
