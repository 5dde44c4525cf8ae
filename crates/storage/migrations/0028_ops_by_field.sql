-- Sync speed (issue 14, item 9): the merge asks, per received op, for a
-- record's creation and removals (`field IS NULL`) and for the ops of one
-- field newer than the op. On the log by (entity, clock) each question
-- read every op of the record, one table lookup each: a child whose phone
-- changed 100 times cost 100 lookups per change. By (entity, field, clock)
-- each is a short range.
DROP INDEX ops_by_entity;
CREATE INDEX ops_by_entity ON ops(entity_id, field, hlc);
