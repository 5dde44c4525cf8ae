-- Each measured child's latest measurement with what assessing it needs
-- (sex, birth date), clustered by location: a location's nutrition list
-- or prevalence reads one contiguous range instead of two random lookups
-- per child. Derived: the store rewrites a child's row whenever its
-- measurements or its sex, birth date or location change; never synced.

CREATE TABLE growth_status (
    location_id      TEXT NOT NULL,
    person_id        TEXT NOT NULL,
    sex              TEXT NOT NULL,
    birth_date       TEXT,
    measurement_id   TEXT NOT NULL,
    measured_on      TEXT NOT NULL,
    weight_kg        REAL,
    length_height_cm REAL,
    measured         TEXT,
    oedema           INTEGER NOT NULL,
    muac_mm          REAL,
    head_cm          REAL,
    prev_date        TEXT,
    prev_weight_kg   REAL,
    PRIMARY KEY (location_id, person_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX growth_status_by_person ON growth_status(person_id);

INSERT INTO growth_status
SELECT p.location_id, p.id, p.sex, p.birth_date, m.id, m.measured_on, m.weight_kg, m.length_height_cm, m.measured,
       m.oedema, m.muac_mm, m.head_cm, m.prev_date, m.prev_weight_kg
  FROM measurements m JOIN people p ON p.id = m.person_id
 WHERE m.is_latest = 1;
