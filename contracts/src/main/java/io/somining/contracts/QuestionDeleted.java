package io.somining.contracts;

import java.time.Instant;

/**
 * A question is gone from a newer dump of its site (deleted on the site). Keyed like
 * {@link QuestionUpserted}; a question that comes back in a later dump is upserted again.
 *
 * @param dumpId the dump that no longer holds it, {@code site@yyyy-mm}
 */
public record QuestionDeleted(
        String eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String site,
        long postId,
        String dumpId) implements Event {

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
