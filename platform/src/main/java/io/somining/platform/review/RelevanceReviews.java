package io.somining.platform.review;

import io.somining.contracts.Event;
import io.somining.contracts.LabelFinalized;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * The outcome of relevance reviews (taxonomy rounds of kind RELEVANCE), as every service that honours them
 * records it: one row per study, set and question in a table {@code set_review} (each service's migration
 * creates it), the latest final label winning. A kept question is a reviewed member of its set.
 */
public final class RelevanceReviews {

    private RelevanceReviews() {
    }

    /** The final labels of relevance reviews among a topic's events (steps and category labels are left out). */
    public static List<LabelFinalized> of(List<Event> events) {
        return events.stream().filter(LabelFinalized.class::isInstance).map(LabelFinalized.class::cast)
                .filter(f -> "RELEVANCE".equals(f.kind())).toList();
    }

    /** The sets of a study a review decided on (kept or dropped candidates), sorted. */
    public static List<String> reviewedSets(Connection connection, String studyId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT DISTINCT set_id FROM set_review WHERE study_id = ? ORDER BY set_id")) {
            select.setString(1, studyId);
            List<String> sets = new java.util.ArrayList<>();
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    sets.add(rows.getString(1));
                }
            }
            return sets;
        }
    }

    /** Records final labels (KEEP or DROP); redelivery changes nothing, an older label never overwrites a newer one. */
    public static void record(Connection connection, List<LabelFinalized> reviews) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO set_review AS r (study_id, set_id, site, post_id, kept, round_id, finalized_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (study_id, set_id, site, post_id) DO UPDATE
                    SET kept = excluded.kept, round_id = excluded.round_id, finalized_at = excluded.finalized_at
                WHERE r.finalized_at <= excluded.finalized_at""")) {
            for (LabelFinalized review : reviews) {
                upsert.setString(1, review.studyId());
                upsert.setString(2, review.setId());
                upsert.setString(3, review.site());
                upsert.setLong(4, review.postId());
                upsert.setBoolean(5, review.labels().contains("KEEP"));
                upsert.setString(6, review.roundId());
                upsert.setTimestamp(7, Timestamp.from(review.occurredAt()));
                // one statement each: a batch may hold two finals of one question, in order
                upsert.executeUpdate();
            }
        }
    }
}
