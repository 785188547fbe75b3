-- The read API filters questions by tag; dumps are identified by their files' checksums.
CREATE INDEX post_question_tags_idx ON post USING GIN (tags) WHERE post_type = 1;
ALTER TABLE ingest_job ADD COLUMN checksums TEXT;
