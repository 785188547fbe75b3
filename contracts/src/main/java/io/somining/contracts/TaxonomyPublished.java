package io.somining.contracts;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.time.Instant;

@JsonClassDescription("A version of a taxonomy of challenges was stored and can be labeled against.")
public record TaxonomyPublished(
        String eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String taxonomyId,
        int version,
        String name,
        int nodeCount,
        int leafCount) implements Event {

    public static final String TYPE = "TaxonomyPublished";
    public static final int SCHEMA_VERSION = 1;

    public static TaxonomyPublished of(String taxonomyId, int version, String name, int nodeCount, int leafCount) {
        return new TaxonomyPublished(EventIds.random(), TYPE, SCHEMA_VERSION, Instant.now(), taxonomyId, version, name,
                nodeCount, leafCount);
    }

    @Override
    public String key() {
        return taxonomyId;
    }
}
