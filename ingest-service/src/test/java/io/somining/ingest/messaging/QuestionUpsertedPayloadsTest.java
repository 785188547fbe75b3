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
import io.somining.contracts.EventIds;
import io.somining.contracts.PostKey;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Deferred question events read their payload from the stored post when published; a write that
 * changes the post first writes the payloads of the post's pending events, so that each carries the
 * state of its own change; a batch stands for an event per question. Real PostgreSQL, broker and relay.
 */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class QuestionUpsertedPayloadsTest {

    private static final String SITE = "deferred.example";
    private static final String BATCH_SITE = "batched.example";
    private static final String GONE_SITE = "partly-gone.example";

    @Inject
    OutboxWriter outbox;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldPublishTheStateAnEventWasAppendedWithWhenItsPayloadWasWrittenBeforeTheChange() throws Exception {
        // given: a stored question and its title
        Map<Long, String> stored = storedQuestions(SITE, 1);
        long questionId = stored.keySet().iterator().next();
        String storedTitle = stored.get(questionId);

        // when: one transaction appends two deferred events for it, writes the first one's payload,
        // then changes the title; the second event's payload is left to the relay
        DeferredEvent written = QuestionUpsertedPayloads.event(SITE, SITE + "@written", questionId);
        DeferredEvent deferred = QuestionUpsertedPayloads.event(SITE, SITE + "@deferred", questionId);
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                outbox.appendDeferred(connection, Topics.QUESTIONS, List.of(written));
                outbox.writeDeferredPayloads(connection, QuestionUpserted.TYPE, List.of(written.key()));
                outbox.appendDeferred(connection, Topics.QUESTIONS, List.of(deferred));
                changeTitle(connection, SITE, questionId);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        // then: the first carries the title stored when its payload was written, the second the title
        // stored when it was published; both keep their event ids, in the order appended
        List<ConsumerRecord<String, String>> records = TopicProbe.read(EmbeddedInfrastructure.kafkaBootstrapServers(),
                Topics.QUESTIONS, all -> published(all, SITE).keySet().containsAll(List.of(written.eventId(), deferred.eventId())),
                Duration.ofSeconds(30));
        Map<String, QuestionUpserted> byId = published(records, SITE);
        assertThat(byId.get(written.eventId()).title()).isEqualTo(storedTitle);
        assertThat(byId.get(written.eventId()).dumpId()).isEqualTo(SITE + "@written");
        assertThat(byId.get(deferred.eventId()).title()).isEqualTo("changed afterwards");
        assertThat(byId.get(deferred.eventId()).postId()).isEqualTo(questionId);
        assertThat(records.stream().map(ConsumerRecord::value).filter(v -> v.contains(written.eventId())
                || v.contains(deferred.eventId())).map(v -> EventCodec.decode(v, QuestionUpserted.class).eventId()))
                .containsExactly(written.eventId(), deferred.eventId());
    }

    @Test
    void shouldPublishABatchAsAnEventPerQuestionWithItsOwnKeyAndAnIdDerivedFromTheBatch() throws Exception {
        // given: three stored questions
        Map<Long, String> stored = storedQuestions(BATCH_SITE, 3);
        List<Long> ids = List.copyOf(stored.keySet());

        // when: one transaction appends a batch for them, writes the site's pending payloads as a write
        // that changes the second question does, changes it, then appends a second batch for them
        DeferredEvent written = QuestionUpsertedPayloads.batch(BATCH_SITE, BATCH_SITE + "@written", ids);
        DeferredEvent deferred = QuestionUpsertedPayloads.batch(BATCH_SITE, BATCH_SITE + "@deferred", ids);
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                outbox.appendDeferred(connection, Topics.QUESTIONS, List.of(written));
                outbox.writeDeferredPayloads(connection, QuestionUpserted.TYPE,
                        QuestionUpsertedPayloads.pendingKeys(BATCH_SITE, List.of(PostKey.of(BATCH_SITE, ids.get(1)))));
                changeTitle(connection, BATCH_SITE, ids.get(1));
                outbox.appendDeferred(connection, Topics.QUESTIONS, List.of(deferred));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        // then: an event per question and batch, keyed by its post, each post's in the order of the
        // batches; the first batch's carry the titles stored when its payloads were written, the
        // second's the changed title; each id is derived from its batch's id and its post
        List<String> expectedIds = new ArrayList<>();
        for (DeferredEvent batch : List.of(written, deferred)) {
            ids.forEach(id -> expectedIds.add(EventIds.derived(batch.eventId(), id)));
        }
        List<ConsumerRecord<String, String>> records = TopicProbe.read(EmbeddedInfrastructure.kafkaBootstrapServers(),
                Topics.QUESTIONS, all -> published(all, BATCH_SITE).keySet().containsAll(expectedIds), Duration.ofSeconds(30));
        Map<String, List<QuestionUpserted>> byKey = records.stream()
                .filter(r -> expectedIds.stream().anyMatch(r.value()::contains))
                .collect(Collectors.groupingBy(ConsumerRecord::key, LinkedHashMap::new,
                        Collectors.mapping(r -> EventCodec.decode(r.value(), QuestionUpserted.class), Collectors.toList())));
        assertThat(byKey).hasSize(3);
        for (long id : ids) {
            List<QuestionUpserted> events = byKey.get(PostKey.of(BATCH_SITE, id));
            assertThat(events.stream().map(QuestionUpserted::eventId)).containsExactly(
                    EventIds.derived(written.eventId(), id), EventIds.derived(deferred.eventId(), id));
            assertThat(events.stream().map(QuestionUpserted::postId)).containsOnly(id);
            assertThat(events.stream().map(QuestionUpserted::dumpId))
                    .containsExactly(BATCH_SITE + "@written", BATCH_SITE + "@deferred");
            String changed = id == ids.get(1) ? "changed afterwards" : stored.get(id);
            assertThat(events.stream().map(QuestionUpserted::title)).containsExactly(stored.get(id), changed);
        }
    }

    @Test
    void shouldMoveAsideDeferredRowsWhoseQuestionsAreGoneAndPublishTheRest() throws Exception {
        // given: stored questions, and rows naming questions that do not exist: an event for a missing
        // id, a batch of a stored and a missing one, an event of a site whose posts are gone
        List<Long> ids = List.copyOf(storedQuestions(GONE_SITE, 2).keySet());
        DeferredEvent missing = QuestionUpsertedPayloads.event(GONE_SITE, GONE_SITE + "@x", 999_999_999L);
        DeferredEvent halfGone = QuestionUpsertedPayloads.batch(GONE_SITE, GONE_SITE + "@x", List.of(ids.get(0), 999_999_998L));
        DeferredEvent siteGone = QuestionUpsertedPayloads.event("never-stored.example", "never-stored.example@x", 1L);
        DeferredEvent after = QuestionUpsertedPayloads.event(GONE_SITE, GONE_SITE + "@after", ids.get(1));

        // when
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                outbox.appendDeferred(connection, Topics.QUESTIONS, List.of(missing, halfGone, siteGone, after));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        // then: what could be built is published, the row after them too, and the three rows are set
        // aside with how many of their events were published and why
        String publishedOfBatch = EventIds.derived(halfGone.eventId(), ids.get(0));
        List<ConsumerRecord<String, String>> records = TopicProbe.read(EmbeddedInfrastructure.kafkaBootstrapServers(),
                Topics.QUESTIONS, all -> published(all, GONE_SITE).keySet().containsAll(List.of(publishedOfBatch,
                        after.eventId())), Duration.ofSeconds(30));
        assertThat(published(records, GONE_SITE).get(after.eventId()).postId()).isEqualTo(ids.get(1));
        assertThat(published(records, GONE_SITE).keySet()).doesNotContain(missing.eventId());
        Map<String, Integer> dead = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            dead.clear();
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement select = connection.prepareStatement("SELECT event_id, events_published, reason "
                            + "FROM outbox_dead_event WHERE event_id = ANY (?) ORDER BY id")) {
                select.setArray(1, connection.createArrayOf("text",
                        new String[] { missing.eventId(), halfGone.eventId(), siteGone.eventId(), after.eventId() }));
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        assertThat(row.getString(3)).contains("its source found");
                        dead.put(row.getString(1), row.getInt(2));
                    }
                }
            }
            assertThat(dead).containsExactly(Map.entry(missing.eventId(), 0), Map.entry(halfGone.eventId(), 1),
                    Map.entry(siteGone.eventId(), 0));
        });
    }

    /** Ingests a small real dump as the site and answers its first questions' ids and titles, in id order. */
    private Map<Long, String> storedQuestions(String site, int count) throws Exception {
        String job = given().contentType("application/json")
                .body("{\"path\":\"samples/ai.stackexchange.com_2016-09_postsonly\",\"site\":\"" + site + "\"}")
                .post("/jobs").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/jobs/" + job).then().body("state", equalTo("SUCCEEDED")));
        Map<Long, String> titles = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement first = connection.prepareStatement(
                        "SELECT id, title FROM post WHERE site = ? AND post_type = 1 ORDER BY id LIMIT ?")) {
            first.setString(1, site);
            first.setInt(2, count);
            try (ResultSet row = first.executeQuery()) {
                while (row.next()) {
                    titles.put(row.getLong(1), row.getString(2));
                }
            }
        }
        assertThat(titles).hasSize(count);
        return titles;
    }

    private static void changeTitle(Connection connection, String site, long questionId) throws java.sql.SQLException {
        try (PreparedStatement change = connection.prepareStatement(
                "UPDATE post SET title = 'changed afterwards' WHERE site = ? AND id = ?")) {
            change.setString(1, site);
            change.setLong(2, questionId);
            assertThat(change.executeUpdate()).isEqualTo(1);
        }
    }

    private static Map<String, QuestionUpserted> published(List<ConsumerRecord<String, String>> records, String site) {
        return records.stream().filter(r -> r.key().startsWith(site + "/"))
                .filter(r -> QuestionUpserted.TYPE.equals(new String(
                        r.headers().lastHeader(Topics.EVENT_TYPE_HEADER).value(), java.nio.charset.StandardCharsets.UTF_8)))
                .map(r -> EventCodec.decode(r.value(), QuestionUpserted.class))
                .collect(Collectors.toMap(QuestionUpserted::eventId, Function.identity(), (a, b) -> a));
    }
}
