-- The outcome of relevance reviews (taxonomy rounds of kind RELEVANCE) per question of a set, from the taxonomy
-- service's LabelFinalized events, as the classifier records it: kept questions are the set's reviewed members, the
-- latest final label winning. Queries with reviewed=<set> count only those (a human review is at most thousands of
-- questions, so they are counted when asked instead of aggregated).
CREATE TABLE set_review (
    study_id      TEXT        NOT NULL,
    set_id        TEXT        NOT NULL,
    site          TEXT        NOT NULL,
    post_id       BIGINT      NOT NULL,
    kept          BOOLEAN     NOT NULL,
    round_id      TEXT        NOT NULL,
    finalized_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (study_id, set_id, site, post_id)
);
