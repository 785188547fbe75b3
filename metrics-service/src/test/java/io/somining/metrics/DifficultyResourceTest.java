package io.somining.metrics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.somining.contracts.AcceptedAnswerLinked;
import io.somining.contracts.Event;
import io.somining.contracts.EventCodec;
import io.somining.contracts.QuestionClassified;
import io.somining.contracts.QuestionUpserted;
import io.somining.contracts.Topics;
import io.somining.testing.EmbeddedInfrastructure;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The difficulty figures through the whole path (events on the real broker, projections in the real
 * database, statistics), on data built so that R's golden values of issue 6 must come out.
 */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "metrics"))
class DifficultyResourceTest {

    private static final String SITE = "difficulty.test.example";
    private static final String STUDY = "difficulty-test";
    /** The sets the study defines; EMPTY never holds a question. */
    private static final List<String> STUDY_SETS = List.of("DAYS", "EMPTY", "P", "Q", "R");
    private static final Instant ASKED = Instant.parse("2019-06-01T00:00:00Z");
    /** Minutes to the accepted answer of R's example: x = c(13.5, 311.7, 1428.0, 293.3, 1042.3, 201.9, 3.1, 60.0). */
    private static final double[] MINUTES = { 13.5, 311.7, 1428.0, 293.3, 1042.3, 201.9, 3.1, 60.0 };

    private static void send(String topic, Event event) {
        TopicProbe.write(EmbeddedInfrastructure.kafkaBootstrapServers(), topic, event.key(), event.eventType(),
                EventCodec.encode(event));
    }

    private static void question(long id, Double minutesToAccepted, List<String> sets) {
        send(Topics.QUESTIONS, QuestionUpserted.of(SITE, SITE + "@2020-01", id, ASKED, id, "t", "b", List.of("keras"),
                minutesToAccepted == null ? null : id * 100, 1, null));
        if (minutesToAccepted != null) {
            send(Topics.QUESTIONS, AcceptedAnswerLinked.of(SITE, id, id * 100,
                    ASKED.plusMillis(Math.round(minutesToAccepted * 60_000))));
        }
        send(Topics.CLASSIFICATIONS, QuestionClassified.of(STUDY, 1, SITE, id, sets, List.of(), STUDY_SETS));
    }

    @BeforeAll
    static void publishEvents() {
        // read decimals as doubles: the figures are compared with R's to more digits than a float holds
        io.somining.testing.JsonNumbers.readDecimalsAsDoubles();
        // set R: R's eight response times and two questions without an accepted answer
        for (int i = 0; i < MINUTES.length; i++) {
            question(i + 1, MINUTES[i], List.of("R"));
        }
        question(9, null, List.of("R"));
        question(10, null, List.of("R"));
        // set DAYS: answered after 1 day 30 minutes, 3 days 100.5 minutes and 200 minutes
        question(300, 1470.0, List.of("DAYS"));
        question(301, 3 * 1440 + 100.5, List.of("DAYS"));
        question(302, 200.0, List.of("DAYS"));
        // sets P and Q: 15 of 50 and 25 of 50 without an accepted answer (R's prop.test(c(15,25), c(50,50)))
        for (int i = 0; i < 50; i++) {
            question(100 + i, i < 15 ? null : 30.0, List.of("P"));
            question(200 + i, i < 25 ? null : 30.0, List.of("Q"));
        }
    }

