package io.somining.examples.subscriber;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One study's set membership, kept from QuestionClassified events. Each event carries a question's complete
 * current sets under the study, so applying it replaces what was known of that question: applying the same
 * event twice, or an older event of another question, changes nothing that a later event of the same
 * question would not set right. Order only matters per question, and Kafka keeps it per key.
 */
public final class SetMembership {

    private final String studyId;
    /** question (site/postId) to its sets, as the latest event said */
    private final Map<String, Set<String>> setsOfQuestion = new TreeMap<>();
    private final Set<String> definedSets = new TreeSet<>();
    private int studyVersion;

    public SetMembership(String studyId) {
        this.studyId = studyId;
    }

    /** Applies one so.classifications value; answers whether it was this study's. */
    public boolean apply(JsonNode event) {
        if (!"QuestionClassified".equals(event.path("eventType").asText()) || !studyId.equals(event.path("studyId").asText())) {
            return false;
        }
        String question = event.path("site").asText() + "/" + event.path("postId").asLong();
        Set<String> sets = new TreeSet<>();
        event.path("sets").forEach(set -> sets.add(set.asText()));
        if (sets.isEmpty()) {
            setsOfQuestion.remove(question);
        } else {
            setsOfQuestion.put(question, sets);
        }
        int version = event.path("studyVersion").asInt();
        // studySets came with schema version 2; it names sets that hold no question yet
        if (version >= studyVersion && event.path("studySets").isArray()) {
            if (version > studyVersion) {
                definedSets.clear();
            }
            event.path("studySets").forEach(set -> definedSets.add(set.asText()));
        }
        studyVersion = Math.max(studyVersion, version);
        return true;
    }

    /** Every set with its questions, empty sets of the study's latest version included. */
    public Map<String, Set<String>> members() {
        Map<String, Set<String>> members = new TreeMap<>();
        definedSets.forEach(set -> members.put(set, new TreeSet<>()));
        setsOfQuestion.forEach((question, sets) -> sets.forEach(set ->
                members.computeIfAbsent(set, s -> new TreeSet<>()).add(question)));
        return members;
    }

    public int studyVersion() {
        return studyVersion;
    }
}
