package io.somining.classifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.somining.contracts.EventCodec;
import io.somining.contracts.QuestionClassified;
import io.somining.contracts.QuestionUpserted;
import io.somining.contracts.Topics;
import io.somining.testing.EmbeddedInfrastructure;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.TopicProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "classifier"))
class StudyPublicationTest {

    private static final String SITE = "publication.test.example";

    // named after fse2020 in sort order, and retired at the end, so other tests see fse2020 first and alone
    private static String demo(int version, String tag) {
        return "id: version-demo\nversion: " + version + "\nsets:\n  - id: X\n    rule:\n      tag:\n        equals: ["
                + tag + "]\n";
    }

    @Test
    void shouldPublishAYamlStudyOnceAndRefuseAnotherContentForTheSameVersion() throws IOException {
        String example;
        try (InputStream in = getClass().getResourceAsStream("/studies/examples/model-conversion.yaml")) {
            example = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            // when
            yaml().body(example).post("/studies").then().statusCode(201)
                    .header("Location", containsString("/studies/model-conversion/versions/1/definition"))
                    .body("sets.id", contains("DL", "ONNX", "TFLITE", "COREML", "CONVERSION"));

            // then: publishing it again changes nothing; other content under the same version is refused
            yaml().body(example).post("/studies").then().statusCode(200);
            yaml().body(example.replace("toco]", "toco, tflite]"))
                    .post("/studies").then().statusCode(409)
                    .body("detail", containsString("versions are immutable, publish version 2"));
            given().get("/studies/model-conversion/versions").then().statusCode(200)
                    .body("version", contains(1));
            given().accept("application/yaml").get("/studies/model-conversion/versions/1/definition").then()
                    .statusCode(200).contentType("application/yaml").body(equalTo(example));
            // as JSON by default, whatever it was published as: what a generated client reads
            given().get("/studies/model-conversion/versions/1/definition").then().statusCode(200)
                    .contentType("application/json")
                    .body("id", equalTo("model-conversion")).body("version", equalTo(1))
                    .body("sets.id", contains("DL", "ONNX", "TFLITE", "COREML", "CONVERSION"))
                    .body("sets[0].rule.tag.contains", org.hamcrest.Matchers.hasItems("tensorflow", "onnx"))
                    .body("sets[2].rule.all[1].any[1].text.includeCode", equalTo(true));
        } finally {
            given().delete("/studies/model-conversion").then().statusCode(204);
        }
        given().get("/studies").then().statusCode(200).body("id", contains("fse2020", "fse2020-artifact"));
        // retired, it classifies no new question, and its results stay readable with their definition
        given().get("/studies/model-conversion/counts").then().statusCode(200)
                .body("retired", equalTo(true)).body("version", equalTo(1))
                .body("members.keySet()", org.hamcrest.Matchers.hasItems("DL", "CONVERSION"));
        given().accept("application/yaml").get("/studies/model-conversion/definition").then().statusCode(200)
                .body(equalTo(example));
        given().get("/studies/model-conversion/definition").then().statusCode(200).body("sets[1].id", equalTo("ONNX"));
        given().get("/studies/model-conversion/sets/DL/members").then().statusCode(200);
        given().get("/studies/fse2020/counts").then().statusCode(200).body("retired", equalTo(false));
        given().get("/studies/never-published/counts").then().statusCode(404);
    }

