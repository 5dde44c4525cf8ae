-- Follow-up of a child after leaving care (reintegrated, independent, …):
-- dated visits with notes. Protection data.

CREATE TABLE care_follow_ups (
    id           TEXT PRIMARY KEY,
    admission_id TEXT NOT NULL REFERENCES admissions(id),
    visited_on   TEXT NOT NULL,
    notes        TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX care_follow_ups_by_admission ON care_follow_ups(admission_id, visited_on);
