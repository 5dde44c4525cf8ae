//! Every record carries its owning place (`place_id`, issue 11): a child
//! transferred to another village takes every record of hers with her, a
//! household moved takes its support and members, and `dugu check` finds a
//! place written wrong. Real SQLite, through the commands.

mod common;

use dugu_domain::measurement::MeasurementInput;
use dugu_domain::{EntityKind, Role};
use dugu_storage::writes::*;
use dugu_storage::{
    AdmissionInput, HouseInput, HouseholdInput, Op, PersonInput, PersonPatch, PlanActionInput, Principal, Store,
    TransferInput, VisitInput, check_database,
};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const TODAY: time::Date = time::macros::date!(2026 - 07 - 01);

struct World {
    dir: tempfile::TempDir,
    store: Store,
    kita: String,
    socoura: String,
    /// Directs both villages: the one who transfers a child.
    director: Principal,
    nurse: Principal,
    social: Principal,
}

fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("db")).expect("open");
    let places = common::mali(&store, &[("KIT", "Kita"), ("SOC", "Socoura")]);
    let both = places.clone();
    World {
        director: common::account(&store, "director", Role::LocationDirector, &both),
        nurse: common::account(&store, "nurse", Role::Nurse, &both),
        social: common::account(&store, "social", Role::SocialWorker, &both),
        kita: places[0].clone(),
        socoura: places[1].clone(),
        dir,
        store,
    }
}

fn file(w: &World) -> PathBuf {
    w.dir.path().join("db").join("dugu.sqlite")
}

fn person(location: &str, given: &str) -> PersonInput {
    PersonInput {
        given_name: given.into(),
        family_name: "Sidibé".into(),
        sex: "F".into(),
        birth_date: "2020-03-01".into(),
        location_id: location.into(),
        ..Default::default()
    }
}

fn house(w: &World, location: &str, name: &str) -> String {
    let input = HouseInput { location_id: location.into(), name: name.into(), capacity: Some(8), ..Default::default() };
    w.store.create_house(&w.director, input).expect("house").id
}

/// Every record hanging from person `?1`, household `?1` or group `?1`
/// (and a follow-up through its admission), each with its place.
const PLACES_OF: &str = "
    SELECT 'measurements', id, place_id FROM measurements WHERE person_id = ?1
    UNION ALL SELECT 'vaccinations', id, place_id FROM vaccinations WHERE person_id = ?1
    UNION ALL SELECT 'medical_visits', id, place_id FROM medical_visits WHERE person_id = ?1
    UNION ALL SELECT 'admissions', id, place_id FROM admissions WHERE person_id = ?1
    UNION ALL SELECT 'placements', id, place_id FROM placements WHERE person_id = ?1
    UNION ALL SELECT 'care_follow_ups', f.id, f.place_id FROM care_follow_ups f
                JOIN admissions a ON a.id = f.admission_id WHERE a.person_id = ?1
    UNION ALL SELECT 'group_members', id, place_id FROM group_members WHERE person_id = ?1
    UNION ALL SELECT 'registers', id, place_id FROM registers WHERE group_id = ?1
    UNION ALL SELECT 'people', id, place_id FROM people WHERE id = ?1
    UNION ALL SELECT 'households', id, place_id FROM households WHERE id = ?1
    UNION ALL SELECT 'household_members', id, place_id FROM household_members WHERE household_id = ?1
    UNION ALL SELECT 'family_support', id, place_id FROM family_support WHERE household_id = ?1
    UNION ALL SELECT 'assessments', id, place_id FROM assessments WHERE household_id = ?1
    UNION ALL SELECT 'plan_actions', id, place_id FROM plan_actions WHERE household_id = ?1
    UNION ALL SELECT 'home_visits', id, place_id FROM home_visits WHERE household_id = ?1";

/// Each table's records of `id` and the places they carry.
fn places_of(db: &Path, id: &str) -> BTreeMap<String, Vec<Option<String>>> {
    let c = Connection::open(db).expect("open");
    let mut st = c.prepare(PLACES_OF).expect("prepare");
    let mut out: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    let rows = st
        .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(2)?)))
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows");
    for (table, place) in rows {
        out.entry(table).or_default().push(place);
    }
    out
}

