-- Trust (issue 10): re-authentication before sensitive actions, privilege
-- grants that a national director approves, passwords reset by an
-- administrator, and the records a list showed, kept in the audit trail.

-- When the session's user last proved who they are (sign-in counts).
ALTER TABLE sessions ADD COLUMN reauth_at INTEGER NOT NULL DEFAULT 0;

-- Set by an administrator's password reset: the user must choose a new
-- password before anything else.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
-- A new account whose role reads person records waits for a national
-- director's approval; until then it cannot sign in.
ALTER TABLE users ADD COLUMN awaiting_approval INTEGER NOT NULL DEFAULT 0;

-- A grant of a role (and its locations) that reads more than the granting
-- administrator may: applied only once a national director approves it.
-- The same holds for what would let an administrator into such an account:
-- a password reset (the new hash waits here), a second-factor reset, and
-- enabling it again.
CREATE TABLE role_requests (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id),
    kind          TEXT NOT NULL DEFAULT 'role'
                  CHECK (kind IN ('role', 'password_reset', 'second_factor_reset', 'enable')),
    role          TEXT NOT NULL,
    location_ids  TEXT NOT NULL,
    password_hash TEXT,
    requested_by  TEXT NOT NULL REFERENCES users(id),
    requested_at  INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    decided_by    TEXT REFERENCES users(id),
    decided_at    INTEGER
);
CREATE INDEX role_requests_pending ON role_requests(status, requested_at);

-- The ids of the records a list or page showed (one audit entry per list
-- shown); hashed into the entry, so they are as tamper-evident as it is.
ALTER TABLE audit_log ADD COLUMN shown TEXT NOT NULL DEFAULT '';

-- Index of those ids, for "every record user U touched in period P".
CREATE TABLE audit_touches (
    record_id TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    PRIMARY KEY (record_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER audit_touches_no_update BEFORE UPDATE ON audit_touches
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_touches_no_delete BEFORE DELETE ON audit_touches
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
