-- Children's Villages: family houses with their SOS parent, admissions of
-- children who lost parental care, where each lives (placements) and how
-- they left care. A child's admission reason is protection data.

CREATE TABLE family_houses (
    id            TEXT PRIMARY KEY,
    location_id   TEXT NOT NULL REFERENCES locations(id),
    name          TEXT NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 15),
    sos_parent_id TEXT REFERENCES people(id),
    created_at    INTEGER NOT NULL,
    UNIQUE (location_id, name)
);

CREATE TABLE admissions (
    id             TEXT PRIMARY KEY,
    person_id      TEXT NOT NULL REFERENCES people(id),
    location_id    TEXT NOT NULL REFERENCES locations(id),
    admitted_on    TEXT NOT NULL,
    reason         TEXT NOT NULL,
    referred_by    TEXT,
    -- Siblings admitted together share the group (the first sibling's
    -- admission id): they must be placeable in one house.
    sibling_group  TEXT NOT NULL,
    left_on        TEXT,
    leaving_reason TEXT,
    created_at     INTEGER NOT NULL
);
CREATE INDEX admissions_by_person ON admissions(person_id, admitted_on);
CREATE INDEX admissions_by_location ON admissions(location_id, admitted_on);
CREATE INDEX admissions_by_group ON admissions(sibling_group);

CREATE TABLE placements (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people(id),
    house_id   TEXT NOT NULL REFERENCES family_houses(id),
    from_date  TEXT NOT NULL,
    to_date    TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX placements_by_house ON placements(house_id, to_date);
CREATE INDEX placements_by_person ON placements(person_id, from_date);
