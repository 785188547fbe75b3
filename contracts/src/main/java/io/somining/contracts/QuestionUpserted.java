package io.somining.contracts;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;
import java.time.Instant;
import java.util.List;

@JsonClassDescription("The current state of a question, published by the ingest service whenever a question is first stored or changes in a later dump. Carries everything the classifier and the metrics need, so neither has to call the ingest service back.")
public record QuestionUpserted(
        String eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        @JsonPropertyDescription("the Stack Exchange site, e.g. stackoverflow.com") String site,
        @JsonPropertyDescription("the dump that produced this state, site@yyyy-mm (site@unknown when not given)") String dumpId,
        @JsonPropertyDescription("the question's Id in the dump") long postId,
        @JsonPropertyDescription("the dump's CreationDate, read as UTC") Instant creationDate,
        @JsonPropertyDescription("absent for deleted accounts") @Nullable Long ownerUserId,
        String title,
        @JsonPropertyDescription("the dump's HTML") String body,
        @JsonPropertyDescription("parsed from <a><b> or |a|b|") List<String> tags,
        @JsonPropertyDescription("absent when no answer is accepted") @Nullable Long acceptedAnswerId,
        int answerCount,
        @JsonPropertyDescription("absent for open questions") @Nullable Instant closedDate) implements Event {

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
