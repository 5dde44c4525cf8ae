//! The latest measurements of a place: each child's earlier assessable
//! measurement is read in a second pass, only for the children whose
//! latest measurement cannot judge acute malnutrition.

use dugu_storage::reads::*;
use dugu_storage::writes::*;
mod common;

use dugu_domain::measurement::MeasurementInput;
use dugu_storage::{Principal, Store};
use time::macros::date;

const TODAY: time::Date = date!(2026 - 07 - 01);

struct Site {
    _dir: tempfile::TempDir,
    store: Store,
    kita: String,
    nurse: Principal,
}

fn site() -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, kita, nurse) = common::kita_and_its_nurse(dir.path());
    Site { _dir: dir, store, kita, nurse }
}

fn child(s: &Site, given: &str) -> String {
    common::child(&s.store, &s.nurse, &s.kita, given, "F")
}

fn weighed(date: &str, kg: f64) -> MeasurementInput {
    MeasurementInput { date: date.into(), weight_kg: Some(kg), ..MeasurementInput::default() }
}

fn measured(date: &str, kg: f64, cm: f64) -> MeasurementInput {
    MeasurementInput {
        date: date.into(),
        weight_kg: Some(kg),
        length_height_cm: Some(cm),
        measured: "lying".into(),
        ..MeasurementInput::default()
    }
}

#[test]
fn the_earlier_assessable_measurement_comes_only_when_the_latest_cannot_judge() {
    let s = site();
    let (awa, binta, sali) = (child(&s, "Awa"), child(&s, "Binta"), child(&s, "Sali"));
    // Awa: measured, then weighed only: her earlier measurement judges.
    let judged = s.store.record_measurement(&s.nurse, &awa, measured("2026-05-01", 7.0, 78.0), TODAY).expect("awa");
    s.store.record_measurement(&s.nurse, &awa, weighed("2026-06-01", 7.1), TODAY).expect("awa weighed");
    // Binta: her latest measurement judges itself.
    s.store.record_measurement(&s.nurse, &binta, measured("2026-06-01", 8.0, 75.0), TODAY).expect("binta");
    // Sali: weighed only, ever: nothing judges.
    s.store.record_measurement(&s.nurse, &sali, weighed("2026-06-01", 8.0), TODAY).expect("sali");
    let latest = s.store.latest_measurements(&s.nurse, &s.kita).expect("latest");
    let of = |id: &str| latest.iter().find(|l| l.person_id == id).expect("listed");
    let earlier = of(&awa).assessable.as_ref().expect("Awa's earlier measurement");
    assert_eq!(
        (earlier.id.as_str(), earlier.date, earlier.length_height_cm, earlier.person_id.as_str()),
        (judged.measurement.id.as_str(), date!(2026 - 05 - 01), Some(78.0), awa.as_str())
    );
    assert_eq!(of(&binta).assessable, None);
    assert_eq!(of(&sali).assessable, None);
    assert_eq!(latest.len(), 3);
}
