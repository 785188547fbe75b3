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
            String job = given().contentType("application/json").body("{\"path\":\"" + DUMP + "\"}").post("/jobs")
                    .then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().get("/jobs/" + job).then().body("state", equalTo("SUCCEEDED")));
            var stored = given().get("/jobs/" + job).then().extract().jsonPath();
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
    void shouldRefuseAPauseWithoutAReasonOrWithOneTooLongToKeep() {
        given().contentType("application/json").body("{}").put("/outbox/pause")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.containsString("reason"));
        given().contentType("application/json").body("{\"reason\":\"" + "x".repeat(501) + "\"}").put("/outbox/pause")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.containsString("reason"));
        given().get("/outbox").then().statusCode(200).body("paused", equalTo(false));
    }

    private static long siteEvents(List<ConsumerRecord<String, String>> records) {
        return records.stream().filter(r -> r.key().startsWith(SITE + "/")).count();
    }

    /** Events of the site that wait in the outbox; a stored batch's row stands for as many as it names. */
    private long pendingSiteEvents() throws java.sql.SQLException {
        try (var connection = dataSource.getConnection();
                var pending = connection.prepareStatement(
                        "SELECT coalesce(sum(coalesce(batch_size, 1)), 0) FROM outbox_event WHERE event_key LIKE ?")) {
            pending.setString(1, SITE + "/%");
            try (var result = pending.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
