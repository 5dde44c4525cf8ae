//! The audit trail: who did what to which record, when, from which site —
//! field names, never values. Append-only (triggers refuse updates and
//! deletes) and hash-chained, so editing a row breaks the chain at that row.

use crate::writer::Tx;
use crate::{Millis, Principal, Store, StoreError, decode};
use dugu_domain::Role;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;
use std::rc::Rc;

/// A stored list (`a,b`; `a b`) as its items; an empty column is none.
fn words(stored: &str, sep: char) -> Vec<String> {
    stored.split(sep).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The hash before the first entry.
pub(crate) const GENESIS: [u8; 32] = [0; 32];

/// A hash as the trail stores it — 32 bytes since migration 23, 64 hex
/// characters before (a copy restored from an older backup) — in hex, as
/// it is hashed into the next entry and shown. A value of another shape
/// comes back as it is, so it cannot match and the chain breaks there.
pub(crate) fn stored_hash(v: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Blob(b) => match <[u8; 32]>::try_from(b) {
            Ok(bytes) => blake3::Hash::from_bytes(bytes).to_hex().to_string(),
            Err(_) => format!("{b:?}"),
        },
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
    }
}

/// The last entry's hash as 32 bytes, or genesis for an empty trail; an
/// error if it cannot be read as one (the writer then does not start,
/// rather than begin a second chain).
pub(crate) fn chain_head(conn: &Connection) -> Result<[u8; 32], StoreError> {
    let head: Option<String> = conn
        .query_row("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| Ok(stored_hash(r.get_ref(0)?)))
        .optional()?;
    let Some(hex) = head else { return Ok(GENESIS) };
    blake3::Hash::from_hex(&hex)
        .map(|h| *h.as_bytes())
        .map_err(|_| StoreError::Integrity("the audit trail's last hash is not one".into()))
}

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    /// A record was created.
    Create,
    /// A record was changed.
    Update,
    /// A record was deleted.
    Delete,
    /// A record was viewed.
    View,
    /// A search was made (the terms are not kept).
    Search,
    /// The audit trail was exported.
    Export,
    /// A sign-in succeeded.
    Login,
    /// A sign-in failed.
    LoginFailed,
    /// A user signed out.
    Logout,
    /// A user's password, role, locations, second factor or status changed.
    PermissionChange,
    /// A role or scope that reads person records was requested, granted,
    /// approved or refused: the two-person rule's trail.
    PrivilegeChange,
    /// A signed-in user proved again who they are before a sensitive action.
    Reauthenticate,
    /// A wrong password where one was asked again (re-authentication,
    /// changing one's own password).
    ReauthFailed,
    /// A sign-in refused because of too many failures.
    LoginThrottled,
    /// A request for a record outside the caller's scope, or that does not
    /// exist (the two are the same to the caller, not to the trail).
    Refused,
}

/// The role column of an entry that names no account.
pub(crate) const NO_ROLE: &str = "-";

impl AuditAction {
    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }

    /// Every action, in the order a filter offers them.
    pub const ALL: [AuditAction; 15] = [
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Delete,
        AuditAction::View,
        AuditAction::Search,
        AuditAction::Export,
        AuditAction::Login,
        AuditAction::LoginFailed,
        AuditAction::Logout,
        AuditAction::PermissionChange,
        AuditAction::PrivilegeChange,
        AuditAction::Reauthenticate,
        AuditAction::ReauthFailed,
        AuditAction::LoginThrottled,
        AuditAction::Refused,
    ];

    /// The code stored and shown.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::View => "view",
            AuditAction::Search => "search",
            AuditAction::Export => "export",
            AuditAction::Login => "login",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::Logout => "logout",
            AuditAction::PermissionChange => "permission_change",
            AuditAction::PrivilegeChange => "privilege_change",
            AuditAction::Reauthenticate => "reauthenticate",
            AuditAction::ReauthFailed => "reauth_failed",
            AuditAction::LoginThrottled => "login_throttled",
            AuditAction::Refused => "refused",
        }
    }
}

