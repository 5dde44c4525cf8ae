//! Reads hand out the field's types, decoded once in the store: a stored
//! value that is not one (a sex that is neither `F` nor `M`, a day that is
//! no day) fails the read with an error naming the column, never the
//! value, and never turns into a default — a child of unreadable sex
//! assessed against the girls' curves would be a silent wrong answer.

use dugu_storage::reads::*;
use dugu_storage::writes::*;
mod common;

use dugu_domain::measurement::MeasurementInput;
use dugu_domain::{Role, Sex};
use dugu_storage::{Principal, Store, StoreError};
use time::macros::date;

const TODAY: time::Date = date!(2026 - 07 - 01);

struct Site {
    _dir: tempfile::TempDir,
    store: Store,
    kita: String,
    nurse: Principal,
    child: String,
}

fn site() -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, kita, nurse) = common::kita_and_its_nurse(dir.path());
    let child = common::child(&store, &nurse, &kita, "Moussa", "M");
    let weighed = MeasurementInput { date: "2026-06-01".into(), weight_kg: Some(8.4), ..MeasurementInput::default() };
    store.record_measurement(&nurse, &child, weighed, TODAY).expect("measured");
    Site { _dir: dir, store, kita, nurse, child }
}

/// Writes behind the store's back, as a damaged file or a bug would (a
/// column's CHECK is no guard against either).
fn damage(s: &Site, sql: &str) {
    let conn = rusqlite::Connection::open(s.store.path()).expect("open");
    conn.execute_batch("PRAGMA ignore_check_constraints = ON").expect("checks off");
    conn.execute(sql, []).expect("damage");
}

fn undecodable<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Undecodable { column, .. }) => column,
        other => panic!("expected an undecodable column, got {other:?}"),
    }
}

#[test]
fn reads_give_the_fields_types() {
    let s = site();
    let p = s.store.view_person(&s.nurse, &s.child).expect("person");
    assert_eq!((p.sex, p.birth_date), (Sex::Male, Some(date!(2025 - 01 - 10))));
    let latest = s.store.latest_measurements(&s.nurse, &s.kita).expect("latest");
    assert_eq!(latest.len(), 1);
    assert_eq!((latest[0].sex, latest[0].birth_date), (Sex::Male, Some(date!(2025 - 01 - 10))));
    assert_eq!(latest[0].measurement.date, date!(2026 - 06 - 01));
}

#[test]
fn a_sex_that_is_neither_f_nor_m_fails_the_nutrition_read_naming_the_column() {
    let s = site();
    damage(&s, "UPDATE growth_status SET sex = 'X'");
    let e = s.store.latest_measurements(&s.nurse, &s.kita);
    assert_eq!(undecodable(e), "sex");
}

#[test]
fn a_birth_date_that_is_no_day_fails_the_read_and_says_nothing_of_the_value() {
    let s = site();
    damage(&s, "UPDATE people SET birth_date = '2025-02-31'");
    let e = s.store.view_person(&s.nurse, &s.child).expect_err("no default");
    assert!(matches!(&e, StoreError::Undecodable { column, .. } if column == "birth_date"), "{e:?}");
    assert!(!e.to_string().contains("2025-02-31"), "{e}");
    assert_eq!(undecodable(s.store.overdue_vaccinations(&s.nurse, &s.kita, TODAY)), "birth_date");
}

#[test]
fn a_measurement_day_that_is_no_day_fails_the_childs_measurements() {
    let s = site();
    damage(&s, "UPDATE measurements SET measured_on = 'yesterday'");
    assert_eq!(undecodable(s.store.measurements_of(&s.nurse, &s.child)), "measured_on");
}

#[test]
fn a_medical_visit_is_read_with_its_day_and_a_day_that_is_no_day_fails_the_read() {
    let s = site();
    let visit = dugu_storage::VisitInput {
        visited_on: "2026-06-15".into(),
        reason: "fièvre".into(),
        diagnosis: String::new(),
        treatment: String::new(),
        referral: String::new(),
    };
    s.store.record_medical_visit(&s.nurse, &s.child, visit, TODAY).expect("visit");
    let visits = s.store.medical_visits_of(&s.nurse, &s.child).expect("visits");
    assert_eq!(visits.iter().map(|v| v.visited_on).collect::<Vec<_>>(), [date!(2026 - 06 - 15)]);
    damage(&s, "UPDATE medical_visits SET visited_on = '15/06/2026'");
    assert_eq!(undecodable(s.store.medical_visits_of(&s.nurse, &s.child)), "visited_on");
}

