-- A child's acute malnutrition is judged on the latest measurement that
-- can judge it (MUAC, oedema, or weight with length/height), not on the
-- latest measurement alone: a later weight-only measurement must not
-- clear a SAM or MAM. `growth_status` carries that measurement too
-- (NULL when there is none), so the nutrition list stays one range read.
-- Derived, rewritten with the rest of the row.

ALTER TABLE growth_status ADD COLUMN assessable_id TEXT;
ALTER TABLE growth_status ADD COLUMN assessable_on TEXT;
ALTER TABLE growth_status ADD COLUMN assessable_weight_kg REAL;
ALTER TABLE growth_status ADD COLUMN assessable_length_height_cm REAL;
ALTER TABLE growth_status ADD COLUMN assessable_measured TEXT;
ALTER TABLE growth_status ADD COLUMN assessable_oedema INTEGER;
ALTER TABLE growth_status ADD COLUMN assessable_muac_mm REAL;

UPDATE growth_status
   SET (assessable_id, assessable_on, assessable_weight_kg, assessable_length_height_cm, assessable_measured,
        assessable_oedema, assessable_muac_mm) =
       (SELECT id, measured_on, weight_kg, length_height_cm, measured, oedema, muac_mm
          FROM measurements m
         WHERE m.person_id = growth_status.person_id AND m.struck_out IS NULL
           AND (m.muac_mm IS NOT NULL OR m.oedema = 1 OR (m.weight_kg IS NOT NULL AND m.length_height_cm IS NOT NULL))
         ORDER BY m.measured_on DESC, m.created_at DESC, m.id DESC LIMIT 1);
