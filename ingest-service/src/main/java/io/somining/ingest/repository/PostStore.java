package io.somining.ingest.repository;

import io.somining.ingest.parse.PostRow;
import io.somining.platform.sql.CopyRows;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Stores post batches. A site's first load copies them straight into its own partition of post,
 * attached (and indexed) when the load ends; later loads
 * copy them into a session-local staging table and merge, rewriting only rows whose content changed
 * and returning which questions changed, so events are published for exactly those: ingesting the
 * same dump twice publishes nothing the second time.
 */
@ApplicationScoped
public class PostStore {

    // temporary: never WAL-logged, private to the connection, emptied by every commit
    private static final String STAGE = "CREATE TEMP TABLE IF NOT EXISTS post_stage (site TEXT, id BIGINT, "
            + "post_type SMALLINT, parent_id BIGINT, accepted_answer_id BIGINT, creation_date TIMESTAMPTZ, "
            + "owner_user_id BIGINT, owner_display_name TEXT, title TEXT, body TEXT, tags TEXT[], score INTEGER, "
            + "view_count INTEGER, answer_count INTEGER, closed_date TIMESTAMPTZ, content_hash BIGINT, "
            + "last_changed_job UUID) ON COMMIT DELETE ROWS";

    /*
     * The old rows are read in the same statement (a CTE sees the table as it was before it), so the
     * rows that are new, or whose content hash changed, or that come back after a deletion, are told
     * apart from rows where only score or views moved (stored, not announced), even when the same
     * job stored the row before (a dump that repeats a post).
     */
    private static final String MERGE = """
            WITH old AS (
                SELECT p.id, p.content_hash, p.deleted_at FROM post p
                JOIN post_stage s ON p.site = s.site AND p.id = s.id
                WHERE p.site = ?),
            up AS (
                INSERT INTO post AS p (site, id, post_type, parent_id, accepted_answer_id, creation_date, owner_user_id,
                                       owner_display_name, title, body, tags, score, view_count, answer_count,
                                       closed_date, content_hash, last_changed_job)
                SELECT site, id, post_type, parent_id, accepted_answer_id, creation_date, owner_user_id,
                       owner_display_name, title, body, tags, score, view_count, answer_count, closed_date,
                       content_hash, last_changed_job
                FROM post_stage
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
                RETURNING p.id, p.post_type, p.content_hash)
            SELECT up.id, up.post_type FROM up LEFT JOIN old ON old.id = up.id
            WHERE old.id IS NULL OR old.content_hash <> up.content_hash OR old.deleted_at IS NOT NULL
            """;

    /**
     * Stores a batch and answers the questions whose content is new or changed by its job.
     *
     * @param loadTable during the site's first load (which notes no posts read), its partition
     *        ({@link #partitionForLoad}): rows are copied straight in, and the caller makes sure that none
     *        is stored already, itself or with {@link #addKey} (a post already stored then fails the
     *        statement with {@link #isRepeatedPost}, and the caller merges instead). Null to merge.
     * @param markSeen also note every post read, for finding at the job's end those the dump no longer holds
     */
    public List<PostRow> upsert(Connection connection, UUID jobId, PostBatch batch, String loadTable,
            boolean markSeen) throws SQLException {
        if (batch.isEmpty()) {
            return List.of();
        }
        if (loadTable != null) {
            CopyRows.copyInto(connection, '"' + loadTable + "\" " + PostBatch.COLUMNS, batch.copyRows());
            return batch.rows().stream().filter(PostRow::isQuestion).toList();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(STAGE);
        }
        CopyRows.copyInto(connection, "post_stage " + PostBatch.COLUMNS, batch.copyRows());
        if (markSeen) {
            try (PreparedStatement seen = connection.prepareStatement(
                    "INSERT INTO ingest_seen (job_id, id) SELECT ?, id FROM post_stage ON CONFLICT DO NOTHING")) {
                seen.setObject(1, jobId);
                seen.executeUpdate();
            }
        }
        List<PostRow> changedQuestions = new ArrayList<>();
        try (PreparedStatement merge = connection.prepareStatement(MERGE)) {
            merge.setString(1, batch.site());
            try (ResultSet result = merge.executeQuery()) {
                while (result.next()) {
                    if (result.getInt(2) == PostRow.QUESTION) {
                        changedQuestions.add(batch.row(result.getLong(1)));
                    }
                }
            }
        }
        return changedQuestions;
    }

