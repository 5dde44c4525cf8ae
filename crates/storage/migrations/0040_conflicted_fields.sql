-- The fields in conflict (more than one head, not all of them removals),
-- kept beside their heads by the one place heads move
-- (merge/heads.rs, `advance_one`). A person's page asks whether anything
-- is in conflict at all before listing every record of the child to look
-- their heads up: that listing was a tenth of the page's time (docs/
-- benchmarks.md, session 20), for a list nearly always empty. The review
-- list and the home page's count read it instead of grouping all heads.
CREATE TABLE conflicted_fields (
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    PRIMARY KEY (entity_id, field)
) WITHOUT ROWID;

INSERT INTO conflicted_fields (entity_id, field)
SELECT h.entity_id, h.field FROM heads h JOIN ops o ON o.device = h.device AND o.seq = h.seq
 GROUP BY h.entity_id, h.field
HAVING COUNT(*) > 1 AND SUM(o.field IS NULL AND o.value = 'null') < COUNT(*);