/// One audit entry as stored, its codes and lists decoded once here.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    /// Position in the chain.
    pub seq: i64,
    /// When, in ms since the epoch (UTC).
    pub at: Millis,
    /// Who (user id), if known.
    pub user_id: Option<String>,
    /// Username at the time.
    pub username: String,
    /// Role at the time; none for a sign-in attempt without an account
    /// (stored as `-`).
    pub role: Option<Role>,
    /// The site (device) where it happened.
    pub site_id: String,
    /// What was done.
    pub action: AuditAction,
    /// Kind of record: person, household, user, location, session…
    pub record_type: String,
    /// The record's id (never a name).
    pub record_id: String,
    /// Names of the fields changed (stored comma-separated).
    pub fields: Vec<String>,
    /// The ids of the records a list showed (stored space-separated;
    /// none for an entry about one record).
    pub shown: Vec<String>,
    /// Hash of the previous entry.
    pub prev_hash: String,
    /// Hash of this entry.
    pub hash: String,
}

/// The hash of an entry: BLAKE3 over the previous hash and every column,
/// each prefixed by its length so no two entries can collide by shifting
/// text between columns. The ids a list showed are hashed only when there
/// are some, so entries written before that column existed still verify.
/// `prev` is hashed in hex, as it was stored before migration 23.
fn entry_hash(prev: &str, at: Millis, columns: &[&str], shown: &str) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    let shown = (!shown.is_empty()).then_some(shown);
    for part in [prev, &at.to_string()].into_iter().chain(columns.iter().copied()).chain(shown) {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize()
}

impl Tx<'_> {
    /// Appends an audit entry for `who` (or an anonymous actor).
    pub fn audit(
        &mut self,
        who: Option<&Principal>,
        action: AuditAction,
        record_type: &str,
        record_id: &str,
        fields: &[&str],
    ) -> Result<(), StoreError> {
        self.audit_touching(who, action, record_type, record_id, fields, &[])
    }

    /// Appends an audit entry naming the actor explicitly (sign-in events,
    /// where there is no principal yet).
    #[allow(clippy::too_many_arguments)]
    pub fn audit_as(
        &mut self,
        user_id: Option<&str>,
        username: &str,
        role: &str,
        action: AuditAction,
        record_type: &str,
        record_id: &str,
        fields: &[&str],
    ) -> Result<(), StoreError> {
        self.append_audit(user_id, username, role, action, record_type, record_id, fields, &[])
    }

    /// Appends one entry for a command that changed `record_id` and
    /// touched the records `touched` (each indexed, as a list's are).
    pub(crate) fn audit_touching(
        &mut self,
        who: Option<&Principal>,
        action: AuditAction,
        record_type: &str,
        record_id: &str,
        fields: &[&str],
        touched: &[String],
    ) -> Result<(), StoreError> {
        let (user_id, username, role) = match who {
            Some(p) => (Some(p.user_id.as_str()), p.username.as_str(), p.role.code()),
            None => (None, "-", NO_ROLE),
        };
        self.append_audit(user_id, username, role, action, record_type, record_id, fields, touched)
    }

    /// Appends one entry for a list or page that showed several records:
    /// `record_type` says which list (`nutrition_list`, `village`, …),
    /// `context_id` where (a location, group or household), `shown` the ids
    /// of the records it named. Each id is also indexed, so the data
    /// protection officer's "records touched by U in P" finds it.
    pub fn audit_shown(
        &mut self,
        who: &Principal,
        action: AuditAction,
        record_type: &str,
        context_id: &str,
        shown: &[String],
    ) -> Result<(), StoreError> {
        let (user_id, username, role) = (Some(who.user_id.as_str()), who.username.as_str(), who.role.code());
        self.append_audit(user_id, username, role, action, record_type, context_id, &[], shown)
    }

    #[allow(clippy::too_many_arguments)]
    fn append_audit(
        &mut self,
        user_id: Option<&str>,
        username: &str,
        role: &str,
        action: AuditAction,
        record_type: &str,
        record_id: &str,
        fields: &[&str],
        shown: &[String],
    ) -> Result<(), StoreError> {
        let at = crate::now_millis();
        let fields = fields.join(",");
        let shown_text = shown.join(" ");
        let site = self.state.device_id.clone();
        let prev = self.state.last_audit_hash;
        let hash = entry_hash(
            blake3::Hash::from_bytes(prev).to_hex().as_str(),
            at,
            &[user_id.unwrap_or(""), username, role, &site, action.code(), record_type, record_id, &fields],
            &shown_text,
        );
        self.conn
            .prepare_cached(
                "INSERT INTO audit_log (at, user_id, username, role, site_id, action, record_type, record_id, fields, prev_hash, hash, shown)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                at,
                user_id,
                username,
                role,
                site,
                action.code(),
                record_type,
                record_id,
                fields,
                &prev[..],
                &hash.as_bytes()[..],
                shown_text
            ])?;
        if !shown.is_empty() {
            let seq = self.conn.last_insert_rowid();
            let mut st =
                self.conn.prepare_cached("INSERT OR IGNORE INTO audit_touches (record_id, seq) VALUES (?1, ?2)")?;
            for id in shown {
                st.execute(params![id, seq])?;
            }
        }
        self.state.last_audit_hash = *hash.as_bytes();
        Ok(())
    }
}

