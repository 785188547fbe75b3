package io.somining.classifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.somining.contracts.DeadLetter;
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
import org.junit.jupiter.api.Test;

@QuarkusTest
// the functional tests act as an admin; SecuritySweepTest covers who may do what
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "classifier"))
class QuestionConsumerTest {

    private static final String SITE = "consumer.test.example";

    @Test
    void shouldClassifyAQuestionFromTheTopicAndPublishOnlyChanges() {
        // given
        QuestionUpserted question = QuestionUpserted.of(SITE, SITE + "@2020-01", 101, Instant.parse("2019-03-01T12:00:00Z"),
                5L, "Serving a Keras model on a cloud server", "<p>How do I deploy it?</p>", List.of("keras"), null, 0,
                null);
        String bootstrap = EmbeddedInfrastructure.kafkaBootstrapServers();

        // when
        TopicProbe.write(bootstrap, Topics.QUESTIONS, question.key(), question.eventType(), EventCodec.encode(question));

        // then
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/classifications/" + SITE + "/101")
                .then().statusCode(200)
                .body("[0].studyId", equalTo("fse2020"))
                .body("[0].sets", contains("A", "B", "C")));
        var published = TopicProbe.read(bootstrap, Topics.CLASSIFICATIONS,
                records -> records.stream().anyMatch(r -> r.key().equals("fse2020/" + SITE + "/101")), Duration.ofSeconds(30));
        QuestionClassified event = published.stream().filter(r -> r.key().equals("fse2020/" + SITE + "/101"))
                .map(r -> EventCodec.decode(r.value(), QuestionClassified.class)).findFirst().orElseThrow();
        assertThat(event.sets()).containsExactly("A", "B", "C");
        assertThat(event.studyVersion()).isEqualTo(1);

        // when: the same event is delivered again, and then a question that follows it
        TopicProbe.write(bootstrap, Topics.QUESTIONS, question.key(), question.eventType(), EventCodec.encode(question));
        QuestionUpserted marker = QuestionUpserted.of(SITE, SITE + "@2020-01", 102, Instant.parse("2019-03-02T12:00:00Z"),
                6L, "Loss is NaN", "<p>why</p>", List.of("pytorch"), null, 0, null);
        TopicProbe.write(bootstrap, Topics.QUESTIONS, marker.key(), marker.eventType(), EventCodec.encode(marker));

