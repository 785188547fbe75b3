-- Pre-aggregated figures, kept current by statement-level triggers on the two projections, so that
-- the trend and the counts of difficulty and comparison read a few rows per set and year instead of
-- every question of a set (Stack Overflow: tens of millions of questions).

-- Every set a study defines (from the classification events' studySets and sets): a set that holds
-- no question yet is known, an unknown one is refused.
CREATE TABLE study_set (
    study_id TEXT NOT NULL,
    set_id   TEXT NOT NULL,
    PRIMARY KEY (study_id, set_id)
);

-- Questions (with their facts) per combination of sets: counts for any union of sets, each
-- question once, whatever the number of its sets.
CREATE TABLE set_combination_stats (
    study_id          TEXT   NOT NULL,
    site              TEXT   NOT NULL,
    sets              TEXT[] NOT NULL,
    questions         BIGINT NOT NULL,
    without_accepted  BIGINT NOT NULL,
    PRIMARY KEY (study_id, site, sets)
);

-- Questions and distinct askers per set, site and year: the popularity trend.
CREATE TABLE set_year_stats (
    study_id   TEXT    NOT NULL,
    set_id     TEXT    NOT NULL,
    site       TEXT    NOT NULL,
    year       INTEGER NOT NULL,
    questions  BIGINT  NOT NULL,
    users      BIGINT  NOT NULL,
    PRIMARY KEY (study_id, set_id, site, year)
);

-- Each question of each set with what difficulty and survival read: one index range per set instead
-- of a join of the set's memberships with every question.
CREATE TABLE set_question (
    study_id       TEXT        NOT NULL,
    set_id         TEXT        NOT NULL,
    site           TEXT        NOT NULL,
    post_id        BIGINT      NOT NULL,
    creation_date  TIMESTAMPTZ NOT NULL,
    accepted       BOOLEAN     NOT NULL,
    -- full elapsed minutes to the accepted answer, when it and its time are known (as R's difftime)
    response_minutes DOUBLE PRECISION,
    dump_id        TEXT,
    PRIMARY KEY (study_id, set_id, site, post_id)
);

-- The newest question of each dump of a site ('' for a dump without id): a dump whose id carries no
-- date ("site@yyyy-mm") observes its site up to that question, for the censoring of survival curves.
CREATE TABLE dump_end (
    site            TEXT        NOT NULL,
    dump_id         TEXT        NOT NULL,
    newest_question TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site, dump_id)
);

-- How many questions of a set and year each user asked: a user counts while this is above zero.
CREATE TABLE set_year_user (
    study_id       TEXT    NOT NULL,
    set_id         TEXT    NOT NULL,
    site           TEXT    NOT NULL,
    year           INTEGER NOT NULL,
    owner_user_id  BIGINT  NOT NULL,
    questions      BIGINT  NOT NULL,
    PRIMARY KEY (study_id, set_id, site, year, owner_user_id)
);

-- One question counted in one membership: +1, or -1 for what it no longer counts as.
CREATE TYPE metrics_contribution AS (
    study_id TEXT, site TEXT, sets TEXT[], year INTEGER, owner_user_id BIGINT, unanswered INTEGER, sign INTEGER,
    post_id BIGINT, creation_date TIMESTAMPTZ, response_minutes DOUBLE PRECISION, dump_id TEXT);

CREATE FUNCTION metrics_contribution_of(m set_membership, q question_fact, sign INTEGER)
        RETURNS metrics_contribution LANGUAGE SQL IMMUTABLE AS $$
    SELECT ROW(m.study_id, m.site, m.sets, extract(year FROM q.creation_date AT TIME ZONE 'UTC')::int,
               q.owner_user_id, (q.accepted_answer_id IS NULL)::int, sign, q.post_id, q.creation_date,
               (extract(epoch FROM q.accepted_answer_at - q.creation_date) / 60)::float8, q.dump_id)::metrics_contribution;
$$;

-- Applies contributions to the aggregates. Keys are taken in order, so concurrent batches cannot
-- deadlock on the aggregate rows.
CREATE FUNCTION metrics_apply(contributions metrics_contribution[]) RETURNS VOID LANGUAGE SQL AS $$
    WITH d AS (
        SELECT * FROM unnest(contributions)
    ), combinations AS (
        INSERT INTO set_combination_stats AS s (study_id, site, sets, questions, without_accepted)
        SELECT study_id, site, sets, sum(sign), sum(sign * unanswered) FROM d
        GROUP BY study_id, site, sets ORDER BY study_id, site, sets
        ON CONFLICT (study_id, site, sets) DO UPDATE
            SET questions = s.questions + excluded.questions, without_accepted = s.without_accepted + excluded.without_accepted
    ), per_set AS (
        SELECT d.*, member.set_id FROM d, unnest(d.sets) AS member(set_id)
    ), current_questions AS (
        -- a question of a set that a contribution of +1 leaves there: stored as it now is
        INSERT INTO set_question AS sq (study_id, set_id, site, post_id, creation_date, accepted, response_minutes, dump_id)
        SELECT DISTINCT ON (study_id, set_id, site, post_id) study_id, set_id, site, post_id, creation_date,
               unanswered = 0, response_minutes, dump_id
        FROM per_set WHERE sign > 0 ORDER BY study_id, set_id, site, post_id
        ON CONFLICT (study_id, set_id, site, post_id) DO UPDATE SET creation_date = excluded.creation_date,
            accepted = excluded.accepted, response_minutes = excluded.response_minutes, dump_id = excluded.dump_id
    ), gone_questions AS (
        -- one that only left (no +1 for it in this statement)
        DELETE FROM set_question sq USING (
            SELECT study_id, set_id, site, post_id FROM per_set GROUP BY study_id, set_id, site, post_id
            HAVING max(sign) < 0) g
        WHERE sq.study_id = g.study_id AND sq.set_id = g.set_id AND sq.site = g.site AND sq.post_id = g.post_id
    ), user_deltas AS (
        SELECT study_id, set_id, site, year, owner_user_id, sum(sign) AS delta FROM per_set
        WHERE owner_user_id IS NOT NULL GROUP BY study_id, set_id, site, year, owner_user_id
        HAVING sum(sign) <> 0
    ), users AS (
        INSERT INTO set_year_user AS u (study_id, set_id, site, year, owner_user_id, questions)
        SELECT * FROM user_deltas ORDER BY study_id, set_id, site, year, owner_user_id
        ON CONFLICT (study_id, set_id, site, year, owner_user_id) DO UPDATE SET questions = u.questions + excluded.questions
        RETURNING study_id, set_id, site, year, owner_user_id, questions
    ), user_counts AS (
        -- a user appears when their count rises above zero, and disappears when it falls to zero
        SELECT u.study_id, u.set_id, u.site, u.year,
               sum(CASE WHEN u.questions > 0 AND u.questions - ud.delta <= 0 THEN 1
                        WHEN u.questions <= 0 AND u.questions - ud.delta > 0 THEN -1 ELSE 0 END) AS users
        FROM users u JOIN user_deltas ud USING (study_id, set_id, site, year, owner_user_id)
        GROUP BY u.study_id, u.set_id, u.site, u.year
    ), question_counts AS (
        SELECT study_id, set_id, site, year, sum(sign) AS questions FROM per_set GROUP BY study_id, set_id, site, year
    )
    INSERT INTO set_year_stats AS y (study_id, set_id, site, year, questions, users)
    SELECT study_id, set_id, site, year, coalesce(q.questions, 0), coalesce(c.users, 0)
    FROM question_counts q FULL JOIN user_counts c USING (study_id, set_id, site, year)
    ORDER BY study_id, set_id, site, year
    ON CONFLICT (study_id, set_id, site, year) DO UPDATE
        SET questions = y.questions + excluded.questions, users = y.users + excluded.users;
$$;

-- A membership counts once its question's facts are there, and a fact once its memberships are:
-- the two arrive from different topics, in any order. One lock serializes the changes of either
-- table, so that each sees the other's committed rows (READ COMMITTED: a new snapshot per statement).
CREATE FUNCTION metrics_lock() RETURNS VOID LANGUAGE SQL AS $$
    SELECT pg_advisory_xact_lock(hashtext('metrics aggregates'));
$$;

CREATE FUNCTION metrics_membership_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    PERFORM metrics_lock();
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM metrics_apply(ARRAY(
            SELECT metrics_contribution_of(m, q, -1)
            FROM old_rows m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id));
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO study_set SELECT DISTINCT study_id, unnest(sets) FROM new_rows ON CONFLICT DO NOTHING;
        PERFORM metrics_apply(ARRAY(
            SELECT metrics_contribution_of(m, q, 1)
            FROM new_rows m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id));
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION metrics_fact_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    PERFORM metrics_lock();
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM metrics_apply(ARRAY(
            SELECT metrics_contribution_of(m, q, -1)
            FROM old_rows q JOIN set_membership m ON m.site = q.site AND m.post_id = q.post_id));
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO dump_end AS e (site, dump_id, newest_question)
        SELECT site, coalesce(dump_id, ''), max(creation_date) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (site, dump_id) DO UPDATE SET newest_question = greatest(e.newest_question, excluded.newest_question);
        PERFORM metrics_apply(ARRAY(
            SELECT metrics_contribution_of(m, q, 1)
            FROM new_rows q JOIN set_membership m ON m.site = q.site AND m.post_id = q.post_id));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER membership_inserted AFTER INSERT ON set_membership
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_membership_changed();
CREATE TRIGGER membership_updated AFTER UPDATE ON set_membership
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_membership_changed();
CREATE TRIGGER membership_deleted AFTER DELETE ON set_membership
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_membership_changed();
CREATE TRIGGER fact_inserted AFTER INSERT ON question_fact
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_fact_changed();
CREATE TRIGGER fact_updated AFTER UPDATE ON question_fact
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_fact_changed();
CREATE TRIGGER fact_deleted AFTER DELETE ON question_fact
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_fact_changed();

-- What was projected before this migration, aggregated once.
INSERT INTO dump_end SELECT site, coalesce(dump_id, ''), max(creation_date) FROM question_fact GROUP BY 1, 2;
INSERT INTO study_set SELECT DISTINCT study_id, unnest(sets) FROM set_membership;
SELECT metrics_apply(ARRAY(
    SELECT metrics_contribution_of(m, q, 1)
    FROM set_membership m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id));
