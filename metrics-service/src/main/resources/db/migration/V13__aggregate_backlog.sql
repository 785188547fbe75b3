-- Catching up on a backlog (a dump just loaded, a consumer rebuilding from the topics), the triggers' row-by-row upkeep of
-- the aggregates cost ~60-90 µs of one backend per question under one lock that serialized both consumers (~10,000
-- questions/s at most, 2 cores). A site in the backlog is instead counted once, set-based, when its events have stopped
-- coming: its facts and memberships are stored as they arrive (no lock between the consumers), and its aggregates are
-- rebuilt from them in one transaction. A site not in the backlog keeps the row-by-row upkeep (a trickle of changes).

-- Who marked a site as in the backlog (each consumer its own row: no row lock shared between consumers) and when it
-- last wrote rows of it: the site is rebuilt once every mark is older than the quiet period.
CREATE TABLE aggregate_backlog (
    site       TEXT        NOT NULL,
    marked_by  TEXT        NOT NULL,
    marked_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site, marked_by)
);

-- Every transaction that writes facts or memberships of a site holds this lock of the site shared, from before it first
-- looks at the backlog until it commits; the site's rebuild holds it exclusively. So a rebuild starts only once every
-- write that skipped the site's aggregates is committed (it reads them), no write sees the backlog change under it, and
-- the other sites' consumers go on meanwhile. A consumer takes the locks of all its batch's sites first (sorted), before
-- metrics_lock(), so that the two cannot deadlock.
CREATE FUNCTION metrics_backlog_guard(sites TEXT[]) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    -- PERFORM runs the query to its end (a SQL function would stop at its first row: one lock)
    PERFORM pg_advisory_xact_lock_shared(hashtext('metrics backlog ' || s))
    FROM (SELECT DISTINCT s FROM unnest(sites) AS s ORDER BY 1) g;
END $$;

-- A consumer's batch: with force (a big batch) its sites enter the backlog, else the marks of those already there are
-- renewed (their events still come).
CREATE FUNCTION metrics_mark_backlog(sites TEXT[], marker TEXT, force BOOLEAN) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    PERFORM metrics_backlog_guard(sites);
    INSERT INTO aggregate_backlog AS b (site, marked_by, marked_at)
    SELECT DISTINCT s, marker, clock_timestamp() FROM unnest(sites) AS s
    WHERE force OR EXISTS (SELECT 1 FROM aggregate_backlog o WHERE o.site = s)
    ORDER BY 1
    ON CONFLICT (site, marked_by) DO UPDATE SET marked_at = excluded.marked_at;
END $$;

CREATE OR REPLACE FUNCTION metrics_membership_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    -- rows of sites in the backlog are counted by their rebuild (an update keeps its row's site)
    IF TG_OP = 'DELETE' THEN
        PERFORM metrics_backlog_guard(ARRAY(SELECT site FROM old_rows));
    ELSE
        PERFORM metrics_backlog_guard(ARRAY(SELECT site FROM new_rows));
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM old_rows m WHERE NOT EXISTS (SELECT 1 FROM aggregate_backlog b WHERE b.site = m.site)) THEN
            RETURN NULL;
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM new_rows m WHERE NOT EXISTS (SELECT 1 FROM aggregate_backlog b WHERE b.site = m.site)) THEN
        RETURN NULL;
    END IF;
    PERFORM metrics_lock();
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM metrics_apply(ARRAY(
            SELECT metrics_contribution_of(m, q, -1)
            FROM old_rows m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id
            WHERE NOT EXISTS (SELECT 1 FROM aggregate_backlog b WHERE b.site = m.site)));
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM metrics_apply(ARRAY(
            SELECT metrics_contribution_of(m, q, 1)
            FROM new_rows m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id
            WHERE NOT EXISTS (SELECT 1 FROM aggregate_backlog b WHERE b.site = m.site)));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION metrics_fact_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM metrics_backlog_guard(ARRAY(SELECT site FROM old_rows));
    ELSE
        PERFORM metrics_backlog_guard(ARRAY(SELECT site FROM new_rows));
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM old_rows q WHERE NOT EXISTS (SELECT 1 FROM aggregate_backlog b WHERE b.site = q.site)) THEN
            RETURN NULL;
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM new_rows q WHERE NOT EXISTS (SELECT 1 FROM aggregate_backlog b WHERE b.site = q.site)) THEN
        RETURN NULL;
    END IF;
    PERFORM metrics_lock();
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM metrics_apply(ARRAY(
            SELECT metrics_contribution_of(m, q, -1)
            FROM old_rows q JOIN set_membership m ON m.site = q.site AND m.post_id = q.post_id
            WHERE NOT EXISTS (SELECT 1 FROM aggregate_backlog b WHERE b.site = q.site)));
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO dump_end AS e (site, dump_id, newest_post)
        SELECT site, coalesce(dump_id, ''), max(greatest(creation_date, accepted_answer_at))
        FROM new_rows q WHERE NOT EXISTS (SELECT 1 FROM aggregate_backlog b WHERE b.site = q.site)
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (site, dump_id) DO UPDATE SET newest_post = greatest(e.newest_post, excluded.newest_post);
        PERFORM metrics_apply(ARRAY(
            SELECT metrics_contribution_of(m, q, 1)
            FROM new_rows q JOIN set_membership m ON m.site = q.site AND m.post_id = q.post_id
            WHERE NOT EXISTS (SELECT 1 FROM aggregate_backlog b WHERE b.site = q.site)));
    END IF;
    RETURN NULL;
