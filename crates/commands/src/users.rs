//! Accounts, and the two-person rule: an administrator grants alone only
//! what the administrator may read (`Role::may_grant_alone`); anything
//! more becomes a request (`role_request`) that only a national director
//! decides — and so do a password or second-factor reset and the
//! re-enabling of such an account ([`target_of`]), which would otherwise
//! let an administrator into it. Nobody decides a request about their own
//! account, gives up their own administration or disables themselves.
//!
//! Accounts and requests are entities of the change log. Credentials — a
//! password hash, a reset's hash waiting for approval, the second factor
//! — are never in it (the log keeps every value forever and travels to
//! other sites): a command hands them to the backend's own credential
//! writes ([`UsersTx`]) without putting them in an op, and approving a
//! waiting reset asks the backend to adopt the hash it holds, so that
//! hash never comes back out.

use crate::{Author, CommandError, Op, WriteTx, new_id};
use dugu_domain::{EntityKind, Invalid, Problem, Role};
use serde_json::{Value, json};

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Argon2id PHC string (hashed by the caller); goes to the backend's
    /// credentials, never into an op.
    pub password_hash: String,
    /// `fr` or `en`.
    pub language: String,
    /// Assigned locations.
    pub location_ids: Vec<String>,
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

/// What the account commands need to know of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountFacts {
    /// Its role.
    pub role: Role,
    /// Its locations, sorted.
    pub location_ids: Vec<String>,
    /// Whether it is disabled.
    pub disabled: bool,
}

/// A request still waiting for a national director.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFacts {
    /// The account it is for.
    pub user_id: String,
    /// `role`, `password_reset`, `second_factor_reset` or `enable`.
    pub kind: String,
    /// The role's code, as filed.
    pub role: String,
    /// The locations requested, comma-separated as filed.
    pub location_ids: String,
}

/// Which audit action a change to an account is recorded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountAudit {
    /// A change of what an account may do day to day (created, disabled,
    /// a password reset).
    Permission,
    /// A grant, a request for one, or its decision.
    Privilege,
}