#[test]
fn a_familys_support_is_read_with_its_days_and_a_day_that_is_no_day_fails_the_read() {
    let s = site();
    let social = common::account(&s.store, "social.kita", Role::SocialWorker, std::slice::from_ref(&s.kita));
    let input = dugu_storage::HouseholdInput {
        name: "Famille Diarra".into(),
        location_id: s.kita.clone(),
        members: vec![(s.child.clone(), "child".into())],
    };
    let household = s.store.create_household(&social, input).expect("household").id;
    s.store.start_support(&social, &household, "2026-03-02", TODAY).expect("support");
    s.store.assess(&social, &household, "2026-03-09", [Some(2); 7], TODAY).expect("assessed");
    let support = s.store.support_of(&social, &household).expect("read").expect("supported");
    assert_eq!((support.started_on, support.ended_on), (date!(2026 - 03 - 02), None));
    assert_eq!(support.assessments[0].assessed_on, date!(2026 - 03 - 09));
    damage(&s, "UPDATE assessments SET assessed_on = '2026-13-09'");
    assert_eq!(undecodable(s.store.support_of(&social, &household)), "assessed_on");
}

#[test]
fn a_childs_care_is_read_with_its_days_and_a_day_that_is_no_day_fails_the_read() {
    let s = site();
    let director = common::account(&s.store, "director.kita", Role::LocationDirector, std::slice::from_ref(&s.kita));
    let house = dugu_storage::HouseInput {
        location_id: s.kita.clone(),
        name: "Maison Baobab".into(),
        capacity: Some(8),
        sos_parent_id: String::new(),
    };
    let house = s.store.create_house(&director, house).expect("house").id;
    let admission = dugu_storage::AdmissionInput {
        admitted_on: "2026-02-01".into(),
        reason: "orphaned_aids".into(),
        house_id: house,
        ..Default::default()
    };
    s.store.admit(&director, &s.child, admission, TODAY).expect("admitted");
    let care = s.store.care_of(&director, &s.child).expect("read").expect("in care");
    assert_eq!((care.admitted_on, care.left_on), (date!(2026 - 02 - 01), None));
    assert_eq!(care.placements[0].from_date, date!(2026 - 02 - 01));
    damage(&s, "UPDATE placements SET from_date = '2026-02-30'");
    assert_eq!(undecodable(s.store.care_of(&director, &s.child)), "from_date");
}

#[test]
fn a_school_year_is_read_as_its_year_and_result_and_a_stored_one_that_is_neither_fails_the_read() {
    use dugu_domain::school::{SchoolResult, SchoolYear};
    let s = site();
    let social = common::account(&s.store, "social.kita", Role::SocialWorker, std::slice::from_ref(&s.kita));
    let year = dugu_storage::SchoolYearInput {
        year: "2025-2026".into(),
        school: "École de Kita".into(),
        grade: "1re année".into(),
        result: Some("repeated".into()),
        average: Some(9.5),
    };
    s.store.save_school_year(&social, &s.child, year).expect("saved");
    let years = s.store.school_years_of(&social, &s.child).expect("years");
    assert_eq!(years.len(), 1);
    assert_eq!(
        (years[0].year, years[0].result),
        (SchoolYear::starting(2025).expect("year"), Some(SchoolResult::Repeated))
    );
    damage(&s, "UPDATE school_years SET result = 'expelled'");
    assert_eq!(undecodable(s.store.school_years_of(&social, &s.child)), "result");
    damage(&s, "UPDATE school_years SET result = 'passed', year = '2025/2026'");
    assert_eq!(undecodable(s.store.school_years_of(&social, &s.child)), "year");
}

