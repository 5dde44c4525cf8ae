-- The relief desk (issue 15). Each programme's card signing key (Ed25519,
-- requirement 11): generated where it is first needed and kept like an
-- account's second-factor secret — in its own table, never in the change
-- log, so it never travels to a site; a site verifies cards with the
-- public half alone.
CREATE TABLE relief_card_keys (
    programme_id TEXT PRIMARY KEY REFERENCES programmes(id),
    secret       BLOB NOT NULL,
    created_at   INTEGER NOT NULL
) WITHOUT ROWID;

-- A site's stock (requirement 14): waybills in, losses, returns, per site,
-- cycle and item, in the item's unit (g, mL); issues are the receipts.
CREATE TABLE stock_movements (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES locations(id),
    cycle_id    TEXT NOT NULL REFERENCES relief_cycles(id),
    item        TEXT NOT NULL,
    movement    TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    unit        TEXT NOT NULL,
    reference   TEXT,
    note        TEXT,
    recorded_on TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX stock_movements_by_site ON stock_movements(site_id, cycle_id, item);

-- The reconciliation a supervisor validated: the books as they stood and
-- the count, with the explanation a difference needs.
CREATE TABLE stock_reconciliations (
    id           TEXT PRIMARY KEY,
    site_id      TEXT NOT NULL REFERENCES locations(id),
    cycle_id     TEXT NOT NULL REFERENCES relief_cycles(id),
    item         TEXT NOT NULL,
    unit         TEXT NOT NULL,
    opening      INTEGER NOT NULL,
    received     INTEGER NOT NULL,
    distributed  INTEGER NOT NULL,
    losses       INTEGER NOT NULL,
    returned     INTEGER NOT NULL,
    counted      INTEGER NOT NULL,
    explanation  TEXT,
    validated_by TEXT NOT NULL,
    validated_on TEXT NOT NULL,
    created_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX stock_reconciliations_by_site ON stock_reconciliations(site_id, item, cycle_id);
