package io.somining.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.somining.contracts.Topics;
import io.somining.platform.outbox.OutboxRelay;
import io.somining.testing.EmbeddedInfrastructure;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.TopicProbe;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class OutboxPauseTest {

    private static final String DUMP = "samples/genai.stackexchange.com_2023-12_postsonly";
    private static final String SITE = "genai.stackexchange.com";

    @Inject
    OutboxRelay relay;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void shouldHoldEventsWhilePausedAndPublishEachOnceOnResume() throws Exception {
        try {
            // given: publishing paused, twice (the second pause keeps the first)
            given().contentType("application/json").body("{\"reason\":\"bulk load\"}").put("/outbox/pause")
                    .then().statusCode(200).body("paused", equalTo(true)).body("pausedBy", equalTo("test-admin"))
                    .body("reason", equalTo("bulk load")).body("pausedAt", notNullValue());
            given().contentType("application/json").body("{\"reason\":\"another\"}").put("/outbox/pause")
                    .then().statusCode(200).body("reason", equalTo("bulk load"));

            // when: a dump is stored, and the relay runs
            var stored = storeAndAwait(DUMP);
            long events = stored.getLong("changedQuestions") + stored.getLong("linkedAnswers");
            relay.relay();

            // then: every event of the dump still waits in the outbox
            assertThat(events).isGreaterThan(100);
            assertThat(pendingSiteEvents()).isEqualTo(events);
            given().get("/outbox").then().statusCode(200).body("paused", equalTo(true))
                    .body("pendingEvents", greaterThanOrEqualTo((int) events)).body("oldestPendingAt", notNullValue());

            // when: publishing resumes
            given().delete("/outbox/pause").then().statusCode(200).body("paused", equalTo(false))
                    .body("pausedAt", nullValue());
            relay.relay();

            // then: each event reaches the topic once, and the outbox holds none of them
            List<ConsumerRecord<String, String>> published = TopicProbe.read(EmbeddedInfrastructure.kafkaBootstrapServers(),
                    Topics.QUESTIONS, records -> siteEvents(records) >= events, Duration.ofSeconds(30));
            assertThat(siteEvents(published)).isEqualTo(events);
            // the relay deletes its rows after the broker acknowledged them
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pendingSiteEvents()).isZero());
        } finally {
            given().delete("/outbox/pause").then().statusCode(200);
        }
    }

    @Test
    void shouldNeverPublishPastARowThatAWriterHolds() throws Exception {
        String dump = "samples/datascience.meta.stackexchange.com_2024-01_pipe-tags_postsonly";
        String site = "datascience.meta.stackexchange.com";
        try {
            // given: a dump stored while publishing waits, and its first outbox row held by another transaction,
            // as a job completing pending payloads holds it
            given().contentType("application/json").body("{\"reason\":\"order test\"}").put("/outbox/pause")
                    .then().statusCode(200);
            var stored = storeAndAwait(dump);
            long events = stored.getLong("changedQuestions") + stored.getLong("linkedAnswers");
            assertThat(stored.getLong("linkedAnswers")).isPositive();
            long waiting = pendingEvents(site);
            try (var writer = dataSource.getConnection()) {
                writer.setAutoCommit(false);
                try (var hold = writer.prepareStatement("SELECT id FROM outbox_event WHERE event_key LIKE ? "
                        + "ORDER BY id LIMIT 1 FOR UPDATE")) {
                    hold.setString(1, site + "/%");
                    hold.executeQuery().close();
                }

                // when: publishing resumes while the row is held
                given().delete("/outbox/pause").then().statusCode(200);
                relay.relay();

                // then: nothing of the site went out ahead of the held row
                assertThat(pendingEvents(site)).isEqualTo(waiting);
                writer.commit();
            }

            // when: the writer is done
            relay.relay();

            // then: every event went out, and each question's accepted answer after the question
            List<ConsumerRecord<String, String>> published = TopicProbe.read(EmbeddedInfrastructure.kafkaBootstrapServers(),
                    Topics.QUESTIONS, records -> siteEvents(records, site) >= events, Duration.ofSeconds(30));
            java.util.Map<String, Long> questionOffsets = new java.util.HashMap<>();
            long linksChecked = 0;
            for (ConsumerRecord<String, String> record : published) {
                if (!record.key().startsWith(site + "/")) {
                    continue;
                }
                String type = new String(record.headers().lastHeader(Topics.EVENT_TYPE_HEADER).value(),
                        java.nio.charset.StandardCharsets.UTF_8);
                if (type.equals(io.somining.contracts.QuestionUpserted.TYPE)) {
                    questionOffsets.putIfAbsent(record.key(), record.offset());
                } else if (type.equals(io.somining.contracts.AcceptedAnswerLinked.TYPE)) {
                    assertThat(questionOffsets).as("link %s after its question", record.key()).containsKey(record.key());
                    assertThat(record.offset()).isGreaterThan(questionOffsets.get(record.key()));
                    linksChecked++;
                }
            }
            assertThat(linksChecked).isEqualTo(stored.getLong("linkedAnswers"));
        } finally {
            given().delete("/outbox/pause").then().statusCode(200);
        }
    }

    @Test
    void shouldRefuseAPauseWithoutAReasonOrWithOneTooLongToKeep() {
        given().contentType("application/json").body("{}").put("/outbox/pause")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.containsString("reason"));
        given().contentType("application/json").body("{\"reason\":\"" + "x".repeat(501) + "\"}").put("/outbox/pause")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.containsString("reason"));
        given().get("/outbox").then().statusCode(200).body("paused", equalTo(false));
    }

    /** Ingests a dump and waits for its job to succeed; answers the finished job. */
    private static io.restassured.path.json.JsonPath storeAndAwait(String dump) {
        String job = given().contentType("application/json").body("{\"path\":\"" + dump + "\"}").post("/jobs")
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/jobs/" + job).then().body("state", equalTo("SUCCEEDED")));
        return given().get("/jobs/" + job).then().extract().jsonPath();
    }

    private static long siteEvents(List<ConsumerRecord<String, String>> records) {
        return siteEvents(records, SITE);
    }

    private static long siteEvents(List<ConsumerRecord<String, String>> records, String site) {
        return records.stream().filter(r -> r.key().startsWith(site + "/")).count();
    }

    private long pendingSiteEvents() throws java.sql.SQLException {
        return pendingEvents(SITE);
    }

    /** Events of a site that wait in the outbox; a stored batch's row stands for as many as it names. */
    private long pendingEvents(String site) throws java.sql.SQLException {
        try (var connection = dataSource.getConnection();
                var pending = connection.prepareStatement(
                        "SELECT coalesce(sum(coalesce(batch_size, 1)), 0) FROM outbox_event WHERE event_key LIKE ?")) {
            pending.setString(1, site + "/%");
            try (var result = pending.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
