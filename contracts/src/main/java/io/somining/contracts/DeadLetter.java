package io.somining.contracts;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;
import java.time.Instant;

@JsonClassDescription("A record a consumer could not read (malformed JSON, unknown event type, missing fields), set aside with the reason so that the consumer keeps going and nothing vanishes unexplained. The original value travels as it was, for replaying after a fix.")
public record DeadLetter(
        String eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        @JsonPropertyDescription("the service that refused it") String consumer,
        @JsonPropertyDescription("where it was read: topic, partition and offset identify it, so duplicates are recognizable") String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        @JsonPropertyDescription("absent when the record had no key") @Nullable String sourceKey,
        @JsonPropertyDescription("absent when the record had no event-type header") @Nullable String sourceEventType,
        @JsonPropertyDescription("the record's value as it was; absent for a record without one") @Nullable String value,
        String reason) implements Event {

    public static final String TYPE = "DeadLetter";
    public static final int SCHEMA_VERSION = 1;

    public static DeadLetter of(String consumer, String sourceTopic, int sourcePartition, long sourceOffset,
            String sourceKey, String sourceEventType, String value, String reason) {
        return new DeadLetter(EventIds.random(), TYPE, SCHEMA_VERSION, Instant.now(), consumer, sourceTopic,
                sourcePartition, sourceOffset, sourceKey, sourceEventType, value, reason);
    }

    @Override
    public String key() {
        return sourceTopic + "/" + sourcePartition + "/" + sourceOffset;
    }
}
