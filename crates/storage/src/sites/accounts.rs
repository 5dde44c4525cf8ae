//! Accounts at a site: the credentials the hub sends (a list of its own,
//! never ops) replace what the site holds, so a password changed on the
//! hub works at the site after its next sync, and an account the hub no
//! longer lists — disabled, or whose locations left the site's scope —
//! can no longer sign in there.

use crate::writer::Tx;
use crate::{AuditAction, Store, StoreError};
use dugu_sync::wire::Credential;
use rusqlite::{OptionalExtension, params};
use std::collections::BTreeSet;

/// What a credentials refresh changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CredentialsRefreshed {
    /// Accounts whose password (or settings) came new or changed.
    pub changed: u64,
    /// Accounts whose credentials were dropped: no longer listed.
    pub dropped: u64,
    /// Sessions ended (of accounts changed or dropped).
    pub sessions_ended: u64,
    /// Listed accounts this site does not hold (yet): their credentials
    /// wait for the account's own ops, so the list is asked again.
    pub not_held: u64,
}

impl Store {
    /// Applies the credentials list a site pulled from its hub
    /// ([`Store::credentials_for_site`] there), in one transaction: each
    /// listed account this site holds gets the hub's hash, "must change"
    /// and language; the credentials of accounts not listed are dropped;
    /// the sessions of accounts whose password changed or was dropped end.
    /// One system audit entry per account changed or dropped (its id, no
    /// value). The sync round calls it after its pulls, so the accounts
    /// the pulled ops created are there to be given a password. `digest`
    /// names the list as received; it is kept only if every listed
    /// account was filed, so a list taken too early is asked again.
    pub fn refresh_credentials(
        &self,
        list: Vec<Credential>,
        digest: Option<String>,
    ) -> Result<CredentialsRefreshed, StoreError> {
        self.write(move |tx| {
            let done = tx.refresh_credentials(&list)?;
            let kept = if done.not_held == 0 { digest } else { None };
            tx.conn.prepare_cached("UPDATE hub_link SET credentials_digest = ?1")?.execute([kept])?;
            Ok(done)
        })
    }

    /// What names the credentials this site last took whole from its hub
    /// (`None` if never, or not every account could be filed).
    pub fn credentials_digest(&self) -> Result<Option<String>, StoreError> {
        self.read(|c| {
            Ok(c.prepare_cached("SELECT credentials_digest FROM hub_link")?
                .query_row([], |r| r.get(0))
                .optional()?
                .flatten())
        })
    }
}

impl Tx<'_> {
    /// See [`Store::refresh_credentials`].
    pub(crate) fn refresh_credentials(&mut self, list: &[Credential]) -> Result<CredentialsRefreshed, StoreError> {
        let site: bool =
            self.conn.prepare_cached("SELECT EXISTS(SELECT 1 FROM hub_link)")?.query_row([], |r| r.get(0))?;
        if !site {
            return Err(StoreError::Integrity(
                "credentials from a hub were given to a database that is not a site".into(),
            ));
        }
        let mut done = CredentialsRefreshed::default();
        let mut listed = BTreeSet::new();
        for c in list {
            listed.insert(c.user_id.as_str());
            let held: bool = self
                .conn
                .prepare_cached("SELECT EXISTS(SELECT 1 FROM users WHERE id = ?1)")?
                .query_row([&c.user_id], |r| r.get(0))?;
            if !held {
                done.not_held += 1;
                continue;
            }
            let had: Option<(String, bool, String)> = self
                .conn
                .prepare_cached(
                    "SELECT password_hash, must_change_password, language FROM user_credentials WHERE user_id = ?1",
                )?
                .query_row([&c.user_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            let new = (c.password_hash.clone(), c.must_change_password, c.language.clone());
            if had.as_ref() == Some(&new) {
                continue;
            }
            self.conn
                .prepare_cached(
                    "INSERT INTO user_credentials (user_id, password_hash, must_change_password, language)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash,
                        must_change_password = excluded.must_change_password, language = excluded.language",
                )?
                .execute(params![c.user_id, c.password_hash, c.must_change_password, c.language])?;
            if had.is_some_and(|(hash, _, _)| hash != c.password_hash) {
                done.sessions_ended += self.end_sessions_of(&c.user_id)?;
            }
            self.audit(None, AuditAction::PermissionChange, "user", &c.user_id, &["password_hash"])?;
            done.changed += 1;
        }
        let held: Vec<String> = self
            .conn
            .prepare_cached("SELECT user_id FROM user_credentials ORDER BY user_id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for user in held.iter().filter(|u| !listed.contains(u.as_str())) {
            done.sessions_ended += self.end_sessions_of(user)?;
            self.conn.prepare_cached("DELETE FROM user_credentials WHERE user_id = ?1")?.execute([user])?;
            self.audit(None, AuditAction::PermissionChange, "user", user, &["credentials"])?;
            done.dropped += 1;
        }
        Ok(done)
    }

    fn end_sessions_of(&self, user_id: &str) -> Result<u64, StoreError> {
        Ok(self.conn.prepare_cached("DELETE FROM sessions WHERE user_id = ?1")?.execute([user_id])? as u64)
    }
}