/// A filter on the audit trail.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only this record.
    pub record_id: Option<String>,
    /// Only this user (id).
    pub user_id: Option<String>,
    /// Only this action code.
    pub action: Option<String>,
    /// From this time (ms, inclusive).
    pub from: Option<Millis>,
    /// Until this time (ms, exclusive).
    pub until: Option<Millis>,
    /// At most this many, newest first.
    pub limit: i64,
}

/// The audit trail and the names and numbers its page shows.
pub trait AuditReads {
    /// Reads the audit trail. Only roles that read the audit may.
    fn audit_entries(&self, who: &Principal, q: &AuditQuery) -> Result<Vec<AuditEntry>, StoreError>;

    /// The record numbers (`KIT-000101`) of the people and households
    /// among `ids`, by id, so the audit page names a record by its number
    /// rather than a bare id — never by a name. An audit reader sees the
    /// whole trail, so the number of every record in it; a people reader
    /// the numbers of records in scope; anyone else nothing. One read for
    /// a page's ids. Not audited itself: the number is another identifier
    /// of a record the trail already names, with nothing about the person.
    fn record_numbers_of(&self, who: &Principal, ids: &[String]) -> Result<HashMap<String, String>, StoreError>;

    /// The names the field knows the records among `ids` by — places, sites
    /// (by their place), family houses (with their village), programmes,
    /// day-care groups and accounts (display name) — so the audit page says
    /// "Maison Baobab" rather than a kind and a bare id; a record attached to
    /// a person or a household (a measurement, a dose, an assessment…) by
    /// its owner's record number, which an audit reader is shown anyway
    /// ([`Store::record_numbers_of`]) — never a person's name. Only for
    /// audit readers.
    fn audit_record_names(&self, who: &Principal, ids: &[String]) -> Result<HashMap<String, String>, StoreError>;
}

