//! What a person's or household's page says of sync: a warning at the
//! top for each field in conflict that decides a child's safety, a
//! quieter note for the others (each linking to its form on
//! `/conflicts`), and, on a site, how far the changes made here have gone.

use super::values;
use crate::i18n::Tr;
use dugu_domain::EntityKind;
use dugu_storage::{Backend, Conflict, Principal, RecordSync, StoreError};
use std::collections::HashMap;

/// A field in conflict, said on the record's page.
pub struct ConflictNote {
    /// Where it is resolved (`/conflicts#conflict-…`).
    pub href: String,
    /// "Date of birth: 01/03/2019 or 01/04/2019".
    pub text: String,
}

/// What a record's page shows of sync, read on its blocking thread.
pub struct RecordState {
    conflicts: Vec<Conflict>,
    places: HashMap<String, String>,
    sync: Option<RecordSync>,
}

/// Reads the conflicts on a record (and its own records) and, on a site,
/// its sync state — both scoped: out of scope is `NotFound`.
pub fn read_state(store: &dyn Backend, who: &Principal, record: &str) -> Result<RecordState, StoreError> {
    let conflicts = store.conflicts_on(who, record)?;
    let ids: Vec<String> = conflicts
        .iter()
        .flat_map(|c| {
            let kind = EntityKind::parse(&c.entity_type);
            c.values.iter().filter_map(move |v| kind.and_then(|k| values::place_ids(k, &c.field, &v.value)))
        })
        .collect();
    let places = if ids.is_empty() { HashMap::new() } else { store.place_names(&ids)? };
    Ok(RecordState { conflicts, places, sync: store.record_sync(who, record)? })
}

/// The page's words: `(safety-critical warnings, other notes, sync
/// state)`; the sync state is `None` on the hub.
pub fn words(tr: &Tr, state: &RecordState) -> (Vec<ConflictNote>, Vec<ConflictNote>, Option<Vec<String>>) {
    let (mut critical, mut other) = (Vec::new(), Vec::new());
    for c in &state.conflicts {
        let Some(kind) = EntityKind::parse(&c.entity_type) else { continue };
        let shown: Vec<String> = c
            .values
            .iter()
            .map(|v| {
                if v.removed {
                    tr.get("conflict-value-removed")
                } else {
                    values::show(tr, kind, &c.field, &v.value, &state.places)
                }
            })
            .collect();
        let note = ConflictNote {
            href: format!("/conflicts#conflict-{}", c.id),
            text: tr.args(
                "warn-conflict",
                &[("field", &values::label(tr, &c.field)), ("values", &shown.join(&tr.get("warn-conflict-or")))],
            ),
        };
        if c.safety_critical { critical.push(note) } else { other.push(note) }
    }
    (critical, other, state.sync.as_ref().map(|s| sync_words(tr, s)))
}

/// How far a record's changes made here have gone, in words.
pub fn sync_words(tr: &Tr, s: &RecordSync) -> Vec<String> {
    let mut out = Vec::new();
    if s.conflicts > 0 {
        out.push(tr.arg("sync-state-conflict", "count", &s.conflicts.to_string()));
    }
    for r in &s.refused {
        let what = match &r.field {
            Some(f) => values::label(tr, f),
            None => tr.label("record", &r.entity_type),
        };
        out.push(
            tr.args("sync-state-refused", &[("what", &what), ("reason", &crate::sites::pages::reason(tr, &r.reason))]),
        );
    }
    if s.waiting > 0 {
        out.push(tr.arg("sync-state-waiting", "count", &s.waiting.to_string()));
    }
    if s.sent > 0 {
        out.push(tr.arg("sync-state-sent", "count", &s.sent.to_string()));
    }
    if out.is_empty() {
        out.push(tr.get(if s.acknowledged { "sync-state-acknowledged" } else { "sync-state-none" }));
    }
    out
}
