-- A dump observes its site up to its newest post, not to the first day of its month: questions asked in that
-- month were censored before they were asked. The newest post the metrics see is a question, or an accepted
-- answer (its link's time).
ALTER TABLE dump_end RENAME COLUMN newest_question TO newest_post;

CREATE OR REPLACE FUNCTION metrics_fact_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
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

UPDATE dump_end e SET newest_post = greatest(e.newest_post, f.newest)
FROM (SELECT site, coalesce(dump_id, '') AS dump_id, max(accepted_answer_at) AS newest
      FROM question_fact GROUP BY 1, 2) f
WHERE e.site = f.site AND e.dump_id = f.dump_id AND f.newest IS NOT NULL;
