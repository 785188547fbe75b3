package io.somining.metrics.repository;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.somining.metrics.stats.SortedSample;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** Reads what the difficulty figures need: per question of a set, when it was asked and when it got its accepted answer. */
@ApplicationScoped
public class DifficultyQueries {

    /**
     * A set's questions as a survival analysis needs them: minutes observed (to the accepted answer,
     * or to where observation of the site ends when there is none) and whether the answer came.
     */
    public record Survival(int acceptedWithoutTime, double[] observedMinutes, boolean[] answered) {
    }

    /** How many questions a group holds, and how many have no accepted answer. */
    public record Counts(int count, int withoutAcceptedAnswer) {
    }

    // one set's questions with their facts, kept by the triggers of V3__aggregates.sql: one index range
    private static final String FROM_SET = """
            FROM set_question q WHERE q.study_id = ? AND q.set_id = ? AND (?::text IS NULL OR q.site = ?)
            """;

    // pre-aggregated per combination of sets (V3__aggregates.sql): a question in two sets of the group counts once
    private static final String COUNTS = """
            SELECT coalesce(sum(questions), 0), coalesce(sum(without_accepted), 0) FROM set_combination_stats
            WHERE study_id = ? AND sets && ?::text[] AND (?::text IS NULL OR site = ?)
            """;

    private static final String SURVIVAL = """
            SELECT q.site, q.creation_date, q.accepted, q.response_minutes
            """ + FROM_SET;

    // the reviewed members of some sets (an array) that are in none of the other sets (a second array)
    private static final String REVIEWED_COUNTS = """
            SELECT count(*), count(*) FILTER (WHERE NOT accepted) FROM (
                SELECT DISTINCT q.site, q.post_id, q.accepted FROM set_question q
                WHERE q.study_id = ? AND q.set_id = ANY(?::text[]) AND (?::text IS NULL OR q.site = ?) AND
            """ + ReviewedMembers.KEPT + """
                  AND NOT EXISTS (SELECT 1 FROM set_question o WHERE o.study_id = q.study_id AND o.set_id = ANY(?::text[])
                                  AND o.site = q.site AND o.post_id = q.post_id)) g
            """;

    private static final String REVIEWED_RESPONSE_MINUTES = "SELECT q.response_minutes " + FROM_SET
            + " AND q.accepted AND q.response_minutes IS NOT NULL AND " + ReviewedMembers.KEPT;

    private static final int FETCH_SIZE = 50_000;

    @Inject
    AgroalDataSource dataSource;

    /**
     * Counted by the database: a comparison needs no more.
     *
     * @param reviewed those of {@code sets} that count only the members a relevance review kept
     */
    public Counts counts(String studyId, List<String> sets, String site, Set<String> reviewed) {
        try (Connection connection = dataSource.getConnection()) {
            return counts(connection, studyId, sets, site, reviewed);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the questions of " + studyId + "/" + sets, e);
        }
    }

    /** The union's questions: those of the other sets from the aggregates, and the reviewed members in none of them. */
    private static Counts counts(Connection connection, String studyId, List<String> sets, String site, Set<String> reviewed)
            throws SQLException {
        List<String> whole = sets.stream().filter(set -> !reviewed.contains(set)).toList();
        List<String> reviewedOnes = sets.stream().filter(reviewed::contains).toList();
        Counts counts = new Counts(0, 0);
        if (!whole.isEmpty()) {
            counts = count(connection, COUNTS, studyId, site, connection.createArrayOf("text", whole.toArray()));
        }
        if (!reviewedOnes.isEmpty()) {
            Counts kept = count(connection, REVIEWED_COUNTS, studyId, site, connection.createArrayOf("text", reviewedOnes.toArray()),
                    connection.createArrayOf("text", whole.toArray()));
            counts = new Counts(counts.count() + kept.count(), counts.withoutAcceptedAnswer() + kept.withoutAcceptedAnswer());
        }
        return counts;
    }

