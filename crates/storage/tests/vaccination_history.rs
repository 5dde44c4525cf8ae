//! A vaccination card says what is known: doses given on a day, doses the
//! health card ticks without a day, doses nobody knows about, a history
//! unknown before admission, doses given in campaigns. Only doses still
//! worth giving at the child's age are overdue, and the child's card and
//! the overdue list agree.

use dugu_storage::reads::*;
use dugu_storage::writes::*;
mod common;

use dugu_domain::vaccine::DoseState;
use dugu_domain::{Invalid, Role};
use dugu_storage::{PersonInput, Principal, Store, StoreError, check_database};
use time::macros::date;

const TODAY: time::Date = date!(2026 - 07 - 01);

struct Site {
    dir: tempfile::TempDir,
    store: Store,
    kita: String,
    sanankoroba: String,
    nurse: Principal,
}

fn site() -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let mut sites = common::mali(&store, &[("KIT", "Kita"), ("SAN", "Sanankoroba")]);
    let (kita, sanankoroba) = (sites.remove(0), sites.remove(0));
    let nurse = common::account(&store, "nurse.kita", Role::Nurse, std::slice::from_ref(&kita));
    Site { dir, store, kita, sanankoroba, nurse }
}

fn child(s: &Site, given: &str, born: &str) -> String {
    let input = PersonInput {
        given_name: given.into(),
        family_name: "Diarra".into(),
        sex: "M".into(),
        birth_date: born.into(),
        location_id: s.kita.clone(),
        ..Default::default()
    };
    s.store.create_person(&s.nurse, input).expect("child").id
}

fn card_overdue(s: &Site, id: &str, born: &str) -> Vec<String> {
    let card =
        s.store.vaccination_card(&s.nurse, id, dugu_domain::birth::parse_iso_date(born).ok(), TODAY).expect("card");
    card.into_iter().filter(|d| d.state == DoseState::Overdue).map(|d| d.code).collect()
}

fn list_overdue(s: &Site, id: &str) -> Vec<String> {
    let list = s.store.overdue_vaccinations(&s.nurse, &s.kita, TODAY).expect("list");
    list.into_iter().find(|c| c.person_id == id).map(|c| c.overdue).unwrap_or_default()
}

fn state(s: &Site, id: &str, born: &str, code: &str) -> DoseState {
    let card =
        s.store.vaccination_card(&s.nurse, id, dugu_domain::birth::parse_iso_date(born).ok(), TODAY).expect("card");
    card.into_iter().find(|d| d.code == code).map(|d| d.state).expect("dose on the card")
}

