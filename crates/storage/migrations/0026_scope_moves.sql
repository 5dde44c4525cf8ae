-- Scope moves (issue 14): a person or household that comes into a site's
-- scope reaches it with its whole history; one that leaves is purged there.

-- On the hub: the roots (people, households) each site holds or has been
-- offered, with the offer epoch of the page that offered them and, once
-- they left the site's scope, of the page that said so. The site echoes
-- the epoch of the last page it took; an offer or a departure in a later
-- epoch was lost on the way and is made again.
CREATE TABLE site_offers (
    site_id       TEXT NOT NULL REFERENCES sites(id),
    root_id       TEXT NOT NULL,
    offered_epoch INTEGER NOT NULL,
    gone_epoch    INTEGER,
    PRIMARY KEY (site_id, root_id)
) WITHOUT ROWID;
-- The last epoch given to each site's pages.
ALTER TABLE sites ADD COLUMN offer_epoch INTEGER NOT NULL DEFAULT 0;

-- On a site: the offer epoch of the last page it took.
ALTER TABLE hub_link ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;

-- The log stays append-only but for one thing: a site forgets the ops of a
-- record that left its scope (the hub keeps them). The purge names the
-- records in `ops_leaving`, deletes their ops and empties it, all in the
-- transaction that takes the page; any other delete is still refused.
CREATE TABLE ops_leaving (
    entity_id TEXT PRIMARY KEY
) WITHOUT ROWID;
DROP TRIGGER ops_append_only;
CREATE TRIGGER ops_append_only BEFORE DELETE ON ops
WHEN OLD.entity_id NOT IN (SELECT entity_id FROM ops_leaving)
BEGIN SELECT RAISE(ABORT, 'operations are immutable'); END;
