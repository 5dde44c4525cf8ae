-- Growth monitoring: a child's measurements as taken. Z-scores and
-- classifications are computed when read (by the growth engine), never
-- stored: a correction to a birth date must change them at once.

CREATE TABLE measurements (
    id               TEXT PRIMARY KEY,
    person_id        TEXT NOT NULL REFERENCES people(id),
    measured_on      TEXT NOT NULL,             -- YYYY-MM-DD
    weight_kg        REAL,
    length_height_cm REAL,
    measured         TEXT CHECK (measured IN ('lying', 'standing')),
    oedema           INTEGER NOT NULL DEFAULT 0 CHECK (oedema IN (0, 1)),
    muac_mm          REAL,
    head_cm          REAL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX measurements_by_person ON measurements(person_id, measured_on);
