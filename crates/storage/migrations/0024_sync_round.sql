-- Sync rounds (issue 14): what a site has sent and had answered, what the
-- hub refused of it, and where each site's pull has reached on the hub.

-- On a site: the highest of its own sequence numbers sent to the hub in a
-- push not yet answered (`sent`), and answered (`pushed`: accepted or
-- refused); when the last complete round ended (Unix milliseconds).
-- An own op past `sent` is waiting; past `pushed` but not past `sent`,
-- sent; at or below `pushed`, acknowledged unless refused.
ALTER TABLE hub_link ADD COLUMN sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hub_link ADD COLUMN pushed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hub_link ADD COLUMN last_sync INTEGER;

-- On a site: its own ops the hub refused, with the reason code the hub
-- gave (never a value). The op stays in the site's log and tables, shown
-- as refused on its record.
CREATE TABLE sync_rejections (
    device    INTEGER NOT NULL REFERENCES devices(id),
    seq       INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    reason    TEXT NOT NULL,
    at        INTEGER NOT NULL,
    PRIMARY KEY (device, seq)
) WITHOUT ROWID;
CREATE INDEX sync_rejections_entity ON sync_rejections (entity_id);

-- On the hub: ops a site pushed and the hub refused. Only the op's id and
-- the reason are kept (its content may be what the site may not write),
-- so that the site's sequence has no gap at the hub and a push repeated
-- after a lost answer gets the same verdict.
CREATE TABLE refused_ops (
    site_id TEXT NOT NULL REFERENCES sites(id),
    seq     INTEGER NOT NULL,
    op_id   BLOB NOT NULL,
    reason  TEXT NOT NULL,
    at      INTEGER NOT NULL,
    PRIMARY KEY (site_id, seq)
) WITHOUT ROWID;

-- On the hub: the cursor (a version vector, JSON) each site last pulled
-- from, for the page that lists the sites and what waits for them.
ALTER TABLE sites ADD COLUMN pulled TEXT;
