-- Rows a job skipped without a readable post id: while there are any, the job cannot tell which stored posts its
-- dump still holds, and applies no deletions.
ALTER TABLE ingest_job ADD COLUMN unidentified_rows BIGINT NOT NULL DEFAULT 0;
