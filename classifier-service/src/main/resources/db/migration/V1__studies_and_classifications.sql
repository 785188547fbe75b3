-- Published study definitions; a version never changes once stored.
CREATE TABLE study_version (
    study_id      TEXT        NOT NULL,
    version       INTEGER     NOT NULL,
    title         TEXT,
    document      TEXT        NOT NULL,
    published_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (study_id, version)
);

-- The current classification of each question under each study (latest version that classified it).
CREATE TABLE classification (
    study_id       TEXT        NOT NULL,
    site           TEXT        NOT NULL,
    post_id        BIGINT      NOT NULL,
    study_version  INTEGER     NOT NULL,
    sets           TEXT[]      NOT NULL,
    matches        TEXT        NOT NULL,
    classified_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (study_id, site, post_id)
);
CREATE INDEX classification_sets_idx ON classification USING GIN (sets);
