//! Who is asking, and which locations they may see.

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
            Scope::Locations(l) => {
                (0, std::rc::Rc::new(l.ids.iter().map(|i| rusqlite::types::Value::Text(i.clone())).collect()))
            }
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
#[derive(Debug, Clone)]
pub struct Principal {
    /// User id.
    pub user_id: String,
    /// Username, for the audit trail.
    pub username: String,
    /// Role.
    pub role: Role,
    /// The locations the user may see.
    pub scope: Scope,
}

impl Principal {
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
