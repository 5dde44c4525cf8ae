//! Day-care and kindergarten groups and their daily attendance register.
//! A day's register is written whole, in one transaction, with one change
//! -log op (the children present) and one audit entry: filling it for 40
//! children is one tap each and one save.

use crate::oplog::Op;
use crate::writer::Tx;
use crate::{Principal, Store, StoreError, new_id};
use dugu_domain::{EntityKind, Invalid, Problem};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// A group of children.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CareGroup {
    /// Id.
    pub id: String,
    /// Location.
    pub location_id: String,
    /// Name ("Petite section").
    pub name: String,
    /// `daycare` or `kindergarten`.
    pub kind: String,
    /// Children in it.
    pub members: i64,
}

/// One child on a day's register.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterLine {
    /// The child.
    pub person_id: String,
    /// Record number.
    pub record_number: String,
    /// Name.
    pub name: String,
    /// Marked present (`None`: the register was not taken that day).
    pub present: Option<bool>,
}

const KINDS: [&str; 2] = ["daycare", "kindergarten"];

impl Tx<'_> {
    fn group_in_scope(&self, who: &Principal, group_id: &str) -> Result<String, StoreError> {
        let loc: Option<String> = self
            .conn
            .query_row("SELECT location_id FROM care_groups WHERE id = ?1", [group_id], |r| r.get(0))
            .optional()?;
        loc.filter(|l| who.role.reads_people() && who.scope.contains(l)).ok_or(StoreError::NotFound)
    }

    /// Creates a group at a location in scope (the location's director).
    pub fn create_group(
        &mut self,
        who: &Principal,
        location_id: &str,
        name: &str,
        kind: &str,
    ) -> Result<CareGroup, StoreError> {
        if !who.role.manages_village() {
            return Err(StoreError::Forbidden);
        }
        let mut inv = Invalid::new();
        if !who.scope.contains(location_id) {
            inv.add("location_id", Problem::Unknown);
        }
        let name = inv.check("name", dugu_domain::person::optional_text(name).and_then(|n| n.ok_or(Problem::Required)));
        if !KINDS.contains(&kind) {
            inv.add("kind", if kind.trim().is_empty() { Problem::Required } else { Problem::NotAllowed });
        }
        inv.clone().into_result()?;
        let Some(name) = name else { return Err(inv.into()) };
        let taken: bool = self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM care_groups WHERE location_id = ?1 AND name = ?2)",
            params![location_id, name],
            |r| r.get(0),
        )?;
        if taken {
            let mut inv = Invalid::new();
            inv.add("name", Problem::Taken);
            return Err(inv.into());
        }
        let id = new_id();
        let fields = vec![
            ("location_id", serde_json::json!(location_id)),
            ("name", serde_json::json!(name)),
            ("kind", serde_json::json!(kind)),
        ];
        self.apply(Some(who), vec![Op::create(EntityKind::CareGroup, &id, fields)])?;
        Ok(CareGroup { id, location_id: location_id.into(), name, kind: kind.into(), members: 0 })
    }

    /// Adds a child in scope to a group.
    pub fn add_to_group(
        &mut self,
        who: &Principal,
        group_id: &str,
        person_id: &str,
        from: &str,
    ) -> Result<(), StoreError> {
        self.group_in_scope(who, group_id)?;
        if !who.role.writes_people() {
            return Err(StoreError::Forbidden);
        }
        let mut inv = Invalid::new();
        let loc: Option<String> = self
            .conn
            .query_row("SELECT location_id FROM people WHERE id = ?1", [person_id], |r| r.get(0))
            .optional()?;
        if !loc.is_some_and(|l| who.scope.contains(&l)) {
            inv.add("person_id", Problem::Unknown);
        }
        let from = inv.check("from_date", dugu_domain::birth::parse_iso_date(from.trim()).map(|d| d.to_string()));
        inv.clone().into_result()?;
        let Some(from) = from else { return Err(inv.into()) };
        let member: bool = self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM group_members WHERE group_id = ?1 AND person_id = ?2)",
            params![group_id, person_id],
            |r| r.get(0),
        )?;
        if member {
            let mut inv = Invalid::new();
            inv.add("person_id", Problem::Taken);
            return Err(inv.into());
        }
        let fields = vec![
            ("group_id", serde_json::json!(group_id)),
            ("person_id", serde_json::json!(person_id)),
            ("from_date", serde_json::json!(from)),
        ];
        self.apply(Some(who), vec![Op::create(EntityKind::GroupMember, &new_id(), fields)])
    }

    /// Saves a day's register: `present` are the children there; every
    /// other member is absent. Ids that are not members are refused.
    pub fn save_register(
        &mut self,
        who: &Principal,
        group_id: &str,
        day: &str,
        present: &[String],
        today: time::Date,
    ) -> Result<usize, StoreError> {
        self.group_in_scope(who, group_id)?;
        if !who.role.writes_people() {
            return Err(StoreError::Forbidden);
        }
        let mut inv = Invalid::new();
        let day = inv.check("day", dugu_domain::birth::event_date(day, today, None));
        let members: Vec<String> = {
            let mut st = self.conn.prepare_cached("SELECT person_id FROM group_members WHERE group_id = ?1")?;
            st.query_map([group_id], |r| r.get(0))?.collect::<Result<_, _>>()?
        };
        if present.iter().any(|p| !members.contains(p)) {
            inv.add("present", Problem::Unknown);
        }
        inv.clone().into_result()?;
        let Some(day) = day else { return Err(inv.into()) };
        // Every member is marked: present 1, absent 0 (sorted by id, so the
        // same register is the same text wherever it is written).
        let mut sorted = members.clone();
        sorted.sort();
        let mut marks = serde_json::Map::new();
        for m in sorted {
            let here = i64::from(present.contains(&m));
            marks.insert(m, serde_json::json!(here));
        }
        let marks = serde_json::Value::Object(marks);
        let existing: Option<String> = self
            .conn
            .query_row("SELECT id FROM registers WHERE group_id = ?1 AND day = ?2", params![group_id, day], |r| {
                r.get(0)
            })
            .optional()?;
        let op = match existing {
            Some(id) => Op::set(EntityKind::Register, &id, "marks", marks),
            None => Op::create(
                EntityKind::Register,
                &new_id(),
                vec![("group_id", serde_json::json!(group_id)), ("day", serde_json::json!(day)), ("marks", marks)],
            ),
        };
        self.apply(Some(who), vec![op])?;
        Ok(members.len())
    }
}

