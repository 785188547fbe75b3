package io.somining.contracts;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;
import java.time.Instant;
import java.util.List;

@JsonClassDescription("Which sets of a study a question belongs to under one version of the study's definition, and why. Published by the classifier when a question is first classified into a set and whenever its sets change; a question that leaves every set is published with an empty list, so that subscribers see it go. A question that was in no set and stays in none is stored by the classifier (its REST API answers for it) but not published: under an id-list study nearly every question is in no set.")
public record QuestionClassified(
        String eventId,
        String eventType,
        int schemaVersion,
        Instant occurredAt,
        String studyId,
        int studyVersion,
        String site,
        long postId,
        @JsonPropertyDescription("the ids of the sets the question belongs to, sorted") List<String> sets,
        @JsonPropertyDescription("for each set, the rules that put the question there and the text that matched") List<SetMatch> matches,
        @JsonPropertyDescription("every set the study version defines, in its order, so that a subscriber knows a set that holds no question yet (added in schema version 2; absent in older events)") @Nullable List<String> studySets) implements Event {

    public static final String TYPE = "QuestionClassified";
    public static final int SCHEMA_VERSION = 2;

    /** Why a question is in one set. */
    public record SetMatch(String set, List<PredicateMatch> predicates) {
    }

    /** One predicate that held, the field it looked at, and the matching text. */
    public record PredicateMatch(String predicate, String field, String snippet) {
    }

    public static QuestionClassified of(String studyId, int studyVersion, String site, long postId, List<String> sets,
            List<SetMatch> matches, List<String> studySets) {
        return new QuestionClassified(EventIds.random(), TYPE, SCHEMA_VERSION, Instant.now(), studyId, studyVersion,
                site, postId, List.copyOf(sets), List.copyOf(matches), List.copyOf(studySets));
    }

    @Override
    public String key() {
        return studyId + "/" + PostKey.of(site, postId);
    }
}