    @Test
    void shouldSummarizeResponseTimesAsBoxplotStatsAndQuantileDo() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/studies/" + STUDY + "/sets/R/difficulty").then().statusCode(200)
                        .body("questions", equalTo(10))
                        .body("responseMinutes.count", equalTo(8)));
        given().get("/studies/" + STUDY + "/sets/R/difficulty").then().statusCode(200)
                .body("withoutAcceptedAnswer", equalTo(2))
                .body("shareWithoutAcceptedAnswer", closeTo(0.2, 1e-12))
                .body("responseMinutes.box.lowerWhisker", closeTo(3.1, 1e-9))
                .body("responseMinutes.box.lowerHinge", closeTo(36.75, 1e-9))
                .body("responseMinutes.box.median", closeTo(247.6, 1e-9))
                .body("responseMinutes.box.upperHinge", closeTo(677.0, 1e-9))
                .body("responseMinutes.box.upperWhisker", closeTo(1428.0, 1e-9))
                .body("responseMinutes.q1", closeTo(48.375, 1e-9))
                .body("responseMinutes.q3", closeTo(494.35, 1e-9))
                .body("responseMinutes.outlierCount", equalTo(0));
        given().accept("text/csv").get("/studies/" + STUDY + "/sets/R/difficulty").then().statusCode(200)
                .body(startsWith("study,set,site,questions,without_accepted_answer"))
                .body(org.hamcrest.Matchers.containsString("\n" + STUDY + ",R,,10,2,0.2,0,8,"));
    }

    @Test
    void shouldSummarizeTheRemainderOfEachDayOnRequestAsADiagnostic() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/studies/" + STUDY + "/sets/DAYS/difficulty").then().statusCode(200)
                        .body("responseMinutes.count", equalTo(3)));
        given().get("/studies/" + STUDY + "/sets/DAYS/difficulty").then().statusCode(200)
                .body("responseMinutes.median", closeTo(1470.0, 1e-9))
                .body("responseMinutes.max", closeTo(4420.5, 1e-9));
        // the days dropped, as timedelta.seconds / 60: 30, 100.5 and 200
        given().get("/studies/" + STUDY + "/sets/DAYS/difficulty?remainderOfDay=true").then().statusCode(200)
                .body("questions", equalTo(3))
                .body("responseMinutes.count", equalTo(3))
                .body("responseMinutes.min", closeTo(30.0, 1e-9))
                .body("responseMinutes.median", closeTo(100.5, 1e-9))
                .body("responseMinutes.max", closeTo(200.0, 1e-9));
        given().get("/studies/" + STUDY + "/sets/DAYS/difficulty?remainderOfDay=maybe").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("remainderOfDay: 'maybe' is not a logical value"));
    }

    @Test
    void shouldCompareSharesWithPropTestsDefaultsAndWithoutCorrection() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/studies/" + STUDY + "/compare?a=P&b=Q").then().statusCode(200)
                        .body("a.questions", equalTo(50))
                        .body("b.questions", equalTo(50)));
        given().get("/studies/" + STUDY + "/compare?a=P&b=Q").then().statusCode(200)
                .body("a.withoutAcceptedAnswer", equalTo(15))
                .body("b.withoutAcceptedAnswer", equalTo(25))
                .body("test.statistic", closeTo(3.375, 1e-9))
                .body("test.df", equalTo(1))
                .body("test.pValue", closeTo(0.06619258, 5e-9));
        given().get("/studies/" + STUDY + "/compare?a=P&b=Q&correct=false").then().statusCode(200)
                .body("test.statistic", closeTo(4.166667, 5e-7))
                .body("test.pValue", closeTo(0.04122683, 5e-9));
        // R's other spellings of a logical mean the same; anything else is refused, never read as false
        given().get("/studies/" + STUDY + "/compare?a=P&b=Q&correct=F").then().statusCode(200)
                .body("test.statistic", closeTo(4.166667, 5e-7));
        given().get("/studies/" + STUDY + "/compare?a=P&b=Q&correct=T").then().statusCode(200)
                .body("test.statistic", closeTo(3.375, 1e-9)).body("test.corrected", equalTo(true));
        for (String notLogical : List.of("1", "yes", "0", "TRUE ", "")) {
            given().get("/studies/" + STUDY + "/compare?a=P&b=Q&correct=" + notLogical).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("correct: '" + notLogical + "' is not a logical value"));
        }
        // a union of sets, and an empty group: no test statistic, no error
        given().get("/studies/" + STUDY + "/compare?a=P,Q&b=R").then().statusCode(200)
                .body("a.questions", equalTo(100))
                .body("a.sets", contains("P", "Q"));
        given().get("/studies/" + STUDY + "/compare?a=P&b=EMPTY").then().statusCode(200)
                .body("b.questions", equalTo(0))
                .body("test", nullValue());
        given().get("/studies/" + STUDY + "/compare?a=P").then().statusCode(400)
                .contentType("application/problem+json");
        // a set the study does not define
        given().get("/studies/" + STUDY + "/compare?a=P&b=NOPE").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("study 'difficulty-test' has no set 'NOPE' (its sets: DAYS, EMPTY, P, Q, R)"));
    }

    @Test
    void shouldEstimateTimeToAcceptedAnswerWithUnansweredQuestionsCensored() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/studies/" + STUDY + "/sets/R/survival").then().statusCode(200)
                        .body("questions", equalTo(10)));
        // 8 answered, 2 censored at the dump's end (its newest post, the answer at 1428 minutes); the curve is
        // exactly 0.5 between the
        // 5th and 6th answers (293.3 and 311.7 minutes), so the median is their midpoint, as survfit's
        given().get("/studies/" + STUDY + "/sets/R/survival").then().statusCode(200)
                .body("answered", equalTo(8))
                .body("censored", equalTo(2))
                .body("medianMinutes", closeTo(302.5, 1e-9))
                .body("curve", org.hamcrest.Matchers.hasSize(8))
                .body("curve[7].survival", closeTo(0.2, 1e-12));
        given().get("/studies/no-such-study/sets/R/survival").then().statusCode(404);
    }

    @Test
    void shouldCensorAnUnansweredQuestionAtItsSitesNewestPostNotBeforeItWasAsked() {
        // given: a dump of 2020-01 with a question asked on 2020-01-10 and never answered, and a dump of 2020-02
        // that holds it unchanged (no new event: it still names 2020-01) and whose newest post is an answer of
        // 2020-02-20. The question is observed to 2020-02-20: 41 days, not censored at 2020-01-01 (before it
        // was asked) nor at its own dump's end (2020-01-20)
        String site = "censoring.test.example";
        String study = "censoring-test";
        Instant[][] questions = { { Instant.parse("2020-01-02T00:00:00Z"), Instant.parse("2020-01-20T00:00:00Z") },
                { Instant.parse("2020-01-03T00:00:00Z"), Instant.parse("2020-01-08T00:00:00Z") },
                { Instant.parse("2020-01-10T00:00:00Z"), null },
                { Instant.parse("2020-02-10T00:00:00Z"), Instant.parse("2020-02-20T00:00:00Z") } };
        for (int i = 0; i < questions.length; i++) {
            long id = i + 1;
            String dump = site + (i < 3 ? "@2020-01" : "@2020-02");
            send(Topics.QUESTIONS, QuestionUpserted.of(site, dump, id, questions[i][0], id, "t", "b",
                    List.of("keras"), questions[i][1] == null ? null : id * 10, 1, null));
            if (questions[i][1] != null) {
                send(Topics.QUESTIONS, AcceptedAnswerLinked.of(site, id, id * 10, questions[i][1]));
            }
            send(Topics.CLASSIFICATIONS, QuestionClassified.of(study, 1, site, id, List.of("S"), List.of(), List.of("S")));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/studies/" + study + "/sets/S/survival?site=" + site).then().statusCode(200)
                        .body("questions", equalTo(4)).body("answered", equalTo(3)));

        // then: answers at 5, 10 and 18 days with 4, 3 and 2 at risk (S = 3/4, 1/2, 1/4); the unanswered one is
        // still at risk at 18 days and leaves at 41. Censored at its dump's end (10 days) it would have left
        // before the 18th day (1 at risk, S = 0); at the month's first day, at 0.
        given().get("/studies/" + study + "/sets/S/survival?site=" + site).then().statusCode(200)
                .body("censored", equalTo(1))
                .body("curve[0].time", closeTo(7200.0, 1e-9))
                .body("curve[0].atRisk", equalTo(4))
                .body("curve[0].survival", closeTo(0.75, 1e-12))
                .body("curve[1].time", closeTo(14400.0, 1e-9))
                .body("curve[1].atRisk", equalTo(3))
                .body("curve[2].time", closeTo(25920.0, 1e-9))
                .body("curve[2].atRisk", equalTo(2))
                .body("curve[2].survival", closeTo(0.25, 1e-12));
    }

    @Test
    void shouldSayThePipelineHasDrainedOnlyOnceEverySuiteGroupConsumedEveryPartition() throws Exception {
        // given: no classifier runs here; its groups committed nothing (as after a deletion to rebuild its projection)
        try (var admin = kafkaAdmin()) {
            for (var deleted : admin.deleteConsumerGroups(CLASSIFIER_GROUPS.keySet()).deletedGroups().values()) {
                try {
                    deleted.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // never created: nothing to delete
                    org.assertj.core.api.Assertions.assertThat(e.getCause())
                            .isInstanceOf(org.apache.kafka.common.errors.GroupIdNotFoundException.class);
                }
            }
            long records = ends(admin, Topics.QUESTIONS).values().stream().mapToLong(Long::longValue).sum();
            org.assertj.core.api.Assertions.assertThat(records).isPositive();

            // then: the classifier's group is listed with every record of the topic still to read, and nothing is drained
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/pipeline/lag").then().statusCode(200)
                    .body("drained", equalTo(false))
                    .body("groups.find { it.group == 'classifier-service' }.lagPerTopic.'so.questions'", equalTo((int) records)));

            // when: the classifier's groups have read to the end of their topics
            classifierReadEverything(admin);
        }

        // then: once the metrics have consumed everything too, the pipeline has drained
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/pipeline/lag").then().statusCode(200)
                        .body("drained", equalTo(true))
                        .body("groups.find { it.group == 'metrics-service' }.lag", equalTo(0))
                        .body("groups.find { it.group == 'classifier-service' }.lag", equalTo(0)));
    }

    /** The classifier's groups and the topic each reads. */
    private static final java.util.Map<String, String> CLASSIFIER_GROUPS = java.util.Map.of(
            "classifier-service", Topics.QUESTIONS, "classifier-service-reviews", Topics.TAXONOMY);

    private static org.apache.kafka.clients.admin.Admin kafkaAdmin() {
        return org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.<String, Object>of("bootstrap.servers", EmbeddedInfrastructure.kafkaBootstrapServers()));
    }

    /** The end offset of every partition of a topic. */
    private static java.util.Map<org.apache.kafka.common.TopicPartition, Long> ends(org.apache.kafka.clients.admin.Admin admin,
            String topic) throws Exception {
        int partitions = Topics.ALL.stream().filter(spec -> spec.name().equals(topic)).findFirst().orElseThrow().partitions();
        var latest = new java.util.HashMap<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
        for (int partition = 0; partition < partitions; partition++) {
            latest.put(new org.apache.kafka.common.TopicPartition(topic, partition), org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        var ends = new java.util.HashMap<org.apache.kafka.common.TopicPartition, Long>();
        admin.listOffsets(latest).all().get().forEach((partition, end) -> ends.put(partition, end.offset()));
        return ends;
    }

    /** Commits, for each of the classifier's groups (which no classifier runs here), the end of its topic. */
    private static void classifierReadEverything(org.apache.kafka.clients.admin.Admin admin) throws Exception {
        for (var group : CLASSIFIER_GROUPS.entrySet()) {
            var atTheEnd = new java.util.HashMap<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata>();
            ends(admin, group.getValue()).forEach((partition, end) -> atTheEnd.put(partition,
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(end)));
            admin.alterConsumerGroupOffsets(group.getKey(), atTheEnd).all().get();
        }
    }

    @Test
    void shouldListASubscribersLaggingGroupWithoutLettingItHoldThePipelineBack() throws Exception {
        // given: a subscriber's group that read nothing of a topic holding a record, and stopped (as a program does),
        // beside the suite's groups, all of which read everything (no classifier runs here: its groups are set so)
        String bootstrap = EmbeddedInfrastructure.kafkaBootstrapServers();
        TopicProbe.write(bootstrap, Topics.DEAD_LETTERS, "lag-test", "DeadLetter", "{}");
        try (var admin = kafkaAdmin()) {
            admin.alterConsumerGroupOffsets("a-stopped-subscriber", java.util.Map.of(
                    new org.apache.kafka.common.TopicPartition(Topics.DEAD_LETTERS, 0),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(0))).all().get();
            classifierReadEverything(admin);
        }

        // then: it is listed with its lag, as no group of the suite's, and the suite's own groups still say drained
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/pipeline/lag").then().statusCode(200)
                        .body("groups.find { it.group == 'a-stopped-subscriber' }.lag", org.hamcrest.Matchers.greaterThan(0))
                        .body("groups.find { it.group == 'a-stopped-subscriber' }.suite", equalTo(false))
                        .body("groups.find { it.group == 'metrics-service' }.suite", equalTo(true))
                        .body("drained", equalTo(true)));
    }

    @Test
    void shouldDrawTheTrendAndTheResponseTimesAsSvg() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/studies/" + STUDY + "/sets/R/difficulty").then().statusCode(200)
                        .body("responseMinutes.count", equalTo(8)));
        String boxes = given().get("/studies/" + STUDY + "/charts/response-times?sets=R,P").then().statusCode(200)
                .contentType("image/svg+xml").extract().asString();
        org.assertj.core.api.Assertions.assertThat(boxes).startsWith("<?xml").contains("<svg")
                .contains("R (n=8)").contains("P (n=35)");
        String trend = given().get("/studies/" + STUDY + "/charts/trend?sets=R,P&measure=users").then().statusCode(200)
                .extract().asString();
        org.assertj.core.api.Assertions.assertThat(trend).contains("<svg").contains(">2019<").contains("Askers per year, " + STUDY);
        given().accept("text/csv").get("/studies/" + STUDY + "/sets/P/trend").then().statusCode(200)
                .body(equalTo("study,set,site,year,questions,users,reviewed\n" + STUDY + ",P,,2019,50,50,false\n"));
        given().get("/studies/" + STUDY + "/charts/trend?sets=").then().statusCode(400);
    }
}