#[test]
fn the_audit_trail_is_read_with_its_action_role_and_lists_and_a_code_that_is_none_fails_the_read() {
    use dugu_storage::{AuditAction, AuditQuery};
    let s = site();
    let auditor = common::account(&s.store, "auditor", Role::Auditor, &[]);
    s.store.view_person(&s.nurse, &s.child).expect("viewed");
    let q = AuditQuery { record_id: Some(s.child.clone()), limit: 100, ..AuditQuery::default() };
    let entries = s.store.audit_entries(&auditor, &q).expect("trail");
    let viewed = entries.iter().find(|e| e.action == AuditAction::View).expect("the view is in the trail");
    assert_eq!((viewed.role, viewed.fields.len()), (Some(Role::Nurse), 0));
    let created = entries.iter().find(|e| e.action == AuditAction::Create).expect("the creation");
    assert!(created.fields.iter().any(|f| f == "birth_date"), "{:?}", created.fields);
    // The trail refuses updates (append-only): a damaged copy is made by
    // dropping the trigger first, as a tampered file would be.
    damage(&s, "DROP TRIGGER IF EXISTS audit_log_no_update");
    damage(&s, "UPDATE audit_log SET action = 'peek' WHERE action = 'view'");
    assert_eq!(undecodable(s.store.audit_entries(&auditor, &q)), "action");
}

#[test]
fn programmes_and_enrolments_are_read_with_their_kind_and_days_and_a_day_that_is_no_day_fails_the_read() {
    use dugu_domain::programme::ProgrammeKind;
    let s = site();
    let social = common::account(&s.store, "social.kita", Role::SocialWorker, std::slice::from_ref(&s.kita));
    let input = dugu_storage::ProgrammeInput {
        location_id: s.kita.clone(),
        kind: ProgrammeKind::Kindergarten,
        name: "Jardin d'enfants de Kita".into(),
        start_date: "2019-10-01".into(),
        target: None,
    };
    let programme = s.store.write(move |tx| tx.create_programme(None, &input)).expect("programme");
    assert_eq!((programme.kind, programme.start_date), (ProgrammeKind::Kindergarten, date!(2019 - 10 - 01)));
    let listed = s.store.programmes(&social).expect("programmes");
    assert_eq!((listed[0].kind, listed[0].start_date), (ProgrammeKind::Kindergarten, date!(2019 - 10 - 01)));
    s.store.enrol(&social, &programme.id, &s.child, "2026-01-05").expect("enrolled");
    let enrolments = s.store.enrolments_of(&social, &s.child).expect("enrolments");
    assert_eq!(
        (enrolments[0].programme_kind, enrolments[0].start_date, enrolments[0].end_date),
        (ProgrammeKind::Kindergarten, date!(2026 - 01 - 05), None)
    );
    damage(&s, "UPDATE enrolments SET end_date = 'soon'");
    assert_eq!(undecodable(s.store.enrolments_of(&social, &s.child)), "end_date");
    damage(&s, "UPDATE programmes SET kind = 'circus'");
    assert_eq!(undecodable(s.store.programmes(&social)), "kind");
}

#[test]
fn a_register_is_read_for_a_day_given_as_a_day() {
    let s = site();
    let director = common::account(&s.store, "director.kita", Role::LocationDirector, std::slice::from_ref(&s.kita));
    let group = s.store.create_group(&director, &s.kita, "Petite section", "daycare").expect("group").id;
    s.store.add_to_group(&director, &group, &s.child, "2026-06-01").expect("member");
    s.store.save_register(&director, &group, "2026-06-15", vec![s.child.clone()], TODAY).expect("taken");
    let (_, taken) = s.store.register(&director, &group, date!(2026 - 06 - 15)).expect("register");
    let (_, other) = s.store.register(&director, &group, date!(2026 - 06 - 16)).expect("register");
    assert_eq!((taken[0].present, other[0].present), (Some(true), None), "the day asked, not another");
}