        // then: the marker is classified, the redelivered question is not published again; under the
        // shipped fse2020-artifact (id lists of Stack Overflow) it is stored in no set and not announced
        var after = TopicProbe.read(bootstrap, Topics.CLASSIFICATIONS,
                records -> records.stream().anyMatch(r -> r.key().equals("fse2020/" + SITE + "/102")), Duration.ofSeconds(30));
        assertThat(after.stream().filter(r -> r.key().equals("fse2020/" + SITE + "/101"))).hasSize(1);
        assertThat(after.stream().filter(r -> r.key().equals("fse2020/" + SITE + "/102"))).hasSize(1);
        assertThat(after.stream().filter(r -> r.key().startsWith("fse2020-artifact/" + SITE + "/"))).isEmpty();
        given().get("/classifications/" + SITE + "/101").then().statusCode(200)
                .body("find { it.studyId == 'fse2020-artifact' }.sets", org.hamcrest.Matchers.empty());
    }

    @Test
    void shouldDeadLetterAMalformedEventAndKeepConsuming() {
        // given
        String bootstrap = EmbeddedInfrastructure.kafkaBootstrapServers();
        TopicProbe.write(bootstrap, Topics.QUESTIONS, SITE + "/bad", QuestionUpserted.TYPE, "{not json");
        QuestionUpserted next = QuestionUpserted.of(SITE, SITE + "@2020-01", 201, Instant.parse("2019-04-01T12:00:00Z"),
                null, "Model on Android", "<p>crash</p>", List.of("tensorflow"), null, 0, null);

        // when
        TopicProbe.write(bootstrap, Topics.QUESTIONS, next.key(), next.eventType(), EventCodec.encode(next));

        // then: the question after it is classified, and the bad record is set aside with its reason
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/classifications/" + SITE + "/201")
                .then().statusCode(200).body("[0].sets", contains("A", "B", "D")));
        var letters = TopicProbe.read(bootstrap, Topics.DEAD_LETTERS,
                records -> records.stream().anyMatch(r -> r.value().contains(SITE + "/bad")), Duration.ofSeconds(30));
        DeadLetter letter = letters.stream().map(r -> EventCodec.decode(r.value(), DeadLetter.class))
                .filter(l -> (SITE + "/bad").equals(l.sourceKey())).findFirst().orElseThrow();
        assertThat(letter.consumer()).isEqualTo("classifier-service");
        assertThat(letter.sourceTopic()).isEqualTo(Topics.QUESTIONS);
        assertThat(letter.sourceEventType()).isEqualTo(QuestionUpserted.TYPE);
        assertThat(letter.value()).isEqualTo("{not json");
        assertThat(letter.reason()).startsWith("not a valid QuestionUpserted");
    }

    @Test
    void shouldTakeADeletedQuestionOutOfEverySet() {
        // given
        String bootstrap = EmbeddedInfrastructure.kafkaBootstrapServers();
        QuestionUpserted question = QuestionUpserted.of(SITE, SITE + "@2020-01", 301, Instant.parse("2019-05-01T12:00:00Z"),
                7L, "TensorFlow Lite on iOS", "<p>crash</p>", List.of("tensorflow-lite"), null, 0, null);
        TopicProbe.write(bootstrap, Topics.QUESTIONS, question.key(), question.eventType(), EventCodec.encode(question));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/classifications/" + SITE + "/301")
                .then().statusCode(200).body("[0].sets", contains("A", "B", "D")));

        int classifiedBefore = classifiedOnSite("fse2020");

        // when
        QuestionDeleted deleted = QuestionDeleted.of(SITE, 301, SITE + "@2020-04");
        TopicProbe.write(bootstrap, Topics.QUESTIONS, deleted.key(), deleted.eventType(), EventCodec.encode(deleted));

        // then: it belongs to no set, and subscribers are told
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/classifications/" + SITE + "/301")
                .then().statusCode(200).body("[0].sets", org.hamcrest.Matchers.empty()));
        // (fse2020's: the shipped fse2020-artifact classifies the question too, in no set from the start)
        String key = "fse2020/" + SITE + "/301";
        var published = TopicProbe.read(bootstrap, Topics.CLASSIFICATIONS,
                records -> records.stream().filter(r -> r.key().equals(key)).count() >= 2, Duration.ofSeconds(30));
        var last = published.stream().filter(r -> r.key().equals(key)).reduce((a, b) -> b).orElseThrow();
        assertThat(EventCodec.decode(last.value(), QuestionClassified.class).sets()).isEmpty();
        // and the site's classified questions, which the reconciliation compares with the stored ones, lose it
        assertThat(classifiedOnSite("fse2020")).isEqualTo(classifiedBefore - 1);
    }

    private static int classifiedOnSite(String study) {
        return given().get("/classifications/counts?site=" + SITE).then().statusCode(200).extract().jsonPath()
                .getInt("studies.find { it.studyId == '" + study + "' }.questions");
    }

    @Test
    void shouldExplainADryRunPredicateByPredicateWithoutStoringIt() {
        given().contentType("application/json")
                .body("{\"title\":\"Serving a model on a cloud server\",\"body\":\"<p>how to deploy it</p>\","
                        + "\"tags\":[\"keras\"]}")
                .post("/studies/fse2020/dry-run").then().statusCode(200)
                .body("sets", contains("A", "B", "C"))
                .body("explanation.C.holds", equalTo(true))
                .body("explanation.D.holds", equalTo(false))
                .body("explanation.D.rule", equalTo("any"))
                .body("explanation.D.parts[0].parts[1].rule", containsString("text word [mobile, android, ios]"))
                .body("explanation.D.parts[0].parts[1].holds", equalTo(false))
                .body("explanation.B.field", equalTo("tags"))
                .body("explanation.B.snippet", equalTo("keras"));
        given().contentType("application/json").body("{\"title\":\"t\",\"tags\":[null]}")
                .post("/studies/fse2020/dry-run").then().statusCode(400)
                .body("errors[0].field", containsString("tags"));
        given().contentType("application/json").body("{\"body\":\"no title\"}")
                .post("/studies/fse2020/dry-run").then().statusCode(400)
                .body("errors[0].field", equalTo("title"));
    }

    @Test
    void shouldListTheShippedStudyAndAnswer404ForAnUnknownOne() {
        given().get("/studies").then().statusCode(200)
                .body("[0].id", equalTo("fse2020"))
                .body("[0].sets.id", contains("A", "B", "C", "D", "E", "N"))
                .body("[0].sets.find { it.id == 'E' }.needsReview", equalTo(true));
        given().get("/studies/nope/counts").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("no study 'nope'"));
    }
}
