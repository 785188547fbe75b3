package io.somining.metrics.repository;

import io.agroal.api.AgroalDataSource;
import io.somining.contracts.AcceptedAnswerLinked;
import io.somining.contracts.QuestionClassified;
import io.somining.contracts.QuestionDeleted;
import io.somining.contracts.QuestionUpserted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

/**
 * Keeps the metrics' projections of the event streams. Every write is an upsert on the natural
 * key, so a redelivered or replayed event leaves the same state behind.
 */
@ApplicationScoped
public class ProjectionStore {

    private static final String UPSERT_QUESTION = """
            INSERT INTO question_fact AS q (site, post_id, creation_date, owner_user_id, accepted_answer_id)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (site, post_id) DO UPDATE SET
                creation_date = excluded.creation_date, owner_user_id = excluded.owner_user_id,
                accepted_answer_id = excluded.accepted_answer_id,
                accepted_answer_at = CASE WHEN q.accepted_answer_id IS NOT DISTINCT FROM excluded.accepted_answer_id
                                          THEN q.accepted_answer_at END
            """;

    // a link follows its question on the same partition (same key), so the row exists
    private static final String LINK_ANSWER = """
            UPDATE question_fact SET accepted_answer_at = ?
            WHERE site = ? AND post_id = ? AND accepted_answer_id = ?
            """;

    private static final String UPSERT_MEMBERSHIP = """
            INSERT INTO set_membership AS m (study_id, site, post_id, study_version, sets) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (study_id, site, post_id) DO UPDATE SET study_version = excluded.study_version, sets = excluded.sets
            WHERE m.study_version <= excluded.study_version
            """;

    @Inject
    AgroalDataSource dataSource;

    /** Applies question events in their topic order, within the caller's transaction. */
    public void applyQuestionEvents(List<?> events) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(UPSERT_QUESTION);
                PreparedStatement link = connection.prepareStatement(LINK_ANSWER);
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM question_fact WHERE site = ? AND post_id = ?")) {
            for (Object event : events) {
                if (event instanceof QuestionUpserted q) {
                    upsert.setString(1, q.site());
                    upsert.setLong(2, q.postId());
                    upsert.setTimestamp(3, Timestamp.from(q.creationDate()));
                    setLong(upsert, 4, q.ownerUserId());
                    setLong(upsert, 5, q.acceptedAnswerId());
                    upsert.executeUpdate();
                } else if (event instanceof AcceptedAnswerLinked a) {
                    link.setTimestamp(1, Timestamp.from(a.answerCreationDate()));
                    link.setString(2, a.site());
                    link.setLong(3, a.questionId());
                    link.setLong(4, a.answerId());
                    link.executeUpdate();
                } else if (event instanceof QuestionDeleted d) {
                    delete.setString(1, d.site());
                    delete.setLong(2, d.postId());
                    delete.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply " + events.size() + " question event(s)", e);
        }
    }

    public void applyClassifications(List<QuestionClassified> events) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(UPSERT_MEMBERSHIP)) {
            for (QuestionClassified c : events) {
                upsert.setString(1, c.studyId());
                upsert.setString(2, c.site());
                upsert.setLong(3, c.postId());
                upsert.setInt(4, c.studyVersion());
                upsert.setArray(5, connection.createArrayOf("text", c.sets().toArray()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply " + events.size() + " classification(s)", e);
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
