//! The demo's relief receipts are numbered as a desk numbers them: the
//! site's code and its counter, in the order they were handed over, and a
//! desk serving after the seeding goes on from there — never a number
//! twice, and `dugu check` finds the counters the receipts say.

use dugu_domain::Role;
use dugu_storage::reads::Principals;
use dugu_storage::writes::DeskWrites;
use dugu_storage::{NewUser, ReceiptInput, Served, Store};

fn account(store: &Store, username: &str, role: Role, location: Option<&str>) -> String {
    let new = NewUser {
        username: username.into(),
        display_name: username.into(),
        role,
        password_hash: "x".into(),
        language: "fr".into(),
        location_ids: location.map(|l| vec![l.to_string()]).unwrap_or_default(),
    };
    store.write(move |tx| tx.create_user(None, &new)).expect("account").id
}

#[test]
fn the_demos_receipts_are_numbered_per_site_in_the_order_they_were_handed_over() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let sites = store.write(dugu_demo::seed_sites).expect("sites");
    let admin = account(&store, "admin", Role::Administrator, None);
    let today = time::OffsetDateTime::now_utc().date();
    let seeded = sites.clone();
    let summary = store
        .write(move |tx| dugu_demo::relief::seed_relief_sized(tx, &seeded, &admin, today, [12, 8], 4))
        .expect("relief");
    assert!(summary.receipts > 20, "the demo hands relief over ({})", summary.receipts);
    let count = |sql: &str| store.inspect(sql, &[]).expect("read")[0].parse::<u32>().expect("a count");
    assert_eq!(count("SELECT COUNT(*) FROM receipts WHERE number IS NULL"), 0, "every receipt has its number");
    assert_eq!(count("SELECT COUNT(DISTINCT number) FROM receipts"), summary.receipts, "no number twice");
    for code in ["MOP-SEV", "MOP-BAR"] {
        // By the time they were handed over, each site's numbers run from
        // its first without a gap.
        let numbers = store
            .inspect(
                "SELECT r.number FROM receipts r JOIN locations l ON l.id = r.site_id
                  WHERE l.code = ?1 ORDER BY r.served_at, r.number",
                &[code],
            )
            .expect("read");
        assert!(!numbers.is_empty(), "{code} served households");
        let expected: Vec<String> = (1..=numbers.len() as u64).map(|n| format!("{code}-R{n:06}")).collect();
        assert_eq!(numbers, expected, "{code}: numbered in the order served");
    }

    // A desk at Sévaré serving after the seeding takes the next number.
    let desk = account(&store, "desk.sevare", Role::ReliefOfficer, Some(&sites.ids["MOP-SEV"]));
    let desk = store.principal_of(&desk).expect("read").expect("may sign in");
    let owed = store
        .inspect(
            "SELECT e.id FROM entitlements e JOIN relief_cycles c ON c.id = e.cycle_id
               JOIN locations l ON l.id = e.site_id
              WHERE c.status = 'approved' AND l.code = 'MOP-SEV'
                AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.entitlement_id = e.id)
              ORDER BY e.id LIMIT 1",
            &[],
        )
        .expect("read");
    let sevare = count("SELECT COUNT(*) FROM receipts r JOIN locations l ON l.id = r.site_id WHERE l.code = 'MOP-SEV'");
    let input = ReceiptInput {
        entitlement_id: owed[0].clone(),
        collector: "head".into(),
        client_uuid: dugu_storage::new_id(),
        site_id: None,
        override_reason: None,
    };
    let served = store.serve_relief(&desk, input, time::OffsetDateTime::now_utc()).expect("served");
    let Served::New(issued) = served else { panic!("a new receipt: {served:?}") };
    assert_eq!(issued.number, Some(format!("MOP-SEV-R{:06}", sevare + 1)), "the desk goes on from the demo's");

    // The counters rebuilt from the receipts are the ones the seeding took.
    let report = dugu_storage::check_database(store.path(), &dir.path().join("scratch.sqlite")).expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
