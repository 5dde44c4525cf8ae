-- User administration is written as operations too (issue 11): an account
-- and a request for a grant are entities of the change log, materialized
-- into `users` and `role_requests`. What is not for the log stays in
-- `user_credentials`, kept by this site alone: secrets (the password hash,
-- a pending reset's hash, the second factor) are never copied into a log
-- that keeps every value forever and travels to other sites, and the
-- interface language and "must change password" are the account holder's
-- own, set without an administrator.
CREATE TABLE user_credentials (
    user_id               TEXT PRIMARY KEY REFERENCES users(id),
    password_hash         TEXT NOT NULL,
    must_change_password  INTEGER NOT NULL DEFAULT 0,
    totp_secret           TEXT,
    totp_last_step        INTEGER,
    language              TEXT NOT NULL DEFAULT 'fr',
    pending_password_hash TEXT
) WITHOUT ROWID;
INSERT INTO user_credentials (user_id, password_hash, must_change_password, totp_secret, totp_last_step, language,
                              pending_password_hash)
SELECT u.id, u.password_hash, u.must_change_password, u.totp_secret, u.totp_last_step, u.language,
       (SELECT q.password_hash FROM role_requests q
         WHERE q.user_id = u.id AND q.kind = 'password_reset' AND q.status = 'pending'
         ORDER BY q.requested_at DESC LIMIT 1)
  FROM users u;

ALTER TABLE users DROP COLUMN password_hash;
ALTER TABLE users DROP COLUMN must_change_password;
ALTER TABLE users DROP COLUMN totp_secret;
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN language;
-- The account's locations are one of its fields (a list); `user_locations`
-- is derived from it, for the scope lookups that join on it.
ALTER TABLE users ADD COLUMN location_ids TEXT NOT NULL DEFAULT '';
UPDATE users SET location_ids = COALESCE(
    (SELECT group_concat(location_id, char(10))
       FROM (SELECT location_id FROM user_locations l WHERE l.user_id = users.id ORDER BY location_id)), '');

ALTER TABLE role_requests DROP COLUMN password_hash;
ALTER TABLE role_requests RENAME COLUMN requested_at TO created_at;
