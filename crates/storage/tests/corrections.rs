//! A wrong measurement or dose is corrected or struck out with a reason,
//! never deleted: the history keeps both, the struck-out value stops
//! counting, and the change log still rebuilds the state.

use dugu_storage::reads::*;
use dugu_storage::writes::*;
mod common;

use dugu_domain::measurement::MeasurementInput;
use dugu_domain::{EntityKind, Invalid, Role};
use dugu_storage::{PersonInput, Principal, Store, StoreError, check_database};
use time::macros::date;

struct Village {
    _dir: tempfile::TempDir,
    store: Store,
    kita: String,
    sites: Vec<String>,
    nurse: Principal,
    child: String,
}

fn village() -> Village {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let sites = common::mali(&store, &[("KIT", "Kita"), ("SAN", "Sanankoroba")]);
    let kita = sites[0].clone();
    let nurse = common::account(&store, "nurse.kita", Role::Nurse, &sites[..1]);
    let child = store
        .create_person(
            &nurse,
            PersonInput {
                given_name: "Awa".into(),
                family_name: "Traoré".into(),
                sex: "F".into(),
                birth_date: "2024-06-01".into(),
                location_id: kita.clone(),
                ..Default::default()
            },
        )
        .expect("child")
        .id;
    Village { _dir: dir, store, kita, sites, nurse, child }
}

fn weighed(date: &str, kg: f64) -> MeasurementInput {
    MeasurementInput {
        date: date.into(),
        weight_kg: Some(kg),
        length_height_cm: Some(84.0),
        measured: "lying".into(),
        ..Default::default()
    }
}

