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
