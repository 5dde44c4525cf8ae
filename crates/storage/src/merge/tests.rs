//! Convergence (issue 14, test 8a): 2–6 replicas — real SQLite files, one
//! process — run random commands through the real command functions and
//! exchange ops in messages that are lost, duplicated, cut short and
//! reordered. Once every replica has synced with every other, they hold
//! the same ops (every op ever committed), the same heads and conflicts
//! and byte-identical tables, `dugu check` passes on each, and a field is
//! in conflict exactly when two of its ops are concurrent.

use crate::oplog::tests::{Cmd, World, cmd, principal, run};
use crate::oplog::{Op, dump};
use crate::{LocationInput, Scope, ScopedLocations, Store, check_database};
use dugu_domain::location::LocationKind;
use dugu_domain::{EntityKind, Role};
use dugu_sync::{Verdict, VersionVector, WireOp};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Clone)]
enum Step {
    /// A command at a replica, by one of its users.
    Do { at: usize, user: usize, cmd: Cmd },
    /// A measurement struck out (a set on a record another site may remove).
    Strike { at: usize, which: usize },
    /// A replica sends another what it lacks, as it sees it now.
    Send { from: usize, to: usize, limit: usize },
    /// A replica sends another what it lacks over a good link.
    Exchange { from: usize, to: usize },
    /// A message in flight arrives (some of its ops only, in another order),
    /// arrives twice, or is lost.
    Deliver { which: usize, keep: Vec<bool>, twice: bool, lose: bool },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..6usize, 0..3usize, cmd()).prop_map(|(at, user, cmd)| Step::Do { at, user, cmd }),
        3 => (0..6usize, 0..6usize, any::<bool>())
            .prop_map(|(at, name, girl)| Step::Do { at, user: 0, cmd: Cmd::Person { site: 0, name, girl } }),
        // The same fields edited at several sites.
        6 => (0..6usize, 0..3usize, 0..20usize, 0..6usize)
            .prop_map(|(at, user, person, name)| Step::Do { at, user, cmd: Cmd::Rename { person, name } }),
        2 => (0..6usize, 0..20usize, proptest::option::of(any::<u16>()))
            .prop_map(|(at, person, phone)| Step::Do { at, user: 0, cmd: Cmd::Phone { person, phone } }),
        2 => (0..6usize, 0..30usize).prop_map(|(at, which)| Step::Strike { at, which }),
        6 => (0..6usize, 0..6usize).prop_map(|(from, to)| Step::Exchange { from, to }),
        2 => (0..6usize, 0..6usize, 1..40usize).prop_map(|(from, to, limit)| Step::Send { from, to, limit }),
        2 => (0..8usize, proptest::collection::vec(proptest::bool::weighted(0.8), 1..6), any::<bool>(),
              proptest::bool::weighted(0.2))
            .prop_map(|(which, keep, twice, lose)| Step::Deliver { which, keep, twice, lose }),
    ]
}

/// What one replica knows of the world: its store, its sites (its own
/// only: record numbers are given per site), its users.
fn replica(store: Store, site: &str) -> World {
    let here = Scope::Locations(Arc::new(ScopedLocations { ids: vec![site.to_string()], keys: Vec::new() }));
    World {
        store,
        sites: vec![site.to_string(), site.to_string()],
        users: vec![
            principal(Role::LocationDirector, Scope::All, 0),
            principal(Role::SocialWorker, here.clone(), 1),
            principal(Role::Nurse, here, 2),
        ],
        people: Vec::new(),
        households: Vec::new(),
        groups: Vec::new(),
    }
}

/// `n` replicas of one database, each its own device: the first made and
/// given a country and one site per replica, the others copies of it.
pub(super) fn replicas(dir: &Path, n: usize) -> Vec<World> {
    let first = Store::open(&dir.join("r0")).expect("open");
    let sites = first
        .write(move |tx| {
            let mali = tx.create_location(
                None,
                &LocationInput { parent_id: None, kind: LocationKind::Country, code: "ML".into(), name: "Mali".into() },
            )?;
            (0..n)
                .map(|i| {
                    let input = LocationInput {
                        parent_id: Some(mali.id.clone()),
                        kind: LocationKind::Site,
                        code: format!("S{i}"),
                        name: format!("Site {i}"),
                    };
                    Ok(tx.create_location(None, &input)?.id)
                })
                .collect::<Result<Vec<String>, crate::StoreError>>()
        })
        .expect("sites");
    let mut out = vec![replica(first, &sites[0])];
    for (i, site) in sites.iter().enumerate().skip(1) {
        let to = dir.join(format!("r{i}"));
        std::fs::create_dir_all(&to).expect("dir");
        let copy = to.join("dugu.sqlite");
        let c = rusqlite::Connection::open(out[0].store.path()).expect("open");
        c.execute("VACUUM INTO ?1", [copy.to_string_lossy()]).expect("copy");
        let c = rusqlite::Connection::open(&copy).expect("open copy");
        c.execute("UPDATE meta SET value = ?1 WHERE key = 'site_id'", [crate::new_id()]).expect("new device");
        drop(c);
        out.push(replica(Store::open(&to).expect("open copy"), site));
    }
    out
}

