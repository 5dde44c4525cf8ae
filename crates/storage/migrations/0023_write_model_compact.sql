-- The audit trail, smaller and cheaper to append to (issue 11, item 9):
-- * its two hashes as 32 bytes rather than 64 hex characters each. What is
--   hashed does not change (an entry's hash still covers the previous
--   hash written in hex), so every entry made before verifies as it did;
-- * its sequence without AUTOINCREMENT, which rewrote `sqlite_sequence`
--   at every entry. Rows are never deleted (the triggers refuse it), so
--   the next rowid is still one past the last and no number comes back.
-- A hash that is not hex (an edited row) is copied as it was, so the chain
-- still breaks there rather than the upgrade failing. Rebuilt in one copy,
-- in order; indexes and triggers keep their names.
CREATE TABLE audit_log_compact (
    seq         INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    user_id     TEXT,
    username    TEXT NOT NULL,
    role        TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    fields      TEXT NOT NULL,
    prev_hash   BLOB NOT NULL,
    hash        BLOB NOT NULL,
    shown       TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_log_compact
    (seq, at, user_id, username, role, site_id, action, record_type, record_id, fields, prev_hash, hash, shown)
SELECT seq, at, user_id, username, role, site_id, action, record_type, record_id, fields,
       COALESCE(unhex(prev_hash), prev_hash), COALESCE(unhex(hash), hash), shown
FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_compact RENAME TO audit_log;
CREATE INDEX audit_by_record ON audit_log(record_id, seq);
CREATE INDEX audit_by_user ON audit_log(user_id, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- A bulk load's name words, appended in the people's order and filed into
-- person_tokens, sorted, at the load's end (or at the next open, after a
-- load that stopped): filed batch by batch, they dirtied most of the word
-- table's pages at every commit. Empty but during a bulk load.
CREATE TABLE person_tokens_staged (
    token        TEXT NOT NULL,
    sort_name    TEXT NOT NULL,
    person_key   INTEGER NOT NULL,
    location_key INTEGER NOT NULL
);
