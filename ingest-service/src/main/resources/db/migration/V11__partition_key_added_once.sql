-- post_partition_add_key (V10) looked for the key and added it in one go: a resumed load and the relay
-- asking at once both found none, and the second failed with "multiple primary keys". Now a caller
-- that finds none takes a lock that conflicts with its own kind and looks again; the common call, on a
-- partition that has its key, still takes no lock at all.
CREATE OR REPLACE FUNCTION post_partition_add_key(p_site TEXT) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    name TEXT := post_partition(p_site);
BEGIN
    IF to_regclass(name) IS NULL
       OR EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(name) AND contype = 'p') THEN
        RETURN;
    END IF;
    EXECUTE format('LOCK TABLE %I IN SHARE ROW EXCLUSIVE MODE', name);
    -- a statement of its own: it sees what a caller that held the lock before committed
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(name) AND contype = 'p') THEN
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (site, id)', name, name || '_pkey');
    END IF;
END $$;
