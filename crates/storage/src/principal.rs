//! Who is asking, and which locations they may see.

use crate::reads::UserReads;
use dugu_domain::Role;
use std::sync::Arc;

/// The locations a principal may see.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Every location (national roles).
    All,
    /// These locations: the user's and all below them.
    Locations(Arc<ScopedLocations>),
}

/// The locations of a scope, by id and by row key.
#[derive(Debug)]
pub struct ScopedLocations {
    /// Location ids.
    pub ids: Vec<String>,
    /// The same locations' row keys (what the search index stores).
    pub keys: Vec<i64>,
}

impl Scope {
    /// Whether `location_id` is inside the scope.
    pub fn contains(&self, location_id: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Locations(l) => l.ids.iter().any(|i| i == location_id),
        }
    }

    /// The scope as two SQL parameters: `1` when every location is in
    /// scope, and the ids for `rarray()`. (A pointer parameter reads as NULL
    /// in SQL, so "all" must be its own flag.)
    pub(crate) fn sql(&self) -> (i64, std::rc::Rc<Vec<rusqlite::types::Value>>) {
        match self {
            Scope::All => (1, std::rc::Rc::new(Vec::new())),
            Scope::Locations(l) => (0, crate::pool::text_array(&l.ids)),
        }
    }

    /// Like [`Scope::sql`], with the locations' row keys.
    pub(crate) fn sql_keys(&self) -> (i64, std::rc::Rc<Vec<rusqlite::types::Value>>) {
        match self {
            Scope::All => (1, std::rc::Rc::new(Vec::new())),
            Scope::Locations(l) => {
                (0, std::rc::Rc::new(l.keys.iter().map(|k| rusqlite::types::Value::Integer(*k)).collect()))
            }
        }
    }
}

/// A signed-in user, as the store sees them on every call.
///
/// Only the store makes one: [`Store::principal_of`](crate::Store::principal_of)
/// from an account in the database (what every request does), or
/// [`Tx::system_principal`](crate::Tx::system_principal) for demo seeding and
/// benchmark loads, which is audited. The fields are the crate's, so no other crate
/// can give itself `Scope::All` or another role.
#[derive(Debug, Clone)]
pub struct Principal {
    pub(crate) user_id: String,
    pub(crate) username: String,
    pub(crate) role: Role,
    pub(crate) scope: Scope,
}

/// Why the store acts for the system rather than for a signed-in user: the
/// only ways to a principal that does not come from a sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemTask {
    /// Fictional people for `dugu demo` (and for tests that need a demo).
    DemoSeeding,
    /// A benchmark loading a fresh database.
    BenchmarkLoad,
}

impl SystemTask {
    /// The code written in the audit trail.
    pub fn code(self) -> &'static str {
        match self {
            SystemTask::DemoSeeding => "demo_seeding",
            SystemTask::BenchmarkLoad => "benchmark_load",
        }
    }
}

impl Principal {
    /// Made by the store only (see the type's documentation).
    pub(crate) fn new(user_id: String, username: String, role: Role, scope: Scope) -> Principal {
        Principal { user_id, username, role, scope }
    }

    /// The user's id.
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The user's login name, for the audit trail.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The locations the user may see.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// Whether a record at `location_id` is the principal's to see: people
    /// readers only, inside the scope. Out of scope is `NotFound`, exactly
    /// as for a record that does not exist.
    pub(crate) fn may_see(&self, location_id: Option<&str>) -> Result<(), crate::StoreError> {
        match location_id {
            Some(l) if self.role.reads_people() && self.scope.contains(l) => Ok(()),
            _ => Err(crate::StoreError::NotFound),
        }
    }

    /// May this principal read a list of `location_id` and the places below
    /// it? `Forbidden` when the role may not read that kind of data at all
    /// (`allowed` false); `NotFound` for a location out of scope, exactly as
    /// for one that does not exist.
    pub(crate) fn may_list(&self, allowed: bool, location_id: &str) -> Result<(), crate::StoreError> {
        if !allowed {
            return Err(crate::StoreError::Forbidden);
        }
        if !self.scope.contains(location_id) {
            return Err(crate::StoreError::NotFound);
        }
        Ok(())
    }
}

// The commands ask who writes through this trait; a principal is still
// made only by the store.
impl dugu_commands::Author for Principal {
    fn user_id(&self) -> &str {
        &self.user_id
    }

    fn role(&self) -> Role {
        self.role
    }

    fn sees(&self, location_id: &str) -> bool {
        self.scope.contains(location_id)
    }
}

impl crate::Store {
    /// An audited system principal (see [`Tx::system_principal`](crate::Tx::system_principal)), in a
    /// write of its own.
    pub fn system_principal(&self, acting_for: &str, task: SystemTask) -> Result<Principal, crate::StoreError> {
        let acting_for = acting_for.to_string();
        self.write(move |tx| tx.system_principal(&acting_for, task))
    }
}

impl crate::Tx<'_> {
    /// A principal that writes every field group at every location, for
    /// demo seeding and benchmark loads only — never for a request. It acts
    /// for an existing account (`acting_for`: what it writes names a real
    /// user, e.g. as assessor), and its making is itself an audit entry
    /// (`privilege_change` on `system_principal`, with the task), in the
    /// same transaction as what it then writes.
    pub fn system_principal(&mut self, acting_for: &str, task: SystemTask) -> Result<Principal, crate::StoreError> {
        let user = self.user(acting_for)?.ok_or(crate::StoreError::NotFound)?;
        let who = Principal::new(user.id, user.username, Role::LocationDirector, Scope::All);
        self.audit(Some(&who), crate::AuditAction::PrivilegeChange, "system_principal", acting_for, &[task.code()])?;
        Ok(who)
    }
}

/// Who asks: a principal made only by the store, from an account that may
/// sign in.
pub trait Principals {
    /// The principal of an account, as every request gets it: the user's
    /// role and the locations assigned to them with everything below.
    /// `None` when the account does not exist or may not sign in (disabled,
    /// or its role still waits for approval).
    fn principal_of(&self, user_id: &str) -> Result<Option<Principal>, crate::StoreError>;
}

impl Principals for crate::Store {
    fn principal_of(&self, user_id: &str) -> Result<Option<Principal>, crate::StoreError> {
        let Some(user) = self.user(user_id)?.filter(crate::User::may_sign_in) else {
            return Ok(None);
        };
        let scope = self.scope_of(user.role, &user.location_ids)?;
        Ok(Some(Principal::new(user.id, user.username, user.role, scope)))
    }
}
