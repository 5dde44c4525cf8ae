-- Schooling: one row per child and school year (`2025-2026`): school,
-- grade, and at the end of the year the result and the average (out of 20).

CREATE TABLE school_years (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people(id),
    year       TEXT NOT NULL,
    school     TEXT NOT NULL,
    grade      TEXT NOT NULL,
    result     TEXT CHECK (result IN ('passed', 'repeated', 'dropped_out')),
    average    REAL CHECK (average BETWEEN 0 AND 20),
    created_at INTEGER NOT NULL,
    UNIQUE (person_id, year)
);
