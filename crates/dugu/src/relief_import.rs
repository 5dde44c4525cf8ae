//! `dugu relief-import`: a KoBo export of the relief registration form
//! imported into a programme at a site, as one account, all or nothing
//! (the store's `import_kobo`: the same checks and duplicate check as a
//! registration at the desk).

use crate::Failure;
use crate::cli::ReliefImportArgs;
use dugu_storage::reads::*;
use dugu_storage::relief_registration::{KoboError, csv_sheet, xlsx_sheets};
use dugu_storage::writes::KoboImport;
use dugu_storage::{Store, StoreError};

fn failed(code: u8, message: String) -> Failure {
    Failure { code, message }
}

/// Runs the import; prints what it made, or every problem.
pub fn run(a: &ReliefImportArgs) -> Result<(), Failure> {
    if !a.data.join("dugu.sqlite").is_file() {
        return Err(failed(2, format!("no dugu database in {}", a.data.display())));
    }
    let _lock = match crate::data_lock::hold(&a.data) {
        Ok(lock) => lock,
        Err(crate::data_lock::NotLocked::Busy) => {
            return Err(failed(1, format!("another dugu is using {}: stop it to import", a.data.display())));
        }
        Err(crate::data_lock::NotLocked::Io(e)) => return Err(failed(1, format!("cannot lock the data folder: {e}"))),
    };
    let mut sheets = Vec::with_capacity(a.files.len());
    for file in &a.files {
        let bytes = std::fs::read(file).map_err(|e| failed(2, format!("cannot read {}: {e}", file.display())))?;
        // An XLSX export holds every sheet: households first, then the roster.
        if bytes.starts_with(b"PK\x03\x04") {
            sheets.extend(xlsx_sheets(&bytes).map_err(|e| failed(2, format!("{}: {e}", file.display())))?);
            continue;
        }
        let text = String::from_utf8(bytes)
            .map_err(|e| failed(2, format!("cannot read {} as UTF-8 text: {e}", file.display())))?;
        let name = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        sheets.push(csv_sheet(&name, &text));
    }
    let store = Store::open(&a.data).map_err(|e| failed(1, e.to_string()))?;
    let user = store
        .user_by_username(&a.username)
        .map_err(|e| failed(1, e.to_string()))?
        .ok_or_else(|| failed(2, format!("no account {}", a.username)))?;
    let who = store
        .principal_of(&user.id)
        .map_err(|e| failed(1, e.to_string()))?
        .ok_or_else(|| failed(2, format!("the account {} may not sign in", a.username)))?;
    let (main, roster) = sheets.split_first().ok_or_else(|| failed(2, "no file".into()))?;
    let started = std::time::Instant::now();
    match store.import_kobo(&who, &a.programme, &a.site, main, roster) {
        Ok(done) => {
            println!(
                "{} households ({} people) imported, {} already imported, {} not approved left out, \
                 {} possible duplicate pairs for review ({:.1} s)",
                done.households,
                done.people,
                done.already,
                done.not_approved,
                done.pairs,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Err(KoboError::Problems(problems)) => {
            for p in &problems {
                println!("{}, line {}, {}: {}", p.sheet, p.line, p.column, p.problem);
            }
            Err(failed(1, format!("{} problems: nothing imported", problems.len())))
        }
        Err(KoboError::Store(StoreError::Forbidden)) => {
            Err(failed(1, format!("{} may not register relief households", a.username)))
        }
        Err(KoboError::Store(e)) => Err(failed(1, e.to_string())),
    }
}
