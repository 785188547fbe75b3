-- The question event a classification was computed from: an older event (a replay while a new
-- version reclassifies everything) never overwrites the result of a newer one.
ALTER TABLE classification ADD COLUMN source_event_at TIMESTAMPTZ;
-- Members of a set, paged by (site, post_id).
CREATE INDEX classification_study_post_idx ON classification (study_id, site, post_id);

-- A retired study classifies nothing new; publishing a version of it makes it active again.
CREATE TABLE study_retirement (
    study_id    TEXT        PRIMARY KEY,
    retired_at  TIMESTAMPTZ NOT NULL
);

-- Reclassifying every ingested question under a newly published version, by replaying the question
-- topic from its start up to the end offsets seen when it began; progress is committed with every
-- batch, so a stopped service resumes where it was.
CREATE TABLE reclassification (
    study_id      TEXT        NOT NULL,
    from_version  INTEGER     NOT NULL,
    to_version    INTEGER     NOT NULL,
    state         TEXT        NOT NULL,
    end_offsets   TEXT        NOT NULL,
    next_offsets  TEXT        NOT NULL,
    questions     BIGINT      NOT NULL DEFAULT 0,
    changed       BIGINT      NOT NULL DEFAULT 0,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    PRIMARY KEY (study_id, to_version)
);

-- What a new version changed: the questions that entered or left a set, per version pair.
CREATE TABLE version_change (
    study_id      TEXT     NOT NULL,
    from_version  INTEGER  NOT NULL,
    to_version    INTEGER  NOT NULL,
    site          TEXT     NOT NULL,
    post_id       BIGINT   NOT NULL,
    entered       TEXT[]   NOT NULL,
    left_sets     TEXT[]   NOT NULL,
    PRIMARY KEY (study_id, to_version, site, post_id)
);
