-- A job may only read a dump through, to check it (and to measure the parser), storing nothing.
ALTER TABLE ingest_job ADD COLUMN validate_only BOOLEAN NOT NULL DEFAULT FALSE;
