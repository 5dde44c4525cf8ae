//! Scope moves, on a site: a root (a person, a household) the hub says has
//! left the site's scope is purged with everything attached to it — the
//! rows, the name words (on disk and in memory), the derived rows, its
//! ops in the log, their heads, held-back ops, clock flags and refusals —
//! in the transaction that takes the page, so that the log still replays
//! to the tables (`dugu check`) and nothing readable of the record stays.
//! The trail gets one system entry per root, naming its id and kind only.
//! The hub keeps everything.
//!
//! A record is attached to a root by the parent its creation named
//! (`person_id`, `household_id`, and a follow-up's `admission_id`), read
//! from the log rather than the tables, so a record removed since still
//! takes its ops with it. A day's register of a group that stays keeps
//! the child's id among its marks (no name, no value but present or
//! absent); its attendance lines are drawn only for people held.

use crate::name_index::IndexChange;
use crate::oplog::sql::statements;
use crate::writer::Tx;
use crate::{AuditAction, StoreError};
use dugu_domain::EntityKind;
use rusqlite::{OptionalExtension, params};
use std::collections::{BTreeMap, HashMap};

/// The kinds attached to a root, as their creation names it.
pub(crate) const ATTACHED: &str = "
SELECT entity_id, entity_type, json_extract(value, '$.person_id'), json_extract(value, '$.household_id'),
       json_extract(value, '$.admission_id')
  FROM ops
 WHERE field IS NULL AND value <> 'null'
   AND entity_type IN ('household_member', 'group_member', 'enrolment', 'measurement', 'admission', 'placement',
                       'care_follow_up', 'medical_visit', 'vaccination', 'vaccination_card', 'extra_dose',
                       'school_year', 'family_support', 'assessment', 'plan_action', 'home_visit',
                       'displacement', 'member_needs', 'entitlement', 'receipt', 'duplicate_pair',
                       'duplicate_decision', 'farm_season', 'farm_input')
UNION ALL
SELECT entity_id, entity_type, json_extract(value, '$.person_id'), json_extract(value, '$.household_id'),
       json_extract(value, '$.admission_id')
  FROM held_back
 WHERE field IS NULL AND value <> 'null' AND json_valid(value)";

impl Tx<'_> {
    /// Purges the roots in `gone` and what is attached to them; returns
    /// how many roots this site held. A root with an op of this site the
    /// hub has not acknowledged is not purged: the whole page is refused
    /// (the round pushes first), so nothing written here is lost.
    pub(crate) fn purge_gone(&mut self, gone: &[String]) -> Result<u64, StoreError> {
        if gone.is_empty() {
            return Ok(0);
        }
        let pushed: i64 = self
            .conn
            .prepare_cached("SELECT pushed FROM hub_link")?
            .query_row([], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        // parent id -> (child id, kind), from every creation in the log.
        let mut children: HashMap<String, Vec<(String, String)>> = HashMap::new();
        {
            let mut st = self.conn.prepare_cached(ATTACHED)?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let (id, kind): (String, String) = (r.get(0)?, r.get(1)?);
                for i in 2..5 {
                    if let Some(parent) = r.get::<_, Option<String>>(i)? {
                        children.entry(parent).or_default().push((id.clone(), kind.clone()));
                    }
                }
            }
        }
        let mut purged = 0;
        for root in gone {
            let kind: Option<String> = self
                .conn
                .prepare_cached(
                    "SELECT entity_type FROM ops WHERE entity_id = ?1
                     UNION ALL SELECT entity_type FROM held_back WHERE entity_id = ?1 LIMIT 1",
                )?
                .query_row([root], |r| r.get(0))
                .optional()?;
            let Some(kind) = kind.as_deref().and_then(EntityKind::parse) else { continue };
            if !matches!(kind, EntityKind::Person | EntityKind::Household) {
                return Err(StoreError::Integrity("the hub said a record that is not a root left scope".into()));
            }
            // Everything attached, children before their parents (the
            // tables' foreign keys are on).
            let mut records: BTreeMap<u8, Vec<(String, EntityKind)>> = BTreeMap::new();
            let mut queue = vec![root.clone()];
            while let Some(parent) = queue.pop() {
                for (id, k) in children.get(&parent).into_iter().flatten() {
                    let k = EntityKind::parse(k).ok_or_else(|| StoreError::Integrity("unknown kind".into()))?;
                    let rank = if k == EntityKind::CareFollowUp { 0 } else { 1 };
                    records.entry(rank).or_default().push((id.clone(), k));
                    queue.push(id.clone());
                }
            }
            records.entry(2).or_default().push((root.clone(), kind));
            let records: Vec<(String, EntityKind)> = records.into_values().flatten().collect();
            self.refuse_unsent(&records, pushed)?;
            if kind == EntityKind::Person {
                self.forget_person(root)?;
            }
            for (id, k) in &records {
                self.conn.prepare_cached(statements(*k).delete)?.execute([id])?;
                self.conn
                    .prepare_cached(
                        "DELETE FROM clock_flags WHERE (device, seq) IN (SELECT device, seq FROM ops WHERE entity_id = ?1)",
                    )?
                    .execute([id])?;
                for sql in [
                    "DELETE FROM heads WHERE entity_id = ?1",
                    "DELETE FROM conflicted_fields WHERE entity_id = ?1",
                    "DELETE FROM held_back WHERE entity_id = ?1",
                    "DELETE FROM sync_rejections WHERE entity_id = ?1",
                    // The one delete the log's trigger lets through.
                    "INSERT OR IGNORE INTO ops_leaving (entity_id) VALUES (?1)",
                    "DELETE FROM ops WHERE entity_id = ?1",
                    "DELETE FROM ops_leaving WHERE entity_id = ?1",
                ] {
                    self.conn.prepare_cached(sql)?.execute([id])?;
                }
            }
            self.audit(None, AuditAction::Delete, kind.name(), root, &["scope"])?;
            purged += 1;
        }
        Ok(purged)
    }

    /// Refuses the purge if any of `records` has an op of this site past
    /// what the hub acknowledged.
    fn refuse_unsent(&self, records: &[(String, EntityKind)], pushed: i64) -> Result<(), StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM ops WHERE entity_id = ?1 AND device = ?2 AND seq > ?3)")?;
        for (id, _) in records {
            if st.query_row(params![id, self.state.device, pushed], |r| r.get::<_, bool>(0))? {
                return Err(StoreError::Integrity(
                    "a record leaving this site's scope has changes the hub has not acknowledged: push first".into(),
                ));
            }
        }
        Ok(())
    }

    /// A person's derived rows: name words (and the in-memory index, after
    /// the commit), growth status, attendance lines.
    fn forget_person(&mut self, id: &str) -> Result<(), StoreError> {
        let key: Option<i64> = self
            .conn
            .prepare_cached("SELECT rowid FROM people WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if let Some(key) = key {
            let old_words: Vec<String> = self
                .conn
                .prepare_cached("SELECT token FROM person_tokens WHERE person_key = ?1")?
                .query_map([key], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            self.conn.prepare_cached("DELETE FROM person_tokens WHERE person_key = ?1")?.execute([key])?;
            self.state.index_changes.push(IndexChange {
                person_key: key as u32,
                location_key: 0,
                sort_name: String::new(),
                old_words,
                new_words: Vec::new(),
            });
        }
        self.conn.prepare_cached("DELETE FROM growth_status WHERE person_id = ?1")?.execute([id])?;
        self.conn.prepare_cached("DELETE FROM attendance WHERE person_id = ?1")?.execute([id])?;
        Ok(())
    }
}