fn assert_all_at(places: &BTreeMap<String, Vec<Option<String>>>, tables: &[&str], at: &str) {
    for t in tables {
        let got = places.get(*t).unwrap_or_else(|| panic!("no {t} in {places:?}"));
        assert!(got.iter().all(|p| p.as_deref() == Some(at)), "{t}: {got:?}, not all at {at}");
    }
}

fn checked(db: &Path, scratch: &Path) -> Vec<String> {
    check_database(db, scratch).expect("check").problems
}

/// A Kita child in care with a measurement, a dose, a medical visit and an
/// admission into a Kita house (so a placement).
fn child_in_care(w: &World, given: &str) -> String {
    let kita_house = house(w, &w.kita, &format!("Maison {given}"));
    let child = w.store.create_person(&w.director, person(&w.kita, given)).expect("child").id;
    let weighed = MeasurementInput {
        date: "2026-05-02".into(),
        weight_kg: Some(16.0),
        length_height_cm: Some(104.0),
        measured: "standing".into(),
        ..Default::default()
    };
    w.store.record_measurement(&w.nurse, &child, weighed, TODAY).expect("measured");
    w.store.vaccinate(&w.nurse, &child, "bcg", "2020-03-02", TODAY).expect("vaccinated");
    let visit = VisitInput { visited_on: "2026-06-01".into(), reason: "fièvre".into(), ..Default::default() };
    w.store.record_medical_visit(&w.nurse, &child, visit, TODAY).expect("visit");
    let admission = AdmissionInput {
        admitted_on: "2026-01-10".into(),
        reason: "orphaned_aids".into(),
        referred_by: "Tribunal pour enfants".into(),
        house_id: kita_house,
        sibling_id: String::new(),
        sibling_not_taken: None,
        confirm_over_capacity: false,
    };
    w.store.admit(&w.director, &child, admission, TODAY).expect("admitted");
    child
}

const CHILD_TABLES: &[&str] = &["people", "measurements", "vaccinations", "medical_visits", "admissions", "placements"];

