//! Day-care and kindergarten groups and their daily attendance register.
//! A day's register is written whole, in one transaction, with one change
//! -log op (the children present) and one audit entry: filling it for 40
//! children is one tap each and one save.

use crate::contract::fact;
use crate::writer::Tx;
use crate::writes::AuditWrites;
use crate::{Principal, Store, StoreError};
use dugu_commands::CommandError;
use dugu_commands::attendance::AttendanceTx;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

pub use dugu_commands::attendance::CareGroup;

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

impl Tx<'_> {
    /// Creates a group at a location in scope (the command:
    /// [`dugu_commands::attendance::create_group`]).
    pub fn create_group(
        &mut self,
        who: &Principal,
        location_id: &str,
        name: &str,
        kind: &str,
    ) -> Result<CareGroup, StoreError> {
        Ok(dugu_commands::attendance::create_group(self, who, location_id, name, kind)?)
    }

    /// Adds a child in scope to a group (the command:
    /// [`dugu_commands::attendance::add_to_group`]).
    pub fn add_to_group(
        &mut self,
        who: &Principal,
        group_id: &str,
        person_id: &str,
        from: &str,
    ) -> Result<(), StoreError> {
        Ok(dugu_commands::attendance::add_to_group(self, who, group_id, person_id, from)?)
    }

    /// Saves a day's register (the command:
    /// [`dugu_commands::attendance::save_register`]).
    pub fn save_register(
        &mut self,
        who: &Principal,
        group_id: &str,
        day: &str,
        present: &[String],
        today: time::Date,
    ) -> Result<usize, StoreError> {
        Ok(dugu_commands::attendance::save_register(self, who, group_id, day, present, today)?)
    }
}

impl AttendanceTx for Tx<'_> {
    fn group_location(&self, group_id: &str) -> Result<Option<String>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT location_id FROM care_groups WHERE id = ?1")?
                .query_row([group_id], |r| r.get(0))
                .optional()?)
        })
    }

    fn group_name_taken(&self, location_id: &str, name: &str) -> Result<bool, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT EXISTS(SELECT 1 FROM care_groups WHERE location_id = ?1 AND name = ?2)")?
                .query_row(params![location_id, name], |r| r.get(0))?)
        })
    }

    fn group_members(&self, group_id: &str) -> Result<Vec<String>, CommandError> {
        fact(|| {
            let mut st = self.conn.prepare_cached("SELECT person_id FROM group_members WHERE group_id = ?1")?;
            Ok(st.query_map([group_id], |r| r.get(0))?.collect::<Result<_, _>>()?)
        })
    }

    fn register_of(&self, group_id: &str, day: &str) -> Result<Option<String>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT id FROM registers WHERE group_id = ?1 AND day = ?2")?
                .query_row(params![group_id, day], |r| r.get(0))
                .optional()?)
        })
    }
}

/// Day-care and kindergarten groups and their daily register.
pub trait AttendanceReads {
    /// The groups at `location_id` or below, within scope.
    fn groups(&self, who: &Principal, location_id: &str) -> Result<Vec<CareGroup>, StoreError>;

    /// A group (in scope) and its register for `day`, members by name. The
    /// day is a `Date`: a caller reads what was typed or sent once, and
    /// the store keeps its own `YYYY-MM-DD` form to itself.
    fn register(
        &self,
        who: &Principal,
        group_id: &str,
        day: time::Date,
    ) -> Result<(CareGroup, Vec<RegisterLine>), StoreError>;
}

impl AttendanceReads for Store {
    fn groups(&self, who: &Principal, location_id: &str) -> Result<Vec<CareGroup>, StoreError> {
        who.may_list(who.role.reads_people(), location_id)?;
        self.read(|c| {
            let (all, ids) = who.scope.sql();
            let mut st = c.prepare_cached(
                "SELECT g.id, g.location_id, g.name, g.kind, (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)
                 FROM location_closure lc JOIN care_groups g ON g.location_id = lc.descendant_id
                 WHERE lc.ancestor_id = ?1 AND (?3 = 1 OR g.location_id IN rarray(?2)) ORDER BY g.name",
            )?;
            let rows = st.query_map(params![location_id, ids, all], |r| {
                Ok(CareGroup { id: r.get(0)?, location_id: r.get(1)?, name: r.get(2)?, kind: crate::decode::group_kind(r, 3)?, members: r.get(4)? })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn register(
        &self,
        who: &Principal,
        group_id: &str,
        day: time::Date,
    ) -> Result<(CareGroup, Vec<RegisterLine>), StoreError> {
        let day = dugu_domain::birth::iso_date(day);
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
                    Ok(CareGroup { id: r.get(0)?, location_id: r.get(1)?, name: r.get(2)?, kind: crate::decode::group_kind(r, 3)?, members: r.get(4)? })
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

/// Care groups and their daily register: `dugu_commands::attendance`, each
/// in one write.
pub trait AttendanceWrites {
    /// Adds a child to a group (see [`Tx::add_to_group`]).
    fn add_to_group(&self, who: &Principal, group_id: &str, person_id: &str, from: &str) -> Result<(), StoreError>;
    /// Creates a group (see [`Tx::create_group`]).
    fn create_group(&self, who: &Principal, location_id: &str, name: &str, kind: &str)
    -> Result<CareGroup, StoreError>;
    /// Saves a register (see [`Tx::save_register`]).
    fn save_register(
        &self,
        who: &Principal,
        group_id: &str,
        day: &str,
        present: Vec<String>,
        today: time::Date,
    ) -> Result<usize, StoreError>;
}

impl AttendanceWrites for Store {
    fn add_to_group(&self, who: &Principal, group_id: &str, person_id: &str, from: &str) -> Result<(), StoreError> {
        let (who, g, p, f) = (who.clone(), group_id.to_string(), person_id.to_string(), from.to_string());
        self.write(move |tx| tx.add_to_group(&who, &g, &p, &f))
    }
    fn create_group(
        &self,
        who: &Principal,
        location_id: &str,
        name: &str,
        kind: &str,
    ) -> Result<CareGroup, StoreError> {
        let (who, l, n, k) = (who.clone(), location_id.to_string(), name.to_string(), kind.to_string());
        self.write(move |tx| tx.create_group(&who, &l, &n, &k))
    }
    fn save_register(
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
}
