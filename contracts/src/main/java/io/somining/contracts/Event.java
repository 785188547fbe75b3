package io.somining.contracts;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Instant;

/**
 * What every event on every topic carries. Fields of an event type only ever grow; a change that
 * would break a consumer becomes a new event type, so {@link #schemaVersion()} tells additions apart.
 * The descriptions are the events' JSON Schemas' (contracts/README.md).
 */
public interface Event {

    @JsonPropertyDescription("unique per event; consumers deduplicate redeliveries on it")
    String eventId();

    @JsonPropertyDescription("the event's type, also sent as the event-type header")
    String eventType();

    @JsonPropertyDescription("the version of this type's fields: it grows when fields are added")
    int schemaVersion();

    @JsonPropertyDescription("when the change the event reports happened, in UTC")
    Instant occurredAt();

    /** The Kafka record key: all events of one entity share it, so they stay in order on one partition. */
    String key();
}
