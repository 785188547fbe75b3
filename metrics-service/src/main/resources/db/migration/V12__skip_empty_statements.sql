-- Statement triggers fire for statements that changed no row too (the accepted-answer link's update of the questions
-- it completes matches none in most batches): such a statement now neither takes the aggregates' lock, which
-- serializes both consumers until commit, nor runs the aggregates' statements over an empty set. The membership
-- trigger no longer inserts into study_set: the projection writes a batch's sets (with the version naming them) in
-- the same transaction before its memberships, so that second write of every batch found each row already there.
CREATE OR REPLACE FUNCTION metrics_membership_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
            RETURN NULL;
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM new_rows) THEN
        RETURN NULL;
    END IF;
    PERFORM metrics_lock();
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM metrics_apply(ARRAY(
            SELECT metrics_contribution_of(m, q, -1)
            FROM old_rows m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id));
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM metrics_apply(ARRAY(
            SELECT metrics_contribution_of(m, q, 1)
            FROM new_rows m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION metrics_fact_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
            RETURN NULL;
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM new_rows) THEN
        RETURN NULL;
    END IF;
    PERFORM metrics_lock();
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM metrics_apply(ARRAY(
            SELECT metrics_contribution_of(m, q, -1)
            FROM old_rows q JOIN set_membership m ON m.site = q.site AND m.post_id = q.post_id));
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO dump_end AS e (site, dump_id, newest_post)
        SELECT site, coalesce(dump_id, ''), max(greatest(creation_date, accepted_answer_at))
        FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (site, dump_id) DO UPDATE SET newest_post = greatest(e.newest_post, excluded.newest_post);
        PERFORM metrics_apply(ARRAY(
            SELECT metrics_contribution_of(m, q, 1)
            FROM new_rows q JOIN set_membership m ON m.site = q.site AND m.post_id = q.post_id));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION metrics_response_times_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM metrics_histogram_add(ARRAY(SELECT ROW(o.*)::set_question FROM old_rows o WHERE o.response_bucket IS NOT NULL), -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM metrics_histogram_add(ARRAY(SELECT ROW(n.*)::set_question FROM new_rows n WHERE n.response_bucket IS NOT NULL), 1);
    END IF;
    RETURN NULL;
END $$;
