//! The merge on named histories: a same-field edit at two sites, an edit
//! against a removal, ops that arrive before their parents, a clock far
//! ahead, an op that is not what its id says.

use super::tests::{held_back, replicas, sync_all};
use crate::oplog::Op;
use crate::reads::ConflictReads;
use crate::writes::ConflictWrites;
use crate::writes::GrowthWrites;
use crate::writes::PeopleWrites;
use crate::{PersonInput, PersonPatch, Store, check_database};
use dugu_domain::EntityKind;
use dugu_domain::measurement::MeasurementInput;
use dugu_sync::{Verdict, VersionVector, WireOp};

fn rename(store: &Store, who: &crate::Principal, id: &str, name: &str) {
    let patch = PersonPatch { fields: vec![("given_name".into(), name.into())], age_years: None };
    store.update_person(who, id, patch).expect("rename");
}

fn given_name(store: &Store, id: &str) -> Option<String> {
    let id = id.to_string();
    store
        .read(move |c| {
            use rusqlite::OptionalExtension;
            Ok(c.query_row("SELECT given_name FROM people WHERE id = ?1", [&id], |r| r.get(0)).optional()?)
        })
        .expect("read")
}

fn checked(store: &Store, scratch: &std::path::Path) {
    let report = check_database(store.path(), scratch).expect("check");
    assert!(report.ok(), "{:?}", report.problems);
}

fn person(store: &Store, who: &crate::Principal, site: &str) -> String {
    let input = PersonInput {
        given_name: "Awa".into(),
        family_name: "Traoré".into(),
        sex: "F".into(),
        birth_date: "2024-01-15".into(),
        location_id: site.to_string(),
        ..Default::default()
    };
    store.create_person(who, input).expect("person").id
}

#[test]
fn a_same_field_edit_at_two_sites_is_one_conflict_everywhere_until_resolved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = replicas(dir.path(), 2);
    let director = w[0].users[0].clone();
    let id = person(&w[0].store, &director, &w[0].sites[0]);
    sync_all(&w);
    rename(&w[0].store, &director, &id, "Aminata");
    rename(&w[1].store, &w[1].users[0], &id, "Fanta");
    sync_all(&w);
    for r in &w {
        assert_eq!(r.store.conflicted_fields().expect("conflicts"), vec![(id.clone(), "given_name".to_string())]);
    }
    // The same provisional value everywhere: the later clock.
    assert_eq!(given_name(&w[0].store, &id), Some("Fanta".into()));
    assert_eq!(given_name(&w[1].store, &id), Some("Fanta".into()));
    checked(&w[0].store, &dir.path().join("c0.sqlite"));
    checked(&w[1].store, &dir.path().join("c1.sqlite"));
    // An edit made having seen both values resolves it, for everyone.
    rename(&w[0].store, &director, &id, "Awa");
    sync_all(&w);
    for r in &w {
        assert!(r.store.conflicted_fields().expect("conflicts").is_empty());
        assert_eq!(given_name(&r.store, &id), Some("Awa".into()));
    }
}

#[test]
fn an_edit_against_a_removal_is_a_conflict_and_nothing_comes_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = replicas(dir.path(), 2);
    let director = w[0].users[0].clone();
    let child = person(&w[0].store, &director, &w[0].sites[0]);
    let today = time::OffsetDateTime::now_utc().date();
    let input = MeasurementInput {
        date: today.to_string(),
        weight_kg: Some(9.5),
        length_height_cm: Some(75.0),
        measured: "lying".into(),
        ..Default::default()
    };
    let m = w[0].store.record_measurement(&director, &child, input, today).expect("measure").measurement.id;
    sync_all(&w);
    let (who, id) = (director.clone(), m.clone());
    w[0].store
        .write(move |tx| {
            tx.apply(Some(&who), vec![Op::set(EntityKind::Measurement, &id, "struck_out", serde_json::json!("x"))])
        })
        .expect("strike");
    let (who, id) = (w[1].users[0].clone(), m.clone());
    w[1].store.write(move |tx| tx.apply(Some(&who), vec![Op::tombstone(EntityKind::Measurement, &id)])).expect("drop");
    sync_all(&w);
    for (i, r) in w.iter().enumerate() {
        assert_eq!(r.store.conflicted_fields().expect("conflicts"), vec![(m.clone(), "struck_out".to_string())]);
        let id = m.clone();
        let rows: i64 = r
            .store
            .read(move |c| Ok(c.query_row("SELECT COUNT(*) FROM measurements WHERE id = ?1", [&id], |r| r.get(0))?))
            .expect("count");
        assert_eq!(rows, 0, "the removed record stays removed");
        checked(&r.store, &dir.path().join(format!("c{i}.sqlite")));
    }
}

