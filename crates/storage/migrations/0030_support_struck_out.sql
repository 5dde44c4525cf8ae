-- A family's support entered by mistake (the wrong household, a support
-- that never began) is struck out like any other record: it stays, with
-- its history, and no longer counts (supported lists, figures, the
-- households with something due, a new support may begin).
ALTER TABLE family_support ADD COLUMN struck_out TEXT;
