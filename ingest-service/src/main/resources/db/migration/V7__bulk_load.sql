-- Accepted answers are linked in id order after a load: the partial index serves each step from
-- where the previous one stopped, instead of sorting every unannounced link again.
DROP INDEX post_unlinked_idx;
CREATE INDEX post_unlinked_idx ON post (site, id) WHERE post_type = 1 AND accepted_answer_id IS NOT NULL
    AND linked_answer_id IS DISTINCT FROM accepted_answer_id;
-- A job notes the posts it reads only when an earlier dump of its site exists (only then can posts
-- have been deleted); decided once when it starts, so that a resumed job decides the same.
ALTER TABLE ingest_job ADD COLUMN tracks_deletions BOOLEAN NOT NULL DEFAULT TRUE;
-- A site's first load copies rows straight into the post table (nothing to merge with).
ALTER TABLE ingest_job ADD COLUMN first_load BOOLEAN NOT NULL DEFAULT FALSE;
