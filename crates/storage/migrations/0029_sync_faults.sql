-- A family house names its SOS parent by id, without a foreign key (issue
-- 14). A site holds a house by its village and a person by theirs: an SOS
-- parent moved to another village leaves the site while the house stays,
-- and the purge deleting her row failed on the key, which stopped that
-- site's pulls for good. The id stays as the house's op wrote it (the log
-- still replays to the tables); reads name the parent only when she is
-- held and in the reader's scope. The hub holds everyone, so nothing is
-- lost. Rebuilt the SQLite way: foreign keys are off while migrations run.
CREATE TABLE family_houses_new (
    id            TEXT PRIMARY KEY,
    location_id   TEXT NOT NULL REFERENCES locations(id),
    name          TEXT NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 15),
    sos_parent_id TEXT,
    created_at    INTEGER NOT NULL,
    UNIQUE (location_id, name)
);
INSERT INTO family_houses_new (id, location_id, name, capacity, sos_parent_id, created_at)
SELECT id, location_id, name, capacity, sos_parent_id, created_at FROM family_houses;
DROP TABLE family_houses;
ALTER TABLE family_houses_new RENAME TO family_houses;

-- On the hub: a site is retired when another laptop enrols for its
-- location (a laptop replaced). Both would number the village's records
-- in its own series from the same point; the hub refuses a retired
-- site's pushes and pulls instead.
ALTER TABLE sites ADD COLUMN retired_at INTEGER;