    /**
     * The table a site's first load copies into: the site's partition of post, created detached
     * without indexes when it does not exist. Until {@link #attachPartition}, readers of post do not
     * see the site.
     */
    public String partitionForLoad(Connection connection, String site) throws SQLException {
        return callText(connection, "SELECT post_partition_for_load(?)", site);
    }

    /** Whether the site's detached partition holds no row. */
    public boolean isLoadEmpty(Connection connection, String loadTable) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM \"" + loadTable + "\")")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /**
     * Gives the site's partition its primary key unless it has it (attaching builds it): a load that
     * cannot tell repeated posts apart itself then fails to copy one with {@link #isRepeatedPost}, and
     * questions are read by id without scanning the partition. Until the transaction ends, the load
     * waits: the key is built from the posts copied so far.
     */
    public void addKey(Connection connection, String site) throws SQLException {
        try (PreparedStatement call = connection.prepareStatement("SELECT post_partition_add_key(?)::text")) {
            call.setString(1, site);
            call.execute();
        }
    }

    /**
     * Makes the site's partition part of post (idempotent), building the secondary indexes it lacks
     * in one pass each; the memory lets the tags' GIN index be built in few passes.
     */
    public void attachPartition(Connection connection, String site) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL maintenance_work_mem = '256MB'");
        }
        callText(connection, "SELECT post_partition_attach(?)::text", site);
    }

    /**
     * Refreshes the planner's statistics of the posts jobs noted as read. The table is emptied after every job and
     * refilled by the next: planned with the statistics of the empty table (autovacuum had not come by yet), the walk
     * that marks unread posts deleted compared every post with every noted row, and one step of a 200 MB dump ran past
     * the transaction timeout under load (./suite load, deploy/load/README.md).
     */
    public void analyzeSeen(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // an autovacuum that will not yield (against wraparound) holds the table: not worth the job's timeout
            statement.execute("SET LOCAL lock_timeout = '5s'");
            statement.execute("ANALYZE ingest_seen");
        }
    }

    /** Refreshes the planner's statistics of the site's posts (a bulk load leaves them stale). */
    public void analyze(Connection connection, String site) throws SQLException {
        String partition = partition(connection, site);
        if (partition != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE " + partition + " (site, id, post_type, accepted_answer_id, deleted_at)");
            }
        }
    }

    /**
     * The site's partition of post (attached or not: during the site's first load it is not), quoted
     * as SQL needs it; null when it does not exist (never created, or dropped by hand).
     */
    private static String partition(Connection connection, String site) throws SQLException {
        return callText(connection, "SELECT to_regclass(quote_ident(post_partition(?)))::text", site);
    }

    /** A stored question's state as its {@code QuestionUpserted} event carries it. */
    public record StoredQuestion(Instant creationDate, Long ownerUserId, String title, String body,
            List<String> tags, Long acceptedAnswerId, int answerCount, Instant closedDate) {

        /**
         * The state {@link #storedQuestions} reads back for a question row stored from a batch that
         * {@linkplain PostBatch#storedAsRead() stored its texts as read}: instants to the microsecond.
         */
        public static StoredQuestion of(PostRow question) {
            return new StoredQuestion(CopyRows.asStored(question.creationDate()), question.ownerUserId(),
                    question.title(), question.body(), List.copyOf(question.tags()), question.acceptedAnswerId(),
                    question.answerCount() == null ? 0 : question.answerCount(), CopyRows.asStored(question.closedDate()));
        }
    }

    /**
     * The site's stored questions with these ids, read from the site's own partition: during the
     * site's first load it is not attached to post yet (readers do not see the site) while its
     * events are already published.
     */
    public Map<Long, StoredQuestion> storedQuestions(Connection connection, String site, Collection<Long> ids)
            throws SQLException {
        Map<Long, StoredQuestion> stored = new HashMap<>();
        String partition = partition(connection, site);
        if (partition == null) {
            return stored; // the site's posts were dropped by hand: none of these questions exists
        }
        // a first load whose relay missed what it stored (publishing paused, the broker away): read by key
        addKey(connection, site);
        plannedPerCall(connection);
        try (PreparedStatement select = connection.prepareStatement("SELECT id, creation_date, owner_user_id, title, "
                + "body, tags, accepted_answer_id, answer_count, closed_date FROM " + partition
                + " WHERE site = ? AND id = ANY (?) AND post_type = 1")) {
            select.setString(1, site);
            select.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Integer answers = (Integer) row.getObject(8);
                    Timestamp closed = row.getTimestamp(9);
                    stored.put(row.getLong(1), new StoredQuestion(row.getTimestamp(2).toInstant(),
                            (Long) row.getObject(3), row.getString(4), row.getString(5),
                            List.of((String[]) row.getArray(6).getArray()), (Long) row.getObject(7),
                            answers == null ? 0 : answers, closed == null ? null : closed.toInstant()));
                }
            }
        }
        return stored;
    }

    /*
     * For the rest of the transaction, PostgreSQL plans each execution for the table as it is then.
     * A statement on the partition being loaded is otherwise prepared while the partition is small,
     * and the generic plan PostgreSQL may then keep tests every row it scans against every id of the
     * array: the relay's reads cost ~3.6 CPU-s per GB in such runs, and more the larger the site.
     * The statement stays prepared on the server, so results still come in binary where they can.
     */
    private static void plannedPerCall(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL plan_cache_mode = force_custom_plan");
        }
    }

    private static String callText(Connection connection, String sql, String argument) throws SQLException {
        try (PreparedStatement call = connection.prepareStatement(sql)) {
            call.setString(1, argument);
            try (ResultSet result = call.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    private static final String UNIQUE_VIOLATION = "23505";

    /** Whether storing failed because a post was already stored (a dump that repeats a post). */
    public static boolean isRepeatedPost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A post a newer dump no longer holds. */
    public record Deleted(long id, int postType) {
    }

    private static final String DELETE_UNSEEN = """
            WITH gone AS (
                SELECT p.id FROM post p
                WHERE p.site = ? AND p.id > ? AND p.id <= ? AND p.deleted_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM ingest_seen s WHERE s.job_id = ? AND s.id = p.id)
                FOR UPDATE)
            UPDATE post SET deleted_at = now(), deleted_in_dump = ?
            FROM gone WHERE post.site = ? AND post.id = gone.id
            RETURNING post.id, post.post_type
            """;

    /** Marks the site's posts with ids in (afterId, upToId] that the job did not read as deleted, and answers them. */
    public List<Deleted> deleteUnseen(Connection connection, String site, UUID jobId, String dumpId, long afterId,
            long upToId) throws SQLException {
        List<Deleted> deleted = new ArrayList<>();
        try (PreparedStatement delete = connection.prepareStatement(DELETE_UNSEEN)) {
            delete.setString(1, site);
            delete.setLong(2, afterId);
            delete.setLong(3, upToId);
            delete.setObject(4, jobId);
            delete.setString(5, dumpId);
            delete.setString(6, site);
            try (ResultSet rows = delete.executeQuery()) {
                while (rows.next()) {
                    deleted.add(new Deleted(rows.getLong(1), rows.getInt(2)));
                }
            }
        }
        return deleted;
    }

    /** The site's highest post id: where a walk over its ids ends. */
    public long maxId(Connection connection, String site) throws SQLException {
        try (PreparedStatement max = connection.prepareStatement("SELECT coalesce(max(id), 0) FROM post WHERE site = ?")) {
            max.setString(1, site);
            try (ResultSet result = max.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** The id of the site's {@code count}-th post after {@code afterId}; empty when fewer follow. */
    public OptionalLong idAfter(Connection connection, String site, long afterId, long count) throws SQLException {
        try (PreparedStatement next = connection.prepareStatement(
                "SELECT id FROM post WHERE site = ? AND id > ? ORDER BY id OFFSET ? LIMIT 1")) {
            next.setString(1, site);
            next.setLong(2, afterId);
            next.setLong(3, count - 1);
            try (ResultSet result = next.executeQuery()) {
                return result.next() ? OptionalLong.of(result.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Notes posts the job's dump holds though it could not store them (rows skipped as unreadable). */
    public void markSeen(Connection connection, UUID jobId, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement seen = connection.prepareStatement(
                "INSERT INTO ingest_seen (job_id, id) SELECT ?, unnest(?::bigint[]) ON CONFLICT DO NOTHING")) {
            seen.setObject(1, jobId);
            seen.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
            seen.executeUpdate();
        }
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

    /*
     * Primary-key lookups per question of the range, whatever the planner estimates: the subqueries
     * are kept as such (OFFSET 0). Left to the planner, a hash join read the whole site for every
     * range, the check against what was announced scanned all of the site's announcements per
     * question, and a filter on post_type alone added a scan of the whole partial GIN index on tags.
     */
    private static final String LINK = """
            INSERT INTO accepted_answer_announced (site, question_id, answer_id, answer_created_at)
            SELECT ?, q.id, a.id, a.creation_date
            FROM (SELECT id, post_type, accepted_answer_id, deleted_at FROM post
                  WHERE site = ? AND id > ? AND id <= ? OFFSET 0) q
            CROSS JOIN LATERAL (SELECT id, creation_date FROM post
                                WHERE site = ? AND id = q.accepted_answer_id AND deleted_at IS NULL OFFSET 0) a
            LEFT JOIN LATERAL (SELECT answer_id FROM accepted_answer_announced
                               WHERE site = ? AND question_id = q.id OFFSET 0) announced ON TRUE
            WHERE q.post_type = 1 AND q.accepted_answer_id IS NOT NULL AND q.deleted_at IS NULL
              AND announced.answer_id IS DISTINCT FROM a.id
            ORDER BY q.id
            ON CONFLICT (site, question_id) DO UPDATE
                SET answer_id = excluded.answer_id, answer_created_at = excluded.answer_created_at
            RETURNING question_id, answer_id, answer_created_at
            """;

    /** Whether any of the site's accepted answers was noted as announced (a first load streams its own only when none was). */
    public boolean hasAnnouncedAcceptedAnswers(Connection connection, String site) throws SQLException {
        try (PreparedStatement any = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM accepted_answer_announced WHERE site = ?)")) {
            any.setString(1, site);
            try (ResultSet result = any.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    /**
     * Notes these links as announced with a plain insert: a first load's, found complete as its rows
     * streamed (both posts stored, the question accepting the answer), for a site with no announced
     * links before the load.
     */
    public void noteAnnounced(Connection connection, String site, List<AcceptedLink> links) throws SQLException {
        if (links.isEmpty()) {
            return;
        }
        CopyRows rows = new CopyRows(links.size() * (40 + 4 * site.length()));
        for (AcceptedLink link : links) {
            rows.text(site).int8(link.questionId()).int8(link.answerId()).timestamptz(link.answerCreationDate()).endRow();
        }
        CopyRows.copyInto(connection, "accepted_answer_announced (site, question_id, answer_id, answer_created_at)",
                rows.encoded());
    }

    /** The links a statement noted as announced, from its RETURNING question_id, answer_id, answer_created_at. */
    private static List<AcceptedLink> announced(PreparedStatement statement) throws SQLException {
        List<AcceptedLink> links = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                links.add(new AcceptedLink(result.getLong(1), result.getLong(2), result.getTimestamp(3).toInstant()));
            }
        }
        return links;
    }

    /**
     * Notes as announced the accepted answers, stored and not announced yet (or announced as another
     * answer), of the site's questions with ids in (afterId, upToId], and answers them.
     */
    public List<AcceptedLink> linkAcceptedAnswers(Connection connection, String site, long afterId, long upToId)
            throws SQLException {
        try (PreparedStatement link = connection.prepareStatement(LINK)) {
            link.setString(1, site);
            link.setString(2, site);
            link.setLong(3, afterId);
            link.setLong(4, upToId);
            link.setString(5, site);
            link.setString(6, site);
            return announced(link);
        }
    }

}
