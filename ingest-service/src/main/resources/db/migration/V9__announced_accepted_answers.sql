-- Which accepted answer was last announced (AcceptedAnswerLinked) for a question, in a narrow table of
-- its own. Marking it on post rewrote every linked question's wide row (body included) and, the update
-- not being HOT, every index of it: 6.5 s of a 1 GB first load's 37 s.
CREATE TABLE accepted_answer_announced (
    site              TEXT        NOT NULL,
    question_id       BIGINT      NOT NULL,
    answer_id         BIGINT      NOT NULL,
    answer_created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site, question_id)
);
INSERT INTO accepted_answer_announced (site, question_id, answer_id, answer_created_at)
SELECT q.site, q.id, q.linked_answer_id, a.creation_date
FROM post q JOIN post a ON a.site = q.site AND a.id = q.linked_answer_id
WHERE q.linked_answer_id IS NOT NULL;

DROP INDEX post_unlinked_idx;
ALTER TABLE post DROP COLUMN linked_answer_id;
-- a site's load table left detached by a load that could not attach it must keep matching post
DO $$
DECLARE
    t REGCLASS;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_class c
             WHERE c.relkind = 'r' AND c.relname ~ '^post_[0-9a-f]{20}$'
               AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) LOOP
        EXECUTE format('ALTER TABLE %s DROP COLUMN IF EXISTS linked_answer_id', t);
    END LOOP;
END $$;