fn fields_named(e: StoreError) -> Vec<String> {
    match e {
        StoreError::Invalid(Invalid(errors)) => errors.into_iter().map(|f| f.field).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn a_teenager_admitted_without_a_card_is_not_seventeen_doses_late() {
    let s = site();
    let born = "2013-03-01";
    let teen = child(&s, "Seydou", born);
    // Infant doses are past the age they are given at; measles-rubella,
    // yellow fever and meningitis A can still be caught up.
    assert_eq!(state(&s, &teen, born, "penta1"), DoseState::NoLongerGiven);
    assert_eq!(state(&s, &teen, born, "opv0"), DoseState::NoLongerGiven);
    let overdue = card_overdue(&s, &teen, born);
    assert_eq!(overdue, ["mr1", "yf", "mena", "mr2"]);
    assert_eq!(list_overdue(&s, &teen), overdue, "the card and the list agree");

    // The history before admission is unknown: no alert for what was due
    // before, on the card or the list.
    let e = s.store.state_vaccination_history(&s.nurse, &teen, "forgotten", "2026-06-01", TODAY).expect_err("bad");
    assert_eq!(fields_named(e), ["history"]);
    s.store.state_vaccination_history(&s.nurse, &teen, "unknown", "2026-06-01", TODAY).expect("history unknown");
    assert_eq!(state(&s, &teen, born, "mr1"), DoseState::Unknown);
    assert!(card_overdue(&s, &teen, born).is_empty());
    assert!(list_overdue(&s, &teen).is_empty());
}

#[test]
fn doses_known_from_a_card_without_dates_count_and_unknown_ones_do_not_alert() {
    let s = site();
    let born = "2025-01-10";
    let baby = child(&s, "Awa", born);
    s.store.record_undated_dose(&s.nurse, &baby, "penta1", "card").expect("on the card");
    s.store.record_undated_dose(&s.nurse, &baby, "penta2", "unknown").expect("not known");
    assert_eq!(state(&s, &baby, born, "penta1"), DoseState::GivenUndated);
    assert_eq!(state(&s, &baby, born, "penta2"), DoseState::Unknown);
    assert_eq!(state(&s, &baby, born, "penta3"), DoseState::Overdue);
    // Given on the card: not recorded twice; not known: its day can be
    // recorded when found.
    let e = s.store.vaccinate(&s.nurse, &baby, "penta1", "2025-03-01", TODAY).expect_err("twice");
    assert_eq!(fields_named(e), ["dose"]);
    s.store.vaccinate(&s.nurse, &baby, "penta2", "2025-03-25", TODAY).expect("found the day");
    assert_eq!(state(&s, &baby, born, "penta2"), DoseState::Given);
    let e = s.store.record_undated_dose(&s.nurse, &baby, "penta3", "maybe").expect_err("bad");
    assert_eq!(fields_named(e), ["undated"]);
    assert_eq!(list_overdue(&s, &baby), card_overdue(&s, &baby, born));

    let report = check_database(s.store.path(), &s.dir.path().join("scratch.sqlite")).expect("check");
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn campaign_doses_are_recorded_outside_the_schedule() {
    let s = site();
    let kid = child(&s, "Fanta", "2021-05-05");
    let e = s.store.record_extra_dose(&s.nurse, &kid, "", "2026-02-01", "party", TODAY).expect_err("bad");
    assert_eq!(fields_named(e), ["vaccine", "context"]);
    let e = s.store.record_extra_dose(&s.nurse, &kid, "VPO", "2027-02-01", "campaign", TODAY).expect_err("future");
    assert_eq!(fields_named(e), ["given_on"]);
    s.store.record_extra_dose(&s.nurse, &kid, "VPO (JNV)", "2026-02-01", "campaign", TODAY).expect("campaign");
    let extra = s.store.extra_doses_of(&s.nurse, &kid).expect("extra");
    assert_eq!(extra.len(), 1);
    assert_eq!((extra[0].vaccine.as_str(), extra[0].context.as_str()), ("VPO (JNV)", "campaign"));
    // Another site's nurse sees nothing of it.
    let other = common::account(&s.store, "nurse.san", Role::Nurse, std::slice::from_ref(&s.sanankoroba));
    assert!(matches!(s.store.extra_doses_of(&other, &kid), Err(StoreError::NotFound)));
}

#[test]
fn the_card_and_the_list_agree_at_every_age() {
    let s = site();
    let births = ["2026-06-25", "2026-04-01", "2025-09-15", "2024-07-01", "2022-01-20", "2019-11-11", "2012-02-02"];
    let ids: Vec<(String, &str)> = births.iter().map(|b| (child(&s, "Enfant", b), *b)).collect();
    // A few doses here and there.
    s.store.vaccinate(&s.nurse, &ids[1].0, "bcg", "2026-04-02", TODAY).expect("bcg");
    s.store.vaccinate(&s.nurse, &ids[3].0, "mr1", "2025-04-01", TODAY).expect("mr1");
    s.store.record_undated_dose(&s.nurse, &ids[4].0, "yf", "card").expect("yf");
    for (id, born) in &ids {
        assert_eq!(list_overdue(&s, id), card_overdue(&s, id, born), "born {born}");
    }
    // A six-day-old is late only for the birth doses.
    assert_eq!(card_overdue(&s, &ids[0].0, births[0]), ["bcg", "opv0"]);
}
