package io.somining.ingest.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.somining.contracts.EventCodec;
import io.somining.contracts.QuestionUpserted;
import io.somining.contracts.Topics;
import io.somining.platform.outbox.DeferredEvent;
import io.somining.platform.outbox.OutboxWriter;
import io.somining.testing.EmbeddedInfrastructure;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.TopicProbe;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Deferred question events read their payload from the stored post when published; a write that
 * changes the post first writes the payloads of the post's pending events, so that each carries the
 * state of its own change. Real PostgreSQL, broker and relay.
 */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class QuestionUpsertedPayloadsTest {

    private static final String SITE = "deferred.example";

    @Inject
    OutboxWriter outbox;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldPublishTheStateAnEventWasAppendedWithWhenItsPayloadWasWrittenBeforeTheChange() throws Exception {
        // given: a stored question and its title
        String job = given().contentType("application/json")
                .body("{\"path\":\"samples/ai.stackexchange.com_2016-09_postsonly\",\"site\":\"" + SITE + "\"}")
                .post("/jobs").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/jobs/" + job).then().body("state", equalTo("SUCCEEDED")));
        long questionId;
        String storedTitle;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement first = connection.prepareStatement(
                        "SELECT id, title FROM post WHERE site = ? AND post_type = 1 ORDER BY id LIMIT 1")) {
            first.setString(1, SITE);
            try (ResultSet row = first.executeQuery()) {
                row.next();
                questionId = row.getLong(1);
                storedTitle = row.getString(2);
            }
        }

        // when: one transaction appends two deferred events for it, writes the first one's payload,
        // then changes the title; the second event's payload is left to the relay
        DeferredEvent written = QuestionUpsertedPayloads.event(SITE, SITE + "@written", questionId);
        DeferredEvent deferred = QuestionUpsertedPayloads.event(SITE, SITE + "@deferred", questionId);
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                outbox.appendDeferred(connection, Topics.QUESTIONS, List.of(written));
                outbox.writeDeferredPayloads(connection, QuestionUpserted.TYPE, List.of(written.key()));
                outbox.appendDeferred(connection, Topics.QUESTIONS, List.of(deferred));
                try (PreparedStatement change = connection.prepareStatement(
                        "UPDATE post SET title = 'changed afterwards' WHERE site = ? AND id = ?")) {
                    change.setString(1, SITE);
                    change.setLong(2, questionId);
                    assertThat(change.executeUpdate()).isEqualTo(1);
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        // then: the first carries the title stored when its payload was written, the second the title
        // stored when it was published; both keep their event ids, in the order appended
        List<ConsumerRecord<String, String>> records = TopicProbe.read(EmbeddedInfrastructure.kafkaBootstrapServers(),
                Topics.QUESTIONS, all -> published(all).keySet().containsAll(List.of(written.eventId(), deferred.eventId())),
                Duration.ofSeconds(30));
        Map<String, QuestionUpserted> byId = published(records);
        assertThat(byId.get(written.eventId()).title()).isEqualTo(storedTitle);
        assertThat(byId.get(written.eventId()).dumpId()).isEqualTo(SITE + "@written");
        assertThat(byId.get(deferred.eventId()).title()).isEqualTo("changed afterwards");
        assertThat(byId.get(deferred.eventId()).postId()).isEqualTo(questionId);
        assertThat(records.stream().map(ConsumerRecord::value).filter(v -> v.contains(written.eventId())
                || v.contains(deferred.eventId())).map(v -> EventCodec.decode(v, QuestionUpserted.class).eventId()))
                .containsExactly(written.eventId(), deferred.eventId());
    }

    private static Map<String, QuestionUpserted> published(List<ConsumerRecord<String, String>> records) {
        return records.stream().filter(r -> r.key().startsWith(SITE + "/"))
                .filter(r -> QuestionUpserted.TYPE.equals(new String(
                        r.headers().lastHeader(Topics.EVENT_TYPE_HEADER).value(), java.nio.charset.StandardCharsets.UTF_8)))
                .map(r -> EventCodec.decode(r.value(), QuestionUpserted.class))
                .collect(Collectors.toMap(QuestionUpserted::eventId, Function.identity(), (a, b) -> a));
    }
}