#[test]
fn the_families_due_are_read_with_their_days_and_a_day_that_is_no_day_fails_the_read() {
    let s = site();
    let social = common::account(&s.store, "social.kita", Role::SocialWorker, std::slice::from_ref(&s.kita));
    let input = dugu_storage::HouseholdInput {
        name: "Famille Diarra".into(),
        location_id: s.kita.clone(),
        members: vec![(s.child.clone(), "child".into())],
    };
    let household = s.store.create_household(&social, input).expect("household").id;
    s.store.start_support(&social, &household, "2026-03-02", TODAY).expect("support");
    let action = dugu_storage::PlanActionInput {
        goal: "Revenus".into(),
        action: "Maraîchage".into(),
        responsible: "Mme Diarra".into(),
        due_on: "2026-07-03".into(),
    };
    s.store.add_plan_action(&social, &household, action).expect("planned");
    s.store.record_visit(&social, &household, "2026-03-09", "Première visite.", TODAY).expect("visited");
    let due = s.store.family_due(&social, TODAY).expect("due");
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].next_action, due[0].last_visit), (Some(date!(2026 - 07 - 03)), Some(date!(2026 - 03 - 09))));
    assert!(due[0].visit_due, "no visit for more than the days a visit is due after");
    damage(&s, "UPDATE home_visits SET visited_on = '9 mars'");
    assert_eq!(undecodable(s.store.family_due(&social, TODAY)), "last_visit");
}

/// A family house at Kita and its director, a child of the site admitted to it.
fn admitted(s: &Site, reason: &str) -> Principal {
    let director = common::account(&s.store, "director.kita", Role::LocationDirector, std::slice::from_ref(&s.kita));
    let house = dugu_storage::HouseInput {
        location_id: s.kita.clone(),
        name: "Maison Baobab".into(),
        capacity: Some(8),
        sos_parent_id: String::new(),
    };
    let house = s.store.create_house(&director, house).expect("house").id;
    let admission = dugu_storage::AdmissionInput {
        admitted_on: "2026-02-01".into(),
        reason: reason.into(),
        house_id: house,
        ..Default::default()
    };
    s.store.admit(&director, &s.child, admission, TODAY).expect("admitted");
    director
}

#[test]
fn a_childs_care_is_read_with_its_reasons_and_a_reason_that_is_none_fails_the_read() {
    use dugu_domain::village::{AdmissionReason, LeavingReason, LeftBy};
    let s = site();
    let director = admitted(&s, "orphaned_aids");
    s.store.leave_care(&director, &s.child, "2026-06-01", "reintegration", TODAY).expect("left");
    let care = s.store.care_of(&director, &s.child).expect("read").expect("in care");
    assert_eq!(
        (care.reason, care.leaving_reason),
        (Some(AdmissionReason::OrphanedAids), Some(LeavingReason::Reintegration))
    );
    let village = s.store.village(&director, &s.kita, 2026).expect("village");
    assert_eq!(village.left_this_year, [(LeftBy::Reason(LeavingReason::Reintegration), 1)]);
    let nurse_sees = s.store.village(&s.nurse, &s.kita, 2026).expect("village");
    assert_eq!(nurse_sees.left_this_year, [(LeftBy::Any, 1)], "a count, not how");
    assert_eq!(serde_json::json!(nurse_sees.left_this_year), serde_json::json!([["left", 1]]), "JSON as before");

    damage(&s, "UPDATE admissions SET leaving_reason = 'ran_away'");
    assert_eq!(undecodable(s.store.care_of(&director, &s.child)), "leaving_reason");
    assert_eq!(undecodable(s.store.village(&director, &s.kita, 2026)), "leaving_reason");
    damage(&s, "UPDATE admissions SET leaving_reason = 'reintegration', reason = 'bored'");
    assert_eq!(undecodable(s.store.care_of(&director, &s.child)), "reason");
}

#[test]
fn an_earlier_stay_is_read_with_its_reasons_and_a_reason_that_is_none_fails_the_read() {
    use dugu_domain::village::{AdmissionReason, LeavingReason};
    let s = site();
    let director = admitted(&s, "abandoned");
    s.store.leave_care(&director, &s.child, "2026-03-01", "reintegration", TODAY).expect("left");
    let house = s.store.houses(&director, &s.kita).expect("houses").remove(0).id;
    let again = dugu_storage::AdmissionInput {
        admitted_on: "2026-05-01".into(),
        reason: "orphaned_conflict".into(),
        house_id: house,
        ..Default::default()
    };
    s.store.admit(&director, &s.child, again, TODAY).expect("admitted again");
    let care = s.store.care_of(&director, &s.child).expect("read").expect("in care");
    let before = &care.earlier_stays[0];
    assert_eq!(
        (before.reason, before.leaving_reason),
        (Some(AdmissionReason::Abandoned), Some(LeavingReason::Reintegration))
    );
    damage(&s, "UPDATE admissions SET leaving_reason = 'ran_away' WHERE leaving_reason IS NOT NULL");
    assert_eq!(undecodable(s.store.care_of(&director, &s.child)), "leaving_reason");
}

