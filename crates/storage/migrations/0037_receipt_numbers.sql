-- A receipt's number (issue 15's walk-through): what the desk shows and a
-- relief officer reads over the phone, `MOP-SEV-R000042` — the site's code
-- and a per-site counter kept in `record_counters` (series 2 the serving
-- replica's, 3 the hub's from 900,000, as record numbers' 0 and 1), so two
-- desks apart never give one number twice. Receipts made before this have
-- none (the desk then shows the end of their id, as it did).
ALTER TABLE receipts ADD COLUMN number TEXT;
CREATE INDEX receipts_by_number ON receipts(number) WHERE number IS NOT NULL;