#[test]
fn a_transferred_child_takes_every_record_of_hers_to_the_new_village() {
    let w = world();
    let child = child_in_care(&w, "Nènè");
    let stays = child_in_care(&w, "Awa");
    // A child who left care is followed up: the follow-up hangs from her
    // admission, two steps from her.
    let left = child_in_care(&w, "Kadia");
    w.store.leave_care(&w.director, &left, "2026-03-01", "reintegration", TODAY).expect("left");
    w.store.follow_up(&w.director, &left, "2026-04-01", "va bien", TODAY).expect("followed up");
    // She goes to Kita's kindergarten: a membership (hers) and the
    // group's register (the group's).
    let group = w.store.create_group(&w.director, &w.kita, "Les Colibris", "kindergarten").expect("group").id;
    w.store.add_to_group(&w.director, &group, &child, "2026-02-01").expect("member");
    w.store.save_register(&w.director, &group, "2026-06-02", vec![child.clone()], TODAY).expect("register");
    let db = file(&w);
    let mut with_group = CHILD_TABLES.to_vec();
    with_group.push("group_members");
    assert_all_at(&places_of(&db, &child), &with_group, &w.kita);
    assert_all_at(&places_of(&db, &group), &["registers"], &w.kita);

    let socoura_house = house(&w, &w.socoura, "Maison Karité");
    let to =
        TransferInput { location_id: w.socoura.clone(), house_id: socoura_house, transferred_on: "2026-06-15".into() };
    w.store.transfer_child(&w.director, &child, to, TODAY).expect("transferred");

    let places = places_of(&db, &child);
    assert_eq!(places["placements"].len(), 2, "the Kita stay and the Socoura one");
    // The admission too: where she was admitted is history, her record
    // lives where she does.
    assert_all_at(&places, &with_group, &w.socoura);
    // The register stays with its group, whose place never changes.
    assert_all_at(&places_of(&db, &group), &["registers"], &w.kita);
    assert_all_at(&places_of(&db, &stays), CHILD_TABLES, &w.kita);

    // Her family moved to Socoura after she left care: a change of her place.
    let mut with_follow_up = CHILD_TABLES.to_vec();
    with_follow_up.push("care_follow_ups");
    assert_all_at(&places_of(&db, &left), &with_follow_up, &w.kita);
    let patch = PersonPatch { fields: vec![("location_id".into(), w.socoura.clone())], age_years: None };
    w.store.update_person(&w.director, &left, patch).expect("moved");
    assert_all_at(&places_of(&db, &left), &with_follow_up, &w.socoura);
    let problems = checked(&db, &w.dir.path().join("scratch"));
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_household_moved_takes_its_support_and_members_with_it() {
    let w = world();
    let head = w.store.create_person(&w.director, person(&w.kita, "Fanta")).expect("head").id;
    let child = w.store.create_person(&w.director, person(&w.kita, "Sira")).expect("child").id;
    let input = HouseholdInput {
        name: "Famille Sidibé".into(),
        location_id: w.kita.clone(),
        members: vec![(head.clone(), "head".into()), (child, "child".into())],
    };
    let household = w.store.create_household(&w.director, input).expect("household").id;
    w.store.start_support(&w.social, &household, "2026-01-05", TODAY).expect("support");
    w.store.assess(&w.social, &household, "2026-01-06", [Some(1); 7], TODAY).expect("assessed");
    let action = PlanActionInput {
        goal: "Revenus".into(),
        action: "Petit commerce".into(),
        responsible: "Fanta".into(),
        due_on: "2026-09-01".into(),
    };
    w.store.add_plan_action(&w.social, &household, action).expect("planned");
    w.store.record_visit(&w.social, &household, "2026-02-01", "visite", TODAY).expect("visited");
    let db = file(&w);
    let tables = ["households", "household_members", "family_support", "assessments", "plan_actions", "home_visits"];
    assert_all_at(&places_of(&db, &household), &tables, &w.kita);

    // No command moves a household yet; a replica's change may.
    let (who, id, to) = (w.director.clone(), household.clone(), w.socoura.clone());
    w.store
        .write(move |tx| {
            tx.apply(Some(&who), vec![Op::set(EntityKind::Household, &id, "location_id", serde_json::json!(to))])
        })
        .expect("moved");
    let places = places_of(&db, &household);
    assert_eq!(places["household_members"].len(), 2);
    assert_all_at(&places, &tables, &w.socoura);
    // The people themselves stay where they are.
    assert_all_at(&places_of(&db, &head), &["people"], &w.kita);
    let problems = checked(&db, &w.dir.path().join("scratch"));
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_place_written_wrong_is_found_by_the_check() {
    let w = world();
    let child = child_in_care(&w, "Nènè");
    let db = file(&w);
    assert!(checked(&db, &w.dir.path().join("scratch-1")).is_empty());
    let c = Connection::open(&db).expect("open");
    let changed =
        c.execute("UPDATE measurements SET place_id = ?2 WHERE person_id = ?1", [&child, &w.socoura]).expect("tamper");
    assert_eq!(changed, 1);
    let problems = checked(&db, &w.dir.path().join("scratch-2"));
    assert!(
        problems.iter().any(|p| p.starts_with("measurements: ") && p.ends_with("differs in place_id")),
        "{problems:?}"
    );
}

#[test]
fn a_record_given_to_another_person_takes_her_place_and_its_own_records_follow() {
    let w = world();
    let left = child_in_care(&w, "Kadia");
    w.store.leave_care(&w.director, &left, "2026-03-01", "reintegration", TODAY).expect("left");
    w.store.follow_up(&w.director, &left, "2026-04-01", "va bien", TODAY).expect("followed up");
    let other = w.store.create_person(&w.director, person(&w.socoura, "Oumou")).expect("other").id;
    let db = file(&w);
    let admission: String = Connection::open(&db)
        .expect("open")
        .query_row("SELECT id FROM admissions WHERE person_id = ?1", [&left], |r| r.get(0))
        .expect("admission");
    // A replica's correction of whose admission it is (no command does it).
    let (who, id, to) = (w.director.clone(), admission, other.clone());
    w.store
        .write(move |tx| {
            tx.apply(Some(&who), vec![Op::set(EntityKind::Admission, &id, "person_id", serde_json::json!(to))])
        })
        .expect("given to another");
    assert_all_at(&places_of(&db, &other), &["admissions", "care_follow_ups"], &w.socoura);
    let problems = checked(&db, &w.dir.path().join("scratch"));
    assert!(problems.is_empty(), "{problems:?}");
}
