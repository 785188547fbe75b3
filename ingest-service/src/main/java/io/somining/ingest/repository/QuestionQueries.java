package io.somining.ingest.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads stored posts for the read API. */
@ApplicationScoped
public class QuestionQueries {

    /** A stored post as the read API shows it (answers have no title, tags or accepted answer). */
    public record Post(long id, int postType, String title, String body, List<String> tags, Instant creationDate,
            Long ownerUserId, String ownerDisplayName, Integer score, Integer viewCount, Integer answerCount,
            Long acceptedAnswerId, Instant closedDate) {
    }

    private static final String COLUMNS = "id, post_type, title, body, tags, creation_date, owner_user_id, "
            + "owner_display_name, score, view_count, answer_count, accepted_answer_id, closed_date";

    @Inject
    AgroalDataSource dataSource;

    public Optional<Post> question(String site, long id) {
        List<Post> found = query("SELECT " + COLUMNS + " FROM post WHERE site = ? AND id = ? AND post_type = 1 AND deleted_at IS NULL",
                site, id);
        return found.stream().findFirst();
    }

    public List<Post> answers(String site, long questionId) {
        return query("SELECT " + COLUMNS + " FROM post WHERE site = ? AND parent_id = ? AND post_type = 2 AND deleted_at IS NULL "
                + "ORDER BY creation_date, id", site, questionId);
    }

    /**
     * Questions of a site in id order after {@code afterId}, optionally with a tag and within
     * creation dates [from, to); keyset pagination, so a page costs the same however deep.
     */
    public List<Post> questions(String site, String tag, Instant from, Instant to, long afterId, int limit) {
        return query("SELECT " + COLUMNS + " FROM post WHERE site = ? AND post_type = 1 AND deleted_at IS NULL AND id > ?"
                + " AND (?::text IS NULL OR tags @> ARRAY[?::text])"
                + " AND (?::timestamptz IS NULL OR creation_date >= ?::timestamptz)"
                + " AND (?::timestamptz IS NULL OR creation_date < ?::timestamptz)"
                + " ORDER BY id LIMIT ?", site, afterId, tag, tag, ts(from), ts(from), ts(to), ts(to), limit);
    }

    /** A site's stored (not deleted) questions and answers, and the questions whose accepted answer is stored. */
    public record SiteCounts(long questions, long answers, long acceptedAnswersStored) {
    }

    public SiteCounts siteCounts(String site) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement posts = connection.prepareStatement("""
                        SELECT count(*) FILTER (WHERE post_type = 1), count(*) FILTER (WHERE post_type = 2)
                        FROM post WHERE site = ? AND deleted_at IS NULL""");
                PreparedStatement accepted = connection.prepareStatement("""
                        SELECT count(*) FROM post q
                        JOIN post a ON a.site = q.site AND a.id = q.accepted_answer_id AND a.deleted_at IS NULL
                        WHERE q.site = ? AND q.post_type = 1 AND q.deleted_at IS NULL""")) {
            posts.setString(1, site);
            accepted.setString(1, site);
            try (ResultSet counted = posts.executeQuery(); ResultSet linked = accepted.executeQuery()) {
                counted.next();
                linked.next();
                return new SiteCounts(counted.getLong(1), counted.getLong(2), linked.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the posts of " + site, e);
        }
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private List<Post> query(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Post> posts = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    posts.add(new Post(rows.getLong(1), rows.getInt(2), rows.getString(3), rows.getString(4),
                            List.of((String[]) rows.getArray(5).getArray()), instant(rows.getTimestamp(6)),
                            (Long) rows.getObject(7), rows.getString(8), (Integer) rows.getObject(9),
                            (Integer) rows.getObject(10), (Integer) rows.getObject(11), (Long) rows.getObject(12),
                            instant(rows.getTimestamp(13))));
                }
            }
            return posts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read posts: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
