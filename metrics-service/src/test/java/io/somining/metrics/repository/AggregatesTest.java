package io.somining.metrics.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.somining.contracts.AcceptedAnswerLinked;
import io.somining.contracts.Event;
import io.somining.contracts.LabelFinalized;
import io.somining.contracts.QuestionClassified;
import io.somining.contracts.QuestionDeleted;
import io.somining.contracts.QuestionUpserted;
import io.somining.metrics.stats.Summary;
import io.somining.platform.review.RelevanceReviews;
import io.somining.testing.RealInfrastructureResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import io.somining.contracts.EventCodec;
import io.somining.contracts.Topics;
import io.somining.testing.EmbeddedInfrastructure;
import io.somining.testing.TopicProbe;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The pre-aggregated figures, kept by triggers as facts and memberships change in any order, equal a
 * count from scratch over the projections; so do the figures of reviewed members, counted when asked.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "metrics"))
class AggregatesTest {

    private static final String STUDY = "aggregates-test";
    private static final String SITE = "aggregates.test.example";
    private static final List<String> SETS = List.of("A", "B", "C");

    @Inject
    ProjectionStore store;

    @Inject
    TrendQueries trend;

    @Inject
    DifficultyQueries difficulty;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AggregateBacklog backlog;

    @Test
    void shouldKeepTheAggregatesEqualToACountFromScratch() throws Exception {
        // given 1,500 random events (questions asked, edited, answered, reclassified, deleted, reviewed) applied in batches
        Random random = new Random(20200807);
        List<Event> batch = new ArrayList<>();
        for (int step = 0; step < 1500; step++) {
            batch.add(randomEvent(SITE, random));
            if (random.nextInt(8) == 0) {
                apply(batch);
                batch.clear();
            }
        }
        apply(batch);

        // then every year of every set, and every group of sets, holds what a count from scratch finds
        // (every set, then only the members a review kept)
        assertAggregatesEqualACountFromScratch(SITE);
    }

    @Test
    void shouldCountASiteOfTheBacklogFromScratchAsRowByRow() throws Exception {
        // given random events of a site whose batches are big enough to put it in the backlog, then small ones (its
        // marks renewed, its rows not counted row by row)
        String site = "backlog.test.example";
        Random random = new Random(20201108);
        applyInBatches(site, random, 800, 400);
        assertThat(backlog.waiting()).as("a big batch put the site in the backlog").contains(site);
        applyInBatches(site, random, 150, 20);

        // when its events stop coming, it is counted from scratch; then small batches are counted row by row again
        awaitRebuilt(site);
        applyInBatches(site, random, 300, 20);
        assertThat(backlog.waiting()).as("small batches keep the site out of the backlog").doesNotContain(site);
        assertAggregatesEqualACountFromScratch(site);

        // and a second backlog (reclassifications, deletions, links of questions counted before) is counted alike
        applyInBatches(site, random, 900, 450);
        awaitRebuilt(site);
        assertAggregatesEqualACountFromScratch(site);
    }

    @Test
    void shouldLoseNoRowWhenBothConsumersWriteWhileTheSiteIsRebuilt() throws Exception {
        // given question events and classifications of one site written by two threads at once, as the two consumers
        // do, in batches big and small with pauses long enough for rebuilds to start between and during them
        String site = "concurrent.test.example";
        Random random = new Random(20201109);
        List<Event> questionEvents = new ArrayList<>();
        List<Event> classifications = new ArrayList<>();
        for (int step = 0; step < 4000; step++) {
            Event event = randomEvent(site, random);
            if (event instanceof QuestionClassified) {
                classifications.add(event);
            } else {
                // reviews too: the figures of reviewed members are compared as well
                questionEvents.add(event);
            }
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var questions = pool.submit(() -> writeWithPauses(site, questionEvents, new Random(1)));
            var memberships = pool.submit(() -> writeWithPauses(site, classifications, new Random(2)));
            questions.get();
            memberships.get();
        } finally {
            pool.shutdown();
        }

        // then once the last rebuild is done, the aggregates are what a count from scratch finds
        awaitRebuilt(site);
        assertAggregatesEqualACountFromScratch(site);
    }

