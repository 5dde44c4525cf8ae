//! A family house and a care group stay where they were made (issue 14).
//! Sites receive them by their place; one moved to another village would
//! reach that village's laptop without its creation (held back for good)
//! while the old village's kept it. No command moves them, so what is
//! refused is the op itself — at the hub's own writes and in a site's
//! push alike, naming the field — and nothing reaches the other village.

use dugu_storage::reads::*;
use dugu_storage::writes::*;
mod common;

use dugu_domain::{EntityKind, Problem, Role};
use dugu_storage::{HouseInput, Op, Store, StoreError};
use dugu_sync::{Verdict, VersionVector};
use rusqlite::Connection;
use std::path::Path;

fn count(dir: &Path, sql: &str) -> i64 {
    let c = Connection::open(dir.join("dugu.sqlite")).expect("open");
    c.query_row(sql, [], |r| r.get(0)).expect("count")
}

/// Pulls every page the hub has for `site`.
fn pull(hub: &Store, site: &Store) {
    loop {
        let link = site.site_link().expect("link").expect("a site");
        let page = hub.export_to_site(site.site_id(), &link.pulled, link.epoch, 100).expect("page");
        let more = page.more;
        site.take_page(page).expect("take");
        if !more {
            return;
        }
    }
}

#[test]
fn a_house_or_a_group_moved_to_another_village_is_refused_everywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = Store::open(&dir.path().join("hub")).expect("hub");
    let places = common::mali(&hub, &[("KIT", "Kita"), ("SOC", "Socoura")]);
    let (kita, socoura) = (places[0].clone(), places[1].clone());
    let admin = common::account(&hub, "admin", Role::Administrator, &[]);
    let director = common::account(&hub, "director.both", Role::LocationDirector, &places);
    let input =
        HouseInput { location_id: kita.clone(), name: "Maison Baobab".into(), capacity: Some(8), ..Default::default() };
    let house = hub.create_house(&director, input).expect("house").id;
    let group = hub.create_group(&director, &kita, "Petits", "daycare").expect("group").id;

    // Socoura's laptop, enrolled while both are at Kita: it never held them.
    let (_, soc, soc_dir) = common::laptop(&hub, &admin, &socoura, dir.path().join("socoura"));
    assert_eq!(count(&soc_dir, "SELECT count(*) FROM family_houses"), 0);

    // At the hub: refused, naming the field.
    for (kind, id) in [(EntityKind::House, &house), (EntityKind::CareGroup, &group)] {
        let (who, op) = (director.clone(), Op::set(kind, id, "location_id", serde_json::json!(socoura)));
        let Err(StoreError::Invalid(invalid)) = hub.write(move |tx| tx.apply(Some(&who), vec![op])) else {
            panic!("{kind:?} moved at the hub");
        };
        assert_eq!(invalid.of("location_id"), Some(Problem::Fixed));
    }

    // Pushed by a site for the whole country (both villages in its places,
    // the director's account allowed to set up villages in both): refused
    // with its reason, and nothing of it kept.
    let mali = hub.locations(&admin).expect("locations").into_iter().find(|l| l.code == "ML").expect("Mali").id;
    let site = hub.create_site(&admin, &mali, "mali").expect("site");
    hub.redeem_enrolment("mali", &[9; 32]).expect("redeem").expect("enrolled");
    let page = hub.export_to_site(&site, &VersionVector::default(), 0, 1000).expect("page");
    let creation = |id: &str| page.ops.iter().find(|o| o.entity_id == id && o.field.is_none()).expect("made").clone();
    let user = director.user_id();
    let push = vec![
        common::pushed_set(&creation(&house), &site, 1, user, "location_id", &socoura),
        common::pushed_set(&creation(&group), &site, 2, user, "location_id", &socoura),
    ];
    let verdicts = hub.take_push(&site, push).expect("push");
    let fixed = Verdict::Rejected("fixed_field".into());
    assert_eq!(verdicts, [(1, fixed.clone()), (2, fixed)]);
    let hub_dir = dir.path().join("hub");
    let at_kita = "SELECT count(*) FROM family_houses f JOIN locations l ON l.id = f.location_id WHERE l.code = 'KIT'";
    assert_eq!(count(&hub_dir, at_kita), 1, "the house is still at Kita");
    assert_eq!(count(&hub_dir, "SELECT count(*) FROM refused_ops WHERE reason = 'fixed_field'"), 2);

    // Socoura's laptop receives nothing of them, and waits for nothing.
    pull(&hub, &soc);
    assert_eq!(count(&soc_dir, "SELECT count(*) FROM held_back"), 0);
    assert_eq!(count(&soc_dir, "SELECT count(*) FROM family_houses"), 0);
    assert_eq!(count(&soc_dir, "SELECT count(*) FROM care_groups"), 0);
}
