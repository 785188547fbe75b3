package io.somining.metrics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.somining.contracts.AcceptedAnswerLinked;
import io.somining.contracts.Event;
import io.somining.contracts.EventCodec;
import io.somining.contracts.LabelFinalized;
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
 * A needsReview set's figures from its reviewed members: the taxonomy service's relevance reviews, on the real
 * broker, decide which candidates count when a query asks for reviewed members.
 */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "metrics"))
class ReviewedFiguresTest {

    private static final String SITE = "reviewed.test.example";
    private static final String STUDY = "reviewed-test";
    private static final List<String> STUDY_SETS = List.of("C", "E");

    private static void send(String topic, Event event) {
        TopicProbe.write(EmbeddedInfrastructure.kafkaBootstrapServers(), topic, event.key(), event.eventType(),
                EventCodec.encode(event));
    }

    private static void question(long id, String asked, long owner, Integer minutesToAccepted, List<String> sets) {
        Instant created = Instant.parse(asked);
        send(Topics.QUESTIONS, QuestionUpserted.of(SITE, SITE + "@2020-01", id, created, owner, "t", "b", List.of("tfjs"),
                minutesToAccepted == null ? null : id * 100, 1, null));
        if (minutesToAccepted != null) {
            send(Topics.QUESTIONS, AcceptedAnswerLinked.of(SITE, id, id * 100, created.plusSeconds(60L * minutesToAccepted)));
        }
        send(Topics.CLASSIFICATIONS, QuestionClassified.of(STUDY, 1, SITE, id, sets, List.of(), STUDY_SETS));
    }

    private static void review(long id, String decision) {
        send(Topics.TAXONOMY, LabelFinalized.of("round-e", "RELEVANCE", STUDY, "E", SITE, id, List.of(decision), "DECIDED"));
    }

    @BeforeAll
    static void publishEvents() {
        // a review may arrive before its question
        review(3, "KEEP");
        // E's six candidates; 3 is in C too, and C has two more questions
        question(1, "2018-03-01T10:00:00Z", 10, 60, List.of("E"));
        question(2, "2018-07-01T10:00:00Z", 10, null, List.of("E"));
        question(3, "2019-01-05T10:00:00Z", 11, 30, List.of("C", "E"));
        question(4, "2019-02-01T10:00:00Z", 12, 10, List.of("E"));
        question(5, "2019-03-01T10:00:00Z", 13, 5, List.of("E"));
        question(6, "2019-04-01T10:00:00Z", 14, null, List.of("E"));
        question(7, "2019-05-01T10:00:00Z", 15, 20, List.of("C"));
        question(8, "2019-06-01T10:00:00Z", 16, null, List.of("C"));
        // the review keeps 1, 2 and 3 and drops 4; 5 is kept, then dropped by a later decision; 6 is never reviewed,
        // though a category round labels it on the same topic
        review(1, "KEEP");
        review(2, "KEEP");
        review(4, "DROP");
        review(5, "KEEP");
        review(5, "DROP");
        send(Topics.TAXONOMY, LabelFinalized.of("round-c", "CATEGORY", STUDY, "E", SITE, 6, List.of("node-1"), "AGREED"));
    }