impl AuditReads for Store {
    fn audit_entries(&self, who: &Principal, q: &AuditQuery) -> Result<Vec<AuditEntry>, StoreError> {
        if !who.role.reads_audit() {
            return Err(StoreError::Forbidden);
        }
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT seq, at, user_id, username, role, site_id, action, record_type, record_id, fields, prev_hash, hash, shown
                 FROM audit_log
                 WHERE (?1 IS NULL OR record_id = ?1 OR seq IN (SELECT seq FROM audit_touches WHERE record_id = ?1)) AND (?2 IS NULL OR user_id = ?2) AND (?3 IS NULL OR action = ?3)
                   AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5)
                 ORDER BY seq DESC LIMIT ?6",
            )?;
            let rows = st.query_map(params![q.record_id, q.user_id, q.action, q.from, q.until, q.limit.clamp(1, 100_000)], |r| {
                Ok(AuditEntry {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    user_id: r.get(2)?,
                    username: r.get(3)?,
                    role: decode::audit_role(r, 4)?,
                    site_id: r.get(5)?,
                    action: decode::audit_action(r, 6)?,
                    record_type: r.get(7)?,
                    record_id: r.get(8)?,
                    fields: words(&r.get::<_, String>(9)?, ','),
                    prev_hash: stored_hash(r.get_ref(10)?),
                    hash: stored_hash(r.get_ref(11)?),
                    shown: words(&r.get::<_, String>(12)?, ' '),
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    fn record_numbers_of(&self, who: &Principal, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
        let (audit, people) = (who.role.reads_audit(), who.role.reads_people());
        if !(audit || people) || ids.is_empty() {
            return Ok(HashMap::new());
        }
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, record_number, location_id FROM people WHERE id IN rarray(?1)
                 UNION ALL SELECT id, record_number, location_id FROM households WHERE id IN rarray(?1)",
            )?;
            let wanted = Rc::new(ids.iter().map(|i| rusqlite::types::Value::from(i.clone())).collect::<Vec<_>>());
            let rows = st.query_map([wanted], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, String>(2)?)))?;
            let mut out = HashMap::new();
            for row in rows {
                let (id, number, location) = row?;
                if audit || who.scope.contains(&location) {
                    out.insert(id, number);
                }
            }
            Ok(out)
        })
    }

    fn audit_record_names(&self, who: &Principal, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
        if !who.role.reads_audit() || ids.is_empty() {
            return Ok(HashMap::new());
        }
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, name FROM locations WHERE id IN rarray(?1)
                 UNION ALL SELECT s.id, l.name FROM sites s JOIN locations l ON l.id = s.location_id WHERE s.id IN rarray(?1)
                 UNION ALL SELECT h.id, h.name || ', ' || l.name FROM family_houses h JOIN locations l ON l.id = h.location_id
                            WHERE h.id IN rarray(?1)
                 UNION ALL SELECT id, name FROM programmes WHERE id IN rarray(?1)
                 UNION ALL SELECT g.id, g.name || ', ' || l.name FROM care_groups g JOIN locations l ON l.id = g.location_id
                            WHERE g.id IN rarray(?1)
                 UNION ALL SELECT id, COALESCE(NULLIF(trim(display_name), ''), username) FROM users WHERE id IN rarray(?1)
                 UNION ALL SELECT x.id, p.record_number FROM measurements x JOIN people p ON p.id = x.person_id WHERE x.id IN rarray(?1)
                 UNION ALL SELECT x.id, p.record_number FROM vaccinations x JOIN people p ON p.id = x.person_id WHERE x.id IN rarray(?1)
                 UNION ALL SELECT x.id, p.record_number FROM vaccination_cards x JOIN people p ON p.id = x.person_id WHERE x.id IN rarray(?1)
                 UNION ALL SELECT x.id, p.record_number FROM extra_doses x JOIN people p ON p.id = x.person_id WHERE x.id IN rarray(?1)
                 UNION ALL SELECT x.id, p.record_number FROM medical_visits x JOIN people p ON p.id = x.person_id WHERE x.id IN rarray(?1)
                 UNION ALL SELECT x.id, p.record_number FROM school_years x JOIN people p ON p.id = x.person_id WHERE x.id IN rarray(?1)
                 UNION ALL SELECT x.id, p.record_number FROM enrolments x JOIN people p ON p.id = x.person_id WHERE x.id IN rarray(?1)
                 UNION ALL SELECT x.id, p.record_number FROM admissions x JOIN people p ON p.id = x.person_id WHERE x.id IN rarray(?1)
                 UNION ALL SELECT x.id, p.record_number FROM placements x JOIN people p ON p.id = x.person_id WHERE x.id IN rarray(?1)
                 UNION ALL SELECT x.id, p.record_number FROM group_members x JOIN people p ON p.id = x.person_id WHERE x.id IN rarray(?1)
                 UNION ALL SELECT f.id, p.record_number FROM care_follow_ups f JOIN admissions a ON a.id = f.admission_id
                            JOIN people p ON p.id = a.person_id WHERE f.id IN rarray(?1)
                 UNION ALL SELECT x.id, h.record_number FROM household_members x JOIN households h ON h.id = x.household_id
                            WHERE x.id IN rarray(?1)
                 UNION ALL SELECT x.id, h.record_number FROM family_support x JOIN households h ON h.id = x.household_id
                            WHERE x.id IN rarray(?1)
                 UNION ALL SELECT x.id, h.record_number FROM assessments x JOIN households h ON h.id = x.household_id
                            WHERE x.id IN rarray(?1)
                 UNION ALL SELECT x.id, h.record_number FROM plan_actions x JOIN households h ON h.id = x.household_id
                            WHERE x.id IN rarray(?1)
                 UNION ALL SELECT x.id, h.record_number FROM home_visits x JOIN households h ON h.id = x.household_id
                            WHERE x.id IN rarray(?1)",
            )?;
            let wanted = Rc::new(ids.iter().map(|i| rusqlite::types::Value::from(i.clone())).collect::<Vec<_>>());
            let rows = st.query_map([wanted], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

/// Recomputes the whole chain; `Err` names the first entry that does not
/// match (an edited, inserted or removed row).
pub(crate) fn verify_audit_chain(conn: &Connection) -> Result<u64, StoreError> {
    let mut st = conn.prepare(
        "SELECT seq, at, COALESCE(user_id, ''), username, role, site_id, action, record_type, record_id, fields, prev_hash, hash, shown
         FROM audit_log ORDER BY seq",
    )?;
    let mut rows = st.query([])?;
    let mut prev = blake3::Hash::from_bytes(GENESIS).to_hex().to_string();
    let mut n = 0u64;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let get = |i: usize| -> Result<String, rusqlite::Error> { r.get(i) };
        let columns = (2..10).map(get).collect::<Result<Vec<String>, _>>()?;
        let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
        let expected = entry_hash(&prev, r.get(1)?, &refs, &get(12)?).to_hex().to_string();
        if stored_hash(r.get_ref(10)?) != prev || stored_hash(r.get_ref(11)?) != expected {
            return Err(StoreError::Integrity(format!("audit chain broken at entry {seq}")));
        }
        prev = expected;
        n += 1;
    }
    Ok(n)
}

