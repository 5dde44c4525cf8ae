//! Users: accounts, roles, locations, second factor. Changing a password,
//! a second factor or disabling an account ends every session and token of
//! that user in the same transaction.
//!
//! An account (`users`) and a request for a grant (`role_requests`) are
//! entities of the change log, written through [`Tx::apply`] like any
//! record. Credentials (password hashes, a pending reset's hash, the second
//! factor) and the holder's own settings (language, "must change password")
//! stay in `user_credentials`, this site's alone: a log keeps every value
//! forever and travels to other sites, which is no place for a secret.

use crate::contract::fact;
use crate::oplog::{CommandEntry, Op};
use crate::writer::Tx;
use crate::{AuditAction, Principal, Store, StoreError, now_millis};
use dugu_commands::CommandError;
use dugu_commands::users::{self, AccountAudit, AccountFacts, RequestFacts, UsersTx};
use dugu_domain::{Invalid, Problem, Role};
use rusqlite::{OptionalExtension, params};

// The rules (who grants what alone, the two-person rule, who an
// administrator may reset or re-enable alone) are `dugu_commands::users`'s;
// this module answers their facts, keeps credentials and sessions, and
// reads. The inputs and answers are re-exported so `dugu_storage` names them.
pub use dugu_commands::users::{NewUser, RoleChange};

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
    /// An administrator reset the password: the user must choose a new
    /// one before anything else.
    pub must_change_password: bool,
    /// A new account whose role waits for a national director's approval;
    /// it cannot sign in until then.
    pub awaiting_approval: bool,
}

impl User {
    /// Whether the account may sign in at all.
    pub fn may_sign_in(&self) -> bool {
        !self.disabled && !self.awaiting_approval
    }
}

fn role_code<S: serde::Serializer>(r: &Role, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.code())
}

/// The columns every user query reads, in `read_user`'s order.
macro_rules! user_columns {
    () => {
        "u.id, u.username, u.display_name, u.role, c.password_hash, c.language, u.disabled, c.totp_secret,
         c.totp_last_step, c.must_change_password, u.awaiting_approval, u.location_ids
         FROM users u JOIN user_credentials c ON c.user_id = u.id"
    };
}

const USER_BY_ID: &str = concat!("SELECT ", user_columns!(), " WHERE u.id = ?1");
const USER_BY_NAME: &str = concat!("SELECT ", user_columns!(), " WHERE u.username = ?1");
const ALL_USERS: &str = concat!("SELECT ", user_columns!(), " ORDER BY u.username");

fn read_user(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let id: String = r.get(0)?;
    let role: String = r.get(3)?;
    let locations: String = r.get(11)?;
    let mut location_ids: Vec<String> = locations.lines().filter(|l| !l.is_empty()).map(str::to_string).collect();
    location_ids.sort_unstable();
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
        must_change_password: r.get(9)?,
        awaiting_approval: r.get(10)?,
    })
}

/// A password hash must be there: an empty one stored would be an
/// account nobody can sign in to, or worse, one a later check treats as
/// "no password". A failed hash is the caller's error to report.
fn hash_present(hash: &str) -> Result<(), StoreError> {
    if hash.trim().is_empty() {
        return Err(StoreError::Integrity("an empty password hash".into()));
    }
    Ok(())
}