    private static void awaitProjected() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            given().get("/studies/" + STUDY + "/sets").then().statusCode(200).body("sets.C", equalTo(3)).body("sets.E", equalTo(6));
            given().get("/studies/" + STUDY + "/sets/E/difficulty?reviewed=true").then().statusCode(200)
                    .body("questions", equalTo(3));
        });
    }

    @Test
    void shouldCountOnlyTheCandidatesAReviewFinallyKept() {
        awaitProjected();
        // the candidates: 2018: 1, 2 (one asker); 2019: 3, 4, 5, 6
        given().get("/studies/" + STUDY + "/sets/E/trend").then().statusCode(200)
                .body("reviewed", equalTo(false))
                .body("years.year", contains(2018, 2019)).body("years.questions", contains(2, 4)).body("years.users", contains(1, 4));
        // the kept ones: 1, 2 in 2018 (asked by 10), 3 in 2019
        given().get("/studies/" + STUDY + "/sets/E/trend?reviewed=true").then().statusCode(200)
                .body("reviewed", equalTo(true))
                .body("years.year", contains(2018, 2019)).body("years.questions", contains(2, 1)).body("years.users", contains(1, 1));
        given().accept("text/csv").get("/studies/" + STUDY + "/sets/E/trend?reviewed=TRUE").then().statusCode(200)
                .body(equalTo("study,set,site,year,questions,users,reviewed\n"
                        + STUDY + ",E,,2018,2,1,true\n" + STUDY + ",E,,2019,1,1,true\n"));
        // 2 has no accepted answer; 1 and 3 were answered after 60 and 30 minutes
        given().get("/studies/" + STUDY + "/sets/E/difficulty?reviewed=true").then().statusCode(200)
                .body("reviewed", equalTo(true))
                .body("withoutAcceptedAnswer", equalTo(1))
                .body("shareWithoutAcceptedAnswer", closeTo(1.0 / 3, 1e-12))
                .body("responseMinutes.count", equalTo(2))
                .body("responseMinutes.min", closeTo(30.0, 1e-9))
                .body("responseMinutes.median", closeTo(45.0, 1e-9))
                .body("responseMinutes.max", closeTo(60.0, 1e-9));
        given().get("/studies/" + STUDY + "/sets/E/difficulty").then().statusCode(200)
                .body("questions", equalTo(6)).body("withoutAcceptedAnswer", equalTo(2)).body("responseMinutes.count", equalTo(4));
        given().get("/studies/" + STUDY + "/sets/E/survival?reviewed=true&curve=false").then().statusCode(200)
                .body("reviewed", equalTo(true))
                .body("questions", equalTo(3)).body("answered", equalTo(2)).body("censored", equalTo(1));
        // the set sizes: E by its kept members, C by all of its
        given().get("/studies/" + STUDY + "/sets?reviewedSets=E").then().statusCode(200)
                .body("sets.E", equalTo(3)).body("sets.C", equalTo(3)).body("reviewedSets", contains("E"));
        // the CSV as the JSON: min and max, and each time's remainder after whole days on request (60 and 30 minutes
        // are their own remainders)
        given().accept("text/csv").get("/studies/" + STUDY + "/sets/E/difficulty?reviewed=true&remainderOfDay=true")
                .then().statusCode(200)
                .body(containsString("outliers,min,max,reviewed,remainder_of_day\n"))
                .body(containsString("\n" + STUDY + ",E,,3,1,"))
                .body(org.hamcrest.Matchers.endsWith(",0,30.0,60.0,true,true\n"));
    }

    @Test
    void shouldCompareGroupsWhoseReviewedSetsCountTheirKeptMembers() {
        awaitProjected();
        // C ∪ kept(E) = {1, 2, 3, 7, 8}, without an accepted answer: 2 and 8; C = {3, 7, 8}: 8
        given().get("/studies/" + STUDY + "/compare?a=C,E&b=C&reviewedSets=E").then().statusCode(200)
                .body("a.reviewedSets", contains("E"))
                .body("a.questions", equalTo(5)).body("a.withoutAcceptedAnswer", equalTo(2))
                .body("b.reviewedSets", equalTo(List.of()))
                .body("b.questions", equalTo(3)).body("b.withoutAcceptedAnswer", equalTo(1));
        // every candidate: {1, ..., 8}, without: 2, 6 and 8
        given().get("/studies/" + STUDY + "/compare?a=C,E&b=C").then().statusCode(200)
                .body("a.questions", equalTo(8)).body("a.withoutAcceptedAnswer", equalTo(3));
        String boxes = given().get("/studies/" + STUDY + "/charts/response-times?sets=E,C&reviewedSets=E").then().statusCode(200)
                .extract().asString();
        org.assertj.core.api.Assertions.assertThat(boxes).contains("E, reviewed (n=2)").contains("C (n=2)");
        String trend = given().get("/studies/" + STUDY + "/charts/trend?sets=E,C&reviewedSets=E").then().statusCode(200)
                .extract().asString();
        org.assertj.core.api.Assertions.assertThat(trend).contains("E, reviewed").doesNotContain("C, reviewed");
    }

    @Test
    void shouldRefuseReviewedOptionsItCannotRead() {
        awaitProjected();
        given().get("/studies/" + STUDY + "/sets/E/trend?reviewed=maybe").then().statusCode(400)
                .body("detail", containsString("reviewed: 'maybe' is not a logical value"));
        // R's as.logical("") is NA: no logical either
        for (String path : List.of("/sets/E/trend?reviewed=", "/sets/E/difficulty?reviewed=", "/sets/E/survival?curve=")) {
            given().get("/studies/" + STUDY + path).then().statusCode(400)
                    .body("detail", containsString("'' is not a logical value"));
        }
        given().accept("text/csv").get("/studies/" + STUDY + "/sets/E/difficulty?remainderOfDay=maybe").then().statusCode(400);
        // C was never reviewed: its reviewed members would read as none
        String never = "no relevance review of " + STUDY + "/C has reached the metrics";
        for (String path : List.of("/sets/C/trend?reviewed=true", "/sets/C/difficulty?reviewed=T", "/sets/C/survival?reviewed=true",
                "/compare?a=C,E&b=E&reviewedSets=C", "/sets?reviewedSets=C", "/charts/trend?sets=C&reviewedSets=C")) {
            given().get("/studies/" + STUDY + path).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.startsWith(never));
        }
        given().get("/studies/" + STUDY + "/compare?a=C&b=C&reviewedSets=E,X").then().statusCode(400)
                .body("detail", equalTo("reviewedSets: E, X are not among the sets asked for (C)"));
        given().get("/studies/" + STUDY + "/charts/trend?sets=C&reviewedSets=E").then().statusCode(400)
                .body("detail", equalTo("reviewedSets: E is not among the sets asked for (C)"));
    }
}
