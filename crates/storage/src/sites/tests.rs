//! The scoped export names every kind of the registry: a kind it does not
//! name is never sent (it fails closed), so a new kind must be placed.

use super::export::{SCOPED_OPS, SCOPED_OPS_PAGE};
use dugu_domain::EntityKind;

#[test]
fn every_kind_has_its_scope_in_the_export() {
    for kind in EntityKind::ALL {
        assert!(SCOPED_OPS.contains(&format!("WHEN '{}' THEN", kind.name())), "{} has no scope rule", kind.name());
    }
}

/// The export's page and the push's re-check are one rule: the same
/// kinds in the same order, the page reading people only from its set.
#[test]
fn the_page_and_the_push_read_one_scope_rule() {
    let kinds = |sql: &str| {
        sql.split("WHEN '").skip(1).map(|w| w.split('\'').next().unwrap_or("").to_string()).collect::<Vec<_>>()
    };
    assert_eq!(kinds(SCOPED_OPS), kinds(SCOPED_OPS_PAGE));
    assert_eq!(kinds(SCOPED_OPS).len(), EntityKind::ALL.len());
    assert!(!SCOPED_OPS_PAGE.contains("FROM people"), "a page reads people from its set");
    assert_eq!(
        SCOPED_OPS.matches("FROM people p WHERE p.id = ").count(),
        SCOPED_OPS_PAGE.matches(" IN temp.scope_people").count()
    );
}

/// A kind attached to a person or a household travels with it when it
/// moves: the history offered to the new site and the purge at the old
/// one name it; the others are reference data or bound to a place.
#[test]
fn every_kind_attached_to_a_root_moves_with_it() {
    const NOT_ATTACHED: &[&str] = &[
        "location",
        "programme",
        "vaccine_dose",
        "user",
        "role_request",
        "house",
        "care_group",
        "register",
        "relief_cycle",
        "stock_movement",
        "stock_reconciliation",
    ];
    for kind in EntityKind::ALL {
        let name = kind.name();
        if NOT_ATTACHED.contains(&name) || matches!(kind, EntityKind::Person | EntityKind::Household) {
            continue;
        }
        let table = crate::oplog::sql::table(*kind);
        assert!(super::offers::ROOT_HISTORY.contains(&format!("FROM {table} ")), "{name} is not offered with its root");
        assert!(super::purge::ATTACHED.contains(&format!("'{name}'")), "{name} is not purged with its root");
    }
}

/// Every reason a receiver may refuse an op for is given somewhere in this
/// crate: a reason nobody gives is a message that can never be read. (A
/// reason given that is not listed does not compile: they are one enum,
/// `dugu_sync::RefusalReason`, whose every code has its words on the
/// site's pages — the web crate's `i18n_keys` test.)
#[test]
fn every_refusal_reason_is_given() {
    let mut sources = String::new();
    let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("source dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if !path.file_name().is_some_and(|n| n.to_string_lossy().ends_with("tests.rs")) {
                // Given in code, not named in a test or a comment.
                let text = std::fs::read_to_string(&path).expect("source");
                for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                    sources.push_str(line);
                    sources.push('\n');
                }
            }
        }
    }
    for reason in dugu_sync::RefusalReason::ALL {
        assert!(
            sources.contains(&format!("RefusalReason::{reason:?})")),
            "{} is listed but never given",
            reason.code()
        );
    }
}
