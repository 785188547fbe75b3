package io.somining.contracts;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Instant;

@JsonClassDescription("A question is gone from a newer dump of its site (deleted on the site). Keyed like QuestionUpserted; a question that comes back in a later dump is upserted again.")
public record QuestionDeleted(
        String eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String site,
        long postId,
        @JsonPropertyDescription("the dump that no longer holds it, site@yyyy-mm") String dumpId) implements Event {

    public static final String TYPE = "QuestionDeleted";
    public static final int SCHEMA_VERSION = 1;

    public static QuestionDeleted of(String site, long postId, String dumpId) {
        return new QuestionDeleted(EventIds.random(), TYPE, SCHEMA_VERSION, Instant.now(), site, postId, dumpId);
    }

    @Override
    public String key() {
        return PostKey.of(site, postId);
    }
}
