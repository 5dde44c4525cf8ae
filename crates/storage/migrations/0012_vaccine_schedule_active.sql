-- The schedule is configuration the national office changes: a new vaccine
-- is added, a dose moves. A dose no longer given is withdrawn, not deleted:
-- the cards that record it keep it, and nobody is overdue for it.
ALTER TABLE vaccine_schedule ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