/// The facts the account commands read, and the writes they ask for
/// beside ops: credentials and sessions, which a backend keeps to itself.
pub trait UsersTx: WriteTx {
    /// An account, if it exists.
    fn account(&self, user_id: &str) -> Result<Option<AccountFacts>, CommandError>;
    /// Whether an account already has this login name.
    fn username_taken(&self, username: &str) -> Result<bool, CommandError>;
    /// The ids of the account's pending requests (of one kind, or all).
    fn pending_requests(&self, user_id: &str, kind: Option<&str>) -> Result<Vec<String>, CommandError>;
    /// A request, if it is still pending.
    fn pending_request(&self, request_id: &str) -> Result<Option<RequestFacts>, CommandError>;
    /// Applies `ops` about the account `user_id` with one audit entry that
    /// says what was done (`labels`), instead of one per entity.
    fn apply_to_account(
        &mut self,
        who: Option<&Self::Author>,
        ops: Vec<Op>,
        audit: AccountAudit,
        user_id: &str,
        labels: &[&str],
    ) -> Result<(), CommandError>;
    /// Audits a change to an account that writes no op (its credentials).
    fn audit_account(
        &mut self,
        who: &Self::Author,
        audit: AccountAudit,
        user_id: &str,
        label: &str,
    ) -> Result<(), CommandError>;
    /// A new account's credentials and own settings.
    fn add_credentials(
        &mut self,
        user_id: &str,
        password_hash: &str,
        language: &str,
        must_change_password: bool,
    ) -> Result<(), CommandError>;
    /// Replaces the password hash; `must_change_password`: the holder
    /// must choose a new one at the next sign-in.
    fn replace_password(
        &mut self,
        user_id: &str,
        password_hash: &str,
        must_change_password: bool,
    ) -> Result<(), CommandError>;
    /// Holds a reset's hash until it is decided (`None`: holds none).
    fn hold_password(&mut self, user_id: &str, password_hash: Option<&str>) -> Result<(), CommandError>;
    /// Makes the held hash the password (the holder must change it) and
    /// holds none; `false` if none was held.
    fn adopt_held_password(&mut self, user_id: &str) -> Result<bool, CommandError>;
    /// Removes the second factor.
    fn clear_second_factor(&mut self, user_id: &str) -> Result<(), CommandError>;
    /// Ends every session and API token of the account, so a change to
    /// what it may do holds from its next request.
    fn end_sessions(&mut self, user_id: &str) -> Result<(), CommandError>;
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

/// A role's locations must exist, and a role bound to locations needs one.
fn role_and_locations<T: WriteTx + ?Sized>(
    tx: &T,
    role: Role,
    location_ids: &[String],
) -> Result<Option<Problem>, CommandError> {
    for l in location_ids {
        if !tx.location_exists(l)? {
            return Ok(Some(Problem::Unknown));
        }
    }
    Ok((location_ids.is_empty() && !role.sees_all_locations()).then_some(Problem::Required))
}

/// An account's locations as its field holds them: sorted, each once.
fn locations_value(location_ids: &[String]) -> Value {
    let mut ids = location_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    json!(ids)
}

/// Creates an account (an administrator, or the system — `None` — at
/// first start); its id. A role the administrator may not grant alone
/// makes an account that waits for a national director (it cannot sign
/// in until then). An account an administrator makes starts with a
/// password the administrator knows: its holder must replace it.
pub fn create_user<T: UsersTx + ?Sized>(
    tx: &mut T,
    who: Option<&T::Author>,
    u: &NewUser,
) -> Result<String, CommandError> {
    if who.is_some_and(|p| !p.role().administers()) {
        return Err(CommandError::Forbidden);
    }
    let mut inv = Invalid::new();
    if let Some(p) = role_and_locations(tx, u.role, &u.location_ids)? {
        inv.add("location_ids", p);
    }
    let username = inv.check("username", parse_username(&u.username));
    let display = inv.check(
        "display_name",
        dugu_domain::person::optional_text(&u.display_name).and_then(|d| d.ok_or(Problem::Required)),
    );
    if let Some(name) = &username
        && tx.username_taken(name)?
    {
        inv.add("username", Problem::Taken);
    }
    if !matches!(u.language.as_str(), "fr" | "en") {
        inv.add("language", Problem::NotAllowed);
    }
    inv.clone().into_result()?;
    let (Some(username), Some(display)) = (username, display) else {
        return Err(inv.into());
    };
    let id = new_id();
    let awaiting = who.is_some_and(|p| !p.role().may_grant_alone(u.role));
    let create = Op::create(
        EntityKind::User,
        &id,
        vec![
            ("username", json!(username)),
            ("display_name", json!(display)),
            ("role", json!(u.role.code())),
            ("disabled", json!(false)),
            ("awaiting_approval", json!(awaiting)),
            ("location_ids", locations_value(&u.location_ids)),
        ],
    );
    tx.apply_to_account(who, vec![create], AccountAudit::Permission, &id, &["username", "role", "location_ids"])?;
    tx.add_credentials(&id, &u.password_hash, &u.language, who.is_some())?;
    if let (true, Some(p)) = (awaiting, who) {
        request(tx, p, &id, "role", u.role, &u.location_ids, None)?;
    }
    Ok(id)
}

/// Changes an account's role and locations. What the administrator may
/// grant alone is applied at once (and ends the account's sessions, so
/// the new scope holds from its next request); anything more becomes a
/// request a national director decides.
pub fn change_role<T: UsersTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    user_id: &str,
    role: Role,
    location_ids: &[String],
) -> Result<RoleChange, CommandError> {
    if !who.role().administers() {
        return Err(CommandError::Forbidden);
    }
    let user = tx.account(user_id)?.ok_or(CommandError::NotFound)?;
    if who.user_id() == user_id {
        // Nobody changes their own role or places: giving up one's own
        // administration, like disabling oneself, would leave the site
        // with nobody to manage its accounts, and granting oneself more
        // is what the two-person rule is for.
        return Err(CommandError::Forbidden);
    }
    if let Some(p) = role_and_locations(tx, role, location_ids)? {
        let mut inv = Invalid::new();
        inv.add("location_ids", p);
        return Err(inv.into());
    }
    let locations = if role.sees_all_locations() { &[][..] } else { location_ids };
    if user.role == role && user.location_ids == locations {
        return Ok(RoleChange::Unchanged);
    }
    if !who.role().may_grant_alone(role) {
        request(tx, who, user_id, "role", role, locations, None)?;
        return Ok(RoleChange::AwaitingApproval);
    }
    let mut ops = vec![
        Op::set(EntityKind::User, user_id, "role", json!(role.code())),
        Op::set(EntityKind::User, user_id, "location_ids", locations_value(locations)),
    ];
    // A pending grant made before this change is moot now.
    ops.extend(withdraw_pending(tx, user_id, None)?);
    tx.apply_to_account(Some(who), ops, AccountAudit::Privilege, user_id, &["role", "location_ids"])?;
    tx.end_sessions(user_id)?;
    Ok(RoleChange::Applied)
}

