package io.somining.metrics.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.somining.contracts.AcceptedAnswerLinked;
import io.somining.contracts.Event;
import io.somining.contracts.QuestionClassified;
import io.somining.contracts.QuestionDeleted;
import io.somining.contracts.QuestionUpserted;
import io.somining.testing.RealInfrastructureResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pre-aggregated figures, kept by triggers as facts and memberships change in any order, equal a
 * count from scratch over the projections.
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

    @Test
    void shouldKeepTheAggregatesEqualToACountFromScratch() throws Exception {
        // given 1,500 random events (questions asked, edited, answered, reclassified, deleted) applied in batches
        Random random = new Random(20200807);
        List<Event> batch = new ArrayList<>();
        for (int step = 0; step < 1500; step++) {
            batch.add(randomEvent(random));
            if (random.nextInt(8) == 0) {
                apply(batch);
                batch.clear();
            }
        }
        apply(batch);

        // then every year of every set, and every group of sets, holds what a count from scratch finds
        for (String set : SETS) {
            assertThat(trend.trend(STUDY, set, SITE, 2008, 2030)).as("trend of " + set).isEqualTo(recountTrend(set));
            DifficultyQueries.ResponseTimes kept = difficulty.responseTimes(STUDY, set, SITE);
            DifficultyQueries.ResponseTimes recounted = recountResponseTimes(set);
            assertThat(kept.acceptedWithoutTime()).as("answered without time in " + set).isEqualTo(recounted.acceptedWithoutTime());
            assertThat(java.util.Arrays.stream(kept.minutes()).sorted().toArray()).as("response minutes in " + set)
                    .containsExactly(java.util.Arrays.stream(recounted.minutes()).sorted().toArray());
        }
        for (List<String> group : List.of(List.of("A"), List.of("B"), List.of("C"), List.of("A", "B"), List.of("B", "C"),
                List.of("A", "B", "C"))) {
            assertThat(difficulty.counts(STUDY, group, SITE)).as("counts of " + group).isEqualTo(recountGroup(group));
        }
        assertThat(recountGroup(List.of("A", "B", "C")).count()).as("the events left questions to count").isPositive();
        assertThat(SETS.stream().mapToInt(set -> difficulty.responseTimes(STUDY, set, SITE).minutes().length).sum())
                .as("and response times to compare").isPositive();
    }

    private static Event randomEvent(Random random) {
        long id = 1 + random.nextInt(80);
        return switch (random.nextInt(5)) {
            case 0, 1 -> QuestionUpserted.of(SITE, SITE + "@2021-01", id,
                    LocalDate.of(2015 + random.nextInt(6), 1 + random.nextInt(12), 1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    random.nextInt(4) == 0 ? null : (long) (1 + random.nextInt(10)), "t", "b", List.of("keras"),
                    random.nextBoolean() ? null : id * 10, 1, null);
            case 2 -> QuestionClassified.of(STUDY, 1, SITE, id,
                    SETS.stream().filter(set -> random.nextBoolean()).toList(), List.of(), SETS);
            case 3 -> AcceptedAnswerLinked.of(SITE, id, id * 10, Instant.parse("2021-01-01T00:00:00Z"));
            default -> QuestionDeleted.of(SITE, id, SITE + "@2021-02");
        };
    }

    private void apply(List<Event> events) {
        List<Event> questionEvents = events.stream().filter(e -> !(e instanceof QuestionClassified)).toList();
        List<QuestionClassified> classifications = events.stream().filter(QuestionClassified.class::isInstance)
                .map(QuestionClassified.class::cast).toList();
        QuarkusTransaction.requiringNew().run(() -> {
            store.applyQuestionEvents(questionEvents);
            store.applyClassifications(classifications);
        });
    }

    private List<TrendQueries.YearCount> recountTrend(String set) throws Exception {
        String sql = """
                SELECT extract(year FROM q.creation_date AT TIME ZONE 'UTC')::int, count(*), count(DISTINCT q.owner_user_id)
                FROM set_membership m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id
                WHERE m.study_id = ? AND m.site = ? AND ? = ANY(m.sets) GROUP BY 1 ORDER BY 1
                """;
        List<TrendQueries.YearCount> years = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, STUDY);
            select.setString(2, SITE);
            select.setString(3, set);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    years.add(new TrendQueries.YearCount(rows.getInt(1), rows.getLong(2), rows.getLong(3)));
                }
            }
        }
        return years;
    }

    private DifficultyQueries.ResponseTimes recountResponseTimes(String set) throws Exception {
        String sql = """
                SELECT q.accepted_answer_id IS NOT NULL, extract(epoch FROM q.accepted_answer_at - q.creation_date) / 60
                FROM set_membership m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id
                WHERE m.study_id = ? AND m.site = ? AND ? = ANY(m.sets)
                """;
        int withoutTime = 0;
        List<Double> minutes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, STUDY);
            select.setString(2, SITE);
            select.setString(3, set);
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
        return new DifficultyQueries.ResponseTimes(withoutTime, minutes.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private DifficultyQueries.Counts recountGroup(List<String> group) throws Exception {
        String sql = """
                SELECT count(*), count(*) FILTER (WHERE q.accepted_answer_id IS NULL)
                FROM set_membership m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id
                WHERE m.study_id = ? AND m.site = ? AND m.sets && ?::text[]
                """;
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, STUDY);
            select.setString(2, SITE);
            select.setArray(3, connection.createArrayOf("text", group.toArray()));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new DifficultyQueries.Counts(row.getInt(1), row.getInt(2));
            }
        }
    }
}
