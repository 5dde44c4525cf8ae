//! `dugu bench add-villages`: extra villages for `bench/sync-sites.sh`,
//! which needs 20 places a site serves and the demo has five. Each village
//! gets a director (the demo's password) and fictional people, through the
//! write path, as the demo's seeding makes them.

use anyhow::Context as _;
use dugu_demo::SplitMix;
use dugu_domain::Role;
use dugu_domain::location::LocationKind;
use dugu_storage::reads::*;
use dugu_storage::{LocationInput, NewUser, Store, SystemTask};
use std::path::Path;

/// Adds `villages` villages (codes `BV01`…, under the country), each with
/// an account `director.bv01`… and `people` people; prints one line per
/// village: its code, its id and its director's username.
pub fn add(data: &Path, villages: usize, people: usize, password: &str) -> anyhow::Result<()> {
    let store = Store::open(data).with_context(|| format!("cannot open {}", data.display()))?;
    let country = store.location_by_code("ML")?.context("no country location ML: run `dugu demo` first")?;
    let admin = store.user_by_username("admin")?.context("no admin account")?;
    let who = store.system_principal(&admin.id, SystemTask::BenchmarkLoad)?;
    // One hash for every bench account: 46 MiB Argon2 per account would
    // cost more than the villages.
    let hash = dugu_web::hash_password(password)?;
    let made = store.write(move |tx| {
        let mut rng = SplitMix(0x5eed_5175);
        let mut made = Vec::with_capacity(villages);
        for i in 1..=villages {
            let code = format!("BV{i:02}");
            let village = tx.create_location(
                None,
                &LocationInput {
                    parent_id: Some(country.id.clone()),
                    kind: LocationKind::Site,
                    code: code.clone(),
                    name: format!("Village de banc {i}"),
                },
            )?;
            let username = format!("director.{}", code.to_lowercase());
            tx.create_user(
                None,
                &NewUser {
                    username: username.clone(),
                    display_name: format!("Directeur {code}"),
                    role: Role::LocationDirector,
                    password_hash: hash.clone(),
                    language: "fr".into(),
                    location_ids: vec![village.id.clone()],
                },
            )?;
            for _ in 0..people {
                tx.create_person(&who, &super::people::person(&mut rng, &village.id))?;
            }
            made.push((code, village.id, username));
        }
        Ok(made)
    })?;
    for (code, id, username) in made {
        println!("{code} {id} {username}");
    }
    Ok(())
}
