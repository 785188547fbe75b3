package io.somining.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

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
        Class<? extends Event> type = TYPES.get(eventType);
        if (type == null) {
            throw new MalformedEventException("unknown event type '" + eventType + "'");
        }
        return decode(json, type);
    }

    public static <T extends Event> T decode(String json, Class<T> type) {
        if (json == null) {
            throw new MalformedEventException("empty value for " + type.getSimpleName());
        }
        try {
            T event = MAPPER.readValue(json, type);
            if (event.eventId() == null || event.eventType() == null || event.occurredAt() == null) {
                throw new MalformedEventException(type.getSimpleName() + " lacks eventId, eventType or occurredAt");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
