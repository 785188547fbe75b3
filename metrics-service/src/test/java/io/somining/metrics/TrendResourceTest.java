package io.somining.metrics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.somining.contracts.AcceptedAnswerLinked;
import io.somining.contracts.Event;
import io.somining.contracts.EventCodec;
import io.somining.contracts.QuestionClassified;
import io.somining.contracts.QuestionDeleted;
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

@QuarkusTest
// the functional tests act as an admin; SecuritySweepTest covers who may do what
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "metrics"))
class TrendResourceTest {

    private static final String SITE = "metrics.test.example";
    private static final String STUDY = "trend-test";
    /** The sets the study defines; C never holds a question. */
    private static final List<String> STUDY_SETS = List.of("A", "B", "C");

    private static void send(String topic, Event event) {
        TopicProbe.write(EmbeddedInfrastructure.kafkaBootstrapServers(), topic, event.key(), event.eventType(),
                EventCodec.encode(event));
    }

    private static QuestionUpserted question(long id, String created, Long owner) {
        return QuestionUpserted.of(SITE, SITE + "@2020-01", id, Instant.parse(created), owner, "t", "b",
                List.of("keras"), null, 0, null);
    }

    @BeforeAll
    static void publishEvents() {
        // 2018: three questions by two users (one question by a deleted account); 2019: one question
        send(Topics.QUESTIONS, question(1, "2018-01-01T00:00:00Z", 10L));
        send(Topics.QUESTIONS, question(2, "2018-12-31T23:59:59Z", 10L));
        send(Topics.QUESTIONS, question(3, "2018-06-01T00:00:00Z", 11L));
        send(Topics.QUESTIONS, question(4, "2018-06-02T00:00:00Z", null));
        send(Topics.QUESTIONS, question(5, "2019-01-01T00:00:00Z", 12L));
        send(Topics.QUESTIONS, AcceptedAnswerLinked.of(SITE, 5, 50, Instant.parse("2019-01-01T01:00:00Z")));
        for (long id = 1; id <= 5; id++) {
            List<String> sets = id == 3 ? List.of("A") : List.of("A", "B");
            send(Topics.CLASSIFICATIONS, QuestionClassified.of(STUDY, 1, SITE, id, sets, List.of(), STUDY_SETS));
        }
        // a question deleted by a newer dump: gone from the figures once both of its events arrived
        send(Topics.QUESTIONS, question(6, "2019-06-01T00:00:00Z", 13L));
        send(Topics.CLASSIFICATIONS, QuestionClassified.of(STUDY, 1, SITE, 6, List.of("A", "B"), List.of(), STUDY_SETS));
        send(Topics.QUESTIONS, QuestionDeleted.of(SITE, 6, SITE + "@2020-02"));
        send(Topics.CLASSIFICATIONS, QuestionClassified.of(STUDY, 1, SITE, 6, List.of(), List.of(), STUDY_SETS));
        // a redelivery changes nothing
        send(Topics.CLASSIFICATIONS, QuestionClassified.of(STUDY, 1, SITE, 1, List.of("A", "B"), List.of(), STUDY_SETS));
    }

    @Test
    void shouldCountQuestionsAndDistinctUsersPerYear() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/studies/" + STUDY + "/sets/B/trend").then().statusCode(200)
                        .body("years", hasSize(2))
                        .body("years[0].year", equalTo(2018))
                        .body("years[0].questions", equalTo(3))
                        .body("years[0].users", equalTo(1))
                        .body("years[1].year", equalTo(2019))
                        .body("years[1].questions", equalTo(1))
                        .body("years[1].users", equalTo(1)));
        given().get("/studies/" + STUDY + "/sets/A/trend?from=2018&to=2018").then().statusCode(200)
                .body("years", hasSize(1))
                .body("years[0].questions", equalTo(4))
                .body("years[0].users", equalTo(2));
        // every set the study defines, C without members included
        given().get("/studies/" + STUDY + "/sets").then().statusCode(200)
                .body("sets.A", equalTo(5))
                .body("sets.B", equalTo(4))
                .body("sets.C", equalTo(0));
        given().get("/studies/" + STUDY + "/sets/B/trend?site=" + SITE).then().statusCode(200)
                .body("site", equalTo(SITE))
                .body("years", hasSize(2));
        given().get("/studies/" + STUDY + "/sets/B/trend?site=other.example").then().statusCode(200)
                .body("years", hasSize(0));
    }

    @Test
    void shouldKnowTheSetsOfAStudysLatestVersionOnly() {
        // given: version 1 defines A and OLD; version 2 drops OLD and adds NEW, as the classifier publishes them
        String study = "versions-test";
        send(Topics.QUESTIONS, question(101, "2019-02-01T00:00:00Z", 20L));
        send(Topics.CLASSIFICATIONS, QuestionClassified.of(study, 1, SITE, 101, List.of("A", "OLD"), List.of(),
                List.of("A", "OLD")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/studies/" + study + "/sets/OLD/trend").then().statusCode(200));

        // when: the question is classified again under version 2
        send(Topics.CLASSIFICATIONS, QuestionClassified.of(study, 2, SITE, 101, List.of("A"), List.of(),
                List.of("A", "NEW")));

        // then: OLD is no set of the study any more (404, as in the classifier); NEW is, without members
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/studies/" + study + "/sets/OLD/trend").then().statusCode(404));
        given().get("/studies/" + study + "/sets").then().statusCode(200)
                .body("sets.A", equalTo(1)).body("sets.NEW", equalTo(0)).body("sets.OLD", org.hamcrest.Matchers.nullValue());
        // and an event of version 1 arriving late changes nothing
        send(Topics.CLASSIFICATIONS, QuestionClassified.of(study, 1, SITE, 101, List.of("A", "OLD"), List.of(),
                List.of("A", "OLD")));
        send(Topics.CLASSIFICATIONS, QuestionClassified.of(study, 2, SITE, 101, List.of("A"), List.of(),
                List.of("A", "NEW")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/studies/" + study + "/sets").then().statusCode(200).body("sets.OLD", org.hamcrest.Matchers.nullValue())
                        .body("sets.NEW", equalTo(0)));
    }

    @Test
    void shouldAnswerProblemsForAnUnknownStudyAndAnInvertedRange() {
        given().get("/studies/no-such-study/sets/B/trend").then().statusCode(404)
                .contentType("application/problem+json");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/studies/" + STUDY + "/sets/Z/trend").then().statusCode(404)
                        .contentType("application/problem+json")
                        .body("detail", equalTo("study 'trend-test' has no set 'Z' (its sets: A, B, C)")));
        // a set the study defines that holds no question: empty figures, not an error
        given().get("/studies/" + STUDY + "/sets/C/trend").then().statusCode(200)
                .body("years", hasSize(0));
        given().get("/studies/" + STUDY + "/sets/C/difficulty").then().statusCode(200)
                .body("questions", equalTo(0))
                .body("shareWithoutAcceptedAnswer", org.hamcrest.Matchers.nullValue());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/studies/" + STUDY + "/sets/B/trend?from=2020&to=2019").then().statusCode(400)
                        .contentType("application/problem+json")
                        .body("detail", containsString("from 2020 is after to 2019")));
        given().get("/studies/" + STUDY + "/sets/B/trend?from=1999").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
    }
}