impl Store {
    /// Creates a group (see [`Tx::create_group`]).
    pub fn create_group(
        &self,
        who: &Principal,
        location_id: &str,
        name: &str,
        kind: &str,
    ) -> Result<CareGroup, StoreError> {
        let (who, l, n, k) = (who.clone(), location_id.to_string(), name.to_string(), kind.to_string());
        self.write(move |tx| tx.create_group(&who, &l, &n, &k))
    }

    /// Adds a child to a group (see [`Tx::add_to_group`]).
    pub fn add_to_group(&self, who: &Principal, group_id: &str, person_id: &str, from: &str) -> Result<(), StoreError> {
        let (who, g, p, f) = (who.clone(), group_id.to_string(), person_id.to_string(), from.to_string());
        self.write(move |tx| tx.add_to_group(&who, &g, &p, &f))
    }

    /// Saves a register (see [`Tx::save_register`]).
    pub fn save_register(
        &self,
        who: &Principal,
        group_id: &str,
        day: &str,
        present: Vec<String>,
        today: time::Date,
    ) -> Result<usize, StoreError> {
        let (who, g, d) = (who.clone(), group_id.to_string(), day.to_string());
        self.write(move |tx| tx.save_register(&who, &g, &d, &present, today))
    }

    /// The groups at `location_id` or below, within scope.
    pub fn groups(&self, who: &Principal, location_id: &str) -> Result<Vec<CareGroup>, StoreError> {
        who.may_list(who.role.reads_people(), location_id)?;
        self.read(|c| {
            let (all, ids) = who.scope.sql();
            let mut st = c.prepare_cached(
                "SELECT g.id, g.location_id, g.name, g.kind, (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)
                 FROM location_closure lc JOIN care_groups g ON g.location_id = lc.descendant_id
                 WHERE lc.ancestor_id = ?1 AND (?3 = 1 OR g.location_id IN rarray(?2)) ORDER BY g.name",
            )?;
            let rows = st.query_map(params![location_id, ids, all], |r| {
                Ok(CareGroup { id: r.get(0)?, location_id: r.get(1)?, name: r.get(2)?, kind: r.get(3)?, members: r.get(4)? })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// A group (in scope) and its register for `day`, members by name.
    pub fn register(
        &self,
        who: &Principal,
        group_id: &str,
        day: &str,
    ) -> Result<(CareGroup, Vec<RegisterLine>), StoreError> {
        if !who.role.reads_people() {
            return Err(StoreError::NotFound);
        }
        self.read(|c| {
            let group = c
                .prepare_cached(
                    "SELECT g.id, g.location_id, g.name, g.kind, (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)
                     FROM care_groups g WHERE g.id = ?1",
                )?
                .query_row([group_id], |r| {
                    Ok(CareGroup { id: r.get(0)?, location_id: r.get(1)?, name: r.get(2)?, kind: r.get(3)?, members: r.get(4)? })
                })
                .optional()?
                .filter(|g| who.scope.contains(&g.location_id))
                .ok_or(StoreError::NotFound)?;
            let mut st = c.prepare_cached(
                "SELECT p.id, p.record_number, p.given_name || ' ' || p.family_name, a.present
                 FROM group_members m JOIN people p ON p.id = m.person_id
                 LEFT JOIN attendance a ON a.group_id = m.group_id AND a.day = ?2 AND a.person_id = m.person_id
                 WHERE m.group_id = ?1 AND (?4 = 1 OR p.location_id IN rarray(?3)) ORDER BY p.sort_name",
            )?;
            let (all, ids) = who.scope.sql();
            let lines = st
                .query_map(params![group_id, day, ids, all], |r| {
                    Ok(RegisterLine {
                        person_id: r.get(0)?,
                        record_number: r.get(1)?,
                        name: r.get(2)?,
                        present: r.get::<_, Option<i64>>(3)?.map(|p| p == 1),
                    })
                })?
                .collect::<Result<_, _>>()?;
            Ok((group, lines))
        })
        .and_then(|(group, lines): (CareGroup, Vec<RegisterLine>)| {
            let shown = lines.iter().map(|l| l.person_id.clone()).collect();
            self.audit_shown(who, "register", &group.id, shown)?;
            Ok((group, lines))
        })
    }
}
