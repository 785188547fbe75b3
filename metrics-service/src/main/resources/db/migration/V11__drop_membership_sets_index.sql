-- Nothing reads memberships by set any more (the figures read set_question and the aggregates; the triggers find
-- memberships by site and post): the GIN index on their sets only cost every membership written an index entry.
DROP INDEX set_membership_sets_idx;
