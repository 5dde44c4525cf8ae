-- A support-plan action is corrected or struck out with a reason, like
-- the other records (a wrong "done" day is corrected, never deleted).
ALTER TABLE plan_actions ADD COLUMN struck_out TEXT;
ALTER TABLE plan_actions ADD COLUMN correction TEXT;
