-- A labeling round: a sample of a study set's questions, two raters who label every question
-- blind to each other, and an arbitrator who settles their disagreements.
CREATE TABLE labeling_round (
    id                UUID        PRIMARY KEY,
    name              TEXT        NOT NULL,
    kind              TEXT        NOT NULL,          -- CATEGORY (taxonomy nodes) or RELEVANCE (KEEP / DROP)
    study_id          TEXT        NOT NULL,
    set_id            TEXT        NOT NULL,
    taxonomy_id       TEXT,
    taxonomy_version  INTEGER,
    rater_a           TEXT        NOT NULL,
    rater_b           TEXT        NOT NULL,
    arbitrator        TEXT        NOT NULL,
    seed              BIGINT      NOT NULL,
    population        INTEGER     NOT NULL,
    created_by        TEXT        NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL
);

-- The sampled questions, in the order the seed drew them; the first ones form the pilot.
CREATE TABLE round_item (
    round_id  UUID    NOT NULL REFERENCES labeling_round (id),
    site      TEXT    NOT NULL,
    post_id   BIGINT  NOT NULL,
    position  INTEGER NOT NULL,
    pilot     BOOLEAN NOT NULL,
    PRIMARY KEY (round_id, site, post_id)
);

-- Every step, as it happened: labels by raters and decisions by the arbitrator. The current label of
-- a rater (or the decision) on a question is its latest entry.
CREATE TABLE label_entry (
    id          BIGSERIAL   PRIMARY KEY,
    round_id    UUID        NOT NULL,
    site        TEXT        NOT NULL,
    post_id     BIGINT      NOT NULL,
    author      TEXT        NOT NULL,
    role        TEXT        NOT NULL,              -- RATER or ARBITRATOR
    labels      TEXT[]      NOT NULL,
    note        TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (round_id, site, post_id) REFERENCES round_item (round_id, site, post_id)
);
CREATE INDEX label_entry_item_idx ON label_entry (round_id, site, post_id, author, id DESC);
