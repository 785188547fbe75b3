-- A newer full dump of a site removes what it no longer holds: every post a job reads is noted, and
-- at the end the site's posts it did not read are marked deleted (and announced, for questions).
CREATE TABLE ingest_seen (
    job_id  UUID   NOT NULL,
    id      BIGINT NOT NULL,
    PRIMARY KEY (job_id, id)
);
ALTER TABLE post ADD COLUMN deleted_at TIMESTAMPTZ;
ALTER TABLE post ADD COLUMN deleted_in_dump TEXT;
ALTER TABLE ingest_job ADD COLUMN deleted_questions BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ingest_job ADD COLUMN deleted_answers BIGINT NOT NULL DEFAULT 0;
