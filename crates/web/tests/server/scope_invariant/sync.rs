//! Sync: conflicts (the list, the home page's count, a record's own) only
//! in scope and on fields the role reads; a record's sync state and the
//! changes the hub refused only in scope.

use super::harness::{Account, Demo, Seen, not_found};
use dugu_domain::FieldGroup;
use dugu_storage::reads::*;
use std::collections::{HashMap, HashSet};

/// Puts one demo person of every location in conflict on their phone (a
/// contact field): another site's value, made without seeing the
/// record's, and older, so what every other read shows stays the same.
pub(super) fn conflicts_at(d: &Demo) -> Vec<String> {
    let mut chosen: HashMap<&str, &str> = HashMap::new();
    for p in &d.people {
        chosen.entry(p.location_id.as_str()).or_insert(p.id.as_str());
    }
    let device = dugu_storage::new_id();
    let mut ops = Vec::new();
    let mut ids: Vec<String> = chosen.into_values().map(str::to_string).collect();
    ids.sort();
    for (i, id) in ids.iter().enumerate() {
        let op = dugu_sync::WireOp {
            op_id: Vec::new(),
            device: device.clone(),
            seq: i as u64 + 1,
            hlc: 1 << 32,
            entity_type: "person".into(),
            entity_id: id.clone(),
            field: Some("phone".into()),
            value: "\"+223 70 00 00 00\"".into(),
            user_id: None,
            parents: Vec::new(),
        };
        ops.push(dugu_sync::WireOp { op_id: op.content_id(), ..op });
    }
    let verdicts = d.store.receive(ops).expect("receive");
    assert!(verdicts.iter().all(|v| *v == dugu_sync::Verdict::Accepted), "{verdicts:?}");
    // The same database as a site whose hub refused each conflicted
    // person's creation, so the reads of sync state have something to say.
    let list = ids.iter().map(|i| format!("'{i}'")).collect::<Vec<_>>().join(",");
    let sql = format!(
        "INSERT INTO hub_link (site_id, hub_url, location_id, enrolled_at, pulled)
         SELECT '{}', 'http://hub', id, 0, '{{}}' FROM locations WHERE parent_id IS NULL ORDER BY code LIMIT 1;
         INSERT INTO sync_rejections (device, seq, entity_id, reason, at)
         SELECT device, seq, entity_id, 'forbidden', 0 FROM ops WHERE field IS NULL AND entity_id IN ({list})",
        d.store.site_id()
    );
    d.store.write(move |tx| tx.execute_for_tests(&sql)).expect("a site with refusals");
    ids
}

pub(super) fn reads(d: &Demo, a: &Account, seen: &mut Seen) {
    let conflicted = &d.conflicted;
    let name = a.user.username.as_str();
    let list = d.store.conflicts(&a.who).expect("conflicts");
    let expected: HashSet<&str> = conflicted
        .iter()
        .filter(|p| d.sees_person(a, p) && a.user.role.reads(FieldGroup::Contact))
        .map(String::as_str)
        .collect();
    let listed: HashSet<&str> = list.iter().map(|c| c.entity_id.as_str()).collect();
    assert_eq!(listed, expected, "{name}: conflicts in scope, on fields the role reads");
    assert!(list.iter().all(|c| c.field == "phone" && c.values.len() == 2), "{name}");
    seen.add("conflicts", list.len());
    let waiting = d.store.conflicts_waiting(&a.who).expect("conflicts_waiting");
    assert_eq!(waiting, list.len() as u64, "{name}: the home page's count is the list's, no more");
    seen.add("conflicts_waiting", list.len());
    let (s, who, role) = (&d.store, &a.who, a.user.role);
    for id in conflicted {
        if !(d.sees_person(a, id) && role.reads_people()) {
            not_found("conflicts_on", name, s.conflicts_on(who, id));
            not_found("record_sync", name, s.record_sync(who, id));
            continue;
        }
        let on = s.conflicts_on(who, id).expect("conflicts_on");
        assert_eq!(on.len(), usize::from(role.reads(FieldGroup::Contact)), "{name}: conflicts_on keeps to groups");
        seen.add("conflicts_on", on.len());
        let sync = s.record_sync(who, id).expect("record_sync").expect("a site");
        assert_eq!((sync.conflicts, sync.refused.len()), (1, 1), "{name}: record_sync");
        seen.add("record_sync", 1);
    }
    let refused = s.refused_changes(who).expect("refused_changes");
    let listed: HashSet<&str> = refused.iter().map(|r| r.entity_id.as_str()).collect();
    let expected: HashSet<&str> =
        conflicted.iter().filter(|p| d.sees_person(a, p) && role.reads_people()).map(String::as_str).collect();
    assert_eq!(listed, expected, "{name}: refused changes in scope");
    seen.add("refused_changes", refused.len());
}
