package io.somining.metrics.repository;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads what the difficulty figures need: per question of a set, when it was asked and when it got its accepted answer. */
@ApplicationScoped
public class DifficultyQueries {

    /**
     * A set's questions as a survival analysis needs them: minutes observed (to the accepted answer,
     * or to the dump's date when there is none) and whether the answer came.
     */
    public record Survival(int acceptedWithoutTime, double[] observedMinutes, boolean[] answered) {
    }

    /** How many questions a group holds, and how many have no accepted answer. */
    public record Counts(int count, int withoutAcceptedAnswer) {
    }

    // the group's members first (a question in two of its sets counts once), then their facts by key
    private static final String FROM_GROUP = """
            FROM question_fact q
            WHERE (q.site, q.post_id) IN (SELECT m.site, m.post_id FROM set_membership m
                                          WHERE m.study_id = ? AND m.sets && ?::text[] AND (?::text IS NULL OR m.site = ?))
            """;

    private static final String COUNTS = "SELECT count(*), count(*) FILTER (WHERE q.accepted_answer_id IS NULL) "
            + FROM_GROUP;

    private static final String RESPONSE_MINUTES = """
            SELECT count(*) FILTER (WHERE q.accepted_answer_id IS NOT NULL AND q.accepted_answer_at IS NULL),
                   array_agg(extract(epoch FROM q.accepted_answer_at - q.creation_date) / 60)
                       FILTER (WHERE q.accepted_answer_at IS NOT NULL)
            """ + FROM_GROUP;

    private static final String SURVIVAL = """
            SELECT q.site, q.creation_date, q.accepted_answer_id IS NOT NULL, q.accepted_answer_at, q.dump_id
            """ + FROM_GROUP;

    @Inject
    AgroalDataSource dataSource;

    /** Counted by the database: a comparison needs no more. */
    public Counts counts(String studyId, List<String> sets, String site) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(connection, COUNTS, studyId, sets, site);
                ResultSet row = select.executeQuery()) {
            row.next();
            return new Counts(row.getInt(1), row.getInt(2));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the questions of " + studyId + "/" + sets, e);
        }
    }

    /** The minutes to the accepted answer of the answered questions whose answer time is known, and how many lack it. */
    public record ResponseTimes(int acceptedWithoutTime, double[] minutes) {
    }

    public ResponseTimes responseTimes(String studyId, List<String> sets, String site) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(connection, RESPONSE_MINUTES, studyId, sets, site);
                ResultSet row = select.executeQuery()) {
            row.next();
            java.sql.Array minutes = row.getArray(2);
            double[] values = new double[0];
            if (minutes != null) {
                Object[] numbers = (Object[]) minutes.getArray();
                values = new double[numbers.length];
                for (int i = 0; i < numbers.length; i++) {
                    values[i] = ((Number) numbers[i]).doubleValue();
                }
            }
            return new ResponseTimes(row.getInt(1), values);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the response times of " + studyId + "/" + sets, e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, String studyId, List<String> sets,
            String site) throws SQLException {
        PreparedStatement select = connection.prepareStatement(sql);
        select.setString(1, studyId);
        select.setArray(2, connection.createArrayOf("text", sets.toArray()));
        select.setString(3, site);
        select.setString(4, site);
        return select;
    }

    /**
     * @param sets one set, or several whose union counts
     * @param site one site only, or null for all
     */
    public Survival survival(String studyId, List<String> sets, String site) {
        // one transaction: the cursor (fetch size) streams the rows instead of loading them at once
        return QuarkusTransaction.requiringNew().call(() -> readSurvival(studyId, sets, site));
    }

    private Survival readSurvival(String studyId, List<String> sets, String site) {
        Map<String, Instant> observationEnds = observationEnds(site);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(connection, SURVIVAL, studyId, sets, site)) {
            select.setFetchSize(10_000);
            DoubleList observed = new DoubleList();
            java.util.BitSet answered = new java.util.BitSet();
            int acceptedWithoutTime = 0;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Instant created = rows.getTimestamp(2).toInstant();
                    Timestamp acceptedAt = rows.getTimestamp(4);
                    if (!rows.getBoolean(3)) {
                        Instant end = observationEnds.getOrDefault(observationKey(rows.getString(1), rows.getString(5)), created);
                        observed.add(Math.max(0, minutes(created, end)));
                    } else if (acceptedAt == null) {
                        acceptedWithoutTime++;
                    } else {
                        answered.set(observed.size());
                        observed.add(minutes(created, acceptedAt.toInstant()));
                    }
                }
            }
            boolean[] events = new boolean[observed.size()];
            for (int i = 0; i < events.length; i++) {
                events[i] = answered.get(i);
            }
            return new Survival(acceptedWithoutTime, observed.toArray(), events);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the questions of " + studyId + "/" + sets, e);
        }
    }

    /** Full elapsed time in minutes, as R's difftime(units = "mins"). */
    private static double minutes(Instant from, Instant to) {
        return (to.toEpochMilli() - from.toEpochMilli()) / 60_000.0;
    }

    private static String observationKey(String site, String dumpId) {
        return site + "|" + dumpId;
    }

    /**
     * When each dump ends observing its site: the first day of its month ("site@yyyy-mm"); for a
     * dump of unknown date, the newest question of the site it holds.
     */
    private Map<String, Instant> observationEnds(String site) {
        Map<String, Instant> ends = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT site, dump_id, max(creation_date) "
                        + "FROM question_fact WHERE ?::text IS NULL OR site = ? GROUP BY site, dump_id")) {
            select.setString(1, site);
            select.setString(2, site);
            ResultSet rows = select.executeQuery();
            while (rows.next()) {
                String dumpId = rows.getString(2);
                Instant end = rows.getTimestamp(3).toInstant();
                if (dumpId != null && dumpId.matches(".*@\\d{4}-\\d{2}")) {
                    end = YearMonth.parse(dumpId.substring(dumpId.lastIndexOf('@') + 1)).atDay(1)
                            .atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                ends.put(observationKey(rows.getString(1), dumpId), end);
            }
            return ends;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the dumps' dates", e);
        }
    }

    /** A growable primitive array: a set may hold millions of questions. */
    private static final class DoubleList {
        private double[] values = new double[1024];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
