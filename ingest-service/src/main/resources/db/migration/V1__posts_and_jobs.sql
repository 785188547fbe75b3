-- Posts of every site, one row per post; the natural key is (site, id) because ids repeat across sites.
CREATE TABLE post (
    site                TEXT        NOT NULL,
    id                  BIGINT      NOT NULL,
    post_type           SMALLINT    NOT NULL,
    parent_id           BIGINT,
    accepted_answer_id  BIGINT,
    creation_date       TIMESTAMPTZ NOT NULL,
    owner_user_id       BIGINT,
    owner_display_name  TEXT,
    title               TEXT,
    body                TEXT,
    tags                TEXT[]      NOT NULL DEFAULT '{}',
    score               INTEGER,
    view_count          INTEGER,
    answer_count        INTEGER,
    closed_date         TIMESTAMPTZ,
    -- hash of the fields whose change downstream must hear about (not score or views)
    content_hash        BIGINT      NOT NULL,
    -- the job that last stored a change worth an event: the upsert returns it to tell changes apart
    last_changed_job    UUID        NOT NULL,
    -- the accepted answer an AcceptedAnswerLinked event was last published for
    linked_answer_id    BIGINT,
    PRIMARY KEY (site, id)
);

CREATE INDEX post_parent_idx ON post (site, parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX post_question_date_idx ON post (site, creation_date) WHERE post_type = 1;
CREATE INDEX post_unlinked_idx ON post (site) WHERE post_type = 1 AND accepted_answer_id IS NOT NULL
    AND linked_answer_id IS DISTINCT FROM accepted_answer_id;

CREATE TABLE ingest_job (
    id                  UUID        PRIMARY KEY,
    state               TEXT        NOT NULL,
    path                TEXT        NOT NULL,
    format              TEXT        NOT NULL,
    site                TEXT        NOT NULL,
    dump_date           TEXT,
    bytes_total         BIGINT      NOT NULL DEFAULT 0,
    bytes_read          BIGINT      NOT NULL DEFAULT 0,
    rows_read           BIGINT      NOT NULL DEFAULT 0,
    questions           BIGINT      NOT NULL DEFAULT 0,
    answers             BIGINT      NOT NULL DEFAULT 0,
    changed_questions   BIGINT      NOT NULL DEFAULT 0,
    linked_answers      BIGINT      NOT NULL DEFAULT 0,
    skipped_rows        BIGINT      NOT NULL DEFAULT 0,
    warnings            TEXT,
    error               TEXT,
    created_at          TIMESTAMPTZ NOT NULL,
    started_at          TIMESTAMPTZ,
    finished_at         TIMESTAMPTZ
);
CREATE INDEX ingest_job_created_idx ON ingest_job (created_at DESC);
