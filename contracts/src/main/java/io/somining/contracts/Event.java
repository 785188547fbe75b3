package io.somining.contracts;

import java.time.Instant;

/**
 * What every event on every topic carries. Fields of an event type only ever grow; a change that
 * would break a consumer becomes a new event type, so {@link #schemaVersion()} tells additions apart.
 */
public interface Event {

    /** Unique per event; consumers deduplicate redeliveries on it. */
    String eventId();

    /** The record's simple name, e.g. {@code QuestionUpserted}; also sent as the {@link Topics#EVENT_TYPE_HEADER} header. */
    String eventType();

    int schemaVersion();

    Instant occurredAt();

    /** The Kafka record key: all events of one entity share it, so they stay in order on one partition. */
    String key();
}
