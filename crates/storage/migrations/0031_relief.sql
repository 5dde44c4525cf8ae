-- Emergency relief (issue 15): what relief keeps about a household it
-- registers, the cycles of a programme, what each household is owed in a
-- cycle and what it was handed. Quantities are exact integers (grams,
-- millilitres, francs CFA). No uniqueness on receipts: two offline desks
-- may both serve a household, and sync must keep both receipts so that a
-- supervisor sees the conflict (relief.md requirement 9); the desk's
-- own refusal of a second receipt is the command's rule. A receipt names
-- its household as well as its entitlement, so that it travels and is
-- purged with the household like every record attached to one; no
-- foreign key to the entitlement, so the purge's order does not matter.
CREATE TABLE displacements (
    id               TEXT PRIMARY KEY,
    household_id     TEXT NOT NULL REFERENCES households(id),
    programme_id     TEXT NOT NULL REFERENCES programmes(id),
    status           TEXT NOT NULL,
    arrival_date     TEXT NOT NULL,
    reason           TEXT NOT NULL,
    host_family      INTEGER NOT NULL,
    admin_pcode      TEXT NOT NULL,
    origin_pcode     TEXT,
    pcode_edition    TEXT NOT NULL,
    script_read      INTEGER NOT NULL,
    lawful_basis     TEXT NOT NULL,
    sharing_consent  INTEGER NOT NULL,
    household_flags  TEXT NOT NULL,
    alternate_ids    TEXT NOT NULL,
    card_serial      INTEGER NOT NULL,
    card_replaced_on TEXT,
    kobo_uuid        TEXT,
    registered_on    TEXT NOT NULL,
    struck_out       TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX displacements_by_household ON displacements(household_id);
CREATE INDEX displacements_by_programme ON displacements(programme_id, registered_on);
CREATE INDEX displacements_by_kobo_uuid ON displacements(kobo_uuid) WHERE kobo_uuid IS NOT NULL;

CREATE TABLE member_needs (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    person_id    TEXT NOT NULL REFERENCES people(id),
    flags        TEXT NOT NULL,
    wgss         TEXT,
    disability   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX member_needs_by_household ON member_needs(household_id);
CREATE INDEX member_needs_by_person ON member_needs(person_id);

CREATE TABLE relief_cycles (
    id            TEXT PRIMARY KEY,
    programme_id  TEXT NOT NULL REFERENCES programmes(id),
    name          TEXT NOT NULL,
    start_date    TEXT NOT NULL,
    end_date      TEXT NOT NULL,
    status        TEXT NOT NULL,
    items         TEXT NOT NULL,
    duration_rule TEXT,
    carry_over    INTEGER NOT NULL,
    site_ids      TEXT NOT NULL,
    created_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX relief_cycles_by_programme ON relief_cycles(programme_id, start_date);

CREATE TABLE entitlements (
    id           TEXT PRIMARY KEY,
    cycle_id     TEXT NOT NULL REFERENCES relief_cycles(id),
    household_id TEXT NOT NULL REFERENCES households(id),
    item         TEXT NOT NULL,
    quantity     INTEGER NOT NULL,
    unit         TEXT NOT NULL,
    modality     TEXT NOT NULL,
    inputs       TEXT NOT NULL,
    status       TEXT NOT NULL,
    site_id      TEXT NOT NULL REFERENCES locations(id),
    carried_from TEXT,
    created_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX entitlements_by_household ON entitlements(household_id, cycle_id, item);
CREATE INDEX entitlements_by_cycle ON entitlements(cycle_id, site_id);

CREATE TABLE receipts (
    id              TEXT PRIMARY KEY,
    entitlement_id  TEXT NOT NULL,
    household_id    TEXT NOT NULL REFERENCES households(id),
    client_uuid     TEXT NOT NULL,
    collector_role  TEXT NOT NULL,
    collector_id    TEXT,
    site_id         TEXT NOT NULL REFERENCES locations(id),
    served_by       TEXT NOT NULL,
    served_at       TEXT NOT NULL,
    override_reason TEXT,
    voided          TEXT,
    created_at      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX receipts_by_entitlement ON receipts(entitlement_id);
CREATE INDEX receipts_by_household ON receipts(household_id);
CREATE INDEX receipts_by_client_uuid ON receipts(client_uuid);
