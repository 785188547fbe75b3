-- Every accepted-answer link received, whether or not its question is known yet: a link that arrives before
-- its question (another order on the topic, a replay, a consumer restarted mid-way) is kept here and applied
-- when the question arrives. question_fact.accepted_answer_at is derived from this table and the question's
-- accepted_answer_id. Keyed by the answer as well: a question whose accepted answer changes names which one.
CREATE TABLE accepted_answer_link (
    site         TEXT        NOT NULL,
    post_id      BIGINT      NOT NULL,
    answer_id    BIGINT      NOT NULL,
    answered_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site, post_id, answer_id)
);

INSERT INTO accepted_answer_link (site, post_id, answer_id, answered_at)
SELECT site, post_id, accepted_answer_id, accepted_answer_at FROM question_fact
WHERE accepted_answer_id IS NOT NULL AND accepted_answer_at IS NOT NULL;
