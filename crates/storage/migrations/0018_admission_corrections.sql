-- An admission recorded with the wrong day, reason or referrer is
-- corrected with a reason (issue 12 item 3), the latest correction's
-- reason kept here; every earlier value stays in the change log. An
-- admission is not struck out: a child admitted by mistake leaves care.
ALTER TABLE admissions ADD COLUMN correction TEXT;
