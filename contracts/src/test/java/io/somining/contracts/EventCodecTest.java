package io.somining.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void shouldRoundTripAQuestionWithAbsentOptionalFields() {
        // given
        QuestionUpserted event = QuestionUpserted.of("stackoverflow.com", "stackoverflow.com@2020-03", 42L,
                Instant.parse("2019-05-01T10:15:30.123Z"), null, "How to serve a model?", "<p>body</p>",
                List.of("tensorflow", "tensorflow-serving"), null, 0, null);

        // when
        String json = EventCodec.encode(event);
        Event read = EventCodec.decode(QuestionUpserted.TYPE, json);

        // then
        assertThat(read).isEqualTo(event);
        assertThat(json).contains("\"creationDate\":\"2019-05-01T10:15:30.123Z\"");
        assertThat(read.key()).isEqualTo("stackoverflow.com/42");
    }

    @Test
    void shouldReadUtf8BytesAndSkipOnlyTheFieldsAReaderLeavesOut() {
        // given
        QuestionUpserted event = QuestionUpserted.of("stackoverflow.com", "stackoverflow.com@2020-03", 42L,
                Instant.parse("2019-05-01T10:15:30.123Z"), 7L, "Caf\u00e9 \"model\"", "<p>\u00fcber \\ \ud83d\ude80</p>",
                List.of("tensorflow"), 43L, 2, null);
        byte[] bytes = EventCodec.encode(event).getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // when
        Event full = EventCodec.reader().decode(QuestionUpserted.TYPE, bytes);
        Event slim = EventCodec.readerSkipping(QuestionUpserted.class, "title", "body").decode(QuestionUpserted.TYPE, bytes);

        // then
        assertThat(full).isEqualTo(event);
        assertThat(slim).isEqualTo(new QuestionUpserted(event.eventId(), event.eventType(), event.schemaVersion(),
                event.occurredAt(), event.site(), event.dumpId(), event.postId(), event.creationDate(), event.ownerUserId(),
                null, null, event.tags(), event.acceptedAnswerId(), event.answerCount(), event.closedDate()));
        // the shared reader still reads every field
        assertThat(EventCodec.decode(QuestionUpserted.TYPE, new String(bytes, java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(event);
    }

    @Test
    void shouldIgnoreFieldsAddedByANewerProducer() {
        // given
        String json = EventCodec.encode(AcceptedAnswerLinked.of("ai.stackexchange.com", 7, 9,
                Instant.parse("2017-01-01T00:00:00Z")));
        String withAddition = json.replaceFirst("\\{", "{\"addedLater\":true,");

        // when
        AcceptedAnswerLinked read = EventCodec.decode(withAddition, AcceptedAnswerLinked.class);

        // then
        assertThat(read.answerId()).isEqualTo(9);
        assertThat(read.questionId()).isEqualTo(7);
    }

    @Test
    void shouldRejectAnUnknownTypeAndAValueWithoutId() {
        assertThatThrownBy(() -> EventCodec.decode("NoSuchEvent", "{}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("unknown event type 'NoSuchEvent'");
        assertThatThrownBy(() -> EventCodec.decode(TaxonomyPublished.TYPE, 
                "{\"taxonomyId\":\"t\",\"schemaVersion\":1,\"version\":1,\"nodeCount\":3,\"leafCount\":2}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("lacks eventId");
        assertThatThrownBy(() -> EventCodec.decode(TaxonomyPublished.TYPE, "{\"eventId\":\"e\"}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("Cannot map `null` into type `int`");
        assertThatThrownBy(() -> EventCodec.decode(TaxonomyPublished.TYPE, "not json"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not a valid TaxonomyPublished");
    }

    @Test
    void shouldDescribeEveryTopicWithItsProducerAndTypes() {
        assertThat(Topics.ALL).extracting(Topics.TopicSpec::name)
                .containsExactly(Topics.QUESTIONS, Topics.CLASSIFICATIONS, Topics.TAXONOMY, Topics.DEAD_LETTERS);
        assertThat(Topics.ALL).allSatisfy(topic -> {
            assertThat(topic.partitions()).isPositive();
            assertThat(topic.eventTypes()).isNotEmpty();
        });
    }
}
