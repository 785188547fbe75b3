-- Difficulty without reading every response time of a set (Stack Overflow: ~11 million answered
-- questions). Response times fall into fine logarithmic buckets (256 per unit of ln(1 + minutes): a
-- bucket spans 0.4 % of its value); a histogram per set, site and bucket counts them and sums their
-- minutes. An order statistic (a quartile, a hinge, a whisker) is then found from the histogram's
-- cumulative counts and one bucket's values, read through an index: exact, as from the sorted sample.

-- Monotone in the minutes; negative times (an accepted answer older than its question, as merged
-- questions have) get negative buckets.
CREATE FUNCTION metrics_response_bucket(minutes DOUBLE PRECISION) RETURNS INTEGER
        LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN minutes >= 0 THEN floor(ln(1 + minutes) * 256)::int
                ELSE -1 - floor(ln(1 - minutes) * 256)::int END;
$$;

ALTER TABLE set_question ADD COLUMN response_bucket INTEGER
    GENERATED ALWAYS AS (CASE WHEN accepted THEN metrics_response_bucket(response_minutes) END) STORED;

CREATE INDEX set_question_bucket_idx ON set_question (study_id, set_id, response_bucket) INCLUDE (site, response_minutes)
    WHERE response_bucket IS NOT NULL;

CREATE TABLE set_response_histogram (
    study_id     TEXT    NOT NULL,
    set_id       TEXT    NOT NULL,
    site         TEXT    NOT NULL,
    bucket       INTEGER NOT NULL,
    questions    BIGINT  NOT NULL,
    -- exact, so that adding and removing the same times leaves no rounding behind
    minutes_sum  NUMERIC NOT NULL,
    PRIMARY KEY (study_id, set_id, site, bucket)
);

-- Adds (sign 1) or removes (-1) response times; keys in order, so concurrent batches cannot deadlock.
CREATE FUNCTION metrics_histogram_add(changed set_question[], sign INTEGER) RETURNS VOID LANGUAGE SQL AS $$
    INSERT INTO set_response_histogram AS h (study_id, set_id, site, bucket, questions, minutes_sum)
    SELECT study_id, set_id, site, response_bucket, sign * count(*), sign * sum(response_minutes::numeric)
    FROM unnest(changed) WHERE response_bucket IS NOT NULL
    GROUP BY study_id, set_id, site, response_bucket ORDER BY study_id, set_id, site, response_bucket
    ON CONFLICT (study_id, set_id, site, bucket) DO UPDATE
        SET questions = h.questions + excluded.questions, minutes_sum = h.minutes_sum + excluded.minutes_sum;
$$;

CREATE FUNCTION metrics_response_times_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM metrics_histogram_add(ARRAY(SELECT ROW(o.*)::set_question FROM old_rows o), -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM metrics_histogram_add(ARRAY(SELECT ROW(n.*)::set_question FROM new_rows n), 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER set_question_inserted AFTER INSERT ON set_question
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_response_times_changed();
CREATE TRIGGER set_question_updated AFTER UPDATE ON set_question
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_response_times_changed();
CREATE TRIGGER set_question_deleted AFTER DELETE ON set_question
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_response_times_changed();

-- What was stored before this migration, counted once.
INSERT INTO set_response_histogram (study_id, set_id, site, bucket, questions, minutes_sum)
SELECT study_id, set_id, site, response_bucket, count(*), sum(response_minutes::numeric) FROM set_question
WHERE response_bucket IS NOT NULL GROUP BY study_id, set_id, site, response_bucket;
