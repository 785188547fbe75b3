-- What the metrics need of each question, projected from the question events.
CREATE TABLE question_fact (
    site                TEXT        NOT NULL,
    post_id             BIGINT      NOT NULL,
    creation_date       TIMESTAMPTZ NOT NULL,
    owner_user_id       BIGINT,
    accepted_answer_id  BIGINT,
    accepted_answer_at  TIMESTAMPTZ,
    PRIMARY KEY (site, post_id)
);

-- Which sets of each study a question belongs to, projected from the classification events.
CREATE TABLE set_membership (
    study_id       TEXT    NOT NULL,
    site           TEXT    NOT NULL,
    post_id        BIGINT  NOT NULL,
    study_version  INTEGER NOT NULL,
    sets           TEXT[]  NOT NULL,
    PRIMARY KEY (study_id, site, post_id)
);
CREATE INDEX set_membership_sets_idx ON set_membership USING GIN (sets);