#[test]
fn a_conflict_on_one_of_a_childs_records_is_found_from_her_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = replicas(dir.path(), 2);
    let director = w[0].users[0].clone();
    let child = person(&w[0].store, &director, &w[0].sites[0]);
    let today = time::OffsetDateTime::now_utc().date();
    let measured = |kg: f64| MeasurementInput {
        date: today.to_string(),
        weight_kg: Some(kg),
        length_height_cm: Some(75.0),
        measured: "lying".into(),
        ..Default::default()
    };
    // Two measurements, so the page's one read covers several records.
    w[0].store.record_measurement(&director, &child, measured(9.4), today).expect("first");
    let m = w[0].store.record_measurement(&director, &child, measured(9.5), today).expect("second").measurement.id;
    sync_all(&w);
    for (r, why) in w.iter().zip(["balance", "virgule"]) {
        let (who, id) = (r.users[0].clone(), m.clone());
        r.store
            .write(move |tx| {
                tx.apply(Some(&who), vec![Op::set(EntityKind::Measurement, &id, "struck_out", serde_json::json!(why))])
            })
            .expect("strike");
    }
    sync_all(&w);
    for (i, r) in w.iter().enumerate() {
        let on: Vec<_> = r
            .store
            .conflicts_on(&r.users[0], &child)
            .expect("on the child")
            .into_iter()
            .map(|c| (c.entity_id, c.field))
            .collect();
        assert_eq!(on, vec![(m.clone(), "struck_out".to_string())], "replica {i}");
    }
}

#[test]
fn ops_that_arrive_before_what_they_depend_on_wait_for_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = replicas(dir.path(), 2);
    let director = w[0].users[0].clone();
    let id = person(&w[0].store, &director, &w[0].sites[0]);
    rename(&w[0].store, &director, &id, "Aminata");
    let mut ops = w[0].store.ops_since(&w[1].store.version_vector().expect("vv"), usize::MAX).expect("since");
    assert!(ops.len() >= 2);
    // The rename first, alone: held back, nothing shown.
    let rename_op = ops.pop().expect("rename");
    assert_eq!(w[1].store.receive(vec![rename_op.clone()]).expect("receive"), vec![Verdict::Accepted]);
    assert_eq!(held_back(&w[1].store), 1);
    assert_eq!(given_name(&w[1].store, &id), None);
    // Then the rest, twice: everything applied once.
    ops.push(rename_op);
    w[1].store.receive(ops.clone()).expect("receive");
    w[1].store.receive(ops).expect("again");
    assert_eq!(held_back(&w[1].store), 0);
    assert_eq!(given_name(&w[1].store, &id), Some("Aminata".into()));
    assert_eq!(w[0].store.version_vector().expect("vv"), w[1].store.version_vector().expect("vv"));
    checked(&w[1].store, &dir.path().join("c1.sqlite"));
}

/// A set of `given_name` by another device, made as that device would.
fn foreign_rename(store: &Store, id: &str, device: &str, hlc: u64) -> WireOp {
    let all = store.ops_since(&VersionVector::default(), usize::MAX).expect("all");
    let creation = all.iter().find(|o| o.entity_id == id && o.field.is_none()).expect("creation");
    let op = WireOp {
        op_id: Vec::new(),
        device: device.to_string(),
        seq: 1,
        hlc,
        entity_type: "person".into(),
        entity_id: id.to_string(),
        field: Some("given_name".into()),
        value: "\"Kadiatou\"".into(),
        user_id: None,
        parents: creation.op_id.clone(),
    };
    foreign_rename_like(op)
}

#[test]
fn a_clock_far_ahead_is_flagged_its_op_kept_and_what_follows_is_ordered_after_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = replicas(dir.path(), 2);
    let director = w[0].users[0].clone();
    let id = person(&w[0].store, &director, &w[0].sites[0]);
    // A year ahead.
    let now = uhlc::NTP64::from(std::time::Duration::from_millis(crate::now_millis() as u64)).as_u64();
    let op = foreign_rename(&w[0].store, &id, &crate::new_id(), now + ((365 * 86_400) << 32));
    assert_eq!(w[0].store.receive(vec![op]).expect("receive"), vec![Verdict::Accepted]);
    assert_eq!(given_name(&w[0].store, &id), Some("Kadiatou".into()));
    let flagged: i64 = w[0]
        .store
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM clock_flags WHERE ahead_ms > 86400000", [], |r| r.get(0))?))
        .expect("flags");
    assert_eq!(flagged, 1);
    // A rename made here afterwards saw it: it fast-forwards and shows,
    // though the machine's clock is a year behind the op it follows.
    rename(&w[0].store, &director, &id, "Awa");
    assert_eq!(given_name(&w[0].store, &id), Some("Awa".into()));
    assert!(w[0].store.conflicted_fields().expect("conflicts").is_empty());
    checked(&w[0].store, &dir.path().join("c0.sqlite"));
}

