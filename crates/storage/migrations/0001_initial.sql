-- dugu schema, version 1. Migrations are append-only: never edit a shipped one.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE locations (
    id         TEXT PRIMARY KEY,
    parent_id  TEXT REFERENCES locations(id),
    kind       TEXT NOT NULL CHECK (kind IN ('country', 'region', 'cercle', 'commune', 'site')),
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    -- The nearest site at or above: its code prefixes record numbers.
    site_id    TEXT REFERENCES locations(id),
    created_at INTEGER NOT NULL
);

-- Every (ancestor, descendant) pair, each location its own ancestor: scope
-- checks are one indexed lookup instead of a recursive walk.
CREATE TABLE location_closure (
    ancestor_id   TEXT NOT NULL REFERENCES locations(id),
    descendant_id TEXT NOT NULL REFERENCES locations(id),
    PRIMARY KEY (ancestor_id, descendant_id)
) WITHOUT ROWID;

CREATE TABLE record_counters (
    site_id TEXT PRIMARY KEY REFERENCES locations(id),
    last    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE people (
    id                   TEXT PRIMARY KEY,
    record_number        TEXT NOT NULL UNIQUE,
    location_id          TEXT NOT NULL REFERENCES locations(id),
    -- identity
    given_name           TEXT NOT NULL,
    family_name          TEXT NOT NULL,
    other_names          TEXT NOT NULL DEFAULT '',
    sex                  TEXT NOT NULL CHECK (sex IN ('F', 'M')),
    birth_date           TEXT,
    birth_date_precision TEXT CHECK (birth_date_precision IN ('exact', 'year', 'estimated')),
    national_id          TEXT,
    birth_certificate    TEXT,
    -- contact
    phone                TEXT,
    address              TEXT,
    -- medical
    medical_notes        TEXT,
    -- protection
    protection_notes     TEXT,
    sort_name            TEXT NOT NULL,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX people_by_location ON people(location_id, sort_name);
CREATE INDEX people_by_sort_name ON people(sort_name);

-- Search: one row per folded name word of a person; the sort key rides in
-- the key so a search reads names already in order. People and locations
-- are referred to by row key: small rows, fast intersections.
CREATE TABLE person_tokens (
    token        TEXT NOT NULL,
    sort_name    TEXT NOT NULL,
    person_key   INTEGER NOT NULL,
    location_key INTEGER NOT NULL,
    PRIMARY KEY (token, sort_name, person_key)
) WITHOUT ROWID;
CREATE INDEX person_tokens_by_person ON person_tokens(person_key, token);

CREATE TABLE households (
    id            TEXT PRIMARY KEY,
    record_number TEXT NOT NULL UNIQUE,
    location_id   TEXT NOT NULL REFERENCES locations(id),
    name          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX households_by_location ON households(location_id, name);

CREATE TABLE household_members (
    household_id TEXT NOT NULL REFERENCES households(id),
    person_id    TEXT NOT NULL REFERENCES people(id),
    relationship TEXT NOT NULL CHECK (relationship IN ('head', 'spouse', 'child', 'grandchild', 'other')),
    PRIMARY KEY (household_id, person_id)
) WITHOUT ROWID;
CREATE INDEX household_members_by_person ON household_members(person_id);

CREATE TABLE programmes (
    id          TEXT PRIMARY KEY,
    location_id TEXT NOT NULL REFERENCES locations(id),
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    target      INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX programmes_by_location ON programmes(location_id);

CREATE TABLE enrolments (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    person_id    TEXT NOT NULL REFERENCES people(id),
    start_date   TEXT NOT NULL,
    end_date     TEXT,
    UNIQUE (programme_id, person_id, start_date)
);
CREATE INDEX enrolments_by_person ON enrolments(person_id);

CREATE TABLE users (
    id                     TEXT PRIMARY KEY,
    username               TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name           TEXT NOT NULL,
    role                   TEXT NOT NULL,
    password_hash          TEXT NOT NULL,
    language               TEXT NOT NULL DEFAULT 'fr',
    disabled               INTEGER NOT NULL DEFAULT 0,
    totp_secret            TEXT,
    totp_last_step         INTEGER,
    created_at             INTEGER NOT NULL
);

CREATE TABLE user_locations (
    user_id     TEXT NOT NULL REFERENCES users(id),
    location_id TEXT NOT NULL REFERENCES locations(id),
    PRIMARY KEY (user_id, location_id)
) WITHOUT ROWID;

-- Server-side sessions and API tokens; only a hash of the token is kept.
CREATE TABLE sessions (
    token_hash         TEXT PRIMARY KEY,
    user_id            TEXT NOT NULL REFERENCES users(id),
    kind               TEXT NOT NULL CHECK (kind IN ('web', 'api')),
    csrf_token         TEXT NOT NULL,
    second_factor_done INTEGER NOT NULL DEFAULT 0,
    pending_totp       TEXT,
    created_at         INTEGER NOT NULL,
    last_seen_at       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions(user_id);

-- The audit trail: append-only and hash-chained. Nothing in dugu updates or
-- deletes a row; the triggers make any attempt fail.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    user_id     TEXT,
    username    TEXT NOT NULL,
    role        TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    fields      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_by_record ON audit_log(record_id, seq);
CREATE INDEX audit_by_user ON audit_log(user_id, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- The change log for sync: one immutable operation per field written
-- (shared/design/sync.md). Compact on purpose: a national registry holds
-- tens of millions. `op_id` is a 128-bit BLAKE3 of the op's content
-- (not indexed yet: locally (device, seq) identifies an op; sync adds the
-- index it needs);
-- `hlc` the hybrid logical clock (NTP64); `parents` the op ids (16 bytes
-- each, concatenated) of the field's value the author saw.
CREATE TABLE devices (
    id        INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL UNIQUE
);

CREATE TABLE ops (
    device      INTEGER NOT NULL REFERENCES devices(id),
    seq         INTEGER NOT NULL,
    op_id       BLOB NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT NOT NULL,
    hlc         INTEGER NOT NULL,
    user_id     TEXT,
    parents     BLOB NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
CREATE INDEX ops_by_entity ON ops(entity_id, field, hlc);
CREATE TRIGGER ops_no_update BEFORE UPDATE ON ops
BEGIN SELECT RAISE(ABORT, 'operations are immutable'); END;
CREATE TRIGGER ops_no_delete BEFORE DELETE ON ops
BEGIN SELECT RAISE(ABORT, 'operations are immutable'); END;
