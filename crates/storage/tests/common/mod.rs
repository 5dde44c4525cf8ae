//! Where the storage tests start from: Mali and some of its sites, made as
//! first start makes them (by the system), and accounts whose principals
//! the store itself makes, as for a signed-in user.

// Each test file uses only some of these.
#![allow(dead_code)]

use dugu_domain::Role;
use dugu_domain::location::LocationKind;
use dugu_storage::{LocationInput, NewUser, Principal, Store};

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
