package io.somining.classifier;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.somining.contracts.Event;
import io.somining.contracts.EventCodec;
import io.somining.contracts.LabelFinalized;
import io.somining.contracts.LabelRecorded;
import io.somining.contracts.QuestionUpserted;
import io.somining.contracts.Topics;
import io.somining.testing.EmbeddedInfrastructure;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The taxonomy service's relevance reviews decide a set's reviewed members. */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "classifier"))
class ReviewedMembersTest {

    private static final String SITE = "review.test.example";
    private static final String STUDY = "review-demo";

    private static void send(Event event) {
        String topic = event instanceof QuestionUpserted ? Topics.QUESTIONS : Topics.TAXONOMY;
        TopicProbe.write(EmbeddedInfrastructure.kafkaBootstrapServers(), topic, event.key(), event.eventType(), EventCodec.encode(event));
    }

    private static LabelFinalized review(long postId, String label) {
        return LabelFinalized.of("round-1", "RELEVANCE", STUDY, "X", SITE, postId, List.of(label), "AGREED");
    }

    @Test
    void shouldListAsReviewedMembersTheCandidatesAReviewFinallyKept() {
        // given a study whose set X needs review, and four of its candidates
        given().contentType("application/json").body("{\"id\": \"" + STUDY + "\", \"version\": 1, \"sets\": [{\"id\": \"X\", "
                + "\"needsReview\": true, \"rule\": {\"tag\": {\"equals\": [\"tfjs\"]}}}]}").post("/studies").then().statusCode(201);
        try {
            for (long id = 1; id <= 4; id++) {
                send(QuestionUpserted.of(SITE, SITE + "@2020-01", id, Instant.parse("2019-03-01T12:00:00Z"), 5L, "Q" + id,
                        "<p>b</p>", List.of("tfjs"), null, 0, null));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/studies/" + STUDY + "/sets/X/members?site=" + SITE)
                    .then().statusCode(200).body("items.postId", contains(1, 2, 3, 4)));

            // (before any review, its reviewed members are not "none": there are none to list)
            given().get("/studies/" + STUDY + "/sets/X/members?reviewed=true&site=" + SITE).then().statusCode(400)
                    .body("detail", equalTo("reviewed: no relevance review of " + STUDY + "/X has reached the classifier "
                            + "(a taxonomy round of kind RELEVANCE on the set)"));

            // when the review keeps 1 and 3, drops 2, and a later decision turns 4 from DROP to KEEP; a step and a
            // category round's final label on the same topic are not reviews
            send(review(1, "KEEP"));
            send(review(2, "DROP"));
            send(review(3, "KEEP"));
            send(review(4, "DROP"));
            send(LabelRecorded.of("round-1", STUDY, "X", SITE, 2, "alice", "RATER", List.of("KEEP")));
            send(LabelFinalized.of("round-2", "CATEGORY", STUDY, "X", SITE, 2, List.of("17"), "DECIDED"));
            send(LabelFinalized.of("round-1", "RELEVANCE", STUDY, "X", SITE, 4, List.of("KEEP"), "DECIDED"));

            // then the reviewed members are 1, 3 and 4; every candidate is still a member
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get("/studies/" + STUDY + "/sets/X/members?reviewed=true&site=" + SITE).then().statusCode(200)
                            .body("items.postId", contains(1, 3, 4)));
            given().get("/studies/" + STUDY + "/sets/X/members?site=" + SITE).then().body("items.postId", contains(1, 2, 3, 4));
            // reviewed as R reads a logical, as the metrics read it
            given().get("/studies/" + STUDY + "/sets/X/members?reviewed=T&site=" + SITE).then().statusCode(200)
                    .body("items.postId", contains(1, 3, 4));
            given().get("/studies/" + STUDY + "/sets/X/members?reviewed=yes&site=" + SITE).then().statusCode(400)
                    .body("detail", org.hamcrest.Matchers.startsWith("reviewed: 'yes' is not a logical value"));
            given().get("/studies/" + STUDY + "/counts").then().statusCode(200)
                    .body("members.X", equalTo(4)).body("reviewed.X", equalTo(3));
        } finally {
            given().delete("/studies/" + STUDY).then().statusCode(204);
        }
    }
}