END $$;

-- The histogram follows set_question row by row, except for a site in the backlog: its rebuild counts it.
CREATE OR REPLACE FUNCTION metrics_response_times_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM metrics_histogram_add(ARRAY(SELECT ROW(o.*)::set_question FROM old_rows o WHERE o.response_bucket IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM aggregate_backlog b WHERE b.site = o.site)), -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM metrics_histogram_add(ARRAY(SELECT ROW(n.*)::set_question FROM new_rows n WHERE n.response_bucket IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM aggregate_backlog b WHERE b.site = n.site)), 1);
    END IF;
    RETURN NULL;
END $$;

-- Counts a site of the backlog from scratch, once no consumer has written rows of it for the quiet period (answers
-- false, and does nothing, otherwise). What it writes is what the row-by-row upkeep would have reached: the same
-- contributions (metrics_contribution_of), grouped. The newest post of each dump only grows, as row by row.
CREATE FUNCTION metrics_rebuild(rebuilt TEXT, quiet INTERVAL) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('metrics backlog ' || rebuilt));
    IF NOT EXISTS (SELECT 1 FROM aggregate_backlog WHERE site = rebuilt HAVING max(marked_at) < clock_timestamp() - quiet) THEN
        RETURN FALSE;
    END IF;
    -- the statistics may not have seen the site's rows yet: a nested loop over them would run for minutes
    PERFORM set_config('enable_nestloop', 'off', true);
    DELETE FROM set_combination_stats WHERE site = rebuilt;
    DELETE FROM set_year_stats WHERE site = rebuilt;
    DELETE FROM set_year_user WHERE site = rebuilt;
    DELETE FROM set_question WHERE site = rebuilt;
    DELETE FROM set_response_histogram WHERE site = rebuilt;
    WITH c AS MATERIALIZED (
        SELECT (metrics_contribution_of(m, q, 1)).*
        FROM set_membership m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id
        WHERE m.site = rebuilt
    ), per_set AS MATERIALIZED (
        SELECT c.*, member.set_id FROM c, unnest(c.sets) AS member(set_id)
    ), combinations AS (
        INSERT INTO set_combination_stats (study_id, site, sets, questions, without_accepted)
        SELECT study_id, site, sets, count(*), sum(unanswered) FROM c GROUP BY study_id, site, sets
    ), questions AS (
        INSERT INTO set_question (study_id, set_id, site, post_id, creation_date, accepted, response_minutes, dump_id)
        SELECT study_id, set_id, site, post_id, creation_date, unanswered = 0, response_minutes, dump_id FROM per_set
        ORDER BY study_id, set_id, site, post_id
    ), users AS (
        INSERT INTO set_year_user (study_id, set_id, site, year, owner_user_id, questions)
        SELECT study_id, set_id, site, year, owner_user_id, count(*) FROM per_set WHERE owner_user_id IS NOT NULL
        GROUP BY study_id, set_id, site, year, owner_user_id
    )
    INSERT INTO set_year_stats (study_id, set_id, site, year, questions, users)
    SELECT study_id, set_id, site, year, count(*), count(DISTINCT owner_user_id) FROM per_set
    GROUP BY study_id, set_id, site, year;
    INSERT INTO set_response_histogram (study_id, set_id, site, bucket, questions, minutes_sum)
    SELECT study_id, set_id, site, response_bucket, count(*), sum(response_minutes::numeric) FROM set_question
    WHERE site = rebuilt AND response_bucket IS NOT NULL GROUP BY study_id, set_id, site, response_bucket;
    INSERT INTO dump_end AS e (site, dump_id, newest_post)
    SELECT site, coalesce(dump_id, ''), max(greatest(creation_date, accepted_answer_at))
    FROM question_fact WHERE site = rebuilt GROUP BY 1, 2
    ON CONFLICT (site, dump_id) DO UPDATE SET newest_post = greatest(e.newest_post, excluded.newest_post);
    DELETE FROM aggregate_backlog WHERE site = rebuilt;
    RETURN TRUE;
END $$;