impl Tx<'_> {
    /// Creates a user (an administrator, or the system at first start;
    /// see [`users::create_user`]).
    pub fn create_user(&mut self, who: Option<&Principal>, u: &NewUser) -> Result<User, StoreError> {
        hash_present(&u.password_hash)?;
        let id = users::create_user(self, who, u)?;
        self.user(&id)?.ok_or(StoreError::NotFound)
    }

    /// Changes a user's role and locations ([`users::change_role`]): what
    /// the administrator may grant alone at once, anything more as a
    /// request a national director decides.
    pub fn change_role(
        &mut self,
        who: &Principal,
        user_id: &str,
        role: Role,
        location_ids: &[String],
    ) -> Result<RoleChange, StoreError> {
        Ok(users::change_role(self, who, user_id, role, location_ids)?)
    }

    /// A national director approves or refuses a pending request
    /// ([`users::decide_role_request`]).
    pub fn decide_role_request(&mut self, who: &Principal, request_id: &str, approve: bool) -> Result<(), StoreError> {
        Ok(users::decide_role_request(self, who, request_id, approve, now_millis())?)
    }

    /// An administrator resets a password ([`users::reset_password`]); for
    /// an account that reads people's records it waits for a national
    /// director.
    pub fn reset_password(&mut self, who: &Principal, user_id: &str, hash: &str) -> Result<RoleChange, StoreError> {
        hash_present(hash)?;
        Ok(users::reset_password(self, who, user_id, hash)?)
    }

    /// An administrator removes a lost second factor
    /// ([`users::reset_second_factor`]).
    pub fn reset_second_factor(&mut self, who: &Principal, user_id: &str) -> Result<RoleChange, StoreError> {
        Ok(users::reset_second_factor(self, who, user_id)?)
    }

    /// A user by id, inside this write.
    pub fn user(&self, id: &str) -> Result<Option<User>, StoreError> {
        let c = self.conn;
        Ok(c.prepare_cached(USER_BY_ID)?.query_row([id], read_user).optional()?)
    }

    /// Ends every session and API token of a user.
    pub fn revoke_sessions(&mut self, user_id: &str) -> Result<usize, StoreError> {
        Ok(self.conn.execute("DELETE FROM sessions WHERE user_id = ?1", [user_id])?)
    }

    /// Sets a new password hash (chosen by the user) and ends all of the
    /// user's sessions.
    pub fn set_password(&mut self, who: Option<&Principal>, user_id: &str, hash: &str) -> Result<(), StoreError> {
        hash_present(hash)?;
        let n = self.conn.execute(
            "UPDATE user_credentials SET password_hash = ?2, must_change_password = 0 WHERE user_id = ?1",
            params![user_id, hash],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        self.revoke_sessions(user_id)?;
        self.audit(who, AuditAction::PermissionChange, "user", user_id, &["password"])
    }

    /// Disables or enables a user ([`users::set_disabled`]); disabling
    /// ends all their sessions.
    pub fn set_disabled(&mut self, who: &Principal, user_id: &str, disabled: bool) -> Result<RoleChange, StoreError> {
        Ok(users::set_disabled(self, who, user_id, disabled)?)
    }

    /// Enrols (or removes) a TOTP secret; ends all of the user's sessions.
    pub fn set_totp(&mut self, who: Option<&Principal>, user_id: &str, secret: Option<&str>) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE user_credentials SET totp_secret = ?2, totp_last_step = NULL WHERE user_id = ?1",
            params![user_id, secret],
        )?;
        self.revoke_sessions(user_id)?;
        self.audit(who, AuditAction::PermissionChange, "user", user_id, &["second_factor"])
    }

    /// Records the TOTP step just used, refusing one already used.
    pub fn use_totp_step(&mut self, user_id: &str, step: i64) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "UPDATE user_credentials SET totp_last_step = ?2
              WHERE user_id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)",
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
        self.conn
            .execute("UPDATE user_credentials SET language = ?2 WHERE user_id = ?1", params![user_id, language])?;
        Ok(())
    }
}

/// A grant waiting for a national director.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RoleRequest {
    /// Id.
    pub id: String,
    /// `role`, `password_reset`, `second_factor_reset` or `enable`.
    pub kind: String,
    /// The account it is for.
    pub user_id: String,
    /// Its login name.
    pub username: String,
    /// Its name shown.
    pub display_name: String,
    /// Whether the account is new (it cannot sign in until approved).
    pub new_account: bool,
    /// The role requested.
    #[serde(serialize_with = "role_code")]
    pub role: Role,
    /// The locations requested (none for roles that see every location).
    pub location_ids: Vec<String>,
    /// The administrator who asked.
    pub requested_by: String,
    /// When (ms since the epoch).
    pub requested_at: i64,
}