/// Ops that withdraw an account's pending requests (of one kind, or all).
fn withdraw_pending<T: UsersTx + ?Sized>(tx: &T, user_id: &str, kind: Option<&str>) -> Result<Vec<Op>, CommandError> {
    let ids = tx.pending_requests(user_id, kind)?;
    Ok(ids.iter().map(|id| Op::set(EntityKind::RoleRequest, id, "status", json!("withdrawn"))).collect())
}

/// Files a change a national director must approve. One pending request
/// per account and kind: the newest replaces the others. A reset's new
/// password waits beside the account, held by the backend, not in the log.
fn request<T: UsersTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    user_id: &str,
    kind: &str,
    role: Role,
    location_ids: &[String],
    password_hash: Option<&str>,
) -> Result<(), CommandError> {
    let mut ops = withdraw_pending(tx, user_id, Some(kind))?;
    ops.push(Op::create(
        EntityKind::RoleRequest,
        &new_id(),
        vec![
            ("user_id", json!(user_id)),
            ("kind", json!(kind)),
            ("role", json!(role.code())),
            ("location_ids", json!(location_ids.join(","))),
            ("requested_by", json!(who.user_id())),
            ("status", json!("pending")),
        ],
    ));
    let label = format!("{kind}_requested");
    tx.apply_to_account(Some(who), ops, AccountAudit::Privilege, user_id, &[label.as_str()])?;
    tx.hold_password(user_id, password_hash)
}

/// The account an administrator acts on, and whether the act needs a
/// national director: it does when the account reads more than the
/// administrator may grant alone (a reset or an enable would otherwise
/// let the administrator into it).
pub fn target_of<T: UsersTx + ?Sized>(
    tx: &T,
    who: &T::Author,
    user_id: &str,
) -> Result<(AccountFacts, bool), CommandError> {
    if !who.role().administers() {
        return Err(CommandError::Forbidden);
    }
    let user = tx.account(user_id)?.ok_or(CommandError::NotFound)?;
    let needs_approval = !who.role().may_grant_alone(user.role);
    Ok((user, needs_approval))
}

