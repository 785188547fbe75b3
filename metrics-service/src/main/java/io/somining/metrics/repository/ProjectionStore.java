package io.somining.metrics.repository;

import io.agroal.api.AgroalDataSource;
import io.somining.contracts.AcceptedAnswerLinked;
import io.somining.contracts.Event;
import io.somining.contracts.QuestionClassified;
import io.somining.contracts.QuestionDeleted;
import io.somining.contracts.QuestionUpserted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Keeps the metrics' projections of the event streams. Every write is an upsert on the natural
 * key, so a redelivered or replayed event leaves the same state behind.
 */
@ApplicationScoped
public class ProjectionStore {

    // one statement per batch: its rows travel as arrays. The response time comes from the links
    // received so far, whatever came first: the question or the link to its accepted answer
    private static final String UPSERT_QUESTIONS = """
            INSERT INTO question_fact AS q (site, post_id, creation_date, owner_user_id, accepted_answer_id, dump_id,
                                            accepted_answer_at)
            SELECT x.*, k.answered_at
            FROM unnest(?::text[], ?::bigint[], ?::timestamptz[], ?::bigint[], ?::bigint[], ?::text[])
                 AS x(site, post_id, creation_date, owner_user_id, accepted_answer_id, dump_id)
            LEFT JOIN accepted_answer_link k
                   ON k.site = x.site AND k.post_id = x.post_id AND k.answer_id = x.accepted_answer_id
            ON CONFLICT (site, post_id) DO UPDATE SET
                creation_date = excluded.creation_date, owner_user_id = excluded.owner_user_id,
                dump_id = excluded.dump_id,
                accepted_answer_id = excluded.accepted_answer_id,
                accepted_answer_at = excluded.accepted_answer_at
            """;

    // kept whether or not the question is known yet (it may come later); applied to it where it is
    private static final String LINK_ANSWERS = """
            WITH l AS (SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::timestamptz[])
                                  AS l(site, post_id, answer_id, answered_at)),
                 kept AS (INSERT INTO accepted_answer_link AS k (site, post_id, answer_id, answered_at)
                          SELECT * FROM l ON CONFLICT (site, post_id, answer_id)
                          DO UPDATE SET answered_at = excluded.answered_at)
            UPDATE question_fact q SET accepted_answer_at = l.answered_at FROM l
            WHERE q.site = l.site AND q.post_id = l.post_id AND q.accepted_answer_id = l.answer_id
              AND q.accepted_answer_at IS DISTINCT FROM l.answered_at
            """;

    private static final String DELETE_QUESTIONS = """
            DELETE FROM question_fact q USING unnest(?::text[], ?::bigint[]) AS d(site, post_id)
            WHERE q.site = d.site AND q.post_id = d.post_id
            """;

    // one statement per batch, so that the aggregate triggers run once per batch and not once per row;
    // each row's sets travel as an array literal (rows hold different numbers of sets), read by the cast
    private static final String UPSERT_MEMBERSHIP = """
            INSERT INTO set_membership AS m (study_id, site, post_id, study_version, sets)
            SELECT c.study_id, c.site, c.post_id, c.study_version, c.sets::text[]
            FROM unnest(?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[]) AS c(study_id, site, post_id, study_version, sets)
            ON CONFLICT (study_id, site, post_id) DO UPDATE SET study_version = excluded.study_version, sets = excluded.sets
            WHERE m.study_version <= excluded.study_version
            """;

