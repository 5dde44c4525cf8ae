//! Users: accounts, roles, locations, second factor. Changing a password,
//! a second factor or disabling an account ends every session and token of
//! that user in the same transaction.

use crate::writer::Tx;
use crate::{AuditAction, Principal, Store, StoreError, new_id, now_millis};
use dugu_domain::{Invalid, Problem, Role};
use rusqlite::{OptionalExtension, params};

/// A user account.
#[derive(Debug, Clone, serde::Serialize)]
pub struct User {
    /// Id.
    pub id: String,
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Role.
    #[serde(serialize_with = "role_code")]
    pub role: Role,
    /// Argon2id PHC string.
    #[serde(skip)]
    pub password_hash: String,
    /// `fr` or `en`.
    pub language: String,
    /// Disabled accounts cannot sign in.
    pub disabled: bool,
    /// TOTP secret (base32), if a second factor is enrolled.
    #[serde(skip)]
    pub totp_secret: Option<String>,
    /// The last TOTP time step accepted (no reuse within a window).
    #[serde(skip)]
    pub totp_last_step: Option<i64>,
    /// Assigned locations.
    pub location_ids: Vec<String>,
}

fn role_code<S: serde::Serializer>(r: &Role, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.code())
}

/// A new user.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Argon2id PHC string (hashed by the caller).
    pub password_hash: String,
    /// `fr` or `en`.
    pub language: String,
    /// Assigned locations.
    pub location_ids: Vec<String>,
}

fn parse_username(raw: &str) -> Result<String, Problem> {
    let u = raw.trim();
    if u.is_empty() {
        return Err(Problem::Required);
    }
    if u.len() > 64 || !u.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-') {
        return Err(Problem::Malformed);
    }
    Ok(u.to_string())
}

/// The columns every user query reads, in `read_user`'s order.
macro_rules! user_columns {
    () => {
        "id, username, display_name, role, password_hash, language, disabled, totp_secret, totp_last_step"
    };
}

const USER_BY_ID: &str = concat!("SELECT ", user_columns!(), " FROM users WHERE id = ?1");
const USER_BY_NAME: &str = concat!("SELECT ", user_columns!(), " FROM users WHERE username = ?1");
const ALL_USERS: &str = concat!("SELECT ", user_columns!(), " FROM users ORDER BY username");

