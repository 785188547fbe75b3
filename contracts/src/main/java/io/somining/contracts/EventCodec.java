package io.somining.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Map;

/**
 * JSON on the wire for every event. Unknown fields are ignored on reading, so that a producer may
 * add fields before its consumers know them.
 */
public final class EventCodec {

    private static final Map<String, Class<? extends Event>> TYPES = Map.of(
            QuestionUpserted.TYPE, QuestionUpserted.class,
            AcceptedAnswerLinked.TYPE, AcceptedAnswerLinked.class,
            QuestionDeleted.TYPE, QuestionDeleted.class,
            QuestionClassified.TYPE, QuestionClassified.class,
            TaxonomyPublished.TYPE, TaxonomyPublished.class,
            DeadLetter.TYPE, DeadLetter.class,
            LabelRecorded.TYPE, LabelRecorded.class,
            LabelFinalized.TYPE, LabelFinalized.class);

    private static final ObjectMapper MAPPER = mapper();

    private static final Reader FULL = new Reader(MAPPER);

    private static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    private EventCodec() {
    }

    /** Every event type by its name: what the event schemas and the AsyncAPI document are generated from. */
    public static Map<String, Class<? extends Event>> types() {
        return TYPES;
    }

    public static String encode(Event event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + event.eventType() + " " + event.eventId(), e);
        }
    }

    /** Reads an event whose type is named by the {@link Topics#EVENT_TYPE_HEADER} header. */
    public static Event decode(String eventType, String json) {
        return FULL.decode(eventType, json);
    }

    public static <T extends Event> T decode(String json, Class<T> type) {
        return FULL.decode(json, type);
    }

    /** Reads every field of every event. */
    public static Reader reader() {
        return FULL;
    }

    /**
     * Reads events of one type without some of their fields, which stay null: a consumer that never reads a
     * question's title and body (the metrics) then skips their characters instead of decoding them into strings,
     * most of a question event's bytes. The fields must be ones the type allows to be absent.
     */
    public static Reader readerSkipping(Class<? extends Event> type, String... fields) {
        ObjectMapper mapper = mapper();
        mapper.configOverride(type).setIgnorals(JsonIgnoreProperties.Value.forIgnoredProperties(fields));
        return new Reader(mapper);
    }

    /** Decodes events from JSON text or UTF-8 bytes (as Kafka delivers them, without a string in between). */
    public static final class Reader {
        private final ObjectMapper mapper;

        private Reader(ObjectMapper mapper) {
            this.mapper = mapper;
        }

        /** Reads an event whose type is named by the {@link Topics#EVENT_TYPE_HEADER} header. */
        public Event decode(String eventType, String json) {
            return decode(type(eventType), json, null);
        }

        /** Reads an event, given as UTF-8 bytes, whose type is named by the {@link Topics#EVENT_TYPE_HEADER} header. */
        public Event decode(String eventType, byte[] json) {
            return decode(type(eventType), null, json);
        }

        public <T extends Event> T decode(String json, Class<T> type) {
            return decode(type, json, null);
        }

        private static Class<? extends Event> type(String eventType) {
            Class<? extends Event> type = TYPES.get(eventType);
            if (type == null) {
                throw new MalformedEventException("unknown event type '" + eventType + "'");
            }
            return type;
        }

        private <T extends Event> T decode(Class<T> type, String text, byte[] bytes) {
            if (text == null && bytes == null) {
                throw new MalformedEventException("empty value for " + type.getSimpleName());
            }
            try {
                T event = text != null ? mapper.readValue(text, type) : mapper.readValue(bytes, type);
                if (event.eventId() == null || event.eventType() == null || event.occurredAt() == null) {
                    throw new MalformedEventException(type.getSimpleName() + " lacks eventId, eventType or occurredAt");
                }
                return event;
            } catch (JsonProcessingException e) {
                throw new MalformedEventException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                // only a stream can fail to read: text and bytes are in memory
                throw new IllegalStateException(e);
            }
        }
    }
}
