-- Vaccination histories as they are known (issue 12): a child admitted at
-- 13 has no card, or a card with doses ticked and no dates. A dose can be
-- recorded as given on the card without a date (`undated = 'card'`, counts
-- as given) or as not known (`undated = 'unknown'`, neither given nor
-- overdue); a whole card can say the history before a day is unknown or
-- was read from a card without dates (`vaccination_cards`), so no alert is
-- raised for doses due before it. Doses given outside the schedule
-- (campaigns, catch-up) are `extra_doses`.
CREATE TABLE vaccinations_known (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people(id),
    dose_code  TEXT NOT NULL REFERENCES vaccine_schedule(code),
    given_on   TEXT,
    created_at INTEGER NOT NULL,
    struck_out TEXT,
    correction TEXT,
    undated    TEXT CHECK (undated IN ('card', 'unknown')),
    CHECK (given_on IS NOT NULL OR undated IS NOT NULL)
) WITHOUT ROWID;
INSERT INTO vaccinations_known (id, person_id, dose_code, given_on, created_at, struck_out, correction)
SELECT id, person_id, dose_code, given_on, created_at, struck_out, correction FROM vaccinations;
DROP TABLE vaccinations;
ALTER TABLE vaccinations_known RENAME TO vaccinations;
CREATE INDEX vaccinations_by_person ON vaccinations(person_id, dose_code);

CREATE TABLE vaccination_cards (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people(id),
    history    TEXT NOT NULL CHECK (history IN ('unknown', 'card_undated')),
    as_of      TEXT NOT NULL,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX vaccination_cards_by_person ON vaccination_cards(person_id);

CREATE TABLE extra_doses (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people(id),
    vaccine    TEXT NOT NULL,
    given_on   TEXT NOT NULL,
    context    TEXT NOT NULL CHECK (context IN ('campaign', 'catch_up', 'other')),
    created_at INTEGER NOT NULL,
    struck_out TEXT,
    correction TEXT
) WITHOUT ROWID;
CREATE INDEX extra_doses_by_person ON extra_doses(person_id);
