-- Every entity row carries its owning place (issue 11; hub.md item 2): the
-- location whose records it is among, by the one rule of
-- `dugu_domain::EntityKind::owner`. It is what a hub on PostgreSQL would
-- distribute rows by (Citus) or partition them by, so a site's pull and a
-- site's pages stay on one node. Reference data (locations, accounts, role
-- requests, programmes, the vaccination schedule, relief cycles) has none.
--
-- A table whose own field is its place computes it (virtual: no byte on
-- disk, nothing to write, never wrong — a million people load as before).
ALTER TABLE people ADD COLUMN place_id TEXT GENERATED ALWAYS AS (location_id) VIRTUAL;
ALTER TABLE households ADD COLUMN place_id TEXT GENERATED ALWAYS AS (location_id) VIRTUAL;
ALTER TABLE family_houses ADD COLUMN place_id TEXT GENERATED ALWAYS AS (location_id) VIRTUAL;
ALTER TABLE care_groups ADD COLUMN place_id TEXT GENERATED ALWAYS AS (location_id) VIRTUAL;
ALTER TABLE stock_movements ADD COLUMN place_id TEXT GENERATED ALWAYS AS (site_id) VIRTUAL;
ALTER TABLE stock_reconciliations ADD COLUMN place_id TEXT GENERATED ALWAYS AS (site_id) VIRTUAL;

-- A record attached to a person or a household (or to another record) is
-- where that one is: kept by `apply` (oplog/derive.rs), rewritten when a
-- child is transferred or a household moves. No index: no query reads by
-- it yet, and the op log must stay smaller than the tables.
ALTER TABLE enrolments ADD COLUMN place_id TEXT;
UPDATE enrolments SET place_id = (SELECT p.location_id FROM people p WHERE p.id = enrolments.person_id);
ALTER TABLE measurements ADD COLUMN place_id TEXT;
UPDATE measurements SET place_id = (SELECT p.location_id FROM people p WHERE p.id = measurements.person_id);
ALTER TABLE admissions ADD COLUMN place_id TEXT;
UPDATE admissions SET place_id = (SELECT p.location_id FROM people p WHERE p.id = admissions.person_id);
ALTER TABLE placements ADD COLUMN place_id TEXT;
UPDATE placements SET place_id = (SELECT p.location_id FROM people p WHERE p.id = placements.person_id);
ALTER TABLE group_members ADD COLUMN place_id TEXT;
UPDATE group_members SET place_id = (SELECT p.location_id FROM people p WHERE p.id = group_members.person_id);
ALTER TABLE medical_visits ADD COLUMN place_id TEXT;
UPDATE medical_visits SET place_id = (SELECT p.location_id FROM people p WHERE p.id = medical_visits.person_id);
ALTER TABLE vaccinations ADD COLUMN place_id TEXT;
UPDATE vaccinations SET place_id = (SELECT p.location_id FROM people p WHERE p.id = vaccinations.person_id);
ALTER TABLE vaccination_cards ADD COLUMN place_id TEXT;
UPDATE vaccination_cards SET place_id = (SELECT p.location_id FROM people p WHERE p.id = vaccination_cards.person_id);
ALTER TABLE extra_doses ADD COLUMN place_id TEXT;
UPDATE extra_doses SET place_id = (SELECT p.location_id FROM people p WHERE p.id = extra_doses.person_id);
ALTER TABLE school_years ADD COLUMN place_id TEXT;
UPDATE school_years SET place_id = (SELECT p.location_id FROM people p WHERE p.id = school_years.person_id);
ALTER TABLE household_members ADD COLUMN place_id TEXT;
UPDATE household_members SET place_id = (SELECT h.location_id FROM households h WHERE h.id = household_members.household_id);
ALTER TABLE family_support ADD COLUMN place_id TEXT;
UPDATE family_support SET place_id = (SELECT h.location_id FROM households h WHERE h.id = family_support.household_id);
ALTER TABLE assessments ADD COLUMN place_id TEXT;
UPDATE assessments SET place_id = (SELECT h.location_id FROM households h WHERE h.id = assessments.household_id);
ALTER TABLE plan_actions ADD COLUMN place_id TEXT;
UPDATE plan_actions SET place_id = (SELECT h.location_id FROM households h WHERE h.id = plan_actions.household_id);
ALTER TABLE home_visits ADD COLUMN place_id TEXT;
UPDATE home_visits SET place_id = (SELECT h.location_id FROM households h WHERE h.id = home_visits.household_id);
ALTER TABLE displacements ADD COLUMN place_id TEXT;
UPDATE displacements SET place_id = (SELECT h.location_id FROM households h WHERE h.id = displacements.household_id);
ALTER TABLE member_needs ADD COLUMN place_id TEXT;
UPDATE member_needs SET place_id = (SELECT h.location_id FROM households h WHERE h.id = member_needs.household_id);
ALTER TABLE entitlements ADD COLUMN place_id TEXT;
UPDATE entitlements SET place_id = (SELECT h.location_id FROM households h WHERE h.id = entitlements.household_id);
ALTER TABLE receipts ADD COLUMN place_id TEXT;
UPDATE receipts SET place_id = (SELECT h.location_id FROM households h WHERE h.id = receipts.household_id);
ALTER TABLE duplicate_pairs ADD COLUMN place_id TEXT;
UPDATE duplicate_pairs SET place_id = (SELECT h.location_id FROM households h WHERE h.id = duplicate_pairs.household_id);
ALTER TABLE duplicate_decisions ADD COLUMN place_id TEXT;
UPDATE duplicate_decisions SET place_id = (SELECT h.location_id FROM households h WHERE h.id = duplicate_decisions.household_id);
ALTER TABLE farm_seasons ADD COLUMN place_id TEXT;
UPDATE farm_seasons SET place_id = (SELECT h.location_id FROM households h WHERE h.id = farm_seasons.household_id);
ALTER TABLE farm_inputs ADD COLUMN place_id TEXT;
UPDATE farm_inputs SET place_id = (SELECT h.location_id FROM households h WHERE h.id = farm_inputs.household_id);
-- Through its admission (filled above), and through its group.
ALTER TABLE care_follow_ups ADD COLUMN place_id TEXT;
UPDATE care_follow_ups SET place_id = (SELECT a.place_id FROM admissions a WHERE a.id = care_follow_ups.admission_id);
ALTER TABLE registers ADD COLUMN place_id TEXT;
UPDATE registers SET place_id = (SELECT g.location_id FROM care_groups g WHERE g.id = registers.group_id);
