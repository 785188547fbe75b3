-- A site's first load copies into a table without its primary key: the job tells repeated posts apart
-- itself (IngestRunner), and attaching the partition builds the key with the other indexes, sorted in
-- one pass. Keeping the key's B-tree up to date row by row took 1.7 s of PostgreSQL's 4.8 s per GB of
-- posts copied; building it at the end takes 0.8 s.
CREATE OR REPLACE FUNCTION post_partition_for_load(p_site TEXT) RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
    name TEXT := post_partition(p_site);
BEGIN
    IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I (LIKE post INCLUDING DEFAULTS, CONSTRAINT %I CHECK (site = %L))',
                       name, name || '_site', p_site);
    END IF;
    RETURN name;
END $$;

-- Gives the site's partition its primary key unless it has it (an attached one has): a load that
-- cannot tell repeated posts apart itself (a resumed one) lets the key refuse them, and the relay
-- reads questions by id with it. Attaching keeps this index.
CREATE FUNCTION post_partition_add_key(p_site TEXT) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    name TEXT := post_partition(p_site);
BEGIN
    IF to_regclass(name) IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(name) AND contype = 'p') THEN
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (site, id)', name, name || '_pkey');
    END IF;
END $$;
