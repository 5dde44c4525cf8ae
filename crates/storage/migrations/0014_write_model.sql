-- The write model (issue 11): every change is one operation — a creation
-- with all its fields, a set of one field, or a tombstone — and the tables
-- are what the log materializes. The per-field log of earlier versions is
-- kept, read-only, as `ops_v1`; the state it led to enters the new log as
-- one creation per record (the baseline, written by dugu at start-up).
ALTER TABLE ops RENAME TO ops_v1;
DROP INDEX ops_by_entity;

-- `field` NULL: a creation (`value` = every field, a JSON object) or a
-- tombstone (`value` = null). `parents`: the op ids (16 bytes each) of the
-- field's (or, for a tombstone, the record's) latest value the author saw.
CREATE TABLE ops (
    device      INTEGER NOT NULL REFERENCES devices(id),
    seq         INTEGER NOT NULL,
    op_id       BLOB NOT NULL,
    hlc         INTEGER NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    field       TEXT,
    value       TEXT NOT NULL,
    user_id     TEXT,
    parents     BLOB NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
CREATE INDEX ops_by_entity ON ops(entity_id, hlc);
CREATE TRIGGER ops_immutable BEFORE UPDATE ON ops
BEGIN SELECT RAISE(ABORT, 'operations are immutable'); END;
CREATE TRIGGER ops_append_only BEFORE DELETE ON ops
BEGIN SELECT RAISE(ABORT, 'operations are immutable'); END;

-- Every record is an entity with its own UUIDv7 (timestamp, version 7,
-- variant, random): memberships and vaccinations were keyed by the pair.
-- A membership is one addition to a set; two sites may add the same person
-- concurrently, and removing one addition must not remove the other, so
-- the pair is no longer unique in the table (commands still refuse a
-- duplicate they can see).
CREATE TABLE household_members_by_id (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    person_id    TEXT NOT NULL REFERENCES people(id),
    relationship TEXT NOT NULL CHECK (relationship IN ('head', 'spouse', 'child', 'grandchild', 'other'))
) WITHOUT ROWID;
INSERT INTO household_members_by_id (id, household_id, person_id, relationship)
SELECT lower(
           substr(printf('%012x', CAST(unixepoch('subsec') * 1000 AS INTEGER)), 1, 8) || '-' ||
           substr(printf('%012x', CAST(unixepoch('subsec') * 1000 AS INTEGER)), 9, 4) || '-7' ||
           substr(hex(randomblob(2)), 1, 3) || '-8' || substr(hex(randomblob(2)), 1, 3) || '-' || hex(randomblob(6))), household_id, person_id, relationship FROM household_members;
DROP TABLE household_members;
ALTER TABLE household_members_by_id RENAME TO household_members;
CREATE INDEX household_members_by_household ON household_members(household_id, person_id);
CREATE INDEX household_members_by_person ON household_members(person_id);

CREATE TABLE group_members_by_id (
    id        TEXT PRIMARY KEY,
    group_id  TEXT NOT NULL REFERENCES care_groups(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    from_date TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO group_members_by_id (id, group_id, person_id, from_date)
SELECT lower(
           substr(printf('%012x', CAST(unixepoch('subsec') * 1000 AS INTEGER)), 1, 8) || '-' ||
           substr(printf('%012x', CAST(unixepoch('subsec') * 1000 AS INTEGER)), 9, 4) || '-7' ||
           substr(hex(randomblob(2)), 1, 3) || '-8' || substr(hex(randomblob(2)), 1, 3) || '-' || hex(randomblob(6))), group_id, person_id, from_date FROM group_members;
DROP TABLE group_members;
ALTER TABLE group_members_by_id RENAME TO group_members;
CREATE INDEX group_members_by_group ON group_members(group_id, person_id);
CREATE INDEX group_members_by_person ON group_members(person_id);

CREATE TABLE vaccinations_by_id (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people(id),
    dose_code  TEXT NOT NULL REFERENCES vaccine_schedule(code),
    given_on   TEXT NOT NULL,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO vaccinations_by_id (id, person_id, dose_code, given_on, created_at)
SELECT lower(
           substr(printf('%012x', created_at), 1, 8) || '-' || substr(printf('%012x', created_at), 9, 4) || '-7' ||
           substr(hex(randomblob(2)), 1, 3) || '-8' || substr(hex(randomblob(2)), 1, 3) || '-' || hex(randomblob(6))), person_id, dose_code, given_on, created_at FROM vaccinations;
DROP TABLE vaccinations;
ALTER TABLE vaccinations_by_id RENAME TO vaccinations;
CREATE INDEX vaccinations_by_person ON vaccinations(person_id, dose_code);

-- A dose of the schedule is reference data named by its code.
ALTER TABLE vaccine_schedule ADD COLUMN id TEXT;
UPDATE vaccine_schedule SET id = code;
CREATE UNIQUE INDEX vaccine_schedule_by_id ON vaccine_schedule(id);

-- A day's register is one entity (one operation per save); its lines in
-- `attendance` are derived from its marks ({person id: 1 present, 0 absent}).
CREATE TABLE registers (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL REFERENCES care_groups(id),
    day        TEXT NOT NULL,
    marks      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (group_id, day)
);
INSERT INTO registers (id, group_id, day, marks, created_at, updated_at)
SELECT lower(
           substr(printf('%012x', CAST(unixepoch('subsec') * 1000 AS INTEGER)), 1, 8) || '-' ||
           substr(printf('%012x', CAST(unixepoch('subsec') * 1000 AS INTEGER)), 9, 4) || '-7' ||
           substr(hex(randomblob(2)), 1, 3) || '-8' || substr(hex(randomblob(2)), 1, 3) || '-' || hex(randomblob(6))),
       group_id, day, json_group_object(person_id, present ORDER BY person_id),
       CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM attendance GROUP BY group_id, day;
