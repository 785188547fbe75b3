-- One partition of post per site. A site's first load fills its own table, which has only its primary
-- key, and the secondary indexes (GIN on tags included) are built once when the partition is attached,
-- as pg_restore does, instead of being updated row by row. Every query names a site, so the planner
-- reads that site's partition alone, and ANALYZE after a load covers only the site that changed.
CREATE FUNCTION post_partition(p_site TEXT) RETURNS TEXT IMMUTABLE LANGUAGE sql
    AS $$ SELECT 'post_' || substr(md5(p_site), 1, 20) $$;

-- The site's partition, created detached (only its primary key and a check that admits only the site,
-- which lets ATTACH skip its validation scan) when it does not exist yet.
CREATE FUNCTION post_partition_for_load(p_site TEXT) RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
    name TEXT := post_partition(p_site);
BEGIN
    IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I (LIKE post INCLUDING DEFAULTS, CONSTRAINT %I CHECK (site = %L), '
                       'PRIMARY KEY (site, id))', name, name || '_site', p_site);
    END IF;
    RETURN name;
END $$;

-- Attaches the site's partition unless it is attached; attaching builds the indexes it lacks.
CREATE FUNCTION post_partition_attach(p_site TEXT) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    name TEXT := post_partition(p_site);
BEGIN
    IF to_regclass(name) IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(name)) THEN
        EXECUTE format('ALTER TABLE post ATTACH PARTITION %I FOR VALUES IN (%L)', name, p_site);
    END IF;
END $$;

ALTER TABLE post RENAME TO post_unpartitioned;
ALTER TABLE post_unpartitioned RENAME CONSTRAINT post_pkey TO post_unpartitioned_pkey;
DROP INDEX post_parent_idx, post_question_date_idx, post_unlinked_idx, post_question_tags_idx;

CREATE TABLE post (LIKE post_unpartitioned INCLUDING DEFAULTS, PRIMARY KEY (site, id)) PARTITION BY LIST (site);
CREATE INDEX post_parent_idx ON post (site, parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX post_question_date_idx ON post (site, creation_date) WHERE post_type = 1;
CREATE INDEX post_unlinked_idx ON post (site, id) WHERE post_type = 1 AND accepted_answer_id IS NOT NULL
    AND linked_answer_id IS DISTINCT FROM accepted_answer_id;
CREATE INDEX post_question_tags_idx ON post USING GIN (tags) WHERE post_type = 1;

DO $$
DECLARE
    s TEXT;
BEGIN
    FOR s IN SELECT DISTINCT site FROM post_unpartitioned LOOP
        EXECUTE format('INSERT INTO %I SELECT * FROM post_unpartitioned WHERE site = %L', post_partition_for_load(s), s);
        PERFORM post_partition_attach(s);
    END LOOP;
END $$;
DROP TABLE post_unpartitioned;
