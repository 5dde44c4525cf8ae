-- Merging operations made at other sites (issue 14).
--
-- The heads of each field of each record: the ops (by their key in `ops`)
-- that no later op of that field has seen. `field` '' is the record
-- itself (its creation, its removal). A field with no row here has the
-- record's heads; a record with no row here has its creation. More than
-- one head: the field is in conflict until someone resolves it.
CREATE TABLE heads (
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    device    INTEGER NOT NULL REFERENCES devices(id),
    seq       INTEGER NOT NULL,
    PRIMARY KEY (entity_id, field, device, seq)
) WITHOUT ROWID;

-- Ops received before what they depend on (their parents, or their
-- device's earlier ops): kept here, as received, until those arrive, so
-- the result does not depend on the order messages come in.
CREATE TABLE held_back (
    device_id   TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    op_id       BLOB NOT NULL,
    hlc         INTEGER NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    field       TEXT,
    value       TEXT NOT NULL,
    user_id     TEXT,
    parents     BLOB NOT NULL,
    PRIMARY KEY (device_id, seq)
) WITHOUT ROWID;

-- Ops whose clock was far ahead of this replica's when received: kept
-- (the hybrid clock still orders them), flagged for an administrator.
CREATE TABLE clock_flags (
    device   INTEGER NOT NULL REFERENCES devices(id),
    seq      INTEGER NOT NULL,
    ahead_ms INTEGER NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;

-- A database that already has a log gets its heads computed once, from
-- the log, at its next start; an empty one starts with none.
INSERT INTO meta (key, value) SELECT 'merge_heads', '0' WHERE NOT EXISTS (SELECT 1 FROM ops);
