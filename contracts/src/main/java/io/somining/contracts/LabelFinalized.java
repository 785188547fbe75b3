package io.somining.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A question of a labeling round has its final label: both raters agreed, the arbitrator decided, or
 * the label was imported. A later decision finalizes the question again, and the latest event holds.
 * Keyed by round, with the round's steps ({@link LabelRecorded}), so they stay in order.
 *
 * @param kind   {@code CATEGORY} (labels are taxonomy node ids, or {@code FALSE_POSITIVE}, {@code UNCLEAR}) or
 *               {@code RELEVANCE} ({@code KEEP} or {@code DROP}: a kept question is a reviewed member of the set)
 * @param source {@code AGREED}, {@code DECIDED} or {@code IMPORTED}
 */
public record LabelFinalized(
        String eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String roundId,
        String kind,
        String studyId,
        String setId,
        String site,
        long postId,
        List<String> labels,
        String source) implements Event {

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
