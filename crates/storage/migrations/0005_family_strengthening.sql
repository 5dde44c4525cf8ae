-- Family strengthening: a household's time in the programme, its needs
-- assessments (seven areas scored 0-3), its support plan, home visits and
-- exit. Social data: the protection field group.

CREATE TABLE family_support (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    started_on   TEXT NOT NULL,
    ended_on     TEXT,
    exit_reason  TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX family_support_by_household ON family_support(household_id, started_on);

CREATE TABLE assessments (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    assessed_on  TEXT NOT NULL,
    assessor_id  TEXT NOT NULL REFERENCES users(id),
    food         INTEGER NOT NULL CHECK (food BETWEEN 0 AND 3),
    income       INTEGER NOT NULL CHECK (income BETWEEN 0 AND 3),
    housing      INTEGER NOT NULL CHECK (housing BETWEEN 0 AND 3),
    health       INTEGER NOT NULL CHECK (health BETWEEN 0 AND 3),
    education    INTEGER NOT NULL CHECK (education BETWEEN 0 AND 3),
    child_care   INTEGER NOT NULL CHECK (child_care BETWEEN 0 AND 3),
    protection   INTEGER NOT NULL CHECK (protection BETWEEN 0 AND 3),
    created_at   INTEGER NOT NULL
);
CREATE INDEX assessments_by_household ON assessments(household_id, assessed_on);

CREATE TABLE plan_actions (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    goal         TEXT NOT NULL,
    action       TEXT NOT NULL,
    responsible  TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    done_on      TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX plan_actions_by_household ON plan_actions(household_id, due_on);

CREATE TABLE home_visits (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    visited_on   TEXT NOT NULL,
    visitor_id   TEXT NOT NULL REFERENCES users(id),
    notes        TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX home_visits_by_household ON home_visits(household_id, visited_on);
