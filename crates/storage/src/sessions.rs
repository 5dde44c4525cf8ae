//! Server-side sessions (browser) and API tokens. Only a hash of the token
//! is stored; the token itself exists only in the client's cookie or header.

use crate::writer::Tx;
use crate::{Millis, Principal, Store, StoreError};
use rusqlite::{OptionalExtension, params};

/// A browser session or an API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// A browser session (cookie).
    Web,
    /// An API bearer token.
    Api,
}

impl SessionKind {
    fn code(self) -> &'static str {
        match self {
            SessionKind::Web => "web",
            SessionKind::Api => "api",
        }
    }
}

/// A live session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Hash of the token.
    pub token_hash: String,
    /// The user.
    pub user_id: String,
    /// Web or API.
    pub kind: SessionKind,
    /// The form token of this session.
    pub csrf_token: String,
    /// Whether the second factor was given (or is not needed).
    pub second_factor_done: bool,
    /// A second-factor secret being enrolled, shown until confirmed.
    pub pending_totp: Option<String>,
    /// Created.
    pub created_at: Millis,
    /// Last request.
    pub last_seen_at: Millis,
    /// When the user last proved who they are in this session (signing in
    /// counts): sensitive actions need this to be recent.
    pub reauth_at: Millis,
}

impl Tx<'_> {
    /// Starts a session.
    pub fn create_session(
        &mut self,
        token_hash: &str,
        user_id: &str,
        kind: SessionKind,
        csrf_token: &str,
        second_factor_done: bool,
        now: Millis,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO sessions (token_hash, user_id, kind, csrf_token, second_factor_done, created_at, last_seen_at, reauth_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6)",
            params![token_hash, user_id, kind.code(), csrf_token, second_factor_done, now],
        )?;
        Ok(())
    }

    /// Keeps a second-factor secret being enrolled with the session.
    pub fn set_pending_totp(&mut self, token_hash: &str, secret: Option<&str>) -> Result<(), StoreError> {
        self.conn
            .execute("UPDATE sessions SET pending_totp = ?2 WHERE token_hash = ?1", params![token_hash, secret])?;
        Ok(())
    }

    /// Records that the user proved again who they are.
    pub fn mark_reauthenticated(&mut self, token_hash: &str, at: Millis) -> Result<(), StoreError> {
        self.conn.execute("UPDATE sessions SET reauth_at = ?2 WHERE token_hash = ?1", params![token_hash, at])?;
        Ok(())
    }

    /// Marks the second factor as given.
    pub fn complete_second_factor(&mut self, token_hash: &str) -> Result<(), StoreError> {
        self.conn.execute("UPDATE sessions SET second_factor_done = 1 WHERE token_hash = ?1", [token_hash])?;
        Ok(())
    }

    /// Ends one session.
    pub fn end_session(&mut self, token_hash: &str) -> Result<(), StoreError> {
        self.conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
        Ok(())
    }

    /// Records activity.
    pub fn touch_session(&mut self, token_hash: &str, at: Millis) -> Result<(), StoreError> {
        self.conn.execute("UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1", params![token_hash, at])?;
        Ok(())
    }

    /// Removes sessions idle since before `idle_before` or created before
    /// `created_before`.
    pub fn purge_sessions(&mut self, idle_before: Millis, created_before: Millis) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "DELETE FROM sessions WHERE last_seen_at < ?1 OR created_at < ?2",
            params![idle_before, created_before],
        )?)
    }
}

/// Sign-in state (sessions are not ops: they hold no rule and never sync).
pub trait SessionReads {
    /// The session with this token hash, if it exists.
    fn session(&self, token_hash: &str) -> Result<Option<Session>, StoreError>;
}

impl SessionReads for Store {
    fn session(&self, token_hash: &str) -> Result<Option<Session>, StoreError> {
        self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT token_hash, user_id, kind, csrf_token, second_factor_done, created_at, last_seen_at, pending_totp, reauth_at
                 FROM sessions WHERE token_hash = ?1",
            )?
            .query_row([token_hash], |r| {
                let kind: String = r.get(2)?;
                Ok(Session {
                    token_hash: r.get(0)?,
                    user_id: r.get(1)?,
                    kind: if kind == "api" { SessionKind::Api } else { SessionKind::Web },
                    csrf_token: r.get(3)?,
                    second_factor_done: r.get(4)?,
                    created_at: r.get(5)?,
                    last_seen_at: r.get(6)?,
                    pending_totp: r.get(7)?,
                    reauth_at: r.get(8)?,
                })
            })
            .optional()?)
        })
    }
}