/// A household at Kita with the site's child in it, and a social worker.
fn household(s: &Site) -> (Principal, String) {
    let social = common::account(&s.store, "social.kita", Role::SocialWorker, std::slice::from_ref(&s.kita));
    let input = dugu_storage::HouseholdInput {
        name: "Famille Diarra".into(),
        location_id: s.kita.clone(),
        members: vec![(s.child.clone(), "child".into())],
    };
    let household = s.store.create_household(&social, input).expect("household").id;
    (social, household)
}

#[test]
fn a_familys_assessments_and_exit_are_read_as_areas_scores_changes_and_a_reason() {
    use dugu_domain::family::{Area, Change, Exit, Score};
    let s = site();
    let (social, household) = household(&s);
    s.store.start_support(&social, &household, "2026-03-02", TODAY).expect("support");
    s.store
        .assess(
            &social,
            &household,
            "2026-03-09",
            [Some(3), Some(2), Some(2), Some(1), Some(0), Some(1), Some(1)],
            TODAY,
        )
        .expect("first");
    s.store
        .assess(
            &social,
            &household,
            "2026-06-09",
            [Some(1), Some(2), Some(3), Some(1), Some(0), Some(1), Some(1)],
            TODAY,
        )
        .expect("second");
    s.store.end_support(&social, &household, "2026-06-20", "graduated", TODAY).expect("ended");
    let support = s.store.support_of(&social, &household).expect("read").expect("supported");
    assert_eq!(support.exit_reason, Some(Exit::Graduated));
    let latest = &support.assessments[0];
    let score = |n| Score::new(n).expect("a score");
    assert_eq!(latest.scores[..3], [(Area::Food, score(1)), (Area::Income, score(2)), (Area::Housing, score(3))]);
    assert_eq!(
        latest.changes[..3],
        [(Area::Food, Change::Better), (Area::Income, Change::Same), (Area::Housing, Change::Worse)]
    );
    assert_eq!(latest.scores.iter().map(|(a, _)| *a).collect::<Vec<_>>(), Area::ALL, "every area, in order");
    assert_eq!(
        serde_json::json!(latest.changes[0]),
        serde_json::json!(["food", "better"]),
        "in JSON, the codes they always were"
    );
    assert_eq!(serde_json::json!(latest.scores[0]), serde_json::json!(["food", 1]));

    damage(&s, "UPDATE assessments SET child_care = 7");
    assert_eq!(undecodable(s.store.support_of(&social, &household)), "child_care");
    damage(&s, "UPDATE assessments SET child_care = 'beaucoup'");
    assert_eq!(undecodable(s.store.support_of(&social, &household)), "child_care");
    damage(&s, "UPDATE assessments SET child_care = 1");
    damage(&s, "UPDATE family_support SET exit_reason = 'vanished'");
    assert_eq!(undecodable(s.store.support_of(&social, &household)), "exit_reason");
}

#[test]
fn a_household_member_is_read_with_a_relationship_and_one_that_is_none_fails_the_read() {
    use dugu_domain::household::Relationship;
    let s = site();
    let (social, household) = household(&s);
    let h = s.store.view_household(&social, &household).expect("household");
    assert_eq!(h.members[0].relationship, Relationship::Child);
    let of = s.store.households_of(&social, &s.child).expect("households");
    assert_eq!(of[0].3, Relationship::Child);
    damage(&s, "UPDATE household_members SET relationship = 'cousin'");
    assert_eq!(undecodable(s.store.view_household(&social, &household)), "relationship");
    assert_eq!(undecodable(s.store.households_of(&social, &s.child)), "relationship");
}

#[test]
fn a_care_group_is_read_with_its_kind_and_a_kind_that_is_none_fails_the_read() {
    use dugu_domain::care_group::GroupKind;
    let s = site();
    let director = common::account(&s.store, "director.kita", Role::LocationDirector, std::slice::from_ref(&s.kita));
    let made = s.store.create_group(&director, &s.kita, "Moyenne section", "kindergarten").expect("group");
    assert_eq!(made.kind, GroupKind::Kindergarten);
    let groups = s.store.groups(&director, &s.kita).expect("groups");
    assert_eq!(groups[0].kind, GroupKind::Kindergarten);
    let (group, _) = s.store.register(&director, &made.id, TODAY).expect("register");
    assert_eq!(group.kind, GroupKind::Kindergarten);
    damage(&s, "UPDATE care_groups SET kind = 'school'");
    assert_eq!(undecodable(s.store.groups(&director, &s.kita)), "kind");
    assert_eq!(undecodable(s.store.register(&director, &made.id, TODAY)), "kind");
}