#[test]
fn an_op_that_is_not_what_its_id_says_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = replicas(dir.path(), 2);
    let director = w[0].users[0].clone();
    let id = person(&w[0].store, &director, &w[0].sites[0]);
    let device = crate::new_id();
    let mut forged = foreign_rename(&w[0].store, &id, &device, 1 << 40);
    forged.value = "\"Mariam\"".into();
    let mut unknown = foreign_rename(&w[0].store, &id, &device, 1 << 40);
    unknown.entity_type = "spaceship".into();
    let verdicts = w[0].store.receive(vec![forged, unknown]).expect("receive");
    assert_eq!(verdicts, vec![Verdict::Rejected("op_id_mismatch".into()), Verdict::Rejected("unknown_kind".into())]);
    assert_eq!(given_name(&w[0].store, &id), Some("Awa".into()));
    // The same place in a device's sequence with other content.
    let first = foreign_rename(&w[0].store, &id, &device, 1 << 40);
    let mut second = foreign_rename(&w[0].store, &id, &device, 2 << 40);
    second.value = "\"Oumou\"".into();
    let second = foreign_rename_like(second);
    assert_eq!(w[0].store.receive(vec![first]).expect("receive"), vec![Verdict::Accepted]);
    assert_eq!(w[0].store.receive(vec![second]).expect("receive"), vec![Verdict::Rejected("seq_reused".into())]);
}

/// `op` with its id made from its content.
fn foreign_rename_like(op: WireOp) -> WireOp {
    WireOp { op_id: op.content_id(), ..op }
}

#[test]
fn a_conflict_is_listed_to_those_who_may_read_it_and_resolved_once_for_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let w = replicas(dir.path(), 2);
    let director = w[0].users[0].clone();
    let id = person(&w[0].store, &director, &w[0].sites[0]);
    sync_all(&w);
    rename(&w[0].store, &director, &id, "Aminata");
    rename(&w[1].store, &w[1].users[0], &id, "Fanta");
    sync_all(&w);
    let list = w[0].store.conflicts(&director).expect("conflicts");
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!((c.entity_type.as_str(), c.entity_id.as_str(), c.field.as_str()), ("person", id.as_str(), "given_name"));
    assert!(!c.safety_critical);
    let shown: Vec<&serde_json::Value> = c.values.iter().map(|v| &v.value).collect();
    assert_eq!(shown, vec![&serde_json::json!("Fanta"), &serde_json::json!("Aminata")], "provisional first");
    assert_eq!(c.values[1].site, w[0].store.site_id());
    // The same id at the other site; none for a worker of another site.
    assert_eq!(w[1].store.conflicts(&w[1].users[0]).expect("conflicts")[0].id, c.id);
    assert!(w[1].store.conflicts(&w[1].users[1]).expect("conflicts").is_empty());
    // Refused: a value of the wrong type, an unknown conflict.
    assert!(matches!(
        w[0].store.resolve_conflict(&director, &c.id, serde_json::json!(12)),
        Err(crate::StoreError::Invalid(_))
    ));
    assert!(matches!(
        w[0].store.resolve_conflict(&director, "00", serde_json::json!("Awa")),
        Err(crate::StoreError::NotFound)
    ));
    w[0].store.resolve_conflict(&director, &c.id, serde_json::json!("Aminata")).expect("resolve");
    sync_all(&w);
    for r in &w {
        assert!(r.store.conflicts(&director).expect("conflicts").is_empty());
        assert!(r.store.conflicts_on(&r.users[0], &id).expect("on her page").is_empty());
        assert_eq!(given_name(&r.store, &id), Some("Aminata".into()));
    }
    let conflict_id = c.id.clone();
    let audited: i64 = w[0]
        .store
        .read(move |c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM audit_log WHERE record_type = 'conflict' AND record_id = ?1",
                [&conflict_id],
                |r| r.get(0),
            )?)
        })
        .expect("audit");
    assert_eq!(audited, 1);
    checked(&w[0].store, &dir.path().join("c0.sqlite"));
}