fn read_user(c: &rusqlite::Connection, r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let id: String = r.get(0)?;
    let role: String = r.get(3)?;
    let mut st = c.prepare_cached("SELECT location_id FROM user_locations WHERE user_id = ?1 ORDER BY location_id")?;
    let location_ids = st.query_map([&id], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
    Ok(User {
        id,
        username: r.get(1)?,
        display_name: r.get(2)?,
        role: Role::parse(&role).unwrap_or(Role::Fundraiser),
        password_hash: r.get(4)?,
        language: r.get(5)?,
        disabled: r.get(6)?,
        totp_secret: r.get(7)?,
        totp_last_step: r.get(8)?,
        location_ids,
    })
}

impl Tx<'_> {
    /// Creates a user (an administrator, or the system at first start).
    pub fn create_user(&mut self, who: Option<&Principal>, u: &NewUser) -> Result<User, StoreError> {
        if who.is_some_and(|p| !p.role.administers()) {
            return Err(StoreError::Forbidden);
        }
        let mut inv = Invalid::new();
        let username = inv.check("username", parse_username(&u.username));
        let display = inv.check(
            "display_name",
            dugu_domain::person::optional_text(&u.display_name).and_then(|d| d.ok_or(Problem::Required)),
        );
        if let Some(name) = &username {
            let taken: bool =
                self.conn.query_row("SELECT EXISTS(SELECT 1 FROM users WHERE username = ?1)", [name], |r| r.get(0))?;
            if taken {
                inv.add("username", Problem::Taken);
            }
        }
        for l in &u.location_ids {
            let ok: bool =
                self.conn.query_row("SELECT EXISTS(SELECT 1 FROM locations WHERE id = ?1)", [l], |r| r.get(0))?;
            if !ok {
                inv.add("location_ids", Problem::Unknown);
            }
        }
        if u.location_ids.is_empty() && !u.role.sees_all_locations() {
            inv.add("location_ids", Problem::Required);
        }
        if !matches!(u.language.as_str(), "fr" | "en") {
            inv.add("language", Problem::NotAllowed);
        }
        inv.clone().into_result()?;
        let (Some(username), Some(display)) = (username, display) else {
            return Err(inv.into());
        };
        let id = new_id();
        self.conn.execute(
            "INSERT INTO users (id, username, display_name, role, password_hash, language, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, username, display, u.role.code(), u.password_hash, u.language, now_millis()],
        )?;
        for l in &u.location_ids {
            self.conn.execute("INSERT INTO user_locations (user_id, location_id) VALUES (?1, ?2)", params![id, l])?;
        }
        self.audit(who, AuditAction::PermissionChange, "user", &id, &["username", "role", "location_ids"])?;
        self.user(&id)?.ok_or(StoreError::NotFound)
    }

    /// A user by id, inside this write.
    pub fn user(&self, id: &str) -> Result<Option<User>, StoreError> {
        let c = self.conn;
        Ok(c.prepare_cached(USER_BY_ID)?.query_row([id], |r| read_user(c, r)).optional()?)
    }

    /// Ends every session and API token of a user.
    pub fn revoke_sessions(&mut self, user_id: &str) -> Result<usize, StoreError> {
        Ok(self.conn.execute("DELETE FROM sessions WHERE user_id = ?1", [user_id])?)
    }

    /// Sets a new password hash and ends all of the user's sessions.
    pub fn set_password(&mut self, who: Option<&Principal>, user_id: &str, hash: &str) -> Result<(), StoreError> {
        let n = self.conn.execute("UPDATE users SET password_hash = ?2 WHERE id = ?1", params![user_id, hash])?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        self.revoke_sessions(user_id)?;
        self.audit(who, AuditAction::PermissionChange, "user", user_id, &["password"])
    }

    /// Disables or enables a user; disabling ends all their sessions.
    pub fn set_disabled(&mut self, who: &Principal, user_id: &str, disabled: bool) -> Result<(), StoreError> {
        if !who.role.administers() {
            return Err(StoreError::Forbidden);
        }
        let n = self.conn.execute("UPDATE users SET disabled = ?2 WHERE id = ?1", params![user_id, disabled])?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        if disabled {
            self.revoke_sessions(user_id)?;
        }
        self.audit(Some(who), AuditAction::PermissionChange, "user", user_id, &["disabled"])
    }

    /// Enrols (or removes) a TOTP secret; ends all of the user's sessions.
    pub fn set_totp(&mut self, who: Option<&Principal>, user_id: &str, secret: Option<&str>) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE users SET totp_secret = ?2, totp_last_step = NULL WHERE id = ?1",
            params![user_id, secret],
        )?;
        self.revoke_sessions(user_id)?;
        self.audit(who, AuditAction::PermissionChange, "user", user_id, &["second_factor"])
    }

    /// Records the TOTP step just used, refusing one already used.
    pub fn use_totp_step(&mut self, user_id: &str, step: i64) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "UPDATE users SET totp_last_step = ?2 WHERE id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)",
            params![user_id, step],
        )?;
        Ok(n == 1)
    }

    /// Sets the user's interface language.
    pub fn set_language(&mut self, user_id: &str, language: &str) -> Result<(), StoreError> {
        if !matches!(language, "fr" | "en") {
            let mut inv = Invalid::new();
            inv.add("language", Problem::NotAllowed);
            return Err(inv.into());
        }
        self.conn.execute("UPDATE users SET language = ?2 WHERE id = ?1", params![user_id, language])?;
        Ok(())
    }
}

impl Store {
    /// A user by login name (case-insensitive).
    pub fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        self.read(|c| {
            Ok(c.prepare_cached(USER_BY_NAME)?.query_row([username.trim()], |r| read_user(c, r)).optional()?)
        })
    }

    /// A user by id.
    pub fn user(&self, id: &str) -> Result<Option<User>, StoreError> {
        self.read(|c| Ok(c.prepare_cached(USER_BY_ID)?.query_row([id], |r| read_user(c, r)).optional()?))
    }

    /// Every user (administrators only).
    pub fn users(&self, who: &Principal) -> Result<Vec<User>, StoreError> {
        if !who.role.administers() {
            return Err(StoreError::Forbidden);
        }
        self.read(|c| {
            let mut st = c.prepare_cached(ALL_USERS)?;
            let rows = st.query_map([], |r| read_user(c, r))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Whether any user exists yet.
    pub fn has_users(&self) -> Result<bool, StoreError> {
        self.read(|c| Ok(c.query_row("SELECT EXISTS(SELECT 1 FROM users)", [], |r| r.get(0))?))
    }
}
