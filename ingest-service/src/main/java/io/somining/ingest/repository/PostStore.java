package io.somining.ingest.repository;

import io.somining.ingest.parse.PostRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Stores post rows with one set-based upsert per batch. Only rows whose content changed are
 * rewritten, and the statement returns which questions changed, so events are published for
 * exactly those: ingesting the same dump twice publishes nothing the second time.
 */
@ApplicationScoped
public class PostStore {

    private static final String UPSERT = """
            INSERT INTO post AS p (site, id, post_type, parent_id, accepted_answer_id, creation_date, owner_user_id,
                                   owner_display_name, title, body, tags, score, view_count, answer_count, closed_date,
                                   content_hash, last_changed_job)
            SELECT ?, r.id, r.post_type, r.parent_id, r.accepted_answer_id, r.creation_date::timestamptz, r.owner_user_id,
                   r.owner_display_name, r.title, r.body,
                   CASE WHEN r.tags = '' THEN '{}'::text[] ELSE string_to_array(r.tags, '|') END,
                   r.score, r.view_count, r.answer_count, r.closed_date::timestamptz, r.content_hash, ?
            FROM unnest(?::bigint[], ?::smallint[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::int[], ?::text[], ?::bigint[])
                 AS r(id, post_type, parent_id, accepted_answer_id, creation_date, owner_user_id, owner_display_name,
                      title, body, tags, score, view_count, answer_count, closed_date, content_hash)
            ON CONFLICT (site, id) DO UPDATE SET
                post_type = excluded.post_type, parent_id = excluded.parent_id,
                accepted_answer_id = excluded.accepted_answer_id, creation_date = excluded.creation_date,
                owner_user_id = excluded.owner_user_id, owner_display_name = excluded.owner_display_name,
                title = excluded.title, body = excluded.body, tags = excluded.tags, score = excluded.score,
                view_count = excluded.view_count, answer_count = excluded.answer_count,
                closed_date = excluded.closed_date, content_hash = excluded.content_hash,
                deleted_at = NULL, deleted_in_dump = NULL,
                last_changed_job = CASE WHEN p.content_hash = excluded.content_hash AND p.deleted_at IS NULL
                                        THEN p.last_changed_job ELSE excluded.last_changed_job END
            WHERE p.content_hash <> excluded.content_hash OR p.deleted_at IS NOT NULL
               OR p.score IS DISTINCT FROM excluded.score
               OR p.view_count IS DISTINCT FROM excluded.view_count
            RETURNING p.id, p.post_type, p.last_changed_job
            """;

