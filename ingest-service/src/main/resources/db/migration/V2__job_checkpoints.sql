-- Where a job stands, committed with every batch: a job killed at any point resumes after the last
-- stored batch, with its counters, and its result equals an uninterrupted run.
ALTER TABLE ingest_job ADD COLUMN files_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ingest_job ADD COLUMN rows_done_in_file BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ingest_job ADD COLUMN resumed INTEGER NOT NULL DEFAULT 0;
