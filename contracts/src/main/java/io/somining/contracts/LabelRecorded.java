package io.somining.contracts;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;
import java.time.Instant;
import java.util.List;

@JsonClassDescription("A step of a labeling round: a rater's label or the arbitrator's decision on one question, for dashboards that follow the human part of a study. Keyed by round, so a round's steps stay in order.")
public record LabelRecorded(
        String eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String roundId,
        String studyId,
        String setId,
        String site,
        long postId,
        String author,
        @JsonPropertyDescription("RATER or ARBITRATOR (a decision is the question's final label)") String role,
        @JsonPropertyDescription("taxonomy node ids, or FALSE_POSITIVE, UNCLEAR, PENDING; KEEP or DROP in a relevance round; empty where withheld") List<String> labels,
        @JsonPropertyDescription("true when a rater's labels are not published (labeling is blind: a subscriber may be the other rater); absent in events written before the field existed, which carried the labels") @Nullable Boolean labelsWithheld) implements Event {

    public static final String TYPE = "LabelRecorded";
    public static final int SCHEMA_VERSION = 1;

    public static LabelRecorded of(String roundId, String studyId, String setId, String site, long postId, String author,
            String role, List<String> labels) {
        return new LabelRecorded(EventIds.random(), TYPE, SCHEMA_VERSION, Instant.now(), roundId, studyId, setId, site,
                postId, author, role, List.copyOf(labels), false);
    }

    /** A step whose labels stay unpublished: who labeled which question, not how. */
    public static LabelRecorded withheld(String roundId, String studyId, String setId, String site, long postId,
            String author, String role) {
        return new LabelRecorded(EventIds.random(), TYPE, SCHEMA_VERSION, Instant.now(), roundId, studyId, setId, site,
                postId, author, role, List.of(), true);
    }

    @Override
    public String key() {
        return "round/" + roundId;
    }
}
