-- Record numbers in two series per village (issue 14): the replica that
-- serves a village (its enrolled site, or the hub while none is) numbers
-- from 1; the hub, once a site serves the village, from 900,000 — so a
-- child registered at the national office and one registered at the
-- village while they were apart never get the same number.
CREATE TABLE record_counters_new (
    site_id TEXT NOT NULL REFERENCES locations(id),
    series  INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (site_id, series)
) WITHOUT ROWID;
INSERT INTO record_counters_new (site_id, series, last)
SELECT site_id, CASE WHEN last >= 900000 THEN 1 ELSE 0 END, last FROM record_counters;
DROP TABLE record_counters;
ALTER TABLE record_counters_new RENAME TO record_counters;
