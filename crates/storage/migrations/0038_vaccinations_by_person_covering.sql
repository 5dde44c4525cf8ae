-- The overdue-vaccinations list reads every dose of the place's children
-- by person, and for each whether it was struck out and whether it is
-- undated: with those two columns in the index by person it is one range
-- read, not a lookup of each dose's row (87 % of the list's time at
-- 40,000 children: 700 ms).
DROP INDEX vaccinations_by_person;
CREATE INDEX vaccinations_by_person ON vaccinations(person_id, dose_code, struck_out, undated);
