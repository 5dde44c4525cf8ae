-- Nutrition lists read each child's latest measurement and the weight
-- before it. Kept on the rows themselves (derived, recomputed by the
-- store whenever a child's measurements change; never synced) so a list of
-- 40,000 children is one indexed lookup per child.

ALTER TABLE measurements ADD COLUMN is_latest INTEGER NOT NULL DEFAULT 0;
ALTER TABLE measurements ADD COLUMN prev_date TEXT;
ALTER TABLE measurements ADD COLUMN prev_weight_kg REAL;

UPDATE measurements AS m SET is_latest = 1
 WHERE m.id = (SELECT x.id FROM measurements x WHERE x.person_id = m.person_id
               ORDER BY x.measured_on DESC, x.created_at DESC LIMIT 1);
UPDATE measurements AS m SET (prev_date, prev_weight_kg) =
       (SELECT pm.measured_on, pm.weight_kg FROM measurements pm
         WHERE pm.person_id = m.person_id AND pm.weight_kg IS NOT NULL AND pm.measured_on < m.measured_on
         ORDER BY pm.measured_on DESC LIMIT 1);

CREATE INDEX measurements_latest ON measurements(person_id) WHERE is_latest = 1;