    @Test
    void shouldNameTheLineAndFieldOfAnInvalidDefinition() {
        yaml().body(demo(1, "a").replace("equals", "equal"))
                .post("/studies/validate").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("line 7"))
                .body("detail", containsString("at sets[0].rule"))
                .body("detail", containsString("equal"));
        given().contentType("application/json").body("{\"id\":\"x\",\"version\":1,\"sets\":[{\"id\":\"A\",\"rule\":{\"regex\":\"(a+)+$\"}}]}")
                .post("/studies").then().statusCode(400)
                .body("detail", containsString("regex"));
        given().delete("/studies/nope").then().statusCode(404);
        // each place that is wrong as its own entry: the path in the definition, what is wrong and the line
        given().contentType("application/json").body("{\"id\":\"x\",\"version\":1,\"sets\":[{\"id\":\"A\",\"rule\":"
                        + "{\"tag\":{\"contains\":[null]}}},{\"id\":\"B\",\"rule\":{\"set\":\"Z\"}}]}")
                .post("/studies/validate").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("sets[0].rule.tag.contains[0]", "sets[1].rule.set"))
                .body("errors.message", org.hamcrest.Matchers.contains("blank (line 1)", "unknown set 'Z' (line 1)"));
    }

    @Test
    void shouldReclassifyEveryQuestionUnderANewVersionAndPublishOnlyWhatChanged() {
        String bootstrap = EmbeddedInfrastructure.kafkaBootstrapServers();
        try {
            // given: three questions, read by the consumer (classified under the shipped study), then
            // version 1, whose replay puts pytorch questions in X
            question(bootstrap, 1, "pytorch");
            question(bootstrap, 2, "keras");
            // and an unreadable record among them, which the live consumer sets aside
            TopicProbe.write(bootstrap, Topics.QUESTIONS, SITE + "/poison", QuestionUpserted.TYPE, "{not json");
            question(bootstrap, 3, "theano");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/classifications/" + SITE + "/3")
                    .then().statusCode(200));
            yaml().body(demo(1, "pytorch")).post("/studies").then().statusCode(201);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/classifications/" + SITE + "/3")
                    .then().statusCode(200).body("find { it.studyId == 'version-demo' }.sets", org.hamcrest.Matchers.empty()));
            given().get("/studies/version-demo/sets/X/members?site=" + SITE).then().statusCode(200)
                    .body("items.postId", contains(1));

            // when: version 2 puts keras questions in X instead
            yaml().body(demo(2, "keras")).post("/studies").then().statusCode(201);

            // then: the replay reclassifies all three; question 1 left X, question 2 entered it, 3 did not move
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/studies/version-demo/reclassifications")
                    .then().statusCode(200).body("[0].toVersion", equalTo(2)).body("[0].state", equalTo("DONE")));
            // version 1 had no version before it: it published the questions it put in X and changed none
            given().get("/studies/version-demo/reclassifications").then().statusCode(200)
                    .body("[1].toVersion", equalTo(1))
                    .body("[1].changed", equalTo(0))
                    .body("[1].published", greaterThanOrEqualTo(1))
                    .body("[0].changed", greaterThanOrEqualTo(2));
            given().get("/studies/version-demo/sets/X/members?site=" + SITE).then().statusCode(200)
                    .body("items.postId", contains(2))
                    .body("items[0].studyVersion", equalTo(2));
            given().get("/studies/version-demo/versions/2/changes?site=" + SITE).then().statusCode(200)
                    .body("fromVersion", equalTo(1))
                    .body("sets.X.entered", equalTo(1))
                    .body("sets.X.left", equalTo(1))
                    .body("items.postId", contains(1, 2))
                    .body("items[0].left", contains("X"))
                    .body("items[1].entered", contains("X"));
            // and the unreadable record was set aside once: by the live consumer, not again by either replay (a
            // marker written now under its letter's key follows every letter of that key in their partition)
            String poison = SITE + "/poison";
            String letterKey = TopicProbe.read(bootstrap, Topics.DEAD_LETTERS, records -> records.stream()
                    .anyMatch(r -> r.value().contains(poison)), Duration.ofSeconds(30)).stream()
                    .filter(r -> r.value().contains(poison)).findFirst().orElseThrow().key();
            TopicProbe.write(bootstrap, Topics.DEAD_LETTERS, letterKey, null, "marker");
            var letters = TopicProbe.read(bootstrap, Topics.DEAD_LETTERS, records -> records.stream()
                    .anyMatch(r -> r.key().equals(letterKey) && r.value().equals("marker")), Duration.ofSeconds(30));
            assertThat(letters.stream().filter(r -> !r.value().equals("marker"))
                    .map(r -> EventCodec.decode(r.value(), io.somining.contracts.DeadLetter.class))
                    .filter(letter -> poison.equals(letter.sourceKey()))).hasSize(1);
            var published = TopicProbe.read(bootstrap, Topics.CLASSIFICATIONS,
                    records -> records.stream().filter(r -> r.key().startsWith("version-demo/" + SITE + "/"))
                            .map(r -> EventCodec.decode(r.value(), QuestionClassified.class))
                            .filter(c -> c.studyVersion() == 2).count() >= 2,
                    Duration.ofSeconds(30));
            List<QuestionClassified> underVersion2 = published.stream()
                    .filter(r -> r.key().startsWith("version-demo/" + SITE + "/"))
                    .map(r -> EventCodec.decode(r.value(), QuestionClassified.class))
                    .filter(c -> c.studyVersion() == 2).toList();
            assertThat(underVersion2).extracting(QuestionClassified::postId).containsExactlyInAnyOrder(1L, 2L);
            // question 3 was in no set under either version: stored, never announced
            assertThat(published.stream().filter(r -> r.key().equals("version-demo/" + SITE + "/3"))).isEmpty();
            given().get("/classifications/" + SITE + "/3").then().statusCode(200)
                    .body("find { it.studyId == 'version-demo' }.studyVersion", equalTo(2));
        } finally {
            given().delete("/studies/version-demo").then().statusCode(204);
        }
    }

    private static io.restassured.specification.RequestSpecification yaml() {
        return given().config(io.restassured.RestAssured.config().encoderConfig(io.restassured.config.EncoderConfig
                .encoderConfig().encodeContentTypeAs("application/yaml", io.restassured.http.ContentType.TEXT)))
                .contentType("application/yaml");
    }

    private static void question(String bootstrap, long id, String tag) {
        QuestionUpserted question = QuestionUpserted.of(SITE, SITE + "@2020-01", id, Instant.parse("2019-03-01T12:00:00Z"),
                5L, "Question " + id, "<p>body</p>", List.of(tag), null, 0, null);
        TopicProbe.write(bootstrap, Topics.QUESTIONS, question.key(), question.eventType(), EventCodec.encode(question));
    }
}