/// Sign-in state written: sessions started and ended, each with its audit
/// entry in the same write, second-factor steps, re-authentication.
pub trait SessionWrites {
    /// A session started for an account that proved who it is, audited as
    /// its sign-in (`login`, by the account itself: there is no principal
    /// yet).
    #[allow(clippy::too_many_arguments)]
    fn start_session(
        &self,
        token_hash: &str,
        user_id: &str,
        username: &str,
        role: &str,
        kind: SessionKind,
        csrf_token: &str,
        second_factor_done: bool,
        now: Millis,
    ) -> Result<(), StoreError>;
    /// Keeps a second-factor secret being enrolled with the session.
    fn set_pending_totp(&self, token_hash: &str, secret: Option<String>) -> Result<(), StoreError>;
    /// Notes when the session's user last proved who they are.
    fn mark_reauthenticated(&self, token_hash: &str, at: Millis) -> Result<(), StoreError>;
    /// The same, when the user has just typed their password again:
    /// audited as `reauthenticate`.
    fn reauthenticated(&self, who: &Principal, token_hash: &str, at: Millis) -> Result<(), StoreError>;
    /// The session's second factor is done.
    fn complete_second_factor(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Ends a session (expired, or an API token given back).
    fn end_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Ends a session its user signs out of, audited as `logout`.
    fn sign_out(&self, who: &Principal, token_hash: &str) -> Result<(), StoreError>;
    /// Notes the session's last request.
    fn touch_session(&self, token_hash: &str, at: Millis) -> Result<(), StoreError>;
}

impl SessionWrites for Store {
    fn start_session(
        &self,
        token_hash: &str,
        user_id: &str,
        username: &str,
        role: &str,
        kind: SessionKind,
        csrf_token: &str,
        second_factor_done: bool,
        now: Millis,
    ) -> Result<(), StoreError> {
        let (hash, uid, uname, role, csrf) = (
            token_hash.to_string(),
            user_id.to_string(),
            username.to_string(),
            role.to_string(),
            csrf_token.to_string(),
        );
        self.write(move |tx| {
            tx.create_session(&hash, &uid, kind, &csrf, second_factor_done, now)?;
            let channel = if kind == SessionKind::Api { "api" } else { "web" };
            tx.audit_as(Some(&uid), &uname, &role, crate::AuditAction::Login, "session", "", &[channel])
        })
    }
    fn set_pending_totp(&self, token_hash: &str, secret: Option<String>) -> Result<(), StoreError> {
        let hash = token_hash.to_string();
        self.write(move |tx| tx.set_pending_totp(&hash, secret.as_deref()))
    }
    fn mark_reauthenticated(&self, token_hash: &str, at: Millis) -> Result<(), StoreError> {
        let hash = token_hash.to_string();
        self.write(move |tx| tx.mark_reauthenticated(&hash, at))
    }
    fn reauthenticated(&self, who: &Principal, token_hash: &str, at: Millis) -> Result<(), StoreError> {
        let (who, hash) = (who.clone(), token_hash.to_string());
        self.write(move |tx| {
            tx.mark_reauthenticated(&hash, at)?;
            tx.audit(Some(&who), crate::AuditAction::Reauthenticate, "session", "", &[])
        })
    }
    fn complete_second_factor(&self, token_hash: &str) -> Result<(), StoreError> {
        let hash = token_hash.to_string();
        self.write(move |tx| tx.complete_second_factor(&hash))
    }
    fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let hash = token_hash.to_string();
        self.write(move |tx| tx.end_session(&hash))
    }
    fn sign_out(&self, who: &Principal, token_hash: &str) -> Result<(), StoreError> {
        let (who, hash) = (who.clone(), token_hash.to_string());
        self.write(move |tx| {
            tx.end_session(&hash)?;
            tx.audit(Some(&who), crate::AuditAction::Logout, "session", "", &[])
        })
    }
    fn touch_session(&self, token_hash: &str, at: Millis) -> Result<(), StoreError> {
        let hash = token_hash.to_string();
        self.write(move |tx| tx.touch_session(&hash, at))
    }
}