    @Test
    void shouldStartARebuildOnlyOnceEveryWriteThatSkippedTheSiteIsCommitted() throws Exception {
        // given a site in the backlog, and a consumer's batch of it written but not yet committed
        String site = "rebuild-waits.test.example";
        Random random = new Random(20201110);
        applyInBatches(site, random, 800, 400);
        List<Event> held = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            held.add(randomEvent(site, random));
        }
        var written = new java.util.concurrent.CountDownLatch(1);
        var committingAt = new java.util.concurrent.atomic.AtomicLong();
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var writer = pool.submit(() -> {
                QuarkusTransaction.requiringNew().run(() -> {
                    applyWithin(held);
                    written.countDown();
                    // committed once a rebuild waits on an advisory lock (or after 10 s: a rebuild that does not wait)
                    try {
                        await().atMost(Duration.ofSeconds(10)).until(this::aBackendWaitsOnAnAdvisoryLock);
                    } catch (org.awaitility.core.ConditionTimeoutException noRebuildWaited) {
                        // the assertion below says so
                    }
                    // set as the commit begins: set after it, a rebuild released by the commit could return first
                    committingAt.set(System.nanoTime());
                });
                return null;
            });
            written.await();

            // when the site's rebuild is asked for meanwhile
            QuarkusTransaction.requiringNew().run(() -> backlog.rebuild(site));
            long rebuildReturnedAt = System.nanoTime();
            writer.get();

