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

use crate::oplog::{AccountEntry, Op};
use crate::writer::Tx;
use crate::{AuditAction, Principal, Store, StoreError, new_id, now_millis};
use dugu_domain::{EntityKind, Invalid, Problem, Role};
use rusqlite::{OptionalExtension, params};
use serde_json::{Value, json};

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
    /// Creates a user (an administrator, or the system at first start).
    pub fn create_user(&mut self, who: Option<&Principal>, u: &NewUser) -> Result<User, StoreError> {
        if who.is_some_and(|p| !p.role.administers()) {
            return Err(StoreError::Forbidden);
        }
        hash_present(&u.password_hash)?;
        let mut inv = Invalid::new();
        if let Err(p) = role_and_locations_ok(self.conn, u.role, &u.location_ids) {
            inv.add("location_ids", p);
        }
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
        if !matches!(u.language.as_str(), "fr" | "en") {
            inv.add("language", Problem::NotAllowed);
        }
        inv.clone().into_result()?;
        let (Some(username), Some(display)) = (username, display) else {
            return Err(inv.into());
        };
        let id = new_id();
        // The system (first start, demo) grants anything; an administrator
        // alone only what the administrator reads.
        let awaiting = who.is_some_and(|p| !p.role.may_grant_alone(u.role));
        // An account an administrator makes starts with a password the
        // administrator knows: its user must replace it at first sign-in.
        let locations = locations_value(&u.location_ids);
        let create = Op::create(
            EntityKind::User,
            &id,
            vec![
                ("username", json!(username)),
                ("display_name", json!(display)),
                ("role", json!(u.role.code())),
                ("disabled", json!(false)),
                ("awaiting_approval", json!(awaiting)),
                ("location_ids", locations),
            ],
        );
        let entry = AccountEntry {
            action: AuditAction::PermissionChange,
            user_id: &id,
            labels: &["username", "role", "location_ids"],
        };
        self.apply_as(who, vec![create], Some(entry))?;
        self.conn.execute(
            "INSERT INTO user_credentials (user_id, password_hash, language, must_change_password)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, u.password_hash, u.language, who.is_some()],
        )?;
        if let (true, Some(p)) = (awaiting, who) {
            self.request_role(p, &id, u.role, &u.location_ids)?;
        }
        self.user(&id)?.ok_or(StoreError::NotFound)
    }

    /// Changes a user's role and locations. What the administrator may
    /// grant alone is applied at once (and ends the user's sessions, so the
    /// new scope holds from the next request); anything more becomes a
    /// request a national director approves or refuses.
    pub fn change_role(
        &mut self,
        who: &Principal,
        user_id: &str,
        role: Role,
        location_ids: &[String],
    ) -> Result<RoleChange, StoreError> {
        if !who.role.administers() {
            return Err(StoreError::Forbidden);
        }
        let Some(user) = self.user(user_id)? else {
            return Err(StoreError::NotFound);
        };
        if who.user_id == user_id && !role.administers() {
            // Giving up one's own administration, like disabling oneself,
            // would leave the site with nobody to manage its accounts.
            return Err(StoreError::Forbidden);
        }
        if let Err(p) = role_and_locations_ok(self.conn, role, location_ids) {
            let mut inv = Invalid::new();
            inv.add("location_ids", p);
            return Err(inv.into());
        }
        let locations = if role.sees_all_locations() { &[][..] } else { location_ids };
        if user.role == role && user.location_ids == locations {
            return Ok(RoleChange::Unchanged);
        }
        if !who.role.may_grant_alone(role) {
            self.request_role(who, user_id, role, locations)?;
            return Ok(RoleChange::AwaitingApproval);
        }
        let mut ops = vec![
            Op::set(EntityKind::User, user_id, "role", json!(role.code())),
            Op::set(EntityKind::User, user_id, "location_ids", locations_value(locations)),
        ];
        // A pending grant made before this change is moot now.
        ops.extend(self.withdraw_pending(user_id, None)?);
        let entry = AccountEntry { action: AuditAction::PrivilegeChange, user_id, labels: &["role", "location_ids"] };
        self.apply_as(Some(who), ops, Some(entry))?;
        self.revoke_sessions(user_id)?;
        Ok(RoleChange::Applied)
    }

    /// Ops that withdraw a user's pending requests (of one kind, or all).
    fn withdraw_pending(&self, user_id: &str, kind: Option<&str>) -> Result<Vec<Op>, StoreError> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM role_requests WHERE user_id = ?1 AND status = 'pending' AND (?2 IS NULL OR kind = ?2)
                 ORDER BY id",
            )?
            .query_map(params![user_id, kind], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids.iter().map(|id| Op::set(EntityKind::RoleRequest, id, "status", json!("withdrawn"))).collect())
    }

    fn request_role(
        &mut self,
        who: &Principal,
        user_id: &str,
        role: Role,
        location_ids: &[String],
    ) -> Result<(), StoreError> {
        self.request(who, user_id, "role", role, location_ids, None)
    }

    /// Files a change a national director must approve. One pending request
    /// per user and kind: the newest replaces the others.
    fn request(
        &mut self,
        who: &Principal,
        user_id: &str,
        kind: &str,
        role: Role,
        location_ids: &[String],
        password_hash: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut ops = self.withdraw_pending(user_id, Some(kind))?;
        ops.push(Op::create(
            EntityKind::RoleRequest,
            &new_id(),
            vec![
                ("user_id", json!(user_id)),
                ("kind", json!(kind)),
                ("role", json!(role.code())),
                ("location_ids", json!(location_ids.join(","))),
                ("requested_by", json!(who.user_id)),
                ("status", json!("pending")),
            ],
        ));
        let field = format!("{kind}_requested");
        let entry = AccountEntry { action: AuditAction::PrivilegeChange, user_id, labels: &[field.as_str()] };
        self.apply_as(Some(who), ops, Some(entry))?;
        // The new password waits beside the account, not in the log.
        self.conn.execute(
            "UPDATE user_credentials SET pending_password_hash = ?2 WHERE user_id = ?1",
            params![user_id, password_hash],
        )?;
        Ok(())
    }

    /// The account an administrator acts on, and whether the act needs a
    /// national director: it does when the account reads more than the
    /// administrator may grant alone (a reset or an enable would otherwise
    /// let the administrator into it).
    fn target_of(&self, who: &Principal, user_id: &str) -> Result<(User, bool), StoreError> {
        if !who.role.administers() {
            return Err(StoreError::Forbidden);
        }
        let user = self.user(user_id)?.ok_or(StoreError::NotFound)?;
        let needs_approval = !who.role.may_grant_alone(user.role);
        Ok((user, needs_approval))
    }

    /// A national director approves or refuses a pending request. Approval
    /// applies it: a role and its locations (a new account may then sign
    /// in), a password reset, a second-factor reset or an enable; the user's
    /// sessions end. Nobody decides a request about their own account.
    pub fn decide_role_request(&mut self, who: &Principal, request_id: &str, approve: bool) -> Result<(), StoreError> {
        if !who.role.approves_privileges() {
            return Err(StoreError::Forbidden);
        }
        type Found = (String, String, String, String, Option<String>);
        let found: Option<Found> = self
            .conn
            .query_row(
                "SELECT q.user_id, q.kind, q.role, q.location_ids, c.pending_password_hash
                   FROM role_requests q LEFT JOIN user_credentials c ON c.user_id = q.user_id
                  WHERE q.id = ?1 AND q.status = 'pending'",
                [request_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let Some((user_id, kind, role, locations, hash)) = found else {
            return Err(StoreError::NotFound);
        };
        if user_id == who.user_id {
            return Err(StoreError::Forbidden);
        }
        let status = if approve { "approved" } else { "rejected" };
        let mut ops = vec![
            Op::set(EntityKind::RoleRequest, request_id, "status", json!(status)),
            Op::set(EntityKind::RoleRequest, request_id, "decided_by", json!(who.user_id)),
            Op::set(EntityKind::RoleRequest, request_id, "decided_at", json!(now_millis())),
        ];
        if approve {
            match kind.as_str() {
                "role" => {
                    let role =
                        Role::parse(&role).map_err(|_| StoreError::Integrity("unknown role in a request".into()))?;
                    let locations: Vec<String> =
                        locations.split(',').filter(|l| !l.is_empty()).map(str::to_string).collect();
                    ops.push(Op::set(EntityKind::User, &user_id, "role", json!(role.code())));
                    ops.push(Op::set(EntityKind::User, &user_id, "location_ids", locations_value(&locations)));
                    ops.push(Op::set(EntityKind::User, &user_id, "awaiting_approval", json!(false)));
                    // Any other pending grant is moot now.
                    let others = self.withdraw_pending(&user_id, None)?;
                    ops.extend(others.into_iter().filter(|o| o.entity != request_id));
                }
                "password_reset" => {
                    let hash = hash.ok_or_else(|| StoreError::Integrity("a reset without a password".into()))?;
                    self.conn.execute(
                        "UPDATE user_credentials SET password_hash = ?2, must_change_password = 1,
                                pending_password_hash = NULL WHERE user_id = ?1",
                        params![user_id, hash],
                    )?;
                }
                "second_factor_reset" => {
                    self.conn.execute(
                        "UPDATE user_credentials SET totp_secret = NULL, totp_last_step = NULL WHERE user_id = ?1",
                        [&user_id],
                    )?;
                }
                "enable" => ops.push(Op::set(EntityKind::User, &user_id, "disabled", json!(false))),
                other => return Err(StoreError::Integrity(format!("unknown request kind {other}"))),
            }
            self.revoke_sessions(&user_id)?;
        } else if kind == "password_reset" {
            self.conn
                .execute("UPDATE user_credentials SET pending_password_hash = NULL WHERE user_id = ?1", [&user_id])?;
        }
        let field = format!("{kind}_{}", if approve { "approved" } else { "refused" });
        let entry = AccountEntry { action: AuditAction::PrivilegeChange, user_id: &user_id, labels: &[field.as_str()] };
        self.apply_as(Some(who), ops, Some(entry))
    }

    /// An administrator resets a password: the user's sessions end and the
    /// user must choose a new password at the next sign-in. For an account
    /// that reads people's records it waits for a national director.
    pub fn reset_password(&mut self, who: &Principal, user_id: &str, hash: &str) -> Result<RoleChange, StoreError> {
        hash_present(hash)?;
        let (user, needs_approval) = self.target_of(who, user_id)?;
        if needs_approval {
            self.request(who, user_id, "password_reset", user.role, &[], Some(hash))?;
            return Ok(RoleChange::AwaitingApproval);
        }
        self.conn.execute(
            "UPDATE user_credentials SET password_hash = ?2, must_change_password = 1 WHERE user_id = ?1",
            params![user_id, hash],
        )?;
        self.revoke_sessions(user_id)?;
        self.audit(Some(who), AuditAction::PermissionChange, "user", user_id, &["password_reset"])?;
        Ok(RoleChange::Applied)
    }

    /// An administrator removes a lost second factor (the recovery path):
    /// the user's sessions end and, where the role requires one, the user
    /// enrols a new factor at the next sign-in. For an account that reads
    /// people's records it waits for a national director.
    pub fn reset_second_factor(&mut self, who: &Principal, user_id: &str) -> Result<RoleChange, StoreError> {
        let (user, needs_approval) = self.target_of(who, user_id)?;
        if needs_approval {
            self.request(who, user_id, "second_factor_reset", user.role, &[], None)?;
            return Ok(RoleChange::AwaitingApproval);
        }
        self.conn.execute(
            "UPDATE user_credentials SET totp_secret = NULL, totp_last_step = NULL WHERE user_id = ?1",
            [user_id],
        )?;
        self.revoke_sessions(user_id)?;
        self.audit(Some(who), AuditAction::PermissionChange, "user", user_id, &["second_factor_reset"])?;
        Ok(RoleChange::Applied)
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

    /// Disables or enables a user; disabling ends all their sessions.
    /// Enabling an account that reads people's records waits for a national
    /// director, like granting it.
    pub fn set_disabled(&mut self, who: &Principal, user_id: &str, disabled: bool) -> Result<RoleChange, StoreError> {
        let (user, needs_approval) = self.target_of(who, user_id)?;
        if disabled && who.user_id == user_id {
            // Disabling oneself would leave a site with no administrator.
            return Err(StoreError::Forbidden);
        }
        if !disabled && needs_approval && user.disabled {
            self.request(who, user_id, "enable", user.role, &[], None)?;
            return Ok(RoleChange::AwaitingApproval);
        }
        let set = Op::set(EntityKind::User, user_id, "disabled", json!(disabled));
        let entry = AccountEntry { action: AuditAction::PermissionChange, user_id, labels: &["disabled"] };
        self.apply_as(Some(who), vec![set], Some(entry))?;
        if disabled {
            self.revoke_sessions(user_id)?;
        }
        Ok(RoleChange::Applied)
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

/// What became of a change to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChange {
    /// Applied at once.
    Applied,
    /// Waiting for a national director.
    AwaitingApproval,
    /// The user already had that role and those locations.
    Unchanged,
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

/// A role's locations must exist, and a role bound to locations needs one.
fn role_and_locations_ok(c: &rusqlite::Connection, role: Role, location_ids: &[String]) -> Result<(), Problem> {
    for l in location_ids {
        let ok: bool = c
            .query_row("SELECT EXISTS(SELECT 1 FROM locations WHERE id = ?1)", [l], |r| r.get(0))
            .map_err(|_| Problem::Unknown)?;
        if !ok {
            return Err(Problem::Unknown);
        }
    }
    if location_ids.is_empty() && !role.sees_all_locations() {
        return Err(Problem::Required);
    }
    Ok(())
}

/// An account's locations as its field holds them: sorted, each once.
fn locations_value(location_ids: &[String]) -> Value {
    let mut ids = location_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    json!(ids)
}

impl Store {
    /// Grants waiting for approval: national directors (who decide them)
    /// and administrators (who asked) see them.
    pub fn role_requests(&self, who: &Principal) -> Result<Vec<RoleRequest>, StoreError> {
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

    /// A user by login name (case-insensitive).
    pub fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        self.read(|c| Ok(c.prepare_cached(USER_BY_NAME)?.query_row([username.trim()], read_user).optional()?))
    }

    /// A user by id.
    pub fn user(&self, id: &str) -> Result<Option<User>, StoreError> {
        self.read(|c| Ok(c.prepare_cached(USER_BY_ID)?.query_row([id], read_user).optional()?))
    }

    /// Every user (administrators only).
    pub fn users(&self, who: &Principal) -> Result<Vec<User>, StoreError> {
        if !who.role.administers() {
            return Err(StoreError::Forbidden);
        }
        self.read(|c| {
            let mut st = c.prepare_cached(ALL_USERS)?;
            let rows = st.query_map([], read_user)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Whether any user exists yet.
    pub fn has_users(&self) -> Result<bool, StoreError> {
        self.read(|c| Ok(c.query_row("SELECT EXISTS(SELECT 1 FROM users)", [], |r| r.get(0))?))
    }
}