impl UsersTx for Tx<'_> {
    fn account(&self, user_id: &str) -> Result<Option<AccountFacts>, CommandError> {
        let user = fact(|| self.user(user_id))?;
        Ok(user.map(|u| AccountFacts { role: u.role, location_ids: u.location_ids, disabled: u.disabled }))
    }

    fn username_taken(&self, username: &str) -> Result<bool, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached("SELECT EXISTS(SELECT 1 FROM users WHERE username = ?1)")?
                .query_row([username], |r| r.get(0))?)
        })
    }

    fn pending_requests(&self, user_id: &str, kind: Option<&str>) -> Result<Vec<String>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT id FROM role_requests WHERE user_id = ?1 AND status = 'pending' AND (?2 IS NULL OR kind = ?2)
                     ORDER BY id",
                )?
                .query_map(params![user_id, kind], |r| r.get(0))?
                .collect::<Result<_, _>>()?)
        })
    }

    fn pending_request(&self, request_id: &str) -> Result<Option<RequestFacts>, CommandError> {
        fact(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT user_id, kind, role, location_ids FROM role_requests WHERE id = ?1 AND status = 'pending'",
                )?
                .query_row([request_id], |r| {
                    Ok(RequestFacts { user_id: r.get(0)?, kind: r.get(1)?, role: r.get(2)?, location_ids: r.get(3)? })
                })
                .optional()?)
        })
    }

    fn apply_to_account(
        &mut self,
        who: Option<&Principal>,
        ops: Vec<Op>,
        audit: AccountAudit,
        user_id: &str,
        labels: &[&str],
    ) -> Result<(), CommandError> {
        let entry =
            CommandEntry { action: audit_action(audit), record_type: "user", record_id: user_id, labels, touched: &[] };
        fact(|| self.apply_as(who, ops, Some(entry)))
    }

    fn audit_account(
        &mut self,
        who: &Principal,
        audit: AccountAudit,
        user_id: &str,
        label: &str,
    ) -> Result<(), CommandError> {
        fact(|| self.audit(Some(who), audit_action(audit), "user", user_id, &[label]))
    }

    fn add_credentials(
        &mut self,
        user_id: &str,
        password_hash: &str,
        language: &str,
        must_change_password: bool,
    ) -> Result<(), CommandError> {
        fact(|| {
            hash_present(password_hash)?;
            self.conn.execute(
                "INSERT INTO user_credentials (user_id, password_hash, language, must_change_password)
                 VALUES (?1, ?2, ?3, ?4)",
                params![user_id, password_hash, language, must_change_password],
            )?;
            Ok(())
        })
    }

    fn replace_password(
        &mut self,
        user_id: &str,
        password_hash: &str,
        must_change_password: bool,
    ) -> Result<(), CommandError> {
        fact(|| {
            hash_present(password_hash)?;
            self.conn.execute(
                "UPDATE user_credentials SET password_hash = ?2, must_change_password = ?3 WHERE user_id = ?1",
                params![user_id, password_hash, must_change_password],
            )?;
            Ok(())
        })
    }

    fn hold_password(&mut self, user_id: &str, password_hash: Option<&str>) -> Result<(), CommandError> {
        fact(|| {
            if let Some(h) = password_hash {
                hash_present(h)?;
            }
            self.conn.execute(
                "UPDATE user_credentials SET pending_password_hash = ?2 WHERE user_id = ?1",
                params![user_id, password_hash],
            )?;
            Ok(())
        })
    }

    fn adopt_held_password(&mut self, user_id: &str) -> Result<bool, CommandError> {
        fact(|| {
            let n = self.conn.execute(
                "UPDATE user_credentials SET password_hash = pending_password_hash, must_change_password = 1,
                        pending_password_hash = NULL
                  WHERE user_id = ?1 AND pending_password_hash IS NOT NULL",
                [user_id],
            )?;
            Ok(n == 1)
        })
    }

    fn clear_second_factor(&mut self, user_id: &str) -> Result<(), CommandError> {
        fact(|| {
            self.conn.execute(
                "UPDATE user_credentials SET totp_secret = NULL, totp_last_step = NULL WHERE user_id = ?1",
                [user_id],
            )?;
            Ok(())
        })
    }

    fn end_sessions(&mut self, user_id: &str) -> Result<(), CommandError> {
        fact(|| self.revoke_sessions(user_id).map(|_| ()))
    }
}

