package io.somining.contracts;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Instant;
import java.util.List;

@JsonClassDescription("A question of a labeling round has its final label: both raters agreed, the arbitrator decided, or the label was imported. A later decision finalizes the question again, and the latest event holds. Keyed by round, with the round's steps (LabelRecorded), so they stay in order.")
public record LabelFinalized(
        String eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String roundId,
        @JsonPropertyDescription("CATEGORY (labels are taxonomy node ids, or FALSE_POSITIVE, UNCLEAR) or RELEVANCE (KEEP or DROP: a kept question is a reviewed member of the set)") String kind,
        String studyId,
        String setId,
        String site,
        long postId,
        List<String> labels,
        @JsonPropertyDescription("AGREED, DECIDED or IMPORTED") String source) implements Event {

    public static final String TYPE = "LabelFinalized";
    public static final int SCHEMA_VERSION = 1;

    public static LabelFinalized of(String roundId, String kind, String studyId, String setId, String site, long postId,
            List<String> labels, String source) {
        return new LabelFinalized(EventIds.random(), TYPE, SCHEMA_VERSION, Instant.now(), roundId, kind, studyId, setId,
                site, postId, List.copyOf(labels), source);
    }

    @Override
    public String key() {
        return "round/" + roundId;
    }
}
