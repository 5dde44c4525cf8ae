//! `dugu bench edit-phones`: N changed fields through the write path, as
//! one account makes them (for `bench/sync-round.sh`: a round carrying
//! 10,000 changed fields).

use anyhow::Context;
use dugu_storage::reads::*;
use dugu_storage::{PersonPatch, Store};
use std::path::Path;

/// Sets the phone of the people listed in `ids` (one id a line), round
/// robin, `fields` times, as `username`; 500 changes per transaction.
pub fn phones(data: &Path, username: &str, ids: &Path, fields: usize) -> anyhow::Result<()> {
    let store = Store::open(data).with_context(|| format!("cannot open {}", data.display()))?;
    let user = store.user_by_username(username)?.with_context(|| format!("no account {username}"))?;
    let who = store.principal_of(&user.id)?.with_context(|| format!("{username} may not sign in"))?;
    let ids: Vec<String> = std::fs::read_to_string(ids)
        .with_context(|| format!("cannot read {}", ids.display()))?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect();
    anyhow::ensure!(!ids.is_empty(), "no ids");
    let started = std::time::Instant::now();
    let mut done = 0;
    while done < fields {
        let n = (fields - done).min(500);
        let (who, ids, from) = (who.clone(), ids.clone(), done);
        store.write(move |tx| {
            for i in from..from + n {
                let phone = format!("+223 7{:07}", i % 10_000_000);
                let patch = PersonPatch { fields: vec![("phone".into(), phone)], age_years: None };
                tx.update_person(&who, &ids[i % ids.len()], &patch)?;
            }
            Ok(())
        })?;
        done += n;
    }
    eprintln!("dugu: {fields} phones changed in {:.2} s", started.elapsed().as_secs_f64());
    Ok(())
}