fn fields_named(e: &StoreError) -> Vec<String> {
    match e {
        StoreError::Invalid(Invalid(errors)) => errors.iter().map(|f| f.field.clone()).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

const TODAY: time::Date = date!(2026 - 07 - 01);

#[test]
fn a_struck_out_weight_stops_counting_and_its_history_keeps_both() {
    let v = village();
    let good = v.store.record_measurement(&v.nurse, &v.child, weighed("2026-05-02", 11.2), TODAY).expect("good");
    let wrong = v.store.record_measurement(&v.nurse, &v.child, weighed("2026-06-02", 95.0), TODAY).expect("wrong");
    let latest = v.store.latest_measurements(&v.nurse, &v.kita).expect("latest");
    assert_eq!(latest[0].measurement.id, wrong.measurement.id);

    let e = v.store.strike_out(&v.nurse, EntityKind::Measurement, &wrong.measurement.id, "  ").expect_err("no reason");
    assert_eq!(fields_named(&e), ["amend_reason"]);
    v.store
        .strike_out(&v.nurse, EntityKind::Measurement, &wrong.measurement.id, "Balance mal tarée")
        .expect("strike out");
    let again =
        v.store.strike_out(&v.nurse, EntityKind::Measurement, &wrong.measurement.id, "encore").expect_err("twice");
    assert_eq!(fields_named(&again), ["struck_out"]);

    // Not drawn, not the latest (so not in prevalence or the nutrition list).
    let drawn = v.store.measurements_of(&v.nurse, &v.child).expect("chart");
    assert_eq!(drawn.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), [good.measurement.id.as_str()]);
    let latest = v.store.latest_measurements(&v.nurse, &v.kita).expect("latest");
    assert_eq!(latest[0].measurement.id, good.measurement.id);
    assert_eq!(latest[0].previous_weight, None);

    // The history: the creation with 95 kg, then the strike-out, by whom.
    let history = v.store.revisions(&v.nurse, EntityKind::Measurement, &wrong.measurement.id).expect("history");
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history[0].created);
    assert!(history[0].fields.iter().any(|(f, val)| f == "weight_kg" && val.as_f64() == Some(95.0)));
    assert_eq!(history[1].by.as_deref(), Some("nurse.kita"));
    assert!(history[1].fields.iter().any(|(f, val)| f == "struck_out" && val == "Balance mal tarée"));
    // The history's view is found under the child: "who saw P's record?"
    // is asked by P's id, not by the measurement's.
    let auditor = common::account(&v.store, "auditor", Role::Auditor, &[]);
    let q = dugu_storage::AuditQuery { record_id: Some(v.child.clone()), limit: 100, ..Default::default() };
    let seen = v.store.audit_entries(&auditor, &q).expect("audit");
    assert!(
        seen.iter().any(|e| e.action == dugu_storage::AuditAction::View
            && e.username == "nurse.kita"
            && e.record_type == "measurement"),
        "{seen:?}"
    );

    let report = check_database(v.store.path(), &v._dir.path().join("scratch.sqlite")).expect("check");
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn a_correction_changes_the_values_and_keeps_the_old_ones_in_the_history() {
    let v = village();
    let wrong = v.store.record_measurement(&v.nurse, &v.child, weighed("2026-06-02", 95.0), TODAY).expect("wrong");
    let id = wrong.measurement.id.clone();
    let e = v.store.correct_measurement(&v.nurse, &id, weighed("2026-06-02", 9.5), "", TODAY).expect_err("reason");
    assert_eq!(fields_named(&e), ["amend_reason"]);
    let e = v.store.correct_measurement(&v.nurse, &id, weighed("2099-01-01", 9.5), "x", TODAY).expect_err("future");
    assert!(fields_named(&e).iter().any(|f| f != "amend_reason"), "the measurement's own field is named");
    let fixed = v
        .store
        .correct_measurement(&v.nurse, &id, weighed("2026-06-02", 9.5), "Virgule oubliée", TODAY)
        .expect("correct");
    assert_eq!(fixed.measurement.weight_kg, Some(9.5));
    let latest = v.store.latest_measurements(&v.nurse, &v.kita).expect("latest");
    assert_eq!((latest[0].measurement.id.as_str(), latest[0].measurement.weight_kg), (id.as_str(), Some(9.5)));
    let history = v.store.revisions(&v.nurse, EntityKind::Measurement, &id).expect("history");
    // The creation, then only what changed, then the reason.
    assert_eq!(history.len(), 3, "{history:?}");
    assert!(history[0].fields.iter().any(|(f, val)| f == "weight_kg" && val.as_f64() == Some(95.0)));
    assert_eq!(history[1].fields, [("weight_kg".to_string(), serde_json::json!(9.5))]);
    assert_eq!(history[2].fields, [("correction".to_string(), serde_json::json!("Virgule oubliée"))]);
    let e = v
        .store
        .correct_measurement(&v.nurse, &id, weighed("2026-06-02", 9.5), "encore", TODAY)
        .expect_err("nothing changes");
    assert_eq!(fields_named(&e), ["weight_kg"]);
    let report = check_database(v.store.path(), &v._dir.path().join("scratch.sqlite")).expect("check");
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn only_who_may_write_it_in_scope_amends_a_record() {
    let v = village();
    let m = v.store.record_measurement(&v.nurse, &v.child, weighed("2026-06-02", 95.0), TODAY).expect("measure");
    let id = m.measurement.id;
    let other_nurse = common::account(&v.store, "nurse.san", Role::Nurse, &v.sites[1..]);
    let fundraiser = common::account(&v.store, "fundraiser", Role::Fundraiser, &[]);
    for who in [&other_nurse, &fundraiser] {
        let e = v.store.strike_out(who, EntityKind::Measurement, &id, "faux").expect_err("out of reach");
        assert!(matches!(e, StoreError::NotFound), "{e:?}");
        let e = v.store.revisions(who, EntityKind::Measurement, &id).expect_err("no history either");
        assert!(matches!(e, StoreError::NotFound), "{e:?}");
    }
    // A social worker of the site reads the child but not growth data.
    let social = common::account(&v.store, "social.kita", Role::SocialWorker, std::slice::from_ref(&v.kita));
    let e = v.store.strike_out(&social, EntityKind::Measurement, &id, "faux").expect_err("not medical");
    assert!(matches!(e, StoreError::NotFound | StoreError::Forbidden), "{e:?}");
    // A kind that is never amended this way.
    let e = v.store.strike_out(&v.nurse, EntityKind::Person, &v.child, "faux").expect_err("a person");
    assert!(matches!(e, StoreError::NotFound), "{e:?}");
    assert_eq!(v.store.measurements_of(&v.nurse, &v.child).expect("chart").len(), 1, "nothing changed");
}

#[test]
fn a_struck_out_dose_is_not_given_and_can_be_recorded_again() {
    let v = village();
    v.store.vaccinate(&v.nurse, &v.child, "bcg", "2024-06-02", TODAY).expect("bcg");
    let given = |s: &Store| {
        s.vaccination_card(&v.nurse, &v.child, Some(time::macros::date!(2024 - 06 - 01)), TODAY)
            .expect("card")
            .into_iter()
            .find(|d| d.code == "bcg")
            .and_then(|d| d.given_on)
            .map(|d| d.to_string())
    };
    assert_eq!(given(&v.store).as_deref(), Some("2024-06-02"));
    let conn = rusqlite::Connection::open(v.store.path()).expect("open");
    let dose: String =
        conn.query_row("SELECT id FROM vaccinations WHERE person_id = ?1", [&v.child], |r| r.get(0)).expect("dose id");
    v.store.strike_out(&v.nurse, EntityKind::Vaccination, &dose, "Enfant confondu").expect("strike");
    assert_eq!(given(&v.store), None);
    v.store.vaccinate(&v.nurse, &v.child, "bcg", "2024-06-03", TODAY).expect("recorded again");
    assert_eq!(given(&v.store).as_deref(), Some("2024-06-03"));
}
