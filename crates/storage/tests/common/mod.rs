//! Where the storage tests start from: Mali and some of its sites, made as
//! first start makes them (by the system), and accounts whose principals
//! the store itself makes, as for a signed-in user.

// Each test file uses only some of these.
#![allow(dead_code)]

use dugu_domain::Role;
use dugu_domain::location::LocationKind;
use dugu_storage::reads::Principals;
use dugu_storage::writes::{HubSites, PeopleWrites};
use dugu_storage::{HubLink, LocationInput, NewUser, PersonInput, Principal, SiteBuild, Store};
use dugu_sync::{VersionVector, WireOp};
use std::path::{Path, PathBuf};

/// Mali, and under it a site per `(code, name)`; the sites' ids in order.
pub fn mali(store: &Store, sites: &[(&str, &str)]) -> Vec<String> {
    let sites: Vec<(String, String)> = sites.iter().map(|(c, n)| (c.to_string(), n.to_string())).collect();
    store
        .write(move |tx| {
            let ml = tx.create_location(
                None,
                &LocationInput { parent_id: None, kind: LocationKind::Country, code: "ML".into(), name: "Mali".into() },
            )?;
            let mut ids = Vec::new();
            for (code, name) in sites {
                let site = tx.create_location(
                    None,
                    &LocationInput { parent_id: Some(ml.id.clone()), kind: LocationKind::Site, code, name },
                )?;
                ids.push(site.id);
            }
            Ok(ids)
        })
        .expect("locations")
}

/// A new account with `role` at `locations` (none: national), and the
/// principal the store makes of it.
pub fn account(store: &Store, username: &str, role: Role, locations: &[String]) -> Principal {
    let new = NewUser {
        username: username.into(),
        display_name: username.into(),
        role,
        password_hash: "x".into(),
        language: "fr".into(),
        location_ids: locations.to_vec(),
    };
    let id = store.write(move |tx| tx.create_user(None, &new)).expect("account").id;
    store.principal_of(&id).expect("principal").expect("may sign in")
}

/// A store in `dir` holding Mali and Kita, and a nurse of Kita: where the
/// reads of one place start from. `(store, Kita's id, the nurse)`.
pub fn kita_and_its_nurse(dir: &Path) -> (Store, String, Principal) {
    let store = Store::open(dir).expect("open");
    let kita = mali(&store, &[("KIT", "Kita")]).remove(0);
    let nurse = account(&store, "nurse.kita", Role::Nurse, std::slice::from_ref(&kita));
    (store, kita, nurse)
}

/// A Diarra child of `sex` (`F`, `M`) born on 10 January 2025 at
/// `location`, registered by `who`: her id.
pub fn child(store: &Store, who: &Principal, location: &str, given: &str, sex: &str) -> String {
    let input = PersonInput {
        given_name: given.into(),
        family_name: "Diarra".into(),
        sex: sex.into(),
        birth_date: "2025-01-10".into(),
        location_id: location.into(),
        ..Default::default()
    };
    store.create_person(who, input).expect("child").id
}

/// A site for `location`, enrolled and built as `dugu enrol` does in
/// `dir`: its id, its store and its folder.
pub fn laptop(hub: &Store, admin: &Principal, location: &str, dir: PathBuf) -> (String, Store, PathBuf) {
    let code = format!("code-{}", dir.display());
    let id = hub.create_site(admin, location, &code).expect("site");
    let enrolled = hub.redeem_enrolment(&code, &[7; 32]).expect("redeem").expect("enrolled");
    std::fs::create_dir_all(&dir).expect("dir");
    let mut build = SiteBuild::create(&dir, &id).expect("build");
    for (location, last) in &enrolled.last_numbers {
        build.numbered_up_to(location, *last).expect("numbered");
    }
    for (location, last) in &enrolled.last_receipt_numbers {
        build.receipts_numbered_up_to(location, *last).expect("receipts numbered");
    }
    let mut cursor = VersionVector::default();
    loop {
        let page = hub.export_to_site(&id, &cursor, build.epoch(), 50).expect("page");
        build.add_page(&page).expect("add");
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    let credentials = hub.credentials_for_site(&id).expect("credentials");
    let link = HubLink { hub_url: "http://hub".into(), site_id: id.clone(), location_id: location.into() };
    build.finish(&credentials, &link, &cursor).expect("finish");
    (id, Store::open(&dir).expect("opens"), dir)
}

/// What a site would push to change `field` of the record `creation`
/// made, to `to`, as its op `seq` by `user`: for the hub's re-check of a
/// push that no command of the site would make.
pub fn pushed_set(creation: &WireOp, site: &str, seq: u64, user: &str, field: &str, to: &str) -> WireOp {
    let mut op = WireOp {
        op_id: Vec::new(),
        device: site.into(),
        seq,
        hlc: creation.hlc + seq,
        entity_type: creation.entity_type.clone(),
        entity_id: creation.entity_id.clone(),
        field: Some(field.into()),
        value: serde_json::json!(to).to_string(),
        user_id: Some(user.into()),
        parents: creation.op_id.clone(),
    };
    op.op_id = op.content_id();
    op
}