            // then it waited for that batch (it would have counted the site without its rows), and the aggregates
            // end where a count from scratch is
            assertThat(rebuildReturnedAt).as("the rebuild returned once the batch was being committed").isGreaterThan(committingAt.get());
        } finally {
            pool.shutdown();
        }
        awaitRebuilt(site);
        assertAggregatesEqualACountFromScratch(site);
    }

    @Test
    void shouldCountASiteFromScratchOnlyOnceNoRunningConsumerThatFeedsTheMetricsHasEventsLeft() throws Exception {
        // given a running member of the classifier's group that has an event of so.questions left to read
        String site = "upstream-busy.test.example";
        String bootstrap = EmbeddedInfrastructure.kafkaBootstrapServers();
        QuestionUpserted unread = QuestionUpserted.of("upstream-busy-event.test.example", "upstream-busy-event@2020-01", 1,
                Instant.parse("2020-01-01T00:00:00Z"), 1L, "t", "b", List.of("keras"), null, 1, null);
        TopicProbe.write(bootstrap, Topics.QUESTIONS, unread.key(), unread.eventType(), EventCodec.encode(unread));
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "classifier-service");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaConsumer<String, String> classifier = new KafkaConsumer<>(settings, new StringDeserializer(),
                new StringDeserializer())) {
            classifier.subscribe(List.of(Topics.QUESTIONS));
            await("the classifier's member joined").atMost(Duration.ofSeconds(30))
                    .until(() -> !classifier.poll(Duration.ofMillis(100)).isEmpty() || !classifier.assignment().isEmpty());
            classifier.pause(classifier.assignment());

            // when a big batch of a site is written and its events stop coming for well over the quiet period
            applyInBatches(site, new Random(7), 600, 600);
            assertThat(backlog.waiting()).as("a big batch put the site in the backlog").contains(site);

            // then the site is not counted while that member has events left
            await("the site waiting").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5))
                    .until(() -> backlog.waiting().contains(site));
        }
        // and once the member has left (a stopped consumer is not waited for), it is, to a count from scratch
        awaitRebuilt(site);
        assertAggregatesEqualACountFromScratch(site);
    }

    private boolean aBackendWaitsOnAnAdvisoryLock() throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted)");
                ResultSet waits = select.executeQuery()) {
            waits.next();
            return waits.getBoolean(1);
        }
    }

    /**
     * Applies events in batches of 1 to 400, each in its own transaction; after some, while the site waits in the
     * backlog, waits until it was counted (once the other writer pauses too or has finished), so that rebuilds come
     * between batches of one writer and amid the other's.
     */
    private Void writeWithPauses(String site, List<Event> events, Random random) {
        int from = 0;
        while (from < events.size()) {
            int to = Math.min(events.size(), from + 1 + random.nextInt(400));
            apply(events.subList(from, to));
            from = to;
            if (random.nextInt(6) == 0) {
                awaitRebuilt(site);
            }
        }
        return null;
    }

    private void applyInBatches(String site, Random random, int events, int batchSize) {
        List<Event> batch = new ArrayList<>();
        for (int step = 0; step < events; step++) {
            batch.add(randomEvent(site, random));
            if (batch.size() == batchSize) {
                apply(batch);
                batch.clear();
            }
        }
        apply(batch);
    }

    private void awaitRebuilt(String site) {
        await("the rebuild of " + site).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !backlog.waiting().contains(site));
    }

    private void assertAggregatesEqualACountFromScratch(String site) throws Exception {
        for (boolean reviewed : new boolean[] { false, true }) {
            for (String set : SETS) {
                String what = set + (reviewed ? " reviewed" : "");
                assertThat(trend.trend(STUDY, set, site, 2008, 2030, reviewed)).as("trend of " + what)
                        .isEqualTo(recountTrend(site, set, reviewed));
                Recounted recounted = recountResponseTimes(site, set, reviewed);
                long acceptedWithoutTime = difficulty.difficulty(STUDY, set, site, reviewed,
                        (counts, times) -> counts.count() - counts.withoutAcceptedAnswer() - times.size());
                assertThat(acceptedWithoutTime).as("answered without time in " + what).isEqualTo(recounted.withoutTime());
                assertSameSummary(keptSummary(STUDY, set, site, reviewed), Summary.of(recounted.minutes()),
                        "response minutes in " + what);
            }
        }
        for (List<String> group : List.of(List.of("A"), List.of("B"), List.of("C"), List.of("A", "B"), List.of("B", "C"),
                List.of("A", "B", "C"))) {
            for (Set<String> reviewed : List.<Set<String>>of(Set.of(), Set.of("A"), Set.of("A", "B"))) {
                assertThat(difficulty.counts(STUDY, group, site, reviewed)).as("counts of " + group + ", reviewed " + reviewed)
                        .isEqualTo(recountGroup(site, group, reviewed));
            }
        }
        assertThat(recountGroup(site, List.of("A", "B", "C"), Set.of()).count()).as("the events left questions to count").isPositive();
        assertThat(SETS.stream().mapToInt(set -> keptSummary(STUDY, set, site, false).count()).sum())
                .as("and response times to compare").isPositive();
        DifficultyQueries.Counts keptOnes = recountGroup(site, List.of("A", "B"), Set.of("A", "B"));
        assertThat(keptOnes.count()).as("reviews kept some members").isPositive()
                .as("and dropped others").isLessThan(recountGroup(site, List.of("A", "B"), Set.of()).count());
    }

    @Test
    void shouldSummarizeResponseTimesFromTheHistogramExactlyAsFromTheSortedSample() throws Exception {
        // given 30,000 questions of one set on two sites: log-normal times spread over a thousand
        // buckets, ties, negative times, answered questions without a time, unanswered ones
        String study = "histogram-test";
        Random random = new Random(42);
        List<Object[]> rows = new ArrayList<>();
        for (int id = 1; id <= 30_000; id++) {
            String site = id % 3 == 0 ? "b.example" : "a.example";
            int kind = random.nextInt(100);
            Double minutes = kind < 5 ? null : kind < 8 ? 0.0 : kind < 10 ? 1.0 : kind < 12 ? -random.nextInt(600) / 60.0
                    : Math.round(Math.exp(4 + 2.5 * random.nextGaussian()) * 60_000) / 60_000.0;
            rows.add(new Object[] { site, (long) id, kind >= 2, kind >= 2 ? minutes : null });
        }
        insertQuestions(study, rows);

        // then: for each site and for both, the same summary as R's statistics over the sorted times
        assertSummariesMatch(study, rows);

        // when: times change and questions leave the set
        try (Connection connection = dataSource.getConnection(); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("UPDATE set_question SET response_minutes = response_minutes * 2 "
                    + "WHERE study_id = '" + study + "' AND post_id % 7 = 0");
            statement.execute("DELETE FROM set_question WHERE study_id = '" + study + "' AND post_id % 11 = 0");
        }
        for (Object[] row : rows) {
            long id = (Long) row[1];
            if (id % 7 == 0 && row[3] != null) {
                row[3] = (Double) row[3] * 2;
            }
        }
        rows.removeIf(row -> (Long) row[1] % 11 == 0);

        // then: the histogram followed
        assertSummariesMatch(study, rows);
    }

    private void assertSummariesMatch(String study, List<Object[]> rows) {
        for (String site : java.util.Arrays.asList("a.example", "b.example", null)) {
            double[] minutes = rows.stream().filter(r -> site == null || site.equals(r[0]))
                    .filter(r -> (Boolean) r[2] && r[3] != null).mapToDouble(r -> (Double) r[3]).toArray();
            Summary expected = Summary.of(minutes);
            assertThat(expected.outlierCount()).as("the sample has outliers to list").isPositive();
            assertSameSummary(keptSummary(study, "X", site, false), expected, "site " + site);
        }
    }

    private void insertQuestions(String study, List<Object[]> rows) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO set_question (study_id, set_id, site, post_id, creation_date, accepted, response_minutes)
                VALUES (?, 'X', ?, ?, '2020-01-01T00:00:00Z', ?, ?)""")) {
            for (Object[] row : rows) {
                insert.setString(1, study);
                insert.setString(2, (String) row[0]);
                insert.setLong(3, (Long) row[1]);
                insert.setBoolean(4, (Boolean) row[2]);
                insert.setObject(5, row[3], java.sql.Types.DOUBLE);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private Summary keptSummary(String study, String set, String site, boolean reviewed) {
        return difficulty.difficulty(study, set, site, reviewed, (counts, times) -> Summary.of(times));
    }

    /** Equal order statistics, outliers and counts; the mean within rounding (the histogram sums exactly, R in order). */
    private static void assertSameSummary(Summary kept, Summary expected, String what) {
        if (expected == null) {
            assertThat(kept).as(what).isNull();
            return;
        }
        assertThat(kept).as(what).usingRecursiveComparison().ignoringFields("mean").isEqualTo(expected);
        assertThat(kept.mean()).as(what + ": mean").isCloseTo(expected.mean(),
                org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(expected.mean()))));
    }

    private static Event randomEvent(String site, Random random) {
        long id = 1 + random.nextInt(80);
        return switch (random.nextInt(6)) {
            case 0, 1 -> QuestionUpserted.of(site, site + "@2021-01", id,
                    LocalDate.of(2015 + random.nextInt(6), 1 + random.nextInt(12), 1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    random.nextInt(4) == 0 ? null : (long) (1 + random.nextInt(10)), "t", "b", List.of("keras"),
                    random.nextBoolean() ? null : id * 10, 1, null);
            case 2 -> QuestionClassified.of(STUDY, 1, site, id,
                    SETS.stream().filter(set -> random.nextBoolean()).toList(), List.of(), SETS);
            case 3 -> AcceptedAnswerLinked.of(site, id, id * 10, Instant.parse("2021-01-01T00:00:00Z"));
            // reviews of sets A and B, for members and non-members alike; a later one overrides
            case 4 -> LabelFinalized.of("round-" + random.nextInt(3), "RELEVANCE", STUDY, random.nextBoolean() ? "A" : "B", site, id,
                    List.of(random.nextInt(3) == 0 ? "DROP" : "KEEP"), "AGREED");
            default -> QuestionDeleted.of(site, id, site + "@2021-02");
        };
    }

    @Test
    void shouldStoreSetIdsWhateverCharactersTheyHold() throws Exception {
        // the classifier allows letters, digits, _ and -; the metrics take any event off the topic as it is
        List<String> sets = List.of("a,b", "q\"uote", "back\\slash", "{braces}", "NULL", " space ", "\u00e9t\u00e9");
        apply(List.of(QuestionClassified.of("characters-test", 1, SITE, 9_000_001L, sets, List.of(), sets)));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT sets FROM set_membership WHERE study_id = 'characters-test' AND post_id = 9000001")) {
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat((String[]) row.getArray(1).getArray()).containsExactlyElementsOf(sets);
            }
        }
    }

    private void apply(List<Event> events) {
        QuarkusTransaction.requiringNew().run(() -> applyWithin(events));
    }

    /** As a consumer's batch, within the caller's transaction. */
    private void applyWithin(List<Event> events) {
        List<Event> questionEvents = events.stream()
                .filter(e -> !(e instanceof QuestionClassified) && !(e instanceof LabelFinalized)).toList();
        List<QuestionClassified> classifications = events.stream().filter(QuestionClassified.class::isInstance)
                .map(QuestionClassified.class::cast).toList();
        store.applyQuestionEvents(questionEvents);
        store.applyClassifications(classifications);
        store.applyReviews(RelevanceReviews.of(events));
    }

    /** Of a membership m in set s (a parameter), that a review kept it there: true unless {@code reviewed}. */
    private static String keptIn(boolean reviewed) {
        return reviewed ? """
                EXISTS (SELECT 1 FROM set_review r WHERE r.study_id = m.study_id AND r.set_id = ? AND r.site = m.site
                        AND r.post_id = m.post_id AND r.kept)""" : "?::text IS NOT NULL";
    }

    private List<TrendQueries.YearCount> recountTrend(String site, String set, boolean reviewed) throws Exception {
        String sql = """
                SELECT extract(year FROM q.creation_date AT TIME ZONE 'UTC')::int, count(*), count(DISTINCT q.owner_user_id)
                FROM set_membership m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id
                WHERE m.study_id = ? AND m.site = ? AND ? = ANY(m.sets) AND %s GROUP BY 1 ORDER BY 1
                """.formatted(keptIn(reviewed));
        List<TrendQueries.YearCount> years = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, STUDY);
            select.setString(2, site);
            select.setString(3, set);
            select.setString(4, set);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    years.add(new TrendQueries.YearCount(rows.getInt(1), rows.getLong(2), rows.getLong(3)));
                }
            }
        }
        return years;
    }

    private record Recounted(long withoutTime, double[] minutes) {
    }

    private Recounted recountResponseTimes(String site, String set, boolean reviewed) throws Exception {
        String sql = """
                SELECT q.accepted_answer_id IS NOT NULL, extract(epoch FROM q.accepted_answer_at - q.creation_date) / 60
                FROM set_membership m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id
                WHERE m.study_id = ? AND m.site = ? AND ? = ANY(m.sets) AND %s
                """.formatted(keptIn(reviewed));
        int withoutTime = 0;
        List<Double> minutes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, STUDY);
            select.setString(2, site);
            select.setString(3, set);
            select.setString(4, set);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    java.math.BigDecimal value = rows.getBigDecimal(2);
                    if (value != null) {
                        minutes.add(value.doubleValue());
                    } else if (rows.getBoolean(1)) {
                        withoutTime++;
                    }
                }
            }
        }
        return new Recounted(withoutTime, minutes.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A question counts when one of its sets is in the group and, if reviewed, a review kept it in that set. */
    private DifficultyQueries.Counts recountGroup(String site, List<String> group, Set<String> reviewed) throws Exception {
        String sql = """
                SELECT count(*), count(*) FILTER (WHERE q.accepted_answer_id IS NULL)
                FROM set_membership m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id
                WHERE m.study_id = ? AND m.site = ? AND EXISTS (
                    SELECT 1 FROM unnest(m.sets) AS s(id) WHERE s.id = ANY(?::text[])
                    AND (s.id <> ALL(?::text[]) OR EXISTS (SELECT 1 FROM set_review r WHERE r.study_id = m.study_id
                         AND r.set_id = s.id AND r.site = m.site AND r.post_id = m.post_id AND r.kept)))
                """;
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, STUDY);
            select.setString(2, site);
            select.setArray(3, connection.createArrayOf("text", group.toArray()));
            select.setArray(4, connection.createArrayOf("text", reviewed.toArray()));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new DifficultyQueries.Counts(row.getInt(1), row.getInt(2));
            }
        }
    }
}