    private static Counts count(Connection connection, String sql, String studyId, String site, Object sets, Object... more)
            throws SQLException {
        try (PreparedStatement select = prepare(connection, sql, studyId, sets, site)) {
            for (int i = 0; i < more.length; i++) {
                select.setObject(5 + i, more[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new Counts(row.getInt(1), row.getInt(2));
            }
        }
    }

    /**
     * Applies {@code difficulty} to a set's counts and to the minutes to the accepted answer of its
     * answered questions whose answer time is known, read in one snapshot; the sample reads only what
     * it is asked.
     *
     * @param site one site only, or null for all
     */
    public <T> T difficulty(String studyId, String setId, String site, boolean reviewed,
            BiFunction<Counts, SortedSample, T> difficulty) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement snapshot = connection.createStatement()) {
                    snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                return difficulty.apply(counts(connection, studyId, List.of(setId), site, reviewed ? Set.of(setId) : Set.of()),
                        reviewed ? reviewedResponseTimes(connection, studyId, setId, site)
                                : BucketedResponseTimes.read(connection, studyId, setId, site));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the response times of " + studyId + "/" + setId, e);
            }
        });
    }

    /** A reviewed set's response times, few enough to read and sort in memory. */
    private static SortedSample reviewedResponseTimes(Connection connection, String studyId, String setId, String site)
            throws SQLException {
        try (PreparedStatement select = prepare(connection, REVIEWED_RESPONSE_MINUTES, studyId, setId, site);
                ResultSet rows = select.executeQuery()) {
            DoubleList minutes = new DoubleList();
            while (rows.next()) {
                minutes.add(rows.getDouble(1));
            }
            return SortedSample.ofOwned(minutes.toArray());
        }
    }

    /** @param sets one set's id, or an array of set ids */
    private static PreparedStatement prepare(Connection connection, String sql, String studyId, Object sets,
            String site) throws SQLException {
        PreparedStatement select = connection.prepareStatement(sql);
        select.setString(1, studyId);
        select.setObject(2, sets);
        select.setString(3, site);
        select.setString(4, site);
        return select;
    }

    /**
     * @param site     one site only, or null for all
     * @param reviewed only the members a relevance review kept
     */
    public Survival survival(String studyId, String setId, String site, boolean reviewed) {
        // one transaction: the cursor (fetch size) streams the rows instead of loading them at once
        return QuarkusTransaction.requiringNew().call(() -> readSurvival(studyId, setId, site, reviewed));
    }

    private Survival readSurvival(String studyId, String setId, String site, boolean reviewed) {
        Map<String, Instant> observationEnds = observationEnds(site);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(connection, reviewed ? SURVIVAL + " AND " + ReviewedMembers.KEPT : SURVIVAL,
                        studyId, setId, site)) {
            select.setFetchSize(FETCH_SIZE);
            DoubleList observed = new DoubleList();
            java.util.BitSet answered = new java.util.BitSet();
            int acceptedWithoutTime = 0;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Instant created = rows.getTimestamp(2).toInstant();
                    double responseMinutes = rows.getDouble(4);
                    boolean responseKnown = !rows.wasNull();
                    if (!rows.getBoolean(3)) {
                        Instant end = observationEnds.getOrDefault(rows.getString(1), created);
                        observed.add(Math.max(0, minutes(created, end)));
                    } else if (!responseKnown) {
                        acceptedWithoutTime++;
                    } else {
                        answered.set(observed.size());
                        observed.add(responseMinutes);
                    }
                }
            }
            boolean[] events = new boolean[observed.size()];
            for (int i = 0; i < events.length; i++) {
                events[i] = answered.get(i);
            }
            return new Survival(acceptedWithoutTime, observed.toArray(), events);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the questions of " + studyId + "/" + setId, e);
        }
    }

    /** Full elapsed time in minutes, as R's difftime(units = "mins"). */
    private static double minutes(Instant from, Instant to) {
        return (to.toEpochMilli() - from.toEpochMilli()) / 60_000.0;
    }

    /**
     * When observation of each site ends: the newest post the metrics see of its latest dumps (a question, or an
     * accepted answer). Every question still projected is held by the site's newest dump (one a newer dump no longer
     * holds is deleted), so it is observed up to there, even when that dump left it unchanged and it still names the
     * dump that brought it; and no question is censored before it was asked.
     */
    private Map<String, Instant> observationEnds(String site) {
        Map<String, Instant> ends = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT site, max(newest_post) "
                        + "FROM dump_end WHERE ?::text IS NULL OR site = ? GROUP BY site")) {
            select.setString(1, site);
            select.setString(2, site);
            ResultSet rows = select.executeQuery();
            while (rows.next()) {
                ends.put(rows.getString(1), rows.getTimestamp(2).toInstant());
            }
            return ends;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the dumps' ends", e);
        }
    }

    /**
     * A growable primitive array in blocks: a set may hold millions of questions, and growing one
     * array by copying would need three times their size at its peak; blocks need twice, at the end.
     */
    private static final class DoubleList {
        private static final int BLOCK = 1 << 20;
        private final java.util.List<double[]> full = new java.util.ArrayList<>();
        private double[] block = new double[1024];
        private int inBlock;

        void add(double value) {
            if (inBlock == block.length) {
                if (block.length < BLOCK) {
                    block = java.util.Arrays.copyOf(block, block.length * 2);
                } else {
                    full.add(block);
                    block = new double[BLOCK];
                    inBlock = 0;
                }
            }
            block[inBlock++] = value;
        }

        int size() {
            return full.size() * BLOCK + inBlock;
        }

        double[] toArray() {
            double[] values = new double[size()];
            for (int i = 0; i < full.size(); i++) {
                System.arraycopy(full.get(i), 0, values, i * BLOCK, BLOCK);
                full.set(i, null);
            }
            System.arraycopy(block, 0, values, full.size() * BLOCK, inBlock);
            return values;
        }
    }
}
