package io.somining.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A step of a labeling round: a rater's label or the arbitrator's decision on one question, for
 * dashboards that follow the human part of a study. Keyed by round, so a round's steps stay in order.
 *
 * @param role   {@code RATER} or {@code ARBITRATOR} (a decision is the question's final label)
 * @param labels taxonomy node ids, or {@code FALSE_POSITIVE}, {@code UNCLEAR}, {@code PENDING}; {@code KEEP} or
 *               {@code DROP} in a relevance round; empty where withheld
 * @param labelsWithheld true when a rater's labels are not published (labeling is blind: a subscriber may be the
 *               other rater); null in events written before the field existed, which carried the labels
 */
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
        String role,
        List<String> labels,
        Boolean labelsWithheld) implements Event {

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
