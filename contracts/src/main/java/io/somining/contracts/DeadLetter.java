package io.somining.contracts;

import java.time.Instant;

/**
 * A record a consumer could not read (malformed JSON, unknown event type, missing fields), set
 * aside with the reason so that the consumer keeps going and nothing vanishes unexplained. The
 * original value travels as it was, for replaying after a fix.
 *
 * @param consumer the service that refused it
 * @param sourceTopic where it was read: topic, partition and offset identify it, so duplicates are recognizable
 */
public record DeadLetter(
        String eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String consumer,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String sourceKey,
        String sourceEventType,
        String value,
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
