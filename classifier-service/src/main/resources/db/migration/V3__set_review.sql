-- The outcome of a relevance review (a taxonomy round of kind RELEVANCE) per question of a set, from
-- the taxonomy service's LabelFinalized events: kept questions are the set's reviewed members. The
-- latest final label wins (a later decision overrides an agreement).
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