fn op_ids(store: &Store) -> BTreeSet<Vec<u8>> {
    store
        .read(|c| Ok(c.prepare("SELECT op_id FROM ops")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?))
        .expect("ops")
}

/// `(entity id, field)` → its heads' op ids.
type Heads = BTreeMap<(String, String), BTreeSet<Vec<u8>>>;

pub(super) fn heads(store: &Store) -> Heads {
    let rows: Vec<(String, String, Vec<u8>)> = store
        .read(|c| {
            let mut st = c.prepare(
                "SELECT h.entity_id, h.field, o.op_id FROM heads h JOIN ops o ON o.device = h.device AND o.seq = h.seq",
            )?;
            Ok(st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?)
        })
        .expect("heads");
    let mut out = Heads::new();
    for (e, f, id) in rows {
        out.entry((e, f)).or_default().insert(id);
    }
    out
}

fn ids(store: &Store, sql: &'static str) -> Vec<String> {
    store.read(|c| Ok(c.prepare(sql)?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?)).expect("ids")
}

pub(super) fn held_back(store: &Store) -> i64 {
    store.read(|c| Ok(c.query_row("SELECT COUNT(*) FROM held_back", [], |r| r.get(0))?)).expect("held back")
}

/// The heads and conflicts the ops alone imply, computed from their
/// ancestry (parents, and each device's earlier ops), not by the rule.
fn implied(ops: &[WireOp]) -> (Heads, Vec<(String, String)>) {
    let by_id: HashMap<&[u8], usize> = ops.iter().enumerate().map(|(i, o)| (o.op_id.as_slice(), i)).collect();
    let by_seq: HashMap<(&str, u64), usize> =
        ops.iter().enumerate().map(|(i, o)| ((o.device.as_str(), o.seq), i)).collect();
    let ancestors = |start: usize| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![start];
        while let Some(i) = todo.pop() {
            let o = &ops[i];
            let mut next: Vec<usize> = o.parents.chunks(16).filter_map(|p| by_id.get(p).copied()).collect();
            next.extend(by_seq.get(&(o.device.as_str(), o.seq.wrapping_sub(1))).copied());
            for j in next {
                if seen.insert(j) {
                    todo.push(j);
                }
            }
        }
        seen
    };
    let tombstone = |o: &WireOp| o.field.is_none() && o.value == "null";
    let mut entities: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, o) in ops.iter().enumerate() {
        entities.entry(o.entity_id.as_str()).or_default().push(i);
    }
    let mut heads = BTreeMap::new();
    let mut conflicts = Vec::new();
    for (entity, members) in entities {
        // The record's own register has rows once it is removed; a field's
        // once it is set.
        let mut registers: BTreeSet<String> = members.iter().filter_map(|i| ops[*i].field.clone()).collect();
        if members.iter().any(|i| tombstone(&ops[*i])) {
            registers.insert(String::new());
        }
        for field in registers {
            let register: Vec<usize> = members
                .iter()
                .copied()
                .filter(|i| ops[*i].field.is_none() || ops[*i].field.as_deref() == Some(field.as_str()))
                .collect();
            let covered: BTreeSet<usize> = register.iter().flat_map(|i| ancestors(*i)).collect();
            let maximal: Vec<usize> = register.iter().copied().filter(|i| !covered.contains(i)).collect();
            if maximal.len() > 1 && !maximal.iter().all(|i| tombstone(&ops[*i])) {
                conflicts.push((entity.to_string(), field.clone()));
            }
            heads.insert((entity.to_string(), field), maximal.iter().map(|i| ops[*i].op_id.clone()).collect());
        }
    }
    (heads, conflicts)
}

