package io.somining.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The current state of a question, published by the ingest service whenever a question is first
 * stored or changes in a later dump. Carries everything the classifier and the metrics need, so
 * neither has to call the ingest service back.
 *
 * @param site              the Stack Exchange site, e.g. {@code stackoverflow.com}
 * @param dumpId            the ingest job's dump, e.g. {@code ai.stackexchange.com@2017-03}
 * @param ownerUserId       absent for deleted accounts
 * @param acceptedAnswerId  absent when no answer is accepted
 * @param closedDate        absent for open questions
 */
public record QuestionUpserted(
        String eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String site,
        String dumpId,
        long postId,
        Instant creationDate,
        Long ownerUserId,
        String title,
        String body,
        List<String> tags,
        Long acceptedAnswerId,
        int answerCount,
        Instant closedDate) implements Event {

    public static final String TYPE = "QuestionUpserted";
    public static final int SCHEMA_VERSION = 1;

    public static QuestionUpserted of(String site, String dumpId, long postId, Instant creationDate, Long ownerUserId,
            String title, String body, List<String> tags, Long acceptedAnswerId, int answerCount, Instant closedDate) {
        return new QuestionUpserted(EventIds.random(), TYPE, SCHEMA_VERSION, Instant.now(), site, dumpId, postId,
                creationDate, ownerUserId, title, body, List.copyOf(tags), acceptedAnswerId, answerCount, closedDate);
    }

    @Override
    public String key() {
        return PostKey.of(site, postId);
    }
}
