-- Hub and sites (issue 14). On the hub: the sites enrolled to it, each for
-- one location and the places below it, and their one-time enrolment
-- codes. The hub's own business, never in the change log (which travels
-- to the sites): a site's key and an unused code are no one else's.
-- A site's id is also its device id in every replica's log.
CREATE TABLE sites (
    id           TEXT PRIMARY KEY,
    location_id  TEXT NOT NULL REFERENCES locations(id),
    -- ed25519, 32 bytes, once the code is redeemed.
    public_key   BLOB,
    created_at   INTEGER NOT NULL,
    created_by   TEXT NOT NULL REFERENCES users(id),
    enrolled_at  INTEGER,
    last_contact INTEGER
) WITHOUT ROWID;

-- A code is kept only as its BLAKE3 hash (hex); it works once, for 24 hours.
CREATE TABLE enrolment_codes (
    code_hash  TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id),
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) WITHOUT ROWID;

-- On a site: the hub it was enrolled to, for what, and how far it has
-- pulled the hub's log (a version vector, JSON). One row, or none on a
-- hub or a stand-alone server.
CREATE TABLE hub_link (
    site_id     TEXT PRIMARY KEY,
    hub_url     TEXT NOT NULL,
    location_id TEXT NOT NULL,
    enrolled_at INTEGER NOT NULL,
    pulled      TEXT NOT NULL
) WITHOUT ROWID;