fn audit_action(audit: AccountAudit) -> AuditAction {
    match audit {
        AccountAudit::Permission => AuditAction::PermissionChange,
        AccountAudit::Privilege => AuditAction::PrivilegeChange,
    }
}

/// Accounts and the grants waiting for a second person.
pub trait UserReads {
    /// Grants waiting for approval: national directors (who decide them)
    /// and administrators (who asked) see them.
    fn role_requests(&self, who: &Principal) -> Result<Vec<RoleRequest>, StoreError>;

    /// A user by login name (case-insensitive).
    fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError>;

    /// A user by id.
    fn user(&self, id: &str) -> Result<Option<User>, StoreError>;

    /// Every user (administrators only).
    fn users(&self, who: &Principal) -> Result<Vec<User>, StoreError>;

    /// Whether any user exists yet.
    fn has_users(&self) -> Result<bool, StoreError>;
}

impl UserReads for Store {
    fn role_requests(&self, who: &Principal) -> Result<Vec<RoleRequest>, StoreError> {
        if !who.role.approves_privileges() && !who.role.administers() {
            return Err(StoreError::Forbidden);
        }
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT q.id, q.user_id, u.username, u.display_name, u.awaiting_approval, q.role, q.location_ids,
                        COALESCE(a.username, '-'), q.created_at, q.kind
                 FROM role_requests q JOIN users u ON u.id = q.user_id LEFT JOIN users a ON a.id = q.requested_by
                 WHERE q.status = 'pending' ORDER BY q.created_at",
            )?;
            let rows = st.query_map([], |r| {
                let role: String = r.get(5)?;
                let locations: String = r.get(6)?;
                Ok(RoleRequest {
                    id: r.get(0)?,
                    kind: r.get(9)?,
                    user_id: r.get(1)?,
                    username: r.get(2)?,
                    display_name: r.get(3)?,
                    new_account: r.get(4)?,
                    role: Role::parse(&role).unwrap_or(Role::Fundraiser),
                    location_ids: locations.split(',').filter(|l| !l.is_empty()).map(str::to_string).collect(),
                    requested_by: r.get(7)?,
                    requested_at: r.get(8)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        self.read(|c| Ok(c.prepare_cached(USER_BY_NAME)?.query_row([username.trim()], read_user).optional()?))
    }

    fn user(&self, id: &str) -> Result<Option<User>, StoreError> {
        self.read(|c| Ok(c.prepare_cached(USER_BY_ID)?.query_row([id], read_user).optional()?))
    }

    fn users(&self, who: &Principal) -> Result<Vec<User>, StoreError> {
        if !who.role.administers() {
            return Err(StoreError::Forbidden);
        }
        self.read(|c| {
            let mut st = c.prepare_cached(ALL_USERS)?;
            let rows = st.query_map([], read_user)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn has_users(&self) -> Result<bool, StoreError> {
        self.read(|c| Ok(c.query_row("SELECT EXISTS(SELECT 1 FROM users)", [], |r| r.get(0))?))
    }
}

/// Accounts: made, their roles and places, passwords and second factors,
/// by the two-person rule of `dugu_commands::users`, each in one write.
/// Credentials never enter an op: a hash is handed in, never read back.
pub trait AccountWrites {
    /// An account made by `who` (see [`Tx::create_user`]); a role beyond
    /// what the administrator grants alone waits for a national director.
    fn create_user(&self, who: &Principal, new: NewUser) -> Result<User, StoreError>;
    /// A role and places changed (see [`Tx::change_role`]).
    fn change_role(
        &self,
        who: &Principal,
        user_id: &str,
        role: Role,
        location_ids: Vec<String>,
    ) -> Result<RoleChange, StoreError>;
    /// A national director decides a pending request.
    fn decide_role_request(&self, who: &Principal, request_id: &str, approve: bool) -> Result<(), StoreError>;
    /// A one-time password set by an administrator (see [`Tx::reset_password`]).
    fn reset_password(&self, who: &Principal, user_id: &str, hash: String) -> Result<RoleChange, StoreError>;
    /// An account's second factor removed (see [`Tx::reset_second_factor`]).
    fn reset_second_factor(&self, who: &Principal, user_id: &str) -> Result<RoleChange, StoreError>;
    /// An account disabled or enabled again (see [`Tx::set_disabled`]).
    fn set_disabled(&self, who: &Principal, user_id: &str, disabled: bool) -> Result<RoleChange, StoreError>;
    /// The language an account reads pages in.
    fn set_language(&self, user_id: &str, language: &str) -> Result<(), StoreError>;
    /// A user's own new password (see [`Tx::set_password`]).
    fn set_password(&self, who: &Principal, user_id: &str, hash: String) -> Result<(), StoreError>;
    /// A second factor enrolled by its user: the secret kept and the step
    /// of the code that confirmed it used, in one write.
    fn enrol_second_factor(&self, who: &Principal, user_id: &str, secret: String, step: i64) -> Result<(), StoreError>;
    /// A second-factor step used; `false` if it was used before (a replay).
    fn use_totp_step(&self, user_id: &str, step: i64) -> Result<bool, StoreError>;
}

impl AccountWrites for Store {
    fn create_user(&self, who: &Principal, new: NewUser) -> Result<User, StoreError> {
        let who = who.clone();
        self.write(move |tx| tx.create_user(Some(&who), &new))
    }
    fn change_role(
        &self,
        who: &Principal,
        user_id: &str,
        role: Role,
        location_ids: Vec<String>,
    ) -> Result<RoleChange, StoreError> {
        let (who, user_id) = (who.clone(), user_id.to_string());
        self.write(move |tx| tx.change_role(&who, &user_id, role, &location_ids))
    }
    fn decide_role_request(&self, who: &Principal, request_id: &str, approve: bool) -> Result<(), StoreError> {
        let (who, request_id) = (who.clone(), request_id.to_string());
        self.write(move |tx| tx.decide_role_request(&who, &request_id, approve))
    }
    fn reset_password(&self, who: &Principal, user_id: &str, hash: String) -> Result<RoleChange, StoreError> {
        let (who, user_id) = (who.clone(), user_id.to_string());
        self.write(move |tx| tx.reset_password(&who, &user_id, &hash))
    }
    fn reset_second_factor(&self, who: &Principal, user_id: &str) -> Result<RoleChange, StoreError> {
        let (who, user_id) = (who.clone(), user_id.to_string());
        self.write(move |tx| tx.reset_second_factor(&who, &user_id))
    }
    fn set_disabled(&self, who: &Principal, user_id: &str, disabled: bool) -> Result<RoleChange, StoreError> {
        let (who, user_id) = (who.clone(), user_id.to_string());
        self.write(move |tx| tx.set_disabled(&who, &user_id, disabled))
    }
    fn set_language(&self, user_id: &str, language: &str) -> Result<(), StoreError> {
        let (user_id, language) = (user_id.to_string(), language.to_string());
        self.write(move |tx| tx.set_language(&user_id, &language))
    }
    fn set_password(&self, who: &Principal, user_id: &str, hash: String) -> Result<(), StoreError> {
        let (who, user_id) = (who.clone(), user_id.to_string());
        self.write(move |tx| tx.set_password(Some(&who), &user_id, &hash))
    }
    fn enrol_second_factor(&self, who: &Principal, user_id: &str, secret: String, step: i64) -> Result<(), StoreError> {
        let (who, user_id) = (who.clone(), user_id.to_string());
        self.write(move |tx| {
            tx.set_totp(Some(&who), &user_id, Some(&secret))?;
            tx.use_totp_step(&user_id, step).map(|_| ())
        })
    }
    fn use_totp_step(&self, user_id: &str, step: i64) -> Result<bool, StoreError> {
        let user_id = user_id.to_string();
        self.write(move |tx| tx.use_totp_step(&user_id, step))
    }
}