fn strike(w: &World, at: usize, which: usize) {
    let ids: Vec<String> = w
        .store
        .read(|c| {
            Ok(c.prepare("SELECT id FROM measurements ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?)
        })
        .unwrap_or_default();
    if ids.is_empty() {
        return;
    }
    let id = ids[which % ids.len()].clone();
    let who = w.users[0].clone();
    let reason = serde_json::json!(format!("erreur {at}"));
    let _ = w
        .store
        .write(move |tx| tx.apply(Some(&who), vec![Op::set(EntityKind::Measurement, &id, "struck_out", reason)]));
}

/// Every replica sends every other what it lacks until none lacks anything.
pub(super) fn sync_all(worlds: &[World]) {
    loop {
        let mut moved = false;
        for a in worlds {
            for b in worlds {
                let ops = a.store.ops_since(&b.store.version_vector().expect("vv"), usize::MAX).expect("since");
                if !ops.is_empty() {
                    moved = true;
                    let verdicts = b.store.receive(ops).expect("receive");
                    assert!(verdicts.iter().all(|v| *v == Verdict::Accepted), "{verdicts:?}");
                }
            }
        }
        if !moved {
            return;
        }
    }
}

fn converge(n: usize, steps: &[Step]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut worlds = replicas(dir.path(), n);
    let mut ghost: BTreeSet<Vec<u8>> = BTreeSet::new();
    let mut network: Vec<(usize, Vec<WireOp>)> = Vec::new();
    for s in steps {
        match s {
            Step::Do { at, user, cmd } => {
                let w = &mut worlds[at % n];
                // A replica's users work on what it holds.
                w.people = ids(&w.store, "SELECT id FROM people ORDER BY id");
                w.households = ids(&w.store, "SELECT id FROM households ORDER BY id");
                w.groups = ids(&w.store, "SELECT id FROM care_groups ORDER BY id");
                let cmd = match cmd {
                    // One register per group and day: each replica keeps to
                    // its own days, as each site to its own groups.
                    Cmd::Register { group, day, present } => {
                        Cmd::Register { group: *group, day: day + 3 * (at % n) as u8, present: present.clone() }
                    }
                    c => c.clone(),
                };
                let who = w.users[*user].clone();
                run(w, &who, &cmd);
                ghost.extend(op_ids(&w.store));
            }
            Step::Strike { at, which } => {
                strike(&worlds[at % n], *at, *which);
                ghost.extend(op_ids(&worlds[at % n].store));
            }
            Step::Send { from, to, limit } => {
                let vv = worlds[to % n].store.version_vector().expect("vv");
                let ops = worlds[from % n].store.ops_since(&vv, *limit).expect("since");
                network.push((to % n, ops));
            }
            Step::Exchange { from, to } => {
                let vv = worlds[to % n].store.version_vector().expect("vv");
                let ops = worlds[from % n].store.ops_since(&vv, usize::MAX).expect("since");
                worlds[to % n].store.receive(ops).expect("receive");
            }
            Step::Deliver { which, keep, twice, lose } => {
                if network.is_empty() {
                    continue;
                }
                let (to, ops) = network.remove(which % network.len());
                if *lose {
                    continue;
                }
                let mut part: Vec<WireOp> =
                    ops.iter().enumerate().filter(|(i, _)| keep[i % keep.len()]).map(|(_, o)| o.clone()).collect();
                part.reverse();
                let verdicts = worlds[to].store.receive(part).expect("receive");
                prop_assert!(verdicts.iter().all(|v| *v == Verdict::Accepted), "{:?}", verdicts);
                if *twice {
                    network.push((to, ops));
                }
            }
        }
    }
    sync_all(&worlds);
    let ops0 = op_ids(&worlds[0].store);
    prop_assert!(ghost.is_subset(&ops0), "an op committed somewhere is missing");
    let all: Vec<WireOp> = worlds[0].store.ops_since(&VersionVector::default(), usize::MAX).expect("all");
    let (implied_heads, implied_conflicts) = implied(&all);
    let dump0 = worlds[0].store.read(dump).expect("dump");
    for (i, w) in worlds.iter().enumerate() {
        prop_assert_eq!(held_back(&w.store), 0);
        prop_assert_eq!(&op_ids(&w.store), &ops0, "replica {} holds other ops", i);
        prop_assert_eq!(&heads(&w.store), &implied_heads, "replica {} keeps other heads", i);
        prop_assert_eq!(&w.store.conflicted_fields().expect("conflicts"), &implied_conflicts);
        let report = check_database(w.store.path(), &dir.path().join(format!("check{i}.sqlite"))).expect("check");
        prop_assert!(report.ok(), "replica {}: {:?}", i, report.problems);
        prop_assert!(w.store.read(dump).expect("dump") == dump0, "replica {} has other tables", i);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn replicas_that_exchanged_everything_are_the_same(
        n in 2..=6usize,
        steps in proptest::collection::vec(step(), 1..80),
    ) {
        converge(n, &steps)?;
    }
}