/// The audit trail's own entries for what was shown and what happened.
pub trait AuditWrites {
    /// Appends one entry outside any other write (refused requests,
    /// throttled sign-ins).
    fn audit_event(
        &self,
        who: Option<&Principal>,
        action: AuditAction,
        record_type: &'static str,
        record_id: &str,
    ) -> Result<(), StoreError>;
    /// Records that a list or page showed these records to `who` (one entry,
    /// committed before the caller shows anything). Nothing is written for
    /// an empty list: there is no record to account for.
    fn audit_shown(
        &self,
        who: &Principal,
        record_type: &'static str,
        context_id: &str,
        shown: Vec<String>,
    ) -> Result<(), StoreError>;
    /// Appends an entry for a sign-in attempt, naming the account tried
    /// (`user_id`, if it exists) by its username, with no role: there is no
    /// principal yet.
    fn audit_attempt(&self, user_id: Option<&str>, username: &str, action: AuditAction) -> Result<(), StoreError>;
}

impl AuditWrites for Store {
    fn audit_event(
        &self,
        who: Option<&Principal>,
        action: AuditAction,
        record_type: &'static str,
        record_id: &str,
    ) -> Result<(), StoreError> {
        let (who, id) = (who.cloned(), record_id.to_string());
        self.write(move |tx| tx.audit(who.as_ref(), action, record_type, &id, &[]))
    }
    fn audit_shown(
        &self,
        who: &Principal,
        record_type: &'static str,
        context_id: &str,
        shown: Vec<String>,
    ) -> Result<(), StoreError> {
        if shown.is_empty() {
            return Ok(());
        }
        let (who, context) = (who.clone(), context_id.to_string());
        self.write(move |tx| tx.audit_shown(&who, AuditAction::View, record_type, &context, &shown))
    }
    fn audit_attempt(&self, user_id: Option<&str>, username: &str, action: AuditAction) -> Result<(), StoreError> {
        let (id, name) = (user_id.map(str::to_string), username.to_string());
        self.write(move |tx| {
            tx.audit_as(id.as_deref(), &name, NO_ROLE, action, "user", id.as_deref().unwrap_or(""), &[])
        })
    }
}

#[cfg(test)]
#[path = "audit_tests.rs"]
mod tests;