    /**
     * Upserts a batch and answers the questions whose content is new or changed by this job. A row
     * repeated within the batch (the artifact lists some questions in two files) counts once, last wins.
     */
    public List<PostRow> upsert(Connection connection, String site, UUID jobId, Collection<PostRow> batch)
            throws SQLException {
        Map<Long, PostRow> rows = new LinkedHashMap<>();
        for (PostRow row : batch) {
            rows.remove(row.id());
            rows.put(row.id(), row);
        }
        int n = rows.size();
        Long[] ids = new Long[n];
        Short[] types = new Short[n];
        Long[] parents = new Long[n];
        Long[] accepted = new Long[n];
        String[] created = new String[n];
        Long[] owners = new Long[n];
        String[] ownerNames = new String[n];
        String[] titles = new String[n];
        String[] bodies = new String[n];
        String[] tags = new String[n];
        Integer[] scores = new Integer[n];
        Integer[] views = new Integer[n];
        Integer[] answerCounts = new Integer[n];
        String[] closed = new String[n];
        Long[] hashes = new Long[n];
        int i = 0;
        for (PostRow row : rows.values()) {
            ids[i] = row.id();
            types[i] = (short) row.postTypeId();
            parents[i] = row.parentId();
            accepted[i] = row.acceptedAnswerId();
            created[i] = row.creationDate().toString();
            owners[i] = row.ownerUserId();
            ownerNames[i] = row.ownerDisplayName();
            titles[i] = row.title();
            bodies[i] = row.body();
            tags[i] = String.join("|", row.tags());
            scores[i] = row.score();
            views[i] = row.viewCount();
            answerCounts[i] = row.answerCount();
            closed[i] = row.closedDate() == null ? null : row.closedDate().toString();
            hashes[i] = contentHash(row);
            i++;
        }
        List<PostRow> changedQuestions = new ArrayList<>();
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            int p = 1;
            upsert.setString(p++, site);
            upsert.setObject(p++, jobId);
            upsert.setArray(p++, connection.createArrayOf("bigint", ids));
            upsert.setArray(p++, connection.createArrayOf("smallint", types));
            upsert.setArray(p++, connection.createArrayOf("bigint", parents));
            upsert.setArray(p++, connection.createArrayOf("bigint", accepted));
            upsert.setArray(p++, connection.createArrayOf("text", created));
            upsert.setArray(p++, connection.createArrayOf("bigint", owners));
            upsert.setArray(p++, connection.createArrayOf("text", ownerNames));
            upsert.setArray(p++, connection.createArrayOf("text", titles));
            upsert.setArray(p++, connection.createArrayOf("text", bodies));
            upsert.setArray(p++, connection.createArrayOf("text", tags));
            upsert.setArray(p++, connection.createArrayOf("int", scores));
            upsert.setArray(p++, connection.createArrayOf("int", views));
            upsert.setArray(p++, connection.createArrayOf("int", answerCounts));
            upsert.setArray(p++, connection.createArrayOf("text", closed));
            upsert.setArray(p, connection.createArrayOf("bigint", hashes));
            try (ResultSet result = upsert.executeQuery()) {
                while (result.next()) {
                    if (result.getInt(2) == PostRow.QUESTION && jobId.equals(result.getObject(3, UUID.class))) {
                        changedQuestions.add(rows.get(result.getLong(1)));
                    }
                }
            }
        }
        return changedQuestions;
    }

    /** Notes the posts a job read, for finding at its end those the dump no longer holds. */
    public void markSeen(Connection connection, UUID jobId, Collection<PostRow> batch) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ingest_seen (job_id, id) SELECT ?, unnest(?::bigint[]) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, jobId);
            insert.setArray(2, connection.createArrayOf("bigint", batch.stream().map(PostRow::id).toArray()));
            insert.executeUpdate();
        }
    }

    /** A post a newer dump no longer holds. */
    public record Deleted(long id, int postType) {
    }

    private static final String DELETE_UNSEEN = """
            WITH gone AS (
                SELECT p.id FROM post p
                WHERE p.site = ? AND p.deleted_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM ingest_seen s WHERE s.job_id = ? AND s.id = p.id)
                ORDER BY p.id LIMIT ? FOR UPDATE)
            UPDATE post SET deleted_at = now(), deleted_in_dump = ?
            FROM gone WHERE post.site = ? AND post.id = gone.id
            RETURNING post.id, post.post_type
            """;

    /** Marks up to {@code limit} posts of the site that the job did not read as deleted; answers them. */
    public List<Deleted> deleteUnseen(Connection connection, String site, UUID jobId, String dumpId, int limit)
            throws SQLException {
        List<Deleted> deleted = new ArrayList<>();
        try (PreparedStatement delete = connection.prepareStatement(DELETE_UNSEEN)) {
            delete.setString(1, site);
            delete.setObject(2, jobId);
            delete.setInt(3, limit);
            delete.setString(4, dumpId);
            delete.setString(5, site);
            try (ResultSet rows = delete.executeQuery()) {
                while (rows.next()) {
                    deleted.add(new Deleted(rows.getLong(1), rows.getInt(2)));
                }
            }
        }
        return deleted;
    }

    public void forgetSeen(Connection connection, UUID jobId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM ingest_seen WHERE job_id = ?")) {
            delete.setObject(1, jobId);
            delete.executeUpdate();
        }
    }

    /** An accepted answer that is now stored and not yet announced. */
    public record AcceptedLink(long questionId, long answerId, Instant answerCreationDate) {
    }

    private static final String LINK = """
            WITH links AS (
                SELECT q.id AS question_id, a.id AS answer_id, a.creation_date
                FROM post q JOIN post a ON a.site = q.site AND a.id = q.accepted_answer_id
                WHERE q.site = ? AND q.post_type = 1 AND q.accepted_answer_id IS NOT NULL
                  AND q.deleted_at IS NULL AND a.deleted_at IS NULL
                  AND q.linked_answer_id IS DISTINCT FROM q.accepted_answer_id
                ORDER BY q.id
                LIMIT ?
                FOR UPDATE OF q)
            UPDATE post SET linked_answer_id = links.answer_id
            FROM links WHERE post.site = ? AND post.id = links.question_id
            RETURNING links.question_id, links.answer_id, links.creation_date
            """;

    /** Marks up to {@code limit} newly resolvable accepted answers as announced and answers them. */
    public List<AcceptedLink> linkAcceptedAnswers(Connection connection, String site, int limit) throws SQLException {
        List<AcceptedLink> links = new ArrayList<>();
        try (PreparedStatement link = connection.prepareStatement(LINK)) {
            link.setString(1, site);
            link.setInt(2, limit);
            link.setString(3, site);
            try (ResultSet result = link.executeQuery()) {
                while (result.next()) {
                    Timestamp created = result.getTimestamp(3);
                    links.add(new AcceptedLink(result.getLong(1), result.getLong(2), created.toInstant()));
                }
            }
        }
        return links;
    }

    /** 64 bits of SHA-256 over the fields whose change downstream must hear about. */
    static long contentHash(PostRow row) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Object field : new Object[] { row.postTypeId(), row.parentId(), row.acceptedAnswerId(),
                row.creationDate(), row.ownerUserId(), row.ownerDisplayName(), row.title(), row.body(),
                String.join("|", row.tags()), row.answerCount(), row.closedDate() }) {
            digest.update(Objects.toString(field, "\u0000").getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0x1F);
        }
        byte[] hash = digest.digest();
        long value = 0;
        for (int b = 0; b < 8; b++) {
            value = (value << 8) | (hash[b] & 0xFF);
        }
        return value;
    }
}
