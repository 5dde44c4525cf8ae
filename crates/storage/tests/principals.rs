//! Where principals come from: an account in the database (its role, its
//! sites and everything below them) or an audited system principal.

use dugu_domain::Role;
use dugu_domain::location::LocationKind;
use dugu_storage::reads::*;
use dugu_storage::{AuditQuery, LocationInput, NewUser, Scope, Store, StoreError, SystemTask};

struct World {
    store: Store,
    /// The cercle of Kita, and the SOS site in it.
    kita: String,
    below_kita: String,
    mopti: String,
    _dir: tempfile::TempDir,
}

fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let (kita, below_kita, mopti) = store
        .write(|tx| {
            let place = |parent: Option<String>, kind, code: &str| LocationInput {
                parent_id: parent,
                kind,
                code: code.into(),
                name: code.into(),
            };
            let ml = tx.create_location(None, &place(None, LocationKind::Country, "ML"))?;
            let kita = tx.create_location(None, &place(Some(ml.id.clone()), LocationKind::Cercle, "KITA"))?;
            let site = tx.create_location(None, &place(Some(kita.id.clone()), LocationKind::Site, "KIT"))?;
            let mopti = tx.create_location(None, &place(Some(ml.id), LocationKind::Site, "MOP"))?;
            Ok((kita.id, site.id, mopti.id))
        })
        .expect("locations");
    World { store, kita, below_kita, mopti, _dir: dir }
}

fn account(w: &World, username: &str, role: Role, locations: &[&str]) -> String {
    let new = NewUser {
        username: username.into(),
        display_name: username.into(),
        role,
        password_hash: "x".into(),
        language: "fr".into(),
        location_ids: locations.iter().map(|l| l.to_string()).collect(),
    };
    w.store.write(move |tx| tx.create_user(None, &new)).expect("account").id
}

#[test]
fn an_account_gives_its_role_and_its_sites_with_what_lies_below() {
    let w = world();
    let nurse = account(&w, "nurse.kita", Role::Nurse, &[&w.kita]);
    let who = w.store.principal_of(&nurse).expect("read").expect("may sign in");
    assert_eq!((who.user_id(), who.username(), who.role()), (nurse.as_str(), "nurse.kita", Role::Nurse));
    assert!(who.scope().contains(&w.kita) && who.scope().contains(&w.below_kita));
    assert!(!who.scope().contains(&w.mopti), "another site is out of scope");

    let national = account(&w, "director.national", Role::NationalDirector, &[]);
    let who = w.store.principal_of(&national).expect("read").expect("may sign in");
    assert!(matches!(who.scope(), Scope::All));

    assert!(w.store.principal_of("no-such-account").expect("read").is_none());
}

#[test]
fn an_account_that_may_not_sign_in_gives_no_principal() {
    let w = world();
    let admin_id = account(&w, "admin", Role::Administrator, &[]);
    let nurse = account(&w, "nurse.kita", Role::Nurse, &[&w.kita]);
    let admin = w.store.principal_of(&admin_id).expect("read").expect("admin");
    let id = nurse.clone();
    w.store.write(move |tx| tx.set_disabled(&admin, &id, true)).expect("disable");
    assert!(w.store.principal_of(&nurse).expect("read").is_none(), "a disabled account");
}

#[test]
fn a_system_principal_acts_for_an_account_and_is_audited() {
    let w = world();
    let admin = account(&w, "admin", Role::Administrator, &[]);
    let auditor = account(&w, "auditor", Role::Auditor, &[]);
    let who = w.store.system_principal(&admin, SystemTask::DemoSeeding).expect("system principal");
    assert_eq!((who.user_id(), who.username()), (admin.as_str(), "admin"));
    assert!(matches!(who.scope(), Scope::All));
    let auditor = w.store.principal_of(&auditor).expect("read").expect("auditor");
    let q = AuditQuery { record_id: Some(admin.clone()), limit: 10, ..AuditQuery::default() };
    let entries = w.store.audit_entries(&auditor, &q).expect("audit");
    assert!(
        entries.iter().any(|e| e.action == dugu_storage::AuditAction::PrivilegeChange
            && e.record_type == "system_principal"
            && e.fields == ["demo_seeding"]
            && e.user_id.as_deref() == Some(admin.as_str())),
        "{entries:?}"
    );
    assert!(matches!(
        w.store.system_principal("no-such-account", SystemTask::BenchmarkLoad),
        Err(StoreError::NotFound)
    ));
}
