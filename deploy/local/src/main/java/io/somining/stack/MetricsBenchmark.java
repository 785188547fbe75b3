package io.somining.stack;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./suite benchmark-metrics MILLIONS}: the metrics service's answers on a Stack Overflow-sized
 * corpus. Ingesting 100 GB of XML takes hours here, so the questions are written straight into the
 * metrics service's projections (in chunks, through the same triggers that keep the aggregates as
 * events arrive), with Stack Overflow's shape: every question in A, 5% in B (deep learning), some
 * of those in the platform sets C, D and E (overlapping), the rest of B in N; about 55% with an
 * accepted answer, after one minute to two weeks (log-uniform, in milliseconds as the dumps' dates
 * are); owners shared by about five questions each. Then the endpoints are timed through
 * the gateway.
 */
final class MetricsBenchmark {

    private static final int CHUNK = 250_000;
    /** A study of its own, so that the benchmark's questions never mix with a real study's figures. */
    private static final String STUDY = "metrics-benchmark";

    // deterministic pseudo-random attributes of question i: (i * prime) mod m
    private static final String FACTS = """
            INSERT INTO question_fact (site, post_id, creation_date, owner_user_id, accepted_answer_id, accepted_answer_at, dump_id)
            SELECT ?, i,
                   created,
                   CASE WHEN i % 25 = 0 THEN NULL ELSE 1 + (i * 104729) % greatest(1, ? / 5) END,
                   CASE WHEN (i * 31) % 100 < 55 THEN i * 2 END,
                   CASE WHEN (i * 31) % 100 < 55
                        THEN created + make_interval(secs => (exp(((i * 17) % 100000) / 10000.0) * 60000)::bigint / 1000.0) END,
                   ? || '@2024-01'
            FROM generate_series(?::bigint, ?::bigint) AS i,
                 LATERAL (SELECT timestamptz '2008-08-01 00:00:00+00' + make_interval(days => ((i * 7919) % 5600)::int,
                                 secs => (i % 86400)::int) AS created) c
            ON CONFLICT DO NOTHING
            """;

    private static final String MEMBERSHIPS = """
            INSERT INTO set_membership (study_id, site, post_id, study_version, sets)
            SELECT ?, ?, i, 1,
                   CASE WHEN h >= 50 THEN ARRAY['A']
                        WHEN h < 24 THEN ARRAY['A', 'B'] || (CASE WHEN h < 12 THEN ARRAY['C'] ELSE '{}' END)
                                                         || (CASE WHEN h >= 8 AND h < 20 THEN ARRAY['D'] ELSE '{}' END)
                                                         || (CASE WHEN h >= 18 THEN ARRAY['E'] ELSE '{}' END)
                        ELSE ARRAY['A', 'B', 'N'] END
            FROM generate_series(?::bigint, ?::bigint) AS i, LATERAL (SELECT (i * 2654435761) % 1000 AS h) x
            ON CONFLICT DO NOTHING
            """;

    private final LocalStack stack;
    private final PrintStream out;

    MetricsBenchmark(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    void run(long millions) throws SQLException {
        long questions = millions * 1_000_000;
        String site = "metrics-bench-" + millions + "m.example";
        try (Connection connection = stack.superuser("metrics")) {
            long present = count(connection, site);
            if (present < questions) {
                out.printf("Writing %,d questions of %s into the metrics projections (%,d there) ...%n", questions, site, present);
                fill(connection, site, questions);
            }
            try (PreparedStatement sets = connection.prepareStatement(
                    "INSERT INTO study_set SELECT ?, unnest(ARRAY['A','B','C','D','E','N']) ON CONFLICT DO NOTHING")) {
                sets.setString(1, STUDY);
                sets.executeUpdate();
            }
        }
        SampleRun client = new SampleRun(stack.settings().gatewayUrl(),
                stack.issueToken("benchmark", List.of("admin"), Duration.ofHours(2)), out);
        out.printf("%nMetrics latency through the gateway, study %s, site %s, %d calls each after one warm-up:%n",
                STUDY, site, Benchmark.CALLS);
        Benchmark.latency(client, out, STUDY, site, List.of("/sets/A/trend", "/sets/B/trend", "/compare?a=C,D,E&b=N",
                "/sets/A/difficulty", "/sets/B/difficulty", "/sets/N/difficulty", "/sets/C/survival?curve=false"));
        out.println("All sites at once (the corpus and every other site loaded):");
        Benchmark.latency(client, out, STUDY, "", List.of("/sets/A/trend", "/compare?a=C,D,E&b=N", "/sets/A/difficulty"));
    }

    private void fill(Connection connection, String site, long questions) throws SQLException {
        connection.setAutoCommit(false);
        long started = System.nanoTime();
        for (long first = 1; first <= questions; first += CHUNK) {
            long last = Math.min(questions, first + CHUNK - 1);
            try (PreparedStatement facts = connection.prepareStatement(FACTS);
                    PreparedStatement memberships = connection.prepareStatement(MEMBERSHIPS)) {
                facts.setString(1, site);
                facts.setLong(2, questions);
                facts.setString(3, site);
                facts.setLong(4, first);
                facts.setLong(5, last);
                facts.executeUpdate();
                memberships.setString(1, STUDY);
                memberships.setString(2, site);
                memberships.setLong(3, first);
                memberships.setLong(4, last);
                memberships.executeUpdate();
            }
            connection.commit();
            double seconds = (System.nanoTime() - started) / 1e9;
            if ((last / CHUNK) % 8 == 0 || last == questions) {
                out.printf("  %,d questions in %.0f s (%,.0f/s, facts and memberships with their aggregates)%n",
                        last, seconds, last / seconds);
            }
        }
        connection.setAutoCommit(true);
        try (Statement analyze = connection.createStatement()) {
            // as autovacuum would in time: statistics, and the visibility map that index-only scans need
            analyze.execute("VACUUM ANALYZE question_fact");
            analyze.execute("VACUUM ANALYZE set_membership");
            analyze.execute("VACUUM ANALYZE set_question");
        }
    }

    private static long count(Connection connection, String site) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM question_fact WHERE site = ?")) {
            select.setString(1, site);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
