-- Relief registration (issue 15 item 2): pairs of people the linkage
-- found may be one person — a new registration and one already there —
-- and a supervisor's decisions on them. A decision is a record of its
-- own and the latest counts, so a decision is undone by the next one and
-- the trail keeps both; nothing is ever merged. A pair names two
-- households, and travels only where both are held; the other household,
-- its person and a decision's pair have no foreign key, so that a purge
-- of one side at a site (its household left the site's scope) never
-- fails on a key and wedges the pulls after it (as migration 0029 found).
CREATE TABLE duplicate_pairs (
    id                 TEXT PRIMARY KEY,
    programme_id       TEXT NOT NULL REFERENCES programmes(id),
    household_id       TEXT NOT NULL REFERENCES households(id),
    person_id          TEXT NOT NULL REFERENCES people(id),
    other_household_id TEXT NOT NULL,
    other_person_id    TEXT NOT NULL,
    band               TEXT NOT NULL,
    probability        REAL,
    whole_household    INTEGER NOT NULL,
    evidence           TEXT NOT NULL,
    created_at         INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX duplicate_pairs_by_programme ON duplicate_pairs(programme_id, created_at);
CREATE INDEX duplicate_pairs_by_household ON duplicate_pairs(household_id);
CREATE INDEX duplicate_pairs_by_other_household ON duplicate_pairs(other_household_id);

CREATE TABLE duplicate_decisions (
    id                 TEXT PRIMARY KEY,
    pair_id            TEXT NOT NULL,
    household_id       TEXT NOT NULL REFERENCES households(id),
    other_household_id TEXT NOT NULL,
    decision           TEXT NOT NULL,
    note               TEXT,
    decided_by         TEXT NOT NULL,
    decided_at         TEXT NOT NULL,
    created_at         INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX duplicate_decisions_by_pair ON duplicate_decisions(pair_id, created_at);
CREATE INDEX duplicate_decisions_by_household ON duplicate_decisions(household_id);
CREATE INDEX duplicate_decisions_by_other_household ON duplicate_decisions(other_household_id);
