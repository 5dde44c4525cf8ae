-- Corrections and strike-outs (issue 12): a measurement, a vaccination, a
-- visit or an assessment recorded wrongly is never deleted — it is struck
-- out with a reason (`struck_out`), or corrected with one (`correction`,
-- the latest correction's reason; every earlier value stays in the change
-- log). A struck-out record is not counted: not drawn, not in prevalence,
-- not a dose given.
ALTER TABLE measurements ADD COLUMN struck_out TEXT;
ALTER TABLE measurements ADD COLUMN correction TEXT;
ALTER TABLE vaccinations ADD COLUMN struck_out TEXT;
ALTER TABLE vaccinations ADD COLUMN correction TEXT;
ALTER TABLE medical_visits ADD COLUMN struck_out TEXT;
ALTER TABLE medical_visits ADD COLUMN correction TEXT;
ALTER TABLE home_visits ADD COLUMN struck_out TEXT;
ALTER TABLE home_visits ADD COLUMN correction TEXT;
ALTER TABLE care_follow_ups ADD COLUMN struck_out TEXT;
ALTER TABLE care_follow_ups ADD COLUMN correction TEXT;
ALTER TABLE assessments ADD COLUMN struck_out TEXT;
ALTER TABLE assessments ADD COLUMN correction TEXT;
