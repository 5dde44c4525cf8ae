-- Farmer support around Khouloum (issue 15, item 7): per farming
-- household and season, the area farmed, the harvest and the months of
-- food stock declared after it (so the programme sees who will run out
-- before the next harvest), and the inputs received in kind (seed,
-- fertiliser, small livestock). Both travel and are purged with their
-- household, as every relief record attached to one.
CREATE TABLE farm_seasons (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    season       TEXT NOT NULL,
    area_ha      REAL,
    harvest_kg   INTEGER,
    stock_months INTEGER,
    declared_on  TEXT,
    next_harvest TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX farm_seasons_by_household ON farm_seasons(household_id, season);
CREATE INDEX farm_seasons_by_programme ON farm_seasons(programme_id, season);

CREATE TABLE farm_inputs (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    season_id    TEXT NOT NULL,
    input        TEXT NOT NULL,
    description  TEXT NOT NULL,
    quantity     INTEGER NOT NULL,
    unit         TEXT NOT NULL,
    received_on  TEXT NOT NULL,
    created_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX farm_inputs_by_household ON farm_inputs(household_id);
CREATE INDEX farm_inputs_by_season ON farm_inputs(season_id);
