-- Day-care and kindergarten: groups of children at a location and the
-- daily attendance register. A day's register is one record (the children
-- present), written in one request; absences are the members not marked.

CREATE TABLE care_groups (
    id          TEXT PRIMARY KEY,
    location_id TEXT NOT NULL REFERENCES locations(id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('daycare', 'kindergarten')),
    created_at  INTEGER NOT NULL,
    UNIQUE (location_id, name)
);

CREATE TABLE group_members (
    group_id  TEXT NOT NULL REFERENCES care_groups(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    from_date TEXT NOT NULL,
    PRIMARY KEY (group_id, person_id)
) WITHOUT ROWID;
CREATE INDEX group_members_by_person ON group_members(person_id);

CREATE TABLE attendance (
    group_id  TEXT NOT NULL REFERENCES care_groups(id),
    day       TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people(id),
    present   INTEGER NOT NULL CHECK (present IN (0, 1)),
    PRIMARY KEY (group_id, day, person_id)
) WITHOUT ROWID;
CREATE INDEX attendance_by_person ON attendance(person_id, day);