/// A national director approves or refuses a pending request (`now`: ms
/// since the epoch, when it was decided). Approval applies it — a role
/// and its locations (a new account may then sign in), a password reset
/// (the held hash), a second-factor reset or an enable — and ends the
/// account's sessions. Nobody decides a request about their own account.
pub fn decide_role_request<T: UsersTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    request_id: &str,
    approve: bool,
    now: i64,
) -> Result<(), CommandError> {
    if !who.role().approves_privileges() {
        return Err(CommandError::Forbidden);
    }
    let q = tx.pending_request(request_id)?.ok_or(CommandError::NotFound)?;
    if q.user_id == who.user_id() {
        return Err(CommandError::Forbidden);
    }
    let status = if approve { "approved" } else { "rejected" };
    let mut ops = vec![
        Op::set(EntityKind::RoleRequest, request_id, "status", json!(status)),
        Op::set(EntityKind::RoleRequest, request_id, "decided_by", json!(who.user_id())),
        Op::set(EntityKind::RoleRequest, request_id, "decided_at", json!(now)),
    ];
    let user_id = q.user_id.as_str();
    if approve {
        match q.kind.as_str() {
            "role" => {
                let role =
                    Role::parse(&q.role).map_err(|_| CommandError::Backend("unknown role in a request".into()))?;
                let locations: Vec<String> =
                    q.location_ids.split(',').filter(|l| !l.is_empty()).map(str::to_string).collect();
                ops.push(Op::set(EntityKind::User, user_id, "role", json!(role.code())));
                ops.push(Op::set(EntityKind::User, user_id, "location_ids", locations_value(&locations)));
                ops.push(Op::set(EntityKind::User, user_id, "awaiting_approval", json!(false)));
                // Any other pending grant is moot now.
                let others = withdraw_pending(tx, user_id, None)?;
                ops.extend(others.into_iter().filter(|o| o.entity != request_id));
            }
            "password_reset" => {
                if !tx.adopt_held_password(user_id)? {
                    return Err(CommandError::Backend("a reset without a password".into()));
                }
            }
            "second_factor_reset" => tx.clear_second_factor(user_id)?,
            "enable" => ops.push(Op::set(EntityKind::User, user_id, "disabled", json!(false))),
            other => return Err(CommandError::Backend(format!("unknown request kind {other}").into())),
        }
        tx.end_sessions(user_id)?;
    } else if q.kind == "password_reset" {
        tx.hold_password(user_id, None)?;
    }
    let label = format!("{}_{}", q.kind, if approve { "approved" } else { "refused" });
    tx.apply_to_account(Some(who), ops, AccountAudit::Privilege, user_id, &[label.as_str()])
}

/// An administrator resets a password to `password_hash`: the account's
/// sessions end and its holder must choose a new password at the next
/// sign-in. For an account that reads more than the administrator may
/// grant alone it waits for a national director.
pub fn reset_password<T: UsersTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    user_id: &str,
    password_hash: &str,
) -> Result<RoleChange, CommandError> {
    let (user, needs_approval) = target_of(tx, who, user_id)?;
    if needs_approval {
        request(tx, who, user_id, "password_reset", user.role, &[], Some(password_hash))?;
        return Ok(RoleChange::AwaitingApproval);
    }
    tx.replace_password(user_id, password_hash, true)?;
    tx.end_sessions(user_id)?;
    tx.audit_account(who, AccountAudit::Permission, user_id, "password_reset")?;
    Ok(RoleChange::Applied)
}

/// An administrator removes a lost second factor (the recovery path): the
/// account's sessions end and, where the role requires one, its holder
/// enrols a new factor at the next sign-in. Waits for a national director
/// as [`reset_password`] does.
pub fn reset_second_factor<T: UsersTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    user_id: &str,
) -> Result<RoleChange, CommandError> {
    let (user, needs_approval) = target_of(tx, who, user_id)?;
    if needs_approval {
        request(tx, who, user_id, "second_factor_reset", user.role, &[], None)?;
        return Ok(RoleChange::AwaitingApproval);
    }
    tx.clear_second_factor(user_id)?;
    tx.end_sessions(user_id)?;
    tx.audit_account(who, AccountAudit::Permission, user_id, "second_factor_reset")?;
    Ok(RoleChange::Applied)
}