/// An emergency relief programme at Kita, and its supervisor.
fn relief(s: &Site) -> (Principal, String) {
    let input = dugu_storage::ProgrammeInput {
        location_id: s.kita.clone(),
        kind: dugu_domain::programme::ProgrammeKind::EmergencyRelief,
        name: "Aide d'urgence".into(),
        start_date: "2026-01-01".into(),
        target: None,
    };
    let programme = s.store.write(move |tx| tx.create_programme(None, &input)).expect("programme").id;
    let supervisor =
        common::account(&s.store, "supervisor.kita", Role::ReliefSupervisor, std::slice::from_ref(&s.kita));
    (supervisor, programme)
}

#[test]
fn a_relief_cycle_is_read_with_its_days_and_a_day_that_is_no_day_fails_the_read() {
    let s = site();
    let (supervisor, programme) = relief(&s);
    let input = dugu_storage::CycleInput {
        programme_id: programme.clone(),
        name: "Cycle 3".into(),
        start: "2026-08-01".into(),
        end: "2026-08-31".into(),
        items: vec![dugu_storage::RationLine {
            item: "cereal".into(),
            per_person: Some(12_000),
            unit: "g".into(),
            cap: 10,
            ..Default::default()
        }],
        duration_rule: None,
        carry_over: false,
        site_ids: Vec::new(),
    };
    let made = s.store.create_relief_cycle(&supervisor, input).expect("cycle");
    assert_eq!((made.start_date, made.end_date), (date!(2026 - 08 - 01), date!(2026 - 08 - 31)));
    let cycles = s.store.relief_cycles(&supervisor, Some(&programme)).expect("cycles");
    assert_eq!((cycles[0].start_date, cycles[0].end_date), (date!(2026 - 08 - 01), date!(2026 - 08 - 31)));
    let summary = s.store.relief_cycle(&supervisor, &made.id).expect("cycle");
    assert_eq!(summary.cycle.end_date, date!(2026 - 08 - 31));
    damage(&s, "UPDATE relief_cycles SET end_date = '31/08/2026'");
    assert_eq!(undecodable(s.store.relief_cycles(&supervisor, Some(&programme))), "end_date");
    assert_eq!(undecodable(s.store.relief_cycle(&supervisor, &made.id)), "end_date");
}

#[test]
fn a_farming_season_is_read_with_its_days_and_a_declaration_day_that_is_no_day_fails_the_command() {
    let s = site();
    let (supervisor, programme) = relief(&s);
    let (_, household) = household(&s);
    let season = |stock_months| dugu_storage::SeasonInput {
        household_id: household.clone(),
        programme_id: programme.clone(),
        season: "2026".into(),
        area_ha: Some(1.5),
        harvest_kg: Some(900),
        stock_months,
        declared_on: "2026-10-15".into(),
        next_harvest: String::new(),
    };
    let id = s.store.record_farm_season(&supervisor, season(Some(2))).expect("declared");
    // A second declaration reads the season stored, its days as days.
    assert_eq!(s.store.record_farm_season(&supervisor, season(Some(2))).expect("same"), id);
    let short = s.store.farm_shortfall(&supervisor, &programme).expect("shortfall");
    assert_eq!((short[0].runs_out_on, short[0].next_harvest), (date!(2026 - 12 - 15), date!(2027 - 10 - 01)));
    damage(&s, "UPDATE farm_seasons SET declared_on = 'mi-octobre'");
    assert_eq!(undecodable(s.store.record_farm_season(&supervisor, season(Some(3)))), "declared_on");
    damage(&s, "UPDATE farm_seasons SET declared_on = '2026-10-15', next_harvest = '2027'");
    assert_eq!(undecodable(s.store.record_farm_season(&supervisor, season(Some(3)))), "next_harvest");
}