    // the version that last named each set, and each study's latest version: its sets are those that version names
    private static final String UPSERT_STUDY_SETS = """
            WITH named AS (SELECT * FROM unnest(?::text[], ?::text[], ?::int[]) AS n(study_id, set_id, study_version)),
                 latest AS (INSERT INTO study_latest AS l (study_id, study_version)
                            SELECT study_id, max(study_version) FROM named GROUP BY study_id
                            ON CONFLICT (study_id) DO UPDATE SET study_version = excluded.study_version
                            WHERE l.study_version < excluded.study_version)
            INSERT INTO study_set AS s (study_id, set_id, study_version) SELECT * FROM named
            ON CONFLICT (study_id, set_id) DO UPDATE SET study_version = excluded.study_version
            WHERE s.study_version < excluded.study_version
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AggregateBacklog backlog;

    /**
     * Applies a batch of question events within the caller's transaction as at most three set-based statements, so
     * that the aggregate triggers run three times per batch, not once per run of one event type (question and link
     * events alternate in the topic: a batch of 500 made ~100 statements). The state reached is the topic order's:
     * a question's last upsert or deletion in the batch is its state, and an answer's link is kept whatever came first
     * (the upsert joins the links stored, the link updates a stored question). Links go first, so that a question and
     * its link in one batch are inserted together rather than inserted and then updated.
     */
    public void applyQuestionEvents(List<?> events) {
        Map<String, Event> states = new LinkedHashMap<>();
        Map<String, AcceptedAnswerLinked> links = new LinkedHashMap<>();
        for (Object item : events) {
            if (item instanceof AcceptedAnswerLinked link) {
                links.remove(linkKey(link));
                links.put(linkKey(link), link);
            } else if (item instanceof QuestionUpserted || item instanceof QuestionDeleted) {
                Event event = (Event) item;
                states.remove(event.key());
                states.put(event.key(), event);
            }
        }
        List<QuestionUpserted> upserted = new ArrayList<>();
        List<QuestionDeleted> deleted = new ArrayList<>();
        Set<String> sites = new TreeSet<>();
        for (Event state : states.values()) {
            if (state instanceof QuestionUpserted question) {
                upserted.add(question);
                sites.add(question.site());
            } else {
                QuestionDeleted gone = (QuestionDeleted) state;
                deleted.add(gone);
                sites.add(gone.site());
            }
        }
        links.values().forEach(link -> sites.add(link.site()));
        try (Connection connection = dataSource.getConnection()) {
            backlog.mark(connection, "questions", sites, events.size());
            linkAnswers(connection, List.copyOf(links.values()));
            upsertQuestions(connection, upserted);
            deleteQuestions(connection, deleted);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply " + events.size() + " question event(s)", e);
        }
    }

    /** A question may link several answers (its accepted one changed): one link per answer. */
    private static String linkKey(AcceptedAnswerLinked link) {
        return link.key() + "/" + link.answerId();
    }

    private static void linkAnswers(Connection connection, List<AcceptedAnswerLinked> links) throws SQLException {
        if (links.isEmpty()) {
            return;
        }
        try (PreparedStatement link = connection.prepareStatement(LINK_ANSWERS)) {
            link.setArray(1, connection.createArrayOf("text", links.stream().map(AcceptedAnswerLinked::site).toArray()));
            link.setArray(2, connection.createArrayOf("bigint", links.stream().map(AcceptedAnswerLinked::questionId).toArray()));
            link.setArray(3, connection.createArrayOf("bigint", links.stream().map(AcceptedAnswerLinked::answerId).toArray()));
            link.setArray(4, connection.createArrayOf("timestamptz",
                    links.stream().map(l -> Timestamp.from(l.answerCreationDate())).toArray()));
            link.executeUpdate();
        }
    }

    private static void upsertQuestions(Connection connection, List<QuestionUpserted> questions) throws SQLException {
        if (questions.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_QUESTIONS)) {
            upsert.setArray(1, connection.createArrayOf("text", questions.stream().map(QuestionUpserted::site).toArray()));
            upsert.setArray(2, connection.createArrayOf("bigint", questions.stream().map(QuestionUpserted::postId).toArray()));
            upsert.setArray(3, connection.createArrayOf("timestamptz",
                    questions.stream().map(q -> Timestamp.from(q.creationDate())).toArray()));
            upsert.setArray(4, connection.createArrayOf("bigint", questions.stream().map(QuestionUpserted::ownerUserId).toArray()));
            upsert.setArray(5, connection.createArrayOf("bigint",
                    questions.stream().map(QuestionUpserted::acceptedAnswerId).toArray()));
            upsert.setArray(6, connection.createArrayOf("text", questions.stream().map(QuestionUpserted::dumpId).toArray()));
            upsert.executeUpdate();
        }
    }

    private static void deleteQuestions(Connection connection, List<QuestionDeleted> deleted) throws SQLException {
        if (deleted.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(DELETE_QUESTIONS)) {
            delete.setArray(1, connection.createArrayOf("text", deleted.stream().map(QuestionDeleted::site).toArray()));
            delete.setArray(2, connection.createArrayOf("bigint", deleted.stream().map(QuestionDeleted::postId).toArray()));
            delete.executeUpdate();
        }
    }

    /** PostgreSQL's array literal of the sets: each one quoted, so that any character of a set id survives. */
    static String arrayLiteral(List<String> sets) {
        StringBuilder literal = new StringBuilder("{");
        for (String set : sets) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"').append(set.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }

    /** Records relevance reviews' final labels: which candidates of a set a review kept. */
    public void applyReviews(List<io.somining.contracts.LabelFinalized> reviews) {
        try (Connection connection = dataSource.getConnection()) {
            io.somining.platform.review.RelevanceReviews.record(connection, reviews);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record " + reviews.size() + " review(s)", e);
        }
    }

    /**
     * Applies classifications within the caller's transaction: the latest per question (an older
     * study version never overwrites a newer one), and every set the study versions define.
     */
    public void applyClassifications(List<QuestionClassified> events) {
        Map<String, QuestionClassified> latest = new LinkedHashMap<>();
        // per study and set, the newest version of this batch that names it
        Map<String, Map<String, Integer>> studySets = new java.util.TreeMap<>();
        for (QuestionClassified c : events) {
            latest.remove(c.key());
            latest.put(c.key(), c);
            // events of schema 1 carry no studySets: their sets are all that is known
            Map<String, Integer> named = studySets.computeIfAbsent(c.studyId(), id -> new java.util.TreeMap<>());
            (c.studySets() == null ? c.sets() : c.studySets()).forEach(set -> named.merge(set, c.studyVersion(), Math::max));
        }
        List<String> studyIds = new java.util.ArrayList<>();
        List<String> setIds = new java.util.ArrayList<>();
        List<Integer> versions = new java.util.ArrayList<>();
        studySets.forEach((study, sets) -> sets.forEach((set, version) -> {
            studyIds.add(study);
            setIds.add(set);
            versions.add(version);
        }));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(UPSERT_MEMBERSHIP);
                PreparedStatement sets = connection.prepareStatement(UPSERT_STUDY_SETS)) {
            sets.setArray(1, connection.createArrayOf("text", studyIds.toArray()));
            sets.setArray(2, connection.createArrayOf("text", setIds.toArray()));
            sets.setArray(3, connection.createArrayOf("int4", versions.toArray()));
            sets.executeUpdate();
            List<QuestionClassified> rows = List.copyOf(latest.values());
            backlog.mark(connection, "classifications",
                    rows.stream().map(QuestionClassified::site).collect(Collectors.toCollection(TreeSet::new)),
                    events.size());
            upsert.setArray(1, connection.createArrayOf("text", rows.stream().map(QuestionClassified::studyId).toArray()));
            upsert.setArray(2, connection.createArrayOf("text", rows.stream().map(QuestionClassified::site).toArray()));
            upsert.setArray(3, connection.createArrayOf("bigint", rows.stream().map(QuestionClassified::postId).toArray()));
            upsert.setArray(4, connection.createArrayOf("int4", rows.stream().map(QuestionClassified::studyVersion).toArray()));
            upsert.setArray(5, connection.createArrayOf("text", rows.stream().map(c -> arrayLiteral(c.sets())).toArray()));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply " + events.size() + " classification(s)", e);
        }
    }
}