/// Disables or enables an account; disabling ends all its sessions.
/// Enabling an account that reads more than the administrator may grant
/// alone waits for a national director, like granting it.
pub fn set_disabled<T: UsersTx + ?Sized>(
    tx: &mut T,
    who: &T::Author,
    user_id: &str,
    disabled: bool,
) -> Result<RoleChange, CommandError> {
    let (user, needs_approval) = target_of(tx, who, user_id)?;
    if disabled && who.user_id() == user_id {
        // Disabling oneself would leave a site with no administrator.
        return Err(CommandError::Forbidden);
    }
    if !disabled && needs_approval && user.disabled {
        request(tx, who, user_id, "enable", user.role, &[], None)?;
        return Ok(RoleChange::AwaitingApproval);
    }
    let set = Op::set(EntityKind::User, user_id, "disabled", json!(disabled));
    tx.apply_to_account(Some(who), vec![set], AccountAudit::Permission, user_id, &["disabled"])?;
    if disabled {
        tx.end_sessions(user_id)?;
    }
    Ok(RoleChange::Applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Change;
    use crate::testing::{Fake, author};

    fn account(role: Role, disabled: bool) -> AccountFacts {
        AccountFacts { role, location_ids: vec!["kita".into()], disabled }
    }

    fn with_accounts() -> Fake {
        Fake {
            accounts: vec![
                ("worker".into(), account(Role::SocialWorker, false)),
                ("gone".into(), account(Role::SocialWorker, true)),
                ("giver".into(), account(Role::Fundraiser, false)),
                ("author".into(), account(Role::Administrator, false)),
            ],
            ..Fake::default()
        }
    }

    /// Whether any op writes `field` of an account.
    fn sets_user(tx: &Fake, field: &str) -> bool {
        tx.applied.iter().any(|o| o.kind == EntityKind::User && matches!(&o.change, Change::Set(f, _) if *f == field))
    }

    fn no_op_holds(tx: &Fake, secret: &str) -> bool {
        !tx.applied.iter().any(|o| format!("{:?}", o.change).contains(secret))
    }

    #[test]
    fn an_administrator_granting_national_director_alone_files_a_request() {
        let mut tx = with_accounts();
        let admin = author(Role::Administrator, "kita");
        let r = change_role(&mut tx, &admin, "giver", Role::NationalDirector, &[]).expect("filed");
        assert_eq!(r, RoleChange::AwaitingApproval);
        assert!(!sets_user(&tx, "role"));
        let filed = tx.applied.iter().find(|o| o.kind == EntityKind::RoleRequest).expect("a request");
        let Change::Create(fields) = &filed.change else { panic!("a creation") };
        assert!(fields.contains(&("role", json!("national_director"))));
        assert!(!tx.credentials.contains(&"ended giver".to_string()));
    }

    #[test]
    fn what_an_administrator_may_grant_alone_is_applied_and_ends_sessions() {
        let mut tx = with_accounts();
        let admin = author(Role::Administrator, "kita");
        let r = change_role(&mut tx, &admin, "giver", Role::Administrator, &[]).expect("granted");
        assert_eq!(r, RoleChange::Applied);
        assert!(sets_user(&tx, "role"));
        assert!(tx.credentials.contains(&"ended giver".to_string()));
        let r = change_role(&mut tx, &author(Role::NationalDirector, "kita"), "giver", Role::Fundraiser, &[]);
        assert!(matches!(r, Err(CommandError::Forbidden)), "only administrators change roles");
        let r = change_role(&mut tx, &admin, "author", Role::Fundraiser, &[]);
        assert!(matches!(r, Err(CommandError::Forbidden)), "nobody gives up their own administration");
    }

    #[test]
    fn a_reset_of_an_account_reading_records_waits_and_its_hash_stays_out_of_the_log() {
        let mut tx = with_accounts();
        let admin = author(Role::Administrator, "kita");
        let r = reset_password(&mut tx, &admin, "worker", "$argon2id$secret").expect("filed");
        assert_eq!(r, RoleChange::AwaitingApproval);
        assert!(tx.credentials.contains(&"held worker $argon2id$secret".to_string()));
        assert!(!tx.credentials.iter().any(|c| c.starts_with("replaced")));
        assert!(no_op_holds(&tx, "secret"));
        // An account the administrator may grant alone is reset at once.
        let r = reset_password(&mut tx, &admin, "giver", "$argon2id$other").expect("reset");
        assert_eq!(r, RoleChange::Applied);
        assert!(tx.credentials.contains(&"replaced giver $argon2id$other true".to_string()));
        assert!(no_op_holds(&tx, "other"));
        let r = reset_second_factor(&mut tx, &admin, "worker").expect("filed");
        assert_eq!(r, RoleChange::AwaitingApproval);
        assert!(!tx.credentials.contains(&"cleared worker".to_string()));
    }

    #[test]
    fn only_a_national_director_decides_and_never_about_their_own_account() {
        let reset = RequestFacts {
            user_id: "worker".into(),
            kind: "password_reset".into(),
            role: "social_worker".into(),
            location_ids: String::new(),
        };
        let mut tx = Fake { requests: vec![("q".into(), reset.clone())], ..with_accounts() };
        let admin = author(Role::Administrator, "kita");
        assert!(matches!(decide_role_request(&mut tx, &admin, "q", true, 1), Err(CommandError::Forbidden)));
        let director = author(Role::NationalDirector, "kita");
        assert!(matches!(decide_role_request(&mut tx, &director, "none", true, 1), Err(CommandError::NotFound)));
        decide_role_request(&mut tx, &director, "q", true, 1).expect("approved");
        assert_eq!(tx.credentials, ["adopted worker", "ended worker"]);
        let own = RequestFacts { user_id: "author".into(), ..reset };
        let mut tx = Fake { requests: vec![("q".into(), own)], ..with_accounts() };
        assert!(matches!(decide_role_request(&mut tx, &director, "q", true, 1), Err(CommandError::Forbidden)));
    }

    #[test]
    fn re_enabling_an_account_reading_records_waits_and_nobody_disables_themselves() {
        let mut tx = with_accounts();
        let admin = author(Role::Administrator, "kita");
        assert_eq!(set_disabled(&mut tx, &admin, "gone", false).expect("filed"), RoleChange::AwaitingApproval);
        assert!(!sets_user(&tx, "disabled"));
        assert!(matches!(set_disabled(&mut tx, &admin, "author", true), Err(CommandError::Forbidden)));
        assert_eq!(set_disabled(&mut tx, &admin, "worker", true).expect("disabled"), RoleChange::Applied);
        assert!(sets_user(&tx, "disabled"));
        assert!(tx.credentials.contains(&"ended worker".to_string()));
    }

    #[test]
    fn an_account_made_by_an_administrator_beyond_their_reach_waits_for_approval() {
        let new = NewUser {
            username: "awa.diarra".into(),
            display_name: "Awa Diarra".into(),
            role: Role::Nurse,
            password_hash: "$argon2id$first".into(),
            language: "fr".into(),
            location_ids: vec!["kita".into()],
        };
        let mut tx = Fake::default();
        let admin = author(Role::Administrator, "kita");
        let id = create_user(&mut tx, Some(&admin), &new).expect("made");
        let Change::Create(fields) = &tx.applied[0].change else { panic!("a creation") };
        assert!(fields.contains(&("awaiting_approval", json!(true))));
        assert!(tx.applied.iter().any(|o| o.kind == EntityKind::RoleRequest));
        assert_eq!(tx.credentials[0], format!("added {id} $argon2id$first true"));
        assert!(no_op_holds(&tx, "first"));
        // The system at first start grants anything, and sets the password.
        let mut tx = Fake::default();
        let id = create_user::<Fake>(&mut tx, None, &new).expect("made");
        assert_eq!(tx.applied.len(), 1);
        assert_eq!(tx.credentials, [format!("added {id} $argon2id$first false")]);
        let taken = NewUser { username: "taken".into(), location_ids: Vec::new(), ..new };
        let Err(CommandError::Invalid(inv)) = create_user(&mut tx, Some(&admin), &taken) else { panic!("refused") };
        assert_eq!(inv.of("username"), Some(Problem::Taken));
        assert_eq!(inv.of("location_ids"), Some(Problem::Required));
        let nurse = author(Role::Nurse, "kita");
        assert!(matches!(create_user(&mut tx, Some(&nurse), &taken), Err(CommandError::Forbidden)));
    }
}
