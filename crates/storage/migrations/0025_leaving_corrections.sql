-- Leaving care and the end of a family's support are corrected with a
-- reason like every other record; an admission entered by mistake is
-- struck out (it stays, with its history, and no longer counts).
ALTER TABLE admissions ADD COLUMN struck_out TEXT;
ALTER TABLE family_support ADD COLUMN correction TEXT;
